//! Sources: monitored repositories and channels, their historical scans, and custom sources.

use super::{at, client, no_content, nonzero, query, reply, serve, uuid};
use gitguardian_openapi::types;
use httpmock::prelude::*;
use serde_json::json;

const CUSTOM: &str = "/v1/sources/custom-sources";

/// The `payments-api` GitHub repository shared by the source fixtures.
fn assert_payments_api(source: &types::Source, criticality: types::SourceCriticality) {
    assert_eq!(source.id, 7305);
    assert_eq!(
        source.url.as_deref(),
        Some("https://github.com/example-org/payments-api")
    );
    assert_eq!(source.type_, types::SourceType::Github);
    assert_eq!(source.full_name, "example-org/payments-api");
    assert_eq!(source.health, types::SourceHealth::AtRisk);
    assert_eq!(source.default_branch.as_deref(), Some("main"));
    assert_eq!(
        source.default_branch_head.as_deref(),
        Some("4f1c2a9be07d3318c6a5e2f9d80b7c41a6e35d02")
    );
    assert_eq!(
        (source.open_incidents_count, source.closed_incidents_count),
        (4, 9)
    );
    let breakdown = source.secret_incidents_breakdown.as_ref().unwrap();
    let open = breakdown.open_secret_incidents.as_ref().unwrap();
    assert_eq!(open.total, 4);
    let open_by_severity = open.severity_breakdown.as_ref().unwrap();
    assert_eq!(
        (
            open_by_severity.critical,
            open_by_severity.high,
            open_by_severity.medium
        ),
        (Some(1), Some(2), Some(1))
    );
    let closed = breakdown.closed_secret_incidents.as_ref().unwrap();
    assert_eq!(closed.total, 9);
    let closed_by_severity = closed.severity_breakdown.as_ref().unwrap();
    assert_eq!(
        (closed_by_severity.low, closed_by_severity.unknown),
        (Some(5), Some(1))
    );
    assert_eq!(source.visibility, types::SourceVisibility::Private);
    assert_eq!(source.external_id.as_deref(), Some("581244093"));
    assert_eq!(source.source_criticality, criticality);
    let scan = source.last_scan.as_ref().unwrap();
    assert_eq!(scan.date, at("2024-05-28T03:12:44.918273Z"));
    assert_eq!(scan.status, types::SourceScanStatus::Finished);
    assert_eq!(scan.failing_reason, None);
    assert_eq!(
        (scan.commits_scanned, scan.branches_scanned),
        (Some(2841), Some(6))
    );
    assert_eq!(scan.duration.as_deref(), Some("4:12.308114"));
    assert!(source.monitored);
    assert_eq!(
        source.monitoring_status,
        Some(types::SourceMonitoringStatus::Active)
    );
    assert_eq!(
        source.provider_metadata.as_ref().unwrap().archived,
        Some(false)
    );
    assert_eq!(source.deleted, Some(false));
}

