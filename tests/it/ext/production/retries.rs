//! Retries for production jobs: a scan survives a connection reset and a 503 mid-run (scans
//! are retried by default), and waits asked for with `Retry-After` do not use up
//! `max_attempts`.

use std::time::Duration;

use gitguardian_api_ext::scan::{Document, ScanOptions};
use gitguardian_api_ext::{Error, RetryCause, RetryPolicy};
use gitguardian_standin::{Fault, Route, Rule};

use crate::ext::support::{builder, canned, fast_policy, members_workspace, stand_in, Events};

const UNAVAILABLE: &str = r#"{"detail": "Service unavailable."}"#;

fn multiscan() -> Route {
    Route::post("/v1/multiscan")
}

#[tokio::test]
async fn a_scan_survives_a_reset_and_a_503_mid_run() {
    let server = stand_in()
        .fault(Rule::new(multiscan()).nth(2).answer(Fault::ConnectionReset))
        .fault(
            Rule::new(multiscan())
                .nth(3)
                .answer(canned(503, &[], UNAVAILABLE)),
        )
        .start()
        .await
        .unwrap();
    let events = Events::default();
    let client = events
        .install(builder(&server.api_url()).retry_policy(fast_policy().max_attempts(5)))
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
    let sent = server.count(&multiscan());
    assert_eq!(sent.requests, 5, "{:?}", server.requests());
    assert_eq!(sent.faults, 2);
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
    let server = stand_in()
        .fault(Rule::new(multiscan()).answer(canned(503, &[], UNAVAILABLE)))
        .start()
        .await
        .unwrap();
    let client = builder(&server.api_url())
        .retry_policy(fast_policy().retry_scans(false))
        .build()
        .unwrap();
    let scans = client.scan(["a = 1"]).await.unwrap();
    assert!(scans[0].result.is_err());
    // The metadata, then one scan.
    assert_eq!(server.requests().len(), 2);
    assert_eq!(server.count(&multiscan()).requests, 1);
}

#[tokio::test]
async fn waits_asked_for_with_retry_after_do_not_use_up_max_attempts() {
    let server = stand_in()
        .workspace(members_workspace([7]))
        .fault(
            Rule::new(Route::get("/v1/members/7"))
                .first(6)
                .answer(Fault::TooManyRequests {
                    retry_after: Some(0),
                }),
        )
        .start()
        .await
        .unwrap();
    let events = Events::default();
    let client = events
        .install(builder(&server.api_url()).retry_policy(fast_policy().max_attempts(3)))
        .build()
        .unwrap();
    let member = client.members().get(7).await.unwrap();
    assert_eq!(member.id, 7);
    assert_eq!(server.requests().len(), 7);
    assert_eq!(events.get().len(), 6);
}

#[tokio::test]
async fn backoff_retries_still_stop_at_max_attempts() {
    let server = stand_in()
        .workspace(members_workspace([7]))
        .fault(
            Rule::new(Route::get("/v1/members/7"))
                .answer(Fault::TooManyRequests { retry_after: None }),
        )
        .start()
        .await
        .unwrap();
    let client = builder(&server.api_url())
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
    assert_eq!(server.requests().len(), 2);
}
