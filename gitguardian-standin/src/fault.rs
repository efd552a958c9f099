//! Fault injection: rules that pick requests by route and by count or rate, and answer them
//! the way a throttled, maintained or broken server does.
//!
//! ```
//! use std::time::Duration;
//! use gitguardian_standin::{Fault, Route, Rule, Until};
//!
//! // The first request for a second page is throttled, once.
//! let throttle = Rule::new(Route::get("/v1/incidents/secrets").with_param("cursor"))
//!     .answer(Fault::TooManyRequests { retry_after: Some(1) })
//!     .once();
//! // A quarter of scans fail with a 502 HTML page, the same ones on every run.
//! let flaky = Rule::new(Route::post("/v1/multiscan"))
//!     .answer(Fault::BadGatewayHtml)
//!     .per_mille(250, 7);
//! // Every answer of the members list takes 20 ms longer.
//! let slow = Rule::new(Route::get("/v1/members")).answer(Fault::Delay(Duration::from_millis(20)));
//! // A budget of 120 requests a second, as a workspace's rate limit: the 121st request within
//! // one second is answered 429 with `Retry-After` = the seconds until the window frees.
//! let budget = Rule::new(Route::any()).over_budget(120, Duration::from_secs(1));
//! // The multiscan carrying `file-3.txt` fails with a 500, whatever the others get.
//! let chunk = Rule::new(Route::post("/v1/multiscan"))
//!     .with_body_containing("file-3.txt")
//!     .answer(Fault::Canned { status: 500, headers: vec![], body: String::new() });
//! // No multiscan is answered before three are in flight at once: a client sending fewer at
//! // a time never gets there (and fails after the cap instead of hanging).
//! let together = Rule::new(Route::post("/v1/multiscan")).answer(Fault::HoldUntil(Until::InFlight(3)));
//! // The first page's body is finished only once the second page has been asked for: a
//! // client that pipelines its pages never waits, one that does not stalls until the cap.
//! let ahead = Rule::new(Route::get("/v1/members"))
//!     .answer(Fault::HoldBodyUntil(Until::Arrived(2)))
//!     .nth(1);
//! // GitHub's primary rate limit on the first organization listing: 403, remaining 0, reset in 60 s.
//! let primary = Rule::new(Route::get("/orgs/{org}/secret-scanning/alerts"))
//!     .answer(Fault::PrimaryRateLimit { reset_in: 60 })
//!     .once();
//! # let _ = (throttle, flaky, slow, budget, primary, chunk, together, ahead);
//! ```
//!
//! Faults word their error bodies as the stand-in's API does: `{"detail": ...}` for
//! GitGuardian, `{"message": ..., "documentation_url": ...}` for GitHub.

use std::borrow::Cow;
use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};

/// Which requests a [`Rule`] looks at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Route {
    method: Option<Method>,
    /// Segments; `*` or `{name}` matches any one segment, a final `**` any rest.
    path: Vec<String>,
    param: Option<String>,
}

impl Route {
    /// Any request.
    pub fn any() -> Route {
        Route {
            method: None,
            path: vec!["**".into()],
            param: None,
        }
    }

    /// Requests with `method` whose path matches `path`, e.g.
    /// `/v1/incidents/secrets/{incident_id}/resolve` or `/v1/incidents/**`.
    pub fn new(method: Method, path: &str) -> Route {
        Route {
            method: Some(method),
            ..Route::path(path)
        }
    }

    /// Requests of any method whose path matches `path`.
    pub fn path(path: &str) -> Route {
        Route {
            method: None,
            path: segments(path).map(str::to_string).collect(),
            param: None,
        }
    }

    pub fn get(path: &str) -> Route {
        Route::new(Method::GET, path)
    }

    pub fn post(path: &str) -> Route {
        Route::new(Method::POST, path)
    }

    pub fn patch(path: &str) -> Route {
        Route::new(Method::PATCH, path)
    }

