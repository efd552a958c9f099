//! Notes of internal and public incidents: list, add, edit, delete, and the text checks.

use gitguardian_api_ext::workflows::NOTE_MAX_CHARS;
use httpmock::prelude::*;
use serde_json::json;

use super::{answer, any_request, at, client, invalid_input, query, refused_stream};

#[tokio::test]
async fn notes_streams_the_incident_notes() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            query(
                when.method(GET).path("/v1/incidents/secrets/81234/notes"),
                &[("per_page", "100")],
            );
            answer(then, 200, "list-incident-notes");
        })
        .await;
    let client = client(&server);
    let notes = client.incidents().notes(81234).collect_all().await.unwrap();
    assert_eq!(mock.calls_async().await, 1);
    assert_eq!(notes.len(), 2);
    assert_eq!(notes[0].id, 602);
    assert_eq!(
        notes[0].comment,
        "Token revoked in GitHub, rotation done in the release job."
    );
    assert_eq!(notes[0].member_id, Some(1187));
    assert_eq!(notes[1].api_token.as_deref(), Some("triage-bot"));
    assert_eq!(notes[1].updated_at, Some(at("2024-03-12T10:05:31Z")));
}

#[tokio::test]
async fn add_note_posts_the_comment_and_accepts_201() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/incidents/secrets/81234/notes")
                .json_body(json!({"comment": "Owner contacted, waiting for rotation."}));
            answer(then, 201, "create-incident-note");
        })
        .await;
    let client = client(&server);
    let note = client
        .incidents()
        .add_note(81234, "Owner contacted, waiting for rotation.")
        .await
        .unwrap();
    assert_eq!(mock.calls_async().await, 1);
    assert_eq!(note.id, 640);
    assert_eq!(note.incident_id, 81234);
    assert_eq!(note.comment, "Owner contacted, waiting for rotation.");
    assert_eq!(note.created_at, at("2024-03-14T08:00:00Z"));
}

#[tokio::test]
async fn update_note_patches_the_comment() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/v1/incidents/secrets/81234/notes/640")
                .json_body(json!({"comment": "Owner rotated the token."}));
            answer(then, 200, "update-incident-note");
        })
        .await;
    let client = client(&server);
    let note = client
        .incidents()
        .update_note(81234, 640, "Owner rotated the token.")
        .await
        .unwrap();
    assert_eq!(mock.calls_async().await, 1);
    assert_eq!(note.comment, "Owner rotated the token.");
    assert_eq!(note.updated_at, Some(at("2024-03-14T09:12:45Z")));
}

#[tokio::test]
async fn delete_note_sends_delete_and_accepts_204() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/v1/incidents/secrets/81234/notes/640");
            then.status(204);
        })
        .await;
    let client = client(&server);
    client.incidents().delete_note(81234, 640).await.unwrap();
    assert_eq!(mock.calls_async().await, 1);
}

#[tokio::test]
async fn a_note_of_exactly_the_maximum_length_in_characters_is_sent() {
    // 10,000 two-byte characters: the limit counts characters, not bytes.
    let text = "é".repeat(NOTE_MAX_CHARS);
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/incidents/secrets/81234/notes")
                .json_body(json!({ "comment": text.clone() }));
            answer(then, 201, "create-incident-note");
        })
        .await;
    let client = client(&server);
    client.incidents().add_note(81234, &text).await.unwrap();
    assert_eq!(mock.calls_async().await, 1);
}

#[tokio::test]
async fn notes_refuse_blank_and_too_long_texts_and_bad_ids_without_sending() {
    let server = MockServer::start_async().await;
    let mock = any_request(&server).await;
    let client = client(&server);
    let incidents = client.incidents();
    let public = client.public_incidents();
    let too_long = "x".repeat(NOTE_MAX_CHARS + 1);

    for message in [
        invalid_input(incidents.add_note(81234, "").await),
        invalid_input(incidents.add_note(81234, " \n\t ").await),
        invalid_input(incidents.update_note(81234, 640, "").await),
        invalid_input(public.add_note(90412, "  ").await),
        invalid_input(public.update_note(90412, 318, "").await),
    ] {
        assert!(message.contains("note text is empty"), "{message}");
    }
    for message in [
        invalid_input(incidents.add_note(81234, &too_long).await),
        invalid_input(incidents.update_note(81234, 640, &too_long).await),
        invalid_input(public.add_note(90412, &too_long).await),
        invalid_input(public.update_note(90412, 318, &too_long).await),
    ] {
        assert!(
            message.contains("10001 characters long; the API accepts at most 10000"),
            "{message}"
        );
    }
    let message = invalid_input(incidents.delete_note(81234, 0).await);
    assert!(message.contains("note id"), "{message}");
    let message = invalid_input(public.delete_note(0, 318).await);
    assert!(message.contains("incident id"), "{message}");
    let message = refused_stream(incidents.notes(-1)).await;
    assert!(message.contains("incident id"), "{message}");
    let message = refused_stream(public.notes(0)).await;
    assert!(message.contains("incident id"), "{message}");

    assert_eq!(mock.calls_async().await, 0);
}

#[tokio::test]
async fn public_notes_streams_the_public_incident_notes() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            query(
                when.method(GET)
                    .path("/v1/public-incidents/secrets/90412/notes"),
                &[("per_page", "100")],
            );
            answer(then, 200, "list-public-incident-notes");
        })
        .await;
    let client = client(&server);
    let notes = client
        .public_incidents()
        .notes(90412)
        .collect_all()
        .await
        .unwrap();
    assert_eq!(mock.calls_async().await, 1);
    let ids: Vec<i64> = notes.iter().map(|n| n.id).collect();
    assert_eq!(ids, [311, 318]);
    assert_eq!(
        notes[0].comment,
        "Key belongs to the payments CI user, rotating now."
    );
}

#[tokio::test]
async fn public_add_update_and_delete_note_send_their_requests() {
    let server = MockServer::start_async().await;
    let create = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/public-incidents/secrets/90412/notes")
                .json_body(json!({"comment": "Opened a ticket with the repository owner."}));
            answer(then, 201, "create-public-incident-note");
        })
        .await;
    let update = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/v1/public-incidents/secrets/90412/notes/318")
                .json_body(json!({"comment": "Rotation confirmed; old key deleted."}));
            answer(then, 200, "update-public-incident-note");
        })
        .await;
    let delete = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/v1/public-incidents/secrets/90412/notes/318");
            then.status(204);
        })
        .await;
    let client = client(&server);
    let public = client.public_incidents();

    let created = public
        .add_note(90412, "Opened a ticket with the repository owner.")
        .await
        .unwrap();
    assert_eq!(created.id, 322);
    assert_eq!(
        created.comment,
        "Opened a ticket with the repository owner."
    );
    let updated = public
        .update_note(90412, 318, "Rotation confirmed; old key deleted.")
        .await
        .unwrap();
    assert_eq!(updated.id, 318);
    assert_eq!(updated.updated_at, Some(at("2024-02-12T10:01:44Z")));
    public.delete_note(90412, 318).await.unwrap();

    assert_eq!(create.calls_async().await, 1);
    assert_eq!(update.calls_async().await, 1);
    assert_eq!(delete.calls_async().await, 1);
}
