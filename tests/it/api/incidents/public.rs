//! Public Secret Incidents: secrets of the perimeter found on public GitHub, their listing,
//! state actions, severity, custom tags, sharing and vaults.

use super::{at, no_content, nonzero, query, serve, uuid};
use gitguardian_openapi::types;
use httpmock::prelude::*;
use serde_json::json;

const INCIDENT: &str = "/v1/public-incidents/secrets/90412";

#[tokio::test]
async fn list_public_incidents_sends_its_filters() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            let when = when.method(GET).path("/v1/public-incidents/secrets");
            // One value per list filter: how several are sent is reported as a spec question.
            query(
                when,
                &[
                    ("status", "IGNORED"),
                    ("validity", "invalid"),
                    ("declarative_secret_status", "test_credential"),
                    ("tags", "TEST_FILE"),
                    ("custom_tags", "3b8e6c1a-7d24-4f0e-9a51-2c6b8d9e0f13"),
                    (
                        "ignorer_api_token_id",
                        "6a2f9c0e-31b4-4d8a-b7e5-90c1d2e3f4a5",
                    ),
                    ("feedback", "true"),
                    ("ordering", "-ignored_at"),
                    ("per_page", "25"),
                ],
            );
            then.status(200).json_body(json!([]));
        })
        .await;

    let result = super::super::client(&server)
        .list_public_incidents()
        .status(types::PublicIncidentStatus::Ignored)
        .validity(types::PublicIncidentValidity::Invalid)
        .declarative_secret_status(
            types::ListPublicIncidentsDeclarativeSecretStatus::TestCredential,
        )
        .tags(vec![types::PublicIncidentTag::TestFile])
        .custom_tags(vec!["3b8e6c1a-7d24-4f0e-9a51-2c6b8d9e0f13".to_string()])
        .ignorer_api_token_id(uuid("6a2f9c0e-31b4-4d8a-b7e5-90c1d2e3f4a5"))
        .feedback(true)
        .ordering(types::ListPublicIncidentsOrdering::IgnoredAtDesc)
        .per_page(nonzero(25))
        .send()
        .await;
    mock.assert_async().await;
    assert!(result.unwrap().into_inner().is_empty());
}