    /// Only requests whose query has this parameter (e.g. `cursor`: pages after the first).
    pub fn with_param(mut self, name: &str) -> Route {
        self.param = Some(name.into());
        self
    }

    pub(crate) fn matches(&self, method: &Method, path: &str, query: Option<&str>) -> bool {
        if self.method.as_ref().is_some_and(|m| m != method) {
            return false;
        }
        if let Some(param) = &self.param {
            let has = query.is_some_and(|query| {
                query
                    .split('&')
                    .any(|pair| pair.split('=').next() == Some(param.as_str()))
            });
            if !has {
                return false;
            }
        }
        let mut actual = segments(path);
        for expected in &self.path {
            if expected == "**" {
                return true;
            }
            match actual.next() {
                Some(segment)
                    if expected == "*" || expected.starts_with('{') || expected == segment => {}
                _ => return false,
            }
        }
        actual.next().is_none()
    }
}

fn segments(path: &str) -> impl Iterator<Item = &str> {
    path.split('/').filter(|segment| !segment.is_empty())
}

/// What a triggered rule does to a request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fault {
    /// `429` with `Retry-After: <seconds>`, or with none at all (as some proxies send).
    TooManyRequests { retry_after: Option<u64> },
    /// `503`: GitGuardian's scheduled maintenance answer (with `X-Maintenance: true`), or
    /// GitHub's `Service unavailable`.
    Maintenance,
    /// GitHub's primary rate limit: `403` with `x-ratelimit-remaining: 0` and
    /// `x-ratelimit-reset` (epoch seconds) `reset_in` seconds from now. A client must wait
    /// until the reset.
    PrimaryRateLimit { reset_in: u64 },
    /// GitHub's secondary rate limit: `status` (`403` or `429`) with
    /// `retry-after: <retry_after>` seconds.
    SecondaryRateLimit { status: u16, retry_after: u64 },
    /// Any answer, as given: for what no other variant says (an odd proxy page, a `500`...).
    /// A `status` that is not a valid HTTP status becomes `500`.
    Canned {
        status: u16,
        headers: Vec<(String, String)>,
        body: String,
    },
    /// `502` with an HTML page, as a load balancer sends.
    BadGatewayHtml,
    /// The connection is dropped before an answer is complete.
    ConnectionReset,
    /// The normal answer, this much later (to within about a tenth of a millisecond, not
    /// rounded to the timer's millisecond ticks). Delays of several matching rules add up.
    Delay(Duration),
    /// The normal answer (or another rule's fault), once a condition on the requests of the
    /// rule's route holds, or after [`HOLD_CAP`] when it never does: arranges an order of
    /// events (this request answered after another one, or only once several are in flight
    /// together) without timing, and a client that never meets the condition fails its test
    /// instead of hanging it. Holds of several matching rules are waited in turn.
    HoldUntil(Until),
    /// The normal answer (or another rule's fault) is made at once and its headers and the
    /// first half of its body are sent, but the rest of the body only once a condition holds
    /// (or after [`HOLD_CAP`], noted as [`LoggedRequest::hold_timed_out`](crate::LoggedRequest::hold_timed_out)).
    /// The request stays in flight, and is logged, only when the last part is sent.
    ///
    /// [`HoldUntil`](Fault::HoldUntil) holds a request before anything is answered; this
    /// holds an answer that is already arriving, which is what tests of pipelined paging
    /// need: `Rule::new(members).nth(1).answer(Fault::HoldBodyUntil(Until::Arrived(2)))`
    /// finishes the first page only once the second has been asked for, so a client that
    /// reads a whole page before asking for the next stalls until the cap, and one that
    /// asks ahead never waits. Holds of several matching rules are waited in turn.
    HoldBodyUntil(Until),
}

