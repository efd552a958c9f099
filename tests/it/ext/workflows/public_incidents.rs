//! `client.public_incidents()`: listing with filters, get, and the actions the public API
//! offers.

use gitguardian_api_ext::{
    types,
    workflows::{
        Assignee, PublicIgnoreReason, PublicIncidentFilter, PublicResolveReason, ShareOptions,
    },
};
use httpmock::prelude::*;
use serde_json::json;

use super::{answer, any_request, at, client, invalid_input, query, refused_stream};

#[tokio::test]
async fn list_maps_the_filter_onto_the_query_and_decodes() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            query(
                when.method(GET).path("/v1/public-incidents/secrets"),
                &[
                    ("status", "ASSIGNED"),
                    ("severity", "critical"),
                    ("validity", "valid"),
                    ("date_after", "2024-02-01T00:00:00Z"),
                    ("date_before", "2024-02-29T00:00:00Z"),
                    ("assignee_id", "7711"),
                    ("tags", "COMPANY_DOMAIN,PROD"),
                    ("ordering", "-risk_score"),
                    ("per_page", "100"),
                ],
            );
            answer(then, 200, "list-public-incidents");
        })
        .await;
    let filter = PublicIncidentFilter::new()
        .status(types::PublicIncidentStatus::Assigned)
        .severity(types::PublicIncidentSeverity::Critical)
        .validity(types::PublicIncidentValidity::Valid)
        .date_after(at("2024-02-01T00:00:00Z"))
        .date_before(at("2024-02-29T00:00:00Z"))
        .assignee(Assignee::member(7711))
        .tags([
            types::PublicIncidentTag::CompanyDomain,
            types::PublicIncidentTag::Prod,
        ])
        .ordering(types::ListPublicIncidentsOrdering::RiskScoreDesc);
    let client = client(&server);
    let incidents = client
        .public_incidents()
        .list(filter)
        .collect_all()
        .await
        .unwrap();

    assert_eq!(mock.calls_async().await, 1);
    let ids: Vec<i64> = incidents.iter().map(|i| i.id).collect();
    assert_eq!(ids, [90412, 90377, 90501]);
    assert_eq!(incidents[0].status, types::PublicIncidentStatus::Assigned);
    assert_eq!(incidents[1].severity, types::PublicIncidentSeverity::Low);
    assert_eq!(
        incidents[2].status,
        types::PublicIncidentStatus::Unrecognized("ESCALATED".into())
    );
}

#[tokio::test]
async fn list_by_assignee_email_and_refusals() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            query(
                when.method(GET).path("/v1/public-incidents/secrets"),
                &[
                    ("assignee_email", "dana.lee@example.com"),
                    ("per_page", "100"),
                ],
            );
            answer(then, 200, "list-public-incidents");
        })
        .await;
    let client = client(&server);
    let public = client.public_incidents();
    let incidents = public
        .list(PublicIncidentFilter::new().assignee(Assignee::email("dana.lee@example.com")))
        .collect_all()
        .await
        .unwrap();
    assert_eq!(incidents.len(), 3);

    let message =
        refused_stream(public.list(PublicIncidentFilter::new().assignee(Assignee::email(""))))
            .await;
    assert!(message.contains("assignee email is empty"), "{message}");
    assert_eq!(mock.calls_async().await, 1);
}

#[tokio::test]
async fn get_decodes_the_public_incident() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/public-incidents/secrets/90412");
            answer(then, 200, "retrieve-public-incidents");
        })
        .await;
    let client = client(&server);
    let incident = client.public_incidents().get(90412).await.unwrap();
    assert_eq!(mock.calls_async().await, 1);
    assert_eq!(incident.id, 90412);
    assert_eq!(incident.assignee_id, Some(7711));
}

#[tokio::test]
async fn assign_posts_the_email_or_the_member_id() {
    let server = MockServer::start_async().await;
    let by_email = server
        .mock_async(|when, then| {
            query(
                when.method(POST)
                    .path("/v1/public-incidents/secrets/90377/assign")
                    .json_body(json!({"email": "ravi.patel@example.com"})),
                &[],
            );
            answer(then, 200, "assign-public-incidents");
        })
        .await;
    let by_id = server
        .mock_async(|when, then| {
            query(
                when.method(POST)
                    .path("/v1/public-incidents/secrets/90377/assign")
                    .json_body(json!({"member_id": 8024})),
                &[("send_email", "false")],
            );
            answer(then, 200, "assign-public-incidents");
        })
        .await;
    let client = client(&server);
    let public = client.public_incidents();

    let incident = public
        .assign(90377, Assignee::email("ravi.patel@example.com"))
        .await
        .unwrap();
    assert_eq!(incident.assignee_id, Some(8024));
    assert_eq!(incident.status, types::PublicIncidentStatus::Assigned);
    let incident = public
        .assign_without_email(90377, Assignee::member(8024))
        .await
        .unwrap();
    assert_eq!(
        incident.assignee_email.as_deref(),
        Some("ravi.patel@example.com")
    );
    assert_eq!(by_email.calls_async().await, 1);
    assert_eq!(by_id.calls_async().await, 1);
}

