//! SCIM Users: workspace members provisioned by an identity provider.

use super::{at, client, no_content, nonzero, query, reply, serve};
use gitguardian_openapi::types;
use httpmock::prelude::*;
use serde_json::json;

const USERS: &str = "/v1/scim/v2/Users";
const USER_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
const PATCH_OP: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

fn email(value: &str) -> types::ScimUserEmail {
    types::ScimUserEmail {
        primary: true,
        value: value.to_string(),
    }
}

fn name(given: &str, family: &str) -> types::ScimUserName {
    types::ScimUserName {
        given_name: Some(given.to_string()),
        family_name: Some(family.to_string()),
    }
}

/// Checks a user's identity, name and `meta` (created, last modified, location).
fn assert_user(user: &types::ScimUser, id: &str, user_name: &str, names: (&str, Option<&str>)) {
    assert_eq!(user.id, id);
    assert_eq!(user.user_name, user_name);
    assert_eq!(user.schemas, [USER_SCHEMA]);
    let name = user.name.as_ref().unwrap();
    assert_eq!(
        (name.given_name.as_deref(), name.family_name.as_deref()),
        (Some(names.0), names.1)
    );
    let meta = user.meta.as_ref().unwrap();
    assert_eq!(
        meta.location.as_deref(),
        Some(format!("https://api.gitguardian.com/v1/scim/v2/Users/{id}").as_str())
    );
    assert_eq!(meta.resource_type.as_deref(), Some("User"));
}

#[tokio::test]
async fn scim_user_list_sends_filter_and_paging_and_decodes_users() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            let when = when.method(GET).path(USERS);
            query(
                when,
                &[
                    ("filter", "userName sw \"a\""),
                    ("startIndex", "1"),
                    ("count", "3"),
                ],
            );
            reply(then, 200, "scim-user-list");
        })
        .await;

    let result = client(&server)
        .scim_user_list()
        .filter("userName sw \"a\"")
        .start_index(nonzero(1))
        .count(nonzero(3))
        .send()
        .await;
    mock.assert_async().await;
    let list = result.unwrap().into_inner();
    assert_eq!(
        (list.total_results, list.items_per_page, list.start_index),
        (3, Some(3), Some(1))
    );
    assert_eq!(
        list.schemas,
        ["urn:ietf:params:scim:api:messages:2.0:ListResponse"]
    );
    assert_eq!(list.resources.len(), 3);

    let alice = &list.resources[0];
    assert_user(
        alice,
        "58213",
        "alice.martin@example.com",
        ("Alice", Some("Martin")),
    );
    assert!(alice.active);
    assert_eq!(alice.external_id.as_deref(), Some("00u8k2j1xyZ9AbCd4x7"));
    assert_eq!(alice.emails.len(), 1);
    assert!(alice.emails[0].primary);
    assert_eq!(alice.emails[0].value, "alice.martin@example.com");
    let meta = alice.meta.as_ref().unwrap();
    assert_eq!(meta.created, Some(at("2024-02-11T09:30:12Z")));
    assert_eq!(meta.last_modified, Some(at("2024-05-03T16:02:44Z")));

    let bob = &list.resources[1];
    assert_user(bob, "58214", "bob.nguyen@example.com", ("Bob", None));
    assert!(!bob.active);
    assert!(bob.emails.is_empty());
    assert_eq!(bob.external_id, None);

    let chloe = &list.resources[2];
    assert_user(
        chloe,
        "58290",
        "chloe.dupont@example.com",
        ("Chloé", Some("Dupont")),
    );
}

#[tokio::test]
async fn scim_user_create_posts_the_user_and_accepts_201() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path(USERS).json_body(json!({
                "schemas": [USER_SCHEMA],
                "userName": "dmitri.ivanov@example.com",
                "active": true,
                "name": {"givenName": "Dmitri", "familyName": "Ivanov"},
                "emails": [{"value": "dmitri.ivanov@example.com", "primary": true}]
            }));
            reply(then, 201, "scim-user-create");
        })
        .await;

    let result = client(&server)
        .scim_user_create()
        .body_map(|b| {
            b.schemas(vec![USER_SCHEMA.parse::<types::ScimUserSchema>().unwrap()])
                .user_name("dmitri.ivanov@example.com")
                .active(true)
                .name(name("Dmitri", "Ivanov"))
                .emails(vec![email("dmitri.ivanov@example.com")])
        })
        .send()
        .await;
    mock.assert_async().await;
    let created = result.unwrap();
    assert_eq!(created.status(), 201);
    let user = created.into_inner();
    assert_user(
        &user,
        "58377",
        "dmitri.ivanov@example.com",
        ("Dmitri", Some("Ivanov")),
    );
    assert!(user.active);
    assert_eq!(user.external_id.as_deref(), Some("00u9pq4r1Lm2NoPq3s8"));
    assert_eq!(user.emails[0].value, "dmitri.ivanov@example.com");
    let meta = user.meta.unwrap();
    assert_eq!(meta.created, Some(at("2024-07-08T13:20:00Z")));
    assert_eq!(meta.last_modified, meta.created);
}

