//! Every error variant from a real-looking answer.

use gitguardian_api_ext::types;
use gitguardian_api_ext::Error;
use httpmock::prelude::*;
use reqwest::StatusCode;
use serde_json::json;

use super::support::{member_json, no_retry_client, team_json};

/// The error `GET /v1/members/7` ends with when the server answers `status` with `body`.
async fn member_error(status: u16, headers: &[(&str, &str)], body: &str) -> Error {
    let server = MockServer::start_async().await;
    let headers: Vec<(String, String)> = headers
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect();
    let body = body.to_string();
    server
        .mock_async(move |when, then| {
            when.method(GET).path("/v1/members/7");
            let mut then = then.status(status).body(body.clone());
            for (name, value) in &headers {
                then = then.header(name.clone(), value.clone());
            }
        })
        .await;
    no_retry_client(&server.base_url())
        .members()
        .get(7)
        .await
        .expect_err("an error")
}

const JSON: (&str, &str) = ("content-type", "application/json");

#[tokio::test]
async fn unauthorized_carries_detail_and_request_id() {
    let err = member_error(
        401,
        &[
            JSON,
            ("www-authenticate", "Token"),
            ("x-request-id", "req-401"),
        ],
        r#"{"detail":"Invalid API key."}"#,
    )
    .await;
    match &err {
        Error::Unauthorized { detail, response } => {
            assert_eq!(detail, "Invalid API key.");
            assert_eq!(response.status, StatusCode::UNAUTHORIZED);
            assert_eq!(response.request_id.as_deref(), Some("req-401"));
            assert_eq!(response.operation, "retrieve_member");
            assert_eq!(response.attempts, 1);
        }
        other => panic!("expected Unauthorized, got {other:?}"),
    }
    let message = err.to_string();
    assert!(
        message.contains("Invalid API key.") && message.contains("GITGUARDIAN_API_KEY"),
        "{message}"
    );
    assert!(message.contains("req-401"), "{message}");
}

#[tokio::test]
async fn quota_exhaustion_is_its_own_variant() {
    let err = member_error(403, &[JSON], r#"{"detail":"Quota limit reached."}"#).await;
    assert!(matches!(err, Error::QuotaExceeded { .. }), "{err:?}");
    assert!(err.to_string().contains("quota"), "{err}");
}

#[tokio::test]
async fn other_403_is_forbidden() {
    let err = member_error(
        403,
        &[JSON],
        r#"{"detail":"You do not have permission to perform this action."}"#,
    )
    .await;
    match &err {
        Error::Forbidden { detail, .. } => assert!(detail.starts_with("You do not have")),
        other => panic!("expected Forbidden, got {other:?}"),
    }
}

#[tokio::test]
async fn not_found() {
    let err = member_error(
        404,
        &[JSON, ("x-request-id", "req-404")],
        r#"{"detail":"Not found."}"#,
    )
    .await;
    assert!(
        matches!(err, Error::NotFound { ref detail, .. } if detail == "Not found."),
        "{err:?}"
    );
    assert_eq!(err.status(), Some(StatusCode::NOT_FOUND));
    assert_eq!(err.request_id(), Some("req-404"));
}

#[tokio::test]
async fn conflict_and_validation_on_a_post() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/teams")
                .json_body(json!({"name": "Taken"}));
            then.status(409)
                .json_body(json!({"detail": "A team with this name already exists."}));
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/teams")
                .json_body(json!({"name": ""}));
            then.status(400).header("x-request-id", "req-400").json_body(json!({
                "detail": "Invalid request.",
                "extra": {"name": ["This field may not be blank."], "non_field_errors": ["Bad."]}
            }));
        })
        .await;
    let client = no_retry_client(&server.base_url());
    let team = |name: &str| -> types::TeamCreateRequest {
        serde_json::from_value(json!({"name": name})).unwrap()
    };

    let err = client
        .send(client.raw().create_teams().body(team("Taken")).send())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Conflict { .. }), "{err:?}");
    assert_eq!(err.operation(), Some("create_teams"));

    let err = client
        .send(client.raw().create_teams().body(team("")).send())
        .await
        .unwrap_err();
    match &err {
        Error::Validation {
            detail,
            extra,
            response,
        } => {
            assert_eq!(detail, "Invalid request.");
            assert_eq!(extra["name"], ["This field may not be blank."]);
            assert_eq!(extra["non_field_errors"], ["Bad."]);
            assert_eq!(response.request_id.as_deref(), Some("req-400"));
        }
        other => panic!("expected Validation, got {other:?}"),
    }
    let message = err.to_string();
    assert!(
        message.contains("name: This field may not be blank."),
        "{message}"
    );
}

