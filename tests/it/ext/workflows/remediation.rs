//! The end of remediation: an incident's timeline (internal and public), the workspace's
//! remediation workflow, and revoking a secret at its provider.

use gitguardian_api_ext::{types, workflows::ActivityLogFilter, Error};
use httpmock::prelude::*;
use serde_json::json;

use super::super::support::KEY;
use super::{answer, any_request, at, client, invalid_input, query, refused_stream};

/// Answers `status` with the API's error body carrying `detail`.
fn refusal(then: httpmock::Then, status: u16, detail: &str) -> httpmock::Then {
    then.status(status)
        .header("content-type", "application/json")
        .json_body(json!({ "detail": detail }))
}

#[tokio::test]
async fn incident_activity_logs_streams_every_page_with_the_filter() {
    let server = MockServer::start_async().await;
    // The first page links to the second by its cursor; the filter stays on both requests.
    let next = format!(
        "<{}/v1/incidents/secrets/81234/activity-logs?cursor=cD0y&per_page=100>; rel=\"next\"",
        server.base_url()
    );
    let second = server
        .mock_async(|when, then| {
            query(
                when.method(GET)
                    .path("/v1/incidents/secrets/81234/activity-logs"),
                &[
                    ("content_key", "ASSIGN"),
                    ("member_id", "3252"),
                    ("cursor", "cD0y"),
                    ("per_page", "100"),
                ],
            );
            then.status(200)
                .header("content-type", "application/json")
                .json_body(json!([{
                    "id": 9010,
                    "incident_id": 81234,
                    "created_at": "2026-10-03T08:00:00Z",
                    "content": {"type": "action", "content_key": "ASSIGN", "data": {"assignees": [3252]}}
                }]));
        })
        .await;
    let first = server
        .mock_async(|when, then| {
            query(
                when.method(GET)
                    .path("/v1/incidents/secrets/81234/activity-logs"),
                &[
                    ("content_key", "ASSIGN"),
                    ("member_id", "3252"),
                    ("per_page", "100"),
                ],
            );
            answer(then, 200, "list-incident-activity-logs").header("link", &next);
        })
        .await;
    let client = client(&server);
    let filter = ActivityLogFilter::new()
        .content_key("  ASSIGN ")
        .member(3252);
    let entries = client
        .incidents()
        .activity_logs(81234, filter)
        .collect_all()
        .await
        .unwrap();

    assert_eq!(first.calls_async().await, 1);
    assert_eq!(second.calls_async().await, 1);
    let ids: Vec<i64> = entries.iter().map(|e| e.id).collect();
    assert_eq!(ids, [9001, 9002, 9003, 9004, 9010]);

    let trigger = &entries[0];
    assert_eq!(trigger.incident_id, 81234);
    assert_eq!(trigger.created_at, at("2026-10-01T08:00:00Z"));
    assert_eq!(trigger.content.type_, types::ActivityLogContentType::Action);
    assert_eq!(trigger.content.content_key.as_deref(), Some("TRIGGER"));
    assert_eq!(
        trigger.content.data,
        Some(json!({"triggered_at": "2026-10-01T08:00:00Z"}))
    );
    assert!(trigger.member.is_none());

    let note = &entries[2];
    assert_eq!(note.content.type_, types::ActivityLogContentType::Note);
    assert_eq!(note.content.comment.as_deref(), Some("Rotated the key."));
    assert_eq!(note.updated_at, Some(at("2026-10-02T10:05:00Z")));
    assert_eq!(
        note.api_token_id.map(|id| id.to_string()).as_deref(),
        Some("6a2f9c0e-31b4-4d8a-b7e5-90c1d2e3f4a5")
    );
    let member = note.member.as_ref().expect("a member wrote the note");
    assert_eq!(member.id, Some(3252));
    assert_eq!(member.email.as_deref(), Some("dana.lee@example.com"));
    assert_eq!(entries[3].content.data, None);
}

#[tokio::test]
async fn public_incident_activity_logs_uses_the_public_path() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            query(
                when.method(GET)
                    .path("/v1/public-incidents/secrets/90412/activity-logs"),
                &[("per_page", "100")],
            );
            answer(then, 200, "list-public-incident-activity-logs");
        })
        .await;
    let client = client(&server);
    let entries = client
        .public_incidents()
        .activity_logs(90412, ActivityLogFilter::new())
        .collect_all()
        .await
        .unwrap();
    assert_eq!(mock.calls_async().await, 1);
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].id, 9101);
    assert_eq!(entries[0].incident_id, 90412);
    assert_eq!(
        entries[0].content.comment.as_deref(),
        Some("Rotated the key.")
    );
}

#[tokio::test]
async fn activity_logs_refuse_bad_ids_and_blank_keys_without_sending() {
    let server = MockServer::start_async().await;
    let mock = any_request(&server).await;
    let client = client(&server);
    let incidents = client.incidents();
    let public = client.public_incidents();
    for (incident_id, filter, needle) in [
        (
            0,
            ActivityLogFilter::new(),
            "incident id must be a positive id",
        ),
        (-4, ActivityLogFilter::new(), "incident id"),
        (81234, ActivityLogFilter::new().member(0), "member id"),
        (
            81234,
            ActivityLogFilter::new().content_key(" "),
            "content key is empty",
        ),
    ] {
        let message = refused_stream(incidents.activity_logs(incident_id, filter.clone())).await;
        assert!(message.contains(needle), "{needle}: {message}");
        let message = refused_stream(public.activity_logs(incident_id, filter)).await;
        assert!(message.contains(needle), "public, {needle}: {message}");
    }
    assert_eq!(mock.calls_async().await, 0);
}

