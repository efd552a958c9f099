//! API Tokens: the calling token, the workspace's tokens, revocation, JWT and OAuth exchanges.

use super::{at, client, no_content, nonzero, query, reply, serve, uuid};
use gitguardian_openapi::types;
use httpmock::prelude::*;
use serde_json::json;

const PAT: &str = "e41c9a07-5b6d-4f83-a2c0-97d1b3f8e655";

/// The revoked personal access token of the fixtures (`retrieve-api-token`, second of the list).
fn assert_laptop_token(token: &types::ApiToken) {
    assert_eq!(token.id, uuid(PAT));
    assert_eq!(token.name, "laptop-ggshield");
    assert_eq!(token.type_, types::ApiTokenType::PersonalAccessToken);
    assert_eq!(token.status, types::ApiTokenStatus::Revoked);
    assert_eq!(token.created_at, at("2023-11-20T14:03:09.500112Z"));
    assert_eq!(token.last_used_at, Some(at("2024-01-08T08:47:30.061774Z")));
    assert_eq!(token.expire_at, Some(at("2024-11-20T14:03:09Z")));
    assert_eq!(token.revoked_at, Some(at("2024-01-09T10:00:00Z")));
    assert_eq!(
        (token.member_id, token.creator_id),
        (Some(3310), Some(3310))
    );
    assert_eq!(token.scopes, vec![types::ApiTokenScope::Scan]);
}

#[tokio::test]
async fn self_retrieve_api_token_decodes_the_calling_service_account() {
    let server = MockServer::start_async().await;
    let mock = serve(
        &server,
        GET,
        "/v1/api_tokens/self",
        200,
        "self-retrieve-api-token",
    )
    .await;

    let result = client(&server).self_retrieve_api_token().send().await;
    mock.assert_async().await;
    let token = result.unwrap().into_inner();
    assert_eq!(token.id, uuid("8b0e2f4c-31a7-4d52-9c1e-6a0f5e7d2b19"));
    assert_eq!(token.name, "ci-pipeline-scan");
    assert_eq!(token.workspace_id, Some(4127));
    assert_eq!(token.type_, types::ApiTokenType::ServiceAccount);
    assert_eq!(token.status, types::ApiTokenStatus::Active);
    assert_eq!(token.created_at, at("2024-02-11T09:15:42.120931Z"));
    assert_eq!(token.last_used_at, Some(at("2024-06-03T17:02:11.884201Z")));
    assert_eq!((token.expire_at, token.revoked_at), (None, None));
    assert_eq!((token.member_id, token.creator_id), (None, Some(3310)));
    assert_eq!(
        token.scopes,
        vec![
            types::ApiTokenScope::Scan,
            types::ApiTokenScope::IncidentsRead
        ]
    );
}

#[tokio::test]
async fn list_api_tokens_sends_filters_and_decodes_every_state() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            let when = when.method(GET).path("/v1/api_tokens");
            query(
                when,
                &[
                    ("creator_id", "3310"),
                    ("scopes", "scan,incidents:read"),
                    ("search", "ci"),
                    ("ordering", "-last_used_at"),
                    ("per_page", "3"),
                    ("cursor", "cD0yMDI0LTA2"),
                ],
            );
            reply(then, 200, "list-api-tokens");
        })
        .await;

    let result = client(&server)
        .list_api_tokens()
        .creator_id(3310)
        .scopes(vec![
            types::ApiTokenScope::Scan,
            types::ApiTokenScope::IncidentsRead,
        ])
        .search("ci")
        .ordering(types::ListApiTokensOrdering::LastUsedAtDesc)
        .per_page(nonzero(3))
        .cursor("cD0yMDI0LTA2")
        .send()
        .await;
    mock.assert_async().await;
    let tokens = result.unwrap().into_inner();
    assert_eq!(tokens.len(), 3);
    assert_eq!(tokens[0].name, "ci-pipeline-scan");
    assert_eq!(tokens[0].status, types::ApiTokenStatus::Active);
    assert_laptop_token(&tokens[1]);
    let suspended = &tokens[2];
    assert_eq!(suspended.id, uuid("0f6d2e91-c8b4-47a3-b5e2-1d9c7a604f38"));
    assert_eq!(
        suspended.status,
        types::ApiTokenStatus::Unrecognized("suspended".into())
    );
    assert_eq!(suspended.last_used_at, None);
    assert_eq!(suspended.expire_at, Some(at("2025-05-01T12:00:00Z")));
    assert_eq!(suspended.creator_id, Some(2874));
    assert!(suspended.scopes.is_empty());
}