#[tokio::test]
async fn list_sources_sends_filters_and_decodes_unknown_states() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            let when = when.method(GET).path("/v1/sources");
            query(
                when,
                &[
                    ("search", "example"),
                    ("health", "at_risk"),
                    ("type", "github"),
                    ("last_scan_status", "finished"),
                    ("visibility", "private"),
                    ("source_criticality", "high"),
                    ("monitored", "true"),
                    ("provider_metadata_archived", "false"),
                    ("team_id", "12"),
                    ("monitoring_status__in", "active,disabled"),
                    ("ordering", "-last_scan_date"),
                    ("per_page", "3"),
                ],
            );
            reply(then, 200, "list-sources");
        })
        .await;

    let result = client(&server)
        .list_sources()
        .search("example")
        .health(types::SourceHealth::AtRisk)
        .type_(types::SourceType::Github)
        .last_scan_status(types::SourceScanStatus::Finished)
        .visibility(types::SourceVisibility::Private)
        .source_criticality(types::SourceCriticality::High)
        .monitored(true)
        .provider_metadata_archived(false)
        .team_id(12)
        .monitoring_status_in("active,disabled")
        .ordering(types::ListSourcesOrdering::LastScanDateDesc)
        .per_page(nonzero(3))
        .send()
        .await;
    mock.assert_async().await;
    let sources = result.unwrap().into_inner();
    assert_eq!(sources.len(), 3);
    assert_payments_api(&sources[0], types::SourceCriticality::High);

    let archived = &sources[1];
    assert_eq!(
        (archived.id, archived.type_.clone()),
        (7391, types::SourceType::Gitlab)
    );
    assert_eq!(archived.health, types::SourceHealth::Safe);
    assert_eq!(
        (
            archived.default_branch.clone(),
            archived.default_branch_head.clone()
        ),
        (None, None)
    );
    assert_eq!(archived.visibility, types::SourceVisibility::Internal);
    assert_eq!(
        archived.source_criticality,
        types::SourceCriticality::Unknown
    );
    assert!(archived.last_scan.is_none());
    assert!(!archived.monitored);
    assert_eq!(
        archived.monitoring_status,
        Some(types::SourceMonitoringStatus::Unrecognized(
            "paused_by_provider".into()
        ))
    );
    assert_eq!(
        archived.provider_metadata.as_ref().unwrap().archived,
        Some(true)
    );

    let channel = &sources[2];
    assert_eq!(channel.type_, types::SourceType::Slack);
    assert_eq!(channel.full_name, "#ops-alerts");
    assert_eq!(
        channel.health,
        types::SourceHealth::Unrecognized("compromised".into())
    );
    assert_eq!(
        channel.source_criticality,
        types::SourceCriticality::Critical
    );
    let failed = channel.last_scan.as_ref().unwrap();
    assert_eq!(failed.status, types::SourceScanStatus::Failed);
    assert_eq!(failed.date, at("2024-06-01T22:40:03Z"));
    assert_eq!(
        failed.failing_reason.as_deref(),
        Some("Token of the integration was revoked")
    );
    assert_eq!(
        (failed.commits_scanned, failed.branches_scanned),
        (None, None)
    );
    assert_eq!(
        (
            channel.monitoring_status.clone(),
            channel.provider_metadata.is_none()
        ),
        (None, true)
    );
}

#[tokio::test]
async fn retrieve_source_decodes_breakdown_and_last_scan() {
    let server = MockServer::start_async().await;
    let mock = serve(&server, GET, "/v1/sources/7305", 200, "retrieve-source").await;

    let result = client(&server)
        .retrieve_source()
        .source_id(7305)
        .send()
        .await;
    mock.assert_async().await;
    assert_payments_api(
        &result.unwrap().into_inner(),
        types::SourceCriticality::High,
    );
}

#[tokio::test]
async fn update_source_patches_criticality_and_monitoring() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/v1/sources/7305")
                .json_body(json!({"source_criticality": "critical", "monitored": true}));
            reply(then, 200, "update-source");
        })
        .await;

    let result = client(&server)
        .update_source()
        .source_id(7305)
        .body_map(|b| {
            b.source_criticality(Some(types::SourceCriticality::Critical))
                .monitored(Some(true))
        })
        .send()
        .await;
    mock.assert_async().await;
    assert_payments_api(
        &result.unwrap().into_inner(),
        types::SourceCriticality::Critical,
    );
}

#[tokio::test]
async fn trigger_source_scans_posts_ids_and_accepts_202() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/sources/scans")
                .json_body(json!({"source_ids": [7305, 7391]}));
            then.status(202);
        })
        .await;

    let result = client(&server)
        .trigger_source_scans()
        .body_map(|b| b.source_ids(vec![7305, 7391]))
        .send()
        .await;
    mock.assert_async().await;
    assert_eq!(result.unwrap().status(), 202);
}

