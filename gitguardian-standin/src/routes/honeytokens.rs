//! Honeytokens: list, create, retrieve, revoke.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use chrono::Utc;

use super::{
    any_of, bool_param, detail, invalid, json_body, not_found_detail, ok, Answer, AppState, Params,
};
use crate::workspace::Honeytoken;

/// `GET /v1/honeytokens`: filters `status`, `type` (comma-joined alternatives), `search`
/// (name); `show_token=true` includes the decoy credentials; newest first.
pub(crate) async fn list(State(state): AppState, Query(params): Params) -> Answer {
    let show = bool_param(&params, "show_token")?.unwrap_or(false);
    let statuses = any_of(&params, "status");
    let kinds = any_of(&params, "type");
    let search = params.get("search").map(|s| s.to_lowercase());
    let workspace = state.workspace();
    let mut tokens: Vec<&Honeytoken> = workspace
        .honeytokens
        .iter()
        .filter(|h| {
            statuses
                .as_ref()
                .is_none_or(|s| s.contains(&h.status.as_str()))
        })
        .filter(|h| kinds.as_ref().is_none_or(|k| k.contains(&h.kind.as_str())))
        .filter(|h| {
            search
                .as_ref()
                .is_none_or(|s| h.name.to_lowercase().contains(s))
        })
        .collect();
    tokens.sort_by_key(|h| std::cmp::Reverse(h.created_at));
    let items = tokens.iter().map(|h| h.to_json(show)).collect();
    state.paging.page(items, &params, "honeytokens")
}

/// `POST /v1/honeytokens` with `{"name", "type": "AWS", "description"?}`: `201`, token shown.
pub(crate) async fn create(State(state): AppState, body: Bytes) -> Answer {
    let body = json_body(&body)?;
    let Some(name) = body["name"].as_str().filter(|n| !n.is_empty()) else {
        return Err(invalid("name", "This field is required."));
    };
    if body["type"].as_str() != Some("AWS") {
        return Err(invalid("type", "Not a valid choice."));
    }
    let mut workspace = state.workspace();
    let n = workspace.honeytokens.len() + 1;
    let token = Honeytoken {
        id: format!("2b7d9c41-5e6f-4a8b-9c0d-{n:012x}"),
        name: name.into(),
        description: body["description"].as_str().map(Into::into),
        kind: "AWS".into(),
        status: "active".into(),
        created_at: Utc::now(),
        revoked_at: None,
        access_token_id: format!("AKIASTANDINCREATED{n:02}"),
        secret_key: format!("standinCreatedSecretKey/notReal+{n:08}"),
    };
    let answer = token.to_json(true);
    workspace.audit("honeytoken.created", "CREATE", token.id.clone());
    workspace.honeytokens.push(token);
    Ok((StatusCode::CREATED, axum::Json(answer)).into_response())
}

/// `GET /v1/honeytokens/{honeytoken_id}`.
pub(crate) async fn retrieve(
    State(state): AppState,
    Path(id): Path<String>,
    Query(params): Params,
) -> Answer {
    let show = bool_param(&params, "show_token")
        .ok()
        .flatten()
        .unwrap_or(false);
    let workspace = state.workspace();
    let token = workspace.honeytokens.iter().find(|h| h.id == id);
    ok(token.ok_or_else(not_found_detail)?.to_json(show))
}

/// `POST /v1/honeytokens/{honeytoken_id}/revoke`; `409` when revoked already.
pub(crate) async fn revoke(State(state): AppState, Path(id): Path<String>) -> Answer {
    let mut workspace = state.workspace();
    let Some(token) = workspace.honeytokens.iter_mut().find(|h| h.id == id) else {
        return Err(not_found_detail());
    };
    if token.status == "revoked" {
        return Err(detail(
            StatusCode::CONFLICT,
            "This honeytoken is already revoked.",
        ));
    }
    token.status = "revoked".into();
    token.revoked_at = Some(Utc::now());
    let answer = token.to_json(false);
    workspace.audit("honeytoken.revoked", "UPDATE", id);
    ok(answer)
}
