//! `client.incidents()`: listing with filters, get, and the lifecycle actions.

use gitguardian_api_ext::{
    types,
    workflows::{Assignee, IncidentFilter, ShareOptions},
    Error,
};
use httpmock::prelude::*;
use serde_json::json;

use super::{answer, any_request, at, client, invalid_input, query, refused_stream};

#[tokio::test]
async fn list_maps_every_filter_onto_the_query_and_decodes_the_page() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            query(
                when.method(GET).path("/v1/incidents/secrets"),
                &[
                    ("status", "TRIGGERED"),
                    ("severity", "critical"),
                    ("validity", "valid"),
                    ("date_after", "2024-03-01T00:00:00Z"),
                    ("date_before", "2024-03-31T23:59:59Z"),
                    ("assignee_email", "dana.lee@example.com"),
                    ("tags", "DEFAULT_BRANCH,PUBLICLY_LEAKED"),
                    ("exclude_tags", "TEST_FILE,FALSE_POSITIVE"),
                    ("ordering", "-date"),
                    ("per_page", "100"),
                ],
            );
            answer(then, 200, "list-incidents");
        })
        .await;

    let filter = IncidentFilter::new()
        .status(types::IncidentStatus::Triggered)
        .severity(types::Severity::Critical)
        .validity(types::Validity::Valid)
        .date_after(at("2024-03-01T00:00:00Z"))
        .date_before(at("2024-03-31T23:59:59Z"))
        .assignee(Assignee::email(" dana.lee@example.com "))
        .tags([
            types::IncidentTag::DefaultBranch,
            types::IncidentTag::PubliclyLeaked,
        ])
        .exclude_tags([
            types::IncidentTag::TestFile,
            types::IncidentTag::FalsePositive,
        ])
        .ordering(types::ListIncidentsOrdering::DateDesc);
    let client = client(&server);
    let incidents = client.incidents().list(filter).collect_all().await.unwrap();

    assert_eq!(mock.calls_async().await, 1);
    let ids: Vec<i64> = incidents.iter().map(|i| i.id).collect();
    assert_eq!(ids, [81234, 81240, 81251]);
    assert_eq!(incidents[0].status, types::IncidentStatus::Assigned);
    assert_eq!(incidents[0].severity, types::Severity::Critical);
    assert_eq!(
        incidents[0].assignee_email.as_deref(),
        Some("dana.lee@example.com")
    );
    assert_eq!(incidents[1].validity, types::Validity::NoChecker);
    assert_eq!(
        incidents[2].status,
        types::IncidentStatus::Unrecognized("ESCALATED".into())
    );
}

#[tokio::test]
async fn list_without_filter_sends_only_the_page_size() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            query(
                when.method(GET).path("/v1/incidents/secrets"),
                &[("per_page", "100")],
            );
            answer(then, 200, "list-incidents");
        })
        .await;
    let client = client(&server);
    let incidents = client
        .incidents()
        .list(IncidentFilter::new())
        .collect_all()
        .await
        .unwrap();
    assert_eq!(incidents.len(), 3);
    assert_eq!(mock.calls_async().await, 1);
}

#[tokio::test]
async fn list_keeps_its_filters_on_the_next_page() {
    let server = MockServer::start_async().await;
    let next = format!(
        "<{}/v1/incidents/secrets?assignee_id=1187&cursor=c2Vjb25k&per_page=100>; rel=\"next\"",
        server.base_url()
    );
    let first = server
        .mock_async(|when, then| {
            query(
                when.method(GET).path("/v1/incidents/secrets"),
                &[("assignee_id", "1187"), ("per_page", "100")],
            );
            answer(then, 200, "list-incidents").header("link", next.as_str());
        })
        .await;
    let second = server
        .mock_async(|when, then| {
            query(
                when.method(GET).path("/v1/incidents/secrets"),
                &[
                    ("assignee_id", "1187"),
                    ("cursor", "c2Vjb25k"),
                    ("per_page", "100"),
                ],
            );
            then.status(200)
                .header("content-type", "application/json")
                .json_body(json!([super::fixture("list-incidents")[1]]));
        })
        .await;

    let client = client(&server);
    let filter = IncidentFilter::new().assignee(Assignee::member(1187));
    let incidents = client.incidents().list(filter).collect_all().await.unwrap();

    let ids: Vec<i64> = incidents.iter().map(|i| i.id).collect();
    assert_eq!(ids, [81234, 81240, 81251, 81240]);
    assert_eq!(first.calls_async().await, 1);
    assert_eq!(second.calls_async().await, 1);
}

