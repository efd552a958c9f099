//! Shapes the live API sends or accepts that the reference does not show (issue 10): each body
//! here is written by us after the recorded facts (live-endpoints.md), and each test fails if
//! the generated client cannot decode it, drops part of it, or cannot send the value.

use super::{client, query};
use gitguardian_openapi::types;
use httpmock::prelude::*;
use serde_json::{json, Value};

/// Answers `method path` (any query) with a JSON `body`.
async fn answer<'a>(
    server: &'a MockServer,
    method: Method,
    path: &str,
    body: Value,
) -> httpmock::Mock<'a> {
    server
        .mock_async(|when, then| {
            when.method(method).path(path);
            then.status(200)
                .header("content-type", "application/json")
                .json_body(body);
        })
        .await
}

fn short_source_occurrence(id: i64) -> Value {
    json!({
        "id": id,
        "incident_id": 90412,
        "date": "2025-05-02T10:11:12Z",
        "kind": "realtime",
        "source": {"id": 5501, "type": "github", "name": "octo-org/site", "url": "https://github.com/octo-org/site"},
        "matches": [],
        "tags": ["DOMAIN"]
    })
}

#[tokio::test]
async fn public_occurrences_with_a_short_source_decode() {
    let server = MockServer::start_async().await;
    let mock = answer(
        &server,
        GET,
        "/v1/public-incidents/secrets/90412/occurrences",
        json!([short_source_occurrence(1), short_source_occurrence(2)]),
    )
    .await;
    let page = client(&server)
        .list_public_secret_occurrences()
        .incident_id(90412)
        .send()
        .await
        .unwrap()
        .into_inner();
    mock.assert_async().await;
    let source = page[0].source.as_ref().unwrap();
    assert_eq!(
        (source.id, source.name.as_deref(), source.url.as_deref()),
        (
            5501,
            Some("octo-org/site"),
            Some("https://github.com/octo-org/site")
        )
    );
    assert_eq!(source.type_, Some(types::SourceType::Github));
    assert_eq!(source.full_name, None);
    assert_eq!(page[1].tags, [types::PublicIncidentTag::Domain]);
}

#[tokio::test]
async fn occurrences_without_sources_carry_the_source_id() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            query(
                when.method(GET).path("/v1/occurrences/secrets"),
                &[("with_sources", "false"), ("member_assignee_id", "7711")],
            );
            then.status(200).json_body(json!([{
                "id": 340021,
                "incident_id": 81234,
                "kind": "historical",
                "source_id": 9120,
                "author_name": "Dana Lee",
                "author_info": "dana@example.com",
                "date": "2025-01-03T04:05:06Z",
                "presence": "present"
            }]));
        })
        .await;
    let page = client(&server)
        .list_occs()
        .with_sources(false)
        .member_assignee_id(7711)
        .send()
        .await
        .unwrap()
        .into_inner();
    mock.assert_async().await;
    assert_eq!(
        (page[0].source_id, page[0].source.is_none()),
        (Some(9120), true)
    );
}

#[tokio::test]
async fn policy_breaks_keep_detector_and_vault_fields() {
    let server = MockServer::start_async().await;
    let mock = answer(
        &server,
        POST,
        "/v1/multiscan",
        json!([{
            "policy_break_count": 1,
            "policies": ["Secrets detection"],
            "is_diff": false,
            "policy_breaks": [{
                "type": "Basic Auth String",
                "detector_name": "basic_auth_string",
                "detector_group_name": "basic_auth",
                "documentation_url": "https://docs.example.com/detectors/basic_auth_string",
                "policy": "Secrets detection",
                "validity": "cannot_check",
                "known_secret": false,
                "is_vaulted": true,
                "vault_type": "hashicorpvault",
                "vault_name": "prod",
                "vault_path": "kv/app",
                "vault_path_count": 2,
                "matches": [{"type": "password", "match": "hunter2", "index_start": 4, "index_end": 10}]
            }]
        }]),
    )
    .await;
    let results = client(&server)
        .multiple_scan()
        .body(types::ScanDocumentBatch(vec![types::ScanDocument {
            document: "pw: hunter2".into(),
            filename: None,
        }]))
        .send()
        .await
        .unwrap()
        .into_inner();
    mock.assert_async().await;
    let found = &results[0].policy_breaks[0];
    assert_eq!(found.detector_name.as_deref(), Some("basic_auth_string"));
    assert_eq!(found.detector_group_name.as_deref(), Some("basic_auth"));
    assert!(found
        .documentation_url
        .as_deref()
        .unwrap()
        .ends_with("basic_auth_string"));
    assert_eq!(found.is_vaulted, Some(true));
    assert_eq!(
        (found.vault_name.as_deref(), found.vault_path_count),
        (Some("prod"), Some(2))
    );
}

