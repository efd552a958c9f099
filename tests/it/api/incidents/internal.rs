//! Internal Secret Incidents: listing, reading, updating and the state actions
//! (assign, resolve, ignore, reopen, share), plus the source and team incident lists.

use super::{at, no_content, nonzero, query, serve, uuid};
use gitguardian_openapi::types;
use httpmock::prelude::*;
use serde_json::json;

const INCIDENT: &str = "/v1/incidents/secrets/81234";

/// The three incidents of the list-incidents fixture, as the client decodes them.
async fn listed_incidents() -> Vec<types::IncidentWithoutOccurrences> {
    let server = MockServer::start_async().await;
    serve(&server, GET, "/v1/incidents/secrets", 200, "list-incidents").await;
    let resp = super::super::client(&server).list_incidents().send().await;
    let incidents = resp.unwrap().into_inner();
    assert_eq!(incidents.len(), 3);
    incidents
}

#[tokio::test]
async fn list_incidents_decodes_a_full_incident() {
    let incidents = listed_incidents().await;
    let first = &incidents[0];
    assert_eq!(first.id, 81234);
    assert_eq!(first.date, at("2024-03-11T09:21:07Z"));
    assert_eq!(first.detector.name, "github_personal_access_token");
    assert_eq!(first.detector.display_name, "GitHub Personal Access Token");
    assert_eq!(
        first.detector.category.as_deref(),
        Some("version_control_platform")
    );
    assert_eq!(
        first.detector.detector_group_name.as_deref(),
        Some("github_pat")
    );
    assert_eq!(first.secret_id, Some(55210));
    assert!(first.secret_hash.starts_with("kD8pQ2x0"));
    assert_eq!(
        first.gitguardian_url.as_deref(),
        Some("https://dashboard.gitguardian.com/workspace/4021/incidents/81234")
    );
    assert_eq!(first.status, types::IncidentStatus::Assigned);
    assert_eq!(first.assignee_id, Some(1187));
    assert_eq!(
        first.assignee_email.as_deref(),
        Some("dana.lee@example.com")
    );
    assert_eq!(first.occurrences_count, 3);
    let presence = first.secret_presence.as_ref().unwrap();
    assert_eq!(presence.files_requiring_code_fix, Some(2));
    assert_eq!(presence.removed_in_vcs, Some(1));
    assert_eq!(first.triggered_at, Some(at("2024-03-02T16:44:51Z")));
    assert!(first.ignored_at.is_none() && first.ignorer_id.is_none());
    assert!(first.resolved_at.is_none() && first.resolver_api_token_id.is_none());
    assert!(!first.secret_revoked && !first.regression);
    assert_eq!(first.severity, types::Severity::Critical);
    assert_eq!(first.validity, types::Validity::Valid);
    assert_eq!(first.share_url, None);
    assert_eq!(
        (first.risk_score, first.severity_rule_id),
        (Some(87), Some(12))
    );
    assert_eq!(first.is_vaulted, Some(false));
    let exposure = first.public_exposure.as_ref().unwrap();
    assert_eq!(exposure.leaked_outside_perimeter, Some(true));
    assert_eq!(exposure.source_publicly_visible, Some(false));
    assert_eq!(
        first.tags,
        [
            types::IncidentTag::DefaultBranch,
            types::IncidentTag::PubliclyLeaked
        ]
    );
    assert_eq!(
        first.custom_tags[0].id,
        uuid("7c1e5a2b-3d4f-4a6b-9c8d-0e1f2a3b4c5d")
    );
    assert_eq!(first.custom_tags[0].key, "team");
    assert_eq!(first.custom_tags[0].value.as_deref(), Some("payments"));
    let feedback = &first.feedback_list[0];
    assert_eq!(feedback.created_at, at("2024-03-05T10:02:33.481920Z"));
    assert_eq!(feedback.member_id, None);
    assert_eq!(feedback.email, "sam.ortiz@example.com");
    assert_eq!(feedback.answers.len(), 2);
    assert_eq!(feedback.answers[0].type_, "boolean");
    assert_eq!(feedback.answers[0].boolean, Some(true));
    assert_eq!(feedback.answers[1].field_ref, "secret_usage");
    assert_eq!(feedback.answers[1].text.as_deref(), Some("CI release job"));
    let ticket = &first.destination_tickets[0];
    assert_eq!(ticket.id.as_deref(), Some("SEC-412"));
    assert_eq!(ticket.type_.as_deref(), Some("jira_cloud"));
    assert!(first.occurrences.is_none());
}

