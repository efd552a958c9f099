//! What the stand-in saw: every request, in the order answered, and the requests still being
//! answered, for tests to assert on (counts, concurrency) and for faults to wait on.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::http::Method;
use serde_json::Value;
use tokio::sync::watch;

use crate::fault::{Route, Until};

/// One request as the stand-in saw it, and what it answered.
#[derive(Clone, Debug, PartialEq)]
pub struct LoggedRequest {
    /// `GET`, `POST`...
    pub method: String,
    /// The path, e.g. `/v1/incidents/secrets`.
    pub path: String,
    /// The raw query string, if any.
    pub query: Option<String>,
    /// The query parameters, decoded.
    pub params: HashMap<String, String>,
    /// The `Host` header.
    pub host: Option<String>,
    /// The `User-Agent` header (other headers are not kept: `Authorization` holds the key).
    pub user_agent: Option<String>,
    /// The JSON body, if one was sent (a string when it was not JSON). `None` too when the
    /// stand-in was told not to keep bodies.
    pub body: Option<Value>,
    /// Bytes of the body as received, kept even when the body is not: what a payload limit
    /// counts, which re-encoding [`body`](Self::body) would not give exactly.
    pub body_size: usize,
    /// The status answered (`0` for an injected connection reset).
    pub status: u16,
    /// The injected fault that answered, if one did ([`crate::Fault::name`]).
    pub fault: Option<&'static str>,
    /// Whether a hold on this request ([`Fault::HoldUntil`](crate::Fault::HoldUntil) or
    /// [`Fault::HoldBodyUntil`](crate::Fault::HoldBodyUntil)) gave up at
    /// [`HOLD_CAP`](crate::HOLD_CAP) because its condition never held: what a test asserts
    /// to prove that a client did *not* do something (send a second page before the first
    /// was handed out, say), or that a hold is a real check.
    pub hold_timed_out: bool,
    /// When it arrived and when it was answered, on the log's clock (one tick per arrival or
    /// answer): what [`InFlight`] is computed from.
    pub(crate) span: (u64, u64),
}

impl LoggedRequest {
    /// `"GET /v1/health"`.
    pub fn line(&self) -> String {
        format!("{} {}", self.method, self.path)
    }

    /// When it arrived, on the log's clock: the log is in the order answered, and sorting it
    /// by this gives the order received, which differs when answers are held or slow.
    pub fn arrival(&self) -> u64 {
        self.span.0
    }

    /// Whether `route` matches this request.
    pub fn matches(&self, route: &crate::Route) -> bool {
        self.method
            .parse()
            .is_ok_and(|method| route.matches(&method, &self.path, self.query.as_deref()))
    }
}

/// How many requests of one route were being answered at once: see
/// [`crate::StandIn::in_flight`].
///
/// A request is in flight from when its body has been read until its answer is logged: when
/// the handler (or a fault) has made the answer, which is before the client receives it, or,
/// for an answer whose body is held ([`Fault::HoldBodyUntil`](crate::Fault::HoldBodyUntil)),
/// when the last part of that body is sent. A client that waits for an answer before sending
/// its next request is never seen with two in flight; one that asks for the next page while
/// a held body is still arriving is seen with both.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct InFlight {
    /// Being answered now (held by a fault, say).
    pub now: u64,
    /// The most at any one time, over the requests logged (since the last
    /// [`clear_requests`](crate::StandIn::clear_requests)) and those in flight now.
    pub max: u64,
}

/// The request log, and the requests received but not answered yet.
///
/// Faults that hold a request until other requests arrive or finish
/// ([`Fault::HoldUntil`](crate::Fault::HoldUntil)) wait on its changes, so ordering can be
/// arranged without sleeping.
///
/// Cloning gives another handle on the same log: a held body keeps one until it is sent.
#[derive(Clone)]
pub(crate) struct RequestLog {
    state: Arc<Mutex<Traffic>>,
    /// Bumped on every arrival and answer, to wake the requests waiting on a condition.
    changed: Arc<watch::Sender<()>>,
}

#[derive(Default)]
struct Traffic {
    answered: Vec<LoggedRequest>,
    pending: Vec<Pending>,
    /// The clock: one tick per arrival or answer.
    ticks: u64,
}

