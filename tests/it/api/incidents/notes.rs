//! Internal Secret Incident Notes and Public Secret Incident Notes: list, create, edit, delete.

use super::{at, nonzero, query, uuid};
use gitguardian_openapi::types;
use gitguardian_openapi_httpmock::MockServerExt;
use httpmock::prelude::*;

/// A JSON reply of `status` carrying the fixture of `operation_id`, exactly as written.
fn reply(then: httpmock::Then, status: u16, operation_id: &str) {
    then.status(status)
        .header("content-type", "application/json")
        .json_body(super::super::fixture(operation_id));
}

/// The body of an internal note, typed: a field the spec does not have cannot be mocked.
fn note(comment: &str) -> types::IncidentNoteRequest {
    types::IncidentNoteRequest {
        comment: comment.parse().unwrap(),
    }
}

fn public_note(comment: &str) -> types::PublicIncidentNoteRequest {
    types::PublicIncidentNoteRequest {
        comment: comment.parse().unwrap(),
    }
}

#[tokio::test]
async fn list_incident_notes_filters_and_decodes_member_and_token_authors() {
    let server = MockServer::start_async().await;
    let mock = server.list_incident_notes(|when, then| {
        let when = when.incident_id(81234).search("rotation done");
        let when = when.ordering(types::ListIncidentNotesOrdering::CreatedAtDesc);
        let when = when.per_page(nonzero(2)).into_inner();
        when.query_param_count(".*", ".*", 3);
        reply(then.into_inner(), 200, "list-incident-notes");
    });

    let result = super::super::client(&server)
        .list_incident_notes()
        .incident_id(81234)
        .search("rotation done")
        .ordering(types::ListIncidentNotesOrdering::CreatedAtDesc)
        .per_page(nonzero(2))
        .send()
        .await;
    mock.assert_async().await;
    let notes = result.unwrap().into_inner();
    assert_eq!(notes.len(), 2);
    let by_member = &notes[0];
    assert_eq!((by_member.id, by_member.incident_id), (602, 81234));
    assert_eq!(
        (by_member.member_id, by_member.user_id),
        (Some(1187), Some(1187))
    );
    assert_eq!(
        (by_member.api_token.as_deref(), by_member.api_token_id),
        (None, None)
    );
    assert_eq!(by_member.created_at, at("2024-03-12T09:40:10Z"));
    assert_eq!(by_member.updated_at, None);
    assert_eq!(
        by_member.comment,
        "Token revoked in GitHub, rotation done in the release job."
    );
    let by_token = &notes[1];
    assert_eq!(by_token.member_id, None);
    assert_eq!(by_token.api_token.as_deref(), Some("triage-bot"));
    assert_eq!(
        by_token.api_token_id,
        Some(uuid("c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f"))
    );
    assert_eq!(by_token.updated_at, Some(at("2024-03-12T10:05:31Z")));
    assert_eq!(by_token.issue_id, Some(81234));
}

#[tokio::test]
async fn create_incident_note_posts_the_comment_and_accepts_201() {
    let server = MockServer::start_async().await;
    let mock = server.create_incident_note(|when, then| {
        when.incident_id(81234)
            .body(&note("Owner contacted, waiting for rotation."));
        reply(then.into_inner(), 201, "create-incident-note");
    });

    let result = super::super::client(&server)
        .create_incident_note()
        .incident_id(81234)
        .body_map(|b| b.comment("Owner contacted, waiting for rotation."))
        .send()
        .await;
    mock.assert_async().await;
    let note = result.unwrap().into_inner();
    assert_eq!(note.id, 640);
    assert_eq!(note.comment, "Owner contacted, waiting for rotation.");
    assert_eq!(note.created_at, at("2024-03-14T08:00:00Z"));
    assert_eq!((note.updated_at, note.user_id), (None, None));
}

#[tokio::test]
async fn update_incident_note_patches_the_comment() {
    let server = MockServer::start_async().await;
    let mock = server.update_incident_note(|when, then| {
        let when = when.incident_id(81234).note_id(640);
        when.body(&note("Owner rotated the token."));
        reply(then.into_inner(), 200, "update-incident-note");
    });

    let result = super::super::client(&server)
        .update_incident_note()
        .incident_id(81234)
        .note_id(640)
        .body_map(|b| b.comment("Owner rotated the token."))
        .send()
        .await;
    mock.assert_async().await;
    let note = result.unwrap().into_inner();
    assert_eq!((note.id, note.incident_id), (640, 81234));
    assert_eq!(note.comment, "Owner rotated the token.");
    assert_eq!(note.updated_at, Some(at("2024-03-14T09:12:45Z")));
}