#[tokio::test]
async fn list_incidents_decodes_nulls_empty_lists_and_unknown_values() {
    let incidents = listed_incidents().await;
    let second = &incidents[1];
    assert_eq!(second.id, 81240);
    assert_eq!(second.status, types::IncidentStatus::Triggered);
    assert_eq!(
        (second.assignee_id, second.assignee_email.as_deref()),
        (None, None)
    );
    assert_eq!(second.detector.category, None);
    assert_eq!(second.detector.nature.as_deref(), Some("generic"));
    assert_eq!(second.severity, types::Severity::High);
    assert_eq!(second.validity, types::Validity::NoChecker);
    assert_eq!(second.severity_rule_id, None);
    assert!(second.public_exposure.is_none());
    assert!(second.tags.is_empty() && second.custom_tags.is_empty());
    assert!(second.feedback_list.is_empty() && second.destination_tickets.is_empty());

    let third = &incidents[2];
    assert_eq!(third.id, 81251);
    assert_eq!(
        third.status,
        types::IncidentStatus::Unrecognized("ESCALATED".into())
    );
    assert_eq!(third.severity, types::Severity::Medium);
    assert_eq!(third.validity, types::Validity::Unknown);
    assert_eq!(
        third.tags,
        [
            types::IncidentTag::FromHistoricalScan,
            types::IncidentTag::TestFile
        ]
    );
}

#[tokio::test]
async fn list_incidents_sends_its_filters() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            let when = when.method(GET).path("/v1/incidents/secrets");
            query(
                when,
                &[
                    ("status", "TRIGGERED"),
                    ("severity", "critical"),
                    ("validity", "valid"),
                    ("tags", "DEFAULT_BRANCH,SENSITIVE_FILE"),
                    ("exclude_tags", "TEST_FILE"),
                    ("custom_tags", "7c1e5a2b-3d4f-4a6b-9c8d-0e1f2a3b4c5d"),
                    ("custom_tags", "0a9b8c7d-6e5f-4a3b-2c1d-0e9f8a7b6c5d"),
                    ("assignee_id", "1187"),
                    ("date_after", "2024-03-01T00:00:00Z"),
                    ("feedback", "false"),
                    ("ordering", "-date"),
                    ("per_page", "50"),
                    ("cursor", "cD0yMDI0"),
                ],
            );
            then.status(200).json_body(json!([]));
        })
        .await;

    let result = super::super::client(&server)
        .list_incidents()
        .status(types::IncidentStatus::Triggered)
        .severity(types::Severity::Critical)
        .validity(types::Validity::Valid)
        .tags(vec![
            types::IncidentTag::DefaultBranch,
            types::IncidentTag::SensitiveFile,
        ])
        .exclude_tags(vec![types::IncidentTag::TestFile])
        .custom_tags(vec![
            "7c1e5a2b-3d4f-4a6b-9c8d-0e1f2a3b4c5d".to_string(),
            "0a9b8c7d-6e5f-4a3b-2c1d-0e9f8a7b6c5d".to_string(),
        ])
        .assignee_id(1187)
        .date_after(at("2024-03-01T00:00:00Z"))
        .feedback(false)
        .ordering(types::ListIncidentsOrdering::DateDesc)
        .per_page(nonzero(50))
        .cursor("cD0yMDI0")
        .send()
        .await;
    mock.assert_async().await;
    assert!(result.unwrap().into_inner().is_empty());
}