#[tokio::test]
async fn source_scans_report_their_progress() {
    let server = MockServer::start_async().await;
    let mock = answer(
        &server,
        GET,
        "/v1/teams/77/sources",
        json!([{
            "id": 5501, "url": "https://github.com/octo-org/site", "type": "github",
            "full_name": "octo-org/site", "health": "safe", "open_incidents_count": 0,
            "closed_incidents_count": 0, "visibility": "public", "external_id": "1",
            "source_criticality": "low", "monitored": true,
            "last_scan": {"date": "2025-01-01T00:00:00Z", "status": "running_failed", "progress": 40}
        }]),
    )
    .await;
    let sources = client(&server)
        .list_team_sources()
        .team_id(77)
        .send()
        .await
        .unwrap()
        .into_inner();
    mock.assert_async().await;
    let scan = sources[0].last_scan.as_ref().unwrap();
    assert_eq!(scan.progress, Some(40));
    assert_eq!(scan.status, types::SourceScanStatus::RunningFailed);
}

#[tokio::test]
async fn an_updated_member_carries_its_notification_switches() {
    let server = MockServer::start_async().await;
    let mock = answer(
        &server,
        PATCH,
        "/v1/members/3252",
        json!({
            "id": 3252, "name": "Eli", "email": "eli@example.com", "access_level": "member",
            "active": true, "created_at": "2024-01-01T00:00:00Z",
            "notifications": {"weekly_recap": false, "honey_token": true, "brand_new_switch": true}
        }),
    )
    .await;
    let member = client(&server)
        .update_member()
        .member_id(3252)
        .body(types::MemberUpdateRequest::builder())
        .send()
        .await
        .unwrap()
        .into_inner();
    mock.assert_async().await;
    let switches = member.notifications.unwrap();
    assert_eq!(
        (switches.weekly_recap, switches.honey_token),
        (Some(false), Some(true))
    );
    // A switch the spec does not name is kept, and sent back as received.
    assert_eq!(switches.extra["brand_new_switch"], json!(true));
    assert_eq!(
        serde_json::to_value(&switches).unwrap()["brand_new_switch"],
        json!(true)
    );
}

#[tokio::test]
async fn metadata_preferences_keep_every_key() {
    let server = MockServer::start_async().await;
    let preferences = json!({
        "general__maximum_payload_size": 26214400,
        "general__mutual_tls_mode": "disabled",
        "general__signup_enabled": false,
        "marketplaces__aws_product_url": "https://aws.example.com/product",
        "on_premise__default_sso_config_api_id": null,
        "on_premise__is_email_server_configured": true,
        "on_premise__restrict_signup": false,
        "onboarding__segmentation_v1_enabled": true,
        "onboarding__detectors_for_revocation": ["github_token"],
        "future__setting": {"nested": [1, 2]}
    });
    let mock = answer(
        &server,
        GET,
        "/v1/metadata",
        json!({
            "version": "v2.331.0",
            "preferences": preferences,
            "secret_scan_preferences": {"maximum_documents_per_scan": 20, "maximum_document_size": 1048576},
            "remediation_messages": {"pre_commit": "a", "pre_push": "b", "pre_receive": "c"}
        }),
    )
    .await;
    let metadata = client(&server)
        .retrieve_metadata()
        .send()
        .await
        .unwrap()
        .into_inner();
    mock.assert_async().await;
    let kept = metadata.preferences.as_ref().unwrap();
    assert_eq!(kept.general_mutual_tls_mode.as_deref(), Some("disabled"));
    assert_eq!(kept.onboarding_detectors_for_revocation, ["github_token"]);
    assert_eq!(kept.extra["future__setting"], json!({"nested": [1, 2]}));
    let mut again = serde_json::to_value(kept).unwrap();
    // `null` is the only value not written back (the field is skipped when absent).
    again["on_premise__default_sso_config_api_id"] = Value::Null;
    assert_eq!(again, preferences);
}

