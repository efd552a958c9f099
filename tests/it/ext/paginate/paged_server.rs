//! An in-process list server for the pipelining and export tests: `GET /v1/members` and
//! `GET /v1/audit_logs` (with `date_after` / `date_before`, newest or oldest first), cursor paging with
//! `Link`, bodies sent in two chunks with a pause between them, and a plan saying how each
//! request is answered (a page, a 429, a 500, HTML, or a page whose body waits for the next
//! request to arrive). It records what it was asked and how many answers were in flight.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::{header, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use chrono::{DateTime, Utc};
use serde_json::Value;

use super::audit_log;
use super::in_flight::{two_chunks, Gauge};
use crate::ext::support::member_json;

/// How one request is answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    /// The page asked for.
    Page,
    /// `429` with `Retry-After: 0`.
    Throttle,
    /// `500`.
    Fail,
    /// `200` with an HTML body (what a wrong instance URL answers).
    Html,
    /// The page, its body finished only once the server has seen `n` requests in all (or
    /// after 5 s, which the server records as a missed pipeline).
    PageHeldUntil(usize),
}

/// How each request is answered, from its sequence number (0-based) and the offset it asks
/// for.
pub type Plan = Box<dyn Fn(usize, usize) -> Answer + Send + Sync>;

/// One request the server saw.
#[derive(Clone, Debug)]
pub struct Seen {
    pub offset: usize,
    pub query: HashMap<String, String>,
}

/// How date filters compare (the API does not document whether bounds are included).
#[derive(Clone, Copy, Debug)]
pub enum Bounds {
    Inclusive,
    Exclusive,
}

struct Shared {
    config: PagedServerBuilder,
    seen: Mutex<Vec<Seen>>,
    gauge: Arc<Gauge>,
}

/// A running server; stops with the test's runtime.
pub struct PagedServer {
    pub base_url: String,
    shared: Arc<Shared>,
}

/// Builds a [`PagedServer`].
pub struct PagedServerBuilder {
    members: usize,
    /// Audit logs: id and date, in id order (which is date order).
    logs: Vec<(i64, DateTime<Utc>)>,
    bounds: Bounds,
    oldest_first: bool,
    pause: Duration,
    plan: Plan,
}

impl PagedServer {
    /// `members` members (ids 1..=members), no audit logs, every request answered with its
    /// page, a pause of 20 ms inside each body.
    pub fn builder(members: usize) -> PagedServerBuilder {
        PagedServerBuilder {
            members,
            logs: Vec::new(),
            bounds: Bounds::Inclusive,
            oldest_first: false,
            pause: Duration::from_millis(20),
            plan: Box::new(|_, _| Answer::Page),
        }
    }

    /// The requests seen, in arrival order.
    pub fn seen(&self) -> Vec<Seen> {
        self.shared.seen.lock().unwrap().clone()
    }

    /// The offsets asked for, in arrival order.
    pub fn offsets(&self) -> Vec<usize> {
        self.seen().iter().map(|s| s.offset).collect()
    }

    /// The most answers that were being sent at once (headers sent, body not finished).
    pub fn max_in_flight(&self) -> usize {
        self.shared.gauge.max_in_flight()
    }

    /// Whether a held body gave up waiting for the request after it.
    pub fn missed_pipeline(&self) -> bool {
        self.shared.gauge.missed_pipeline()
    }
}

impl PagedServerBuilder {
    pub fn plan(mut self, plan: impl Fn(usize, usize) -> Answer + Send + Sync + 'static) -> Self {
        self.plan = Box::new(plan);
        self
    }

    pub fn pause(mut self, pause: Duration) -> Self {
        self.pause = pause;
        self
    }

    /// Audit logs dated `dates` (ids 1.., in that order; dates must not decrease).
    pub fn logs(mut self, dates: impl IntoIterator<Item = DateTime<Utc>>) -> Self {
        self.logs = dates.into_iter().zip(1..).map(|(d, id)| (id, d)).collect();
        self
    }

