//! The HTTP side: the router, the middleware every request goes through (key check, faults,
//! log) and the small answers handlers share. One file per resource.

mod audit_logs;
mod honeytokens;
mod incidents;
mod notes;
mod people;
pub(crate) mod scan;
mod status;

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use axum::extract::{DefaultBodyLimit, Query, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, patch, post};
use axum::{Json, Router};
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{json, Value};

use crate::fault::{Dialect, Rule};
use crate::gate::{Gate, Passed, MAX_BODY};
use crate::log::{Counters, RequestLog};
use crate::page::Paging;
use crate::workspace::Workspace;

/// Whether a `date_before` / `date_after` bound includes an item dated exactly on it. The
/// API does not say; a client whose date windows must neither lose nor repeat an item
/// should be tested against both.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DateBounds {
    /// `date_after <= date <= date_before` (the default).
    #[default]
    Inclusive,
    /// `date_after < date < date_before`.
    Exclusive,
}

/// How lists filter and order, where the API leaves it open.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Listing {
    pub date_bounds: DateBounds,
    /// Audit logs oldest first instead of newest first: they take no `ordering`, so a
    /// client must be told which order its server sends.
    pub audit_logs_oldest_first: bool,
}

/// What the handlers share.
pub(crate) struct Shared {
    pub api_key: String,
    /// Where the stand-in really is, `http(s)://127.0.0.1:<port>`, for share links.
    pub origin: String,
    pub paging: Paging,
    pub listing: Listing,
    pub workspace: Mutex<Workspace>,
    pub rules: Vec<Rule>,
    pub scan: scan::ScanSettings,
    pub log: RequestLog,
    pub keep_bodies: bool,
    pub counters: Mutex<Counters>,
    request_ids: AtomicU64,
}

impl Shared {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        api_key: String,
        origin: String,
        paging: Paging,
        listing: Listing,
        workspace: Workspace,
        rules: Vec<Rule>,
        scan: scan::ScanSettings,
        keep_bodies: bool,
    ) -> Shared {
        Shared {
            api_key,
            origin,
            paging,
            listing,
            workspace: Mutex::new(workspace),
            rules,
            scan,
            log: RequestLog::default(),
            keep_bodies,
            counters: Mutex::new(Counters::default()),
            request_ids: AtomicU64::new(0),
        }
    }

    pub fn workspace(&self) -> MutexGuard<'_, Workspace> {
        lock(&self.workspace)
    }

    pub fn count(&self, change: impl FnOnce(&mut Counters)) {
        change(&mut lock(&self.counters));
    }
}

pub(crate) type AppState = State<Arc<Shared>>;
pub(crate) type Params = Query<HashMap<String, String>>;

pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Every route the stand-in serves.
pub(crate) fn router(state: Arc<Shared>) -> Router {
    Router::new()
        .route("/v1/health", get(status::health))
        .route("/v1/metadata", get(status::metadata))
        .route("/v1/quotas", get(status::quotas))
        .route("/v1/incidents/secrets", get(incidents::list))
        .route(
            "/v1/incidents/secrets/{incident_id}",
            get(incidents::retrieve),
        )
        .route(
            "/v1/incidents/secrets/{incident_id}/{action}",
            post(incidents::act),
        )
        .route(
            "/v1/incidents/secrets/{incident_id}/notes",
            get(notes::list).post(notes::create),
        )
        .route(
            "/v1/incidents/secrets/{incident_id}/notes/{note_id}",
            patch(notes::update).delete(notes::delete),
        )
        .route("/v1/occurrences/secrets", get(incidents::occurrences))
        .route("/v1/members", get(people::members))
        .route("/v1/members/{member_id}", get(people::member))
        .route("/v1/teams", get(people::teams))
        .route("/v1/teams/{team_id}", get(people::team))
        .route(
            "/v1/honeytokens",
            get(honeytokens::list).post(honeytokens::create),
        )
        .route(
            "/v1/honeytokens/{honeytoken_id}",
            get(honeytokens::retrieve),
        )
        .route(
            "/v1/honeytokens/{honeytoken_id}/revoke",
            post(honeytokens::revoke),
        )
        .route("/v1/audit_logs", get(audit_logs::list))
        .route("/v1/scan", post(scan::scan))
        .route("/v1/multiscan", post(scan::multiscan))
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(state.clone(), admit))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .with_state(state)
}

/// Checks the key, applies the fault rules, records the request and its answer (see
/// [`Gate`]), and adds an `X-Request-ID`.
async fn admit(State(state): AppState, request: Request, next: Next) -> Response {
    let gate = Gate {
        rules: &state.rules,
        log: &state.log,
        keep_bodies: state.keep_bodies,
        dialect: Dialect::GitGuardian,
    };
    let expected = format!("Token {}", state.api_key);
    let Passed {
        mut response,
        authorized,
        fault,
    } = gate
        .pass(
            request,
            next,
            |headers| {
                headers
                    .get(header::AUTHORIZATION)
                    .is_some_and(|value| value.as_bytes() == expected.as_bytes())
            },
            || {
                let mut refused =
                    detail(StatusCode::UNAUTHORIZED, "Invalid API key.").into_response();
                refused
                    .headers_mut()
                    .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Token"));
                refused
            },
        )
        .await;
    let id = state.request_ids.fetch_add(1, Ordering::Relaxed);
    if let Ok(value) = HeaderValue::from_str(&format!("5f0c1e2d-7a3b-4c5d-9e8f-{id:012x}")) {
        response.headers_mut().insert("x-request-id", value);
    }
    state.count(|counters| {
        counters.requests += 1;
        counters.faults += u64::from(fault.is_some());
        counters.unauthorized += u64::from(!authorized);
    });
    response
}

