//! Teams: the teams of the workspace, their access to secret incidents and the incidents they
//! can see.

use super::{at, no_content, no_query, nonzero, query, serve};
use gitguardian_openapi::types;
use httpmock::prelude::*;
use serde_json::json;

#[tokio::test]
async fn list_teams_sends_filters_and_decodes() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            let when = when.method(GET).path("/v1/teams");
            query(
                when,
                &[
                    ("is_global", "false"),
                    ("linked_to_an_external_provider", "true"),
                    ("search", "payments"),
                    ("per_page", "100"),
                ],
            );
            then.status(200)
                .header("content-type", "application/json")
                .json_body(super::super::fixture("list-teams"));
        })
        .await;

    let teams = super::super::client(&server)
        .list_teams()
        .is_global(false)
        .linked_to_an_external_provider(true)
        .search("payments")
        .per_page(nonzero(100))
        .send()
        .await
        .unwrap()
        .into_inner();
    mock.assert_async().await;

    assert_eq!(teams.len(), 3);
    assert_eq!(teams[0].id, 4401);
    assert_eq!(teams[0].name, "All-incidents");
    assert_eq!(teams[0].description, None);
    assert!(teams[0].is_global);
    assert_eq!(teams[0].gitguardian_url, None);
    assert_eq!(teams[1].id, 4410);
    assert_eq!(
        teams[1].external_provider_id.as_deref(),
        Some("grp-7f3e-2291-aa10")
    );
    assert_eq!(
        teams[1].gitguardian_url.as_deref(),
        Some("https://dashboard.gitguardian.com/workspace/812/settings/user/teams/4410")
    );
    assert_eq!(teams[2].name, "mobile-apps");
    assert_eq!(
        teams[2].description.as_deref(),
        Some("iOS and Android clients")
    );
    assert_eq!(teams[2].external_provider_id, None);
}

#[tokio::test]
async fn create_team_sends_body_and_decodes_201() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            let when = when
                .method(POST)
                .path("/v1/teams")
                .json_body(json!({"name": "data-platform"}));
            no_query(when);
            then.status(201)
                .header("content-type", "application/json")
                .json_body(super::super::fixture("create-teams"));
        })
        .await;

    let team = super::super::client(&server)
        .create_teams()
        .body_map(|b| b.name("data-platform"))
        .send()
        .await
        .unwrap()
        .into_inner();
    mock.assert_async().await;
    assert_eq!(team.id, 4431);
    assert_eq!(team.name, "data-platform");
    assert_eq!(team.description, None);
    assert!(!team.is_global);
    assert_eq!(team.external_provider_id, None);
    assert_eq!(
        team.gitguardian_url.as_deref(),
        Some("https://dashboard.gitguardian.com/workspace/812/settings/user/teams/4431")
    );
}

#[tokio::test]
async fn retrieve_team_decodes() {
    let server = MockServer::start_async().await;
    let mock = serve(&server, GET, "/v1/teams/4410", 200, "retrieve-team").await;
    let team = super::super::client(&server)
        .retrieve_team()
        .team_id(4410)
        .send()
        .await
        .unwrap()
        .into_inner();
    mock.assert_async().await;
    assert_eq!(team.id, 4410);
    assert_eq!(team.name, "payments-backend");
    assert_eq!(
        team.description.as_deref(),
        Some("Owns the billing and payment services")
    );
    assert_eq!(
        team.external_provider_id.as_deref(),
        Some("grp-7f3e-2291-aa10")
    );
}

#[tokio::test]
async fn update_team_sends_body() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/v1/teams/4410")
                .json_body(json!({"description": "Billing, invoicing and payment services"}));
            then.status(200)
                .header("content-type", "application/json")
                .json_body(super::super::fixture("update-team"));
        })
        .await;

    let team = super::super::client(&server)
        .update_team()
        .team_id(4410)
        .body(
            types::TeamUpdateRequest::builder()
                .description("Billing, invoicing and payment services".to_string()),
        )
        .send()
        .await
        .unwrap()
        .into_inner();
    mock.assert_async().await;
    assert_eq!(team.id, 4410);
    assert_eq!(
        team.description.as_deref(),
        Some("Billing, invoicing and payment services")
    );
    assert_eq!(team.external_provider_id, None);
}

#[tokio::test]
async fn get_team_resource_access_keeps_unknown_permission() {
    let server = MockServer::start_async().await;
    let mock = serve(
        &server,
        GET,
        "/v1/teams/4410/secret-incidents/90411",
        200,
        "get-team-resource-access",
    )
    .await;
    let access = super::super::client(&server)
        .get_team_resource_access()
        .team_id(4410)
        .resource_type(types::ResourceType::SecretIncidents)
        .resource_id(90411)
        .send()
        .await
        .unwrap()
        .into_inner();
    mock.assert_async().await;
    assert_eq!((access.team_id, access.resource_id), (4410, 90411));
    assert_eq!(access.resource_type, types::ResourceType::SecretIncidents);
    assert_eq!(
        access.permission,
        types::IncidentPermission::Unrecognized("can_triage".into())
    );
}

