//! `GET /v1/members`: cursor pagination as the API does it.
//!
//! `per_page` is 1..=100 (20 when absent); the next and previous pages are announced in one
//! `Link` header whose URLs carry the cursor percent-encoded and repeat `per_page`.

use std::sync::atomic::Ordering;
use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::{admit, cursor, detail, AppState, Counters};

/// The page size whose bodies are prepared in advance.
pub(super) const FULL_PAGE: usize = 100;

#[derive(Debug, Deserialize)]
pub(super) struct ListQuery {
    per_page: Option<String>,
    cursor: Option<String>,
}

pub(super) async fn list(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Query(query): Query<ListQuery>,
) -> Response {
    if let Err(refused) = admit(&state, &headers).await {
        return refused;
    }
    Counters::add(&state.counters.list_requests, 1);
    if throttled(&state) {
        Counters::add(&state.counters.list_throttled, 1);
        return (
            StatusCode::TOO_MANY_REQUESTS,
            [
                (header::RETRY_AFTER, "0"),
                (header::CONTENT_TYPE, "application/json"),
            ],
            r#"{"detail":"Request was throttled. Expected available in 0 seconds."}"#,
        )
            .into_response();
    }
    let per_page = match query.per_page.as_deref().map(str::parse::<usize>) {
        None => 20,
        Some(Ok(n)) if (1..=100).contains(&n) => n,
        Some(_) => {
            return detail(
                &state,
                StatusCode::BAD_REQUEST,
                "per_page: Ensure this value is between 1 and 100.",
            )
        }
    };
    let total = state.members.len();
    let offset = match query.cursor.as_deref().map(cursor::decode) {
        None => 0,
        Some(Some(offset)) if offset <= total => offset,
        Some(_) => return detail(&state, StatusCode::BAD_REQUEST, "Invalid cursor."),
    };
    let end = (offset + per_page).min(total);
    let body = match state.full_pages.get(offset / FULL_PAGE) {
        Some(prepared) if per_page == FULL_PAGE && offset % FULL_PAGE == 0 => prepared.clone(),
        _ => format!("[{}]", state.members[offset..end].join(",")).into(),
    };

    let link_to = |offset: usize, rel: &str| {
        format!(
            "<{}/v1/members?cursor={}&per_page={per_page}>; rel=\"{rel}\"",
            state.origin,
            cursor::percent_encode(&cursor::encode(offset))
        )
    };
    let mut links = Vec::new();
    if offset > 0 {
        links.push(link_to(offset.saturating_sub(per_page), "prev"));
    }
    if end < total {
        links.push(link_to(end, "next"));
    }
    let mut response = (
        [
            (header::CONTENT_TYPE, "application/json".to_owned()),
            (
                header::HeaderName::from_static("x-per-page"),
                per_page.to_string(),
            ),
        ],
        body,
    )
        .into_response();
    if !links.is_empty() {
        if let Ok(value) = links.join(", ").parse() {
            response.headers_mut().insert(header::LINK, value);
        }
    }
    response
}

/// Whether this list request is one of the throttled share.
fn throttled(state: &AppState) -> bool {
    let per_mille = state.config.throttle_per_mille;
    if per_mille == 0 {
        return false;
    }
    let sequence = state.list_sequence.fetch_add(1, Ordering::Relaxed);
    splitmix64(sequence ^ 0x5eed_6167_6261_6e63) % 1000 < u64::from(per_mille)
}

/// A well-mixed 64-bit hash (SplitMix64's finaliser).
fn splitmix64(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}
