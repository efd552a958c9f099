//! The alert routes: the repository, organization and enterprise listings, one alert, its
//! update and its locations.

use std::collections::HashMap;

use axum::extract::{Path, Query};
use axum::response::IntoResponse;
use axum::Json;
use serde_json::Value;

use super::alert::Alert;
use super::errors::{disabled, not_found, Answer, Refusal};
use super::filters::ListQuery;
use super::paging::{Pager, Style};
use super::render::Render;
use super::routes::{GitHubShared, GitHubState};
use super::server::GitHubPaging;
use super::update::Update;
use super::workspace::GitHubWorkspace;

type Params = Query<HashMap<String, String>>;

/// Which alerts a listing covers.
enum Scope {
    Repository(String),
    Organization(String),
    Enterprise(String),
}

impl Scope {
    /// `404` unless the stand-in knows the scope and scans it.
    fn check(&self, workspace: &GitHubWorkspace) -> Result<(), Refusal> {
        match self {
            Scope::Repository(repository) if workspace.is_disabled(repository) => Err(disabled()),
            Scope::Repository(repository) if !workspace.has_repository(repository) => {
                Err(not_found())
            }
            Scope::Organization(org) if !workspace.has_organization(org) => Err(not_found()),
            Scope::Enterprise(slug)
                if workspace.enterprise.is_empty()
                    || !workspace.enterprise.eq_ignore_ascii_case(slug) =>
            {
                Err(not_found())
            }
            _ => Ok(()),
        }
    }

    /// Whether the listing holds `alert` (alerts of disabled repositories never show).
    fn holds(&self, alert: &Alert, workspace: &GitHubWorkspace) -> bool {
        match self {
            Scope::Repository(repository) => alert.is_in(repository),
            Scope::Organization(org) => {
                alert.owner().eq_ignore_ascii_case(org) && !workspace.is_disabled(&alert.repository)
            }
            Scope::Enterprise(_) => !workspace.is_disabled(&alert.repository),
        }
    }

    fn path(&self) -> String {
        match self {
            Scope::Repository(repository) => format!("/repos/{repository}/secret-scanning/alerts"),
            Scope::Organization(org) => format!("/orgs/{org}/secret-scanning/alerts"),
            Scope::Enterprise(slug) => format!("/enterprises/{slug}/secret-scanning/alerts"),
        }
    }
}

pub(crate) async fn repository_alerts(
    state: GitHubState,
    Path((owner, repo)): Path<(String, String)>,
    Query(params): Params,
) -> Answer {
    list(
        &state,
        Scope::Repository(format!("{owner}/{repo}")),
        &params,
    )
}

pub(crate) async fn organization_alerts(
    state: GitHubState,
    Path(org): Path<String>,
    Query(params): Params,
) -> Answer {
    list(&state, Scope::Organization(org), &params)
}

pub(crate) async fn enterprise_alerts(
    state: GitHubState,
    Path(enterprise): Path<String>,
    Query(params): Params,
) -> Answer {
    list(&state, Scope::Enterprise(enterprise), &params)
}

/// One page of a listing: checked scope, filters, order, the page style of the stand-in
/// (cursors only for the enterprise, as GitHub describes it), items of the scope's shape.
fn list(state: &GitHubShared, scope: Scope, params: &HashMap<String, String>) -> Answer {
    let workspace = state.workspace();
    scope.check(&workspace)?;
    let query = ListQuery::parse(params)?;
    let mut alerts: Vec<&Alert> = workspace
        .alerts
        .iter()
        .filter(|alert| scope.holds(alert, &workspace) && query.keeps(alert))
        .collect();
    query.sort(&mut alerts);

    let path = scope.path();
    let pager = Pager {
        origin: &state.api_root,
        path: &path,
        params,
        cap: state.page_cap,
    };
    let style = match (&scope, state.paging) {
        (Scope::Enterprise(_), _) | (_, GitHubPaging::Cursor) => Style::Cursor,
        (_, GitHubPaging::PageNumbers) => Style::PageNumbers,
    };
    let page = match style {
        Style::Cursor => {
            pager.cursor_page(alerts.len(), |i| query.key(alerts[i]), query.descending)?
        }
        Style::PageNumbers => pager.numbered_page(alerts.len(), true)?,
    };
    let render = Render {
        origin: &state.api_root,
        hide_secret: query.hide_secret,
    };
    let items = alerts[page.range.clone()]
        .iter()
        .map(|alert| match scope {
            Scope::Repository(_) => render.alert(alert),
            _ => render.organization_alert(alert),
        })
        .collect();
    Ok(page.respond(items))
}

/// The alert `number` of `owner/repo`, or the `404` GitHub answers.
fn find<'a>(
    workspace: &'a mut GitHubWorkspace,
    repository: &str,
    number: &str,
) -> Result<&'a mut Alert, Refusal> {
    if workspace.is_disabled(repository) {
        return Err(disabled());
    }
    let number: i64 = number.parse().map_err(|_| not_found())?;
    workspace
        .alert_mut(repository, number)
        .ok_or_else(not_found)
}

pub(crate) async fn get_alert(
    state: GitHubState,
    Path((owner, repo, number)): Path<(String, String, String)>,
    Query(params): Params,
) -> Answer {
    let mut workspace = state.workspace();
    let alert = find(&mut workspace, &format!("{owner}/{repo}"), &number)?;
    let render = Render {
        origin: &state.api_root,
        hide_secret: params.get("hide_secret").is_some_and(|v| v == "true"),
    };
    Ok(Json(render.alert(alert)).into_response())
}

pub(crate) async fn update_alert(
    state: GitHubState,
    Path((owner, repo, number)): Path<(String, String, String)>,
    body: axum::body::Bytes,
) -> Answer {
    let mut workspace = state.workspace();
    let alert = find(&mut workspace, &format!("{owner}/{repo}"), &number)?;
    Update::parse(&body)?.apply(alert)?;
    let render = Render {
        origin: &state.api_root,
        hide_secret: false,
    };
    Ok(Json(render.alert(alert)).into_response())
}

pub(crate) async fn locations(
    state: GitHubState,
    Path((owner, repo, number)): Path<(String, String, String)>,
    Query(params): Params,
) -> Answer {
    let repository = format!("{owner}/{repo}");
    let mut workspace = state.workspace();
    let alert = find(&mut workspace, &repository, &number)?;
    let path = format!("/repos/{repository}/secret-scanning/alerts/{number}/locations");
    let pager = Pager {
        origin: &state.api_root,
        path: &path,
        params: &params,
        cap: state.page_cap,
    };
    let page = pager.numbered_page(alert.locations.len(), false)?;
    let render = Render {
        origin: &state.api_root,
        hide_secret: false,
    };
    let items: Vec<Value> = alert.locations[page.range.clone()]
        .iter()
        .map(|location| render.location(&alert.repository, location))
        .collect();
    Ok(page.respond(items))
}