#[tokio::test]
async fn delete_notes_succeed_on_204() {
    let server = MockServer::start_async().await;
    let internal = server.delete_incident_note(|when, then| {
        query(when.incident_id(81234).note_id(640).into_inner(), &[]);
        then.into_inner().status(204);
    });
    let public = server.delete_public_incident_note(|when, then| {
        query(when.incident_id(90412).note_id(318).into_inner(), &[]);
        then.into_inner().status(204);
    });
    let client = super::super::client(&server);

    let deleted = client
        .delete_incident_note()
        .incident_id(81234)
        .note_id(640)
        .send()
        .await;
    internal.assert_async().await;
    assert_eq!(deleted.unwrap().status(), 204);
    let deleted = client
        .delete_public_incident_note()
        .incident_id(90412)
        .note_id(318)
        .send()
        .await;
    public.assert_async().await;
    assert_eq!(deleted.unwrap().status(), 204);
}

#[tokio::test]
async fn list_public_incident_notes_filters_and_decodes() {
    let server = MockServer::start_async().await;
    let mock = server.list_public_incident_notes(|when, then| {
        let when = when.incident_id(90412).member_id(7711);
        let when = when.ordering(types::ListPublicIncidentNotesOrdering::UpdatedAt);
        when.into_inner().query_param_count(".*", ".*", 2);
        reply(then.into_inner(), 200, "list-public-incident-notes");
    });

    let result = super::super::client(&server)
        .list_public_incident_notes()
        .incident_id(90412)
        .member_id(7711)
        .ordering(types::ListPublicIncidentNotesOrdering::UpdatedAt)
        .send()
        .await;
    mock.assert_async().await;
    let notes = result.unwrap().into_inner();
    assert_eq!(notes.len(), 2);
    assert_eq!((notes[0].id, notes[0].incident_id), (311, Some(90412)));
    assert_eq!(
        (notes[0].member_id, notes[0].api_token_id),
        (Some(7711), None)
    );
    assert_eq!(notes[0].created_at, Some(at("2024-02-10T18:02:55Z")));
    assert_eq!(notes[0].updated_at, None);
    assert_eq!(
        notes[0].comment,
        "Key belongs to the payments CI user, rotating now."
    );
    assert_eq!(notes[1].member_id, None);
    assert_eq!(
        notes[1].api_token_id,
        Some(uuid("6a2f9c0e-31b4-4d8a-b7e5-90c1d2e3f4a5"))
    );
    assert_eq!(notes[1].updated_at, Some(at("2024-02-11T07:55:00Z")));
}

#[tokio::test]
async fn create_public_incident_note_posts_the_comment_and_accepts_201() {
    let server = MockServer::start_async().await;
    let mock = server.create_public_incident_note(|when, then| {
        when.incident_id(90412)
            .body(&public_note("Opened a ticket with the repository owner."));
        reply(then.into_inner(), 201, "create-public-incident-note");
    });

    let result = super::super::client(&server)
        .create_public_incident_note()
        .incident_id(90412)
        .body_map(|b| b.comment("Opened a ticket with the repository owner."))
        .send()
        .await;
    mock.assert_async().await;
    let note = result.unwrap().into_inner();
    assert_eq!((note.id, note.incident_id), (322, Some(90412)));
    assert_eq!(note.comment, "Opened a ticket with the repository owner.");
    assert_eq!(note.created_at, Some(at("2024-02-12T09:14:27Z")));
    assert_eq!(note.updated_at, None);
}

#[tokio::test]
async fn update_public_incident_note_patches_the_comment() {
    let server = MockServer::start_async().await;
    let mock = server.update_public_incident_note(|when, then| {
        let when = when.incident_id(90412).note_id(318);
        when.body(&public_note("Rotation confirmed; old key deleted."));
        reply(then.into_inner(), 200, "update-public-incident-note");
    });

    let result = super::super::client(&server)
        .update_public_incident_note()
        .incident_id(90412)
        .note_id(318)
        .body_map(|b| b.comment("Rotation confirmed; old key deleted."))
        .send()
        .await;
    mock.assert_async().await;
    let note = result.unwrap().into_inner();
    assert_eq!(note.id, 318);
    assert_eq!(note.comment, "Rotation confirmed; old key deleted.");
    assert_eq!(note.created_at, Some(at("2024-02-11T07:40:12Z")));
    assert_eq!(note.updated_at, Some(at("2024-02-12T10:01:44Z")));
}

#[tokio::test]
async fn an_overlong_note_is_refused_before_sending() {
    let server = MockServer::start_async().await;
    let mock = server.create_incident_note(|when, then| {
        when.incident_id(81234);
        reply(then.into_inner(), 201, "create-incident-note");
    });

    let too_long = "x".repeat(10_001);
    let result = super::super::client(&server)
        .create_incident_note()
        .incident_id(81234)
        .body_map(|b| b.comment(too_long.as_str()))
        .send()
        .await;
    assert!(matches!(
        result,
        Err(gitguardian_openapi::Error::InvalidRequest(_))
    ));
    assert_eq!(mock.calls_async().await, 0);
}
