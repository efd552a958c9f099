//! Members and teams.

use axum::extract::{Path, Query, State};
use axum::response::Response;

use super::{any_of, bool_param, id_of, not_found_detail, ok, AppState, Params};

/// Whether `text` contains `search`, ignoring case; no search matches everything.
fn found(search: Option<&String>, texts: &[&str]) -> bool {
    search.is_none_or(|search| {
        let search = search.to_lowercase();
        texts
            .iter()
            .any(|text| text.to_lowercase().contains(&search))
    })
}

/// `GET /v1/members`: filters `active`, `access_level` (comma-joined alternatives), `search`
/// (name or email); in id order.
pub(crate) async fn members(State(state): AppState, Query(params): Params) -> Response {
    let active = match bool_param(&params, "active") {
        Ok(active) => active,
        Err(refused) => return refused,
    };
    let levels = any_of(&params, "access_level");
    let search = params.get("search");
    let workspace = state.workspace();
    let mut members: Vec<_> = workspace
        .members
        .iter()
        .filter(|m| active.is_none_or(|active| m.active == active))
        .filter(|m| {
            levels
                .as_ref()
                .is_none_or(|l| l.contains(&m.access_level.as_str()))
        })
        .filter(|m| found(search, &[&m.name, &m.email]))
        .collect();
    members.sort_by_key(|m| m.id);
    let items = members.iter().map(|m| m.to_json()).collect();
    state.paging.page(items, &params, "members")
}

/// `GET /v1/members/{member_id}`.
pub(crate) async fn member(State(state): AppState, Path(id): Path<String>) -> Response {
    let Ok(id) = id_of(&id) else {
        return not_found_detail();
    };
    state
        .workspace()
        .member(id)
        .map_or_else(not_found_detail, |member| ok(member.to_json()))
}

/// `GET /v1/teams`: filters `is_global`, `search` (name); in id order.
pub(crate) async fn teams(State(state): AppState, Query(params): Params) -> Response {
    let global = match bool_param(&params, "is_global") {
        Ok(global) => global,
        Err(refused) => return refused,
    };
    let search = params.get("search");
    let workspace = state.workspace();
    let mut teams: Vec<_> = workspace
        .teams
        .iter()
        .filter(|t| global.is_none_or(|global| t.is_global == global))
        .filter(|t| found(search, &[&t.name]))
        .collect();
    teams.sort_by_key(|t| t.id);
    let items = teams.iter().map(|t| t.to_json()).collect();
    state.paging.page(items, &params, "teams")
}

/// `GET /v1/teams/{team_id}`.
pub(crate) async fn team(State(state): AppState, Path(id): Path<String>) -> Response {
    let Ok(id) = id_of(&id) else {
        return not_found_detail();
    };
    let workspace = state.workspace();
    workspace
        .teams
        .iter()
        .find(|team| team.id == id)
        .map_or_else(not_found_detail, |team| ok(team.to_json()))
}
