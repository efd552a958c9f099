//! The retry policy: which failures are retried, how long to wait (Retry-After or exponential
//! backoff with full jitter), and the event reported for each retry.
//!
//! The policy is applied by the client's executor to every request, including raw generated
//! operations called through [`GitGuardian::raw`](crate::GitGuardian::raw).

use std::fmt;
use std::time::{Duration, SystemTime};

use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};

/// When and how requests are retried.
///
/// * `429 Too Many Requests` is always retryable; `Retry-After` (seconds or an HTTP-date) is
///   honoured, capped by [`max_delay`](Self::max_delay).
/// * `502`, `503` (including maintenance) and `504`, connection failures and timeouts are
///   retried for idempotent methods (GET, HEAD, PUT, DELETE, OPTIONS) only, unless
///   [`retry_non_idempotent`](Self::retry_non_idempotent) is set.
/// * Without `Retry-After`, the wait is exponential backoff with full jitter: a random delay
///   between zero and `base_delay * 2^(retry - 1)`, at most `max_delay`.
/// * Retrying stops after `max_attempts` attempts (counting the first) or when the next wait
///   would bring the total wait over `max_total_wait`; the caller then gets the last answer.
///
/// ```
/// use std::time::Duration;
/// use gitguardian_api_ext::RetryPolicy;
///
/// let policy = RetryPolicy::standard()
///     .max_attempts(3)
///     .base_delay(Duration::from_millis(200))
///     .max_delay(Duration::from_secs(30))
///     .max_total_wait(Duration::from_secs(60));
/// assert_eq!(policy.get_max_attempts(), 3);
/// assert!(!RetryPolicy::disabled().is_enabled());
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    enabled: bool,
    max_attempts: u32,
    base_delay: Duration,
    max_delay: Duration,
    max_total_wait: Duration,
    retry_non_idempotent: bool,
    jitter: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy::standard()
    }
}

impl RetryPolicy {
    /// The default policy: 5 attempts, 1 s base delay, at most 60 s per wait and 120 s of
    /// waiting in all, idempotent methods only for 5xx and connection failures, jitter on.
    pub fn standard() -> Self {
        RetryPolicy {
            enabled: true,
            max_attempts: 5,
            base_delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(60),
            max_total_wait: Duration::from_secs(120),
            retry_non_idempotent: false,
            jitter: true,
        }
    }

    /// A policy that sends every request once.
    pub fn disabled() -> Self {
        RetryPolicy {
            enabled: false,
            max_attempts: 1,
            ..RetryPolicy::standard()
        }
    }

    /// Turns retries on or off, keeping the other settings.
    pub fn enabled(mut self, enabled: bool) -> Self {
        self.enabled = enabled;
        self
    }

    /// Maximum number of attempts, counting the first one (`1` means no retry; `0` is read as
    /// `1`).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The first backoff delay; each further retry doubles it (before jitter).
    pub fn base_delay(mut self, delay: Duration) -> Self {
        self.base_delay = delay;
        self
    }

    /// The longest single wait, also the cap applied to a server's `Retry-After`.
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// The longest total time spent waiting between attempts of one request.
    pub fn max_total_wait(mut self, wait: Duration) -> Self {
        self.max_total_wait = wait;
        self
    }

    /// Also retry 5xx and connection failures for POST and PATCH requests. Off by default,
    /// since the server may have acted on a request whose answer was lost.
    pub fn retry_non_idempotent(mut self, retry: bool) -> Self {
        self.retry_non_idempotent = retry;
        self
    }

    /// Randomise backoff delays (full jitter, on by default). Turned off, each backoff wait is
    /// exactly `base_delay * 2^(retry - 1)` capped at `max_delay`, which makes tests
    /// deterministic.
    pub fn jitter(mut self, jitter: bool) -> Self {
        self.jitter = jitter;
        self
    }

    /// Whether retries are on.
    pub fn is_enabled(&self) -> bool {
        self.enabled
    }

    /// Maximum number of attempts, counting the first; `1` when retries are off.
    pub fn get_max_attempts(&self) -> u32 {
        if self.enabled {
            self.max_attempts
        } else {
            1
        }
    }

    /// The first backoff delay.
    pub fn get_base_delay(&self) -> Duration {
        self.base_delay
    }

    /// The longest single wait.
    pub fn get_max_delay(&self) -> Duration {
        self.max_delay
    }