#[tokio::test]
async fn retrieve_incident_decodes_its_occurrences() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            query(
                when.method(GET).path(INCIDENT),
                &[("with_occurrences", "2")],
            );
            then.status(200)
                .json_body(super::super::fixture("retrieve-incidents"));
        })
        .await;

    let result = super::super::client(&server)
        .retrieve_incidents()
        .incident_id(81234)
        .with_occurrences(2)
        .send()
        .await;
    mock.assert_async().await;
    let incident = result.unwrap().into_inner();
    assert_eq!(incident.id, 81234);
    assert_eq!(incident.status, types::IncidentStatus::Assigned);
    let occurrences = incident.occurrences.unwrap();
    assert_eq!(occurrences.len(), 2);

    let live = &occurrences[0];
    assert_eq!((live.id, live.incident_id), (340021, 81234));
    assert_eq!(live.kind, types::OccurrenceKind::Realtime);
    assert_eq!(live.author_name, "Dana Lee");
    assert_eq!(live.date, at("2024-03-02T16:40:12.771204Z"));
    assert_eq!(live.filepath.as_deref(), Some("deploy/release.sh"));
    assert_eq!(live.presence, types::OccurrencePresence::Present);
    assert_eq!(
        live.change_type,
        Some(types::OccurrenceChangeType::Addition)
    );
    assert_eq!(live.tags, [types::IncidentTag::DefaultBranch]);
    let hit = &live.matches[0];
    assert_eq!(
        (hit.name.as_str(), hit.indice_start, hit.indice_end),
        ("apikey", 118, 158)
    );
    assert_eq!((hit.pre_line_start, hit.post_line_start), (None, Some(7)));
    let source = live.source.as_ref().unwrap();
    assert_eq!(
        (source.id, source.full_name.as_str()),
        (9120, "acme/payments-api")
    );
    assert_eq!(source.type_, types::SourceType::Github);
    assert_eq!(source.health, types::SourceHealth::AtRisk);
    assert_eq!(source.visibility, types::SourceVisibility::Private);
    assert_eq!(source.source_criticality, types::SourceCriticality::High);
    assert_eq!(
        (source.open_incidents_count, source.closed_incidents_count),
        (5, 11)
    );
    let breakdown = source.secret_incidents_breakdown.as_ref().unwrap();
    let closed = breakdown.closed_secret_incidents.as_ref().unwrap();
    assert_eq!(closed.total, 11);
    assert_eq!(closed.severity_breakdown.as_ref().unwrap().medium, Some(4));
    let scan = source.last_scan.as_ref().unwrap();
    assert_eq!(scan.status, types::SourceScanStatus::Finished);
    assert_eq!(scan.date, at("2024-03-10T22:00:04.112233Z"));
    assert_eq!(
        (scan.failing_reason.as_deref(), scan.commits_scanned),
        (None, Some(18422))
    );
    assert_eq!(scan.duration.as_deref(), Some("4:12.018330"));
    assert!(source.monitored);
    assert_eq!(source.deleted, Some(false));

    let old = &occurrences[1];
    assert_eq!(old.id, 340058);
    assert_eq!(old.kind, types::OccurrenceKind::Historical);
    assert_eq!(old.presence, types::OccurrencePresence::Removed);
    assert_eq!(old.change_type, None);
    assert_eq!(
        old.sha.as_deref(),
        Some("1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b")
    );
}

#[tokio::test]
async fn update_secret_incident_patches_severity_and_tags() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PATCH).path(INCIDENT).json_body(json!({
                "severity": "high",
                "custom_tags": [{"key": "team", "value": "payments"}, {"key": "env"}]
            }));
            then.status(200)
                .json_body(super::super::fixture("update-secret-incident"));
        })
        .await;

    let result = super::super::client(&server)
        .update_secret_incident()
        .incident_id(81234)
        .body_map(|b| {
            b.severity(types::Severity::High).custom_tags(vec![
                types::IncidentCustomTagInput {
                    key: "team".into(),
                    value: Some("payments".into()),
                },
                types::IncidentCustomTagInput {
                    key: "env".into(),
                    value: None,
                },
            ])
        })
        .send()
        .await;
    mock.assert_async().await;
    let incident = result.unwrap().into_inner();
    assert_eq!(incident.severity, types::Severity::High);
    assert_eq!(incident.custom_tags.len(), 2);
    assert_eq!(incident.custom_tags[1].key, "env");
    assert_eq!(incident.custom_tags[1].value, None);
}

#[tokio::test]
async fn assign_incident_posts_the_member_and_notification_flag() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            let when = when
                .method(POST)
                .path(format!("{INCIDENT}/assign"))
                .json_body(json!({"email": "noor.haddad@example.com"}));
            query(when, &[("send_email", "false")]);
            then.status(200)
                .json_body(super::super::fixture("assign-incident"));
        })
        .await;

    let result = super::super::client(&server)
        .assign_incident()
        .incident_id(81234)
        .send_email(false)
        .body_map(|b| b.email("noor.haddad@example.com".to_string()))
        .send()
        .await;
    mock.assert_async().await;
    let incident = result.unwrap().into_inner();
    assert_eq!(incident.status, types::IncidentStatus::Assigned);
    assert_eq!(incident.assignee_id, Some(1203));
    assert_eq!(
        incident.assignee_email.as_deref(),
        Some("noor.haddad@example.com")
    );
}

