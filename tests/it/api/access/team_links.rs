//! What ties people and sources to a team: team invitations, team memberships, team requests
//! (join requests) and team sources.

use super::{at, no_content, no_query, nonzero, query};
use gitguardian_openapi::types;
use httpmock::prelude::*;
use serde_json::json;

const TEAM: &str = "/v1/teams/4410";

// --- Team Invitations ---

#[tokio::test]
async fn list_team_invitations_sends_filters_and_decodes() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            let when = when.method(GET).path(format!("{TEAM}/team_invitations"));
            query(
                when,
                &[
                    ("incident_permission", "can_view"),
                    ("is_team_leader", "false"),
                    ("team_permission", "cannot_manage"),
                ],
            );
            then.status(200)
                .header("content-type", "application/json")
                .json_body(super::super::fixture("list-team-invitation"));
        })
        .await;

    let invitations = super::super::client(&server)
        .list_team_invitation()
        .team_id(4410)
        .incident_permission(types::IncidentPermission::CanView)
        .is_team_leader(false)
        .team_permission(types::TeamPermission::CannotManage)
        .send()
        .await
        .unwrap()
        .into_inner();
    mock.assert_async().await;
    assert_eq!(invitations.len(), 2);
    assert_eq!(
        (
            invitations[0].id,
            invitations[0].invitation_id,
            invitations[0].team_id
        ),
        (7702, 6115, 4410)
    );
    assert!(!invitations[0].is_team_leader);
    assert_eq!(
        invitations[0].team_permission,
        Some(types::TeamPermission::CannotManage)
    );
    assert_eq!(
        invitations[0].incident_permission,
        types::IncidentPermission::CanView
    );
    assert_eq!(invitations[1].invitation_id, 6121);
    assert!(invitations[1].is_team_leader);
    assert_eq!(
        invitations[1].incident_permission,
        types::IncidentPermission::Unrecognized("can_triage".into())
    );
}

#[tokio::test]
async fn create_team_invitation_sends_body() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            let when = when
                .method(POST)
                .path(format!("{TEAM}/team_invitations"))
                .json_body(json!({
                    "invitation_id": 6130,
                    "is_team_leader": false,
                    "incident_permission": "can_edit"
                }));
            no_query(when);
            then.status(201)
                .header("content-type", "application/json")
                .json_body(super::super::fixture("create-team-invitations"));
        })
        .await;

    let invitation = super::super::client(&server)
        .create_team_invitations()
        .team_id(4410)
        .body(types::TeamInvitationCreateRequest {
            invitation_id: 6130,
            is_team_leader: Some(false),
            incident_permission: Some(types::IncidentPermission::CanEdit),
            team_permission: None,
        })
        .send()
        .await
        .unwrap()
        .into_inner();
    mock.assert_async().await;
    assert_eq!((invitation.id, invitation.invitation_id), (7714, 6130));
    assert_eq!(invitation.team_id, 4410);
    assert!(!invitation.is_team_leader);
    assert_eq!(
        invitation.incident_permission,
        types::IncidentPermission::CanEdit
    );
}

#[tokio::test]
async fn update_team_invitation_sends_body() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path(format!("{TEAM}/team_invitations/7702"))
                .json_body(json!({"is_team_leader": true, "incident_permission": "full_access"}));
            then.status(200)
                .header("content-type", "application/json")
                .json_body(super::super::fixture("update-team-invitation"));
        })
        .await;

    let invitation = super::super::client(&server)
        .update_team_invitation()
        .team_id(4410)
        .team_invitation_id(7702)
        .body_map(|b| {
            b.is_team_leader(true)
                .incident_permission(types::IncidentPermission::FullAccess)
        })
        .send()
        .await
        .unwrap()
        .into_inner();
    mock.assert_async().await;
    assert_eq!((invitation.id, invitation.invitation_id), (7702, 6115));
    assert!(invitation.is_team_leader);
    assert_eq!(
        invitation.team_permission,
        Some(types::TeamPermission::CanManage)
    );
    assert_eq!(
        invitation.incident_permission,
        types::IncidentPermission::FullAccess
    );
}