#[tokio::test]
async fn validation_without_detail_or_with_error_key() {
    let err = member_error(
        400,
        &[JSON],
        r#"{"member_id":["A valid integer is required."]}"#,
    )
    .await;
    match &err {
        Error::Validation { extra, .. } => {
            assert_eq!(extra["member_id"], ["A valid integer is required."]);
        }
        other => panic!("expected Validation, got {other:?}"),
    }
    let err = member_error(400, &[JSON], r#"{"error":"Invalid cursor."}"#).await;
    assert!(
        matches!(err, Error::Validation { ref detail, .. } if detail == "Invalid cursor."),
        "{err:?}"
    );
}

#[tokio::test]
async fn server_errors() {
    let err = member_error(
        500,
        &[JSON, ("x-request-id", "req-500")],
        r#"{"detail":"Internal error."}"#,
    )
    .await;
    match &err {
        Error::Server { detail, response } => {
            assert_eq!(detail.as_deref(), Some("Internal error."));
            assert_eq!(response.status, StatusCode::INTERNAL_SERVER_ERROR);
        }
        other => panic!("expected Server, got {other:?}"),
    }
    assert!(err.to_string().contains("req-500"), "{err}");

    let err = member_error(
        502,
        &[("content-type", "text/html")],
        "<html>Bad Gateway</html>",
    )
    .await;
    assert!(matches!(err, Error::Server { detail: None, .. }), "{err:?}");

    // A 503 without the maintenance marker is a plain server error.
    let err = member_error(503, &[JSON], r#"{"detail":"Service unavailable."}"#).await;
    assert!(matches!(err, Error::Server { .. }), "{err:?}");
}

#[tokio::test]
async fn maintenance_by_header_or_by_detail() {
    let err = member_error(503, &[("x-maintenance", "true"), ("retry-after", "60")], "").await;
    assert!(matches!(err, Error::Maintenance { .. }), "{err:?}");
    assert_eq!(err.retry_after(), Some(std::time::Duration::from_secs(60)));
    let err = member_error(
        503,
        &[JSON],
        r#"{"detail":"API under scheduled maintenance."}"#,
    )
    .await;
    assert!(matches!(err, Error::Maintenance { .. }), "{err:?}");
}

#[tokio::test]
async fn rate_limited_without_retries() {
    let err = member_error(
        429,
        &[JSON, ("retry-after", "7")],
        r#"{"detail":"Request was throttled."}"#,
    )
    .await;
    match &err {
        Error::RateLimited {
            retry_after,
            detail,
            ..
        } => {
            assert_eq!(*retry_after, Some(std::time::Duration::from_secs(7)));
            assert_eq!(detail.as_deref(), Some("Request was throttled."));
        }
        other => panic!("expected RateLimited, got {other:?}"),
    }
}

#[tokio::test]
async fn html_page_with_200_is_unexpected_content() {
    let page =
        "<!DOCTYPE html>\n<html><head><title>GitGuardian</title></head><body>Sign in</body></html>";
    let err = member_error(200, &[("content-type", "text/html; charset=utf-8")], page).await;
    match &err {
        Error::UnexpectedContent {
            content_type,
            excerpt,
            response,
        } => {
            assert_eq!(content_type.as_deref(), Some("text/html; charset=utf-8"));
            assert!(excerpt.starts_with("<!DOCTYPE html> <html>"), "{excerpt}");
            assert_eq!(response.status, StatusCode::OK);
        }
        other => panic!("expected UnexpectedContent, got {other:?}"),
    }
    let message = err.to_string();
    assert!(
        message.contains("not GitGuardian API JSON") && message.contains("/exposed"),
        "{message}"
    );
}

#[tokio::test]
async fn other_non_json_bodies_are_unexpected_content() {
    let long = "x".repeat(1000);
    let err = member_error(200, &[("content-type", "text/plain")], &long).await;
    match &err {
        Error::UnexpectedContent { excerpt, .. } => assert!(excerpt.chars().count() <= 161),
        other => panic!("expected UnexpectedContent, got {other:?}"),
    }
    let err = member_error(200, &[JSON], "").await;
    assert!(err.to_string().contains("empty body"), "{err}");
    // An HTML 404 comes from a wrong URL, not from the API.
    let err = member_error(
        404,
        &[("content-type", "text/html")],
        "<html>Not Found</html>",
    )
    .await;
    assert!(matches!(err, Error::UnexpectedContent { .. }), "{err:?}");
}

#[tokio::test]
async fn json_that_does_not_fit_is_a_decode_error_with_its_path() {
    let mut member = member_json(7);
    member["created_at"] = json!("yesterday");
    let err = member_error(200, &[JSON], &member.to_string()).await;
    match &err {
        Error::Decode {
            path,
            message,
            response,
        } => {
            assert_eq!(path, "created_at");
            assert!(!message.is_empty());
            assert_eq!(response.operation, "retrieve_member");
        }
        other => panic!("expected Decode, got {other:?}"),
    }
    assert!(err.to_string().contains("`created_at`"), "{err}");

    // Truncated JSON declared as JSON.
    let err = member_error(200, &[JSON], r#"{"id": 7, "name": "#).await;
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");

    // Nested: the second team of a list.
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/teams");
            then.status(200)
                .json_body(json!([team_json(1), {"id": "two", "name": "B", "is_global": false}]));
        })
        .await;
    let client = no_retry_client(&server.base_url());
    let err = client
        .send(client.raw().list_teams().send())
        .await
        .unwrap_err();
    match &err {
        Error::Decode { path, .. } => assert_eq!(path, "[1].id"),
        other => panic!("expected Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn unlisted_statuses() {
    let err = member_error(418, &[JSON], r#"{"detail":"I'm a teapot."}"#).await;
    assert!(
        matches!(err, Error::UnexpectedStatus { ref detail, .. } if detail.as_deref() == Some("I'm a teapot.")),
        "{err:?}"
    );
    // An undocumented success status whose body decodes is accepted.
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/v1/members/7");
            then.status(203).json_body(member_json(7));
        })
        .await;
    let client = no_retry_client(&server.base_url());
    let response = client
        .send_with_headers(client.raw().retrieve_member().member_id(7).send())
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NON_AUTHORITATIVE_INFORMATION);
    assert_eq!(response.id, 7);
}

#[tokio::test]
async fn missing_arguments_are_invalid_input_and_nothing_is_sent() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200);
        })
        .await;
    let client = no_retry_client(&server.base_url());
    let err = client
        .send(client.raw().retrieve_member().send())
        .await
        .unwrap_err();
    match &err {
        Error::InvalidInput(message) => assert!(message.contains("member_id"), "{message}"),
        other => panic!("expected InvalidInput, got {other:?}"),
    }
    assert!(err.to_string().contains("nothing was sent"), "{err}");
    assert_eq!(mock.calls_async().await, 0);
}

#[tokio::test]
async fn send_with_headers_keeps_response_headers() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/v1/members/7");
            then.status(200)
                .header("x-request-id", "req-ok")
                .header("x-app-version", "v2024.1")
                .json_body(member_json(7));
        })
        .await;
    let client = no_retry_client(&server.base_url());
    let response = client
        .send_with_headers(client.raw().retrieve_member().member_id(7).send())
        .await
        .unwrap();
    assert_eq!(response.headers()["x-app-version"], "v2024.1");
    assert_eq!(response.into_inner().email, "ada@example.com");
}