#[tokio::test]
async fn list_public_incidents_decodes_fixture() {
    let server = MockServer::start_async().await;
    serve(
        &server,
        GET,
        "/v1/public-incidents/secrets",
        200,
        "list-public-incidents",
    )
    .await;

    let resp = super::super::client(&server)
        .list_public_incidents()
        .send()
        .await
        .unwrap();
    let incidents = resp.into_inner();
    assert_eq!(incidents.len(), 3);

    let assigned = &incidents[0];
    assert_eq!(assigned.id, 90412);
    assert_eq!(assigned.detector.name, "aws_iam");
    assert_eq!(assigned.detector.display_name.as_deref(), Some("AWS Keys"));
    assert_eq!(
        assigned.detector.category.as_deref(),
        Some("Cloud Provider")
    );
    assert_eq!(assigned.date, at("2024-02-10T17:44:09Z"));
    assert_eq!(assigned.secret_id, Some(55120));
    assert_eq!(assigned.occurrences_count, 2);
    assert_eq!(assigned.status, types::PublicIncidentStatus::Assigned);
    assert_eq!(assigned.triggered_at, Some(at("2024-02-10T17:49:31Z")));
    assert_eq!(
        (assigned.ignore_reason.as_deref(), assigned.ignored_at),
        (None, None)
    );
    assert_eq!(assigned.secret_revoked, Some(false));
    assert_eq!(assigned.validity, types::PublicIncidentValidity::Valid);
    assert_eq!(assigned.severity, types::PublicIncidentSeverity::Critical);
    assert_eq!(assigned.assignee_id, Some(7711));
    assert_eq!(assigned.declarative_secret_status, None);
    assert_eq!(assigned.resolve_reason, None);
    assert_eq!(
        assigned.tags,
        [
            types::PublicIncidentTag::FromSecretGrasper,
            types::PublicIncidentTag::Prod
        ]
    );
    assert!(assigned.custom_tags.is_empty() && assigned.feedback_list.is_empty());
    assert_eq!(assigned.is_vaulted, Some(false));

    let ignored = &incidents[1];
    assert_eq!(ignored.id, 90377);
    assert_eq!(ignored.detector.category, None);
    assert_eq!(ignored.status, types::PublicIncidentStatus::Ignored);
    assert_eq!(
        ignored.ignore_reason.as_deref(),
        Some("low_risk,ignore_actor")
    );
    assert_eq!(ignored.ignored_at, Some(at("2024-01-30T16:20:00Z")));
    assert_eq!(ignored.ignorer_id, Some(7711));
    assert_eq!(ignored.severity, types::PublicIncidentSeverity::Low);
    assert_eq!(
        ignored.declarative_secret_status,
        Some(types::PublicIncidentDeclarativeSecretStatus::TestCredential)
    );
    let feedback = &ignored.feedback_list[0];
    assert_eq!(feedback.created_at, Some(at("2024-01-29T10:03:11.402871Z")));
    assert_eq!(feedback.email.as_deref(), Some("sam.ortiz@example.com"));
    assert_eq!(feedback.answers[0].boolean, Some(false));
    assert_eq!(
        feedback.answers[0].field_ref.as_deref(),
        Some("actual_secret_yes_no")
    );
    assert_eq!(ignored.custom_tags[0].value.as_deref(), Some("platform"));
    // Fields the server left out decode as None, like nulls.
    assert_eq!(
        (
            ignored.gitguardian_url.as_deref(),
            ignored.share_url.as_deref()
        ),
        (None, None)
    );
    assert_eq!(ignored.is_vaulted, None);

    let escalated = &incidents[2];
    assert_eq!(escalated.id, 90501);
    assert_eq!(
        escalated.status,
        types::PublicIncidentStatus::Unrecognized("ESCALATED".into())
    );
    assert_eq!(escalated.validity, types::PublicIncidentValidity::NoChecker);
    assert_eq!(
        escalated.declarative_secret_status,
        Some(types::PublicIncidentDeclarativeSecretStatus::Unrecognized(
            "rotating".into()
        ))
    );
    assert_eq!(
        escalated.tags,
        [
            types::PublicIncidentTag::CompanyDomain,
            types::PublicIncidentTag::Unrecognized("FROM_DARK_WEB".into())
        ]
    );
}

#[tokio::test]
async fn retrieve_public_incident_decodes_fixture() {
    let server = MockServer::start_async().await;
    let mock = serve(&server, GET, INCIDENT, 200, "retrieve-public-incidents").await;

    let result = super::super::client(&server)
        .retrieve_public_incidents()
        .incident_id(90412)
        .send()
        .await;
    mock.assert_async().await;
    let incident = result.unwrap().into_inner();
    assert_eq!(incident.id, 90412);
    assert_eq!(
        incident.detector.detector_group_name.as_deref(),
        Some("aws_iam")
    );
    assert_eq!(
        incident.secret_hash.as_deref(),
        Some("k2Jt8dQvVn0cXbW1aPz7yR4mL9sF3hE6uG5iO2pA8qS1wD4eZ7xC0vB3nM6jK9lH")
    );
    assert_eq!(
        incident.hmsl_hash.as_deref(),
        Some("9f1c2e7a55b04d3c8e6f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f")
    );
    assert_eq!(
        incident.assignee_email.as_deref(),
        Some("dana.lee@example.com")
    );
    assert_eq!(
        incident.gitguardian_url.as_deref(),
        Some("https://dashboard.gitguardian.com/workspace/311/public-incidents/secrets/90412")
    );
    assert_eq!(incident.resolver_api_token_id, None);
}

#[tokio::test]
async fn resolve_public_incident_sends_the_reason() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(format!("{INCIDENT}/resolve"))
                .json_body(json!({"resolve_reason": "revoked"}));
            then.status(200)
                .json_body(super::super::fixture("resolve-public-incidents"));
        })
        .await;

    let result = super::super::client(&server)
        .resolve_public_incidents()
        .incident_id(90412)
        .body_map(|b| b.resolve_reason("revoked"))
        .send()
        .await;
    mock.assert_async().await;
    let incident = result.unwrap().into_inner();
    assert_eq!(incident.status, types::PublicIncidentStatus::Resolved);
    assert_eq!(incident.resolve_reason.as_deref(), Some("revoked"));
    assert_eq!(incident.resolved_at, Some(at("2024-02-12T11:30:05Z")));
    assert_eq!(
        incident.resolver_api_token_id,
        Some(uuid("6a2f9c0e-31b4-4d8a-b7e5-90c1d2e3f4a5"))
    );
    assert_eq!(incident.resolver_id, None);
    assert_eq!(incident.secret_revoked, Some(true));
    assert_eq!(incident.validity, types::PublicIncidentValidity::Invalid);
}

