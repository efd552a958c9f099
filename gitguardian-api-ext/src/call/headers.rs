//! The response headers the client reads, each with one reader.

use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, CONTENT_TYPE, RETRY_AFTER};

/// The `X-Request-ID` of a response, if present and printable.
pub(crate) fn request_id(headers: &HeaderMap) -> Option<String> {
    text(headers, "x-request-id").map(str::to_string)
}

/// The `Content-Type` of a response, if present and printable.
pub(crate) fn content_type(headers: &HeaderMap) -> Option<String> {
    text(headers, CONTENT_TYPE.as_str()).map(str::to_string)
}

/// Whether a response carries `X-Maintenance: true`.
pub(crate) fn is_maintenance(headers: &HeaderMap) -> bool {
    text(headers, "x-maintenance").is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
}

/// How long the server asks to wait: its `Retry-After`, or else, when its rate limit is used
/// up (`x-ratelimit-remaining: 0`, GitHub's primary limit), the time until `x-ratelimit-reset`.
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let now = SystemTime::now();
    match text(headers, RETRY_AFTER.as_str()) {
        Some(value) => parse_retry_after(value, now),
        None if is_rate_limit_exhausted(headers) => {
            rate_limit_reset(text(headers, "x-ratelimit-reset")?, now)
        }
        None => None,
    }
}

/// Whether a response says its rate limit is used up: `x-ratelimit-remaining: 0`.
pub(crate) fn is_rate_limit_exhausted(headers: &HeaderMap) -> bool {
    text(headers, "x-ratelimit-remaining").is_some_and(|v| v.trim() == "0")
}

/// The wait until an `x-ratelimit-reset` instant (UTC epoch seconds); a past instant means
/// "now". `None` when the value is not a number.
fn rate_limit_reset(value: &str, now: SystemTime) -> Option<Duration> {
    let reset = SystemTime::UNIX_EPOCH + Duration::from_secs(value.trim().parse().ok()?);
    Some(reset.duration_since(now).unwrap_or(Duration::ZERO))
}

fn text<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers.get(name).and_then(|v| v.to_str().ok())
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