/// What a [`Fault::HoldUntil`] waits for, counted over the requests of the rule's route
/// (whatever a [`Rule::with_body_containing`] filter picks among them) that the log holds:
/// a [`StandIn::clear_requests`](crate::StandIn::clear_requests) starts the counts again.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Until {
    /// `n` requests have been in flight at once, the held one included (see
    /// [`InFlight::max`](crate::InFlight::max)). Once reached it stays reached, so later
    /// requests pass at once.
    InFlight(u64),
    /// `n` requests have been answered.
    Answered(u64),
    /// `n` requests have arrived, answered or still in flight (the held one included): to
    /// finish a page's body only once the next page has been asked for.
    Arrived(u64),
    /// `n` requests of another route have been answered: to hold, say, `GET /v1/metadata`
    /// until a scan is answered, proving that the client did not wait for the one before
    /// sending the other.
    AnsweredOn(Route, u64),
}

/// The longest a [`Fault::HoldUntil`] holds a request: far longer than any condition a
/// working client meets takes, short enough for a broken one to fail its test soon.
pub const HOLD_CAP: Duration = Duration::from_secs(5);

impl Fault {
    /// A short name for the request log.
    pub fn name(&self) -> &'static str {
        match self {
            Fault::TooManyRequests { .. } => "429",
            Fault::Maintenance => "503 maintenance",
            Fault::PrimaryRateLimit { .. } => "403 primary rate limit",
            Fault::SecondaryRateLimit { status: 429, .. } => "429 secondary rate limit",
            Fault::SecondaryRateLimit { .. } => "403 secondary rate limit",
            Fault::Canned { .. } => "canned",
            Fault::BadGatewayHtml => "502 html",
            Fault::ConnectionReset => "reset",
            Fault::Delay(_) => "delay",
            Fault::HoldUntil(_) => "hold",
            Fault::HoldBodyUntil(_) => "held body",
        }
    }

    /// The answer that replaces the normal one, worded in `dialect`; `None` for a delay or a
    /// hold, which only put it (or its body) off.
    pub(crate) fn response(&self, dialect: Dialect) -> Option<Response> {
        let response = match self {
            Fault::TooManyRequests { retry_after } => {
                let mut response =
                    dialect.error(StatusCode::TOO_MANY_REQUESTS, "Request was throttled.");
                if let Some(seconds) = retry_after {
                    response
                        .headers_mut()
                        .insert(header::RETRY_AFTER, HeaderValue::from(*seconds));
                }
                response
            }
            Fault::Maintenance => match dialect {
                Dialect::GitGuardian => {
                    let mut response = dialect.error(
                        StatusCode::SERVICE_UNAVAILABLE,
                        "API under scheduled maintenance.",
                    );
                    response
                        .headers_mut()
                        .insert("x-maintenance", HeaderValue::from_static("true"));
                    response
                }
                Dialect::GitHub => {
                    dialect.error(StatusCode::SERVICE_UNAVAILABLE, "Service unavailable")
                }
            },
            Fault::PrimaryRateLimit { reset_in } => {
                let reset = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|now| now.as_secs())
                    .unwrap_or_default()
                    + reset_in;
                let mut response = dialect.error(
                    StatusCode::FORBIDDEN,
                    "API rate limit exceeded for user ID 1.",
                );
                let headers = response.headers_mut();
                headers.insert("x-ratelimit-limit", HeaderValue::from(5000));
                headers.insert("x-ratelimit-remaining", HeaderValue::from(0));
                headers.insert("x-ratelimit-used", HeaderValue::from(5000));
                headers.insert("x-ratelimit-reset", HeaderValue::from(reset));
                headers.insert("x-ratelimit-resource", HeaderValue::from_static("core"));
                response
            }
            Fault::SecondaryRateLimit {
                status,
                retry_after,
            } => {
                let status = match *status {
                    429 => StatusCode::TOO_MANY_REQUESTS,
                    _ => StatusCode::FORBIDDEN,
                };
                let mut response =
                    dialect.error(status, "You have exceeded a secondary rate limit.");
                response
                    .headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from(*retry_after));
                response
            }
            Fault::Canned {
                status,
                headers,
                body,
            } => {
                let mut response = Response::new(Body::from(body.clone()));
                *response.status_mut() =
                    StatusCode::from_u16(*status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
                for (name, value) in headers {
                    if let (Ok(name), Ok(value)) = (
                        header::HeaderName::try_from(name.as_str()),
                        HeaderValue::try_from(value.as_str()),
                    ) {
                        response.headers_mut().append(name, value);
                    }
                }
                response
            }
            Fault::BadGatewayHtml => (
                StatusCode::BAD_GATEWAY,
                [(header::CONTENT_TYPE, "text/html")],
                "<html><head><title>502 Bad Gateway</title></head>\
                 <body><h1>502 Bad Gateway</h1></body></html>",
            )
                .into_response(),
            Fault::ConnectionReset => {
                // A body that fails makes the server abort the connection mid-answer.
                let failing = futures::stream::once(async {
                    Err::<axum::body::Bytes, _>(std::io::Error::new(
                        std::io::ErrorKind::ConnectionReset,
                        "stand-in: injected connection reset",
                    ))
                });
                let mut response = Response::new(Body::from_stream(failing));
                response
                    .headers_mut()
                    .insert(header::CONTENT_LENGTH, HeaderValue::from_static("64"));
                response
            }
            Fault::Delay(_) | Fault::HoldUntil(_) | Fault::HoldBodyUntil(_) => return None,
        };
        Some(response)
    }
}

