//! Secret incidents: the filtered, ordered list; retrieve; the actions that change them
//! (assign, unassign, resolve, ignore, reopen, share, unshare); occurrences.

use std::cmp::Reverse;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use chrono::Utc;
use serde_json::{json, Value};

use super::{
    any_of, date_filter, detail, id_of, invalid, not_found_detail, ok, Answer, AppState, Params,
    Refusal,
};
use crate::workspace::{Incident, ListedIncident, Status, Workspace};

/// Why the API closes an incident without resolving it.
const IGNORE_REASONS: [&str; 4] = ["test_credential", "false_positive", "low_risk", "invalid"];

/// `GET /v1/incidents/secrets`: filters `status`, `severity`, `validity` (comma-joined
/// alternatives), `assignee_email`, `assignee_id`, `detector_group_name`, `tags`,
/// `date_before`/`date_after`, `risk_score_min`/`risk_score_max`; `ordering` by `date`,
/// `resolved_at` or `ignored_at`, `-` for descending (default `-date`).
pub(crate) async fn list(State(state): AppState, params: Params) -> Answer {
    let Query(params) = params;
    let workspace = state.workspace();
    let statuses = match any_of(&params, "status") {
        None => None,
        Some(names) => match names
            .iter()
            .map(|name| Status::parse(name))
            .collect::<Option<Vec<_>>>()
        {
            Some(statuses) => Some(statuses),
            None => return Err(invalid("status", "Select a valid choice.")),
        },
    };
    let in_dates = date_filter(&params, "date", state.listing.date_bounds)?;
    let number = |name: &str| params.get(name).and_then(|n| n.parse::<i64>().ok());
    let (risk_min, risk_max, assignee_id) = (
        number("risk_score_min"),
        number("risk_score_max"),
        number("assignee_id"),
    );
    let severities = any_of(&params, "severity");
    let validities = any_of(&params, "validity");
    let tags = any_of(&params, "tags");
    let detector = params.get("detector_group_name");
    let assignee_email = params.get("assignee_email");

    let mut incidents: Vec<&Incident> = workspace
        .incidents
        .iter()
        .filter(|i| statuses.as_ref().is_none_or(|s| s.contains(&i.status)))
        .filter(|i| {
            severities
                .as_ref()
                .is_none_or(|s| s.contains(&i.severity.as_str()))
        })
        .filter(|i| {
            validities
                .as_ref()
                .is_none_or(|v| v.contains(&i.validity.as_str()))
        })
        .filter(|i| {
            tags.as_ref()
                .is_none_or(|t| i.tags.iter().any(|tag| t.contains(&tag.as_str())))
        })
        .filter(|i| detector.is_none_or(|d| &i.detector.name == d))
        .filter(|i| assignee_id.is_none_or(|id| i.assignee_id == Some(id)))
        .filter(|i| {
            assignee_email.is_none_or(|email| {
                i.assignee_id
                    .and_then(|id| workspace.member(id))
                    .is_some_and(|m| &m.email == email)
            })
        })
        .filter(|i| risk_min.is_none_or(|min| i.risk_score >= min))
        .filter(|i| risk_max.is_none_or(|max| i.risk_score <= max))
        .filter(|i| in_dates(i.date))
        .collect();
    let ordering = params.get("ordering").map_or("-date", String::as_str);
    let (descending, field) = match ordering.strip_prefix('-') {
        Some(field) => (true, field),
        None => (false, ordering),
    };
    match field {
        "date" => incidents.sort_by_key(|i| (i.date, i.id)),
        "resolved_at" => incidents.sort_by_key(|i| (i.resolved_at, i.id)),
        "ignored_at" => incidents.sort_by_key(|i| (i.ignored_at, i.id)),
        "risk_score" => incidents.sort_by_key(|i| (i.risk_score, i.id)),
        _ => return Err(invalid("ordering", "Select a valid choice.")),
    }
    if descending {
        incidents.reverse();
    }
    state.paging.page_of(
        &incidents,
        |incident| ListedIncident::new(incident, &workspace.members),
        &params,
        "incidents/secrets",
    )
}

