//! An embedded GitGuardian stand-in: a small HTTP server on 127.0.0.1, inside the process, that
//! answers the requests of the remediation workflow with made-up but realistic data, so the
//! example runs on a fresh machine without an account.
//!
//! It behaves like the real API where it matters to a client:
//! * `Authorization: Token <key>` is checked on every request (`401 Invalid API key.`).
//! * Lists are cursor-paginated, with the next page announced in a `Link` header whose URL has
//!   the wrong host (`http://localhost/exposed/v1/...`), as some self-hosted instances send: a
//!   client must take only the `cursor` from it. Pages hold at most [`PAGE_CAP`] items, so the
//!   30 incidents below take several pages whatever `per_page` asks.
//! * The first request for a second page is answered `429` with `Retry-After: 1`, once.
//! * One incident has a severity the spec does not know (`urgent`).
//! * Assign, share, resolve and ignore change the incidents, so a second listing shows it.
//!
//! Every request is recorded ([`StandIn::requests`]) for the example's tests. The module is
//! self-contained: the example's `main.rs` and `tests/it/examples.rs` both include it.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use gitguardian_api_ext::ClientBuilder;
use serde_json::{json, Value};
use tokio::net::TcpListener;
use tokio::sync::oneshot;

/// The only key the stand-in accepts. Not a secret: it opens nothing but the stand-in.
pub const STAND_IN_KEY: &str = "standin-demo-key-not-a-secret";

/// Most items on one page, whatever `per_page` asks (the real API allows 100).
pub const PAGE_CAP: usize = 10;

/// Where the `Link` header says the next page is: the wrong host, on purpose.
const WRONG_HOST_API: &str = "http://localhost/exposed/v1";

/// The id of the API token behind [`STAND_IN_KEY`], as resolve and ignore record it.
const STAND_IN_TOKEN_ID: &str = "b7e2c9d4-1f3a-4c5b-8d6e-00000000a11d";

/// Largest request body read.
const MAX_BODY: usize = 1 << 20;

/// One request as the stand-in saw it.
#[derive(Clone, Debug)]
#[cfg_attr(not(test), allow(dead_code))] // Read by tests/it/examples.rs.
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
    /// The JSON body, if one was sent (a string when it was not JSON).
    pub body: Option<Value>,
    /// The status answered.
    pub status: u16,
}

/// A running stand-in. Dropping it stops the server.
pub struct StandIn {
    /// `http://127.0.0.1:<port>`: give it to the client as its API URL.
    pub base_url: String,
    /// The key to send ([`STAND_IN_KEY`]).
    pub api_key: String,
    shutdown: Option<oneshot::Sender<()>>,
    #[cfg_attr(not(test), allow(dead_code))] // Read by tests/it/examples.rs.
    state: Arc<Shared>,
}

impl StandIn {
    /// Starts the stand-in on a free port of 127.0.0.1, on the current tokio runtime.
    pub async fn start() -> std::io::Result<StandIn> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let base_url = format!("http://{}", listener.local_addr()?);
        let state = Arc::new(Shared {
            api_key: STAND_IN_KEY.to_string(),
            base_url: base_url.clone(),
            incidents: Mutex::new(INCIDENTS.iter().map(incident_json).collect()),
            log: Mutex::new(Vec::new()),
            throttled_once: AtomicBool::new(false),
            counter: AtomicU64::new(0),
        });
        let app = Router::new()
            .route("/v1/health", get(health))
            .route("/v1/incidents/secrets", get(list_incidents))
            .route("/v1/incidents/secrets/{incident_id}/{action}", post(act))
            .route("/v1/members", get(list_members))
            .fallback(not_found)
            .layer(middleware::from_fn_with_state(state.clone(), record))
            .with_state(state.clone());
        let (shutdown, stopped) = oneshot::channel::<()>();
        tokio::spawn(async move {
            let stop = async {
                let _ = stopped.await;
            };
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(stop)
                .await;
        });
        Ok(StandIn {
            base_url,
            api_key: STAND_IN_KEY.to_string(),
            shutdown: Some(shutdown),
            state,
        })
    }

    /// The API URL to show people, `http://127.0.0.1:<port>/v1`.
    pub fn api_url(&self) -> String {
        format!("{}/v1", self.base_url)
    }

    /// A client builder pointed at the stand-in with its key; add settings and `build()`.
    pub fn client_builder(&self) -> ClientBuilder {
        ClientBuilder::new()
            .api_key(self.api_key.as_str())
            .api_url(self.base_url.as_str())
    }

    /// Every request received so far, in order.
    #[cfg_attr(not(test), allow(dead_code))] // Called by tests/it/examples.rs.
    pub fn requests(&self) -> Vec<LoggedRequest> {
        lock(&self.state.log).clone()
    }
}