    pub fn bounds(mut self, bounds: Bounds) -> Self {
        self.bounds = bounds;
        self
    }

    /// Audit logs oldest first (the default is newest first).
    pub fn oldest_first(mut self) -> Self {
        self.oldest_first = true;
        self
    }

    pub async fn start(self) -> PagedServer {
        let shared = Arc::new(Shared {
            config: self,
            seen: Mutex::default(),
            gauge: Arc::default(),
        });
        let router = Router::new()
            .route("/v1/members", get(members))
            .route("/v1/audit_logs", get(audit_logs))
            .with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
            .await
            .unwrap();
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, router).await });
        PagedServer { base_url, shared }
    }
}

type Params = Query<HashMap<String, String>>;

async fn members(State(shared): State<Arc<Shared>>, uri: Uri, Query(query): Params) -> Response {
    let items: Vec<Value> = (1..=shared.config.members as i64)
        .map(member_json)
        .collect();
    answer(&shared, uri.path(), query, items)
}

async fn audit_logs(State(shared): State<Arc<Shared>>, uri: Uri, Query(query): Params) -> Response {
    let date = |name: &str| {
        query
            .get(name)
            .map(|v| DateTime::parse_from_rfc3339(v).unwrap().to_utc())
    };
    let (after, before) = (date("date_after"), date("date_before"));
    let within = |d: &DateTime<Utc>| match shared.config.bounds {
        Bounds::Inclusive => after.is_none_or(|a| *d >= a) && before.is_none_or(|b| *d <= b),
        Bounds::Exclusive => after.is_none_or(|a| *d > a) && before.is_none_or(|b| *d < b),
    };
    let mut logs: Vec<&(i64, DateTime<Utc>)> =
        shared.config.logs.iter().filter(|l| within(&l.1)).collect();
    if !shared.config.oldest_first {
        logs.reverse();
    }
    let items = logs
        .into_iter()
        .map(|(id, d)| {
            let mut log = audit_log(*id);
            log["date"] = Value::String(d.to_rfc3339());
            log
        })
        .collect();
    answer(&shared, uri.path(), query, items)
}

fn answer(
    shared: &Arc<Shared>,
    path: &str,
    query: HashMap<String, String>,
    items: Vec<Value>,
) -> Response {
    let offset: usize = query
        .get("cursor")
        .map(|c| c.strip_prefix('o').unwrap().parse().unwrap())
        .unwrap_or(0);
    let per_page: usize = query.get("per_page").map_or(20, |p| p.parse().unwrap());
    let sequence = shared.gauge.arrive();
    shared.seen.lock().unwrap().push(Seen {
        offset,
        query: query.clone(),
    });
    let end = (offset + per_page).min(items.len());
    let link = (end < items.len()).then(|| {
        format!("<http://localhost:1{path}?cursor=o{end}&per_page={per_page}>; rel=\"next\"")
    });
    let mut response = Response::builder()
        .status(200)
        .header(header::CONTENT_TYPE, "application/json");
    if let Some(link) = link {
        response = response.header(header::LINK, link);
    }
    let held = match (shared.config.plan)(sequence, offset) {
        Answer::Page => None,
        Answer::PageHeldUntil(n) => Some(n),
        Answer::Throttle => {
            return (
                StatusCode::TOO_MANY_REQUESTS,
                [(header::RETRY_AFTER, "0")],
                r#"{"detail":"Request was throttled."}"#,
            )
                .into_response()
        }
        Answer::Fail => {
            return (StatusCode::INTERNAL_SERVER_ERROR, r#"{"detail":"boom"}"#).into_response()
        }
        // With the page's `Link`: the next page is fetched ahead of a body that fails.
        Answer::Html => return response.body(Body::from("<html>login</html>")).unwrap(),
    };
    let body = Value::Array(items[offset.min(end)..end].to_vec()).to_string();
    response
        .body(Body::from_stream(two_chunks(
            shared.gauge.clone(),
            body,
            held,
            shared.config.pause,
        )))
        .unwrap()
}
