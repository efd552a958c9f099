//! `GET /v1/audit_logs`: newest first, filtered by `date_after` / `date_before` (both bounds
//! included), cursor pagination with `Link` as for members. Entries are one a minute apart,
//! so a date window is a range of indices found by binary search.

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::{admit, cursor, detail, AppState, Counters};

#[derive(Debug, Deserialize)]
pub(super) struct AuditLogQuery {
    per_page: Option<String>,
    cursor: Option<String>,
    date_after: Option<String>,
    date_before: Option<String>,
}

pub(super) async fn list(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Query(query): Query<AuditLogQuery>,
) -> Response {
    if let Err(refused) = admit(&state, &headers).await {
        return refused;
    }
    Counters::add(&state.counters.list_requests, 1);
    let date = |value: &Option<String>| match value {
        None => Ok(None),
        Some(text) => DateTime::parse_from_rfc3339(text)
            .map(|d| Some(d.to_utc()))
            .map_err(|_| ()),
    };
    let (Ok(after), Ok(before)) = (date(&query.date_after), date(&query.date_before)) else {
        return detail(&state, StatusCode::BAD_REQUEST, "Enter a valid date/time.");
    };
    let per_page = match query.per_page.as_deref().map(str::parse::<usize>) {
        None => 20,
        Some(Ok(n)) if (1..=100).contains(&n) => n,
        Some(_) => return detail(&state, StatusCode::BAD_REQUEST, "Invalid per_page."),
    };
    // Indices [low, high) of the entries within the window, oldest first.
    let dates = &state.audit_log_dates;
    let low = after.map_or(0, |a| dates.partition_point(|d| *d < a));
    let high = before.map_or(dates.len(), |b| dates.partition_point(|d| *d <= b));
    let total = high.saturating_sub(low);
    let offset = match query.cursor.as_deref().map(cursor::decode) {
        None => 0,
        Some(Some(offset)) if offset <= total => offset,
        Some(_) => return detail(&state, StatusCode::BAD_REQUEST, "Invalid cursor."),
    };
    let end = (offset + per_page).min(total);
    // Newest first: position p of the list is entry high - 1 - p.
    let entries: Vec<&str> = (offset..end)
        .map(|p| state.audit_logs[high - 1 - p].as_str())
        .collect();
    let body = format!("[{}]", entries.join(","));
    let mut response = ([(header::CONTENT_TYPE, "application/json")], body).into_response();
    if end < total {
        let mut next = format!(
            "<{}/v1/audit_logs?cursor={}&per_page={per_page}",
            state.origin,
            cursor::percent_encode(&cursor::encode(end))
        );
        for (name, value) in [("date_after", after), ("date_before", before)] {
            if let Some(value) = value {
                next.push_str(&format!("&{name}={}", value.format("%Y-%m-%dT%H:%M:%SZ")));
            }
        }
        next.push_str(">; rel=\"next\"");
        if let Ok(value) = next.parse() {
            response.headers_mut().insert(header::LINK, value);
        }
    }
    response
}

/// The dates of `count` entries, oldest first.
pub(super) fn dates(count: usize) -> Vec<DateTime<Utc>> {
    (0..count).map(crate::corpus::audit_log_date).collect()
}
