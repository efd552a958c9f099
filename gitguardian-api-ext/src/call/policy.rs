//! The retry policy: how many attempts, how long to wait (Retry-After or exponential backoff
//! with full jitter), and which requests may be repeated. Which answers are worth a retry at
//! all is the classification table's business ([`classify`](super::classify)).
//!
//! Presets in the style of aws-sdk-rust (`standard()`, `disabled()`), with `max_attempts`
//! counting the first try.

use std::time::Duration;

use reqwest::Method;

use super::classify::Repeat;

/// When and how requests are retried.
///
/// * `429 Too Many Requests` is always retryable; `Retry-After` (seconds or an HTTP-date) is
///   honoured, capped by [`max_delay`](Self::max_delay).
/// * `502`, `503` (including maintenance) and `504`, connection failures and timeouts are
///   retried for idempotent methods (GET, HEAD, PUT, DELETE, OPTIONS) and for scans
///   ([`retry_scans`](Self::retry_scans), on by default) only, unless
///   [`retry_non_idempotent`](Self::retry_non_idempotent) is set.
/// * Without `Retry-After`, the wait is exponential backoff with full jitter: a random delay
///   between zero and `base_delay * 2^(retry - 1)`, at most `max_delay`.
/// * Retrying stops after `max_attempts` attempts (counting the first) or when the next wait
///   would bring the total wait over `max_total_wait`; the caller then gets the last answer.
///   A retry after a wait the server asked for with `Retry-After` does not count toward
///   `max_attempts`: under a long rate-limit storm `max_total_wait` bounds it (and, for a
///   server that keeps asking for no wait at all, `10 * max_attempts` attempts in all).
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
    retry_scans: bool,
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
            retry_scans: true,
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

    /// Also retry scans (`POST /v1/scan` and `/v1/multiscan`) on 5xx and connection
    /// failures. On by default: a scan changes nothing server-side, and one reset should not
    /// end a 25,000-file scan; a retried scan may cost one more quota unit.
    pub fn retry_scans(mut self, retry: bool) -> Self {
        self.retry_scans = retry;
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

    /// Whether a failure whose table row says `repeat` may be retried for a `method`
    /// request under this policy (ignoring attempt counts).
    pub(crate) fn allows(&self, repeat: Repeat, method: &Method, operation: &str) -> bool {
        if !self.enabled {
            return false;
        }
        match repeat {
            Repeat::Always => true,
            Repeat::IfSafe => {
                self.retry_non_idempotent
                    || is_idempotent(method)
                    || self.retry_scans && SCAN_OPERATIONS.contains(&operation)
            }
        }
    }
}

/// The scan operations (`POST /v1/scan`, `POST /v1/multiscan`): they change nothing on the
/// server, so repeating one costs at most one more quota unit.
pub(crate) const SCAN_OPERATIONS: [&str; 2] = ["content_scan", "multiple_scan"];

/// GET, HEAD, PUT, DELETE, OPTIONS and TRACE: methods that may be repeated safely.
pub(crate) fn is_idempotent(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS | Method::TRACE
    )
}