#[tokio::test]
async fn list_refuses_an_unusable_filter_without_sending() {
    let server = MockServer::start_async().await;
    let mock = any_request(&server).await;
    let client = client(&server);
    let incidents = client.incidents();

    let message =
        refused_stream(incidents.list(IncidentFilter::new().assignee(Assignee::email("   "))))
            .await;
    assert!(message.contains("assignee email is empty"), "{message}");

    let message =
        refused_stream(incidents.list(IncidentFilter::new().assignee(Assignee::email("dana.lee"))))
            .await;
    assert!(message.contains("not an email address"), "{message}");

    let message = refused_stream(
        incidents.list(
            IncidentFilter::new()
                .date_after(at("2024-04-01T00:00:00Z"))
                .date_before(at("2024-03-01T00:00:00Z")),
        ),
    )
    .await;
    assert!(message.contains("date range"), "{message}");

    let message =
        refused_stream(incidents.list(IncidentFilter::new().assignee(Assignee::member(0)))).await;
    assert!(message.contains("positive id"), "{message}");

    let message = refused_stream(
        incidents
            .list(IncidentFilter::new().tags([types::IncidentTag::Unrecognized("A,B".into())])),
    )
    .await;
    assert!(message.contains("without commas"), "{message}");

    assert_eq!(mock.calls_async().await, 0);
}

#[tokio::test]
async fn get_asks_for_the_default_occurrences_and_decodes_them() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            query(when.method(GET).path("/v1/incidents/secrets/81234"), &[]);
            answer(then, 200, "retrieve-incidents");
        })
        .await;
    let client = client(&server);
    let incident = client.incidents().get(81234).await.unwrap();

    assert_eq!(mock.calls_async().await, 1);
    assert_eq!(incident.id, 81234);
    assert_eq!(incident.detector.name, "github_personal_access_token");
    let occurrences: Vec<(i64, Option<String>)> = incident
        .occurrences
        .unwrap()
        .into_iter()
        .map(|o| (o.id, o.filepath))
        .collect();
    assert_eq!(
        occurrences,
        [
            (340021, Some("deploy/release.sh".to_string())),
            (340058, Some("scripts/old_release.sh".to_string()))
        ]
    );
}

#[tokio::test]
async fn get_with_occurrences_sends_the_count_up_to_the_maximum() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            query(
                when.method(GET).path("/v1/incidents/secrets/81234"),
                &[("with_occurrences", "100")],
            );
            answer(then, 200, "retrieve-incidents");
        })
        .await;
    let client = client(&server);
    let incident = client
        .incidents()
        .get_with_occurrences(81234, 100)
        .await
        .unwrap();
    assert_eq!(incident.occurrences_count, 3);
    assert_eq!(mock.calls_async().await, 1);

    let message = invalid_input(client.incidents().get_with_occurrences(81234, 101).await);
    assert!(message.contains("at most 100 occurrences"), "{message}");
    assert_eq!(mock.calls_async().await, 1);
}

#[tokio::test]
async fn assign_by_email_posts_the_email_and_emails_the_assignee() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            query(
                when.method(POST)
                    .path("/v1/incidents/secrets/81234/assign")
                    .json_body(json!({"email": "noor.haddad@example.com"})),
                &[],
            );
            answer(then, 200, "assign-incident");
        })
        .await;
    let client = client(&server);
    let incident = client
        .incidents()
        .assign(81234, Assignee::email("noor.haddad@example.com"))
        .await
        .unwrap();
    assert_eq!(mock.calls_async().await, 1);
    assert_eq!(incident.assignee_id, Some(1203));
    assert_eq!(
        incident.assignee_email.as_deref(),
        Some("noor.haddad@example.com")
    );
    assert_eq!(incident.status, types::IncidentStatus::Assigned);
}

#[tokio::test]
async fn assign_without_email_posts_the_member_id_with_send_email_false() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            query(
                when.method(POST)
                    .path("/v1/incidents/secrets/81234/assign")
                    .json_body(json!({"member_id": 1203})),
                &[("send_email", "false")],
            );
            answer(then, 200, "assign-incident");
        })
        .await;
    let client = client(&server);
    let incident = client
        .incidents()
        .assign_without_email(81234, Assignee::member(1203))
        .await
        .unwrap();
    assert_eq!(mock.calls_async().await, 1);
    assert_eq!(incident.assignee_id, Some(1203));
}

#[tokio::test]
async fn unassign_posts_to_unassign() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/incidents/secrets/81234/unassign");
            answer(then, 200, "unassign-incident");
        })
        .await;
    let client = client(&server);
    let incident = client.incidents().unassign(81234).await.unwrap();
    assert_eq!(mock.calls_async().await, 1);
    assert_eq!(incident.status, types::IncidentStatus::Triggered);
    assert_eq!(incident.assignee_id, None);
}

#[tokio::test]
async fn resolve_posts_secret_revoked() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/incidents/secrets/81234/resolve")
                .json_body(json!({"secret_revoked": true}));
            answer(then, 200, "resolve-incident");
        })
        .await;
    let client = client(&server);
    let incident = client.incidents().resolve(81234, true).await.unwrap();
    assert_eq!(mock.calls_async().await, 1);
    assert_eq!(incident.status, types::IncidentStatus::Resolved);
    assert!(incident.secret_revoked);
    assert_eq!(incident.resolved_at, Some(at("2024-03-14T11:05:19Z")));
}

#[tokio::test]
async fn resolve_posts_secret_not_revoked() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/incidents/secrets/81234/resolve")
                .json_body(json!({"secret_revoked": false}));
            answer(then, 200, "resolve-incident");
        })
        .await;
    let client = client(&server);
    client.incidents().resolve(81234, false).await.unwrap();
    assert_eq!(mock.calls_async().await, 1);
}

