//! Invitations: pending invitations to the workspace, their access to secret incidents, and the
//! incidents they can see.

use super::{at, no_content, no_query, nonzero, query, serve};
use gitguardian_openapi::types;
use httpmock::prelude::*;
use serde_json::json;

#[tokio::test]
async fn list_invitations_sends_filters_and_decodes_unknown_roles() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            let when = when.method(GET).path("/v1/invitations");
            query(
                when,
                &[
                    ("cursor", "cD0yMDI0"),
                    ("ordering", "-date"),
                    ("per_page", "3"),
                    ("search", "example.com"),
                ],
            );
            then.status(200)
                .header("content-type", "application/json")
                .json_body(super::super::fixture("list-invitations"));
        })
        .await;

    let invitations = super::super::client(&server)
        .list_invitations()
        .cursor("cD0yMDI0")
        .ordering(types::ListInvitationsOrdering::DateDesc)
        .per_page(nonzero(3))
        .search("example.com")
        .send()
        .await
        .unwrap()
        .into_inner();
    mock.assert_async().await;

    assert_eq!(invitations.len(), 3);
    assert_eq!(invitations[0].id, 7702);
    assert_eq!(invitations[0].email, "dana.ortiz@example.com");
    assert_eq!(invitations[0].access_level, types::AccessLevel::Member);
    assert_eq!(invitations[0].role, Some(types::MemberRole::Member));
    assert_eq!(invitations[0].date, at("2024-12-15T10:05:00Z"));
    assert_eq!(invitations[1].access_level, types::AccessLevel::Manager);
    assert_eq!(invitations[2].email, "fatou.diallo@example.com");
    assert_eq!(
        invitations[2].access_level,
        types::AccessLevel::Unrecognized("viewer".into())
    );
    assert_eq!(
        invitations[2].role,
        Some(types::MemberRole::Unrecognized("viewer".into()))
    );
}

#[tokio::test]
async fn create_invitation_sends_body_and_send_email() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            let when = when.method(POST).path("/v1/invitations").json_body(
                json!({"email": "gabriel.roux@example.com", "access_level": "restricted"}),
            );
            query(when, &[("send_email", "false")]);
            then.status(201)
                .header("content-type", "application/json")
                .json_body(super::super::fixture("create-invitations"));
        })
        .await;

    let invitation = super::super::client(&server)
        .create_invitations()
        .send_email(false)
        .body_map(|b| {
            b.email("gabriel.roux@example.com")
                .access_level(types::InvitationAccessLevel::Restricted)
        })
        .send()
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(invitation.status(), 201);
    let invitation = invitation.into_inner();
    assert_eq!(invitation.id, 7741);
    assert_eq!(invitation.email, "gabriel.roux@example.com");
    assert_eq!(invitation.access_level, types::AccessLevel::Restricted);
    assert_eq!(invitation.role, Some(types::MemberRole::Restricted));
    assert_eq!(invitation.date, at("2025-01-08T12:00:03Z"));
}

#[tokio::test]
async fn retrieve_and_resend_invitation_decode() {
    let server = MockServer::start_async().await;
    let retrieve = serve(
        &server,
        GET,
        "/v1/invitations/7719",
        200,
        "retrieve-invitation",
    )
    .await;
    let resend = serve(
        &server,
        POST,
        "/v1/invitations/7719/resend",
        200,
        "resend-invitation",
    )
    .await;
    let client = super::super::client(&server);

    let invitation = client
        .retrieve_invitation()
        .invitation_id(7719)
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(invitation.id, 7719);
    assert_eq!(invitation.email, "eli.novak@example.com");
    assert_eq!(invitation.access_level, types::AccessLevel::Manager);
    assert_eq!(invitation.role, Some(types::MemberRole::Manager));
    assert_eq!(invitation.date, at("2025-01-02T16:48:21Z"));

    let sent = client
        .resend_invitation()
        .invitation_id(7719)
        .body(types::InvitationResendRequest(serde_json::Map::new()))
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(sent.detail, "Email sent");
    retrieve.assert_async().await;
    resend.assert_async().await;
}

#[tokio::test]
async fn get_invitation_resource_access_decodes() {
    let server = MockServer::start_async().await;
    let mock = serve(
        &server,
        GET,
        "/v1/invitations/7719/secret-incidents/91003",
        200,
        "get-invitation-resource-access",
    )
    .await;

    let access = super::super::client(&server)
        .get_invitation_resource_access()
        .invitation_id(7719)
        .resource_type(types::ResourceType::SecretIncidents)
        .resource_id(91003)
        .send()
        .await
        .unwrap()
        .into_inner();
    mock.assert_async().await;
    assert_eq!(access.invitation_id, Some(7719));
    assert_eq!(access.member_id, None);
    assert_eq!(access.resource_id, 91003);
    assert_eq!(access.resource_type, types::ResourceType::SecretIncidents);
    assert_eq!(access.permission, types::IncidentPermission::FullAccess);
}