#[tokio::test]
async fn set_team_resource_access_sends_permission() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            let when = when
                .method(PUT)
                .path("/v1/teams/4410/secret-incidents/90437")
                .json_body(json!({"permission": "full_access"}));
            query(when, &[("send_email", "true")]);
            then.status(200)
                .header("content-type", "application/json")
                .json_body(super::super::fixture("set-team-resource-access"));
        })
        .await;

    let access = super::super::client(&server)
        .set_team_resource_access()
        .team_id(4410)
        .resource_type(types::ResourceType::SecretIncidents)
        .resource_id(90437)
        .send_email(true)
        .body_map(|b| b.permission(types::IncidentPermission::FullAccess))
        .send()
        .await
        .unwrap()
        .into_inner();
    mock.assert_async().await;
    assert_eq!((access.team_id, access.resource_id), (4410, 90437));
    assert_eq!(access.permission, types::IncidentPermission::FullAccess);
}

#[tokio::test]
async fn list_team_secret_incidents_sends_filters_and_decodes() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            let when = when.method(GET).path("/v1/teams/4410/secret-incidents");
            query(
                when,
                &[
                    ("status", "IGNORED"),
                    ("tags", "TEST_FILE"),
                    ("ordering", "-ignored_at"),
                    ("ignorer_id", "5133"),
                ],
            );
            then.status(200)
                .header("content-type", "application/json")
                .json_body(super::super::fixture("list-team-secret-incident-access"));
        })
        .await;

    let incidents = super::super::client(&server)
        .list_team_secret_incident_access()
        .team_id(4410)
        .status(types::IncidentStatus::Ignored)
        .tags(vec![types::TeamIncidentTagFilter::TestFile])
        .ordering(types::TeamIncidentOrdering::IgnoredAtDesc)
        .ignorer_id(5133)
        .send()
        .await
        .unwrap()
        .into_inner();
    mock.assert_async().await;

    assert_eq!(incidents.len(), 2);
    let ignored = &incidents[0];
    assert_eq!(ignored.id, 90437);
    assert_eq!(ignored.status, types::IncidentStatus::Ignored);
    assert_eq!(
        ignored.ignore_reason,
        Some(types::IncidentIgnoreReason::TestCredential)
    );
    assert_eq!(ignored.ignored_at, Some(at("2024-04-02T16:03:10Z")));
    assert_eq!(ignored.detector.name, "github_personal_access_token");
    assert_eq!(
        ignored.detector.detector_group_name.as_deref(),
        Some("github_pat")
    );
    assert_eq!(
        ignored.tags,
        vec![
            types::IncidentTag::TestFile,
            types::IncidentTag::FromHistoricalScan
        ]
    );
    assert_eq!(ignored.feedback_list[0].member_id, Some(5133));
    assert_eq!(
        ignored.feedback_list[0].created_at,
        at("2024-04-02T15:58:31.120044Z")
    );
    assert_eq!(ignored.assignee_id, None);

    let resolved = &incidents[1];
    assert_eq!(resolved.id, 90468);
    assert_eq!(resolved.status, types::IncidentStatus::Resolved);
    assert_eq!(resolved.severity, types::Severity::Critical);
    assert_eq!(resolved.assignee_id, Some(5120));
    assert_eq!(resolved.ignore_reason, None);
    assert_eq!(resolved.resolved_at, Some(at("2024-05-06T09:12:00Z")));
    assert_eq!(resolved.custom_tags[0].key, "service");
    assert_eq!(resolved.custom_tags[0].value.as_deref(), Some("checkout"));
    assert!(resolved.feedback_list.is_empty());
}

#[tokio::test]
async fn delete_team_and_revoke_access_with_body_succeed_on_204() {
    let server = MockServer::start_async().await;
    let delete = no_content(&server, DELETE, "/v1/teams/4423", &[], 204).await;
    let revoke = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/v1/teams/4423/secret-incidents/90411")
                .json_body(json!({"permission": "can_edit"}));
            then.status(204);
        })
        .await;
    let client = super::super::client(&server);

    let deleted = client.delete_team().team_id(4423).send().await.unwrap();
    assert_eq!(deleted.status(), 204);
    let revoked = client
        .revoke_team_resource_access()
        .team_id(4423)
        .resource_type(types::ResourceType::SecretIncidents)
        .resource_id(90411)
        .body_map(|b| b.permission(types::IncidentPermission::CanEdit))
        .send()
        .await
        .unwrap();
    assert_eq!(revoked.status(), 204);
    delete.assert_async().await;
    revoke.assert_async().await;
}
