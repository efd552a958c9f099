//! What the stand-in saw: every request, in order, for tests to assert on.

use std::collections::HashMap;

use serde_json::Value;

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
    /// The status answered (`0` for an injected connection reset).
    pub status: u16,
    /// The injected fault that answered, if one did ([`crate::Fault::name`]).
    pub fault: Option<&'static str>,
}

impl LoggedRequest {
    /// `"GET /v1/health"`.
    pub fn line(&self) -> String {
        format!("{} {}", self.method, self.path)
    }

    /// Whether `route` matches this request.
    pub fn matches(&self, route: &crate::Route) -> bool {
        self.method
            .parse()
            .is_ok_and(|method| route.matches(&method, &self.path, self.query.as_deref()))
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
    pub(crate) fn of(log: &[LoggedRequest], route: &crate::Route) -> RouteCount {
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
