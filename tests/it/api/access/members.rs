//! Members: workspace members, their access to secret incidents, their teams, team memberships
//! and email notification settings.

use super::{at, no_content, no_query, nonzero, query, serve};
use gitguardian_openapi::types;
use httpmock::prelude::*;
use serde_json::json;

#[tokio::test]
async fn list_members_sends_filters_and_decodes() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            let when = when.method(GET).path("/v1/members");
            query(
                when,
                &[
                    ("access_level", "manager"),
                    ("active", "true"),
                    ("ordering", "-last_login"),
                    ("per_page", "50"),
                    ("search", "example.com"),
                ],
            );
            then.status(200)
                .header("content-type", "application/json")
                .json_body(super::super::fixture("list-members"));
        })
        .await;

    let members = super::super::client(&server)
        .list_members()
        .access_level(types::AccessLevel::Manager)
        .active(true)
        .ordering(types::ListMembersOrdering::LastLoginDesc)
        .per_page(nonzero(50))
        .search("example.com")
        .send()
        .await
        .unwrap()
        .into_inner();
    mock.assert_async().await;

    assert_eq!(members.len(), 3);
    assert_eq!(members[0].id, 5101);
    assert_eq!(members[0].name, "Alice Martin");
    assert_eq!(members[0].access_level, types::AccessLevel::Owner);
    assert!(members[0].active);
    assert_eq!(members[0].created_at, at("2024-02-12T09:14:03.120Z"));
    assert_eq!(members[0].last_login, Some(at("2025-01-07T17:42:55.301Z")));
    assert_eq!(members[1].email, "bruno.keller@example.com");
    assert_eq!(members[1].role, Some(types::MemberRole::Restricted));
    assert!(!members[1].active);
    assert_eq!(members[1].last_login, None);
    assert_eq!(
        members[2].access_level,
        types::AccessLevel::Unrecognized("auditor".into())
    );
    assert_eq!(
        members[2].role,
        Some(types::MemberRole::Unrecognized("auditor".into()))
    );
}

#[tokio::test]
async fn retrieve_member_decodes() {
    let server = MockServer::start_async().await;
    let mock = serve(&server, GET, "/v1/members/5101", 200, "retrieve-member").await;
    let member = super::super::client(&server)
        .retrieve_member()
        .member_id(5101)
        .send()
        .await
        .unwrap()
        .into_inner();
    mock.assert_async().await;
    assert_eq!(member.id, 5101);
    assert_eq!(member.email, "alice.martin@example.com");
    assert_eq!(member.role, Some(types::MemberRole::Owner));
    assert_eq!(member.last_login, Some(at("2025-01-07T17:42:55.301Z")));
}

#[tokio::test]
async fn update_member_sends_body_and_send_email() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            let when = when
                .method(PATCH)
                .path("/v1/members/5188")
                .json_body(json!({"access_level": "manager", "active": true}));
            query(when, &[("send_email", "true")]);
            then.status(200)
                .header("content-type", "application/json")
                .json_body(super::super::fixture("update-member"));
        })
        .await;

    let member = super::super::client(&server)
        .update_member()
        .member_id(5188)
        .send_email(true)
        .body_map(|b| b.access_level(types::AccessLevel::Manager).active(true))
        .send()
        .await
        .unwrap()
        .into_inner();
    mock.assert_async().await;
    assert_eq!(member.id, 5188);
    assert_eq!(member.access_level, types::AccessLevel::Manager);
    assert_eq!(member.role, Some(types::MemberRole::Manager));
    assert!(member.active);
    assert_eq!(member.created_at, at("2024-05-30T11:02:44Z"));
    assert_eq!(member.last_login, None);
}

#[tokio::test]
async fn list_member_teams_sends_filters_and_decodes() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            let when = when.method(GET).path("/v1/members/5188/teams");
            query(when, &[("is_global", "false"), ("search", "pay")]);
            then.status(200)
                .header("content-type", "application/json")
                .json_body(super::super::fixture("list-member-teams"));
        })
        .await;

    let teams = super::super::client(&server)
        .list_member_teams()
        .member_id(5188)
        .is_global(false)
        .search("pay")
        .send()
        .await
        .unwrap()
        .into_inner();
    mock.assert_async().await;
    assert_eq!(teams.len(), 2);
    assert_eq!(teams[0].id, 812);
    assert_eq!(teams[0].name, "All-incidents");
    assert_eq!(teams[0].description.as_deref(), Some(""));
    assert!(teams[0].is_global);
    assert_eq!(teams[0].external_provider_id, None);
    assert_eq!(teams[0].gitguardian_url, None);
    assert_eq!(teams[1].name, "payments backend");
    assert!(!teams[1].is_global);
    assert_eq!(
        teams[1].external_provider_id.as_deref(),
        Some("grp-7f3a-2201")
    );
}

