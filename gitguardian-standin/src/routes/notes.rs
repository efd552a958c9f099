//! Notes on incidents: list, create, update, delete.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use chrono::Utc;

use super::{id_of, invalid, json_body, not_found_detail, ok, Answer, AppState, Params, Refusal};
use crate::workspace::Note;

/// `GET /v1/incidents/secrets/{incident_id}/notes`, oldest first.
pub(crate) async fn list(
    State(state): AppState,
    Path(id): Path<String>,
    Query(params): Params,
) -> Answer {
    let id = id_of(&id)?;
    let workspace = state.workspace();
    let Some(incident) = workspace.incident(id) else {
        return Err(not_found_detail());
    };
    let items = incident.notes.iter().map(|note| note.to_json(id)).collect();
    state
        .paging
        .page(items, &params, &format!("incidents/secrets/{id}/notes"))
}

/// The non-empty `comment` of a note body; `Err` is the `400`.
fn comment(body: &[u8]) -> Result<String, Refusal> {
    let body = json_body(body)?;
    match body["comment"].as_str() {
        Some(comment) if !comment.trim().is_empty() => Ok(comment.to_string()),
        _ => Err(invalid("comment", "This field is required.")),
    }
}

/// `POST /v1/incidents/secrets/{incident_id}/notes` with `{"comment": ...}`: `201`.
pub(crate) async fn create(State(state): AppState, Path(id): Path<String>, body: Bytes) -> Answer {
    let id = id_of(&id)?;
    let comment = comment(&body)?;
    let mut workspace = state.workspace();
    let next_id = workspace
        .incidents
        .iter()
        .flat_map(|incident| &incident.notes)
        .map(|note| note.id)
        .max()
        .unwrap_or(0)
        + 1;
    let Some(incident) = workspace.incident_mut(id) else {
        return Err(not_found_detail());
    };
    let note = Note {
        id: next_id,
        comment,
        created_at: Utc::now(),
        updated_at: None,
        api_token_id: Some(crate::STAND_IN_TOKEN_ID.into()),
        member_id: None,
    };
    let answer = note.to_json(id);
    incident.notes.push(note);
    workspace.audit("incident.note_created", "CREATE", id.to_string());
    Ok((StatusCode::CREATED, axum::Json(answer)).into_response())
}

/// `PATCH /v1/incidents/secrets/{incident_id}/notes/{note_id}` with `{"comment": ...}`.
pub(crate) async fn update(
    State(state): AppState,
    Path((id, note_id)): Path<(String, String)>,
    body: Bytes,
) -> Answer {
    let (id, note_id) = (id_of(&id)?, id_of(&note_id)?);
    let comment = comment(&body)?;
    let mut workspace = state.workspace();
    let Some(note) = workspace
        .incident_mut(id)
        .and_then(|incident| incident.notes.iter_mut().find(|note| note.id == note_id))
    else {
        return Err(not_found_detail());
    };
    note.comment = comment;
    note.updated_at = Some(Utc::now());
    let answer = note.to_json(id);
    workspace.audit("incident.note_updated", "UPDATE", id.to_string());
    ok(answer)
}

/// `DELETE /v1/incidents/secrets/{incident_id}/notes/{note_id}`: `204`.
pub(crate) async fn delete(
    State(state): AppState,
    Path((id, note_id)): Path<(String, String)>,
) -> Answer {
    let (id, note_id) = (id_of(&id)?, id_of(&note_id)?);
    let mut workspace = state.workspace();
    let Some(incident) = workspace.incident_mut(id) else {
        return Err(not_found_detail());
    };
    let before = incident.notes.len();
    incident.notes.retain(|note| note.id != note_id);
    if incident.notes.len() == before {
        return Err(not_found_detail());
    }
    workspace.audit("incident.note_deleted", "DELETE", id.to_string());
    Ok(StatusCode::NO_CONTENT.into_response())
}