/// A request received and not answered yet.
struct Pending {
    arrived: u64,
    method: Method,
    path: String,
    query: Option<String>,
}

impl Pending {
    fn matches(&self, route: &Route) -> bool {
        route.matches(&self.method, &self.path, self.query.as_deref())
    }
}

impl Traffic {
    fn tick(&mut self) -> u64 {
        self.ticks += 1;
        self.ticks
    }

    fn in_flight(&self, route: &Route) -> InFlight {
        // +1 when a request arrives, -1 when it is answered; ticks are unique, so sorting
        // them replays the traffic in order.
        let mut events: Vec<(u64, i64)> = Vec::new();
        for request in self.answered.iter().filter(|r| r.matches(route)) {
            events.push((request.span.0, 1));
            events.push((request.span.1, -1));
        }
        let pending = self.pending.iter().filter(|p| p.matches(route));
        events.extend(pending.map(|p| (p.arrived, 1)));
        events.sort_unstable();
        let (mut now, mut max) = (0i64, 0i64);
        for (_, change) in events {
            now += change;
            max = max.max(now);
        }
        InFlight {
            now: now.unsigned_abs(),
            max: max.unsigned_abs(),
        }
    }

    /// Requests matching `route` answered so far.
    fn answered_on(&self, route: &Route) -> u64 {
        self.answered.iter().filter(|r| r.matches(route)).count() as u64
    }

    /// Requests matching `route` received so far, answered or not.
    fn arrived_on(&self, route: &Route) -> u64 {
        let pending = self.pending.iter().filter(|p| p.matches(route)).count() as u64;
        self.answered_on(route) + pending
    }

    fn reached(&self, route: &Route, until: &Until) -> bool {
        match until {
            Until::InFlight(n) => self.in_flight(route).max >= *n,
            Until::Answered(n) => self.answered_on(route) >= *n,
            Until::Arrived(n) => self.arrived_on(route) >= *n,
            Until::AnsweredOn(other, n) => self.answered_on(other) >= *n,
        }
    }
}

impl Default for RequestLog {
    fn default() -> RequestLog {
        RequestLog {
            state: Arc::default(),
            changed: Arc::new(watch::Sender::new(())),
        }
    }
}

impl RequestLog {
    fn state(&self) -> MutexGuard<'_, Traffic> {
        crate::routes::lock(&self.state)
    }

    /// Records a request as in flight; [`Ticket::answer`] logs it. A ticket dropped
    /// unanswered (the client went away) just takes the request out of flight.
    pub fn arrive(&self, method: &Method, path: &str, query: Option<&str>) -> Ticket {
        let arrived = {
            let mut state = self.state();
            let arrived = state.tick();
            state.pending.push(Pending {
                arrived,
                method: method.clone(),
                path: path.to_string(),
                query: query.map(str::to_string),
            });
            arrived
        };
        self.changed.send_replace(());
        Ticket {
            log: self.clone(),
            arrived,
            answered: false,
        }
    }

    /// The requests answered so far, in the order answered.
    pub fn entries(&self) -> Vec<LoggedRequest> {
        self.state().answered.clone()
    }

    /// Forgets the requests answered so far; those in flight are logged when answered.
    pub fn clear(&self) {
        self.state().answered.clear();
    }

    pub fn count(&self, route: &Route) -> RouteCount {
        RouteCount::of(&self.state().answered, route)
    }

    pub fn in_flight(&self, route: &Route) -> InFlight {
        self.state().in_flight(route)
    }

    /// Requests matching `route` received since the last [`clear`](Self::clear), answered
    /// or still in flight.
    pub fn arrived(&self, route: &Route) -> u64 {
        self.state().arrived_on(route)
    }

    /// Waits until `until` holds for the requests of `route`, at most `cap`; whether it did.
    pub async fn wait(&self, route: &Route, until: Until, cap: Duration) -> bool {
        let deadline = tokio::time::Instant::now() + cap;
        // Subscribed before the first check, so a change made after it is not missed.
        let mut changes = self.changed.subscribe();
        loop {
            if self.state().reached(route, &until) {
                return true;
            }
            match tokio::time::timeout_at(deadline, changes.changed()).await {
                Ok(Ok(())) => {}
                Ok(Err(_)) | Err(_) => return false,
            }
        }
    }
}

