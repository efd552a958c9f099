//! Internal Secret Incidents, around one incident: who can see it (members, teams, invitations,
//! old and new routes), granting and revoking that access, where the secret lives (impacted
//! perimeter, vaults, leaks outside the perimeter), and the secret itself (Secrets tag).

use super::{at, nonzero, query, serve};
use gitguardian_openapi::types;
use httpmock::prelude::*;
use serde_json::json;

const INCIDENT: &str = "/v1/incidents/secrets/81234";

#[tokio::test]
async fn list_incident_members_filters_and_decodes() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            let when = when.method(GET).path(format!("{INCIDENT}/members"));
            query(
                when,
                &[
                    ("incident_permission", "can_view"),
                    ("role", "restricted"),
                    ("search", "noor"),
                    ("per_page", "10"),
                ],
            );
            then.status(200)
                .json_body(super::super::fixture("list-incident-members"));
        })
        .await;

    let result = super::super::client(&server)
        .list_incident_members()
        .incident_id(81234)
        .incident_permission(types::IncidentPermission::CanView)
        .role(types::MemberRole::Restricted)
        .search("noor")
        .per_page(nonzero(10))
        .send()
        .await;
    mock.assert_async().await;
    let members = result.unwrap().into_inner();
    assert_eq!(members.len(), 2);
    assert_eq!(
        (members[0].member_id, members[0].incident_id),
        (1187, 81234)
    );
    assert_eq!(
        members[0].incident_permission,
        types::IncidentPermission::FullAccess
    );
    assert_eq!(members[0].name.as_deref(), Some("Dana Lee"));
    assert_eq!(members[0].role, Some(types::MemberRole::Manager));
    assert_eq!(members[1].id, Some(1203));
    assert_eq!(members[1].email.as_deref(), Some("noor.haddad@example.com"));
    assert_eq!(
        members[1].incident_permission,
        types::IncidentPermission::CanView
    );
    assert_eq!(members[1].role, Some(types::MemberRole::Restricted));
}

#[tokio::test]
async fn list_incident_teams_and_invitations_decode() {
    let server = MockServer::start_async().await;
    serve(
        &server,
        GET,
        &format!("{INCIDENT}/teams"),
        200,
        "list-incident-teams",
    )
    .await;
    serve(
        &server,
        GET,
        &format!("{INCIDENT}/invitations"),
        200,
        "list-incident-invitations",
    )
    .await;
    let client = super::super::client(&server);

    let teams = client
        .list_incident_teams()
        .incident_id(81234)
        .send()
        .await
        .unwrap();
    let teams = teams.into_inner();
    assert_eq!(teams.len(), 2);
    assert_eq!((teams[0].team_id, teams[0].incident_id), (77, 81234));
    assert_eq!(
        teams[0].incident_permission,
        types::IncidentPermission::CanEdit
    );
    assert_eq!(teams[1].team_id, 81);
    assert_eq!(
        teams[1].incident_permission,
        types::IncidentPermission::CanView
    );

    let invitations = client
        .list_incident_invitations()
        .incident_id(81234)
        .send()
        .await
        .unwrap();
    let invitations = invitations.into_inner();
    assert_eq!(invitations.len(), 1);
    assert_eq!(
        (invitations[0].invitation_id, invitations[0].incident_id),
        (905, 81234)
    );
    assert_eq!(
        invitations[0].incident_permission,
        types::IncidentPermission::CanView
    );
}