#[tokio::test]
async fn scim_user_detail_decodes_the_user() {
    let server = MockServer::start_async().await;
    let mock = serve(
        &server,
        GET,
        &format!("{USERS}/58213"),
        200,
        "scim-user-detail",
    )
    .await;

    let result = client(&server).scim_user_detail().id("58213").send().await;
    mock.assert_async().await;
    let user = result.unwrap().into_inner();
    assert_user(
        &user,
        "58213",
        "alice.martin@example.com",
        ("Alice", Some("Martin")),
    );
    assert!(user.active);
    assert_eq!(user.external_id.as_deref(), Some("00u8k2j1xyZ9AbCd4x7"));
    assert_eq!(user.emails[0].value, "alice.martin@example.com");
    assert_eq!(
        user.meta.unwrap().last_modified,
        Some(at("2024-05-03T16:02:44Z"))
    );
}

#[tokio::test]
async fn scim_user_update_puts_the_whole_user() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PUT)
                .path(format!("{USERS}/58290"))
                .json_body(json!({
                    "schemas": [USER_SCHEMA],
                    "userName": "chloe.dupont@example.com",
                    "active": true,
                    "name": {"givenName": "Chloé", "familyName": "Dupont-Leroy"}
                }));
            reply(then, 200, "scim-user-update");
        })
        .await;

    let result = client(&server)
        .scim_user_update()
        .id("58290")
        .body_map(|b| {
            b.schemas(vec![USER_SCHEMA.parse::<types::ScimUserSchema>().unwrap()])
                .user_name("chloe.dupont@example.com")
                .active(true)
                .name(name("Chloé", "Dupont-Leroy"))
        })
        .send()
        .await;
    mock.assert_async().await;
    let user = result.unwrap().into_inner();
    assert_user(
        &user,
        "58290",
        "chloe.dupont@example.com",
        ("Chloé", Some("Dupont-Leroy")),
    );
    assert_eq!(
        user.meta.unwrap().last_modified,
        Some(at("2024-07-15T10:11:12Z"))
    );
}

#[tokio::test]
async fn scim_user_partial_update_sends_patch_operations() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path(format!("{USERS}/58213"))
                .json_body(json!({
                    "schemas": [PATCH_OP],
                    "Operations": [{"op": "replace", "path": "active", "value": false}]
                }));
            reply(then, 200, "scim-user-partial-update");
        })
        .await;

    let result = client(&server)
        .scim_user_partial_update()
        .id("58213")
        .body_map(|b| {
            b.schemas(vec![PATCH_OP.parse::<types::ScimPatchOpSchema>().unwrap()])
                .operations(vec![types::ScimPatchOperation {
                    op: types::ScimPatchOperationType::Replace,
                    path: Some("active".to_string()),
                    value: Some(json!(false)),
                }])
        })
        .send()
        .await;
    mock.assert_async().await;
    let user = result.unwrap().into_inner();
    assert_user(
        &user,
        "58213",
        "alice.martin@example.com",
        ("Alice", Some("Martin")),
    );
    assert!(!user.active);
    assert_eq!(
        user.meta.unwrap().last_modified,
        Some(at("2024-07-16T17:45:00Z"))
    );
}

#[tokio::test]
async fn scim_user_delete_accepts_204() {
    let server = MockServer::start_async().await;
    let mock = no_content(&server, DELETE, &format!("{USERS}/58214"), &[], 204).await;

    let result = client(&server).scim_user_delete().id("58214").send().await;
    mock.assert_async().await;
    assert_eq!(result.unwrap().status(), 204);
}