#[tokio::test]
async fn set_invitation_resource_access_sends_permission() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            let when = when
                .method(PUT)
                .path("/v1/invitations/7702/secret-incidents/91003")
                .json_body(json!({"permission": "can_edit"}));
            no_query(when);
            then.status(200)
                .header("content-type", "application/json")
                .json_body(super::super::fixture("set-invitation-resource-access"));
        })
        .await;

    let access = super::super::client(&server)
        .set_invitation_resource_access()
        .invitation_id(7702)
        .resource_type(types::ResourceType::SecretIncidents)
        .resource_id(91003)
        .body_map(|b| b.permission(types::IncidentPermission::CanEdit))
        .send()
        .await
        .unwrap()
        .into_inner();
    mock.assert_async().await;
    assert_eq!(access.invitation_id, Some(7702));
    assert_eq!(access.resource_id, 91003);
    assert_eq!(access.resource_type, types::ResourceType::SecretIncidents);
    assert_eq!(access.permission, types::IncidentPermission::CanEdit);
}

#[tokio::test]
async fn list_invitation_secret_incidents_sends_filters_and_decodes() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            let when = when
                .method(GET)
                .path("/v1/invitations/7719/secret-incidents");
            query(
                when,
                &[
                    ("status", "TRIGGERED"),
                    ("severity", "high"),
                    ("feedback", "true"),
                    ("date_after", "2024-11-01T00:00:00Z"),
                    ("ordering", "-date"),
                ],
            );
            then.status(200)
                .header("content-type", "application/json")
                .json_body(super::super::fixture(
                    "list-invitation-secret-incident-access",
                ));
        })
        .await;

    let incidents = super::super::client(&server)
        .list_invitation_secret_incident_access()
        .invitation_id(7719)
        .status(types::ListInvitationSecretIncidentAccessStatus::Triggered)
        .severity(types::ListInvitationSecretIncidentAccessSeverity::High)
        .feedback(true)
        .date_after(at("2024-11-01T00:00:00Z"))
        .ordering(types::ListInvitationSecretIncidentAccessOrdering::DateDesc)
        .send()
        .await
        .unwrap()
        .into_inner();
    mock.assert_async().await;

    assert_eq!(incidents.len(), 2);
    let first = &incidents[0];
    assert_eq!(first.id, 91003);
    assert_eq!(first.status, types::IncidentStatus::Triggered);
    assert_eq!(first.severity, types::Severity::High);
    assert_eq!(first.validity, types::Validity::Unknown);
    assert_eq!(first.assignee_id, None);
    assert_eq!(first.assignee_email, None);
    assert_eq!(first.resolved_at, None);
    assert_eq!(first.detector.name, "github_access_token");
    assert_eq!(first.detector.display_name, "GitHub Access Token");
    assert_eq!(first.secret_id, Some(7731));
    assert_eq!(first.triggered_at, Some(at("2024-11-04T08:31:12Z")));
    assert_eq!(first.tags, vec![types::IncidentTag::FromHistoricalScan]);
    assert!(first.custom_tags.is_empty());
    assert!(first.occurrences.is_none());
    assert_eq!(first.feedback_list.len(), 1);
    assert_eq!(first.feedback_list[0].email, "chen.wei@example.com");
    assert_eq!(first.feedback_list[0].answers[0].boolean, Some(false));

    let second = &incidents[1];
    assert_eq!(second.id, 91050);
    assert_eq!(second.status, types::IncidentStatus::Resolved);
    assert_eq!(second.severity, types::Severity::Critical);
    assert_eq!(second.validity, types::Validity::Invalid);
    assert_eq!(second.assignee_id, Some(5101));
    assert_eq!(second.resolver_id, Some(5101));
    assert_eq!(second.resolved_at, Some(at("2025-01-03T13:45:09Z")));
    assert_eq!(
        second.tags,
        vec![
            types::IncidentTag::DefaultBranch,
            types::IncidentTag::Public
        ]
    );
    assert_eq!(second.custom_tags.len(), 1);
    assert_eq!(second.custom_tags[0].key, "team");
    assert_eq!(second.custom_tags[0].value.as_deref(), Some("payments"));
    assert!(second.feedback_list.is_empty());
}

#[tokio::test]
async fn delete_invitation_and_revoke_access_succeed_on_204() {
    let server = MockServer::start_async().await;
    let delete = no_content(&server, DELETE, "/v1/invitations/7735", &[], 204).await;
    let revoke = no_content(
        &server,
        DELETE,
        "/v1/invitations/7735/secret-incidents/91003",
        &[],
        204,
    )
    .await;
    let client = super::super::client(&server);

    let deleted = client
        .delete_invitation()
        .invitation_id(7735)
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), 204);
    let revoked = client
        .revoke_invitation_resource_access()
        .invitation_id(7735)
        .resource_type(types::ResourceType::SecretIncidents)
        .resource_id(91003)
        .send()
        .await
        .unwrap();
    assert_eq!(revoked.status(), 204);
    delete.assert_async().await;
    revoke.assert_async().await;
}