#[tokio::test]
async fn ignore_posts_the_typed_reason() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/incidents/secrets/81234/ignore")
                .json_body(json!({"ignore_reason": "false_positive"}));
            answer(then, 200, "ignore-incident");
        })
        .await;
    let client = client(&server);
    let incident = client
        .incidents()
        .ignore(81234, types::IncidentIgnoreReason::FalsePositive)
        .await
        .unwrap();
    assert_eq!(mock.calls_async().await, 1);
    assert_eq!(incident.status, types::IncidentStatus::Ignored);
    assert_eq!(
        incident.ignore_reason,
        Some(types::IncidentIgnoreReason::FalsePositive)
    );
}

#[tokio::test]
async fn reopen_posts_to_reopen() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path("/v1/incidents/secrets/81234/reopen");
            answer(then, 200, "reopen-incident");
        })
        .await;
    let client = client(&server);
    let incident = client.incidents().reopen(81234).await.unwrap();
    assert_eq!(mock.calls_async().await, 1);
    assert_eq!(incident.status, types::IncidentStatus::Triggered);
}

#[tokio::test]
async fn share_posts_the_options_and_decodes_the_link() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/incidents/secrets/81234/share")
                .json_body(json!({
                    "lifespan": 24,
                    "auto_healing": true,
                    "feedback_collection": true
                }));
            answer(then, 200, "share-incident");
        })
        .await;
    let client = client(&server);
    let share = client
        .incidents()
        .share(
            81234,
            ShareOptions::new().lifespan_hours(24).auto_healing(true),
        )
        .await
        .unwrap();
    assert_eq!(mock.calls_async().await, 1);
    assert_eq!(
        share.share_url,
        "https://dashboard.gitguardian.com/share/incidents/5e0c2b9a-7d41-4f3e-a86b-1c2d3e4f5a6b"
    );
    assert_eq!(share.incident_id, 81234);
    assert_eq!(share.auto_healing, Some(true));
    assert_eq!(share.expire_at, Some(at("2024-03-15T11:00:00Z")));
}

#[tokio::test]
async fn share_fills_unset_options_with_the_spec_defaults() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/incidents/secrets/81234/share")
                .json_body(json!({
                    "lifespan": 0,
                    "auto_healing": false,
                    "feedback_collection": false
                }));
            answer(then, 200, "share-incident");
        })
        .await;
    let client = client(&server);
    client
        .incidents()
        .share(81234, ShareOptions::new().feedback_collection(false))
        .await
        .unwrap();
    assert_eq!(mock.calls_async().await, 1);
}

#[tokio::test]
async fn share_of_a_shared_incident_is_a_conflict() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(POST).path("/v1/incidents/secrets/81234/share");
            then.status(409)
                .header("content-type", "application/json")
                .json_body(json!({"detail": "Incident already shared."}));
        })
        .await;
    let client = client(&server);
    let err = client
        .incidents()
        .share(81234, ShareOptions::new())
        .await
        .unwrap_err();
    match err {
        Error::Conflict { detail, response } => {
            assert_eq!(detail, "Incident already shared.");
            assert_eq!(response.operation, "share_incident");
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
}

#[tokio::test]
async fn unshare_accepts_204() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/incidents/secrets/81234/unshare");
            then.status(204);
        })
        .await;
    let client = client(&server);
    client.incidents().unshare(81234).await.unwrap();
    assert_eq!(mock.calls_async().await, 1);
}

#[tokio::test]
async fn actions_refuse_bad_arguments_without_sending() {
    let server = MockServer::start_async().await;
    let mock = any_request(&server).await;
    let client = client(&server);
    let incidents = client.incidents();

    for message in [
        invalid_input(incidents.get(0).await),
        invalid_input(incidents.get_with_occurrences(-1, 5).await),
        invalid_input(incidents.unassign(0).await),
        invalid_input(incidents.resolve(-81234, true).await),
        invalid_input(incidents.reopen(0).await),
        invalid_input(incidents.share(0, ShareOptions::new()).await),
        invalid_input(incidents.unshare(0).await),
        invalid_input(
            incidents
                .ignore(0, types::IncidentIgnoreReason::LowRisk)
                .await,
        ),
    ] {
        assert!(
            message.contains("incident id must be a positive id"),
            "{message}"
        );
    }

    let message = invalid_input(incidents.assign(81234, Assignee::email("")).await);
    assert!(message.contains("assignee email is empty"), "{message}");
    let message = invalid_input(incidents.assign(81234, Assignee::email("a@b@c")).await);
    assert!(message.contains("not an email address"), "{message}");
    let message = invalid_input(incidents.assign(81234, Assignee::member(-3)).await);
    assert!(message.contains("assignee member id"), "{message}");
    let message = invalid_input(
        incidents
            .ignore(
                81234,
                types::IncidentIgnoreReason::Unrecognized(String::new()),
            )
            .await,
    );
    assert!(message.contains("ignore reason is empty"), "{message}");

    assert_eq!(mock.calls_async().await, 0);
}
