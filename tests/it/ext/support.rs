//! Shared fixtures: a client pointed at a loopback server, fast retry policies, sample bodies,
//! the stand-in set up for our key, and a tracing capture.

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use chrono::{TimeZone, Utc};
use gitguardian_api_ext::{ClientBuilder, GitGuardian, RetryEvent, RetryPolicy};
use gitguardian_standin::{Fault, LoggedRequest, Member, StandIn, StandInBuilder, Workspace};
use serde_json::{json, Value};

/// The API key used by every test; asserted absent from logs, errors and `Debug` output.
pub const KEY: &str = "ggtest_SECRET_d3adb33f_0123456789abcdef";

/// `gitguardian-api-ext/<version>`.
pub const UA: &str = concat!("gitguardian-api-ext/", env!("CARGO_PKG_VERSION"));

/// Retries with millisecond waits, no jitter: fast and deterministic.
pub fn fast_policy() -> RetryPolicy {
    RetryPolicy::standard()
        .max_attempts(3)
        .base_delay(Duration::from_millis(1))
        .max_delay(Duration::from_millis(5))
        .max_total_wait(Duration::from_secs(2))
        .jitter(false)
}

/// A builder for `base_url` (an httpmock or scripted server) with the test key and fast retries.
pub fn builder(base_url: &str) -> ClientBuilder {
    GitGuardian::builder()
        .api_key(KEY)
        .api_url(base_url)
        .retry_policy(fast_policy())
}

/// A client for `base_url` without retries, for error-mapping tests.
pub fn no_retry_client(base_url: &str) -> GitGuardian {
    builder(base_url)
        .retry_policy(RetryPolicy::disabled())
        .build()
        .expect("client builds")
}

/// Collects retry events given to the `on_retry` hook.
#[derive(Clone, Default)]
pub struct Events(Arc<Mutex<Vec<RetryEvent>>>);

impl Events {
    /// Installs the collector on `builder`.
    pub fn install(&self, builder: ClientBuilder) -> ClientBuilder {
        let events = self.clone();
        builder.on_retry(move |event| events.0.lock().unwrap().push(event.clone()))
    }

    /// The events so far.
    pub fn get(&self) -> Vec<RetryEvent> {
        self.0.lock().unwrap().clone()
    }
}

/// A member as `GET /v1/members/{id}` returns it.
pub fn member_json(id: i64) -> Value {
    json!({
        "id": id,
        "name": "Ada Lovelace",
        "email": "ada@example.com",
        "access_level": "manager",
        "active": true,
        "created_at": "2024-03-01T12:00:00Z",
        "last_login": null
    })
}

/// A team as `POST /v1/teams` and `GET /v1/teams` return it.
pub fn team_json(id: i64) -> Value {
    json!({ "id": id, "name": "Security", "is_global": false, "description": null })
}

/// A stand-in that accepts [`KEY`] (and nothing else: a request it logs with a status other
/// than `401` carried `Authorization: Token <KEY>`).
pub fn stand_in() -> StandInBuilder {
    StandIn::builder().api_key(KEY)
}

/// Members `ids`, named like [`member_json`]'s, as a stand-in workspace.
pub fn members_workspace(ids: impl IntoIterator<Item = i64>) -> Workspace {
    let members = ids.into_iter().map(|id| Member {
        id,
        name: "Ada Lovelace".into(),
        email: "ada@example.com".into(),
        access_level: "manager".into(),
        active: true,
        created_at: Utc.with_ymd_and_hms(2024, 3, 1, 12, 0, 0).unwrap(),
        last_login: None,
    });
    Workspace {
        members: members.collect(),
        ..Workspace::default()
    }
}

/// A fault answering `status` with a JSON `body` and `headers` (`(name, value)` each).
pub fn canned(status: u16, headers: &[(&str, &str)], body: &str) -> Fault {
    let mut headers: Vec<(String, String)> = headers
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect();
    headers.push(("content-type".into(), "application/json".into()));
    Fault::Canned {
        status,
        headers,
        body: body.into(),
    }
}

/// The `X-Request-ID` a stand-in gives its `n`-th answer (from 0), faults included.
pub fn request_id(n: u64) -> String {
    format!("5f0c1e2d-7a3b-4c5d-9e8f-{n:012x}")
}

/// The `cursor` each logged request sent, in order.
pub fn cursors(log: &[LoggedRequest]) -> Vec<Option<String>> {
    log.iter()
        .map(|r| r.params.get("cursor").cloned())
        .collect()
}

/// A port on 127.0.0.1 where nothing listens (bound, then released).
pub fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    drop(listener);
    port
}

/// A `tracing` writer into a shared buffer.
#[derive(Clone, Default)]
pub struct Captured(Arc<Mutex<Vec<u8>>>);

impl Captured {
    /// Everything written so far.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).to_string()
    }
}

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Captured {
    type Writer = Captured;

    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

/// A subscriber printing every event and span at TRACE level into `capture`, for use with
/// `tracing::subscriber::set_default` on the test's thread.
///
/// tracing-core caches each callsite's interest process-wide. While a single dispatcher is
/// registered it computes that interest from the *calling thread's* default, so a callsite
/// first hit by a parallel test (no subscriber) would be cached as "never" and this capture
/// would miss it. A second dispatcher, kept alive for the whole run, makes tracing ask every
/// registered dispatcher instead.
pub fn trace_subscriber(capture: &Captured) -> impl tracing::Subscriber + Send + Sync {
    static KEEPER: OnceLock<tracing::Dispatch> = OnceLock::new();
    KEEPER.get_or_init(|| tracing::Dispatch::new(tracing::subscriber::NoSubscriber::default()));
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(capture.clone())
        .finish()
}