#[tokio::test]
async fn get_member_resource_access_decodes() {
    let server = MockServer::start_async().await;
    let mock = serve(
        &server,
        GET,
        "/v1/members/5240/secret-incidents/90417",
        200,
        "get-member-resource-access",
    )
    .await;
    let access = super::super::client(&server)
        .get_member_resource_access()
        .member_id(5240)
        .resource_type(types::ResourceType::SecretIncidents)
        .resource_id(90417)
        .send()
        .await
        .unwrap()
        .into_inner();
    mock.assert_async().await;
    assert_eq!(access.member_id, Some(5240));
    assert_eq!(access.invitation_id, None);
    assert_eq!(access.resource_id, 90417);
    assert_eq!(access.resource_type, types::ResourceType::SecretIncidents);
    assert_eq!(access.permission, types::IncidentPermission::FullAccess);
}

#[tokio::test]
async fn set_member_resource_access_sends_permission() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            let when = when
                .method(PUT)
                .path("/v1/members/5188/secret-incidents/90417")
                .json_body(json!({"permission": "can_view"}));
            query(when, &[("send_email", "false")]);
            then.status(200)
                .header("content-type", "application/json")
                .json_body(super::super::fixture("set-member-resource-access"));
        })
        .await;

    let access = super::super::client(&server)
        .set_member_resource_access()
        .member_id(5188)
        .resource_type(types::ResourceType::SecretIncidents)
        .resource_id(90417)
        .send_email(false)
        .body_map(|b| b.permission(types::IncidentPermission::CanView))
        .send()
        .await
        .unwrap()
        .into_inner();
    mock.assert_async().await;
    assert_eq!(access.member_id, Some(5188));
    assert_eq!(access.resource_id, 90417);
    assert_eq!(access.permission, types::IncidentPermission::CanView);
}

#[tokio::test]
async fn list_member_secret_incidents_sends_filters_and_decodes() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            let when = when.method(GET).path("/v1/members/5240/secret-incidents");
            query(
                when,
                &[
                    ("validity", "valid"),
                    ("assignee_id", "5101"),
                    ("per_page", "2"),
                ],
            );
            then.status(200)
                .header("content-type", "application/json")
                .json_body(super::super::fixture("list-member-secret-incident-access"));
        })
        .await;

    let incidents = super::super::client(&server)
        .list_member_secret_incident_access()
        .member_id(5240)
        .validity(types::ListMemberSecretIncidentAccessValidity::Valid)
        .assignee_id(5101)
        .per_page(nonzero(2))
        .send()
        .await
        .unwrap()
        .into_inner();
    mock.assert_async().await;

    assert_eq!(incidents.len(), 2);
    assert_eq!(incidents[0].id, 90417);
    assert_eq!(incidents[0].status, types::IncidentStatus::Assigned);
    assert_eq!(incidents[0].validity, types::Validity::Valid);
    assert_eq!(
        incidents[0].assignee_email.as_deref(),
        Some("alice.martin@example.com")
    );
    assert_eq!(
        incidents[0].custom_tags[0].id,
        super::uuid("5c0e8a12-3f4b-4d6e-9a7b-1c2d3e4f5a6b")
    );
    assert_eq!(incidents[1].id, 90522);
    assert_eq!(incidents[1].status, types::IncidentStatus::Ignored);
    assert_eq!(
        incidents[1].ignore_reason,
        Some(types::IncidentIgnoreReason::FalsePositive)
    );
    assert_eq!(incidents[1].ignored_at, Some(at("2024-12-02T15:00:41Z")));
    assert_eq!(incidents[1].ignorer_id, Some(5188));
    assert_eq!(incidents[1].ignorer_api_token_id, None);
    assert_eq!(incidents[1].severity, types::Severity::Low);
    assert!(incidents[1].tags.is_empty());
    assert!(incidents[1].custom_tags.is_empty());
    let presence = incidents[1].secret_presence.as_ref().unwrap();
    assert_eq!(presence.files_requiring_code_fix, Some(1));
    assert_eq!(presence.removed_in_vcs, Some(1));
}

