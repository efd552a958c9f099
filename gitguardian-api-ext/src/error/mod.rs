//! The crate's error type and its accessors, split by concern in the manner of
//! rs-gitguardian's `error/`: [`display`] holds the messages, [`generated`] the mapping from
//! the generated client's errors (with body sniffing). Unlike rs-gitguardian the split is
//! not by phase into several types: one [`Error`] keeps `?` simple for callers, and the
//! phase shows in the variant (`InvalidConfig`, `InvalidInput`, `Transport`, the answers).

mod display;
mod generated;
mod github;
mod map;

use std::collections::BTreeMap;
use std::error::Error as StdError;
use std::time::Duration;

use reqwest::StatusCode;

pub(crate) use generated::GitGuardianAnswers;
pub(crate) use github::GitHubAnswers;
pub use github::{GitHubError, GitHubErrorKind};
pub(crate) use map::{map_error, Mapped};

/// What is known about the answer an error came from.
///
/// ```no_run
/// # async fn run(client: gitguardian_api_ext::GitGuardian) {
/// if let Err(err) = client.members().get(42).await {
///     if let Some(response) = err.response() {
///         eprintln!("{} answered {} (request id {:?})",
///             response.operation, response.status, response.request_id);
///     }
/// }
/// # }
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ResponseInfo {
    /// The spec `operationId` of the request, e.g. `retrieve_member`.
    pub operation: &'static str,
    /// The HTTP status of the final answer.
    pub status: StatusCode,
    /// The server's `X-Request-ID`, to quote to GitGuardian support.
    pub request_id: Option<String>,
    /// Attempts made, counting the first (more than one when retries happened).
    pub attempts: u32,
}

/// What failed while sending a request, for [`Error::Transport`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportKind {
    /// No connection could be made (refused, DNS failure).
    Connect,
    /// The TLS handshake failed, typically on a certificate this client does not trust.
    Tls,
    /// The connect or request timeout elapsed.
    Timeout,
    /// A redirect was refused (too many, or to a URL that is not https).
    Redirect,
    /// The answer's body could not be read to its end.
    Body,
    /// Anything else.
    Other,
}

/// Everything that can go wrong using the client.
///
/// Variants derived from an answer carry a [`ResponseInfo`] with the status, the operation
/// and the server's `X-Request-ID`. `Display` is a sentence saying what happened and what to
/// do; it never includes the API key.
///
/// ```no_run
/// use gitguardian_api_ext::{Error, GitGuardian};
///
/// # async fn run() -> Result<(), Error> {
/// let client = GitGuardian::from_env()?;
/// match client.members().get(42).await {
///     Ok(member) => println!("{}", member.email),
///     Err(Error::NotFound { .. }) => println!("no such member"),
///     Err(Error::RateLimited { retry_after, .. }) => println!("slow down: {retry_after:?}"),
///     Err(other) => return Err(other),
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// `401`: the API key is missing, wrong, expired or revoked.
    Unauthorized {
        /// The server's explanation, e.g. `Invalid API key.`.
        detail: String,
        /// The answer.
        response: ResponseInfo,
    },
    /// `403 Quota limit reached.`: the workspace's scan quota is used up.
    QuotaExceeded {
        /// The server's explanation.
        detail: String,
        /// The answer.
        response: ResponseInfo,
    },
    /// `403`: the key lacks the scope or access level for this operation.
    Forbidden {
        /// The server's explanation.
        detail: String,
        /// The answer.
        response: ResponseInfo,
    },
    /// `404`: no such resource (or not visible to this key).
    NotFound {
        /// The server's explanation.
        detail: String,
        /// The answer.
        response: ResponseInfo,
    },
    /// `409`: the request conflicts with the resource's current state.
    Conflict {
        /// The server's explanation.
        detail: String,
        /// The answer.
        response: ResponseInfo,
    },
    /// `400`: the server rejected the request's parameters or body.
    Validation {
        /// The server's explanation.
        detail: String,
        /// Messages per field (`non_field_errors` for the request as a whole).
        extra: BTreeMap<String, Vec<String>>,
        /// The answer.
        response: ResponseInfo,
    },
    /// `429`: still rate limited after the retry policy gave up.
    RateLimited {
        /// How long the server asked to wait (`Retry-After`), if it said.
        retry_after: Option<Duration>,
        /// The server's explanation, if any.
        detail: Option<String>,
        /// The answer.
        response: ResponseInfo,
    },
    /// `503` during scheduled maintenance (`X-Maintenance: true`).
    Maintenance {
        /// The server's explanation.
        detail: String,
        /// How long the server asked to wait, if it said.
        retry_after: Option<Duration>,
        /// The answer.
        response: ResponseInfo,
    },
    /// Another `5xx` answer.
    Server {
        /// The server's explanation, if the body had one.
        detail: Option<String>,
        /// The answer.
        response: ResponseInfo,
    },
    /// A status the operation does not document and that no other variant covers.
    UnexpectedStatus {
        /// The server's explanation, if the body had one.
        detail: Option<String>,
        /// The answer.
        response: ResponseInfo,
    },
    /// The body is not GitGuardian API JSON: typically an HTML page from a wrong instance URL
    /// or a proxy.
    UnexpectedContent {
        /// The answer's `Content-Type`, if any.
        content_type: Option<String>,
        /// The start of the body, for a human to recognise.
        excerpt: String,
        /// The answer.
        response: ResponseInfo,
    },
    /// The body is JSON but does not match the operation's response type.
    Decode {
        /// Where decoding failed, as a JSON path such as `results[0].created_at` (`.` for the
        /// top level).
        path: String,
        /// What was wrong there.
        message: String,
        /// The answer.
        response: ResponseInfo,
    },
    /// No usable answer: connection failure, timeout, interrupted body.
    Transport {
        /// The spec `operationId` of the request, or `request` when unknown.
        operation: &'static str,
        /// What failed.
        kind: TransportKind,
        /// Attempts made, counting the first.
        attempts: u32,
        /// The underlying error.
        #[source]
        source: Box<dyn StdError + Send + Sync>,
    },
    /// An error answer of GitHub's API (from [`GitHub`](crate::github::GitHub)): its kind
    /// (`404` not found or secret scanning disabled, `422` state not matching the resolution,
    /// `503` unavailable, rate limits...), GitHub's `message` and `documentation_url`.
    /// (Boxed: it is the largest variant, and errors travel in every `Result`.)
    GitHub(Box<GitHubError>),
    /// No usable answer from GitHub's API: connection failure, timeout, interrupted body.
    GitHubTransport {
        /// The spec `operationId` of the request, or `request` when unknown.
        operation: &'static str,
        /// What failed.
        kind: TransportKind,
        /// Attempts made, counting the first.
        attempts: u32,
        /// The underlying error.
        #[source]
        source: Box<dyn StdError + Send + Sync>,
    },
    /// The client's configuration is unusable (URL, API key, header, timeout); nothing was sent.
    InvalidConfig(String),
    /// A request could not be built from the given arguments; nothing was sent.
    InvalidInput(String),
}

