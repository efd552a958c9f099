//! `client.api_token()`, `client.api_tokens(filter)` and `client.quota()`.

use gitguardian_api_ext::{types, workflows::ApiTokenFilter, Error};
use httpmock::prelude::*;
use serde_json::json;

use super::{answer, any_request, at, client, query, refused_stream};

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

#[tokio::test]
async fn api_tokens_sends_scopes_comma_joined_with_the_other_criteria() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            query(
                when.method(GET).path("/v1/api_tokens"),
                &[
                    ("status", "active"),
                    ("member_id", "3310"),
                    ("creator_id", "2874"),
                    (
                        "scopes",
                        "scan:create-incidents,incidents:write,secrets:read",
                    ),
                    ("search", "ci-"),
                    ("ordering", "-last_used_at"),
                    ("per_page", "100"),
                ],
            );
            answer(then, 200, "list-api-tokens");
        })
        .await;
    let filter = ApiTokenFilter::new()
        .status(types::ApiTokenStatus::Active)
        .owner(3310)
        .creator(2874)
        .scopes([
            types::ApiTokenScope::ScanCreateIncidents,
            types::ApiTokenScope::IncidentsWrite,
            types::ApiTokenScope::SecretsRead,
        ])
        .search(" ci- ")
        .ordering(types::ListApiTokensOrdering::LastUsedAtDesc);
    let client = client(&server);
    let tokens = client.api_tokens(filter).collect_all().await.unwrap();
    assert_eq!(mock.calls_async().await, 1);
    let names: Vec<&str> = tokens.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        names,
        ["ci-pipeline-scan", "laptop-ggshield", "nhi-inventory-sync"]
    );
    assert_eq!(
        tokens[0].scopes,
        [
            types::ApiTokenScope::Scan,
            types::ApiTokenScope::IncidentsRead
        ]
    );
    assert_eq!(tokens[1].revoked_at, Some(at("2024-01-09T10:00:00Z")));
    assert_eq!(
        tokens[2].status,
        types::ApiTokenStatus::Unrecognized("suspended".into())
    );
}

#[tokio::test]
async fn api_tokens_filters_that_cannot_be_sent_are_refused() {
    let server = MockServer::start_async().await;
    let mock = any_request(&server).await;
    let client = client(&server);
    for (filter, needle) in [
        (ApiTokenFilter::new().owner(0), "owner's member id"),
        (ApiTokenFilter::new().creator(-1), "creator's member id"),
        (ApiTokenFilter::new().search("  "), "search is empty"),
        (
            ApiTokenFilter::new().scopes([
                types::ApiTokenScope::Scan,
                types::ApiTokenScope::Unrecognized("a,b".into()),
            ]),
            "scopes",
        ),
    ] {
        let message = refused_stream(client.api_tokens(filter)).await;
        assert!(message.contains(needle), "{needle}: {message}");
    }
    assert_eq!(mock.calls_async().await, 0);
}
