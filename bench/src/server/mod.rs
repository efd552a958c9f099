//! A loopback server playing GitGuardian for the benchmarks: `GET /v1/members` and
//! `GET /v1/audit_logs` (cursor pagination with `Link`, `per_page` up to 100, date filters on
//! audit logs), `GET /v1/metadata`, `POST /v1/multiscan`.
//!
//! It runs on its own Tokio runtime and threads, so a client that blocks (or a Python child
//! process) cannot slow it down through the bench's runtime. Every answer can be delayed by a
//! fixed latency, and a share of list answers can be `429` with `Retry-After: 0`.

mod audit_logs;
mod counters;
pub mod cursor;
mod members;
mod scan;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use tokio::sync::oneshot;

pub use counters::{Counters, Snapshot};

/// The API key clients must send (`Authorization: Token <KEY>`).
pub const API_KEY: &str = "bench-key-0123456789";

/// How the server behaves.
#[derive(Clone, Copy, Debug)]
pub struct ServerConfig {
    /// Members served by `GET /v1/members`.
    pub members: usize,
    /// Entries served by `GET /v1/audit_logs`, one a minute from
    /// [`FIRST_AUDIT_LOG`](crate::corpus::FIRST_AUDIT_LOG).
    pub audit_logs: usize,
    /// Added to every answer.
    pub latency: Duration,
    /// Share of list answers that are `429` (per mille), chosen by a seeded hash of the
    /// request's sequence number: reproducible from run to run.
    pub throttle_per_mille: u32,
}

/// State shared by the handlers.
struct AppState {
    config: ServerConfig,
    /// `http://127.0.0.1:<port>`, for `Link` headers.
    origin: String,
    /// Each member's JSON, ready to be joined into pages.
    members: Vec<String>,
    /// The bodies of the pages of 100 (the size every contender asks for), joined once: the
    /// server should cost as little as possible, so that what is measured is the client.
    full_pages: Vec<axum::body::Bytes>,
    /// Each audit log entry's JSON and date, oldest first.
    audit_logs: Vec<String>,
    audit_log_dates: Vec<chrono::DateTime<chrono::Utc>>,
    counters: Counters,
    /// Sequence number of list requests, for the throttling decision.
    list_sequence: std::sync::atomic::AtomicU64,
}

