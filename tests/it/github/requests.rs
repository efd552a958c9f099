//! Every generated GitHub operation against httpmock: the request leaves with the method, path,
//! query and body GitHub expects, and a body shaped like GitHub's decodes into its values.
//!
//! The requests are matched with the typed helpers of `github-secret-scanning-httpmock` (each
//! operation's method and path, a method per parameter); the bodies on both sides stay literal
//! JSON, so that what is checked is GitHub's wire format, not our types agreeing with
//! themselves.

use super::{client, fixtures};
use github_secret_scanning::{types, Error};
use github_secret_scanning_httpmock::MockServerExt;
use httpmock::MockServer;
use serde_json::json;

/// No query parameters besides the `count` the typed `When` named (no defaults sent behind the
/// caller's back).
fn only(when: httpmock::When, count: usize) {
    when.query_param_count(".*", ".*", count);
}

fn json_200(then: httpmock::Then, body: serde_json::Value) {
    then.status(200)
        .header("content-type", "application/json; charset=utf-8")
        .json_body(body);
}

#[tokio::test]
async fn list_repository_alerts_sends_every_filter_and_decodes_the_alerts() {
    let server = MockServer::start_async().await;
    // The typed `When` matches enums as they display: GitHub's spellings.
    assert_eq!(
        types::ListRepositoryAlertsState::Resolved.to_string(),
        "resolved"
    );
    assert_eq!(
        types::ListRepositoryAlertsSort::Updated.to_string(),
        "updated"
    );
    assert_eq!(types::ListRepositoryAlertsDirection::Asc.to_string(), "asc");
    let mock = server.list_repository_alerts(|when, then| {
        let when = when
            .owner("octo-org")
            .repo("octo-repo")
            .state(types::ListRepositoryAlertsState::Resolved)
            .secret_type("github_personal_access_token,slack_api_token")
            .resolution("revoked,false_positive")
            .validity("active,unknown")
            .sort(types::ListRepositoryAlertsSort::Updated)
            .direction(types::ListRepositoryAlertsDirection::Asc)
            .page(2)
            .per_page(100);
        only(when.into_inner(), 8);
        json_200(
            then.into_inner(),
            json!([
                fixtures::alert(7, Some("revoked")),
                fixtures::alert(8, None)
            ]),
        );
    });

    let alerts = client(&server)
        .list_repository_alerts()
        .owner("octo-org")
        .repo("octo-repo")
        .state(types::ListRepositoryAlertsState::Resolved)
        .secret_type("github_personal_access_token,slack_api_token")
        .resolution("revoked,false_positive")
        .validity("active,unknown")
        .sort(types::ListRepositoryAlertsSort::Updated)
        .direction(types::ListRepositoryAlertsDirection::Asc)
        .page(2)
        .per_page(100)
        .send()
        .await
        .unwrap()
        .into_inner();
    mock.assert_async().await;
    assert_eq!(alerts.len(), 2);
    assert_eq!(alerts[0].number.as_deref(), Some(&7));
    assert_eq!(alerts[0].state, Some(types::AlertState::Resolved));
    assert_eq!(alerts[0].resolution, Some(types::AlertResolution::Revoked));
    assert_eq!(
        alerts[0].resolved_by.as_ref().map(|u| u.login.as_str()),
        Some("monalisa")
    );
    // An open alert: resolution is null, not missing and not an error.
    assert_eq!(alerts[1].state, Some(types::AlertState::Open));
    assert_eq!(alerts[1].resolution, None);
    assert!(alerts[1].resolved_by.is_none());
    assert_eq!(alerts[1].validity, Some(types::AlertValidity::Active));
    match &alerts[1].first_location_detected {
        Some(types::LocationDetails::Commit(commit)) => {
            assert_eq!(commit.path, "config/settings.py");
            assert_eq!(
                commit.commit_sha,
                "f14d7debf9775f957cf4f1e8176da0786431f72b"
            );
            assert_eq!(commit.start_line, 12.0);
        }
        other => panic!("expected a commit location, got {other:?}"),
    }
}

#[tokio::test]
async fn list_repository_alerts_without_filters_sends_no_query() {
    let server = MockServer::start_async().await;
    let mock = server.list_repository_alerts(|when, then| {
        only(when.owner("octo-org").repo("octo-repo").into_inner(), 0);
        json_200(then.into_inner(), json!([]));
    });
    let alerts = client(&server)
        .list_repository_alerts()
        .owner("octo-org")
        .repo("octo-repo")
        .send()
        .await
        .unwrap();
    mock.assert_async().await;
    assert!(alerts.is_empty());
}

