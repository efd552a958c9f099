//! The GitHub stand-in's HTTP side: the router, the middleware every request goes through
//! (token check, faults and log, through the crate's shared [`Gate`]), and GitHub's headers.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use super::alerts;
use super::errors::{bad_credentials, not_found, Refusal};
use super::server::GitHubPaging;
use super::workspace::GitHubWorkspace;
use crate::fault::{Dialect, Rule};
use crate::gate::{Gate, Passed, MAX_BODY};
use crate::log::RequestLog;
use crate::routes::lock;

/// The REST API version the stand-in answers as.
const API_VERSION: &str = "2022-11-28";
/// Requests per hour GitHub grants a token; `x-ratelimit-remaining` counts down from it.
const RATE_LIMIT: u64 = 5000;

/// What the handlers share.
pub(crate) struct GitHubShared {
    pub token: String,
    /// `http(s)://127.0.0.1:<port>` and the API prefix if any (`/api/v3`), for URLs in
    /// bodies and `Link`.
    pub api_root: String,
    /// `/api/v3` for an Enterprise Server root; empty for api.github.com's.
    pub prefix: String,
    pub paging: GitHubPaging,
    pub page_cap: usize,
    pub workspace: Mutex<GitHubWorkspace>,
    pub rules: Vec<Rule>,
    pub log: RequestLog,
    pub requests: AtomicU64,
    /// When the rate-limit window resets (epoch seconds), as `x-ratelimit-reset` says.
    pub window_reset: u64,
}

impl GitHubShared {
    pub fn workspace(&self) -> MutexGuard<'_, GitHubWorkspace> {
        lock(&self.workspace)
    }
}

pub(crate) type GitHubState = State<Arc<GitHubShared>>;

/// Every route the GitHub stand-in serves, under its prefix.
pub(crate) fn router(state: Arc<GitHubShared>) -> Router {
    let api = Router::new()
        .route(
            "/repos/{owner}/{repo}/secret-scanning/alerts",
            get(alerts::repository_alerts),
        )
        .route(
            "/repos/{owner}/{repo}/secret-scanning/alerts/{alert_number}",
            get(alerts::get_alert).patch(alerts::update_alert),
        )
        .route(
            "/repos/{owner}/{repo}/secret-scanning/alerts/{alert_number}/locations",
            get(alerts::locations),
        )
        .route(
            "/orgs/{org}/secret-scanning/alerts",
            get(alerts::organization_alerts),
        )
        .route(
            "/enterprises/{enterprise}/secret-scanning/alerts",
            get(alerts::enterprise_alerts),
        );
    let api = match state.prefix.as_str() {
        "" => api,
        prefix => Router::new().nest(prefix, api),
    };
    api.fallback(fallback)
        .layer(middleware::from_fn_with_state(state.clone(), admit))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .with_state(state)
}

async fn fallback() -> Refusal {
    not_found()
}

/// Whether `headers` carry `token` as `Bearer <token>` or `token <token>` (the scheme in any
/// case, as GitHub reads it).
fn carries(headers: &HeaderMap, token: &str) -> bool {
    let Some(value) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    value.split_once(' ').is_some_and(|(scheme, given)| {
        (scheme.eq_ignore_ascii_case("bearer") || scheme.eq_ignore_ascii_case("token"))
            && given.trim() == token
    })
}

/// The shared gate with GitHub's token check and wording, then GitHub's headers on every
/// answer: API version, request id and rate-limit counters (an injected rate-limit fault's
/// own counters are kept).
async fn admit(State(state): GitHubState, request: Request, next: Next) -> Response {
    let gate = Gate {
        rules: &state.rules,
        log: &state.log,
        keep_bodies: true,
        dialect: Dialect::GitHub,
    };
    let Passed { mut response, .. } = gate
        .pass(
            request,
            next,
            |headers| carries(headers, &state.token),
            || bad_credentials().into_response(),
        )
        .await;
    let n = state.requests.fetch_add(1, Ordering::Relaxed) + 1;
    let headers = response.headers_mut();
    let mut set = |name: &'static str, value: HeaderValue| {
        if !headers.contains_key(name) {
            headers.insert(name, value);
        }
    };
    set(
        "x-github-api-version-selected",
        HeaderValue::from_static(API_VERSION),
    );
    if let Ok(id) = HeaderValue::from_str(&format!("5AF3:1C2D:{n:06X}:{n:08X}:STANDIN")) {
        set("x-github-request-id", id);
    }
    set("x-ratelimit-limit", HeaderValue::from(RATE_LIMIT));
    set(
        "x-ratelimit-remaining",
        HeaderValue::from(RATE_LIMIT.saturating_sub(n).max(1)),
    );
    set("x-ratelimit-used", HeaderValue::from(n.min(RATE_LIMIT - 1)));
    set("x-ratelimit-reset", HeaderValue::from(state.window_reset));
    set("x-ratelimit-resource", HeaderValue::from_static("core"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bearer_and_token_schemes_are_accepted_in_any_case() {
        let with = |value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::AUTHORIZATION, HeaderValue::from_str(value).unwrap());
            carries(&headers, "t0k")
        };
        assert!(with("Bearer t0k"));
        assert!(with("bearer t0k"));
        assert!(with("token t0k"));
        assert!(!with("Bearer t0kx"));
        assert!(!with("Basic t0k"));
        assert!(!with("t0k"));
        assert!(!carries(&HeaderMap::new(), "t0k"));
    }
}