impl Drop for StandIn {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }
}

/// What the handlers share.
struct Shared {
    api_key: String,
    base_url: String,
    /// The incidents as the API returns them, newest first.
    incidents: Mutex<Vec<Value>>,
    log: Mutex<Vec<LoggedRequest>>,
    /// Whether the one `429` has been sent.
    throttled_once: AtomicBool,
    /// Numbers the request ids.
    counter: AtomicU64,
}

type AppState = State<Arc<Shared>>;

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Checks the key, records the request and its status, and adds an `X-Request-ID`.
async fn record(State(state): AppState, request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    let bytes = axum::body::to_bytes(body, MAX_BODY)
        .await
        .unwrap_or_default();
    let text = |name: header::HeaderName| {
        parts
            .headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .map(str::to_string)
    };
    let authorized = text(header::AUTHORIZATION) == Some(format!("Token {}", state.api_key));
    let mut entry = LoggedRequest {
        method: parts.method.to_string(),
        path: parts.uri.path().to_string(),
        query: parts.uri.query().map(str::to_string),
        params: Query::try_from_uri(&parts.uri)
            .map(|Query(params)| params)
            .unwrap_or_default(),
        host: text(header::HOST),
        body: (!bytes.is_empty()).then(|| {
            serde_json::from_slice(&bytes)
                .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()))
        }),
        status: 0,
    };
    let mut response = if authorized {
        next.run(Request::from_parts(parts, Body::from(bytes)))
            .await
    } else {
        let mut refused = detail(StatusCode::UNAUTHORIZED, "Invalid API key.");
        refused
            .headers_mut()
            .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Token"));
        refused
    };
    let id = state.counter.fetch_add(1, Ordering::Relaxed);
    if let Ok(value) = HeaderValue::from_str(&format!("5f0c1e2d-7a3b-4c5d-9e8f-{id:012x}")) {
        response.headers_mut().insert("x-request-id", value);
    }
    entry.status = response.status().as_u16();
    lock(&state.log).push(entry);
    response
}

/// `{"detail": message}` with `status`, the API's error shape.
fn detail(status: StatusCode, message: &str) -> Response {
    (status, Json(json!({ "detail": message }))).into_response()
}

/// A `400` naming the field at fault.
fn invalid(field: &str, message: &str) -> Response {
    let body = json!({ "detail": "Invalid data.", "extra": { field: [message] } });
    (StatusCode::BAD_REQUEST, Json(body)).into_response()
}

async fn not_found() -> Response {
    detail(StatusCode::NOT_FOUND, "Not found.")
}

/// `GET /v1/health`.
async fn health() -> Response {
    Json(json!({ "detail": "Valid API key." })).into_response()
}

/// `GET /v1/incidents/secrets`, with the `status`, `ordering`, `per_page` and `cursor`
/// parameters.
async fn list_incidents(
    State(state): AppState,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    if params.contains_key("cursor") && !state.throttled_once.swap(true, Ordering::SeqCst) {
        let mut throttled = detail(
            StatusCode::TOO_MANY_REQUESTS,
            "Request was throttled. Expected available in 1 second.",
        );
        throttled
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        return throttled;
    }
    let mut incidents: Vec<Value> = lock(&state.incidents)
        .iter()
        .filter(|incident| {
            params
                .get("status")
                .is_none_or(|status| incident["status"] == status.as_str())
        })
        .cloned()
        .collect();
    if params.get("ordering").map(String::as_str) == Some("date") {
        incidents.reverse();
    }
    page_of(incidents, &params, "incidents/secrets")
}

/// `GET /v1/members`, with the `active`, `per_page` and `cursor` parameters.
async fn list_members(Query(params): Query<HashMap<String, String>>) -> Response {
    let active = params.get("active").map(|value| value == "true");
    let members: Vec<Value> = MEMBERS
        .iter()
        .filter(|member| active.is_none_or(|active| member.active == active))
        .map(member_json)
        .collect();
    page_of(members, &params, "members")
}