#[tokio::test]
async fn list_organization_alerts_sends_cursors_and_flags() {
    let server = MockServer::start_async().await;
    assert_eq!(types::ListOrganizationAlertsState::Open.to_string(), "open");
    let mock = server.list_organization_alerts(|when, then| {
        let when = when
            .org("octo-org")
            .state(types::ListOrganizationAlertsState::Open)
            .after("Y3Vyc29yOnYyOpK0")
            .per_page(50)
            .hide_secret(true)
            .is_publicly_leaked(true)
            .is_multi_repo(false)
            .exclude_secret_types("http_basic_authentication");
        only(when.into_inner(), 7);
        json_200(
            then.into_inner(),
            json!([fixtures::organization_alert(3, "octo-repo")]),
        );
    });

    let alerts = client(&server)
        .list_organization_alerts()
        .org("octo-org")
        .state(types::ListOrganizationAlertsState::Open)
        .after("Y3Vyc29yOnYyOpK0")
        .per_page(50)
        .hide_secret(true)
        .is_publicly_leaked(true)
        .is_multi_repo(false)
        .exclude_secret_types("http_basic_authentication")
        .send()
        .await
        .unwrap()
        .into_inner();
    mock.assert_async().await;
    assert_eq!(alerts.len(), 1);
    let repository = alerts[0].repository.as_ref().unwrap();
    assert_eq!(repository.full_name, "octo-org/octo-repo");
    assert_eq!(repository.owner.login, "octo-org");
    assert!(repository.private);
}

#[tokio::test]
async fn list_enterprise_alerts_sends_the_filters_and_before_cursor() {
    let server = MockServer::start_async().await;
    assert_eq!(
        types::ListEnterpriseAlertsState::Resolved.to_string(),
        "resolved"
    );
    let mock = server.list_enterprise_alerts(|when, then| {
        let when = when
            .enterprise("octo-corp")
            .state(types::ListEnterpriseAlertsState::Resolved)
            .secret_type("aws_access_key_id")
            .resolution("wont_fix")
            .validity("inactive")
            .before("Y3Vyc29yOnYyOpK1");
        only(when.into_inner(), 5);
        json_200(
            then.into_inner(),
            json!([
                fixtures::organization_alert(1, "api"),
                fixtures::organization_alert(2, "web")
            ]),
        );
    });

    let alerts = client(&server)
        .list_enterprise_alerts()
        .enterprise("octo-corp")
        .state(types::ListEnterpriseAlertsState::Resolved)
        .secret_type("aws_access_key_id")
        .resolution("wont_fix")
        .validity("inactive")
        .before("Y3Vyc29yOnYyOpK1")
        .send()
        .await
        .unwrap()
        .into_inner();
    mock.assert_async().await;
    let repos: Vec<&str> = alerts
        .iter()
        .map(|a| a.repository.as_ref().unwrap().name.as_str())
        .collect();
    assert_eq!(repos, ["api", "web"]);
}

#[tokio::test]
async fn get_alert_puts_the_number_in_the_path_and_decodes_metadata() {
    let server = MockServer::start_async().await;
    let mut body = fixtures::alert(42, None);
    body["metadata"] = json!([{"key": "token_scopes", "value": "repo"}]);
    let mock = server.get_alert(|when, then| {
        let when = when
            .owner("octo-org")
            .repo("octo-repo")
            .alert_number(&types::AlertNumber(42))
            .hide_secret(true);
        only(when.into_inner(), 1);
        json_200(then.into_inner(), body);
    });

    let alert = client(&server)
        .get_alert()
        .owner("octo-org")
        .repo("octo-repo")
        .alert_number(42)
        .hide_secret(true)
        .send()
        .await
        .unwrap()
        .into_inner();
    mock.assert_async().await;
    assert_eq!(alert.number.as_deref(), Some(&42));
    let metadata = alert.metadata.unwrap();
    assert_eq!(metadata.len(), 1);
    assert_eq!(
        (metadata[0].key.as_str(), metadata[0].value.as_str()),
        ("token_scopes", "repo")
    );
    assert_eq!(alert.has_more_locations, Some(true));
}

#[tokio::test]
async fn update_alert_sends_state_resolution_and_comment_as_a_patch() {
    let server = MockServer::start_async().await;
    let mock = server.update_alert(|when, then| {
        let when = when
            .owner("octo-org")
            .repo("octo-repo")
            .alert_number(&types::AlertNumber(42))
            .into_inner()
            .header("content-type", "application/json")
            .json_body(json!({
                "state": "resolved",
                "resolution": "revoked",
                "resolution_comment": "Revoked (GitGuardian incident 123)"
            }));
        only(when, 0);
        json_200(then.into_inner(), fixtures::alert(42, Some("revoked")));
    });

    let alert = client(&server)
        .update_alert()
        .owner("octo-org")
        .repo("octo-repo")
        .alert_number(42)
        .body(types::AlertUpdate {
            state: Some(types::AlertState::Resolved),
            resolution: Some(types::AlertResolution::Revoked),
            resolution_comment: Some(types::ResolutionComment(
                "Revoked (GitGuardian incident 123)".into(),
            )),
            assignee: None,
            validity: None,
        })
        .send()
        .await
        .unwrap()
        .into_inner();
    mock.assert_async().await;
    assert_eq!(alert.state, Some(types::AlertState::Resolved));
}