#[tokio::test]
async fn list_custom_sources_sends_filters_and_decodes_null_description() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            let when = when.method(GET).path(CUSTOM);
            query(
                when,
                &[
                    ("search", "export"),
                    ("ordering", "-name"),
                    ("per_page", "50"),
                ],
            );
            reply(then, 200, "list-custom-sources");
        })
        .await;

    let result = client(&server)
        .list_custom_sources()
        .search("export")
        .ordering(types::ListCustomSourcesOrdering::NameDesc)
        .per_page(nonzero(50))
        .send()
        .await;
    mock.assert_async().await;
    let sources = result.unwrap().into_inner();
    assert_eq!(sources.len(), 2);
    assert_eq!(sources[0].id, "214");
    assert_eq!(
        sources[0].source_uuid,
        uuid("6c2f8e1a-94b7-4d3e-a0c5-2e8b7f1d9a46")
    );
    assert_eq!(sources[0].name, "Confluence export");
    assert_eq!(
        sources[0].description.as_deref(),
        Some("Weekly export of the team wiki, scanned by a cron job")
    );
    assert_eq!(
        (sources[1].id.as_str(), sources[1].name.as_str()),
        ("219", "Support tickets")
    );
    assert_eq!(sources[1].description, None);
}

#[tokio::test]
async fn create_custom_source_posts_the_name_and_accepts_201() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(CUSTOM)
                .json_body(json!({"name": "Support tickets"}));
            reply(then, 201, "create-custom-source");
        })
        .await;

    let result = client(&server)
        .create_custom_source()
        .body_map(|b| b.name("Support tickets"))
        .send()
        .await;
    mock.assert_async().await;
    let created = result.unwrap();
    assert_eq!(created.status(), 201);
    let source = created.into_inner();
    assert_eq!(source.id, "219");
    assert_eq!(
        source.source_uuid,
        uuid("b7e4a2d9-03c1-4f68-9e5b-c1a8d6f2e307")
    );
    assert_eq!(source.name, "Support tickets");
    assert_eq!(source.description, None);
}

#[tokio::test]
async fn get_custom_source_decodes_it() {
    let server = MockServer::start_async().await;
    let mock = serve(
        &server,
        GET,
        &format!("{CUSTOM}/214"),
        200,
        "get-custom-source",
    )
    .await;

    let result = client(&server)
        .get_custom_source()
        .custom_source_id("214")
        .send()
        .await;
    mock.assert_async().await;
    let source = result.unwrap().into_inner();
    assert_eq!(source.id, "214");
    assert_eq!(
        source.source_uuid,
        uuid("6c2f8e1a-94b7-4d3e-a0c5-2e8b7f1d9a46")
    );
    assert_eq!(source.name, "Confluence export");
    assert_eq!(
        source.description.as_deref(),
        Some("Weekly export of the team wiki, scanned by a cron job")
    );
}

#[tokio::test]
async fn update_custom_source_patches_name_and_description() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path(format!("{CUSTOM}/214"))
                .json_body(json!({
                    "name": "Confluence export (weekly)",
                    "description": "Weekly export of the team wiki, scanned by a cron job"
                }));
            reply(then, 200, "update-custom-source");
        })
        .await;

    let result = client(&server)
        .update_custom_source()
        .custom_source_id("214")
        .body_map(|b| {
            b.name("Confluence export (weekly)").description(Some(
                "Weekly export of the team wiki, scanned by a cron job"
                    .parse()
                    .unwrap(),
            ))
        })
        .send()
        .await;
    mock.assert_async().await;
    let source = result.unwrap().into_inner();
    assert_eq!(source.id, "214");
    assert_eq!(source.name, "Confluence export (weekly)");
    assert_eq!(
        source.source_uuid,
        uuid("6c2f8e1a-94b7-4d3e-a0c5-2e8b7f1d9a46")
    );
}

#[tokio::test]
async fn delete_custom_source_accepts_204() {
    let server = MockServer::start_async().await;
    let mock = no_content(&server, DELETE, &format!("{CUSTOM}/219"), &[], 204).await;

    let result = client(&server)
        .delete_custom_source()
        .custom_source_id("219")
        .send()
        .await;
    mock.assert_async().await;
    assert_eq!(result.unwrap().status(), 204);
}