#[tokio::test]
async fn activity_logs_of_an_unknown_incident_is_not_found() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/incidents/secrets/404404/activity-logs");
            refusal(then, 404, "Not found.");
        })
        .await;
    let client = client(&server);
    let result = client
        .incidents()
        .activity_logs(404404, ActivityLogFilter::new())
        .collect_all()
        .await;
    match result {
        Err(Error::NotFound { detail, response }) => {
            assert_eq!(detail, "Not found.");
            assert_eq!(response.status.as_u16(), 404);
        }
        other => panic!("expected NotFound, got {other:?}"),
    }
    assert_eq!(mock.calls_async().await, 1);
}

#[tokio::test]
async fn remediation_workflow_decodes_custom_steps() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            query(when.method(GET).path("/v1/remediation-workflow"), &[]);
            answer(then, 200, "get-remediation-workflow");
        })
        .await;
    let client = client(&server);
    let workflow = client.remediation_workflow().await.unwrap();
    assert_eq!(mock.calls_async().await, 1);
    assert_eq!(workflow.id, Some(12));
    assert_eq!(workflow.account_id, Some(4410));
    assert_eq!(workflow.updated_at, Some(at("2026-06-01T10:00:00Z")));
    let titles: Vec<&str> = workflow.steps.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(titles, ["Revoke the secret", "Clean the history"]);
    let link = workflow.steps[0]
        .link
        .as_ref()
        .expect("the first step links");
    assert_eq!(link.url, "{{revoke_documentation_link}}");
    assert_eq!(link.text.as_deref(), Some("How to revoke"));
    assert!(workflow.steps[1].link.is_none());
}

#[tokio::test]
async fn remediation_workflow_default_has_no_id_and_forbidden_is_typed() {
    let server = MockServer::start_async().await;
    let default = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/remediation-workflow")
                .header("authorization", format!("Token {KEY}"));
            then.status(200)
                .header("content-type", "application/json")
                .json_body(json!({"steps": [{"title": "Revoke the secret"}]}));
        })
        .await;
    let client = client(&server);
    let workflow = client.remediation_workflow().await.unwrap();
    assert_eq!(default.calls_async().await, 1);
    assert_eq!(workflow.id, None);
    assert_eq!(workflow.created_at, None);
    assert_eq!(workflow.steps.len(), 1);

    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/remediation-workflow");
            refusal(then, 403, "Token has not the required scope.");
        })
        .await;
    match super::client(&server).remediation_workflow().await {
        Err(Error::Forbidden { detail, response }) => {
            assert_eq!(detail, "Token has not the required scope.");
            assert_eq!(response.operation, "get_remediation_workflow");
        }
        other => panic!("expected Forbidden, got {other:?}"),
    }
}

#[tokio::test]
async fn revoke_secret_posts_without_a_body_and_decodes_the_outcome() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            query(when.method(POST).path("/v1/secrets/55012/revoke"), &[]);
            answer(then, 200, "revoke-secret");
        })
        .await;
    let client = client(&server);
    let outcome = client.revoke_secret(55012).await.unwrap();
    assert_eq!(mock.calls_async().await, 1);
    assert!(outcome.success);
    assert_eq!(outcome.is_async, Some(true));
    assert_eq!(outcome.reason, None);
}

#[tokio::test]
async fn revoke_secret_refusal_by_the_provider_is_an_answer_not_an_error() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(POST).path("/v1/secrets/55013/revoke");
            then.status(200)
                .header("content-type", "application/json")
                .json_body(json!({"success": false, "reason": "Provider not supported."}));
        })
        .await;
    let outcome = client(&server).revoke_secret(55013).await.unwrap();
    assert!(!outcome.success);
    assert_eq!(outcome.reason.as_deref(), Some("Provider not supported."));
    assert_eq!(outcome.is_async, None);
}

#[tokio::test]
async fn revoke_secret_errors() {
    let server = MockServer::start_async().await;
    let mock = any_request(&server).await;
    let client = client(&server);
    for id in [0, -55012] {
        let message = invalid_input(client.revoke_secret(id).await);
        assert!(
            message.contains("secret id must be a positive id"),
            "{message}"
        );
    }
    assert_eq!(mock.calls_async().await, 0);

    let server = MockServer::start_async().await;
    let missing = server
        .mock_async(|when, then| {
            when.method(POST).path("/v1/secrets/77/revoke");
            refusal(then, 404, "Secret not found.");
        })
        .await;
    match super::client(&server).revoke_secret(77).await {
        Err(Error::NotFound { detail, response }) => {
            assert_eq!(detail, "Secret not found.");
            assert_eq!(response.operation, "revoke_secret");
        }
        other => panic!("expected NotFound, got {other:?}"),
    }
    assert_eq!(missing.calls_async().await, 1);
}
