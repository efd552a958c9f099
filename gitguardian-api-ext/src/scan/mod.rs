//! Scanning documents for secrets, any number of them, within the API's limits.
//!
//! `POST /v1/multiscan` takes a bounded number of documents of bounded size per request, and
//! every request costs one quota unit. [`GitGuardian::scan`](crate::GitGuardian::scan) takes care of that: it reads the
//! instance's limits once ([`GitGuardian::scan_limits`](crate::GitGuardian::scan_limits);
//! a client's first scan sends its first requests while that answer is on its way), packs documents into requests as
//! full as allowed, sends a few at a time, and returns one [`DocumentScan`] per document in
//! input order. Nothing is dropped silently: a document that cannot be sent, or whose request
//! failed, gets a [`DocumentError`]; a file that is not scanned is listed with its
//! [`SkipReason`].
//!
//! ```no_run
//! use gitguardian_api_ext::scan::{Document, ScanOptions};
//! use gitguardian_api_ext::GitGuardian;
//!
//! # async fn run() -> Result<(), gitguardian_api_ext::Error> {
//! let client = GitGuardian::from_env()?;
//! let documents = vec![
//!     Document::named("deploy.sh", "export AWS_SECRET_ACCESS_KEY=..."),
//!     Document::named("notes.txt", "nothing to see"),
//! ];
//! let options = ScanOptions::new().concurrency(2);
//! for scan in client.scan_with(documents, &options).await? {
//!     for found in scan.policy_breaks() {
//!         println!("{:?}: {} ({})", scan.filename, found.policy, found.type_);
//!     }
//! }
//!
//! let report = client.scan_directory("./src", &options).await?;
//! println!("{} files, {} skipped, {} requests", report.files.len(), report.skipped.len(), report.requests);
//! # Ok(())
//! # }
//! ```

mod chunk;
mod document;
mod files;
mod limits;
mod metadata;
mod options;
mod outcome;
mod plan;
mod run;

pub use document::{Document, MAX_FILENAME_CHARS, NUL_REPLACEMENT};
pub use files::{DirectoryScan, FileScan, SkipReason, SkippedFile};
pub(crate) use limits::LimitsCache;
pub use limits::{ScanLimits, PAYLOAD_MARGIN};
pub use options::{ScanOptions, ScanProgress, DEFAULT_CONCURRENCY};
pub use outcome::{DocumentError, DocumentScan};