#[test]
fn token_scopes_of_real_tokens_are_known() {
    let scopes: Vec<types::ApiTokenScope> = serde_json::from_value(json!([
        "scan:create-incidents",
        "custom_tags:read",
        "custom_tags:write",
        "secrets:read",
        "secrets:write",
        "public-perimeter:read",
        "nhi:ownership:read",
        "nhi:ownership:write",
        "sources:scan"
    ]))
    .unwrap();
    assert_eq!(scopes[0], types::ApiTokenScope::ScanCreateIncidents);
    assert!(
        scopes
            .iter()
            .all(|s| !matches!(s, types::ApiTokenScope::Unrecognized(_))),
        "{scopes:?}"
    );
}

#[test]
fn public_incident_values_of_real_traffic_are_known() {
    let statuses: Vec<types::PublicIncidentDeclarativeSecretStatus> =
        serde_json::from_value(json!(["fp", "invalid", "test_cred"])).unwrap();
    assert_eq!(
        statuses,
        [
            types::PublicIncidentDeclarativeSecretStatus::Fp,
            types::PublicIncidentDeclarativeSecretStatus::Invalid,
            types::PublicIncidentDeclarativeSecretStatus::TestCred,
        ]
    );
    let answer: types::PublicIncidentFeedbackAnswer =
        serde_json::from_value(json!({"type": "text", "field_ref": "why", "text": "rotated"}))
            .unwrap();
    assert_eq!(answer.text.as_deref(), Some("rotated"));
}

#[tokio::test]
async fn honeytoken_context_admits_null_file_and_language_and_sends_an_extension_list() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/honeytokens/with-context")
                .json_body(
                    json!({"name": "decoy", "type": "AWS", "project_extensions": [".c", ".h"]}),
                );
            then.status(200)
                .json_body(super::fixture("create-honeytoken-with-context"));
        })
        .await;
    // Real clients send `null` for both; the type admits it (and leaves them out when sending).
    let request: types::CreateHoneytokenWithContextRequest = serde_json::from_value(json!({
        "name": "decoy",
        "type": "AWS",
        "filename": null,
        "language": null,
        "project_extensions": [".c", ".h"]
    }))
    .unwrap();
    assert_eq!((&request.filename, &request.language), (&None, &None));
    client(&server)
        .create_honeytoken_with_context()
        .body(request)
        .send()
        .await
        .unwrap();
    mock.assert_async().await;
}

#[tokio::test]
async fn incident_lists_take_the_client_date_range() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            query(
                when.method(GET).path("/v1/incidents/secrets"),
                &[("from_date", "2025-01-01"), ("to_date", "2025-01-31")],
            );
            then.status(200).json_body(json!([]));
        })
        .await;
    client(&server)
        .list_incidents()
        .from_date("2025-01-01")
        .to_date("2025-01-31")
        .send()
        .await
        .unwrap();
    mock.assert_async().await;
}

#[tokio::test]
async fn incident_members_and_teams_take_the_client_filters() {
    let server = MockServer::start_async().await;
    let members = server
        .mock_async(|when, then| {
            query(
                when.method(GET).path("/v1/incidents/secrets/81234/members"),
                &[
                    ("direct_access", "true"),
                    ("access_level", "manager"),
                    ("ordering", "-last_login"),
                ],
            );
            then.status(200).json_body(json!([]));
        })
        .await;
    let teams = server
        .mock_async(|when, then| {
            query(
                when.method(GET).path("/v1/incidents/secrets/81234/teams"),
                &[("direct_access", "false"), ("search", "platform")],
            );
            then.status(200).json_body(json!([]));
        })
        .await;
    let client = client(&server);
    client
        .list_incident_members()
        .incident_id(81234)
        .direct_access(true)
        .access_level(types::AccessLevel::Manager)
        .ordering(types::ListIncidentMembersOrdering::LastLoginDesc)
        .send()
        .await
        .unwrap();
    client
        .list_incident_teams()
        .incident_id(81234)
        .direct_access(false)
        .search("platform")
        .send()
        .await
        .unwrap();
    members.assert_async().await;
    teams.assert_async().await;
}