#[tokio::test]
async fn update_alert_with_an_assignee_only_sends_just_that() {
    let server = MockServer::start_async().await;
    let mock = server.update_alert(|when, then| {
        when.owner("octo-org")
            .repo("octo-repo")
            .alert_number(&types::AlertNumber(9))
            .into_inner()
            .json_body(json!({"assignee": "octocat"}));
        json_200(then.into_inner(), fixtures::alert(9, None));
    });
    client(&server)
        .update_alert()
        .owner("octo-org")
        .repo("octo-repo")
        .alert_number(9)
        .body(types::AlertUpdate {
            assignee: Some(types::Assignee("octocat".into())),
            resolution: None,
            resolution_comment: None,
            state: None,
            validity: None,
        })
        .send()
        .await
        .unwrap();
    mock.assert_async().await;
}

#[tokio::test]
async fn update_alert_422_is_a_typed_error_with_githubs_message() {
    let server = MockServer::start_async().await;
    let mock = server.update_alert(|when, then| {
        when.owner("octo-org")
            .repo("octo-repo")
            .alert_number(&types::AlertNumber(5));
        then.into_inner()
            .status(422)
            .header("content-type", "application/json")
            .json_body(json!({
                "message": "State cannot be changed to resolved without a resolution.",
                "documentation_url": "https://docs.github.com/rest/secret-scanning/secret-scanning#update-a-secret-scanning-alert",
                "status": "422"
            }));
    });
    let error = client(&server)
        .update_alert()
        .owner("octo-org")
        .repo("octo-repo")
        .alert_number(5)
        .body(types::AlertUpdate {
            state: Some(types::AlertState::Resolved),
            assignee: None,
            resolution: None,
            resolution_comment: None,
            validity: None,
        })
        .send()
        .await
        .unwrap_err();
    mock.assert_async().await;
    match error {
        Error::ErrorResponse(response) => {
            assert_eq!(response.status().as_u16(), 422);
            assert_eq!(
                response.message.as_deref(),
                Some("State cannot be changed to resolved without a resolution.")
            );
        }
        other => panic!("expected a typed 422, got {other:?}"),
    }
}

#[tokio::test]
async fn list_alert_locations_pages_by_number_and_decodes_each_kind() {
    let server = MockServer::start_async().await;
    let issue_comment =
        "https://api.github.com/repos/octo-org/octo-repo/issues/comments/1081119451";
    let mock = server.list_alert_locations(|when, then| {
        let when = when
            .owner("octo-org")
            .repo("octo-repo")
            .alert_number(&types::AlertNumber(42))
            .page(3)
            .per_page(2);
        only(when.into_inner(), 2);
        then.into_inner()
            .status(200)
            .header("content-type", "application/json")
            .header(
                "link",
                "<https://api.github.com/repositories/1/secret-scanning/alerts/42/locations?page=4&per_page=2>; rel=\"next\"",
            )
            .json_body(json!([
                {"type": "commit", "details": fixtures::commit_location("src/app.rs", "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678")},
                {"type": "issue_comment", "details": {"issue_comment_url": issue_comment}}
            ]));
    });

    let response = client(&server)
        .list_alert_locations()
        .owner("octo-org")
        .repo("octo-repo")
        .alert_number(42)
        .page(3)
        .per_page(2)
        .send()
        .await
        .unwrap();
    mock.assert_async().await;
    assert!(response
        .headers()
        .get("link")
        .and_then(|l| l.to_str().ok())
        .is_some_and(|l| l.contains("page=4")));
    let locations = response.into_inner();
    assert_eq!(locations[0].type_, Some(types::LocationType::Commit));
    match &locations[0].details {
        Some(types::LocationDetails::Commit(c)) => assert_eq!(c.path, "src/app.rs"),
        other => panic!("expected commit details, got {other:?}"),
    }
    assert_eq!(locations[1].type_, Some(types::LocationType::IssueComment));
    match &locations[1].details {
        Some(types::LocationDetails::IssueComment(c)) => {
            assert_eq!(c.issue_comment_url, issue_comment)
        }
        other => panic!("expected issue comment details, got {other:?}"),
    }
}

#[tokio::test]
async fn secret_scanning_disabled_404_is_a_typed_error() {
    let server = MockServer::start_async().await;
    server.list_organization_alerts(|when, then| {
        when.org("octo-org");
        then.into_inner()
            .status(404)
            .header("content-type", "application/json")
            .json_body(json!({"message": "Not Found", "documentation_url": "https://docs.github.com/rest", "status": "404"}));
    });
    let error = client(&server)
        .list_organization_alerts()
        .org("octo-org")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
    assert!(
        matches!(error, Error::ErrorResponse(ref r) if r.message.as_deref() == Some("Not Found"))
    );
}
