//! What an answer means, decided once.
//!
//! [`RULES`] maps an answer (status, headers, and the `detail` of its body when it has been
//! read) to a [`Class`] and, for the answers worth another attempt, to a [`RetryCause`] and
//! the requests it applies to. Every consumer derives its view from this one table: the
//! executor asks whether to retry (it sees status and headers only, before the body is
//! read), the error mapping picks the [`Error`](crate::Error) variant from the class, and
//! the scan pipeline asks the resulting error ([`Error::is_transient`](crate::Error::is_transient),
//! [`Error::is_access_denied`](crate::Error::is_access_denied)).
//!
//! Adding a retry cause is one row here (and its test).

use std::ops::RangeInclusive;

use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use super::event::RetryCause;
use reqwest::header::RETRY_AFTER;

use super::headers::{is_maintenance, is_rate_limit_exhausted};
use crate::error::TransportKind;

/// The detail GitGuardian sends with a 403 when the API quota is used up.
const QUOTA_DETAIL: &str = "quota limit reached";

/// An answer as far as it is known: the body's `detail` is `None` before the body is read.
pub(crate) struct Answer<'a> {
    pub(crate) status: StatusCode,
    pub(crate) headers: &'a HeaderMap,
    pub(crate) detail: Option<&'a str>,
}

/// What kind of failure an answer is; each becomes one [`Error`](crate::Error) variant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Class {
    Validation,
    Unauthorized,
    QuotaExceeded,
    Forbidden,
    NotFound,
    Conflict,
    RateLimited,
    Maintenance,
    Server,
    Unexpected,
}

impl Class {
    /// Whether the status alone carries the meaning, whatever the body: proxies answer
    /// `429:Too many requests` or an HTML error page for rate limits, auth failures and
    /// server errors, while any other status with a non-JSON body is most likely not the
    /// GitGuardian API at all.
    pub(crate) fn survives_foreign_body(self) -> bool {
        matches!(
            self,
            Class::Unauthorized
                | Class::QuotaExceeded
                | Class::Forbidden
                | Class::RateLimited
                | Class::Maintenance
                | Class::Server
        )
    }
}

/// Which requests a retry cause applies to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Repeat {
    /// Every request: the server did not act on it (`429`).
    Always,
    /// Only requests that may be sent twice safely (see
    /// [`RetryPolicy`](crate::RetryPolicy)): the server may have acted on the first one.
    IfSafe,
}

/// A retryable answer: why, and for which requests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Retry {
    pub(crate) cause: RetryCause,
    pub(crate) repeat: Repeat,
}

/// How a row's answer is retried: the cause it reports (from the status) and for which
/// requests.
type RetryRule = Option<(fn(StatusCode) -> RetryCause, Repeat)>;

