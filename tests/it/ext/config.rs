//! Builder and environment: precedence, key handling, user agent, headers, timeouts.

use std::collections::HashMap;
use std::time::Duration;

use gitguardian_api_ext::{ClientBuilder, Error, GitGuardian, Region, TransportKind};
use httpmock::prelude::*;
use reqwest::header::{HeaderName, HeaderValue};
use serde_json::json;

use super::support::{builder, member_json, KEY, UA};

fn lookup(vars: &[(&str, &str)]) -> impl FnMut(&str) -> Option<String> {
    let map: HashMap<String, String> = vars
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    move |name| map.get(name).cloned()
}

#[test]
fn environment_precedence_follows_ggshield() {
    const INSTANCE: &str = "GITGUARDIAN_INSTANCE";
    const API_URL: &str = "GITGUARDIAN_API_URL";
    type Case<'a> = (&'a [(&'a str, &'a str)], Option<Region>, &'a str);
    let cases: &[Case] = &[
        (&[], None, "https://api.gitguardian.com"),
        (
            &[(API_URL, "https://api.eu1.gitguardian.com/v1")],
            None,
            "https://api.eu1.gitguardian.com",
        ),
        (
            &[(INSTANCE, "https://gg.example.com")],
            None,
            "https://gg.example.com/exposed",
        ),
        (
            &[
                (INSTANCE, "https://gg.example.com"),
                (API_URL, "https://api.eu1.gitguardian.com"),
            ],
            None,
            "https://gg.example.com/exposed",
        ),
        (
            &[(INSTANCE, ""), (API_URL, "https://api.eu1.gitguardian.com")],
            None,
            "https://api.eu1.gitguardian.com",
        ),
        (
            &[(INSTANCE, "  "), (API_URL, "")],
            None,
            "https://api.gitguardian.com",
        ),
        (
            &[
                (INSTANCE, "https://gg.example.com"),
                (API_URL, "https://api.eu1.gitguardian.com"),
            ],
            Some(Region::Us),
            "https://api.gitguardian.com",
        ),
        (
            &[(INSTANCE, "https://gg.example.com")],
            Some(Region::api_url("https://other.example.com/exposed/v1")),
            "https://other.example.com/exposed",
        ),
    ];
    for (vars, explicit, expected) in cases {
        let mut builder = ClientBuilder::from_lookup(lookup(vars)).api_key("k");
        if let Some(region) = explicit {
            builder = builder.region(region.clone());
        }
        let client = builder.build().unwrap_or_else(|e| panic!("{vars:?}: {e}"));
        assert_eq!(client.endpoint().root(), *expected, "{vars:?} {explicit:?}");
    }
}

#[test]
fn explicit_setting_wins_over_environment_in_any_order() {
    let builder = ClientBuilder::from_lookup(lookup(&[(
        "GITGUARDIAN_INSTANCE",
        "https://gg.example.com",
    )]))
    .region(Region::Eu);
    assert_eq!(builder.resolved_region(), Region::Eu);
    let builder = ClientBuilder::from_lookup(lookup(&[])).instance("https://gg.example.com");
    assert_eq!(
        builder.resolved_region(),
        Region::instance("https://gg.example.com")
    );
}

#[test]
fn a_missing_key_is_a_configuration_error() {
    let err = ClientBuilder::from_lookup(lookup(&[])).build().unwrap_err();
    assert!(matches!(err, Error::InvalidConfig(_)), "{err:?}");
    assert!(err.to_string().contains("GITGUARDIAN_API_KEY"), "{err}");
    let err = GitGuardian::builder().api_key("   ").build().unwrap_err();
    assert!(matches!(err, Error::InvalidConfig(_)), "{err:?}");
}

#[test]
fn refused_url_fails_at_build() {
    let err = GitGuardian::builder()
        .api_key(KEY)
        .instance("http://gg.example.com")
        .build()
        .unwrap_err();
    assert!(matches!(err, Error::InvalidConfig(_)), "{err:?}");
    assert!(err.to_string().contains("https"), "{err}");
}

#[test]
fn zero_timeouts_are_refused() {
    for builder in [
        GitGuardian::builder().api_key(KEY).timeout(Duration::ZERO),
        GitGuardian::builder()
            .api_key(KEY)
            .connect_timeout(Duration::ZERO),
    ] {
        let err = builder.build().unwrap_err();
        assert!(matches!(err, Error::InvalidConfig(_)), "{err:?}");
    }
}