/// The error-body wording of the API a stand-in plays.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Dialect {
    /// `{"detail": message}`.
    GitGuardian,
    /// `{"message": message, "documentation_url": ..., "status": ...}`.
    GitHub,
}

impl Dialect {
    /// An error answer with `status` and `message`, in this dialect's shape.
    pub(crate) fn error(self, status: StatusCode, message: &str) -> Response {
        match self {
            Dialect::GitGuardian => crate::routes::detail(status, message).into_response(),
            Dialect::GitHub => crate::github::errors::error(status, message).into_response(),
        }
    }
}

/// When a rule triggers, among the requests its route matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Trigger {
    Always,
    /// The first `n`.
    First(u64),
    /// Only the `n`-th (from 1).
    Nth(u64),
    /// A share, chosen by a hash of the match count and a seed: the same requests every run.
    PerMille {
        per_mille: u64,
        seed: u64,
    },
    /// Those that find `limit` admitted requests already within the last `window`.
    OverBudget {
        limit: u64,
        window: Duration,
    },
}

/// A fault, the requests it applies to and how often.
#[derive(Debug)]
pub struct Rule {
    route: Route,
    /// Only requests whose body holds these bytes.
    body_containing: Option<String>,
    fault: Fault,
    trigger: Trigger,
    matched: AtomicU64,
    /// When the requests a budget admitted arrived, oldest first, within the last window.
    admitted: Mutex<VecDeque<Instant>>,
}

impl Clone for Rule {
    /// The same rule with its counts at zero.
    fn clone(&self) -> Rule {
        Rule {
            route: self.route.clone(),
            body_containing: self.body_containing.clone(),
            fault: self.fault.clone(),
            trigger: self.trigger,
            matched: AtomicU64::new(0),
            admitted: Mutex::default(),
        }
    }
}

impl Rule {
    /// A rule for `route` that, until [`answer`](Rule::answer) says otherwise, throttles
    /// every matching request with `429 Retry-After: 1`.
    pub fn new(route: Route) -> Rule {
        Rule {
            route,
            body_containing: None,
            fault: Fault::TooManyRequests {
                retry_after: Some(1),
            },
            trigger: Trigger::Always,
            matched: AtomicU64::new(0),
            admitted: Mutex::default(),
        }
    }

    pub fn answer(mut self, fault: Fault) -> Rule {
        self.fault = fault;
        self
    }

    /// Only requests of the route whose body holds `text`, e.g. the one multiscan of many
    /// that carries a given document, to fail that chunk alone. The text is looked for in
    /// the body as sent, so JSON escapes apply: plain ASCII words are safest. Counts
    /// ([`first`](Rule::first), [`nth`](Rule::nth)...) are of these requests only.
    pub fn with_body_containing(mut self, text: impl Into<String>) -> Rule {
        self.body_containing = Some(text.into());
        self
    }

