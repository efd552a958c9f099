//! `client.honeytokens()`: list, get, create (alone or with a context file), revoke.

use gitguardian_api_ext::{
    types,
    workflows::{HoneytokenContext, HoneytokenFilter, NewHoneytoken},
};
use httpmock::prelude::*;
use serde_json::json;
use uuid::Uuid;

use super::{answer, any_request, at, client, invalid_input, query, refused_stream};

fn uuid(text: &str) -> Uuid {
    text.parse().expect("a UUID")
}

#[tokio::test]
async fn list_maps_the_filter_onto_the_query_and_decodes() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            query(
                when.method(GET).path("/v1/honeytokens"),
                &[
                    ("status", "triggered"),
                    ("search", "wiki"),
                    ("ordering", "-triggered_at"),
                    ("show_token", "true"),
                    ("per_page", "100"),
                ],
            );
            answer(then, 200, "list-honeytoken");
        })
        .await;
    let filter = HoneytokenFilter::new()
        .status(types::HoneytokenStatus::Triggered)
        .search("wiki")
        .ordering(types::ListHoneytokenOrdering::TriggeredAtDesc)
        .show_token();
    let client = client(&server);
    let tokens = client
        .honeytokens()
        .list(filter)
        .collect_all()
        .await
        .unwrap();

    assert_eq!(mock.calls_async().await, 1);
    let names: Vec<&str> = tokens.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "billing-service decoy",
            "wiki page OPS-311",
            "legacy CI runner"
        ]
    );
    assert_eq!(tokens[0].id, uuid("7c1e2f0a-3b4d-4e5f-8a9b-0c1d2e3f4a5b"));
    assert_eq!(
        tokens[0]
            .token
            .as_ref()
            .and_then(|t| t.access_token_id.as_deref()),
        Some("AKIAEXAMPLEDECOY0001")
    );
    assert_eq!(tokens[1].status, types::HoneytokenStatus::Triggered);
    assert_eq!(tokens[1].open_events_count, Some(17));
    assert_eq!(
        tokens[2].status,
        types::HoneytokenStatus::Unrecognized("expired".into())
    );
}

#[tokio::test]
async fn list_without_filter_sends_only_the_page_size() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            query(
                when.method(GET).path("/v1/honeytokens"),
                &[("per_page", "100")],
            );
            answer(then, 200, "list-honeytoken");
        })
        .await;
    let client = client(&server);
    let tokens = client
        .honeytokens()
        .list(HoneytokenFilter::new())
        .collect_all()
        .await
        .unwrap();
    assert_eq!(tokens.len(), 3);
    assert_eq!(mock.calls_async().await, 1);
}

#[tokio::test]
async fn get_asks_without_the_token() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            query(
                when.method(GET)
                    .path("/v1/honeytokens/b2e4f6a8-1c3d-4e5f-9a0b-2c4d6e8f0a1b"),
                &[],
            );
            answer(then, 200, "revoke-honeytoken");
        })
        .await;
    let client = client(&server);
    let token = client
        .honeytokens()
        .get(uuid("b2e4f6a8-1c3d-4e5f-9a0b-2c4d6e8f0a1b"))
        .await
        .unwrap();
    assert_eq!(mock.calls_async().await, 1);
    assert_eq!(token.name, "wiki page OPS-311");
}

#[tokio::test]
async fn create_posts_name_type_description_and_custom_tags() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path("/v1/honeytokens").json_body(json!({
                "name": "payments-api decoy",
                "type": "AWS",
                "description": "Planted in payments-api/.env.example",
                "custom_tags": [
                    {"key": "env", "value": "staging"},
                    {"key": "planted"}
                ]
            }));
            answer(then, 201, "create-honeytoken");
        })
        .await;
    let client = client(&server);
    let token = client
        .honeytokens()
        .create(
            NewHoneytoken::new("payments-api decoy")
                .description("Planted in payments-api/.env.example")
                .custom_tag("env", Some("staging"))
                .custom_tag("planted", None),
        )
        .await
        .unwrap();
    assert_eq!(mock.calls_async().await, 1);
    assert_eq!(token.id, uuid("5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9"));
    assert_eq!(token.type_, types::HoneytokenType::Aws);
    let credentials = token.token.expect("credentials on creation");
    assert_eq!(
        credentials.secret_key.as_deref(),
        Some("exampleDecoySecretKey/notReal+0000000002")
    );
    assert_eq!(token.created_at, at("2024-04-02T10:15:30.5Z"));
}

