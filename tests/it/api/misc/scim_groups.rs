//! SCIM Groups: teams provisioned by an identity provider (ids are `group-<team id>`).

use super::{at, client, no_content, nonzero, query, reply, serve};
use gitguardian_openapi::types;
use httpmock::prelude::*;
use serde_json::json;

const GROUPS: &str = "/v1/scim/v2/Groups";
const GROUP_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
const PATCH_OP: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

fn member(id: &str) -> types::ScimGroupMember {
    types::ScimGroupMember {
        value: Some(id.to_string()),
        type_: None,
    }
}

/// `value` of each member, as decoded.
fn members(group: &types::ScimGroup) -> Vec<Option<&str>> {
    group.members.iter().map(|m| m.value.as_deref()).collect()
}

/// Checks what every group fixture of `id` shares: schema, meta location and type.
fn assert_group(group: &types::ScimGroup, id: &str, display_name: &str) {
    assert_eq!(group.id, id);
    assert_eq!(group.display_name, display_name);
    assert_eq!(group.schemas, [GROUP_SCHEMA]);
    let meta = group.meta.as_ref().unwrap();
    assert_eq!(
        meta.location.as_deref(),
        Some(format!("https://api.gitguardian.com/v1/scim/v2/Groups/{id}").as_str())
    );
    assert_eq!(meta.resource_type.as_deref(), Some("Group"));
}

/// The `Platform engineering` group of the list and detail fixtures.
fn assert_platform_engineering(group: &types::ScimGroup) {
    assert_group(group, "group-4107", "Platform engineering");
    assert_eq!(group.external_id.as_deref(), Some("0oa1b2c3d4PlatEng"));
    assert_eq!(
        group.description.as_deref(),
        Some("Owners of the build and deploy tooling.")
    );
    let meta = group.meta.as_ref().unwrap();
    assert_eq!(meta.created, Some(at("2023-11-02T08:00:00Z")));
    assert_eq!(meta.last_modified, Some(at("2024-04-22T12:30:00Z")));
    assert_eq!(members(group), [Some("58213"), Some("58290")]);
}

#[tokio::test]
async fn scim_group_list_sends_filter_and_paging_and_decodes_groups() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            let when = when.method(GET).path(GROUPS);
            query(
                when,
                &[
                    ("filter", "displayName co \"e\""),
                    ("startIndex", "1"),
                    ("count", "2"),
                ],
            );
            reply(then, 200, "scim-group-list");
        })
        .await;

    let result = client(&server)
        .scim_group_list()
        .filter("displayName co \"e\"")
        .start_index(nonzero(1))
        .count(nonzero(2))
        .send()
        .await;
    mock.assert_async().await;
    let list = result.unwrap().into_inner();
    assert_eq!(
        (list.total_results, list.items_per_page, list.start_index),
        (2, Some(2), Some(1))
    );
    assert_eq!(
        list.schemas,
        ["urn:ietf:params:scim:api:messages:2.0:ListResponse"]
    );
    assert_eq!(list.resources.len(), 2);
    assert_platform_engineering(&list.resources[0]);
    let champions = &list.resources[1];
    assert_group(champions, "group-4112", "Security champions");
    assert_eq!(
        (
            champions.external_id.as_deref(),
            champions.description.as_deref()
        ),
        (None, None)
    );
    assert!(champions.members.is_empty());
}

