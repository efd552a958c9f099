//! The command line of the `remediation` example: what it asks for, checked before any
//! request is sent.

use clap::builder::RangedU64ValueParser;
use clap::Parser;
use gitguardian_api_ext::types;

use super::flow::{Close, Options, Progress};

/// Checks the API key, then lists the TRIGGERED incidents of the workspace, newest first:
/// one line per incident with its id, severity, detector, occurrences and date.
///
/// Read-only unless --apply is given: then it assigns and shares incidents (the cheat
/// sheet's steps 2 and 3), the 3 newest TRIGGERED ones unless --first or --incident say
/// otherwise, and closes them with --resolve or --ignore-reason. With more than one
/// incident to act on, a progress bar shows on stderr.
#[derive(Debug, Parser)]
#[command(name = "remediation", verbatim_doc_comment, after_help = ENVIRONMENT)]
pub struct Arguments {
    /// Assign and share incidents (the cheat sheet's steps 2 and 3)
    #[arg(long)]
    apply: bool,
    /// With --apply: the N newest TRIGGERED incidents (default 3)
    #[arg(long, value_name = "N", requires = "apply", conflicts_with = "incidents",
          value_parser = positive::<usize>)]
    first: Option<usize>,
    /// With --apply: this incident (repeat for more)
    #[arg(long = "incident", value_name = "ID", requires = "apply", allow_negative_numbers = true,
          value_parser = positive::<i64>)]
    incidents: Vec<i64>,
    /// With --apply: assign to this member (default: the first active member)
    #[arg(long, value_name = "EMAIL", requires = "apply", value_parser = email)]
    assignee: Option<String>,
    /// With --apply: also resolve them; add --revoked if the secret was rotated
    #[arg(long, requires = "apply", conflicts_with = "ignore_reason")]
    resolve: bool,
    /// With --resolve: the secret was revoked
    #[arg(long, requires = "resolve")]
    revoked: bool,
    /// With --apply: also ignore them, as test_credential, false_positive, low_risk or invalid
    #[arg(long, value_name = "REASON", requires = "apply", value_parser = ignore_reason)]
    ignore_reason: Option<types::IncidentIgnoreReason>,
    /// With --apply: incidents worked on at once, 1 to 32 (default 1)
    #[arg(long, value_name = "N", requires = "apply",
          value_parser = RangedU64ValueParser::<usize>::new().range(1..=32))]
    concurrency: Option<usize>,
    /// Keep the client under this budget, e.g. 200 on Business (also
    /// GITGUARDIAN_REQUESTS_PER_MINUTE)
    #[arg(long, value_name = "N", value_parser = positive::<u32>)]
    pub requests_per_minute: Option<u32>,
    /// Incidents asked per page, 1 to 100 (default 100)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=100))]
    per_page: Option<u64>,
    /// Use the embedded stand-in even if GITGUARDIAN_API_KEY is set
    #[arg(long)]
    pub stand_in: bool,
}

const ENVIRONMENT: &str = "\
Environment: GITGUARDIAN_API_KEY (without it, an embedded stand-in is used),
GITGUARDIAN_INSTANCE (dashboard URL) or GITGUARDIAN_API_URL for another region or a
self-hosted instance, GITGUARDIAN_CA_BUNDLE (PEM file) for an instance behind a private CA,
GITGUARDIAN_API_TIMEOUT (seconds), HTTPS_PROXY and NO_PROXY.";

impl Arguments {
    /// The workflow's options; the caller adds its progress report.
    pub fn options(&self) -> Options {
        let close = if self.resolve {
            Some(Close::Resolve {
                secret_revoked: self.revoked,
            })
        } else {
            self.ignore_reason.clone().map(Close::Ignore)
        };
        let defaults = Options::default();
        Options {
            per_page: self.per_page.unwrap_or(defaults.per_page),
            apply: self.apply,
            first: self.first.unwrap_or(defaults.first),
            incidents: self.incidents.clone(),
            assignee: self.assignee.clone(),
            close,
            concurrency: self.concurrency.unwrap_or(defaults.concurrency),
            progress: Progress::default(),
        }
    }
}

/// A member's email, as `--assignee` takes it.
fn email(text: &str) -> Result<String, String> {
    match text.contains('@') {
        true => Ok(text.to_string()),
        false => Err("a member's email, e.g. dana.lee@example.com".to_string()),
    }
}

/// One of the reasons the API knows for ignoring an incident.
fn ignore_reason(text: &str) -> Result<types::IncidentIgnoreReason, String> {
    match text.parse::<types::IncidentIgnoreReason>() {
        Ok(types::IncidentIgnoreReason::Unrecognized(_)) | Err(_) => {
            Err("test_credential, false_positive, low_risk or invalid".to_string())
        }
        Ok(reason) => Ok(reason),
    }
}

/// A whole number of at least 1.
fn positive<T: std::str::FromStr + PartialOrd + From<u8>>(text: &str) -> Result<T, String> {
    text.parse::<T>()
        .ok()
        .filter(|n| *n >= T::from(1))
        .ok_or_else(|| "a whole number, at least 1".to_string())
}
