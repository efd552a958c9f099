//! What a scan says about each document: its result, or why there is none.

use std::sync::Arc;

use gitguardian_openapi::types;

use crate::Error;

/// The outcome for one document of a scan, at the document's position in the input.
///
/// ```no_run
/// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
/// let scans = client.scan(["password = hunter2", "nothing here"]).await?;
/// for scan in &scans {
///     match &scan.result {
///         Ok(result) => println!("{} policy breaks", result.policy_break_count),
///         Err(error) => eprintln!("not scanned: {error}"),
///     }
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct DocumentScan {
    /// The filename as sent (cut to its last 256 characters), if the document had one.
    pub filename: Option<String>,
    /// The API's result for the document, or why there is none.
    pub result: Result<types::ScanResult, DocumentError>,
}

impl DocumentScan {
    pub(crate) fn new(
        filename: Option<String>,
        result: Result<types::ScanResult, DocumentError>,
    ) -> DocumentScan {
        DocumentScan { filename, result }
    }

    /// The policy breaks found; empty when there are none or the document was not scanned.
    ///
    /// ```no_run
    /// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
    /// for scan in client.scan(["token: ghp_0123456789"]).await? {
    ///     for found in scan.policy_breaks() {
    ///         println!("{} ({})", found.type_, found.policy);
    ///     }
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn policy_breaks(&self) -> &[types::PolicyBreak] {
        match &self.result {
            Ok(result) => &result.policy_breaks,
            Err(_) => &[],
        }
    }

    /// Whether the API scanned the document (with or without findings).
    pub fn is_scanned(&self) -> bool {
        self.result.is_ok()
    }
}

/// Why a document has no result.
///
/// The request errors are shared (`Arc`) by every document of the request that failed.
///
/// ```
/// use gitguardian_api_ext::scan::DocumentError;
///
/// let error = DocumentError::TooLarge { size: 2_000_000, limit: 1_048_576 };
/// assert!(error.to_string().contains("not sent"));
/// assert!(error.request_error().is_none());
/// ```
#[derive(Clone, Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DocumentError {
    /// The content is over the instance's document size limit; it was not sent.
    #[error("the document is {size} bytes, over the limit of {limit} bytes per document; it was not sent")]
    TooLarge {
        /// Bytes of the content, UTF-8 encoded.
        size: u64,
        /// The limit, in bytes.
        limit: u64,
    },
    /// The document, JSON-encoded, does not fit in a request body on its own (only possible
    /// on instances with a payload limit close to the document limit); it was not sent.
    #[error("the document takes {size} bytes once encoded, over the {limit} bytes a request can carry; it was not sent")]
    PayloadTooLarge {
        /// Bytes of the JSON-encoded document.
        size: u64,
        /// The bytes available for documents in one request.
        limit: u64,
    },
    /// The document could not be turned into a request; it was not sent.
    #[error("the document could not be encoded ({0}); it was not sent")]
    Invalid(String),
    /// The request carrying the document failed.
    #[error("{0}")]
    Request(Arc<Error>),
    /// The document was not sent because an earlier request failed in a way every request
    /// would (wrong key, missing scope, quota used up): sending more would only fail again.
    #[error("not sent after an earlier failure: {0}")]
    NotSent(Arc<Error>),
    /// The API answered a number of results that does not match the documents sent, so no
    /// result can be attributed to a document.
    #[error("the API answered {received} results for {sent} documents; none can be attributed")]
    Mismatch {
        /// Documents in the request.
        sent: usize,
        /// Results in the answer.
        received: usize,
    },
}

impl DocumentError {
    /// The API error behind this one, when a request failed ([`Request`](Self::Request)) or
    /// was given up on ([`NotSent`](Self::NotSent)).
    pub fn request_error(&self) -> Option<&Error> {
        match self {
            DocumentError::Request(error) | DocumentError::NotSent(error) => Some(error),
            _ => None,
        }
    }
}
