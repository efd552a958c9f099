//! How a scan runs: concurrency, request size, API flags and progress reporting.

use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use crate::Error;

/// Requests in flight at once unless [`ScanOptions::concurrency`] says otherwise: enough to
/// hide latency, few enough not to run into the API's rate limit.
pub const DEFAULT_CONCURRENCY: usize = 4;

/// The progress callback.
type ProgressHook = Arc<dyn Fn(ScanProgress) + Send + Sync>;

/// Settings of a scan. The defaults suit most uses: 4 requests at a time, requests as full
/// as the instance allows, the API's default filtering.
///
/// ```
/// use gitguardian_api_ext::scan::ScanOptions;
///
/// let options = ScanOptions::new()
///     .concurrency(8)
///     .ignore_known_secrets(true)
///     .on_progress(|p| eprintln!("{}/{} documents", p.documents_done, p.documents_total));
/// assert_eq!(options.get_concurrency(), 8);
/// ```
#[derive(Clone)]
pub struct ScanOptions {
    concurrency: usize,
    max_documents_per_request: Option<usize>,
    all_secrets: Option<bool>,
    ignore_known_secrets: Option<bool>,
    progress: Option<ProgressHook>,
}

impl Default for ScanOptions {
    fn default() -> Self {
        ScanOptions {
            concurrency: DEFAULT_CONCURRENCY,
            max_documents_per_request: None,
            all_secrets: None,
            ignore_known_secrets: None,
            progress: None,
        }
    }
}

impl ScanOptions {
    /// The defaults.
    pub fn new() -> ScanOptions {
        ScanOptions::default()
    }

    /// At most `requests` requests in flight at once (at least 1; the default is
    /// [`DEFAULT_CONCURRENCY`]). A scan given `0` fails with [`Error::InvalidInput`] before
    /// sending anything.
    pub fn concurrency(mut self, requests: usize) -> ScanOptions {
        self.concurrency = requests;
        self
    }

    /// At most `documents` documents per request, below the instance's own limit (which
    /// always applies). Fewer documents per request cost more quota: use it to keep each
    /// request short, not by default. `0` fails the scan with [`Error::InvalidInput`].
    pub fn max_documents_per_request(mut self, documents: usize) -> ScanOptions {
        self.max_documents_per_request = Some(documents);
        self
    }

    /// Asks the API for every secret found, including those it normally filters out
    /// (excluded ones), with the `all_secrets` flag.
    pub fn all_secrets(mut self, all: bool) -> ScanOptions {
        self.all_secrets = Some(all);
        self
    }

    /// Asks the API to leave out secrets the workspace already knows, with the
    /// `ignore_known_secrets` flag.
    pub fn ignore_known_secrets(mut self, ignore: bool) -> ScanOptions {
        self.ignore_known_secrets = Some(ignore);
        self
    }

    /// Calls `callback` when the scan starts and each time documents are done (scanned,
    /// failed, rejected or skipped), from the task running the scan: keep it quick.
    pub fn on_progress(
        mut self,
        callback: impl Fn(ScanProgress) + Send + Sync + 'static,
    ) -> ScanOptions {
        self.progress = Some(Arc::new(callback));
        self
    }

    /// Requests in flight at once.
    pub fn get_concurrency(&self) -> usize {
        self.concurrency
    }

    /// The lower bound on documents per request set with
    /// [`max_documents_per_request`](Self::max_documents_per_request), if any.
    pub fn get_max_documents_per_request(&self) -> Option<usize> {
        self.max_documents_per_request
    }

    /// Refuses settings no scan can run with, before anything is sent.
    pub(crate) fn validate(&self) -> Result<(), Error> {
        if self.concurrency == 0 {
            return Err(Error::InvalidInput(
                "scan concurrency must be at least 1".to_string(),
            ));
        }
        if self.max_documents_per_request == Some(0) {
            return Err(Error::InvalidInput(
                "a scan request must carry at least 1 document".to_string(),
            ));
        }
        Ok(())
    }

    pub(crate) fn flags(&self) -> (Option<bool>, Option<bool>) {
        (self.all_secrets, self.ignore_known_secrets)
    }

    pub(crate) fn tracker(&self, total: usize) -> Tracker {
        Tracker {
            total,
            done: AtomicUsize::new(0),
            requests: AtomicUsize::new(0),
            hook: self.progress.clone(),
        }
    }
}

impl fmt::Debug for ScanOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ScanOptions")
            .field("concurrency", &self.concurrency)
            .field("max_documents_per_request", &self.max_documents_per_request)
            .field("all_secrets", &self.all_secrets)
            .field("ignore_known_secrets", &self.ignore_known_secrets)
            .field("on_progress", &self.progress.is_some())
            .finish()
    }
}

/// Where a scan stands, as given to the [`ScanOptions::on_progress`] callback.
///
/// ```
/// use gitguardian_api_ext::scan::ScanOptions;
///
/// let options = ScanOptions::new().on_progress(|progress| {
///     assert!(progress.documents_done <= progress.documents_total);
///     eprintln!("{} quota units used so far", progress.requests_done);
/// });
/// # drop(options);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ScanProgress {
    /// Documents done: scanned, failed, rejected before sending, or skipped.
    pub documents_done: usize,
    /// Documents in the scan (for a directory: the files found).
    pub documents_total: usize,
    /// Requests answered so far, successfully or not: the quota units used at most.
    pub requests_done: usize,
}

/// Counts what is done and tells the callback.
pub(crate) struct Tracker {
    total: usize,
    done: AtomicUsize,
    requests: AtomicUsize,
    hook: Option<ProgressHook>,
}

impl Tracker {
    /// Records `documents` more done and `requests` more answered, and reports.
    pub(crate) fn advance(&self, documents: usize, requests: usize) {
        let documents_done = self.done.fetch_add(documents, Ordering::Relaxed) + documents;
        let requests_done = self.requests.fetch_add(requests, Ordering::Relaxed) + requests;
        if let Some(hook) = &self.hook {
            hook(ScanProgress {
                documents_done,
                documents_total: self.total,
                requests_done,
            });
        }
    }

    /// Requests answered so far.
    pub(crate) fn requests(&self) -> usize {
        self.requests.load(Ordering::Relaxed)
    }
}