#[tokio::test]
async fn scan_and_create_incidents_answers_one_object() {
    let server = MockServer::start_async().await;
    let mock = answer(
        &server,
        POST,
        "/v1/scan/create-incidents",
        json!({
            "policy_break_count": 0,
            "policies": ["Secrets detection"],
            "policy_breaks": [],
            "created_incidents": []
        }),
    )
    .await;
    let result = client(&server)
        .scan_create_incidents()
        .body_map(|b| {
            b.source_uuid(uuid::Uuid::nil())
                .documents(vec![types::ScanCreateIncidentsDocument {
                    document: "nothing here".into(),
                    filename: None,
                    location: None,
                }])
        })
        .send()
        .await
        .unwrap()
        .into_inner();
    mock.assert_async().await;
    let types::ScanCreateIncidentsResponse::ScanCreateIncidentsResult(one) = result else {
        panic!("one object was sent");
    };
    assert_eq!(one.policy_break_count, 0);
}

#[tokio::test]
async fn error_bodies_with_error_or_nested_extra_keep_the_message() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/teams/1");
            then.status(400)
                .json_body(json!({"error": "Team lookup failed."}));
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/teams/2");
            then.status(400).json_body(json!({
                "detail": "Invalid data.",
                "extra": {"members": [{"email": ["Enter a valid email address."]}]}
            }));
        })
        .await;
    let client = client(&server);
    let body = |id| {
        let client = &client;
        async move {
            match client.retrieve_team().team_id(id).send().await {
                Err(gitguardian_openapi::Error::ErrorResponse(e)) => e.into_inner(),
                other => panic!("expected an error response, got {other:?}"),
            }
        }
    };
    assert_eq!(body(1).await.error, Some(json!("Team lookup failed.")));
    let nested = body(2).await;
    assert_eq!(nested.detail.as_deref(), Some("Invalid data."));
    assert_eq!(
        nested.extra.unwrap()["members"][0]["email"][0],
        "Enter a valid email address."
    );
}

#[tokio::test]
async fn list_filters_are_sent_comma_joined() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            query(
                when.method(GET).path("/v1/api_tokens"),
                &[("scopes", "scan:create-incidents,secrets:read")],
            );
            then.status(200).json_body(json!([]));
        })
        .await;
    client(&server)
        .list_api_tokens()
        .scopes(vec![
            types::ApiTokenScope::ScanCreateIncidents,
            types::ApiTokenScope::SecretsRead,
        ])
        .send()
        .await
        .unwrap();
    mock.assert_async().await;
}

#[tokio::test]
async fn an_empty_list_is_sent_when_set() {
    let server = MockServer::start_async().await;
    let sources = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/teams/77/sources")
                .json_body(json!({"sources_to_remove": []}));
            then.status(204);
        })
        .await;
    let rule = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/v1/ip-allowlist/0f6a2c1e-5b7d-4e3f-9a8b-1c2d3e4f5a6b")
                .json_body(json!({"ip_ranges": []}));
            then.status(200)
                .json_body(super::fixture("update-ipallowlist"));
        })
        .await;
    let client = client(&server);
    client
        .update_team_sources()
        .team_id(77)
        .body(types::TeamSourcesUpdateRequest {
            sources_to_add: None,
            sources_to_remove: Some(vec![]),
        })
        .send()
        .await
        .unwrap();
    client
        .update_ipallowlist()
        .ip_allowlist_rule_id(super::uuid("0f6a2c1e-5b7d-4e3f-9a8b-1c2d3e4f5a6b"))
        .body(types::IpAllowlistRuleUpdateRequest {
            ip_ranges: Some(vec![]),
            tag: None,
        })
        .send()
        .await
        .unwrap();
    sources.assert_async().await;
    rule.assert_async().await;
}

#[test]
fn oauth_tokens_keep_the_legacy_key_and_the_downsized_flag() {
    let token: types::ApiTokenOAuthToken = serde_json::from_value(json!({
        "access_token": "abc",
        "token_type": "Bearer",
        "key": "abc",
        "expire_at_downsized": true
    }))
    .unwrap();
    assert_eq!(
        (token.key.as_deref(), token.expire_at_downsized),
        (Some("abc"), Some(true))
    );
}
