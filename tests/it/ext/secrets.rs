//! The API key never shows: not in `Debug`, error messages or tracing output at TRACE level.

use gitguardian_api_ext::{ApiKey, ClientBuilder, Error, GitGuardian};
use gitguardian_standin::{Fault, Route, Rule};
use httpmock::prelude::*;
use serde_json::json;

use super::support::{
    builder, canned, closed_port, members_workspace, no_retry_client, stand_in, trace_subscriber,
    Captured, KEY,
};

fn assert_no_key(what: &str, text: &str) {
    assert!(!text.contains(KEY), "{what} leaks the key: {text}");
    // Not even a recognisable part of it.
    assert!(
        !text.contains("d3adb33f"),
        "{what} leaks part of the key: {text}"
    );
}

#[test]
fn key_is_absent_from_debug_output() {
    let builder = GitGuardian::builder().api_key(KEY);
    assert_no_key("builder Debug", &format!("{builder:?}"));
    let from_env =
        ClientBuilder::from_lookup(|name| (name == "GITGUARDIAN_API_KEY").then(|| KEY.to_string()));
    assert_no_key("env builder Debug", &format!("{from_env:?}"));
    let client = builder.build().unwrap();
    assert_no_key("client Debug", &format!("{client:?}"));
    assert_no_key("client Debug (pretty)", &format!("{client:#?}"));
    assert_no_key("raw client Debug", &format!("{:?}", client.raw()));
    assert_no_key("ApiKey Debug", &format!("{:?}", ApiKey::new(KEY)));
    let header = ApiKey::new(KEY).header_value().unwrap();
    assert!(header.is_sensitive());
    assert_no_key("header Debug", &format!("{header:?}"));
}

#[test]
fn a_key_a_header_cannot_carry_is_refused_without_echo() {
    for bad in [
        format!("{KEY}\u{e9}"),
        format!("{KEY} extra"),
        format!("{KEY}\u{0}x"),
        format!("Token\n{KEY}"),
    ] {
        let err = GitGuardian::builder()
            .api_key(bad.as_str())
            .build()
            .unwrap_err();
        assert!(matches!(err, Error::InvalidConfig(_)), "{err:?}");
        assert!(err.to_string().contains("header"), "{err}");
        assert_no_key("invalid key error", &err.to_string());
        assert_no_key("invalid key error Debug", &format!("{err:?}"));
    }
}

#[test]
fn surrounding_whitespace_is_trimmed_from_keys() {
    assert_eq!(ApiKey::new(format!("  {KEY}\n")).expose(), KEY);
}

#[tokio::test]
async fn key_is_absent_from_errors() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/v1/members/1");
            then.status(401)
                .header("www-authenticate", "Token")
                .header("x-request-id", "req-401")
                .json_body(json!({"detail": "Invalid API key."}));
        })
        .await;
    let err = no_retry_client(&server.base_url())
        .members()
        .get(1)
        .await
        .unwrap_err();
    assert_no_key("401 error", &err.to_string());
    assert_no_key("401 error Debug", &format!("{err:?}"));

    let client = builder(&format!("http://127.0.0.1:{}", closed_port()))
        .build()
        .unwrap();
    let err = client.members().get(1).await.unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert_no_key("transport error", &err.to_string());
    assert_no_key("transport error Debug", &format!("{err:?}"));
    let mut source = std::error::Error::source(&err);
    while let Some(inner) = source {
        assert_no_key("error source", &inner.to_string());
        assert_no_key("error source Debug", &format!("{inner:?}"));
        source = inner.source();
    }
}

#[tokio::test]
async fn key_is_absent_from_trace_output() {
    let capture = Captured::default();
    let _guard = tracing::subscriber::set_default(trace_subscriber(&capture));

    // A retried 429, a success, a 401, a connection failure: every code path that logs.
    let member = || Rule::new(Route::get("/v1/members/1"));
    let server = stand_in()
        .workspace(members_workspace([1]))
        .fault(member().once().answer(Fault::TooManyRequests {
            retry_after: Some(0),
        }))
        .fault(member().nth(3).answer(canned(
            401,
            &[("www-authenticate", "Token")],
            r#"{"detail":"Invalid API key."}"#,
        )))
        .start()
        .await
        .unwrap();
    let client = builder(&server.api_url()).build().unwrap();
    client.members().get(1).await.unwrap();
    client.members().get(1).await.unwrap_err();
    let unreachable = builder(&format!("http://127.0.0.1:{}", closed_port()))
        .build()
        .unwrap();
    unreachable.members().get(1).await.unwrap_err();

    // The key did go out, on every request: the stand-in accepts `Token <KEY>` only, and
    // injects faults only into requests it accepted.
    let seen = server.requests();
    assert_eq!(seen.len(), 3);
    assert_eq!(server.counters().unauthorized, 0);
    let answers: Vec<_> = seen.iter().map(|r| (r.status, r.fault)).collect();
    assert_eq!(
        answers,
        [(429, Some("429")), (200, None), (401, Some("canned"))]
    );

    let text = capture.text();
    if std::env::var_os("SHOW_TRACE").is_some() {
        eprintln!("{text}");
    }
    assert!(text.contains("retrying GitGuardian API request"), "{text}");
    assert!(text.contains("rate limited"), "{text}");
    assert!(text.contains("TRACE") || text.contains("DEBUG"), "{text}");
    assert_no_key("tracing output", &text);
}