#[tokio::test]
async fn list_api_tokens_sends_status_and_member_filters() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            let when = when.method(GET).path("/v1/api_tokens");
            query(when, &[("status", "revoked"), ("member_id", "3310")]);
            then.status(200).json_body(json!([]));
        })
        .await;

    let result = client(&server)
        .list_api_tokens()
        .status(types::ApiTokenStatus::Revoked)
        .member_id(3310)
        .send()
        .await;
    mock.assert_async().await;
    assert!(result.unwrap().into_inner().is_empty());
}

#[tokio::test]
async fn retrieve_api_token_puts_the_uuid_in_the_path() {
    let server = MockServer::start_async().await;
    let path = format!("/v1/api_tokens/{PAT}");
    let mock = serve(&server, GET, &path, 200, "retrieve-api-token").await;

    let result = client(&server)
        .retrieve_api_token()
        .token_id(uuid(PAT))
        .send()
        .await;
    mock.assert_async().await;
    let token = result.unwrap().into_inner();
    assert_laptop_token(&token);
    assert_eq!(token.workspace_id, Some(4127));
}

#[tokio::test]
async fn deleting_tokens_accepts_204() {
    let server = MockServer::start_async().await;
    let own = no_content(&server, DELETE, "/v1/api_tokens/self", &[], 204).await;
    let other = no_content(&server, DELETE, &format!("/v1/api_tokens/{PAT}"), &[], 204).await;

    let api = client(&server);
    let revoked_self = api.self_delete_api_token().send().await.unwrap();
    assert_eq!(revoked_self.status(), 204);
    let revoked = api
        .delete_api_token()
        .token_id(uuid(PAT))
        .send()
        .await
        .unwrap();
    assert_eq!(revoked.status(), 204);
    own.assert_async().await;
    other.assert_async().await;
}

#[tokio::test]
async fn public_jwt_create_posts_the_audience() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path("/v1/auth/jwt").json_body(json!({
                "audience": "https://api.hasmysecretleaked.gitguardian.com",
                "audience_type": "hmsl"
            }));
            reply(then, 200, "public-jwt-create");
        })
        .await;

    let result = client(&server)
        .public_jwt_create()
        .body_map(|b| {
            b.audience("https://api.hasmysecretleaked.gitguardian.com")
                .audience_type(Some("hmsl".to_string()))
        })
        .send()
        .await;
    mock.assert_async().await;
    assert_eq!(
        result.unwrap().into_inner().token,
        "eyJhbGciOiJIUzI1NiJ9.eyJhdWQiOiJleGFtcGxlIn0.ZmFrZS1zaWduYXR1cmUtZm9yLXRlc3Rz"
    );
}

#[tokio::test]
async fn public_oauth_token_posts_client_credentials() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path("/v1/oauth/token").json_body(json!({
                "grant_type": "client_credentials",
                "client_id": "ggshield-ci",
                "client_secret": "fixture-client-secret",
                "scope": "scan incidents:read",
                "lifetime": 3600
            }));
            reply(then, 200, "public-oauth-token");
        })
        .await;

    let result = client(&server)
        .public_oauth_token()
        .body_map(|b| {
            b.grant_type("client_credentials")
                .client_id("ggshield-ci")
                .client_secret("fixture-client-secret")
                .scope(Some("scan incidents:read".to_string()))
                .lifetime(Some(3600))
        })
        .send()
        .await;
    mock.assert_async().await;
    let token = result.unwrap().into_inner();
    assert_eq!(token.access_token, "fixture-access-token-not-a-real-key");
    assert_eq!(token.token_type, "Bearer");
    assert_eq!(token.expires_in, None);
    assert_eq!(token.scope, Some(json!("scan incidents:read")));
    assert_eq!((token.account_id, token.expire_at), (None, None));
    assert_eq!((token.name, token.type_), (None, None));
}
