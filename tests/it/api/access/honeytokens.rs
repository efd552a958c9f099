//! Honeytokens and what hangs off them: notes, the sources they were found in, and the events
//! they triggered.

use super::{at, no_content, no_query, nonzero, query, serve, uuid};
use gitguardian_openapi::types;
use httpmock::prelude::*;
use serde_json::json;

const WIKI: &str = "b2e4f6a8-1c3d-4e5f-9a0b-2c4d6e8f0a1b";
const BILLING: &str = "7c1e2f0a-3b4d-4e5f-8a9b-0c1d2e3f4a5b";
const API_TOKEN: &str = "e1d2c3b4-a5f6-4789-8abc-def012345678";

/// The honeytoken "wiki page OPS-311" as every fixture carries it, whatever its state.
fn assert_wiki_token(token: &types::Honeytoken) {
    assert_eq!(token.id, uuid(WIKI));
    assert_eq!(token.name, "wiki page OPS-311");
    assert_eq!(token.description, None);
    assert_eq!(token.created_at, at("2024-01-05T16:40:02.004511Z"));
    assert_eq!(token.triggered_at, Some(at("2024-02-19T03:27:51.880102Z")));
    assert_eq!(token.type_, types::HoneytokenType::Aws);
    assert_eq!(token.creator_id, None);
    assert_eq!(token.creator_api_token_id, Some(uuid(API_TOKEN)));
    assert_eq!(token.revoker_api_token_id, None);
    assert!(token.token.is_none());
    assert_eq!(token.tags, vec!["publicly_exposed".to_string()]);
    assert!(token.labels.is_empty());
    assert_eq!(token.custom_tags.len(), 1);
    assert_eq!(token.custom_tags[0].key, "location");
    assert_eq!(token.custom_tags[0].value, None);
}

// --- Honeytokens ---

#[tokio::test]
async fn list_honeytokens_sends_filters_and_decodes_unknown_status_and_type() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            let when = when.method(GET).path("/v1/honeytokens");
            query(
                when,
                &[
                    ("show_token", "true"),
                    ("status", "triggered"),
                    ("type", "AWS"),
                    ("ordering", "-created_at"),
                    ("tags", "publicly_exposed"),
                    ("creator_id", "5531"),
                ],
            );
            then.status(200)
                .header("content-type", "application/json")
                .json_body(super::super::fixture("list-honeytoken"));
        })
        .await;

    let tokens = super::super::client(&server)
        .list_honeytoken()
        .show_token(true)
        .status(types::HoneytokenStatus::Triggered)
        .type_(types::HoneytokenType::Aws)
        .ordering(types::ListHoneytokenOrdering::CreatedAtDesc)
        .tags("publicly_exposed")
        .creator_id(5531)
        .send()
        .await
        .unwrap()
        .into_inner();
    mock.assert_async().await;
    assert_eq!(tokens.len(), 3);

    let billing = &tokens[0];
    assert_eq!(billing.id, uuid(BILLING));
    assert_eq!(billing.status, types::HoneytokenStatus::Active);
    assert_eq!(billing.open_events_count, Some(0));
    assert_eq!(billing.triggered_at, None);
    assert_eq!(billing.creator_id, Some(5531));
    let credentials = billing.token.as_ref().unwrap();
    assert_eq!(
        credentials.access_token_id.as_deref(),
        Some("AKIAEXAMPLEDECOY0001")
    );
    assert_eq!(
        credentials.secret_key.as_deref(),
        Some("exampleDecoySecretKey/notReal+0000000001")
    );
    assert!(billing.tags.is_empty());
    assert_eq!(billing.labels.len(), 1);
    assert_eq!(
        billing.labels[0].id,
        uuid("3a9d4c52-7e1f-4b8a-9c0d-1e2f3a4b5c6d")
    );
    assert_eq!(billing.labels[0].value.as_deref(), Some("billing"));
    assert_eq!(billing.custom_tags[0].key, "team");

    assert_wiki_token(&tokens[1]);
    assert_eq!(tokens[1].status, types::HoneytokenStatus::Triggered);
    assert_eq!(tokens[1].open_events_count, Some(17));

    let legacy = &tokens[2];
    assert_eq!(legacy.name, "legacy CI runner");
    assert_eq!(legacy.description.as_deref(), Some(""));
    assert_eq!(legacy.created_at, at("2023-11-20T08:00:00Z"));
    assert_eq!(
        legacy.status,
        types::HoneytokenStatus::Unrecognized("expired".into())
    );
    assert_eq!(
        legacy.type_,
        types::HoneytokenType::Unrecognized("GCP".into())
    );
    assert_eq!(legacy.open_events_count, None);
    assert!(legacy.labels.is_empty());
    assert!(legacy.custom_tags.is_empty());
}