#[tokio::test]
async fn ignore_public_incident_sends_comma_joined_reasons() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(format!("{INCIDENT}/ignore"))
                .json_body(json!({"ignore_reason": "test_credential,ignore_actor"}));
            then.status(200)
                .json_body(super::super::fixture("ignore-public-incidents"));
        })
        .await;

    let result = super::super::client(&server)
        .ignore_public_incidents()
        .incident_id(90412)
        .body_map(|b| b.ignore_reason("test_credential,ignore_actor"))
        .send()
        .await;
    mock.assert_async().await;
    let incident = result.unwrap().into_inner();
    assert_eq!(incident.status, types::PublicIncidentStatus::Ignored);
    assert_eq!(incident.ignore_reason.as_deref(), Some("test_credential"));
    assert_eq!(incident.ignored_at, Some(at("2024-02-12T11:31:44Z")));
    assert_eq!(
        incident.ignorer_api_token_id,
        Some(uuid("6a2f9c0e-31b4-4d8a-b7e5-90c1d2e3f4a5"))
    );
}

#[tokio::test]
async fn assign_public_incident_sends_member_and_flag() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            let when = when
                .method(POST)
                .path("/v1/public-incidents/secrets/90377/assign")
                .json_body(json!({"member_id": 8024}));
            query(when, &[("send_email", "true")]);
            then.status(200)
                .json_body(super::super::fixture("assign-public-incidents"));
        })
        .await;

    let result = super::super::client(&server)
        .assign_public_incidents()
        .incident_id(90377)
        .send_email(true)
        .body_map(|b| b.member_id(8024))
        .send()
        .await;
    mock.assert_async().await;
    let incident = result.unwrap().into_inner();
    assert_eq!(incident.id, 90377);
    assert_eq!(incident.status, types::PublicIncidentStatus::Assigned);
    assert_eq!(incident.assignee_id, Some(8024));
    assert_eq!(
        incident.assignee_email.as_deref(),
        Some("ravi.patel@example.com")
    );
}

#[tokio::test]
async fn reopen_and_unassign_public_incidents_return_triggered() {
    let server = MockServer::start_async().await;
    let reopen = serve(
        &server,
        POST,
        "/v1/public-incidents/secrets/90377/reopen",
        200,
        "reopen-public-incidents",
    )
    .await;
    let unassign = serve(
        &server,
        POST,
        &format!("{INCIDENT}/unassign"),
        200,
        "unassign-public-incidents",
    )
    .await;
    let client = super::super::client(&server);

    let reopened = client
        .reopen_public_incidents()
        .incident_id(90377)
        .send()
        .await;
    let unassigned = client
        .unassign_public_incidents()
        .incident_id(90412)
        .send()
        .await;
    reopen.assert_async().await;
    unassign.assert_async().await;

    let reopened = reopened.unwrap().into_inner();
    assert_eq!(reopened.id, 90377);
    assert_eq!(reopened.status, types::PublicIncidentStatus::Triggered);
    assert_eq!((reopened.ignored_at, reopened.ignore_reason), (None, None));
    assert_eq!(
        reopened.declarative_secret_status,
        Some(types::PublicIncidentDeclarativeSecretStatus::TestCredential)
    );
    let unassigned = unassigned.unwrap().into_inner();
    assert_eq!(unassigned.id, 90412);
    assert_eq!(unassigned.status, types::PublicIncidentStatus::Triggered);
    assert_eq!(
        (unassigned.assignee_id, unassigned.assignee_email),
        (None, None)
    );
}