/// `GET /v1/incidents/secrets/{incident_id}`, with its occurrences.
pub(crate) async fn retrieve(State(state): AppState, Path(id): Path<String>) -> Answer {
    let id = id_of(&id)?;
    let workspace = state.workspace();
    let incident = workspace.incident(id).ok_or_else(not_found_detail)?;
    ok(incident.to_json(&workspace.members, true))
}

/// `GET /v1/occurrences/secrets`: filters `incident_id`, `presence`, `date_before`/`date_after`,
/// and the searches `source_name`, `sha` (a prefix) and `filepath`; newest first.
pub(crate) async fn occurrences(State(state): AppState, params: Params) -> Answer {
    let Query(params) = params;
    let in_dates = date_filter(&params, "date", state.listing.date_bounds)?;
    let incident_id = params
        .get("incident_id")
        .and_then(|id| id.parse::<i64>().ok());
    let presence = params.get("presence");
    // Searches, as the API runs them: `source_name` and `filepath` match anywhere in the
    // value, `sha` at its start; case does not matter; `sha` and `filepath` need 3
    // characters or more.
    let search = |name: &str, min_chars: usize| match params.get(name) {
        Some(text) if text.chars().count() < min_chars => Err(invalid(
            name,
            &format!("Ensure this field has at least {min_chars} characters."),
        )),
        other => Ok(other.map(|text| text.to_lowercase())),
    };
    let source_name = search("source_name", 0)?;
    let sha = search("sha", 3)?;
    let filepath = search("filepath", 3)?;
    let workspace = state.workspace();
    let mut found: Vec<_> = workspace
        .incidents
        .iter()
        .filter(|incident| incident_id.is_none_or(|id| incident.id == id))
        .filter(|incident| {
            source_name
                .as_ref()
                .is_none_or(|name| incident.source.to_lowercase().contains(name))
        })
        .flat_map(|incident| incident.occurrences.iter().map(move |o| (incident, o)))
        .filter(|(_, o)| presence.is_none_or(|p| &o.presence == p) && in_dates(o.date))
        .filter(|(_, o)| {
            sha.as_ref()
                .is_none_or(|prefix| o.sha.to_lowercase().starts_with(prefix))
                && filepath
                    .as_ref()
                    .is_none_or(|part| o.filepath.to_lowercase().contains(part))
        })
        .collect();
    found.sort_by_key(|(_, o)| Reverse((o.date, o.id)));
    let items = found
        .iter()
        .map(|(incident, o)| o.to_json(incident))
        .collect();
    state.paging.page(items, &params, "occurrences/secrets")
}

/// `POST /v1/incidents/secrets/{incident_id}/{action}`.
pub(crate) async fn act(
    State(state): AppState,
    Path((id, action)): Path<(String, String)>,
    body: Bytes,
) -> Answer {
    let id = id_of(&id)?;
    let body = super::json_body(&body)?;
    let mut workspace = state.workspace();
    if workspace.incident(id).is_none() {
        return Err(not_found_detail());
    }
    let answer = match action.as_str() {
        "assign" => assign(&mut workspace, id, &body),
        "unassign" => Ok(update(&mut workspace, id, |incident| {
            incident.assignee_id = None;
            if incident.status == Status::Assigned {
                incident.status = Status::Triggered;
            }
        })),
        "resolve" => match body["secret_revoked"].as_bool() {
            Some(revoked) => close(&mut workspace, id, |incident| {
                incident.status = Status::Resolved;
                incident.resolved_at = Some(Utc::now());
                incident.resolver_api_token_id = Some(crate::STAND_IN_TOKEN_ID.into());
                incident.secret_revoked = revoked;
            }),
            None => Err(invalid("secret_revoked", "This field is required.")),
        },
        "ignore" => match body["ignore_reason"].as_str() {
            Some(reason) if IGNORE_REASONS.contains(&reason) => {
                close(&mut workspace, id, |incident| {
                    incident.status = Status::Ignored;
                    incident.ignored_at = Some(Utc::now());
                    incident.ignorer_api_token_id = Some(crate::STAND_IN_TOKEN_ID.into());
                    incident.ignore_reason = Some(reason.into());
                })
            }
            _ => Err(invalid("ignore_reason", "Not a valid choice.")),
        },
        "reopen" => reopen(&mut workspace, id),
        "share" => share(&mut workspace, id, &body, &state.origin),
        "unshare" => Ok(update(&mut workspace, id, |incident| {
            incident.share_url = None
        })),
        _ => return Err(not_found_detail()),
    };
    let value = answer?;
    workspace.audit(&format!("incident.{action}"), "UPDATE", id.to_string());
    ok(value)
}