/// One page of `items` at the request's cursor, with `Link` and `X-Per-Page` headers.
fn page_of(items: Vec<Value>, params: &HashMap<String, String>, path: &str) -> Response {
    let per_page = match params.get("per_page").map(|n| n.parse::<usize>()) {
        None => 20,
        Some(Ok(n)) if (1..=100).contains(&n) => n,
        Some(_) => return invalid("per_page", "Ensure this value is between 1 and 100."),
    }
    .min(PAGE_CAP);
    let offset = match params.get("cursor") {
        None => 0,
        Some(cursor) => match decode_cursor(cursor) {
            Some(offset) => offset,
            None => return detail(StatusCode::NOT_FOUND, "Invalid cursor"),
        },
    };
    let end = (offset + per_page).min(items.len());
    let page: Vec<Value> = items.get(offset..end).unwrap_or_default().to_vec();

    let link_to = |offset: usize, rel: &str| {
        let mut query = format!("cursor={}", percent_encode(&encode_cursor(offset)));
        let mut others: Vec<_> = params.iter().filter(|(k, _)| *k != "cursor").collect();
        others.sort();
        for (key, value) in others {
            query.push_str(&format!(
                "&{}={}",
                percent_encode(key),
                percent_encode(value)
            ));
        }
        format!("<{WRONG_HOST_API}/{path}?{query}>; rel=\"{rel}\"")
    };
    let mut links = Vec::new();
    if offset > 0 {
        links.push(link_to(offset.saturating_sub(per_page), "prev"));
    }
    if end < items.len() {
        links.push(link_to(end, "next"));
    }
    let mut response = Json(page).into_response();
    let headers = response.headers_mut();
    headers.insert("x-per-page", HeaderValue::from(per_page));
    if !links.is_empty() {
        if let Ok(link) = HeaderValue::from_str(&links.join(", ")) {
            headers.insert(header::LINK, link);
        }
    }
    response
}

