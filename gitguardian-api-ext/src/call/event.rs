//! Why a request is retried, and the event reported for each retry.

use std::fmt;
use std::time::Duration;

use reqwest::{Method, StatusCode};

/// Why a request is being retried.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RetryCause {
    /// `429 Too Many Requests`.
    RateLimited,
    /// `503` with `X-Maintenance: true`: the API is under scheduled maintenance.
    Maintenance,
    /// A `502`, `503` or `504` answer.
    Unavailable(StatusCode),
    /// The connection could not be made.
    Connect,
    /// No answer within the request timeout.
    Timeout,
    /// Another failure to send the request or read its answer.
    Transport,
}

impl fmt::Display for RetryCause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RetryCause::RateLimited => f.write_str("rate limited (HTTP 429)"),
            RetryCause::Maintenance => f.write_str("API under maintenance (HTTP 503)"),
            RetryCause::Unavailable(status) => {
                write!(f, "server unavailable (HTTP {})", status.as_u16())
            }
            RetryCause::Connect => f.write_str("connection failed"),
            RetryCause::Timeout => f.write_str("request timed out"),
            RetryCause::Transport => f.write_str("network error"),
        }
    }
}

/// One retry about to happen, as given to the [`on_retry`](crate::ClientBuilder::on_retry)
/// callback and logged with `tracing`.
///
/// ```
/// use gitguardian_api_ext::GitGuardian;
///
/// let client = GitGuardian::builder()
///     .api_key("my-api-key")
///     .on_retry(|event| eprintln!("{event}"))
///     .build()?;
/// # drop(client);
/// # Ok::<(), gitguardian_api_ext::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryEvent {
    /// The spec `operationId` of the request, e.g. `retrieve_member`.
    pub operation: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The attempt that just failed (1 for the first).
    pub attempt: u32,
    /// The most attempts the policy allows.
    pub max_attempts: u32,
    /// How long the client waits before the next attempt.
    pub wait: Duration,
    /// Why the attempt failed.
    pub cause: RetryCause,
    /// The HTTP status of the failed attempt, if there was an answer.
    pub status: Option<StatusCode>,
    /// The server's `Retry-After`, if it sent one (before the policy's cap).
    pub retry_after: Option<Duration>,
    /// The server's `X-Request-ID`, if it sent one.
    pub request_id: Option<String>,
}

impl fmt::Display for RetryEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}, waiting {} before attempt {} of {}",
            self.operation,
            self.cause,
            DisplayDuration(self.wait),
            self.attempt + 1,
            self.max_attempts
        )
    }
}

/// Prints a duration for people: `12 s`, `1.5 s`, `250 ms`.
pub(crate) struct DisplayDuration(pub(crate) Duration);

impl fmt::Display for DisplayDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.0;
        if d >= Duration::from_secs(10) || d.subsec_millis() == 0 && d >= Duration::from_secs(1) {
            write!(f, "{} s", d.as_secs())
        } else if d >= Duration::from_secs(1) {
            write!(f, "{:.1} s", d.as_secs_f64())
        } else {
            write!(f, "{} ms", d.as_millis())
        }
    }
}