/// Applies `change` to incident `id` and answers it as it is now.
fn update(workspace: &mut Workspace, id: i64, change: impl FnOnce(&mut Incident)) -> Value {
    if let Some(incident) = workspace.incident_mut(id) {
        change(incident);
    }
    workspace
        .incident(id)
        .map(|incident| incident.to_json(&workspace.members, false))
        .unwrap_or_default()
}

/// Assigns to the active member named by `email` or `member_id`; a `TRIGGERED` incident
/// becomes `ASSIGNED`.
fn assign(workspace: &mut Workspace, id: i64, body: &Value) -> Result<Value, Refusal> {
    let member = workspace
        .members
        .iter()
        .filter(|m| m.active)
        .find(|m| body["email"].as_str() == Some(m.email.as_str()) || body["member_id"] == m.id)
        .map(|m| m.id)
        .ok_or_else(|| invalid("email", "No active member with this email or id."))?;
    Ok(update(workspace, id, |incident| {
        incident.assignee_id = Some(member);
        if incident.status == Status::Triggered {
            incident.status = Status::Assigned;
        }
    }))
}

/// Closes an open incident; `409` if it is closed already.
fn close(
    workspace: &mut Workspace,
    id: i64,
    change: impl FnOnce(&mut Incident),
) -> Result<Value, Refusal> {
    if workspace.incident(id).is_some_and(|i| i.status.is_closed()) {
        return Err(detail(
            StatusCode::CONFLICT,
            "This incident is already closed.",
        ));
    }
    Ok(update(workspace, id, change))
}

/// Reopens a closed incident: `ASSIGNED` again if it has an assignee, else `TRIGGERED`.
fn reopen(workspace: &mut Workspace, id: i64) -> Result<Value, Refusal> {
    if workspace
        .incident(id)
        .is_some_and(|i| !i.status.is_closed())
    {
        return Err(detail(StatusCode::CONFLICT, "This incident is not closed."));
    }
    Ok(update(workspace, id, |incident| {
        incident.status = match incident.assignee_id {
            Some(_) => Status::Assigned,
            None => Status::Triggered,
        };
        incident.resolved_at = None;
        incident.resolver_api_token_id = None;
        incident.secret_revoked = false;
        incident.ignored_at = None;
        incident.ignorer_api_token_id = None;
        incident.ignore_reason = None;
    }))
}

/// Creates the incident's share link; `409` if it has one already.
fn share(workspace: &mut Workspace, id: i64, body: &Value, origin: &str) -> Result<Value, Refusal> {
    if workspace
        .incident(id)
        .is_some_and(|i| i.share_url.is_some())
    {
        return Err(detail(
            StatusCode::CONFLICT,
            "This incident is already shared.",
        ));
    }
    // 0 means the workspace default, 30 days here.
    let hours = body["lifespan"].as_i64().filter(|h| *h > 0).unwrap_or(720);
    let expire_at = Utc::now() + chrono::Duration::hours(hours);
    let token = format!("5e0c2b9a-7d41-4f3e-a86b-{id:012x}");
    let share_url = format!("{origin}/share/incidents/{token}");
    update(workspace, id, |incident| {
        incident.share_url = Some(share_url.clone())
    });
    Ok(json!({
        "share_url": share_url,
        "incident_id": id,
        "feedback_collection": body["feedback_collection"].as_bool().unwrap_or(true),
        "auto_healing": body["auto_healing"].as_bool().unwrap_or(false),
        "token": token,
        "expire_at": crate::workspace::timestamp(expire_at),
        "revoked_at": null
    }))
}
