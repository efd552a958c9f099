//! Members and teams.

use axum::extract::{Path, Query, State};

use super::{any_of, bool_param, id_of, not_found_detail, ok, Answer, AppState, Params};

/// A list's `search` parameter, lowercased once for the whole list rather than per record.
fn search_of(params: &std::collections::HashMap<String, String>) -> Option<String> {
    params.get("search").map(|search| search.to_lowercase())
}

/// Whether one of `texts` contains `search` (lowercased), ignoring case; no search matches
/// everything.
fn found(search: Option<&str>, texts: &[&str]) -> bool {
    search.is_none_or(|search| {
        texts
            .iter()
            .any(|text| text.to_lowercase().contains(search))
    })
}

/// `GET /v1/members`: filters `active`, `access_level` (comma-joined alternatives), `search`
/// (name or email); in id order.
pub(crate) async fn members(State(state): AppState, Query(params): Params) -> Answer {
    let active = bool_param(&params, "active")?;
    let levels = any_of(&params, "access_level");
    let search = search_of(&params);
    let search = search.as_deref();
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
    state.paging.page_of(&members, |m| *m, &params, "members")
}

/// `GET /v1/members/{member_id}`.
pub(crate) async fn member(State(state): AppState, Path(id): Path<String>) -> Answer {
    let id = id_of(&id)?;
    let workspace = state.workspace();
    ok(workspace.member(id).ok_or_else(not_found_detail)?.to_json())
}

/// `GET /v1/teams`: filters `is_global`, `search` (name); in id order.
pub(crate) async fn teams(State(state): AppState, Query(params): Params) -> Answer {
    let global = bool_param(&params, "is_global")?;
    let search = search_of(&params);
    let search = search.as_deref();
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
pub(crate) async fn team(State(state): AppState, Path(id): Path<String>) -> Answer {
    let id = id_of(&id)?;
    let workspace = state.workspace();
    let team = workspace.teams.iter().find(|team| team.id == id);
    ok(team.ok_or_else(not_found_detail)?.to_json())
}
