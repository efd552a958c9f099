//! Retries for production jobs: a scan survives a connection reset and a 503 mid-run (scans
//! are retried by default), and waits asked for with `Retry-After` do not use up
//! `max_attempts`.

use std::time::Duration;

use gitguardian_api_ext::scan::{Document, ScanOptions};
use gitguardian_api_ext::{Error, RetryCause, RetryPolicy};

use crate::ext::support::{builder, fast_policy, raw_response, Events, ScriptedServer};

const CLEAN: &str =
    r#"[{"policy_break_count": 0, "policies": ["Secrets detection"], "policy_breaks": []}]"#;

#[tokio::test]
async fn a_scan_survives_a_reset_and_a_503_mid_run() {
    let server = ScriptedServer::start(vec![
        raw_response(404, &[], r#"{"detail": "Not found."}"#), // no metadata: defaults
        raw_response(200, &[], CLEAN),
        String::new(), // the connection closes without an answer
        raw_response(503, &[], r#"{"detail": "Service unavailable."}"#),
        raw_response(200, &[], CLEAN),
        raw_response(200, &[], CLEAN),
    ])
    .await;
    let events = Events::default();
    let client = events
        .install(builder(&server.base_url).retry_policy(fast_policy().max_attempts(5)))
        .build()
        .unwrap();
    let options = ScanOptions::new()
        .concurrency(1)
        .max_documents_per_request(1);
    let documents = ["a = 1", "b = 2", "c = 3"].map(|text| Document::named("x.py", text));

    let scans = client.scan_with(documents, &options).await.unwrap();

    assert_eq!(scans.len(), 3);
    for scan in &scans {
        assert!(scan.result.is_ok(), "{:?}", scan.result);
    }
    let seen = server.seen();
    let scans_sent = seen
        .iter()
        .filter(|r| r.request_line.starts_with("POST /v1/multiscan"))
        .count();
    assert_eq!(scans_sent, 5, "{seen:?}");
    let causes: Vec<RetryCause> = events.get().iter().map(|e| e.cause).collect();
    assert_eq!(causes.len(), 2, "{causes:?}");
    assert_eq!(
        causes[1],
        RetryCause::Unavailable(reqwest::StatusCode::SERVICE_UNAVAILABLE)
    );
    assert!(events.get().iter().all(|e| e.operation == "multiple_scan"));
}

#[tokio::test]
async fn scans_are_not_retried_when_the_policy_says_so() {
    let server = ScriptedServer::start(vec![
        raw_response(404, &[], r#"{"detail": "Not found."}"#),
        raw_response(503, &[], r#"{"detail": "Service unavailable."}"#),
    ])
    .await;
    let client = builder(&server.base_url)
        .retry_policy(fast_policy().retry_scans(false))
        .build()
        .unwrap();
    let scans = client.scan(["a = 1"]).await.unwrap();
    assert!(scans[0].result.is_err());
    assert_eq!(server.seen().len(), 2);
}

#[tokio::test]
async fn waits_asked_for_with_retry_after_do_not_use_up_max_attempts() {
    let mut script: Vec<String> = (0..6)
        .map(|_| raw_response(429, &["Retry-After: 0"], "{}"))
        .collect();
    script.push(raw_response(
        200,
        &[],
        &crate::ext::support::member_json(7).to_string(),
    ));
    let server = ScriptedServer::start(script).await;
    let events = Events::default();
    let client = events
        .install(builder(&server.base_url).retry_policy(fast_policy().max_attempts(3)))
        .build()
        .unwrap();
    let member = client.members().get(7).await.unwrap();
    assert_eq!(member.id, 7);
    assert_eq!(server.seen().len(), 7);
    assert_eq!(events.get().len(), 6);
}

#[tokio::test]
async fn backoff_retries_still_stop_at_max_attempts() {
    let script = (0..3)
        .map(|_| raw_response(429, &[], "{}"))
        .collect::<Vec<_>>();
    let server = ScriptedServer::start(script).await;
    let client = builder(&server.base_url)
        .retry_policy(
            RetryPolicy::standard()
                .max_attempts(2)
                .base_delay(Duration::from_millis(1))
                .jitter(false),
        )
        .build()
        .unwrap();
    let err = client.members().get(7).await.unwrap_err();
    assert!(matches!(err, Error::RateLimited { .. }), "{err:?}");
    assert_eq!(err.attempts(), Some(2));
}