/// One row of the table: statuses, an extra condition, and what such an answer means.
struct Rule {
    status: RangeInclusive<u16>,
    when: fn(&Answer<'_>) -> bool,
    class: Class,
    retry: RetryRule,
}

/// The table, first matching row wins. A status no row matches is [`Class::Unexpected`].
const RULES: &[Rule] = &[
    rule(400..=400, any, Class::Validation, None),
    rule(401..=401, any, Class::Unauthorized, None),
    rule(403..=403, quota_detail, Class::QuotaExceeded, None),
    // GitHub answers its rate limits with 403 as well as 429: the primary limit with
    // `x-ratelimit-remaining: 0`, a secondary limit with `Retry-After`.
    rule(
        403..=403,
        rate_limit_headers,
        Class::RateLimited,
        Some((rate_limited, Repeat::Always)),
    ),
    rule(403..=403, any, Class::Forbidden, None),
    rule(404..=404, any, Class::NotFound, None),
    rule(409..=409, any, Class::Conflict, None),
    rule(
        429..=429,
        any,
        Class::RateLimited,
        Some((rate_limited, Repeat::Always)),
    ),
    rule(
        503..=503,
        maintenance,
        Class::Maintenance,
        Some((under_maintenance, Repeat::IfSafe)),
    ),
    rule(
        502..=504,
        any,
        Class::Server,
        Some((RetryCause::Unavailable, Repeat::IfSafe)),
    ),
    rule(500..=599, any, Class::Server, None),
];

const fn rule(
    status: RangeInclusive<u16>,
    when: fn(&Answer<'_>) -> bool,
    class: Class,
    retry: RetryRule,
) -> Rule {
    Rule {
        status,
        when,
        class,
        retry,
    }
}

fn any(_: &Answer<'_>) -> bool {
    true
}

/// `403 Quota limit reached.`
fn quota_detail(answer: &Answer<'_>) -> bool {
    answer
        .detail
        .is_some_and(|d| d.to_ascii_lowercase().contains(QUOTA_DETAIL))
}

/// A 403 that is a rate limit by its headers (GitHub's primary or secondary limit).
fn rate_limit_headers(answer: &Answer<'_>) -> bool {
    is_rate_limit_exhausted(answer.headers) || answer.headers.contains_key(RETRY_AFTER)
}

/// `X-Maintenance: true`, or a detail that says so (some proxies drop the header).
fn maintenance(answer: &Answer<'_>) -> bool {
    is_maintenance(answer.headers)
        || answer
            .detail
            .is_some_and(|d| d.to_ascii_lowercase().contains("maintenance"))
}

fn rate_limited(_: StatusCode) -> RetryCause {
    RetryCause::RateLimited
}

fn under_maintenance(_: StatusCode) -> RetryCause {
    RetryCause::Maintenance
}

/// What an answer means: its class and, if it is worth another attempt, how.
pub(crate) fn classify(answer: &Answer<'_>) -> (Class, Option<Retry>) {
    let status = answer.status;
    RULES
        .iter()
        .find(|rule| rule.status.contains(&status.as_u16()) && (rule.when)(answer))
        .map_or((Class::Unexpected, None), |rule| {
            let retry = rule.retry.map(|(cause, repeat)| Retry {
                cause: cause(status),
                repeat,
            });
            (rule.class, retry)
        })
}

/// What a transport failure is; `None` for a request that could not be built (the
/// caller's input, not the network).
pub(crate) fn transport_kind(error: &reqwest::Error) -> Option<TransportKind> {
    if error.is_builder() {
        None
    } else if error.is_timeout() {
        Some(TransportKind::Timeout)
    } else if error.is_connect() && is_tls_failure(error) {
        Some(TransportKind::Tls)
    } else if error.is_connect() {
        Some(TransportKind::Connect)
    } else if error.is_redirect() {
        Some(TransportKind::Redirect)
    } else if error.is_body() || error.is_decode() {
        Some(TransportKind::Body)
    } else {
        Some(TransportKind::Other)
    }
}

/// Whether a connection failed in the TLS handshake. reqwest does not say so in its API, and
/// the TLS backend's error type depends on the workspace's choice: the error chain's text is
/// what both backends share.
fn is_tls_failure(error: &reqwest::Error) -> bool {
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(e) = current {
        let text = e.to_string().to_ascii_lowercase();
        if text.contains("certificate") || text.contains("tls") || text.contains("handshake") {
            return true;
        }
        current = e.source();
    }
    false
}

/// Whether a transport failure is worth another attempt; a refused redirect or a TLS
/// failure (a certificate does not become trusted by waiting) is not.
pub(crate) fn transport_retry(kind: TransportKind) -> Option<Retry> {
    let cause = match kind {
        TransportKind::Timeout => RetryCause::Timeout,
        TransportKind::Connect => RetryCause::Connect,
        TransportKind::Redirect | TransportKind::Tls => return None,
        TransportKind::Body | TransportKind::Other => RetryCause::Transport,
    };
    Some(Retry {
        cause,
        repeat: Repeat::IfSafe,
    })
}