#[tokio::test]
async fn create_honeytoken_sends_body() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            let when = when.method(POST).path("/v1/honeytokens").json_body(json!({
                "name": "payments-api decoy",
                "description": "Planted in payments-api/.env.example",
                "type": "AWS",
                "custom_tags": [{"key": "env", "value": "staging"}]
            }));
            no_query(when);
            then.status(201)
                .header("content-type", "application/json")
                .json_body(super::super::fixture("create-honeytoken"));
        })
        .await;

    let token = super::super::client(&server)
        .create_honeytoken()
        .body_map(|b| {
            b.name("payments-api decoy")
                .description("Planted in payments-api/.env.example".to_string())
                .type_(types::HoneytokenType::Aws)
                .custom_tags(vec![types::CustomTagRequest {
                    key: Some("env".into()),
                    value: Some("staging".into()),
                }])
        })
        .send()
        .await
        .unwrap()
        .into_inner();
    mock.assert_async().await;
    assert_eq!(token.id, uuid("5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9"));
    assert_eq!(token.name, "payments-api decoy");
    assert_eq!(token.status, types::HoneytokenStatus::Active);
    assert_eq!(token.created_at, at("2024-04-02T10:15:30.5Z"));
    assert_eq!(token.creator_id, None);
    assert_eq!(token.creator_api_token_id, Some(uuid(API_TOKEN)));
    assert_eq!(
        token.token.as_ref().unwrap().access_token_id.as_deref(),
        Some("AKIAEXAMPLEDECOY0002")
    );
    assert!(token.labels.is_empty());
    assert_eq!(
        token.custom_tags[0].id,
        uuid("c0ffee00-1234-4abc-9def-001122334455")
    );
    assert_eq!(token.custom_tags[0].value.as_deref(), Some("staging"));
}

#[tokio::test]
async fn create_honeytoken_with_context_sends_body() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/honeytokens/with-context")
                .json_body(json!({
                    "name": "staging deploy",
                    "type": "AWS",
                    "language": "dotenv",
                    "filename": "deploy/aws.env"
                }));
            then.status(201)
                .header("content-type", "application/json")
                .json_body(super::super::fixture("create-honeytoken-with-context"));
        })
        .await;

    let context = super::super::client(&server)
        .create_honeytoken_with_context()
        .body_map(|b| {
            b.name("staging deploy")
                .type_(types::HoneytokenType::Aws)
                .language("dotenv".to_string())
                .filename("deploy/aws.env".to_string())
        })
        .send()
        .await
        .unwrap()
        .into_inner();
    mock.assert_async().await;
    assert!(context
        .content
        .starts_with("AWS_ACCESS_KEY_ID=AKIAEXAMPLEDECOY0003\n"));
    assert!(context.content.ends_with("AWS_REGION=eu-west-3\n"));
    assert_eq!(context.filename.as_deref(), Some("deploy/aws.env"));
    assert_eq!(context.filepath, None);
    assert_eq!(context.language.as_deref(), Some("dotenv"));
    assert_eq!(
        context.suggested_commit_message.as_deref(),
        Some("Add deployment credentials for staging")
    );
    assert_eq!(
        context.honeytoken_id,
        uuid("8a7b6c5d-4e3f-4a2b-9c1d-0e9f8a7b6c5d")
    );
    assert_eq!(
        context.gitguardian_url.as_deref(),
        Some("https://dashboard.gitguardian.com/workspace/42/honeytokens/8a7b6c5d-4e3f-4a2b-9c1d-0e9f8a7b6c5d")
    );
}