/// A request in flight; see [`RequestLog::arrive`].
pub(crate) struct Ticket {
    log: RequestLog,
    arrived: u64,
    /// Set by [`answer`](Ticket::answer), which takes the request out of flight itself.
    answered: bool,
}

impl Ticket {
    /// Logs the request as answered now; `entry`'s span is set here.
    pub fn answer(mut self, mut entry: LoggedRequest) {
        {
            let mut state = self.log.state();
            let answered = state.tick();
            state.pending.retain(|p| p.arrived != self.arrived);
            entry.span = (self.arrived, answered);
            state.answered.push(entry);
        }
        self.answered = true;
        self.log.changed.send_replace(());
    }
}

impl Drop for Ticket {
    fn drop(&mut self) {
        if self.answered {
            return;
        }
        self.log
            .state()
            .pending
            .retain(|p| p.arrived != self.arrived);
        self.log.changed.send_replace(());
    }
}

/// What the requests of one route got: see [`crate::StandIn::count`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RouteCount {
    pub requests: u64,
    /// Answered by an injected fault.
    pub faults: u64,
    /// Answered `4xx` (a fault's `429` included).
    pub refused: u64,
}

impl RouteCount {
    /// What the requests of `log` matching `route` got.
    fn of(log: &[LoggedRequest], route: &Route) -> RouteCount {
        let mut count = RouteCount::default();
        for request in log.iter().filter(|r| r.matches(route)) {
            count.requests += 1;
            count.faults += u64::from(request.fault.is_some());
            count.refused += u64::from((400..500).contains(&request.status));
        }
        count
    }

    /// What happened between `earlier` and `self`.
    pub fn since(self, earlier: RouteCount) -> RouteCount {
        RouteCount {
            requests: self.requests - earlier.requests,
            faults: self.faults - earlier.faults,
            refused: self.refused - earlier.refused,
        }
    }
}

/// Counts for the whole server.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counters {
    /// Every request received.
    pub requests: u64,
    /// Answered with a fault.
    pub faults: u64,
    /// Refused for a wrong or missing key.
    pub unauthorized: u64,
    /// Scan quota spent: one per `/v1/scan` or `/v1/multiscan` request answered `200`.
    pub quota_used: u64,
    /// Documents scanned.
    pub documents_scanned: u64,
}