#[tokio::test]
async fn retrieve_member_email_settings_decodes() {
    let server = MockServer::start_async().await;
    let mock = serve(
        &server,
        GET,
        "/v1/members/5101/email_notifications",
        200,
        "retrieve-member-email-settings",
    )
    .await;
    let settings = super::super::client(&server)
        .retrieve_member_email_settings()
        .member_id(5101)
        .send()
        .await
        .unwrap()
        .into_inner();
    mock.assert_async().await;

    let realtime = settings.private_issue_realtime.unwrap();
    assert!(realtime.is_active);
    let realtime = realtime.settings.unwrap();
    assert_eq!(realtime.vcs_author_only, Some(false));
    assert_eq!(realtime.issue_type.as_deref(), Some("all_issues"));
    let weekly = settings.weekly_recap.unwrap();
    assert!(!weekly.is_active);
    assert!(weekly.settings.is_empty());
    assert!(settings.private_issue_access.unwrap().is_active);
    assert!(settings.private_issue_feedback_submitted.unwrap().is_active);
    assert!(
        !settings
            .private_issue_ignored_with_valid_secret
            .unwrap()
            .is_active
    );
    assert!(settings.health_checks.unwrap().is_active);
    assert!(settings.team_updates.unwrap().is_active);
    assert!(!settings.historical_scan_completion.unwrap().is_active);
}

#[tokio::test]
async fn update_member_email_settings_sends_only_given_settings() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            let when = when
                .method(PATCH)
                .path("/v1/members/5101/email_notifications")
                .json_body(json!({
                    "weekly_recap": {"is_active": true},
                    "private_issue_realtime": {
                        "is_active": true,
                        "settings": {"vcs_author_only": true}
                    }
                }));
            no_query(when);
            then.status(200)
                .header("content-type", "application/json")
                .json_body(super::super::fixture("update-member-email-settings"));
        })
        .await;

    let settings = super::super::client(&server)
        .update_member_email_settings()
        .member_id(5101)
        .body_map(|b| {
            b.weekly_recap(types::MemberEmailNotification {
                is_active: true,
                settings: Default::default(),
            })
            .private_issue_realtime(types::MemberRealtimeEmailNotification {
                is_active: true,
                settings: Some(types::MemberRealtimeEmailNotificationSettings {
                    issue_type: None,
                    vcs_author_only: Some(true),
                }),
            })
        })
        .send()
        .await
        .unwrap()
        .into_inner();
    mock.assert_async().await;

    let realtime = settings.private_issue_realtime.unwrap();
    assert_eq!(realtime.settings.unwrap().vcs_author_only, Some(true));
    assert!(settings.weekly_recap.unwrap().is_active);
    assert!(!settings.private_issue_feedback_submitted.unwrap().is_active);
    assert!(
        settings
            .private_issue_ignored_with_valid_secret
            .unwrap()
            .is_active
    );
    assert!(!settings.health_checks.unwrap().is_active);
    assert!(settings.historical_scan_completion.unwrap().is_active);
}

#[tokio::test]
async fn list_member_team_memberships_sends_filters_and_decodes() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            let when = when.method(GET).path("/v1/members/5188/team_memberships");
            query(when, &[("team_id", "845"), ("cursor", "abc")]);
            then.status(200)
                .header("content-type", "application/json")
                .json_body(super::super::fixture("list-member-team-memberships"));
        })
        .await;

    let memberships = super::super::client(&server)
        .list_member_team_memberships()
        .member_id(5188)
        .team_id(845)
        .cursor("abc")
        .send()
        .await
        .unwrap()
        .into_inner();
    mock.assert_async().await;
    assert_eq!(memberships.len(), 2);
    assert_eq!(
        (
            memberships[0].id,
            memberships[0].member_id,
            memberships[0].team_id
        ),
        (3301, 5188, 845)
    );
    assert!(memberships[0].is_team_leader);
    assert_eq!(
        memberships[0].team_permission,
        Some(types::TeamPermission::CanManage)
    );
    assert_eq!(
        memberships[0].incident_permission,
        types::IncidentPermission::FullAccess
    );
    assert_eq!(memberships[1].team_id, 851);
    assert!(!memberships[1].is_team_leader);
    assert_eq!(
        memberships[1].team_permission,
        Some(types::TeamPermission::CannotManage)
    );
    assert_eq!(
        memberships[1].incident_permission,
        types::IncidentPermission::CanView
    );
}

#[tokio::test]
async fn delete_member_and_revoke_access_succeed_on_204() {
    let server = MockServer::start_async().await;
    let delete = no_content(
        &server,
        DELETE,
        "/v1/members/5188",
        &[("send_email", "false")],
        204,
    )
    .await;
    let revoke = no_content(
        &server,
        DELETE,
        "/v1/members/5188/secret-incidents/90417",
        &[],
        204,
    )
    .await;
    let client = super::super::client(&server);

    let deleted = client
        .delete_member()
        .member_id(5188)
        .send_email(false)
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), 204);
    let revoked = client
        .revoke_member_resource_access()
        .member_id(5188)
        .resource_type(types::ResourceType::SecretIncidents)
        .resource_id(90417)
        .send()
        .await
        .unwrap();
    assert_eq!(revoked.status(), 204);
    delete.assert_async().await;
    revoke.assert_async().await;
}