/// A running server; stopped when dropped.
pub struct Server {
    origin: String,
    state: Arc<AppState>,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    /// Binds 127.0.0.1 on a free port and starts serving.
    pub fn start(config: ServerConfig) -> std::io::Result<Server> {
        let listener = std::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))?;
        listener.set_nonblocking(true)?;
        let origin = format!("http://{}", listener.local_addr()?);
        let members: Vec<String> = (0..config.members)
            .map(crate::corpus::member_json)
            .collect();
        let full_pages = members
            .chunks(members::FULL_PAGE)
            .map(|page| format!("[{}]", page.join(",")).into())
            .collect();
        let state = Arc::new(AppState {
            config,
            origin: origin.clone(),
            members,
            full_pages,
            audit_logs: (0..config.audit_logs)
                .map(crate::corpus::audit_log_json)
                .collect(),
            audit_log_dates: audit_logs::dates(config.audit_logs),
            counters: Counters::default(),
            list_sequence: Default::default(),
        });
        let router = Router::new()
            .route("/v1/members", get(members::list))
            .route("/v1/audit_logs", get(audit_logs::list))
            .route("/v1/metadata", get(scan::metadata))
            .route("/v1/multiscan", post(scan::multiscan))
            .fallback(not_found)
            // The API's payload limit, plus room for framing.
            .layer(DefaultBodyLimit::max(27 * 1024 * 1024))
            .with_state(state.clone());
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("bench-server")
            .enable_all()
            .build()?;
        let (stop, stopped) = oneshot::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("bench-server-main".into())
            .spawn(move || {
                runtime.block_on(async move {
                    let listener = match tokio::net::TcpListener::from_std(listener) {
                        Ok(listener) => listener,
                        Err(error) => {
                            eprintln!("bench server: {error}");
                            return;
                        }
                    };
                    tokio::select! {
                        result = axum::serve(listener, router) => {
                            if let Err(error) = result {
                                eprintln!("bench server: {error}");
                            }
                        }
                        _ = stopped => {}
                    }
                });
                // Open keep-alive connections must not keep the process alive.
                runtime.shutdown_timeout(Duration::from_millis(500));
            })?;
        Ok(Server {
            origin,
            state,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// `http://127.0.0.1:<port>`.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// `http://127.0.0.1:<port>/v1`.
    pub fn api_url(&self) -> String {
        format!("{}/v1", self.origin)
    }

    /// What the server has seen so far.
    pub fn snapshot(&self) -> Snapshot {
        self.state.counters.snapshot()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Answers every request after the configured latency; refuses a missing or wrong key.
async fn admit(state: &AppState, headers: &HeaderMap) -> Result<(), Response> {
    if !state.config.latency.is_zero() {
        tokio::time::sleep(state.config.latency).await;
    }
    let expected = format!("Token {API_KEY}");
    match headers.get(header::AUTHORIZATION) {
        Some(value) if value.as_bytes() == expected.as_bytes() => Ok(()),
        _ => {
            Counters::add(&state.counters.rejected, 1);
            Err((
                StatusCode::UNAUTHORIZED,
                [(header::WWW_AUTHENTICATE, "Token")],
                json_body(r#"{"detail":"Invalid API key."}"#.to_owned()),
            )
                .into_response())
        }
    }
}

/// A `{"detail": ...}` error answer.
fn detail(state: &AppState, status: StatusCode, message: &str) -> Response {
    Counters::add(&state.counters.rejected, 1);
    let body = serde_json::json!({ "detail": message }).to_string();
    (status, json_body(body)).into_response()
}

/// A JSON body with its content type.
fn json_body(body: String) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], body).into_response()
}

async fn not_found(axum::extract::State(state): axum::extract::State<Arc<AppState>>) -> Response {
    detail(&state, StatusCode::NOT_FOUND, "Not found.")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(members: usize, throttle_per_mille: u32) -> ServerConfig {
        ServerConfig {
            members,
            audit_logs: 250,
            latency: Duration::ZERO,
            throttle_per_mille,
        }
    }

    async fn get(url: &str) -> reqwest::Response {
        static HTTP: std::sync::OnceLock<reqwest::Client> = std::sync::OnceLock::new();
        HTTP.get_or_init(reqwest::Client::new)
            .get(url)
            .header("authorization", format!("Token {API_KEY}"))
            .send()
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn pages_link_to_the_next_cursor_until_the_last() {
        let server = Server::start(config(250, 0)).unwrap();
        let first = get(&format!("{}/members?per_page=100", server.api_url())).await;
        let link = first.headers()["link"].to_str().unwrap().to_owned();
        let next = format!(
            "<{}/v1/members?cursor={}&per_page=100>; rel=\"next\"",
            server.origin(),
            cursor::percent_encode(&cursor::encode(100))
        );
        assert_eq!(link, next);
        let items: Vec<serde_json::Value> = first.json().await.unwrap();
        assert_eq!(items.len(), 100);

        let last = get(&format!(
            "{}/members?per_page=100&cursor={}",
            server.api_url(),
            cursor::percent_encode(&cursor::encode(200))
        ))
        .await;
        let link = last.headers()["link"].to_str().unwrap().to_owned();
        assert!(link.contains("rel=\"prev\"") && !link.contains("rel=\"next\""));
        let items: Vec<serde_json::Value> = last.json().await.unwrap();
        assert_eq!(items.len(), 50);
        assert_eq!(server.snapshot().list_requests, 2);
    }

    #[tokio::test]
    async fn audit_logs_are_newest_first_within_inclusive_date_bounds() {
        let server = Server::start(config(0, 0)).unwrap();
        let at = |i: usize| {
            crate::corpus::audit_log_date(i)
                .format("%Y-%m-%dT%H:%M:%SZ")
                .to_string()
        };
        let url = format!(
            "{}/audit_logs?per_page=100&date_after={}&date_before={}",
            server.api_url(),
            at(10),
            at(209)
        );
        let first = get(&url).await;
        assert!(first.headers()["link"]
            .to_str()
            .unwrap()
            .contains("date_after="));
        let items: Vec<serde_json::Value> = first.json().await.unwrap();
        let ids: Vec<i64> = items.iter().map(|i| i["id"].as_i64().unwrap()).collect();
        // Entries 10..=209 (ids 11..=210), newest first.
        assert_eq!(ids, (111..=210).rev().collect::<Vec<_>>());
        let last = get(&format!(
            "{url}&cursor={}",
            cursor::percent_encode(&cursor::encode(100))
        ))
        .await;
        assert!(last.headers().get("link").is_none());
        let items: Vec<serde_json::Value> = last.json().await.unwrap();
        assert_eq!(items.len(), 100);
        assert_eq!(items[99]["id"], 11);
    }

    #[tokio::test]
    async fn bad_requests_are_refused() {
        let server = Server::start(config(10, 0)).unwrap();
        for query in ["per_page=101", "per_page=0", "cursor=bogus"] {
            let answer = get(&format!("{}/members?{query}", server.api_url())).await;
            assert_eq!(answer.status(), 400, "{query}");
        }
        let anonymous = reqwest::get(format!("{}/members", server.api_url()))
            .await
            .unwrap();
        assert_eq!(anonymous.status(), 401);
        assert_eq!(server.snapshot().rejected, 4);
    }

    #[tokio::test]
    async fn the_storm_throttles_about_the_configured_share() {
        let server = Server::start(config(10, 300)).unwrap();
        let mut throttled = 0;
        for _ in 0..400 {
            let answer = get(&format!("{}/members", server.api_url())).await;
            if answer.status() == 429 {
                assert_eq!(answer.headers()["retry-after"], "0");
                throttled += 1;
            }
        }
        assert!((80..160).contains(&throttled), "{throttled}");
        assert_eq!(server.snapshot().list_throttled, throttled);
    }
}
