//! Endpoints the live API serves beyond the reference (live-endpoints.md part A): requests leave
//! with the method, path, query and body the official clients use, and the answers they
//! recorded decode (bodies written by us after those facts, tests/fixtures/responses).

use super::{client, fixture, query, serve};
use futures::StreamExt;
use gitguardian_openapi::types;
use httpmock::prelude::*;
use serde_json::json;

#[tokio::test]
async fn ai_discovery_is_posted_and_the_normalised_inventory_decodes() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/agent-activity/discovery")
                .json_body_includes(r#"{"discovery_duration": 1.84}"#);
            then.status(200).json_body(fixture("send-ai-discovery"));
        })
        .await;
    let inventory: types::AiDiscovery =
        serde_json::from_value(fixture("send-ai-discovery")).unwrap();
    let answer = client(&server)
        .send_ai_discovery()
        .body(inventory)
        .send()
        .await
        .unwrap()
        .into_inner();
    mock.assert_async().await;
    let server_entry = &answer.servers[0];
    assert_eq!(server_entry.display_name.as_deref(), Some(""));
    let configuration = &server_entry.configurations[0];
    assert_eq!(
        configuration.transport,
        types::McpConfigurationTransport::Sse
    );
    assert!(answer.agents[0].hooks_installed);
}

#[tokio::test]
async fn an_mcp_tool_call_gets_a_verdict() {
    let server = MockServer::start_async().await;
    let mock = serve(
        &server,
        POST,
        "/v1/agent-activity/mcp-activity",
        200,
        "log-mcp-activity",
    )
    .await;
    let verdict = client(&server)
        .log_mcp_activity()
        .body_map(|b| {
            b.user(types::AgentUserInfo {
                hostname: "dev-laptop-17".into(),
                username: "dana".into(),
                machine_id: "0b1c2d3e4f5a".into(),
                user_email: None,
            })
            .tool("search")
            .server("docs")
            .agent("claude-code")
            .model("any")
            .cwd("/work")
            .input(serde_json::Map::new())
        })
        .send()
        .await
        .unwrap()
        .into_inner();
    mock.assert_async().await;
    assert!(verdict.allowed);
    assert_eq!(verdict.reason, "");
}

#[tokio::test]
async fn endpoint_deployments_are_listed_for_a_machine_and_user() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            query(
                when.method(GET)
                    .path("/v1/honeytokens/endpoint-deployments"),
                &[("machine_id", "0b1c2d3e4f5a"), ("username", "dana")],
            );
            then.status(200)
                .json_body(fixture("list-endpoint-deployments"));
        })
        .await;
    let list = client(&server)
        .list_endpoint_deployments()
        .machine_id("0b1c2d3e4f5a")
        .username("dana")
        .send()
        .await
        .unwrap()
        .into_inner();
    mock.assert_async().await;
    let deployment = &list.deployments[0];
    assert_eq!(
        deployment.action,
        Some(types::EndpointDeploymentAction::Delete)
    );
    assert_eq!(
        deployment.status,
        Some(types::EndpointDeploymentStatus::Planted)
    );
    assert_eq!(
        deployment.token.as_ref().unwrap().access_token_id,
        "AKIAEXAMPLEDECOY0042"
    );
}

#[tokio::test]
async fn a_plugin_wheel_streams_with_its_headers() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            query(
                when.method(GET)
                    .path("/v1/endpoints/plugins/secret-scanner-plus/download"),
                &[
                    ("platform", "linux"),
                    ("arch", "x86_64"),
                    ("python_abi", "cp311"),
                ],
            );
            then.status(200)
                .header("content-type", "application/octet-stream")
                .header("x-plugin-sha256", "ab12")
                .header("x-plugin-version", "1.4.0")
                .body("PK\u{3}\u{4}wheel");
        })
        .await;
    let response = client(&server)
        .download_endpoint_plugin()
        .reference("secret-scanner-plus")
        .platform("linux")
        .arch("x86_64")
        .python_abi("cp311")
        .send()
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(response.headers()["x-plugin-version"], "1.4.0");
    let mut stream = response.into_inner().into_inner();
    let mut bytes = Vec::new();
    while let Some(chunk) = stream.next().await {
        bytes.extend_from_slice(&chunk.unwrap());
    }
    assert_eq!(bytes, b"PK\x03\x04wheel");
}