    /// The route this rule looks at (a hold counts its requests).
    pub(crate) fn route(&self) -> &Route {
        &self.route
    }

    /// Only the first matching request.
    pub fn once(self) -> Rule {
        self.first(1)
    }

    /// Only the first `n` matching requests.
    pub fn first(mut self, n: u64) -> Rule {
        self.trigger = Trigger::First(n);
        self
    }

    /// Only the `n`-th matching request (counting from 1).
    pub fn nth(mut self, n: u64) -> Rule {
        self.trigger = Trigger::Nth(n);
        self
    }

    /// About `per_mille` in 1000 matching requests, the same ones for the same `seed`.
    pub fn per_mille(mut self, per_mille: u64, seed: u64) -> Rule {
        self.trigger = Trigger::PerMille { per_mille, seed };
        self
    }

    /// A server's request budget: at most `limit` matching requests within any `window`
    /// (a sliding window); the others get the fault. Refused requests do not use the budget,
    /// so a client that waits as told gets through. The wait is told exactly: a
    /// [`Fault::TooManyRequests`] with a `Retry-After`, a [`Fault::SecondaryRateLimit`] and
    /// a [`Fault::PrimaryRateLimit`] name the seconds until the window frees (rounded up);
    /// other faults answer as given. Each rule counts on its own.
    ///
    /// ```
    /// use std::time::Duration;
    /// use gitguardian_standin::{Fault, Route, Rule};
    ///
    /// // GitGuardian's Business plan: 200 requests a minute per personal token.
    /// let business = Rule::new(Route::any()).over_budget(200, Duration::from_secs(60));
    /// // GitHub's secondary limit on alert listings, 10 a second, as a 403.
    /// let github = Rule::new(Route::get("/orgs/{org}/secret-scanning/alerts"))
    ///     .answer(Fault::SecondaryRateLimit { status: 403, retry_after: 1 })
    ///     .over_budget(10, Duration::from_secs(1));
    /// # let _ = (business, github);
    /// ```
    pub fn over_budget(mut self, limit: u64, window: Duration) -> Rule {
        self.trigger = Trigger::OverBudget { limit, window };
        self
    }

    /// The fault to apply to this request, if the rule triggers.
    pub(crate) fn check(
        &self,
        method: &Method,
        path: &str,
        query: Option<&str>,
        body: &[u8],
    ) -> Option<Cow<'_, Fault>> {
        if !self.route.matches(method, path, query) {
            return None;
        }
        if let Some(text) = &self.body_containing {
            let text = text.as_bytes();
            if !body.windows(text.len().max(1)).any(|window| window == text) {
                return None;
            }
        }
        let n = self.matched.fetch_add(1, Ordering::Relaxed) + 1;
        let triggered = match self.trigger {
            Trigger::Always => true,
            Trigger::First(first) => n <= first,
            Trigger::Nth(nth) => n == nth,
            Trigger::PerMille { per_mille, seed } => {
                let mut state = seed ^ n.wrapping_mul(0xa076_1d64_78bd_642f);
                splitmix(&mut state) % 1000 < per_mille
            }
            Trigger::OverBudget { limit, window } => {
                return self
                    .spend(limit, window)
                    .map(|wait| Cow::Owned(self.fault.waiting(wait)));
            }
        };
        triggered.then_some(Cow::Borrowed(&self.fault))
    }

    /// Admits a request into the budget, or returns how long until the window frees.
    fn spend(&self, limit: u64, window: Duration) -> Option<Duration> {
        let now = Instant::now();
        let mut admitted = self
            .admitted
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        while admitted
            .front()
            .is_some_and(|at| now.duration_since(*at) >= window)
        {
            admitted.pop_front();
        }
        if (admitted.len() as u64) < limit {
            admitted.push_back(now);
            return None;
        }
        // With a budget of 0 nothing is ever admitted: the wait is a whole window.
        let frees = admitted.front().map_or(now + window, |at| *at + window);
        Some(frees.saturating_duration_since(now))
    }
}