#[tokio::test]
async fn retrieve_honeytoken_sends_show_token() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            let when = when.method(GET).path(format!("/v1/honeytokens/{WIKI}"));
            query(when, &[("show_token", "false")]);
            then.status(200)
                .header("content-type", "application/json")
                .json_body(super::super::fixture("retrieve-honeytoken"));
        })
        .await;

    let token = super::super::client(&server)
        .retrieve_honeytoken()
        .honeytoken_id(uuid(WIKI))
        .show_token(false)
        .send()
        .await
        .unwrap()
        .into_inner();
    mock.assert_async().await;
    assert_wiki_token(&token);
    assert_eq!(token.status, types::HoneytokenStatus::Triggered);
    assert_eq!(token.open_events_count, Some(17));
    assert_eq!(token.revoked_at, None);
    assert_eq!(token.revoker_id, None);
}

#[tokio::test]
async fn update_honeytoken_sends_body() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path(format!("/v1/honeytokens/{BILLING}"))
                .json_body(json!({
                    "name": "billing-service decoy (moved)",
                    "description": "Now in config/prod_settings.py",
                    "custom_tags": [
                        {"key": "env", "value": "staging"},
                        {"key": "team", "value": "billing"}
                    ]
                }));
            then.status(200)
                .header("content-type", "application/json")
                .json_body(super::super::fixture("update-honeytoken"));
        })
        .await;

    let tag = |key: &str, value: &str| types::CustomTagRequest {
        key: Some(key.into()),
        value: Some(value.into()),
    };
    let token = super::super::client(&server)
        .update_honeytoken()
        .honeytoken_id(uuid(BILLING))
        .body(types::UpdateHoneytokenRequest {
            name: Some("billing-service decoy (moved)".into()),
            description: Some("Now in config/prod_settings.py".into()),
            custom_tags: Some(vec![tag("env", "staging"), tag("team", "billing")]),
            labels: None,
        })
        .send()
        .await
        .unwrap()
        .into_inner();
    mock.assert_async().await;
    assert_eq!(token.id, uuid(BILLING));
    assert_eq!(token.name, "billing-service decoy (moved)");
    assert_eq!(
        token.description.as_deref(),
        Some("Now in config/prod_settings.py")
    );
    assert!(token.token.is_none());
    assert_eq!(token.custom_tags.len(), 2);
    assert_eq!(token.custom_tags[1].key, "team");
    assert_eq!(token.custom_tags[1].value.as_deref(), Some("billing"));
}

#[tokio::test]
async fn reset_and_revoke_honeytoken_decode() {
    let server = MockServer::start_async().await;
    let reset = serve(
        &server,
        POST,
        &format!("/v1/honeytokens/{WIKI}/reset"),
        200,
        "reset-honeytoken",
    )
    .await;
    let revoke = serve(
        &server,
        POST,
        &format!("/v1/honeytokens/{WIKI}/revoke"),
        200,
        "revoke-honeytoken",
    )
    .await;
    let client = super::super::client(&server);

    let token = client
        .reset_honeytoken()
        .honeytoken_id(uuid(WIKI))
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_wiki_token(&token);
    assert_eq!(token.status, types::HoneytokenStatus::Active);
    assert_eq!(token.open_events_count, Some(0));
    assert_eq!(token.revoked_at, None);

    let token = client
        .revoke_honeytoken()
        .honeytoken_id(uuid(WIKI))
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_wiki_token(&token);
    assert_eq!(token.status, types::HoneytokenStatus::Revoked);
    assert_eq!(token.revoked_at, Some(at("2024-02-19T09:02:11.310455Z")));
    assert_eq!(token.revoker_id, Some(5531));
    reset.assert_async().await;
    revoke.assert_async().await;
}

#[tokio::test]
async fn check_honeytoken_prefixes_sends_prefixes() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/honeytokens/prefixes")
                .json_body(json!({"prefixes": ["AKIAEXAMPLE", "AKIAOTHER"]}));
            then.status(200)
                .header("content-type", "application/json")
                .json_body(super::super::fixture("check-honeytoken-prefixes"));
        })
        .await;

    let matches = super::super::client(&server)
        .check_honeytoken_prefixes()
        .body_map(|b| b.prefixes(vec!["AKIAEXAMPLE".to_string(), "AKIAOTHER".to_string()]))
        .send()
        .await
        .unwrap()
        .into_inner();
    mock.assert_async().await;
    assert_eq!(matches.matches.len(), 2);
    assert_eq!(
        matches.matches[0].hint,
        "4f0c8e2a9b1d3f5e7a9c0b2d4f6e8a0c1e3b5d7f9a1c3e5b7d9f1a3c5e7b9d1f"
    );
    assert!(matches.matches[1].hint.starts_with("a3b5c7d9"));
}