#[tokio::test]
async fn unassign_and_reopen_return_a_triggered_incident() {
    let server = MockServer::start_async().await;
    let unassign = serve(
        &server,
        POST,
        &format!("{INCIDENT}/unassign"),
        200,
        "unassign-incident",
    )
    .await;
    let reopen = serve(
        &server,
        POST,
        &format!("{INCIDENT}/reopen"),
        200,
        "reopen-incident",
    )
    .await;
    let client = super::super::client(&server);

    let unassigned = client
        .unassign_incident()
        .incident_id(81234)
        .send()
        .await
        .unwrap();
    let reopened = client
        .reopen_incident()
        .incident_id(81234)
        .send()
        .await
        .unwrap();
    unassign.assert_async().await;
    reopen.assert_async().await;
    for incident in [unassigned.into_inner(), reopened.into_inner()] {
        assert_eq!(incident.id, 81234);
        assert_eq!(incident.status, types::IncidentStatus::Triggered);
        assert_eq!(
            (incident.assignee_id, incident.assignee_email),
            (None, None)
        );
        assert!(incident.resolved_at.is_none() && incident.ignored_at.is_none());
    }
}

#[tokio::test]
async fn resolve_incident_sends_revocation_and_decodes_the_resolver() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(format!("{INCIDENT}/resolve"))
                .json_body(json!({"secret_revoked": true}));
            then.status(200)
                .json_body(super::super::fixture("resolve-incident"));
        })
        .await;

    let result = super::super::client(&server)
        .resolve_incident()
        .incident_id(81234)
        .body_map(|b| b.secret_revoked(true))
        .send()
        .await;
    mock.assert_async().await;
    let incident = result.unwrap().into_inner();
    assert_eq!(incident.status, types::IncidentStatus::Resolved);
    assert_eq!(incident.resolved_at, Some(at("2024-03-14T11:05:19Z")));
    assert_eq!(incident.resolver_id, None);
    assert_eq!(
        incident.resolver_api_token_id,
        Some(uuid("b7e2c9d4-1f3a-4c5b-8d6e-2a9f0c1b3e4d"))
    );
    assert!(incident.secret_revoked);
}

#[tokio::test]
async fn ignore_incident_sends_the_reason_and_decodes_it_back() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(format!("{INCIDENT}/ignore"))
                .json_body(json!({"ignore_reason": "false_positive"}));
            then.status(200)
                .json_body(super::super::fixture("ignore-incident"));
        })
        .await;

    let result = super::super::client(&server)
        .ignore_incident()
        .incident_id(81234)
        .body_map(|b| b.ignore_reason(types::IncidentIgnoreReason::FalsePositive))
        .send()
        .await;
    mock.assert_async().await;
    let incident = result.unwrap().into_inner();
    assert_eq!(incident.status, types::IncidentStatus::Ignored);
    assert_eq!(
        incident.ignore_reason,
        Some(types::IncidentIgnoreReason::FalsePositive)
    );
    assert_eq!(incident.ignored_at, Some(at("2024-03-14T11:07:45Z")));
    assert_eq!(
        (incident.ignorer_id, incident.ignorer_api_token_id),
        (Some(1187), None)
    );
    assert_eq!(incident.assignee_id, None);
}

#[tokio::test]
async fn share_incident_sends_its_options_and_decodes_the_link() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(format!("{INCIDENT}/share"))
                .json_body(json!({
                    "auto_healing": true,
                    "feedback_collection": true,
                    "lifespan": 24
                }));
            then.status(200)
                .json_body(super::super::fixture("share-incident"));
        })
        .await;

    let result = super::super::client(&server)
        .share_incident()
        .incident_id(81234)
        .body_map(|b| b.auto_healing(true).lifespan(24u64))
        .send()
        .await;
    mock.assert_async().await;
    let share = result.unwrap().into_inner();
    assert_eq!(
        share.share_url,
        "https://dashboard.gitguardian.com/share/incidents/5e0c2b9a-7d41-4f3e-a86b-1c2d3e4f5a6b"
    );
    assert_eq!(share.incident_id, 81234);
    assert_eq!(
        (share.feedback_collection, share.auto_healing),
        (Some(true), Some(true))
    );
    assert_eq!(
        share.token.as_deref(),
        Some("5e0c2b9a-7d41-4f3e-a86b-1c2d3e4f5a6b")
    );
    assert_eq!(share.expire_at, Some(at("2024-03-15T11:00:00Z")));
    assert_eq!(share.revoked_at, None);
}