#[tokio::test]
async fn share_public_incident_sends_options_and_unshare_succeeds_on_204() {
    let server = MockServer::start_async().await;
    let share = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(format!("{INCIDENT}/share"))
                .json_body(json!({
                    "auto_healing": false,
                    "feedback_collection": true,
                    "lifespan": 72.0
                }));
            then.status(200)
                .json_body(super::super::fixture("share-public-incidents"));
        })
        .await;
    let unshare = no_content(&server, POST, &format!("{INCIDENT}/unshare"), &[], 204).await;
    let client = super::super::client(&server);

    let shared = client
        .share_public_incidents()
        .incident_id(90412)
        .body_map(|b| b.feedback_collection(true).lifespan(72.0))
        .send()
        .await;
    share.assert_async().await;
    let shared = shared.unwrap().into_inner();
    assert_eq!(
        shared.share_url,
        "https://dashboard.gitguardian.com/share/incidents/0f3c9b2e-8a71-4d65-b4e2-7c1d9a0e5f38"
    );
    assert_eq!(shared.incident_id, Some(90412));
    assert_eq!(
        (shared.feedback_collection, shared.auto_healing),
        (Some(true), Some(false))
    );
    assert_eq!(shared.expire_at, Some(at("2024-02-13T11:00:00Z")));
    assert_eq!(shared.revoked_at, None);

    let unshared = client
        .unshare_public_incidents()
        .incident_id(90412)
        .send()
        .await;
    unshare.assert_async().await;
    assert_eq!(unshared.unwrap().status(), 204);
}

#[tokio::test]
async fn set_severity_sends_the_level() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(format!("{INCIDENT}/set_severity"))
                .json_body(json!({"severity": "high"}));
            then.status(200)
                .json_body(super::super::fixture("set-severity-public-incidents"));
        })
        .await;

    let result = super::super::client(&server)
        .set_severity_public_incidents()
        .incident_id(90412)
        .body_map(|b| b.severity(types::PublicIncidentSettableSeverity::High))
        .send()
        .await;
    mock.assert_async().await;
    let incident = result.unwrap().into_inner();
    assert_eq!(incident.severity, types::PublicIncidentSeverity::High);
}

#[tokio::test]
async fn set_custom_tags_sends_keys_and_optional_values() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(format!("{INCIDENT}/set_custom_tags"))
                .json_body(json!({
                    "custom_tags": [{"key": "env", "value": "staging"}, {"key": "pci"}]
                }));
            then.status(200)
                .json_body(super::super::fixture("set-custom-tags-public-incidents"));
        })
        .await;

    let result = super::super::client(&server)
        .set_custom_tags_public_incidents()
        .incident_id(90412)
        .body_map(|b| {
            b.custom_tags(vec![
                types::PublicIncidentCustomTagInput {
                    key: "env".into(),
                    value: Some("staging".into()),
                },
                types::PublicIncidentCustomTagInput {
                    key: "pci".into(),
                    value: None,
                },
            ])
        })
        .send()
        .await;
    mock.assert_async().await;
    let tags = result.unwrap().into_inner().custom_tags;
    assert_eq!(tags.len(), 2);
    assert_eq!(tags[0].id, uuid("c0ffee00-1234-4abc-9def-0123456789ab"));
    assert_eq!(
        (tags[0].key.as_str(), tags[0].value.as_deref()),
        ("env", Some("staging"))
    );
    assert_eq!(
        (tags[1].key.as_str(), tags[1].value.as_deref()),
        ("pci", None)
    );
}

#[tokio::test]
async fn public_incident_vaults_decode() {
    let server = MockServer::start_async().await;
    let mock = serve(
        &server,
        GET,
        &format!("{INCIDENT}/vaults"),
        200,
        "get-public-secret-incident-vaults",
    )
    .await;

    let result = super::super::client(&server)
        .get_public_secret_incident_vaults()
        .incident_id(90412)
        .send()
        .await;
    mock.assert_async().await;
    let vaults = result.unwrap().into_inner();
    assert_eq!(vaults.len(), 2);
    assert_eq!(vaults[0].vault_type.as_deref(), Some("hashicorp_vault"));
    assert_eq!(vaults[0].path.as_deref(), Some("secret/data/payments/aws"));
    assert_eq!(vaults[1].vault_name.as_deref(), Some("acme-prod-eu"));
}
