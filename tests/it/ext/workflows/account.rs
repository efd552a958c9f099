//! `client.api_token()` and `client.quota()`.

use gitguardian_api_ext::{types, Error};
use httpmock::prelude::*;
use serde_json::json;

use super::{answer, at, client, query};

#[tokio::test]
async fn api_token_reads_the_calling_token() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            query(when.method(GET).path("/v1/api_tokens/self"), &[]);
            answer(then, 200, "self-retrieve-api-token");
        })
        .await;
    let client = client(&server);
    let token = client.api_token().await.unwrap();
    assert_eq!(mock.calls_async().await, 1);
    assert_eq!(token.name, "ci-pipeline-scan");
    assert_eq!(token.type_, types::ApiTokenType::ServiceAccount);
    assert_eq!(token.status, types::ApiTokenStatus::Active);
    assert_eq!(
        token.scopes,
        [
            types::ApiTokenScope::Scan,
            types::ApiTokenScope::IncidentsRead
        ]
    );
    assert_eq!(token.expire_at, None);
    assert_eq!(token.created_at, at("2024-02-11T09:15:42.120931Z"));
}

#[tokio::test]
async fn api_token_with_a_revoked_key_is_unauthorized() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/api_tokens/self");
            then.status(401)
                .header("content-type", "application/json")
                .header("www-authenticate", "Token")
                .json_body(json!({"detail": "Invalid API key."}));
        })
        .await;
    let client = client(&server);
    match client.api_token().await {
        Err(Error::Unauthorized { detail, .. }) => assert_eq!(detail, "Invalid API key."),
        other => panic!("expected Unauthorized, got {other:?}"),
    }
}

#[tokio::test]
async fn quota_unwraps_the_content_envelope() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            query(when.method(GET).path("/v1/quotas"), &[]);
            answer(then, 200, "quotas");
        })
        .await;
    let client = client(&server);
    let quota = client.quota().await.unwrap();
    assert_eq!(mock.calls_async().await, 1);
    assert_eq!(
        (quota.count, quota.limit, quota.remaining),
        (1289, 10000, 8711)
    );
    assert_eq!(quota.since.to_string(), "2024-05-05");
}