#[tokio::test]
async fn scim_group_create_posts_the_group_and_accepts_201() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path(GROUPS).json_body(json!({
                "schemas": [GROUP_SCHEMA],
                "displayName": "Data science",
                "externalId": "0oa9z8y7x6DataSci",
                "description": "Analysts and ML engineers."
            }));
            reply(then, 201, "scim-group-create");
        })
        .await;

    let result = client(&server)
        .scim_group_create()
        .body_map(|b| {
            b.schemas(vec![GROUP_SCHEMA.to_string()])
                .display_name("Data science")
                .external_id(Some("0oa9z8y7x6DataSci".to_string()))
                .description(Some("Analysts and ML engineers.".to_string()))
        })
        .send()
        .await;
    mock.assert_async().await;
    let created = result.unwrap();
    assert_eq!(created.status(), 201);
    let group = created.into_inner();
    assert_group(&group, "group-4250", "Data science");
    assert_eq!(group.external_id.as_deref(), Some("0oa9z8y7x6DataSci"));
    assert_eq!(
        group.description.as_deref(),
        Some("Analysts and ML engineers.")
    );
    assert!(group.members.is_empty());
    assert_eq!(
        group.meta.unwrap().created,
        Some(at("2024-07-09T09:00:00Z"))
    );
}

#[tokio::test]
async fn scim_group_detail_decodes_members() {
    let server = MockServer::start_async().await;
    let path = format!("{GROUPS}/group-4107");
    let mock = serve(&server, GET, &path, 200, "scim-group-detail").await;

    let result = client(&server)
        .scim_group_detail()
        .id("group-4107")
        .send()
        .await;
    mock.assert_async().await;
    assert_platform_engineering(&result.unwrap().into_inner());
}

#[tokio::test]
async fn scim_group_update_puts_name_and_members() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PUT)
                .path(format!("{GROUPS}/group-4107"))
                .json_body(json!({
                    "schemas": [GROUP_SCHEMA],
                    "displayName": "Platform & release engineering",
                    "members": [{"value": "58213"}]
                }));
            reply(then, 200, "scim-group-update");
        })
        .await;

    let result = client(&server)
        .scim_group_update()
        .id("group-4107")
        .body_map(|b| {
            b.schemas(vec![GROUP_SCHEMA.to_string()])
                .display_name("Platform & release engineering")
                .members(vec![member("58213")])
        })
        .send()
        .await;
    mock.assert_async().await;
    let group = result.unwrap().into_inner();
    assert_group(&group, "group-4107", "Platform & release engineering");
    assert_eq!(members(&group), [Some("58213")]);
    assert_eq!(
        group.meta.unwrap().last_modified,
        Some(at("2024-07-12T15:00:00Z"))
    );
}

#[tokio::test]
async fn scim_group_partial_update_adds_a_member() {
    let server = MockServer::start_async().await;
    let mock =
        server
            .mock_async(|when, then| {
                when.method(PATCH).path(format!("{GROUPS}/group-4112")).json_body(json!({
                "schemas": [PATCH_OP],
                "Operations": [{"op": "add", "path": "members", "value": [{"value": "58214"}]}]
            }));
                reply(then, 200, "scim-group-partial-update");
            })
            .await;

    let result = client(&server)
        .scim_group_partial_update()
        .id("group-4112")
        .body_map(|b| {
            b.schemas(vec![PATCH_OP.parse::<types::ScimPatchOpSchema>().unwrap()])
                .operations(vec![types::ScimPatchOperation {
                    op: types::ScimPatchOperationType::Add,
                    path: Some("members".to_string()),
                    value: Some(json!([{"value": "58214"}])),
                }])
        })
        .send()
        .await;
    mock.assert_async().await;
    let group = result.unwrap().into_inner();
    assert_group(&group, "group-4112", "Security champions");
    assert_eq!(
        (group.external_id.as_deref(), group.description.as_deref()),
        (None, None)
    );
    assert_eq!(members(&group), [Some("58214")]);
    assert_eq!(
        group.meta.unwrap().last_modified,
        Some(at("2024-07-13T08:20:00Z"))
    );
}

#[tokio::test]
async fn scim_group_delete_accepts_204() {
    let server = MockServer::start_async().await;
    let mock = no_content(&server, DELETE, &format!("{GROUPS}/group-4250"), &[], 204).await;

    let result = client(&server)
        .scim_group_delete()
        .id("group-4250")
        .send()
        .await;
    mock.assert_async().await;
    assert_eq!(result.unwrap().status(), 204);
}