impl Counters {
    /// What happened between `earlier` and `self`.
    pub fn since(self, earlier: Counters) -> Counters {
        Counters {
            requests: self.requests - earlier.requests,
            faults: self.faults - earlier.faults,
            unauthorized: self.unauthorized - earlier.unauthorized,
            quota_used: self.quota_used - earlier.quota_used,
            documents_scanned: self.documents_scanned - earlier.documents_scanned,
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A `200` answer to `method path`, as the gate logs it.
    pub(crate) fn entry(method: &str, path: &str) -> LoggedRequest {
        LoggedRequest {
            method: method.into(),
            path: path.into(),
            query: None,
            params: HashMap::new(),
            host: None,
            user_agent: None,
            body: None,
            body_size: 0,
            status: 200,
            fault: None,
            hold_timed_out: false,
            span: (0, 0),
        }
    }

    #[test]
    fn in_flight_replays_arrivals_and_answers_per_route() {
        let log = RequestLog::default();
        let scans = Route::post("/v1/multiscan");
        let arrive = || log.arrive(&Method::POST, "/v1/multiscan", None);
        let (first, second) = (arrive(), arrive());
        let health = log.arrive(&Method::GET, "/v1/health", None);
        first.answer(entry("POST", "/v1/multiscan"));
        let third = arrive();
        assert_eq!(log.in_flight(&scans), InFlight { now: 2, max: 2 });
        second.answer(entry("POST", "/v1/multiscan"));
        third.answer(entry("POST", "/v1/multiscan"));
        health.answer(entry("GET", "/v1/health"));
        assert_eq!(log.in_flight(&scans), InFlight { now: 0, max: 2 });
        assert_eq!(log.in_flight(&Route::any()), InFlight { now: 0, max: 3 });

        let one_by_one = RequestLog::default();
        for _ in 0..3 {
            one_by_one
                .arrive(&Method::POST, "/v1/multiscan", None)
                .answer(entry("POST", "/v1/multiscan"));
        }
        assert_eq!(one_by_one.in_flight(&scans), InFlight { now: 0, max: 1 });
    }

    #[test]
    fn a_request_dropped_unanswered_leaves_flight_and_the_log_alone() {
        let log = RequestLog::default();
        drop(log.arrive(&Method::GET, "/v1/health", None));
        assert_eq!(log.in_flight(&Route::any()), InFlight::default());
        assert!(log.entries().is_empty());
    }

    #[tokio::test]
    async fn a_wait_ends_when_its_condition_holds_or_at_the_cap() {
        let log = RequestLog::default();
        let route = Route::post("/v1/multiscan");
        let held = log.arrive(&Method::POST, "/v1/multiscan", None);
        let other = log.arrive(&Method::POST, "/v1/multiscan", None);
        let waiting = log.wait(&route, Until::Answered(1), Duration::from_secs(30));
        let answering = async {
            tokio::task::yield_now().await;
            other.answer(entry("POST", "/v1/multiscan"));
        };
        let (reached, ()) = tokio::join!(waiting, answering);
        assert!(reached, "released by the answer, long before the cap");
        assert!(log.wait(&route, Until::InFlight(2), Duration::ZERO).await);
        assert!(
            !log.wait(&route, Until::InFlight(3), Duration::from_millis(10))
                .await,
            "never three at once: the cap ends the wait"
        );
        held.answer(entry("POST", "/v1/multiscan"));
        assert_eq!(log.entries().len(), 2);
    }

    #[tokio::test]
    async fn arrivals_count_requests_answered_and_in_flight_until_a_clear() {
        let log = RequestLog::default();
        let members = Route::get("/v1/members");
        let first = log.arrive(&Method::GET, "/v1/members", None);
        assert!(log.wait(&members, Until::Arrived(1), Duration::ZERO).await);
        assert!(!log.wait(&members, Until::Arrived(2), Duration::ZERO).await);
        assert!(!log.wait(&members, Until::Answered(1), Duration::ZERO).await);
        first.answer(entry("GET", "/v1/members"));
        let _second = log.arrive(&Method::GET, "/v1/members", None);
        let _other = log.arrive(&Method::GET, "/v1/teams", None);
        assert_eq!(log.arrived(&members), 2, "one answered, one in flight");
        assert!(log.wait(&members, Until::Arrived(2), Duration::ZERO).await);
        log.clear();
        assert_eq!(log.arrived(&members), 1, "the answered one is forgotten");
    }

    #[test]
    fn arrival_gives_the_order_received_where_the_log_is_the_order_answered() {
        let log = RequestLog::default();
        let later = log.arrive(&Method::GET, "/v1/members", None);
        let early = log.arrive(&Method::GET, "/v1/members", None);
        early.answer(entry("GET", "/v1/members"));
        later.answer(entry("GET", "/v1/members"));
        let answered = log.entries();
        assert!(answered[0].arrival() > answered[1].arrival());
    }

    #[tokio::test]
    async fn a_wait_can_count_the_answers_of_another_route() {
        let log = RequestLog::default();
        let metadata = Route::get("/v1/metadata");
        let scans = Until::AnsweredOn(Route::post("/v1/multiscan"), 1);
        assert!(!log.wait(&metadata, scans.clone(), Duration::ZERO).await);
        log.arrive(&Method::GET, "/v1/metadata", None)
            .answer(entry("GET", "/v1/metadata"));
        assert!(
            !log.wait(&metadata, scans.clone(), Duration::ZERO).await,
            "answers of the rule's own route do not count"
        );
        log.arrive(&Method::POST, "/v1/multiscan", None)
            .answer(entry("POST", "/v1/multiscan"));
        assert!(log.wait(&metadata, scans, Duration::ZERO).await);
    }
}
