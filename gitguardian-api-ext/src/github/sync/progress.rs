//! Progress of a sync, for a bar or a log line on long runs (an enterprise may have
//! thousands of alerts, each with its own locations request).

/// One step of a sync done: what, and how far along.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Progress {
    /// The scope's open alerts are listed: this many.
    AlertsListed(usize),
    /// The locations of `done` alerts of `total` are read.
    Locations {
        /// Alerts done.
        done: usize,
        /// Alerts in all.
        total: usize,
    },
    /// The GitGuardian occurrences of `done` repositories of `total` are listed.
    Occurrences {
        /// Repositories done.
        done: usize,
        /// Repositories in all.
        total: usize,
    },
    /// `done` matched incidents of `total` are read.
    Incidents {
        /// Incidents done.
        done: usize,
        /// Incidents in all.
        total: usize,
    },
    /// `done` alerts of `total` to change are patched (or failed).
    Applied {
        /// Alerts done.
        done: usize,
        /// Alerts in all.
        total: usize,
    },
}

/// The callback told about each step.
pub(super) type ProgressHook<'a> = std::sync::Arc<dyn Fn(Progress) + Send + Sync + 'a>;