#[test]
fn a_bad_user_agent_suffix_is_refused() {
    let err = GitGuardian::builder()
        .api_key(KEY)
        .user_agent_suffix("tool\n/1")
        .build()
        .unwrap_err();
    assert!(matches!(err, Error::InvalidConfig(_)), "{err:?}");
}

#[tokio::test]
async fn env_key_is_used_and_an_explicit_key_wins() {
    let server = MockServer::start_async().await;
    let env_key = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/health")
                .header("authorization", "Token from-env");
            then.status(200)
                .json_body(json!({"detail": "Valid API key."}));
        })
        .await;
    let explicit = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/health")
                .header("authorization", "Token explicit");
            then.status(200)
                .json_body(json!({"detail": "Valid API key."}));
        })
        .await;
    let vars = [
        ("GITGUARDIAN_API_KEY", "from-env"),
        ("GITGUARDIAN_API_URL", ""),
    ];
    let base = server.base_url();

    let client = ClientBuilder::from_lookup(lookup(&vars))
        .api_url(&base)
        .build()
        .unwrap();
    client.health().await.unwrap();
    let client = ClientBuilder::from_lookup(lookup(&vars))
        .api_url(&base)
        .api_key("explicit")
        .build()
        .unwrap();
    client.health().await.unwrap();

    assert_eq!(env_key.calls_async().await, 1);
    assert_eq!(explicit.calls_async().await, 1);
}

#[tokio::test]
async fn user_agent_auth_and_default_headers_are_sent() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/members/7")
                .header("authorization", format!("Token {KEY}"))
                .header("user-agent", format!("{UA} my-tool/1.2"))
                .header("x-team", "security")
                .header("accept", "application/json");
            then.status(200).json_body(member_json(7));
        })
        .await;
    let client = builder(&server.base_url())
        .user_agent_suffix("my-tool/1.2")
        .default_header(
            HeaderName::from_static("x-team"),
            HeaderValue::from_static("security"),
        )
        // The client's own Authorization and User-Agent win over default headers.
        .default_header(
            HeaderName::from_static("authorization"),
            HeaderValue::from_static("Token other"),
        )
        .default_header(
            HeaderName::from_static("user-agent"),
            HeaderValue::from_static("other/1"),
        )
        .build()
        .unwrap();
    let member = client.members().get(7).await.unwrap();
    assert_eq!(member.id, 7);
    assert_eq!(mock.calls_async().await, 1);
}

#[tokio::test]
async fn default_user_agent_names_the_crate_and_version() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/health").header("user-agent", UA);
            then.status(200)
                .json_body(json!({"detail": "Valid API key."}));
        })
        .await;
    let client = builder(&server.base_url()).build().unwrap();
    assert_eq!(client.health().await.unwrap().detail, "Valid API key.");
    assert_eq!(mock.calls_async().await, 1);
}

#[tokio::test]
async fn self_hosted_instances_are_reached_under_exposed() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/exposed/v1/health");
            then.status(200)
                .json_body(json!({"detail": "Valid API key."}));
        })
        .await;
    // The mock stands for a self-hosted dashboard on loopback.
    let client = builder(&server.base_url())
        .instance(server.base_url() + "/")
        .build()
        .unwrap();
    client.health().await.unwrap();
    let client = builder(&server.base_url())
        .api_url(server.base_url() + "/exposed/v1/")
        .build()
        .unwrap();
    client.health().await.unwrap();
    assert_eq!(mock.calls_async().await, 2);
}

#[tokio::test]
async fn request_timeout_applies_to_each_attempt() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/health");
            then.status(200)
                .delay(Duration::from_secs(2))
                .json_body(json!({"detail": "late"}));
        })
        .await;
    let client = builder(&server.base_url())
        .timeout(Duration::from_millis(100))
        .retry_policy(gitguardian_api_ext::RetryPolicy::disabled())
        .build()
        .unwrap();
    let err = client.health().await.unwrap_err();
    match &err {
        Error::Transport {
            kind,
            attempts,
            operation,
            ..
        } => {
            assert_eq!(*kind, TransportKind::Timeout);
            assert_eq!(*attempts, 1);
            assert_eq!(*operation, "api_health");
        }
        other => panic!("expected a timeout, got {other:?}"),
    }
    assert!(err.to_string().contains("timed out"), "{err}");
}