// --- Honeytoken Notes ---

#[tokio::test]
async fn list_honeytoken_notes_sends_filters_and_decodes() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            let when = when
                .method(GET)
                .path(format!("/v1/honeytokens/{WIKI}/notes"));
            query(
                when,
                &[
                    ("ordering", "-updated_at"),
                    ("search", "SEC-812"),
                    ("api_token_id", API_TOKEN),
                    ("per_page", "10"),
                ],
            );
            then.status(200)
                .header("content-type", "application/json")
                .json_body(super::super::fixture("list-honeytoken-notes"));
        })
        .await;

    let notes = super::super::client(&server)
        .list_honeytoken_notes()
        .honeytoken_id(uuid(WIKI))
        .ordering(types::ListHoneytokenNotesOrdering::UpdatedAtDesc)
        .search("SEC-812")
        .api_token_id(uuid(API_TOKEN))
        .per_page(nonzero(10))
        .send()
        .await
        .unwrap()
        .into_inner();
    mock.assert_async().await;
    assert_eq!(notes.len(), 2);
    assert_eq!(notes[0].id, uuid("6d5c4b3a-2f1e-4d0c-9b8a-7f6e5d4c3b2a"));
    assert_eq!(notes[0].honeytoken_id, uuid(WIKI));
    assert_eq!(notes[0].member_id, Some(5531));
    assert_eq!(notes[0].api_token_id, None);
    assert_eq!(notes[0].created_at, at("2024-02-19T08:45:00Z"));
    assert_eq!(notes[0].updated_at, None);
    assert_eq!(
        notes[0].comment,
        "Source IP belongs to a known scanner; keeping the token active."
    );
    assert_eq!(notes[1].member_id, None);
    assert_eq!(notes[1].api_token_id, Some(uuid(API_TOKEN)));
    assert_eq!(notes[1].created_at, at("2024-02-19T09:00:12.345678Z"));
    assert_eq!(notes[1].updated_at, Some(at("2024-02-20T11:30:00Z")));
}

#[tokio::test]
async fn create_and_update_honeytoken_note_send_comment() {
    let server = MockServer::start_async().await;
    let note = "8f7e6d5c-4b3a-4f2e-9d1c-0b9a8f7e6d5c";
    let create = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(format!("/v1/honeytokens/{WIKI}/notes"))
                .json_body(json!({"comment": "Rotated the decoy after the wiki cleanup."}));
            then.status(201)
                .header("content-type", "application/json")
                .json_body(super::super::fixture("create-honeytoken-note"));
        })
        .await;
    let update = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path(format!("/v1/honeytokens/{WIKI}/notes/{note}"))
                .json_body(
                    json!({"comment": "Rotated the decoy after the wiki cleanup (SEC-812)."}),
                );
            then.status(200)
                .header("content-type", "application/json")
                .json_body(super::super::fixture("update-honeytoken-note"));
        })
        .await;
    let client = super::super::client(&server);

    let created = client
        .create_honeytoken_note()
        .honeytoken_id(uuid(WIKI))
        .body_map(|b| b.comment("Rotated the decoy after the wiki cleanup."))
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(created.id, uuid(note));
    assert_eq!(created.member_id, None);
    assert_eq!(created.api_token_id, Some(uuid(API_TOKEN)));
    assert_eq!(created.created_at, at("2024-02-21T14:05:09Z"));
    assert_eq!(created.updated_at, None);
    assert_eq!(created.comment, "Rotated the decoy after the wiki cleanup.");

    let updated = client
        .update_honeytoken_note()
        .honeytoken_id(uuid(WIKI))
        .note_id(uuid(note))
        .body_map(|b| b.comment("Rotated the decoy after the wiki cleanup (SEC-812)."))
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(updated.id, uuid(note));
    assert_eq!(updated.updated_at, Some(at("2024-02-21T15:20:44Z")));
    assert_eq!(
        updated.comment,
        "Rotated the decoy after the wiki cleanup (SEC-812)."
    );
    create.assert_async().await;
    update.assert_async().await;
}