#[tokio::test]
async fn secret_incident_member_access_filters_and_decodes() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            let when = when.method(GET).path("/v1/secret-incidents/81234/members");
            query(
                when,
                &[
                    ("access_level", "manager"),
                    ("direct_access", "true"),
                    ("ordering", "-last_login"),
                ],
            );
            then.status(200)
                .json_body(super::super::fixture("list-secret-incident-member-access"));
        })
        .await;

    let result = super::super::client(&server)
        .list_secret_incident_member_access()
        .incident_id(81234)
        .access_level(types::AccessLevel::Manager)
        .direct_access(true)
        .ordering(types::ListSecretIncidentMemberAccessOrdering::LastLoginDesc)
        .send()
        .await;
    mock.assert_async().await;
    let members = result.unwrap().into_inner();
    assert_eq!(members.len(), 2);
    assert_eq!(
        (members[0].id, members[0].name.as_str()),
        (1187, "Dana Lee")
    );
    assert_eq!(members[0].access_level, types::AccessLevel::Manager);
    assert_eq!(members[0].created_at, at("2022-06-14T08:12:40.120Z"));
    assert_eq!(members[0].last_login, Some(at("2024-03-13T17:02:11.904Z")));
    assert!(members[0].active);
    assert_eq!(members[1].role, Some(types::MemberRole::Restricted));
    assert_eq!(members[1].access_level, types::AccessLevel::Restricted);
    assert_eq!(members[1].last_login, None);
}

#[tokio::test]
async fn secret_incident_team_and_invitation_access_decode() {
    let server = MockServer::start_async().await;
    let teams_mock = server
        .mock_async(|when, then| {
            let when = when.method(GET).path("/v1/secret-incidents/81234/teams");
            query(when, &[("direct_access", "false"), ("search", "pay")]);
            then.status(200)
                .json_body(super::super::fixture("list-secret-incident-team-access"));
        })
        .await;
    serve(
        &server,
        GET,
        "/v1/secret-incidents/81234/invitations",
        200,
        "list-secret-incident-invitation-access",
    )
    .await;
    let client = super::super::client(&server);

    let teams = client
        .list_secret_incident_team_access()
        .incident_id(81234)
        .direct_access(false)
        .search("pay")
        .send()
        .await;
    teams_mock.assert_async().await;
    let teams = teams.unwrap().into_inner();
    assert_eq!(teams.len(), 2);
    assert_eq!((teams[0].id, teams[0].name.as_str()), (77, "Payments"));
    assert_eq!(
        teams[0].description.as_deref(),
        Some("Payments platform squad")
    );
    assert!(!teams[0].is_global);
    assert_eq!(teams[0].external_provider_id, None);
    assert_eq!(teams[0].gitguardian_url, None);
    assert_eq!(teams[1].description.as_deref(), Some(""));
    assert!(teams[1].is_global);

    let invitations = client
        .list_secret_incident_invitation_access()
        .incident_id(81234)
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(invitations.len(), 1);
    assert_eq!(invitations[0].id, 905);
    assert_eq!(invitations[0].email, "lena.fischer@example.com");
    assert_eq!(invitations[0].role, Some(types::MemberRole::Member));
    assert_eq!(invitations[0].access_level, types::AccessLevel::Member);
    assert_eq!(invitations[0].date, at("2024-03-01T15:20:00Z"));
}

#[tokio::test]
async fn grant_access_posts_the_grantee_and_succeeds_on_204() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(format!("{INCIDENT}/grant_access"))
                .json_body(json!({"member_id": 1492, "incident_permission": "can_edit"}));
            then.status(204);
        })
        .await;

    let result = super::super::client(&server)
        .grant_access_incident()
        .incident_id(81234)
        .body_map(|b| {
            b.member_id(1492)
                .incident_permission(types::IncidentPermission::CanEdit)
        })
        .send()
        .await;
    mock.assert_async().await;
    assert_eq!(result.unwrap().status(), 204);
}

#[tokio::test]
async fn revoke_access_posts_the_grantee_and_succeeds_on_204() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(format!("{INCIDENT}/revoke_access"))
                .json_body(json!({"team_id": 81}));
            then.status(204);
        })
        .await;

    let result = super::super::client(&server)
        .revoke_access_incident()
        .incident_id(81234)
        .body_map(|b| b.team_id(81))
        .send()
        .await;
    mock.assert_async().await;
    assert_eq!(result.unwrap().status(), 204);
}

