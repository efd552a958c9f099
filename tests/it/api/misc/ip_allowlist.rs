//! IP Allowlist: the rules restricting which addresses may call the API.

use super::{at, client, no_content, nonzero, query, reply, serve, uuid};
use gitguardian_openapi::types;
use httpmock::prelude::*;
use serde_json::json;

const RULE: &str = "3d9f1b7e-6a2c-4e85-b0d4-8c1e5a7f2b93";

fn rule_path() -> String {
    format!("/v1/ip-allowlist/{RULE}")
}

fn assert_paris_office(rule: &types::IpAllowlistRule) {
    assert_eq!(rule.id, uuid(RULE));
    assert_eq!(rule.tag.as_str(), "Paris office");
    assert_eq!(rule.created_at, at("2024-03-04T10:20:30Z"));
    assert_eq!(rule.ip_ranges, ["203.0.113.17", "198.51.100.0/24"]);
}

#[tokio::test]
async fn list_ip_allowlist_sends_filters_and_decodes_rules() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            let when = when.method(GET).path("/v1/ip-allowlist");
            query(
                when,
                &[
                    ("search", "office"),
                    ("ordering", "-tag"),
                    ("per_page", "10"),
                ],
            );
            reply(then, 200, "list-ip-allowlist");
        })
        .await;

    let result = client(&server)
        .list_ip_allowlist()
        .search("office")
        .ordering(types::ListIpAllowlistOrdering::TagDesc)
        .per_page(nonzero(10))
        .send()
        .await;
    mock.assert_async().await;
    let rules = result.unwrap().into_inner();
    assert_eq!(rules.len(), 2);
    assert_paris_office(&rules[0]);
    assert_eq!(rules[1].id, uuid("a05e7c2d-9b13-4f6a-8d2e-71c4b9e0f5a8"));
    assert_eq!(rules[1].tag.as_str(), "CI runners");
    assert_eq!(rules[1].created_at, at("2024-04-22T16:45:00Z"));
    assert!(rules[1].ip_ranges.is_empty());
}

#[tokio::test]
async fn create_ip_allowlist_posts_tag_and_ranges_and_accepts_201() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path("/v1/ip-allowlist").json_body(json!({
                "tag": "Paris office",
                "ip_ranges": ["203.0.113.17", "198.51.100.0/24"]
            }));
            reply(then, 201, "create-ip-allowlist");
        })
        .await;

    let result = client(&server)
        .create_ip_allowlist()
        .body_map(|b| {
            b.tag("Paris office").ip_ranges(vec![
                "203.0.113.17".to_string(),
                "198.51.100.0/24".to_string(),
            ])
        })
        .send()
        .await;
    mock.assert_async().await;
    let created = result.unwrap();
    assert_eq!(created.status(), 201);
    assert_paris_office(&created.into_inner());
}

#[tokio::test]
async fn retrieve_ipallowlist_puts_the_uuid_in_the_path() {
    let server = MockServer::start_async().await;
    let mock = serve(&server, GET, &rule_path(), 200, "retrieve-ipallowlist").await;

    let result = client(&server)
        .retrieve_ipallowlist()
        .ip_allowlist_rule_id(uuid(RULE))
        .send()
        .await;
    mock.assert_async().await;
    assert_paris_office(&result.unwrap().into_inner());
}

#[tokio::test]
async fn update_ipallowlist_patches_tag_and_ranges() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PATCH).path(rule_path()).json_body(json!({
                "tag": "Paris office (new floor)",
                "ip_ranges": ["203.0.113.0/28"]
            }));
            reply(then, 200, "update-ipallowlist");
        })
        .await;

    let result = client(&server)
        .update_ipallowlist()
        .ip_allowlist_rule_id(uuid(RULE))
        .body_map(|b| {
            b.tag(Some("Paris office (new floor)".parse().unwrap()))
                .ip_ranges(vec!["203.0.113.0/28".to_string()])
        })
        .send()
        .await;
    mock.assert_async().await;
    let rule = result.unwrap().into_inner();
    assert_eq!(rule.id, uuid(RULE));
    assert_eq!(rule.tag.as_str(), "Paris office (new floor)");
    assert_eq!(rule.created_at, at("2024-03-04T10:20:30Z"));
    assert_eq!(rule.ip_ranges, ["203.0.113.0/28"]);
}

#[tokio::test]
async fn delete_ipallowlist_accepts_204() {
    let server = MockServer::start_async().await;
    let mock = no_content(&server, DELETE, &rule_path(), &[], 204).await;

    let result = client(&server)
        .delete_ipallowlist()
        .ip_allowlist_rule_id(uuid(RULE))
        .send()
        .await;
    mock.assert_async().await;
    assert_eq!(result.unwrap().status(), 204);
}