#[tokio::test]
async fn delete_honeytoken_note_succeeds_on_204() {
    let server = MockServer::start_async().await;
    let note = "6d5c4b3a-2f1e-4d0c-9b8a-7f6e5d4c3b2a";
    let mock = no_content(
        &server,
        DELETE,
        &format!("/v1/honeytokens/{WIKI}/notes/{note}"),
        &[],
        204,
    )
    .await;
    let response = super::super::client(&server)
        .delete_honeytoken_note()
        .honeytoken_id(uuid(WIKI))
        .note_id(uuid(note))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    mock.assert_async().await;
}

// --- Honeytoken Sources ---

#[tokio::test]
async fn list_honeytoken_sources_sends_ordering_and_decodes() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            let when = when
                .method(GET)
                .path(format!("/v1/honeytokens/{BILLING}/sources"));
            query(when, &[("ordering", "-source_id"), ("cursor", "next-page")]);
            then.status(200)
                .header("content-type", "application/json")
                .json_body(super::super::fixture("list-honeytoken-sources"));
        })
        .await;

    let sources = super::super::client(&server)
        .list_honeytoken_sources()
        .honeytoken_id(uuid(BILLING))
        .ordering(types::ListHoneytokenSourcesOrdering::SourceIdDesc)
        .cursor("next-page")
        .send()
        .await
        .unwrap()
        .into_inner();
    mock.assert_async().await;
    assert_eq!(sources.len(), 2);
    assert_eq!(sources[0].type_, "github");
    assert_eq!(sources[0].name, "example-org/billing-service");
    assert_eq!(sources[0].open_issues_count, Some(2));
    assert_eq!(sources[0].total_files_count, Some(1));
    assert_eq!(sources[0].files, vec!["config/settings.py".to_string()]);
    assert_eq!(sources[0].source_id, 88123);
    assert_eq!(sources[1].type_, "gitlab");
    assert_eq!(sources[1].open_issues_count, Some(0));
    assert!(sources[1].files.is_empty());
    assert_eq!(sources[1].source_id, 90412);
}

// --- Honeytokens Events ---

#[tokio::test]
async fn list_honeytoken_events_sends_filters_and_decodes_unknown_status() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            let when = when.method(GET).path("/v1/honeytokens_events");
            query(
                when,
                &[
                    ("honeytoken_id", WIKI),
                    ("status", "open"),
                    ("ip_address", "203.0.113.45"),
                    ("ordering", "-triggered_at"),
                ],
            );
            then.status(200)
                .header("content-type", "application/json")
                .json_body(super::super::fixture("list-honeytokens-events"));
        })
        .await;

    let events = super::super::client(&server)
        .list_honeytokens_events()
        .honeytoken_id(uuid(WIKI))
        .status(types::ListHoneytokensEventsStatus::Open)
        .ip_address("203.0.113.45")
        .ordering(types::ListHoneytokensEventsOrdering::TriggeredAtDesc)
        .send()
        .await
        .unwrap()
        .into_inner();
    mock.assert_async().await;
    assert_eq!(events.len(), 2);

    let open = &events[0];
    assert_eq!(open.id, uuid("1f2e3d4c-5b6a-4798-8a7b-6c5d4e3f2a1b"));
    assert_eq!(open.honeytoken_id, uuid(WIKI));
    assert_eq!(open.triggered_at, at("2024-02-19T03:27:51.880102Z"));
    assert_eq!(open.status, types::HoneytokenEventStatus::Open);
    assert_eq!(open.ip_address.as_deref(), Some("203.0.113.45"));
    assert_eq!(open.action.as_deref(), Some("GetCallerIdentity"));
    let data = open.data.as_ref().unwrap();
    assert_eq!(data["region"], "us-east-1");
    assert_eq!(data["user_agent"], "aws-cli/2.15.0 Python/3.11.6");
    assert_eq!(open.tags, vec!["publicly_exposed".to_string()]);

    let escalated = &events[1];
    assert_eq!(
        escalated.status,
        types::HoneytokenEventStatus::Unrecognized("escalated".into())
    );
    assert_eq!(escalated.ip_address, None);
    assert_eq!(escalated.action.as_deref(), Some("ListBuckets"));
    assert!(escalated.data.as_ref().unwrap().is_empty());
    assert!(escalated.tags.is_empty());
}