#[tokio::test]
async fn delete_team_invitation_succeeds_on_204() {
    let server = MockServer::start_async().await;
    let mock = no_content(
        &server,
        DELETE,
        &format!("{TEAM}/team_invitations/7709"),
        &[],
        204,
    )
    .await;
    let response = super::super::client(&server)
        .delete_team_invitation()
        .team_id(4410)
        .team_invitation_id(7709)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    mock.assert_async().await;
}

// --- Team Memberships ---

#[tokio::test]
async fn list_team_memberships_sends_filters_and_decodes() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            let when = when.method(GET).path(format!("{TEAM}/team_memberships"));
            query(
                when,
                &[
                    ("member_id", "5133"),
                    ("incident_permission", "can_edit"),
                    ("per_page", "20"),
                ],
            );
            then.status(200)
                .header("content-type", "application/json")
                .json_body(super::super::fixture("list-team-memberships"));
        })
        .await;

    let memberships = super::super::client(&server)
        .list_team_memberships()
        .team_id(4410)
        .member_id(5133)
        .incident_permission(types::IncidentPermission::CanEdit)
        .per_page(nonzero(20))
        .send()
        .await
        .unwrap()
        .into_inner();
    mock.assert_async().await;
    assert_eq!(memberships.len(), 3);
    assert_eq!((memberships[0].id, memberships[0].member_id), (30551, 5120));
    assert!(memberships[0].is_team_leader);
    assert_eq!(
        memberships[0].team_permission,
        Some(types::TeamPermission::CanManage)
    );
    assert_eq!(
        memberships[1].incident_permission,
        types::IncidentPermission::CanEdit
    );
    assert_eq!(memberships[2].member_id, 5141);
    assert_eq!(memberships[2].team_permission, None);
    assert_eq!(
        memberships[2].incident_permission,
        types::IncidentPermission::CanView
    );
}

#[tokio::test]
async fn create_team_membership_sends_body_and_keeps_unknown_team_permission() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            let when = when
                .method(POST)
                .path(format!("{TEAM}/team_memberships"))
                .json_body(json!({"member_id": 5150, "incident_permission": "can_view"}));
            query(when, &[("send_email", "false")]);
            then.status(201)
                .header("content-type", "application/json")
                .json_body(super::super::fixture("create-team-membership"));
        })
        .await;

    let membership = super::super::client(&server)
        .create_team_membership()
        .team_id(4410)
        .send_email(false)
        .body_map(|b| {
            b.member_id(5150)
                .incident_permission(types::IncidentPermission::CanView)
        })
        .send()
        .await
        .unwrap()
        .into_inner();
    mock.assert_async().await;
    assert_eq!((membership.id, membership.member_id), (30580, 5150));
    assert_eq!(membership.team_id, 4410);
    assert!(!membership.is_team_leader);
    assert_eq!(
        membership.team_permission,
        Some(types::TeamPermission::Unrecognized("can_delegate".into()))
    );
    assert_eq!(
        membership.incident_permission,
        types::IncidentPermission::CanView
    );
}

#[tokio::test]
async fn update_team_membership_sends_body() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path(format!("{TEAM}/team_memberships/30562"))
                .json_body(json!({"incident_permission": "full_access"}));
            then.status(200)
                .header("content-type", "application/json")
                .json_body(super::super::fixture("update-team-membership"));
        })
        .await;

    let membership = super::super::client(&server)
        .update_team_membership()
        .team_id(4410)
        .team_membership_id(30562)
        .body_map(|b| b.incident_permission(types::IncidentPermission::FullAccess))
        .send()
        .await
        .unwrap()
        .into_inner();
    mock.assert_async().await;
    assert_eq!((membership.id, membership.member_id), (30562, 5133));
    assert_eq!(
        membership.team_permission,
        Some(types::TeamPermission::CannotManage)
    );
    assert_eq!(
        membership.incident_permission,
        types::IncidentPermission::FullAccess
    );
}

#[tokio::test]
async fn delete_team_membership_succeeds_on_204() {
    let server = MockServer::start_async().await;
    let mock = no_content(
        &server,
        DELETE,
        &format!("{TEAM}/team_memberships/30574"),
        &[("send_email", "true")],
        204,
    )
    .await;
    let response = super::super::client(&server)
        .delete_team_membership()
        .team_id(4410)
        .team_membership_id(30574)
        .send_email(true)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    mock.assert_async().await;
}