#[tokio::test]
async fn the_mcp_incident_search_joins_list_filters_and_keeps_unnamed_fields() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            query(
                when.method(GET).path("/v1/incidents-for-mcp"),
                &[
                    ("page", "2"),
                    ("page_size", "100"),
                    ("severity__in", "10,20"),
                    ("tags__nin", "TEST_FILE,FALSE_POSITIVE"),
                    ("ordering", "-score"),
                ],
            );
            then.status(200)
                .json_body(fixture("list-incidents-for-mcp"));
        })
        .await;
    let page = client(&server)
        .list_incidents_for_mcp()
        .page(std::num::NonZeroU64::new(2).unwrap())
        .page_size(std::num::NonZeroU64::new(100).unwrap())
        .severity_in(vec![10, 20])
        .tags_nin(vec!["TEST_FILE".to_string(), "FALSE_POSITIVE".to_string()])
        .ordering(types::ListIncidentsForMcpOrdering::ScoreDesc)
        .send()
        .await
        .unwrap()
        .into_inner();
    mock.assert_async().await;
    assert_eq!((page.page, page.count), (Some(1), None));
    let incident = &page.results[0];
    assert_eq!((incident.id, incident.severity), (81234, Some(20)));
    assert_eq!(incident.extra["is_vaulted"], json!(false));
    assert_eq!(incident.extra["sources"][0]["type"], "gl_project");
}

#[tokio::test]
async fn an_incident_timeline_decodes_notes_and_actions() {
    let server = MockServer::start_async().await;
    let mock = serve(
        &server,
        GET,
        "/v1/incidents/secrets/81234/activity-logs",
        200,
        "list-incident-activity-logs",
    )
    .await;
    let entries = client(&server)
        .list_incident_activity_logs()
        .incident_id(81234)
        .content_key("ASSIGN")
        .send()
        .await
        .unwrap()
        .into_inner();
    mock.assert_async().await;
    assert_eq!(entries[1].content.content_key.as_deref(), Some("ASSIGN"));
    assert_eq!(entries[1].content.data, Some(json!({"assignees": [3252]})));
    assert_eq!(
        entries[2].content.type_,
        types::ActivityLogContentType::Note
    );
    assert_eq!(
        entries[2].content.comment.as_deref(),
        Some("Rotated the key.")
    );
    assert_eq!(entries[3].content.data, None);
}

#[tokio::test]
async fn a_secret_revocation_is_requested_without_a_body() {
    let server = MockServer::start_async().await;
    let mock = serve(
        &server,
        POST,
        "/v1/secrets/5120/revoke",
        200,
        "revoke-secret",
    )
    .await;
    let outcome = client(&server)
        .revoke_secret()
        .secret_id(5120)
        .send()
        .await
        .unwrap()
        .into_inner();
    mock.assert_async().await;
    assert_eq!((outcome.success, outcome.is_async), (true, Some(true)));
}

#[tokio::test]
async fn a_created_api_token_carries_its_key() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path("/v1/api_tokens").json_body(json!({
                "name": "ci-scanner",
                "type": "service_account",
                "scopes": ["scan", "incidents:read"],
                "lifetime": 90
            }));
            then.status(201).json_body(fixture("create-api-token"));
        })
        .await;
    let token = client(&server)
        .create_api_token()
        .body(types::ApiTokenCreateRequest {
            name: "ci-scanner".into(),
            type_: types::ApiTokenCreateRequestType::ServiceAccount,
            scopes: vec![
                types::ApiTokenScope::Scan,
                types::ApiTokenScope::IncidentsRead,
            ],
            lifetime: Some(90),
        })
        .send()
        .await
        .unwrap()
        .into_inner();
    mock.assert_async().await;
    assert_eq!(token.key, "gg-example-clear-text-key");
}

#[tokio::test]
async fn the_remediation_workflow_and_custom_hosts_decode() {
    let server = MockServer::start_async().await;
    let workflow = serve(
        &server,
        GET,
        "/v1/remediation-workflow",
        200,
        "get-remediation-workflow",
    )
    .await;
    let hosts = serve(
        &server,
        GET,
        "/v1/detector-custom-hosts",
        200,
        "list-detector-custom-hosts",
    )
    .await;
    let client = client(&server);
    let steps = client
        .get_remediation_workflow()
        .send()
        .await
        .unwrap()
        .into_inner();
    let by_detector = client
        .list_detector_custom_hosts()
        .send()
        .await
        .unwrap()
        .into_inner();
    workflow.assert_async().await;
    hosts.assert_async().await;
    assert_eq!(
        steps.steps[0].link.as_ref().unwrap().url,
        "{{revoke_documentation_link}}"
    );
    assert!(steps.steps[1].link.is_none());
    assert_eq!(
        by_detector[0].custom_hosts[1].status,
        Some(types::DetectorCustomHostStatus::Unreachable)
    );
}
