//! Raw generated operations called through `.raw()` get the client's configuration: base URL,
//! auth, User-Agent and retries, even outside `send`.

use gitguardian_api_ext::RetryPolicy;
use httpmock::prelude::*;
use serde_json::json;

use gitguardian_standin::{Fault, Route, Rule};

use super::support::{builder, member_json, stand_in, Events, KEY, UA};

#[tokio::test]
async fn raw_operation_gets_auth_user_agent_and_base_url() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/members/7")
                .header("authorization", format!("Token {KEY}"))
                .header("user-agent", UA)
                .header("api-version", "1.1.0");
            then.status(200).json_body(member_json(7));
        })
        .await;
    let client = builder(&server.base_url()).build().unwrap();
    let member = client
        .raw()
        .retrieve_member()
        .member_id(7)
        .send()
        .await
        .unwrap();
    assert_eq!(member.id, 7);
    assert_eq!(mock.calls_async().await, 1);
}

#[tokio::test]
async fn raw_operation_gets_retries() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/health")
                .header("authorization", format!("Token {KEY}"))
                .header("user-agent", UA);
            // No `Retry-After`: backoff retries, which count toward `max_attempts` (waits
            // the server asks for do not, since issue 12).
            then.status(429).json_body(json!({"detail": "Slow down."}));
        })
        .await;
    let events = Events::default();
    let client = events
        .install(
            builder(&server.base_url()).retry_policy(super::support::fast_policy().max_attempts(4)),
        )
        .build()
        .unwrap();
    let err = client.raw().api_health().send().await.unwrap_err();
    assert_eq!(err.status(), Some(reqwest::StatusCode::TOO_MANY_REQUESTS));
    assert_eq!(mock.calls_async().await, 4);
    assert_eq!(events.get().len(), 3);
    assert!(events.get().iter().all(|e| e.operation == "api_health"));
}

#[tokio::test]
async fn raw_operation_recovers_after_a_retry() {
    let server = stand_in()
        .fault(
            Rule::new(Route::get("/v1/health"))
                .once()
                .answer(Fault::Maintenance),
        )
        .start()
        .await
        .unwrap();
    let client = builder(&server.api_url()).build().unwrap();
    let health = client.raw().api_health().send().await.unwrap();
    assert!(!health.detail.is_empty());
    let seen = server.requests();
    let answers: Vec<(String, u16, Option<&str>)> =
        seen.iter().map(|r| (r.line(), r.status, r.fault)).collect();
    assert_eq!(
        answers,
        [
            ("GET /v1/health".to_string(), 503, Some("503 maintenance")),
            ("GET /v1/health".to_string(), 200, None),
        ]
    );
    // The retry is the same request: the key (the stand-in accepts `Token <KEY>` only) and
    // the client's `User-Agent` go out again.
    assert_eq!(server.counters().unauthorized, 0);
    for request in &seen {
        assert_eq!(request.user_agent.as_deref(), Some(UA));
    }
}

#[tokio::test]
async fn raw_and_helper_share_one_policy() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.path("/v1/members/7");
            then.status(502);
        })
        .await;
    let client = builder(&server.base_url())
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap();
    client
        .raw()
        .retrieve_member()
        .member_id(7)
        .send()
        .await
        .unwrap_err();
    client.members().get(7).await.unwrap_err();
    assert_eq!(mock.calls_async().await, 2);
    assert!(!client.retry_policy().is_enabled());
}

#[tokio::test]
async fn health_uses_api_health() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/health");
            then.status(200)
                .json_body(json!({"detail": "Valid API key."}));
        })
        .await;
    let client = builder(&server.base_url()).build().unwrap();
    assert_eq!(client.health().await.unwrap().detail, "Valid API key.");
    assert_eq!(mock.calls_async().await, 1);
}