impl Error {
    /// The answer the error came from, for variants derived from one.
    pub fn response(&self) -> Option<&ResponseInfo> {
        match self {
            Error::Unauthorized { response, .. }
            | Error::QuotaExceeded { response, .. }
            | Error::Forbidden { response, .. }
            | Error::NotFound { response, .. }
            | Error::Conflict { response, .. }
            | Error::Validation { response, .. }
            | Error::RateLimited { response, .. }
            | Error::Maintenance { response, .. }
            | Error::Server { response, .. }
            | Error::UnexpectedStatus { response, .. }
            | Error::UnexpectedContent { response, .. }
            | Error::Decode { response, .. } => Some(response),
            Error::GitHub(error) => Some(&error.response),
            Error::Transport { .. }
            | Error::GitHubTransport { .. }
            | Error::InvalidConfig(_)
            | Error::InvalidInput(_) => None,
        }
    }

    /// The HTTP status of the answer, if there was one.
    pub fn status(&self) -> Option<StatusCode> {
        self.response().map(|r| r.status)
    }

    /// The server's `X-Request-ID`, if it sent one.
    pub fn request_id(&self) -> Option<&str> {
        self.response().and_then(|r| r.request_id.as_deref())
    }

    /// How long the server asked to wait (`Retry-After`), for rate limits and maintenance.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::RateLimited { retry_after, .. } | Error::Maintenance { retry_after, .. } => {
                *retry_after
            }
            Error::GitHub(error) => error.retry_after,
            _ => None,
        }
    }

    /// The spec `operationId` of the failed request, when known.
    pub fn operation(&self) -> Option<&'static str> {
        match self {
            Error::Transport { operation, .. } | Error::GitHubTransport { operation, .. } => {
                Some(operation)
            }
            _ => self.response().map(|r| r.operation),
        }
    }

    /// Attempts made, counting the first, when a request was sent.
    pub fn attempts(&self) -> Option<u32> {
        match self {
            Error::Transport { attempts, .. } | Error::GitHubTransport { attempts, .. } => {
                Some(*attempts)
            }
            _ => self.response().map(|r| r.attempts),
        }
    }
}

impl Error {
    /// Whether trying again later may succeed: rate limits, maintenance, other `5xx` answers
    /// and network failures. (The retry policy has already retried these where it could.)
    ///
    /// ```
    /// let refused = gitguardian_api_ext::Error::InvalidInput("no".into());
    /// assert!(!refused.is_transient());
    /// ```
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            Error::RateLimited { .. }
                | Error::Maintenance { .. }
                | Error::Server { .. }
                | Error::Transport { .. }
                | Error::GitHubTransport { .. }
        ) || self.github().is_some_and(|e| e.kind.is_transient())
    }

    /// Whether the key may not do this at all (`401`, `403`, quota used up): every further
    /// request of the same kind with this key would fail the same way.
    pub fn is_access_denied(&self) -> bool {
        matches!(
            self,
            Error::Unauthorized { .. } | Error::QuotaExceeded { .. } | Error::Forbidden { .. }
        ) || self.github().is_some_and(|e| {
            matches!(
                e.kind,
                GitHubErrorKind::Unauthorized | GitHubErrorKind::Forbidden
            )
        })
    }

    /// The GitHub error answer, for [`Error::GitHub`].
    ///
    /// ```
    /// let refused = gitguardian_api_ext::Error::InvalidInput("no".into());
    /// assert!(refused.github().is_none());
    /// ```
    pub fn github(&self) -> Option<&GitHubError> {
        match self {
            Error::GitHub(error) => Some(error),
            _ => None,
        }
    }

    /// The kind of a GitHub error answer (`NotFound`, `StateMismatch`, `Unavailable`...).
    pub fn github_kind(&self) -> Option<GitHubErrorKind> {
        self.github().map(|e| e.kind)
    }

    /// Where GitHub documents the error (its `documentation_url`), for [`Error::GitHub`].
    pub fn documentation_url(&self) -> Option<&str> {
        self.github().and_then(|e| e.documentation_url.as_deref())
    }
}
