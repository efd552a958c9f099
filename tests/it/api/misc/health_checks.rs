//! Health Checks: the integrations' periodic checks, one instance's history, and on-demand runs.

use super::{at, client, nonzero, query, reply};
use gitguardian_openapi::types;
use httpmock::prelude::*;

#[tokio::test]
async fn list_health_checks_sends_filters_and_decodes_unknown_status() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            let when = when.method(GET).path("/v1/health-checks");
            query(
                when,
                &[
                    ("started_at_after", "2024-06-03T00:00:00Z"),
                    ("started_at_before", "2024-06-03T12:00:00Z"),
                    ("per_page", "20"),
                ],
            );
            reply(then, 200, "list-health-checks");
        })
        .await;

    let result = client(&server)
        .list_health_checks()
        .started_at_after(at("2024-06-03T00:00:00Z"))
        .started_at_before(at("2024-06-03T12:00:00Z"))
        .per_page(nonzero(20))
        .send()
        .await;
    mock.assert_async().await;
    let checks = result.unwrap().into_inner();
    assert_eq!(checks.len(), 3);
    let github = &checks[0];
    assert_eq!((github.id, github.instance_id), (Some(55102), Some(903)));
    assert_eq!(
        github.type_,
        Some(types::HealthCheckIntegrationType::GithubInstallation)
    );
    assert_eq!(github.status, Some(types::HealthCheckStatus::Pass));
    assert_eq!(github.started_at, Some(at("2024-06-03T06:00:01Z")));
    assert_eq!(github.finished_at, Some(at("2024-06-03T06:00:09Z")));
    let slack = &checks[1];
    assert_eq!(
        slack.type_,
        Some(types::HealthCheckIntegrationType::SlackWorkspace)
    );
    assert_eq!(slack.status, Some(types::HealthCheckStatus::Warn));
    assert_eq!(slack.finished_at, None);
    let gerrit = &checks[2];
    assert_eq!((gerrit.id, gerrit.instance_id), (Some(55130), Some(12)));
    assert_eq!(
        gerrit.type_,
        Some(types::HealthCheckIntegrationType::GerritInstallation)
    );
    assert_eq!(
        gerrit.status,
        Some(types::HealthCheckStatus::Unrecognized("skipped".into()))
    );
}

#[tokio::test]
async fn list_health_checks_sends_type_and_status() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            let when = when.method(GET).path("/v1/health-checks");
            query(when, &[("type", "gitlab-installation"), ("status", "fail")]);
            then.status(200).json_body(serde_json::json!([]));
        })
        .await;

    let result = client(&server)
        .list_health_checks()
        .type_(types::HealthCheckIntegrationType::GitlabInstallation)
        .status(types::HealthCheckStatus::Fail)
        .send()
        .await;
    mock.assert_async().await;
    assert!(result.unwrap().into_inner().is_empty());
}

#[tokio::test]
async fn list_health_check_instance_history_puts_type_and_instance_in_the_path() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            let when = when
                .method(GET)
                .path("/v1/health-checks/github-installation/903");
            query(when, &[("ordering", "-started_at"), ("per_page", "2")]);
            reply(then, 200, "list-health-check-instance-history");
        })
        .await;

    let result = client(&server)
        .list_health_check_instance_history()
        .type_(types::HealthCheckIntegrationType::GithubInstallation)
        .instance_id(903)
        .ordering(types::ListHealthCheckInstanceHistoryOrdering::StartedAtDesc)
        .per_page(nonzero(2))
        .send()
        .await;
    mock.assert_async().await;
    let history = result.unwrap().into_inner();
    assert_eq!(history.len(), 2);
    assert_eq!(history[0].id, Some(55102));
    assert_eq!(history[0].status, Some(types::HealthCheckStatus::Pass));
    let failed = &history[1];
    assert_eq!((failed.id, failed.instance_id), (Some(54980), Some(903)));
    assert_eq!(failed.status, Some(types::HealthCheckStatus::Fail));
    assert_eq!(failed.started_at, Some(at("2024-06-02T06:00:02Z")));
    assert_eq!(failed.finished_at, Some(at("2024-06-02T06:00:31Z")));
}

#[tokio::test]
async fn trigger_health_check_posts_and_decodes_the_result_url_on_202() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            let when = when
                .method(POST)
                .path("/v1/health-checks/github-installation/903/trigger");
            query(when, &[]);
            reply(then, 202, "trigger-health-check");
        })
        .await;

    let result = client(&server)
        .trigger_health_check()
        .type_(types::HealthCheckIntegrationType::GithubInstallation)
        .instance_id(903)
        .send()
        .await;
    mock.assert_async().await;
    let accepted = result.unwrap();
    assert_eq!(accepted.status(), 202);
    assert_eq!(
        accepted.into_inner().result_url.as_deref(),
        Some("https://api.gitguardian.com/v1/health-checks/github-installation/903?started_at_after=2024-06-03T09%3A30%3A00Z")
    );
}