// --- Team Requests ---

#[tokio::test]
async fn list_team_requests_sends_filters_and_decodes() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            let when = when.method(GET).path(format!("{TEAM}/team_requests"));
            query(when, &[("member_id", "5160")]);
            then.status(200)
                .header("content-type", "application/json")
                .json_body(super::super::fixture("list-team-requests"));
        })
        .await;

    let requests = super::super::client(&server)
        .list_team_requests()
        .team_id(4410)
        .member_id(5160)
        .send()
        .await
        .unwrap()
        .into_inner();
    mock.assert_async().await;
    assert_eq!(requests.len(), 2);
    assert_eq!(
        (requests[0].id, requests[0].member_id, requests[0].team_id),
        (1207, 5160, 4410)
    );
    assert_eq!((requests[1].id, requests[1].member_id), (1211, 5172));
}

#[tokio::test]
async fn create_team_request_posts_without_body() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            let when = when
                .method(POST)
                .path("/v1/teams/4423/team_requests")
                .body("");
            no_query(when);
            then.status(201)
                .header("content-type", "application/json")
                .json_body(super::super::fixture("create-team-request"));
        })
        .await;

    let request = super::super::client(&server)
        .create_team_request()
        .team_id(4423)
        .send()
        .await
        .unwrap()
        .into_inner();
    mock.assert_async().await;
    assert_eq!(
        (request.id, request.member_id, request.team_id),
        (1215, 5181, 4423)
    );
}

#[tokio::test]
async fn accept_team_request_sends_body_and_decodes_membership() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            let when = when
                .method(POST)
                .path(format!("{TEAM}/team_requests/1207/accept"))
                .json_body(json!({"is_team_leader": false, "incident_permission": "can_view"}));
            query(when, &[("send_email", "true")]);
            then.status(200)
                .header("content-type", "application/json")
                .json_body(super::super::fixture("accept-team-request"));
        })
        .await;

    let membership = super::super::client(&server)
        .accept_team_request()
        .team_id(4410)
        .team_request_id(1207)
        .send_email(true)
        .body_map(|b| {
            b.is_team_leader(false)
                .incident_permission(types::IncidentPermission::CanView)
        })
        .send()
        .await
        .unwrap()
        .into_inner();
    mock.assert_async().await;
    assert_eq!((membership.id, membership.member_id), (30591, 5160));
    assert!(!membership.is_team_leader);
    assert_eq!(
        membership.team_permission,
        Some(types::TeamPermission::CannotManage)
    );
    assert_eq!(
        membership.incident_permission,
        types::IncidentPermission::Unrecognized("can_comment".into())
    );
}

#[tokio::test]
async fn list_member_team_requests_sends_filters_and_decodes() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            let when = when.method(GET).path("/v1/members/5188/team_requests");
            query(when, &[("team_id", "860"), ("per_page", "5")]);
            then.status(200)
                .header("content-type", "application/json")
                .json_body(super::super::fixture("list-member-team-requests"));
        })
        .await;

    let requests = super::super::client(&server)
        .list_member_team_requests()
        .member_id(5188)
        .team_id(860)
        .per_page(nonzero(5))
        .send()
        .await
        .unwrap()
        .into_inner();
    mock.assert_async().await;
    assert_eq!(requests.len(), 2);
    assert_eq!(
        (requests[0].id, requests[0].member_id, requests[0].team_id),
        (611, 5188, 860)
    );
    assert_eq!((requests[1].id, requests[1].team_id), (634, 872));
}

#[tokio::test]
async fn delete_team_request_succeeds_on_204() {
    let server = MockServer::start_async().await;
    let mock = no_content(
        &server,
        DELETE,
        &format!("{TEAM}/team_requests/1211"),
        &[("send_email", "false")],
        204,
    )
    .await;
    let response = super::super::client(&server)
        .delete_team_request()
        .team_id(4410)
        .team_request_id(1211)
        .send_email(false)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    mock.assert_async().await;
}

// --- Team Sources ---