    /// The longest total wait for one request.
    pub fn get_max_total_wait(&self) -> Duration {
        self.max_total_wait
    }

    /// Whether 5xx and connection failures are retried for non-idempotent methods.
    pub fn retries_non_idempotent(&self) -> bool {
        self.retry_non_idempotent
    }

    /// The backoff wait before retry number `retry` (1 for the first retry), without any
    /// `Retry-After`: full jitter over `[0, min(max_delay, base_delay * 2^(retry - 1))]`.
    ///
    /// ```
    /// use std::time::Duration;
    /// use gitguardian_api_ext::RetryPolicy;
    ///
    /// let policy = RetryPolicy::standard().jitter(false).base_delay(Duration::from_secs(1));
    /// assert_eq!(policy.backoff(1), Duration::from_secs(1));
    /// assert_eq!(policy.backoff(3), Duration::from_secs(4));
    /// assert_eq!(policy.backoff(30), Duration::from_secs(60)); // capped by max_delay
    /// ```
    pub fn backoff(&self, retry: u32) -> Duration {
        let exponent = retry.saturating_sub(1).min(31);
        let ceiling = self
            .base_delay
            .checked_mul(1u32 << exponent)
            .unwrap_or(self.max_delay)
            .min(self.max_delay);
        if self.jitter {
            let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
            Duration::from_nanos(fastrand::u64(0..=nanos))
        } else {
            ceiling
        }
    }

    /// The wait before retry number `retry`: the server's `Retry-After` when given (capped by
    /// `max_delay`), else [`backoff`](Self::backoff).
    pub(crate) fn wait_before(&self, retry: u32, retry_after: Option<Duration>) -> Duration {
        match retry_after {
            Some(after) => after.min(self.max_delay),
            None => self.backoff(retry),
        }
    }

    /// Whether a failure with `cause` on a `method` request may be retried under this policy
    /// (ignoring attempt counts).
    pub(crate) fn allows(&self, cause: &RetryCause, method: &Method) -> bool {
        if !self.enabled {
            return false;
        }
        match cause {
            RetryCause::RateLimited => true,
            _ => self.retry_non_idempotent || is_idempotent(method),
        }
    }
}

/// GET, HEAD, PUT, DELETE, OPTIONS and TRACE: methods that may be repeated safely.
pub(crate) fn is_idempotent(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS | Method::TRACE
    )
}

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

impl RetryCause {
    /// Classifies an HTTP answer; `None` when the status is not one that is ever retried.
    pub(crate) fn from_response(status: StatusCode, headers: &HeaderMap) -> Option<RetryCause> {
        match status.as_u16() {
            429 => Some(RetryCause::RateLimited),
            503 if is_maintenance(headers) => Some(RetryCause::Maintenance),
            502..=504 => Some(RetryCause::Unavailable(status)),
            _ => None,
        }
    }

    /// Classifies a transport failure; `None` for errors that a retry cannot fix (a request
    /// that could not be built, a redirect refused by policy).
    pub(crate) fn from_transport(error: &reqwest::Error) -> Option<RetryCause> {
        if error.is_builder() || error.is_redirect() {
            None
        } else if error.is_timeout() {
            Some(RetryCause::Timeout)
        } else if error.is_connect() {
            Some(RetryCause::Connect)
        } else {
            Some(RetryCause::Transport)
        }
    }
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

/// Parses a `Retry-After` value: a number of seconds, or an HTTP-date (a date in the past
/// means "now"). `None` when the value is neither.
///
/// ```
/// use std::time::{Duration, SystemTime};
/// use gitguardian_api_ext::parse_retry_after;
///
/// let now = SystemTime::now();
/// assert_eq!(parse_retry_after("12", now), Some(Duration::from_secs(12)));
/// assert_eq!(parse_retry_after("Thu, 01 Jan 1970 00:00:00 GMT", now), Some(Duration::ZERO));
/// assert_eq!(parse_retry_after("soon", now), None);
/// ```
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // Absurdly long digit strings saturate rather than fail.
        let seconds = value.parse::<u64>().unwrap_or(u64::MAX);
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

/// The `Retry-After` of a response, if present and readable.
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?;
    parse_retry_after(value, SystemTime::now())
}

/// Whether a response carries `X-Maintenance: true`.
pub(crate) fn is_maintenance(headers: &HeaderMap) -> bool {
    headers
        .get("x-maintenance")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
}