/// `POST /v1/incidents/secrets/{incident_id}/{assign,share,resolve,ignore}`.
async fn act(
    State(state): AppState,
    Path((incident_id, action)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    let body = if body.is_empty() {
        &b"{}"[..]
    } else {
        &body[..]
    };
    let Ok(body) = serde_json::from_slice::<Value>(body) else {
        return detail(StatusCode::BAD_REQUEST, "JSON parse error.");
    };
    let mut incidents = lock(&state.incidents);
    let Some(incident) = incident_id
        .parse::<i64>()
        .ok()
        .and_then(|id| incidents.iter_mut().find(|i| i["id"] == id))
    else {
        return detail(StatusCode::NOT_FOUND, "Not found.");
    };
    match action.as_str() {
        "assign" => assign(incident, &body),
        "share" => share(incident, &body, &state.base_url),
        "resolve" => match body["secret_revoked"].as_bool() {
            Some(revoked) => close(incident, "RESOLVED", |incident| {
                incident["resolved_at"] = json!(now());
                incident["resolver_api_token_id"] = json!(STAND_IN_TOKEN_ID);
                incident["secret_revoked"] = json!(revoked);
            }),
            None => invalid("secret_revoked", "This field is required."),
        },
        "ignore" => match body["ignore_reason"].as_str() {
            Some(reason @ ("test_credential" | "false_positive" | "low_risk" | "invalid")) => {
                close(incident, "IGNORED", |incident| {
                    incident["ignored_at"] = json!(now());
                    incident["ignorer_api_token_id"] = json!(STAND_IN_TOKEN_ID);
                    incident["ignore_reason"] = json!(reason);
                })
            }
            _ => invalid("ignore_reason", "Not a valid choice."),
        },
        _ => detail(StatusCode::NOT_FOUND, "Not found."),
    }
}

/// Assigns to the active member named by `email` or `member_id`; a `TRIGGERED` incident
/// becomes `ASSIGNED`.
fn assign(incident: &mut Value, body: &Value) -> Response {
    let member = MEMBERS
        .iter()
        .filter(|m| m.active)
        .find(|m| body["email"].as_str() == Some(m.email) || body["member_id"] == m.id);
    let Some(member) = member else {
        return invalid("email", "No active member with this email or id.");
    };
    incident["assignee_id"] = json!(member.id);
    incident["assignee_email"] = json!(member.email);
    if incident["status"] == "TRIGGERED" {
        incident["status"] = json!("ASSIGNED");
    }
    Json(incident.clone()).into_response()
}

/// Creates the incident's share link; `409` if it has one already.
fn share(incident: &mut Value, body: &Value, base_url: &str) -> Response {
    if !incident["share_url"].is_null() {
        return detail(StatusCode::CONFLICT, "This incident is already shared.");
    }
    // 0 means the workspace default, 30 days here.
    let hours = body["lifespan"].as_i64().filter(|h| *h > 0).unwrap_or(720);
    let expire_at = chrono::Utc::now() + chrono::Duration::hours(hours);
    let token = format!(
        "5e0c2b9a-7d41-4f3e-a86b-{:012x}",
        incident["id"].as_u64().unwrap_or(0)
    );
    let share_url = format!("{base_url}/share/incidents/{token}");
    incident["share_url"] = json!(share_url);
    Json(json!({
        "share_url": share_url,
        "incident_id": incident["id"],
        "feedback_collection": body["feedback_collection"].as_bool().unwrap_or(true),
        "auto_healing": body["auto_healing"].as_bool().unwrap_or(false),
        "token": token,
        "expire_at": expire_at.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        "revoked_at": null
    }))
    .into_response()
}

/// Moves an open incident to `status`, with `record` filling in who and when; `409` if it
/// is closed already.
fn close(incident: &mut Value, status: &str, record: impl FnOnce(&mut Value)) -> Response {
    if matches!(incident["status"].as_str(), Some("RESOLVED" | "IGNORED")) {
        return detail(StatusCode::CONFLICT, "This incident is already closed.");
    }
    incident["status"] = json!(status);
    record(incident);
    Json(incident.clone()).into_response()
}

fn now() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Encodes everything but unreserved characters, for a query value.
fn percent_encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Cursors look like the API's: base64 of `p=<offset>`, with `=` padding that must be
/// URL-encoded in the `Link` header.
fn encode_cursor(offset: usize) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let input = format!("p={offset}").into_bytes();
    let mut out = String::new();
    for chunk in input.chunks(3) {
        let bytes = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = u32::from(bytes[0]) << 16 | u32::from(bytes[1]) << 8 | u32::from(bytes[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The offset in a cursor made by [`encode_cursor`]; `None` for anything else.
fn decode_cursor(cursor: &str) -> Option<usize> {
    // Offsets are small: find the one whose cursor this is.
    (0..=INCIDENTS.len() + MEMBERS.len()).find(|offset| encode_cursor(*offset) == cursor)
}

/// A detector as incidents show it.
struct Detector {
    name: &'static str,
    display_name: &'static str,
    family: &'static str,
    category: Option<&'static str>,
    nature: &'static str,
}

#[rustfmt::skip]
impl Detector {
    const fn new(name: &'static str, display_name: &'static str, family: &'static str, category: Option<&'static str>, nature: &'static str) -> Detector {
        Detector { name, display_name, family, category, nature }
    }

    const AWS: Detector = Detector::new("aws_iam", "AWS Keys", "apikey", Some("cloud_provider"), "specific");
    const GITHUB: Detector = Detector::new("github_token", "GitHub Token", "apikey", Some("version_control_platform"), "specific");
    const SLACK: Detector = Detector::new("slack_bot_token", "Slack Bot Token", "apikey", Some("communication"), "specific");
    const STRIPE: Detector = Detector::new("stripe_keys", "Stripe Keys", "apikey", Some("payment_system"), "specific");
    const PASSWORD: Detector = Detector::new("generic_password", "Generic Password", "password", None, "generic");
    const POSTGRES: Detector = Detector::new("postgresql_credentials", "PostgreSQL Credentials", "credentials", Some("data_storage"), "specific");
    const RSA: Detector = Detector::new("private_key_rsa", "RSA Private Key", "private_key", Some("cryptographic_key"), "specific");
    const GOOGLE: Detector = Detector::new("google_api_key", "Google API Key", "apikey", Some("cloud_provider"), "specific");
    const SENDGRID: Detector = Detector::new("sendgrid_key", "SendGrid Key", "apikey", Some("communication"), "specific");
    const ENTROPY: Detector = Detector::new("generic_high_entropy_secret", "Generic High Entropy Secret", "other", None, "generic");
}

/// One made-up incident: id, detector, repository, severity, validity, status, occurrences,
/// date.
type Row = (
    i64,
    &'static Detector,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    i64,
    &'static str,
);

/// The workspace's incidents, newest first: 25 `TRIGGERED`, 5 in other states. Incident 84231
/// has a severity the spec does not know.
#[rustfmt::skip]
const INCIDENTS: &[Row] = &[
    (84390, &Detector::AWS, "acme/payments-api", "critical", "valid", "TRIGGERED", 3, "2025-06-20T16:42:11Z"),
    (84377, &Detector::GITHUB, "acme/web-storefront", "high", "valid", "TRIGGERED", 1, "2025-06-20T09:05:47Z"),
    (84361, &Detector::PASSWORD, "acme/infra-terraform", "medium", "no_checker", "TRIGGERED", 2, "2025-06-19T22:31:02Z"),
    (84352, &Detector::SLACK, "acme/internal-tools", "high", "invalid", "TRIGGERED", 1, "2025-06-19T14:12:38Z"),
    (84340, &Detector::STRIPE, "acme/payments-api", "critical", "valid", "ASSIGNED", 4, "2025-06-19T08:47:19Z"),
    (84333, &Detector::POSTGRES, "acme/data-pipelines", "high", "failed_to_check", "TRIGGERED", 6, "2025-06-18T17:20:54Z"),
    (84318, &Detector::ENTROPY, "acme/mobile-app", "low", "no_checker", "TRIGGERED", 1, "2025-06-18T11:03:27Z"),
    (84302, &Detector::RSA, "acme/infra-terraform", "critical", "no_checker", "TRIGGERED", 2, "2025-06-17T19:58:40Z"),
    (84297, &Detector::GOOGLE, "acme/mobile-app", "medium", "valid", "TRIGGERED", 5, "2025-06-17T10:14:06Z"),
    (84285, &Detector::AWS, "acme/data-pipelines", "high", "invalid", "RESOLVED", 1, "2025-06-16T21:36:52Z"),
    (84271, &Detector::SENDGRID, "acme/web-storefront", "medium", "valid", "TRIGGERED", 2, "2025-06-16T13:09:15Z"),
    (84266, &Detector::GITHUB, "acme/internal-tools", "high", "valid", "TRIGGERED", 1, "2025-06-15T23:44:31Z"),
    (84250, &Detector::PASSWORD, "acme/payments-api", "low", "no_checker", "TRIGGERED", 9, "2025-06-15T08:27:03Z"),
    (84243, &Detector::AWS, "acme/web-storefront", "critical", "valid", "TRIGGERED", 2, "2025-06-14T18:51:49Z"),
    (84231, &Detector::SLACK, "acme/data-pipelines", "urgent", "valid", "TRIGGERED", 1, "2025-06-14T07:16:22Z"),
    (84226, &Detector::ENTROPY, "acme/internal-tools", "info", "no_checker", "IGNORED", 1, "2025-06-13T20:40:58Z"),
    (84214, &Detector::STRIPE, "acme/mobile-app", "high", "invalid", "TRIGGERED", 3, "2025-06-13T12:05:34Z"),
    (84209, &Detector::POSTGRES, "acme/payments-api", "critical", "valid", "TRIGGERED", 2, "2025-06-12T16:29:10Z"),
    (84195, &Detector::GITHUB, "acme/infra-terraform", "medium", "invalid", "TRIGGERED", 1, "2025-06-12T06:53:45Z"),
    (84188, &Detector::GOOGLE, "acme/web-storefront", "low", "failed_to_check", "TRIGGERED", 4, "2025-06-11T15:18:21Z"),
    (84172, &Detector::RSA, "acme/data-pipelines", "high", "no_checker", "TRIGGERED", 1, "2025-06-10T22:42:57Z"),
    (84169, &Detector::AWS, "acme/mobile-app", "critical", "valid", "ASSIGNED", 2, "2025-06-10T09:07:33Z"),
    (84157, &Detector::PASSWORD, "acme/web-storefront", "medium", "no_checker", "TRIGGERED", 7, "2025-06-09T17:31:08Z"),
    (84140, &Detector::SENDGRID, "acme/internal-tools", "low", "invalid", "TRIGGERED", 1, "2025-06-09T04:55:44Z"),
    (84136, &Detector::ENTROPY, "acme/payments-api", "unknown", "no_checker", "TRIGGERED", 2, "2025-06-08T13:20:19Z"),
    (84121, &Detector::GITHUB, "acme/data-pipelines", "high", "valid", "TRIGGERED", 1, "2025-06-07T21:44:55Z"),
    (84113, &Detector::SLACK, "acme/infra-terraform", "medium", "valid", "TRIGGERED", 3, "2025-06-07T10:09:30Z"),
    (84104, &Detector::STRIPE, "acme/web-storefront", "critical", "valid", "RESOLVED", 1, "2025-06-06T18:34:06Z"),
    (84098, &Detector::AWS, "acme/internal-tools", "high", "failed_to_check", "TRIGGERED", 2, "2025-06-06T07:58:42Z"),
    (84085, &Detector::POSTGRES, "acme/mobile-app", "medium", "invalid", "TRIGGERED", 1, "2025-06-05T15:23:17Z"),
];

/// A workspace member.
struct MemberRow {
    id: i64,
    name: &'static str,
    email: &'static str,
    access_level: &'static str,
    active: bool,
    last_login: Option<&'static str>,
}

#[rustfmt::skip]
const MEMBERS: &[MemberRow] = &[
    MemberRow { id: 5101, name: "Alice Martin", email: "alice.martin@example.com", access_level: "owner", active: true, last_login: Some("2025-06-20T08:12:44Z") },
    MemberRow { id: 5188, name: "Bruno Keller", email: "bruno.keller@example.com", access_level: "restricted", active: false, last_login: None },
    MemberRow { id: 5240, name: "Chen Wei", email: "chen.wei@example.com", access_level: "manager", active: true, last_login: Some("2025-06-18T16:40:09Z") },
    MemberRow { id: 5302, name: "Dana Lee", email: "dana.lee@example.com", access_level: "member", active: true, last_login: Some("2025-06-19T10:02:31Z") },
];

/// A member as `GET /v1/members` returns it.
fn member_json(member: &MemberRow) -> Value {
    json!({
        "id": member.id,
        "name": member.name,
        "email": member.email,
        "role": member.access_level,
        "access_level": member.access_level,
        "active": member.active,
        "created_at": "2024-02-12T09:14:03Z",
        "last_login": member.last_login,
    })
}

/// 64 hex digits derived from `id`, standing in for a secret's hash.
fn fake_hash(id: i64, salt: u64) -> String {
    let mut state = (id as u64) ^ salt.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    (0..4)
        .map(|_| {
            // splitmix64
            state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            format!("{:016x}", z ^ (z >> 31))
        })
        .collect()
}

/// An incident as `GET /v1/incidents/secrets` returns it.
fn incident_json(row: &Row) -> Value {
    let &(id, detector, repository, severity, validity, status, occurrences, date) = row;
    let assignee = (status == "ASSIGNED").then_some(&MEMBERS[3]);
    let resolved = status == "RESOLVED";
    let ignored = status == "IGNORED";
    let mut tags = vec!["DEFAULT_BRANCH"];
    if repository.ends_with("web-storefront") {
        tags.push("PUBLICLY_EXPOSED");
    }
    if detector.nature == "generic" {
        tags.push("TEST_FILE");
    }
    json!({
        "id": id,
        "date": date,
        "triggered_at": date,
        "detector": {
            "name": detector.name,
            "display_name": detector.display_name,
            "nature": detector.nature,
            "family": detector.family,
            "category": detector.category,
            "detector_group_name": detector.name,
            "detector_group_display_name": detector.display_name,
        },
        "secret_id": id - 29_000,
        "secret_hash": fake_hash(id, 1),
        "hmsl_hash": fake_hash(id, 2),
        "incident_name": format!("{} in {}", detector.display_name, repository),
        "regression": false,
        "status": status,
        "assignee_id": assignee.map(|m| m.id),
        "assignee_email": assignee.map(|m| m.email),
        "occurrences_count": occurrences,
        "ignored_at": ignored.then_some(date),
        "ignorer_id": ignored.then_some(MEMBERS[2].id),
        "ignore_reason": ignored.then_some("test_credential"),
        "resolved_at": resolved.then_some(date),
        "resolver_id": resolved.then_some(MEMBERS[0].id),
        "secret_revoked": resolved,
        "severity": severity,
        "validity": validity,
        "share_url": null,
        "risk_score": (id % 61) + 30,
        "is_vaulted": false,
        "public_exposure": {
            "source_publicly_visible": repository.ends_with("web-storefront"),
            "public_incident_linked": false,
            "leaked_outside_perimeter": false,
        },
        "tags": tags,
        "custom_tags": [{
            "id": format!("7c1e5a2b-3d4f-4a6b-9c8d-{:012x}", id),
            "key": "repository",
            "value": repository,
        }],
        "feedback_list": [],
        "destination_tickets": [],
        "occurrences": null,
    })
}