#[tokio::test]
async fn impacted_perimeter_decodes_files_per_source() {
    let server = MockServer::start_async().await;
    serve(
        &server,
        GET,
        &format!("{INCIDENT}/impacted_perimeter"),
        200,
        "retrieve-incident-impacted-perimeter",
    )
    .await;

    let perimeter = super::super::client(&server)
        .retrieve_incident_impacted_perimeter()
        .incident_id(81234)
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(perimeter.id, 81234);
    assert_eq!(perimeter.status, types::IncidentStatus::Assigned);
    assert_eq!(perimeter.secret_presence.unwrap().files_fixed, Some(1));
    assert_eq!(perimeter.sources.len(), 1);
    let source = &perimeter.sources[0];
    assert_eq!((source.id, source.type_.as_str()), (9120, "github"));
    assert_eq!(source.full_name.as_deref(), Some("acme/payments-api"));
    assert_eq!(
        source.url.as_deref(),
        Some("https://github.com/acme/payments-api")
    );
    let files = source.files.as_ref().unwrap();
    assert_eq!(files.files_requiring_code_fix.len(), 2);
    assert_eq!(
        files.files_requiring_code_fix[0].filepath,
        "deploy/release.sh"
    );
    assert_eq!(files.files_requiring_code_fix[0].mentions_count, Some(2));
    assert!(files.files_pending_merge.is_empty());
    assert_eq!(files.files_fixed[0].filepath, "scripts/old_release.sh");
}

#[tokio::test]
async fn vaults_and_leaks_decode() {
    let server = MockServer::start_async().await;
    serve(
        &server,
        GET,
        &format!("{INCIDENT}/vaults"),
        200,
        "get-secret-incident-vaults",
    )
    .await;
    serve(
        &server,
        GET,
        &format!("{INCIDENT}/leaks"),
        200,
        "retrieve-incidents-leaks",
    )
    .await;
    let client = super::super::client(&server);

    let vaults = client
        .get_secret_incident_vaults()
        .incident_id(81234)
        .send()
        .await
        .unwrap();
    let vaults = vaults.into_inner();
    assert_eq!(vaults.len(), 2);
    assert_eq!(vaults[0].vault_type.as_deref(), Some("hashicorpvault"));
    assert_eq!(vaults[0].vault_name.as_deref(), Some("vault-prod-eu"));
    assert_eq!(
        vaults[0].path.as_deref(),
        Some("kv/ci/github/release-token")
    );
    assert_eq!(vaults[1].vault_type.as_deref(), Some("awssecretsmanager"));

    let leaks = client
        .retrieve_incidents_leaks()
        .incident_id(81234)
        .send()
        .await
        .unwrap();
    let leaks = leaks.into_inner();
    assert_eq!(leaks.len(), 2);
    assert_eq!(leaks[0].source, "github");
    assert_eq!(leaks[0].name, "someone-else / dotfiles");
    assert_eq!(
        leaks[0].url.as_deref(),
        Some("https://github.com/someone-else/dotfiles")
    );
    assert_eq!(
        (leaks[1].source.as_str(), leaks[1].url.as_deref()),
        ("gitlab", None)
    );
}

#[tokio::test]
async fn get_secret_detail_decodes_detector_and_matches() {
    let server = MockServer::start_async().await;
    let mock = serve(&server, GET, "/v1/secrets/55210", 200, "get-secret-detail").await;

    let result = super::super::client(&server)
        .get_secret_detail()
        .secret_id(55210)
        .send()
        .await;
    mock.assert_async().await;
    let secret = result.unwrap().into_inner();
    assert_eq!(secret.id, 55210);
    assert_eq!(secret.detector.name, "github_personal_access_token");
    assert_eq!(secret.detector.family.as_deref(), Some("apikey"));
    assert_eq!(secret.matches.len(), 1);
    assert_eq!(
        secret.matches["apikey"].as_deref(),
        Some("ghp_EXAMPLEexampleEXAMPLEexample0000")
    );
}