impl Fault {
    /// This fault telling the client to wait `wait` (whole seconds, rounded up, at least 1),
    /// for the faults that say how long.
    fn waiting(&self, wait: Duration) -> Fault {
        let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
        let seconds = seconds.max(1);
        match self {
            Fault::TooManyRequests {
                retry_after: Some(_),
            } => Fault::TooManyRequests {
                retry_after: Some(seconds),
            },
            Fault::SecondaryRateLimit { status, .. } => Fault::SecondaryRateLimit {
                status: *status,
                retry_after: seconds,
            },
            Fault::PrimaryRateLimit { .. } => Fault::PrimaryRateLimit { reset_in: seconds },
            other => other.clone(),
        }
    }
}

/// One step of splitmix64: a small, good, seedable hash for reproducible choices.
pub(crate) fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_match_methods_templates_wildcards_and_params() {
        let resolve = Route::post("/v1/incidents/secrets/{incident_id}/resolve");
        assert!(resolve.matches(&Method::POST, "/v1/incidents/secrets/12/resolve", None));
        assert!(!resolve.matches(&Method::GET, "/v1/incidents/secrets/12/resolve", None));
        assert!(!resolve.matches(&Method::POST, "/v1/incidents/secrets/12", None));
        let all = Route::path("/v1/incidents/**");
        assert!(all.matches(&Method::DELETE, "/v1/incidents/secrets/1/notes/2", None));
        assert!(!all.matches(&Method::GET, "/v1/members", None));
        let pages = Route::get("/v1/members").with_param("cursor");
        assert!(pages.matches(&Method::GET, "/v1/members", Some("per_page=5&cursor=x")));
        assert!(!pages.matches(&Method::GET, "/v1/members", Some("per_page=5&cursorx=1")));
        assert!(Route::any().matches(&Method::PATCH, "/anything/at/all", None));
    }

    #[test]
    fn triggers_count_matching_requests_only() {
        let rule = Rule::new(Route::get("/v1/health")).nth(2);
        let hit = |path: &str| rule.check(&Method::GET, path, None, b"").is_some();
        assert!(!hit("/v1/members"));
        assert!(!hit("/v1/health"));
        assert!(hit("/v1/health"));
        assert!(!hit("/v1/health"));

        let rule = Rule::new(Route::any()).first(2);
        let hits = (0..5)
            .filter(|_| rule.check(&Method::GET, "/", None, b"").is_some())
            .count();
        assert_eq!(hits, 2);
    }

    #[test]
    fn a_body_filter_picks_and_counts_only_the_requests_carrying_the_text() {
        let rule = Rule::new(Route::post("/v1/multiscan"))
            .with_body_containing("doc-3")
            .once();
        let hit = |path: &str, body: &str| {
            rule.check(&Method::POST, path, None, body.as_bytes())
                .is_some()
        };
        assert!(!hit("/v1/multiscan", r#"[{"document":"doc-1"}]"#));
        assert!(!hit("/v1/scan", r#"{"document":"doc-3"}"#));
        assert!(hit(
            "/v1/multiscan",
            r#"[{"document":"doc-2"},{"document":"doc-3"}]"#
        ));
        assert!(!hit("/v1/multiscan", r#"[{"document":"doc-3"}]"#), "once");
        assert!(!hit("/v1/multiscan", ""));
    }

    #[test]
    fn a_rate_is_about_right_and_the_same_for_the_same_seed() {
        let count = |seed| {
            let rule = Rule::new(Route::any()).per_mille(300, seed);
            (0..2000)
                .map(|_| rule.check(&Method::GET, "/", None, b"").is_some())
                .collect::<Vec<_>>()
        };
        let first = count(7);
        let hits = first.iter().filter(|hit| **hit).count();
        assert!((500..700).contains(&hits), "{hits}");
        assert_eq!(first, count(7));
        assert_ne!(first, count(8));
    }
}