/// A request refused with the API's error body. Small, so helpers can return it as the error
/// of a `Result` and handlers can use `?`.
#[derive(Debug)]
pub(crate) struct Refusal {
    status: StatusCode,
    body: Value,
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        (self.status, Json(self.body)).into_response()
    }
}

/// What a handler answers: the normal answer or a refusal.
pub(crate) type Answer = Result<Response, Refusal>;

/// `{"detail": message}` with `status`, the API's error shape.
pub(crate) fn detail(status: StatusCode, message: &str) -> Refusal {
    Refusal {
        status,
        body: json!({ "detail": message }),
    }
}

/// A `400` naming the field at fault.
pub(crate) fn invalid(field: &str, message: &str) -> Refusal {
    Refusal {
        status: StatusCode::BAD_REQUEST,
        body: json!({ "detail": "Invalid data.", "extra": { field: [message] } }),
    }
}

pub(crate) fn not_found_detail() -> Refusal {
    detail(StatusCode::NOT_FOUND, "Not found.")
}

async fn not_found() -> Refusal {
    not_found_detail()
}

/// A request body as JSON; an empty body is `{}`.
pub(crate) fn json_body(body: &[u8]) -> Result<Value, Refusal> {
    if body.is_empty() {
        return Ok(json!({}));
    }
    serde_json::from_slice(body).map_err(|_| detail(StatusCode::BAD_REQUEST, "JSON parse error."))
}

/// A filter value: comma-joined values are alternatives, as the API reads them.
pub(crate) fn any_of<'a>(params: &'a HashMap<String, String>, name: &str) -> Option<Vec<&'a str>> {
    params
        .get(name)
        .map(|value| value.split(',').map(str::trim).collect())
}

/// A `date_before`/`date_after` style bound: an RFC 3339 timestamp or a `YYYY-MM-DD` date
/// (midnight UTC). `Err` is the `400` to answer.
pub(crate) fn date_param(
    params: &HashMap<String, String>,
    name: &str,
) -> Result<Option<DateTime<Utc>>, Refusal> {
    let Some(text) = params.get(name) else {
        return Ok(None);
    };
    if let Ok(date) = DateTime::parse_from_rfc3339(text) {
        return Ok(Some(date.with_timezone(&Utc)));
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .and_then(|day| day.and_hms_opt(0, 0, 0))
        .map(|midnight| Some(midnight.and_utc()))
        .ok_or_else(|| invalid(name, "Enter a valid date/time."))
}

/// Whether `date` is within the request's `<prefix>_before` / `<prefix>_after` bounds,
/// compared by `bounds`.
pub(crate) fn date_filter(
    params: &HashMap<String, String>,
    prefix: &str,
    bounds: DateBounds,
) -> Result<impl Fn(DateTime<Utc>) -> bool, Refusal> {
    let before = date_param(params, &format!("{prefix}_before"))?;
    let after = date_param(params, &format!("{prefix}_after"))?;
    Ok(move |date: DateTime<Utc>| match bounds {
        DateBounds::Inclusive => {
            before.is_none_or(|before| date <= before) && after.is_none_or(|after| date >= after)
        }
        DateBounds::Exclusive => {
            before.is_none_or(|before| date < before) && after.is_none_or(|after| date > after)
        }
    })
}

/// A boolean query value (`true`/`false`, as the client sends them); `Err` is the `400`.
pub(crate) fn bool_param(
    params: &HashMap<String, String>,
    name: &str,
) -> Result<Option<bool>, Refusal> {
    match params.get(name).map(String::as_str) {
        None => Ok(None),
        Some("true" | "True" | "1") => Ok(Some(true)),
        Some("false" | "False" | "0") => Ok(Some(false)),
        Some(_) => Err(invalid(name, "Must be a valid boolean.")),
    }
}

/// An integer path segment; a `404` when it is not one.
pub(crate) fn id_of(text: &str) -> Result<i64, Refusal> {
    text.parse().map_err(|_| not_found_detail())
}

/// A JSON answer.
pub(crate) fn ok(value: Value) -> Answer {
    Ok(Json(value).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_bounds_include_or_exclude_items_dated_on_them() {
        let params: HashMap<String, String> = [
            ("date_after".to_string(), "2026-03-01T00:00:00Z".to_string()),
            ("date_before".to_string(), "2026-03-02".to_string()),
        ]
        .into();
        let at = |text: &str| DateTime::parse_from_rfc3339(text).unwrap().to_utc();
        let (start, inside, end) = (
            at("2026-03-01T00:00:00Z"),
            at("2026-03-01T12:00:00Z"),
            at("2026-03-02T00:00:00Z"),
        );
        let inclusive = date_filter(&params, "date", DateBounds::Inclusive).unwrap();
        assert!(inclusive(start) && inclusive(inside) && inclusive(end));
        let exclusive = date_filter(&params, "date", DateBounds::Exclusive).unwrap();
        assert!(!exclusive(start) && exclusive(inside) && !exclusive(end));
        assert!(!inclusive(at("2026-03-02T00:00:00.001Z")));
    }
}
