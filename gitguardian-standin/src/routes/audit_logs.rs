//! The audit log: seeded events plus one for every change made through the stand-in.

use axum::extract::{Query, State};

use super::{date_filter, Answer, AppState, Params};

/// `GET /v1/audit_logs`: filters `event_name`, `member_id`, `api_token_id`,
/// `date_before`/`date_after`; newest first (or oldest first, as the stand-in was told).
pub(crate) async fn list(State(state): AppState, Query(params): Params) -> Answer {
    let in_dates = date_filter(&params, "date", state.listing.date_bounds)?;
    let event = params.get("event_name");
    let member = params
        .get("member_id")
        .and_then(|id| id.parse::<i64>().ok());
    let token = params.get("api_token_id");
    let workspace = state.workspace();
    let mut events: Vec<_> = workspace
        .audit_logs
        .iter()
        .filter(|e| event.is_none_or(|name| &e.event_name == name))
        .filter(|e| member.is_none_or(|id| e.member_id == Some(id)))
        .filter(|e| token.is_none_or(|t| e.api_token_id.as_ref() == Some(t)))
        .filter(|e| in_dates(e.date))
        .collect();
    events.sort_by_key(|e| (e.date, e.id));
    if !state.listing.audit_logs_oldest_first {
        events.reverse();
    }
    state.paging.page_of(&events, |e| *e, &params, "audit_logs")
}