#[tokio::test]
async fn unshare_incident_succeeds_on_204() {
    let server = MockServer::start_async().await;
    let mock = no_content(&server, POST, &format!("{INCIDENT}/unshare"), &[], 204).await;

    let result = super::super::client(&server)
        .unshare_incident()
        .incident_id(81234)
        .send()
        .await;
    mock.assert_async().await;
    assert_eq!(result.unwrap().status(), 204);
}

#[tokio::test]
async fn list_sources_incidents_filters_and_decodes() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            let when = when.method(GET).path("/v1/sources/9120/incidents/secrets");
            query(
                when,
                &[
                    ("status", "RESOLVED"),
                    ("ordering", "-resolved_at"),
                    ("resolver_id", "2874"),
                    ("per_page", "2"),
                ],
            );
            then.status(200)
                .json_body(super::super::fixture("list-sources-incidents"));
        })
        .await;

    let result = super::super::client(&server)
        .list_sources_incidents()
        .source_id(9120)
        .status(types::IncidentStatus::Resolved)
        .ordering(types::ListSourcesIncidentsOrdering::ResolvedAtDesc)
        .resolver_id(2874)
        .per_page(nonzero(2))
        .send()
        .await;
    mock.assert_async().await;
    let incidents = result.unwrap().into_inner();
    assert_eq!(incidents.len(), 2);
    let open = &incidents[0];
    assert_eq!(open.id, 88213);
    assert_eq!(open.detector.category, None);
    assert_eq!(
        open.tags,
        [
            types::IncidentTag::DefaultBranch,
            types::IncidentTag::SensitiveFile
        ]
    );
    assert_eq!(open.gitguardian_url, None);
    assert_eq!(open.incident_name, None);
    assert!(open.destination_tickets.is_empty());
    let resolved = &incidents[1];
    assert_eq!(resolved.id, 88540);
    assert_eq!(resolved.status, types::IncidentStatus::Resolved);
    assert_eq!(resolved.resolver_id, Some(2874));
    assert_eq!(resolved.resolved_at, Some(at("2024-06-02T15:30:00Z")));
    assert_eq!(resolved.validity, types::Validity::Invalid);
    assert_eq!(resolved.feedback_list[0].member_id, Some(3310));
    assert_eq!(resolved.feedback_list[0].answers[0].boolean, Some(false));
    assert!(resolved.tags.is_empty());
}

#[tokio::test]
async fn list_team_incidents_filters_and_decodes() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            let when = when.method(GET).path("/v1/teams/77/incidents/secrets");
            query(
                when,
                &[
                    ("tags", "TEST_FILE"),
                    ("severity", "low"),
                    ("ignorer_id", "5133"),
                ],
            );
            then.status(200)
                .json_body(super::super::fixture("list-team-incidents"));
        })
        .await;

    let result = super::super::client(&server)
        .list_team_incidents()
        .team_id(77)
        .tags(vec![types::TeamIncidentTagFilter::TestFile])
        .severity(types::Severity::Low)
        .ignorer_id(5133)
        .send()
        .await;
    mock.assert_async().await;
    let incidents = result.unwrap().into_inner();
    assert_eq!(
        incidents.iter().map(|i| i.id).collect::<Vec<_>>(),
        [90411, 90437, 90452]
    );
    assert_eq!(incidents[0].custom_tags[0].key, "service");
    assert_eq!(incidents[0].ignore_reason, None);
    let ignored = &incidents[1];
    assert_eq!(ignored.status, types::IncidentStatus::Ignored);
    assert_eq!(
        ignored.ignore_reason,
        Some(types::IncidentIgnoreReason::TestCredential)
    );
    assert_eq!(ignored.ignored_at, Some(at("2024-04-02T16:03:10Z")));
    assert_eq!(ignored.feedback_list[0].email, "omar.haddad@example.com");
    assert_eq!(
        incidents[2].status,
        types::IncidentStatus::Unrecognized("ESCALATED".into())
    );
    assert_eq!(incidents[2].validity, types::Validity::FailedToCheck);
}
