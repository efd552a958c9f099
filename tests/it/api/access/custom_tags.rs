//! Custom tags, and the honeytoken labels they replace (deprecated, still served).

use super::{no_content, no_query, nonzero, query, serve, uuid};
use gitguardian_openapi::types;
use httpmock::prelude::*;
use serde_json::json;

const ENV_TAG: &str = "c0ffee00-1234-4abc-9def-001122334455";
const LOCATION_TAG: &str = "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a";

// --- Custom Tags ---

#[tokio::test]
async fn list_custom_tags_sends_filters_and_decodes() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            let when = when.method(GET).path("/v1/custom_tags");
            query(when, &[("key", "env"), ("per_page", "3")]);
            then.status(200)
                .header("content-type", "application/json")
                .json_body(super::super::fixture("list-custom-tags"));
        })
        .await;

    let tags = super::super::client(&server)
        .list_custom_tags()
        .key("env")
        .per_page(nonzero(3))
        .send()
        .await
        .unwrap()
        .into_inner();
    mock.assert_async().await;
    assert_eq!(tags.len(), 3);
    assert_eq!(tags[0].id, uuid(ENV_TAG));
    assert_eq!(tags[0].key, "env");
    assert_eq!(tags[0].value.as_deref(), Some("staging"));
    assert_eq!(tags[1].id, uuid(LOCATION_TAG));
    assert_eq!(tags[1].key, "location");
    assert_eq!(tags[1].value, None);
    assert_eq!(tags[2].key, "team");
    assert_eq!(tags[2].value.as_deref(), Some("billing"));
}

#[tokio::test]
async fn create_custom_tag_sends_body() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            let when = when
                .method(POST)
                .path("/v1/custom_tags")
                .json_body(json!({"key": "owner", "value": "platform"}));
            no_query(when);
            then.status(201)
                .header("content-type", "application/json")
                .json_body(super::super::fixture("create-custom-tag"));
        })
        .await;

    let tag = super::super::client(&server)
        .create_custom_tag()
        .body(types::CustomTagRequest {
            key: Some("owner".into()),
            value: Some("platform".into()),
        })
        .send()
        .await
        .unwrap()
        .into_inner();
    mock.assert_async().await;
    assert_eq!(tag.id, uuid("d1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e5f6"));
    assert_eq!(tag.key, "owner");
    assert_eq!(tag.value.as_deref(), Some("platform"));
}

#[tokio::test]
async fn get_custom_tag_decodes_null_value() {
    let server = MockServer::start_async().await;
    let mock = serve(
        &server,
        GET,
        &format!("/v1/custom_tags/{LOCATION_TAG}"),
        200,
        "get-custom-tag",
    )
    .await;
    let tag = super::super::client(&server)
        .get_custom_tag()
        .custom_tag_id(uuid(LOCATION_TAG))
        .send()
        .await
        .unwrap()
        .into_inner();
    mock.assert_async().await;
    assert_eq!(tag.id, uuid(LOCATION_TAG));
    assert_eq!(tag.key, "location");
    assert_eq!(tag.value, None);
}

#[tokio::test]
async fn update_custom_tag_puts_key_and_value() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PUT)
                .path(format!("/v1/custom_tags/{ENV_TAG}"))
                .json_body(json!({"key": "environment", "value": "preprod"}));
            then.status(200)
                .header("content-type", "application/json")
                .json_body(super::super::fixture("update-custom-tag"));
        })
        .await;

    let tag = super::super::client(&server)
        .update_custom_tag()
        .custom_tag_id(uuid(ENV_TAG))
        .body_map(|b| {
            b.key("environment".to_string())
                .value("preprod".to_string())
        })
        .send()
        .await
        .unwrap()
        .into_inner();
    mock.assert_async().await;
    assert_eq!(tag.id, uuid(ENV_TAG));
    assert_eq!(tag.key, "environment");
    assert_eq!(tag.value.as_deref(), Some("preprod"));
}

#[tokio::test]
async fn partial_update_custom_tag_patches_value_only() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path(format!("/v1/custom_tags/{ENV_TAG}"))
                .json_body(json!({"value": "preprod"}));
            then.status(200)
                .header("content-type", "application/json")
                .json_body(super::super::fixture("partial-update-custom-tag"));
        })
        .await;

    let tag = super::super::client(&server)
        .partial_update_custom_tag()
        .custom_tag_id(uuid(ENV_TAG))
        .body(types::CustomTagPatchRequest {
            key: None,
            value: Some("preprod".into()),
        })
        .send()
        .await
        .unwrap()
        .into_inner();
    mock.assert_async().await;
    assert_eq!(tag.id, uuid(ENV_TAG));
    assert_eq!(tag.key, "env");
    assert_eq!(tag.value.as_deref(), Some("preprod"));
}