#[tokio::test]
async fn list_team_sources_sends_filters_and_decodes() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            let when = when.method(GET).path(format!("{TEAM}/sources"));
            query(
                when,
                &[
                    ("type", "github"),
                    ("visibility", "private"),
                    ("health", "at_risk"),
                    ("last_scan_status", "finished"),
                    ("ordering", "-last_scan_date"),
                    ("search", "payments"),
                ],
            );
            then.status(200)
                .header("content-type", "application/json")
                .json_body(super::super::fixture("list-team-sources"));
        })
        .await;

    let sources = super::super::client(&server)
        .list_team_sources()
        .team_id(4410)
        .type_(types::ListTeamSourcesType::Github)
        .visibility(types::ListTeamSourcesVisibility::Private)
        .health(types::ListTeamSourcesHealth::AtRisk)
        .last_scan_status(types::ListTeamSourcesLastScanStatus::Finished)
        .ordering(types::ListTeamSourcesOrdering::LastScanDateDesc)
        .search("payments")
        .send()
        .await
        .unwrap()
        .into_inner();
    mock.assert_async().await;
    assert_eq!(sources.len(), 2);

    let github = &sources[0];
    assert_eq!(github.id, 20733);
    assert_eq!(github.type_, types::SourceType::Github);
    assert_eq!(github.full_name, "example-org/payments-api");
    assert_eq!(github.health, types::SourceHealth::AtRisk);
    assert_eq!(github.default_branch.as_deref(), Some("main"));
    assert_eq!(
        (github.open_incidents_count, github.closed_incidents_count),
        (4, 9)
    );
    let breakdown = github.secret_incidents_breakdown.as_ref().unwrap();
    let open = breakdown.open_secret_incidents.as_ref().unwrap();
    assert_eq!(open.total, 4);
    let severities = open.severity_breakdown.as_ref().unwrap();
    assert_eq!((severities.critical, severities.high), (Some(1), Some(2)));
    let closed = breakdown.closed_secret_incidents.as_ref().unwrap();
    assert_eq!(closed.total, 9);
    assert_eq!(closed.severity_breakdown.as_ref().unwrap().info, Some(2));
    assert_eq!(github.visibility, types::SourceVisibility::Private);
    assert_eq!(github.external_id.as_deref(), Some("731904"));
    assert_eq!(github.source_criticality, types::SourceCriticality::High);
    let scan = github.last_scan.as_ref().unwrap();
    assert_eq!(scan.date, at("2024-05-01T02:10:33.481920Z"));
    assert_eq!(scan.status, types::SourceScanStatus::Finished);
    assert_eq!(scan.failing_reason, None);
    assert_eq!(scan.commits_scanned, Some(4821));
    assert_eq!(scan.branches_scanned, Some(12));
    assert_eq!(scan.duration.as_deref(), Some("4:12.118305"));
    assert!(github.monitored);
    assert_eq!(github.deleted, Some(false));

    let gitlab = &sources[1];
    assert_eq!(gitlab.id, 20741);
    assert_eq!(gitlab.type_, types::SourceType::Gitlab);
    assert_eq!(
        gitlab.health,
        types::SourceHealth::Unrecognized("degraded".into())
    );
    assert_eq!(gitlab.default_branch, None);
    assert_eq!(gitlab.default_branch_head, None);
    assert_eq!(gitlab.visibility, types::SourceVisibility::Internal);
    assert_eq!(gitlab.source_criticality, types::SourceCriticality::Unknown);
    assert!(gitlab.last_scan.is_none());
    assert!(!gitlab.monitored);
}

#[tokio::test]
async fn update_team_sources_sends_body_and_succeeds_on_204() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            let when = when
                .method(POST)
                .path(format!("{TEAM}/sources"))
                .json_body(json!({"sources_to_add": [20733, 20741], "sources_to_remove": [19002]}));
            no_query(when);
            then.status(204);
        })
        .await;
    let response = super::super::client(&server)
        .update_team_sources()
        .team_id(4410)
        .body(types::TeamSourcesUpdateRequest {
            sources_to_add: Some(vec![20733, 20741]),
            sources_to_remove: Some(vec![19002]),
        })
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    mock.assert_async().await;
}