#[tokio::test]
async fn create_with_context_posts_the_context_and_decodes_the_file() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/honeytokens/with-context")
                .json_body(json!({
                    "name": "staging deploy decoy",
                    "type": "AWS",
                    "language": "dotenv",
                    "filename": "deploy/aws.env",
                    "project_extensions": [".env", ".sh"]
                }));
            answer(then, 200, "create-honeytoken-with-context");
        })
        .await;
    let client = client(&server);
    let created = client
        .honeytokens()
        .create_with_context(
            NewHoneytoken::new("staging deploy decoy"),
            HoneytokenContext::new()
                .language("dotenv")
                .filename("deploy/aws.env")
                .project_extensions([".env", ".sh"]),
        )
        .await
        .unwrap();
    assert_eq!(mock.calls_async().await, 1);
    assert_eq!(
        created.honeytoken_id,
        uuid("8a7b6c5d-4e3f-4a2b-9c1d-0e9f8a7b6c5d")
    );
    assert_eq!(created.filename.as_deref(), Some("deploy/aws.env"));
    assert!(created
        .content
        .contains("AWS_ACCESS_KEY_ID=AKIAEXAMPLEDECOY0003"));
    assert_eq!(
        created.suggested_commit_message.as_deref(),
        Some("Add deployment credentials for staging")
    );
}

#[tokio::test]
async fn create_with_an_empty_context_sends_only_the_token() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/honeytokens/with-context")
                .json_body(json!({"name": "random decoy", "type": "AWS"}));
            answer(then, 200, "create-honeytoken-with-context");
        })
        .await;
    let client = client(&server);
    client
        .honeytokens()
        .create_with_context(NewHoneytoken::new("random decoy"), HoneytokenContext::new())
        .await
        .unwrap();
    assert_eq!(mock.calls_async().await, 1);
}

#[tokio::test]
async fn revoke_posts_to_revoke() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/honeytokens/b2e4f6a8-1c3d-4e5f-9a0b-2c4d6e8f0a1b/revoke");
            answer(then, 200, "revoke-honeytoken");
        })
        .await;
    let client = client(&server);
    let token = client
        .honeytokens()
        .revoke(uuid("b2e4f6a8-1c3d-4e5f-9a0b-2c4d6e8f0a1b"))
        .await
        .unwrap();
    assert_eq!(mock.calls_async().await, 1);
    assert_eq!(token.status, types::HoneytokenStatus::Revoked);
    assert_eq!(token.revoked_at, Some(at("2024-02-19T09:02:11.310455Z")));
    assert_eq!(token.revoker_id, Some(5531));
}

#[tokio::test]
async fn honeytokens_refuse_bad_arguments_without_sending() {
    let server = MockServer::start_async().await;
    let mock = any_request(&server).await;
    let client = client(&server);
    let honeytokens = client.honeytokens();

    let message = invalid_input(honeytokens.create(NewHoneytoken::new("")).await);
    assert!(message.contains("honeytoken name is empty"), "{message}");
    let message = invalid_input(
        honeytokens
            .create(NewHoneytoken::new("decoy").custom_tag(" ", Some("x")))
            .await,
    );
    assert!(message.contains("custom tag key is empty"), "{message}");
    let message = invalid_input(
        honeytokens
            .create(
                NewHoneytoken::new("decoy")
                    .kind(types::HoneytokenType::Unrecognized(String::new())),
            )
            .await,
    );
    assert!(message.contains("honeytoken type is empty"), "{message}");
    let message = invalid_input(
        honeytokens
            .create_with_context(
                NewHoneytoken::new("decoy"),
                HoneytokenContext::new().project_extensions([".c,.h"]),
            )
            .await,
    );
    assert!(message.contains("project extensions"), "{message}");
    let message = invalid_input(
        honeytokens
            .create_with_context(
                NewHoneytoken::new("decoy"),
                HoneytokenContext::new().filename(""),
            )
            .await,
    );
    assert!(message.contains("file name is empty"), "{message}");
    let message = invalid_input(honeytokens.revoke(Uuid::nil()).await);
    assert!(message.contains("nil UUID"), "{message}");
    let message = invalid_input(honeytokens.get(Uuid::nil()).await);
    assert!(message.contains("nil UUID"), "{message}");
    let message = refused_stream(honeytokens.list(HoneytokenFilter::new().search(""))).await;
    assert!(message.contains("honeytoken search is empty"), "{message}");

    assert_eq!(mock.calls_async().await, 0);
}