#[tokio::test]
async fn custom_tag_key_rename_and_deletes_succeed_on_204() {
    let server = MockServer::start_async().await;
    let rename = no_content(
        &server,
        PATCH,
        "/v1/custom_tags",
        &[("old_key", "env"), ("new_key", "environment")],
        204,
    )
    .await;
    let delete_key = no_content(
        &server,
        DELETE,
        "/v1/custom_tags",
        &[("key", "location")],
        204,
    )
    .await;
    let delete = no_content(
        &server,
        DELETE,
        &format!("/v1/custom_tags/{ENV_TAG}"),
        &[],
        204,
    )
    .await;
    let client = super::super::client(&server);

    let renamed = client
        .update_custom_tags_key()
        .old_key("env")
        .new_key("environment")
        .send()
        .await
        .unwrap();
    assert_eq!(renamed.status(), 204);
    let deleted_key = client
        .delete_custom_tags_key()
        .key("location")
        .send()
        .await
        .unwrap();
    assert_eq!(deleted_key.status(), 204);
    let deleted = client
        .delete_custom_tag()
        .custom_tag_id(uuid(ENV_TAG))
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), 204);
    rename.assert_async().await;
    delete_key.assert_async().await;
    delete.assert_async().await;
}

// --- Honeytoken Labels (deprecated) ---

#[tokio::test]
async fn list_honeytoken_labels_sends_filters_and_decodes() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            let when = when.method(GET).path("/v1/honeytokens/labels");
            query(when, &[("key", "team"), ("search", "team:")]);
            then.status(200)
                .header("content-type", "application/json")
                .json_body(super::super::fixture("list-honeytoken-labels"));
        })
        .await;

    let labels = super::super::client(&server)
        .list_honeytoken_labels()
        .key("team")
        .search("team:")
        .send()
        .await
        .unwrap()
        .into_inner();
    mock.assert_async().await;
    assert_eq!(labels.len(), 2);
    assert_eq!(labels[0].id, uuid("3a9d4c52-7e1f-4b8a-9c0d-1e2f3a4b5c6d"));
    assert_eq!(labels[0].key, "team");
    assert_eq!(labels[0].value.as_deref(), Some("billing"));
    assert_eq!(labels[1].id, uuid("4b0e5d63-8f2a-4c9b-8d1e-2f3a4b5c6d7e"));
    assert_eq!(labels[1].value.as_deref(), Some("platform"));
}

#[tokio::test]
async fn create_honeytoken_label_sends_body() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/honeytokens/labels")
                .json_body(json!({"key": "region", "value": "eu"}));
            then.status(201)
                .header("content-type", "application/json")
                .json_body(super::super::fixture("create-honeytoken-label"));
        })
        .await;

    let label = super::super::client(&server)
        .create_honeytoken_label()
        .body_map(|b| b.key("region").value("eu"))
        .send()
        .await
        .unwrap()
        .into_inner();
    mock.assert_async().await;
    assert_eq!(label.id, uuid("5c1f6e74-9a3b-4dac-9e2f-3a4b5c6d7e8f"));
    assert_eq!(label.key, "region");
    assert_eq!(label.value.as_deref(), Some("eu"));
}

#[tokio::test]
async fn honeytoken_label_key_operations_succeed_on_204() {
    let server = MockServer::start_async().await;
    let rename = no_content(
        &server,
        PATCH,
        "/v1/honeytokens/labels",
        &[("old_key", "team"), ("new_key", "squad")],
        204,
    )
    .await;
    let delete_key = no_content(
        &server,
        DELETE,
        "/v1/honeytokens/labels",
        &[("key", "region")],
        204,
    )
    .await;
    let client = super::super::client(&server);

    let renamed = client
        .patch_honeytoken_label_key()
        .old_key("team")
        .new_key("squad")
        .send()
        .await
        .unwrap();
    assert_eq!(renamed.status(), 204);
    let deleted = client
        .delete_honeytoken_label_key()
        .key("region")
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), 204);
    rename.assert_async().await;
    delete_key.assert_async().await;
}

#[tokio::test]
async fn honeytoken_label_value_patch_and_delete_succeed_on_204() {
    let server = MockServer::start_async().await;
    let label = "4b0e5d63-8f2a-4c9b-8d1e-2f3a4b5c6d7e";
    let patch = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path(format!("/v1/honeytokens/labels/{label}"))
                .json_body(json!({"value": "platform-eng"}));
            then.status(204);
        })
        .await;
    let delete = no_content(
        &server,
        DELETE,
        &format!("/v1/honeytokens/labels/{label}"),
        &[],
        204,
    )
    .await;
    let client = super::super::client(&server);

    let patched = client
        .patch_honeytoken_label()
        .label_id(label)
        .body_map(|b| b.value("platform-eng"))
        .send()
        .await
        .unwrap();
    assert_eq!(patched.status(), 204);
    let deleted = client
        .delete_honeytoken_label()
        .label_id(label)
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), 204);
    patch.assert_async().await;
    delete.assert_async().await;
}