#[tokio::test]
async fn unassign_and_reopen_post_to_their_paths() {
    let server = MockServer::start_async().await;
    let unassign = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/public-incidents/secrets/90412/unassign");
            answer(then, 200, "unassign-public-incidents");
        })
        .await;
    let reopen = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/public-incidents/secrets/90377/reopen");
            answer(then, 200, "reopen-public-incidents");
        })
        .await;
    let client = client(&server);
    let public = client.public_incidents();

    let incident = public.unassign(90412).await.unwrap();
    assert_eq!(incident.assignee_id, None);
    assert_eq!(incident.status, types::PublicIncidentStatus::Triggered);
    let incident = public.reopen(90377).await.unwrap();
    assert_eq!(incident.id, 90377);
    assert_eq!(incident.status, types::PublicIncidentStatus::Triggered);
    assert_eq!(unassign.calls_async().await, 1);
    assert_eq!(reopen.calls_async().await, 1);
}

#[tokio::test]
async fn resolve_posts_the_reasons_comma_separated_once_each() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/public-incidents/secrets/90412/resolve")
                .json_body(json!({"resolve_reason": "revoked,source_deleted"}));
            answer(then, 200, "resolve-public-incidents");
        })
        .await;
    let client = client(&server);
    let incident = client
        .public_incidents()
        .resolve(
            90412,
            [
                PublicResolveReason::Revoked,
                PublicResolveReason::SourceDeleted,
                PublicResolveReason::Revoked,
            ],
        )
        .await
        .unwrap();
    assert_eq!(mock.calls_async().await, 1);
    assert_eq!(incident.status, types::PublicIncidentStatus::Resolved);
    assert_eq!(incident.resolve_reason.as_deref(), Some("revoked"));
    assert_eq!(incident.resolved_at, Some(at("2024-02-12T11:30:05Z")));
}

#[tokio::test]
async fn ignore_posts_the_reasons() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/public-incidents/secrets/90412/ignore")
                .json_body(json!({"ignore_reason": "test_credential,ignore_actor"}));
            answer(then, 200, "ignore-public-incidents");
        })
        .await;
    let client = client(&server);
    let incident = client
        .public_incidents()
        .ignore(
            90412,
            [
                PublicIgnoreReason::TestCredential,
                PublicIgnoreReason::IgnoreActor,
            ],
        )
        .await
        .unwrap();
    assert_eq!(mock.calls_async().await, 1);
    assert_eq!(incident.status, types::PublicIncidentStatus::Ignored);
    assert_eq!(incident.ignore_reason.as_deref(), Some("test_credential"));
}

#[tokio::test]
async fn share_posts_the_options_and_unshare_accepts_204() {
    let server = MockServer::start_async().await;
    let share = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/public-incidents/secrets/90412/share")
                .json_body(json!({
                    "lifespan": 72.0,
                    "auto_healing": false,
                    "feedback_collection": true
                }));
            answer(then, 200, "share-public-incidents");
        })
        .await;
    let unshare = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/public-incidents/secrets/90412/unshare");
            then.status(204);
        })
        .await;
    let client = client(&server);
    let public = client.public_incidents();

    let link = public
        .share(
            90412,
            ShareOptions::new()
                .lifespan_hours(72)
                .feedback_collection(true),
        )
        .await
        .unwrap();
    assert_eq!(
        link.share_url,
        "https://dashboard.gitguardian.com/share/incidents/0f3c9b2e-8a71-4d65-b4e2-7c1d9a0e5f38"
    );
    assert_eq!(link.feedback_collection, Some(true));
    assert_eq!(link.expire_at, Some(at("2024-02-13T11:00:00Z")));
    public.unshare(90412).await.unwrap();
    assert_eq!(share.calls_async().await, 1);
    assert_eq!(unshare.calls_async().await, 1);
}

#[tokio::test]
async fn actions_refuse_bad_arguments_without_sending() {
    let server = MockServer::start_async().await;
    let mock = any_request(&server).await;
    let client = client(&server);
    let public = client.public_incidents();

    for message in [
        invalid_input(public.get(0).await),
        invalid_input(public.assign(-1, Assignee::member(8024)).await),
        invalid_input(public.unassign(0).await),
        invalid_input(public.resolve(0, [PublicResolveReason::Revoked]).await),
        invalid_input(public.ignore(0, [PublicIgnoreReason::LowRisk]).await),
        invalid_input(public.reopen(0).await),
        invalid_input(public.share(0, ShareOptions::new()).await),
        invalid_input(public.unshare(0).await),
    ] {
        assert!(
            message.contains("incident id must be a positive id"),
            "{message}"
        );
    }
    let message = invalid_input(public.resolve(90412, []).await);
    assert!(message.contains("no resolve reason"), "{message}");
    let message = invalid_input(public.ignore(90412, Vec::new()).await);
    assert!(message.contains("no ignore reason"), "{message}");
    let message = invalid_input(public.assign(90412, Assignee::email("ravi")).await);
    assert!(message.contains("not an email address"), "{message}");

    assert_eq!(mock.calls_async().await, 0);
}
