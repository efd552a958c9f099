//! The workflow wrappers against httpmock: each call leaves with the method, path, query and
//! JSON body the API expects and returns the fixture's values decoded; refused arguments are
//! an `Error::InvalidInput` and reach no server.

mod account;
mod audit_logs;
mod bulk;
mod honeytokens;
mod incidents;
mod members;
mod notes;
mod occurrences;
mod public_incidents;
mod remediation;
mod teams;

use chrono::{DateTime, Utc};
use gitguardian_api_ext::{Error, GitGuardian, Items};
use httpmock::{prelude::*, Mock, Then, When};
use serde_json::Value;

/// A client for the mock server, without retries (every request is seen once).
fn client(server: &MockServer) -> GitGuardian {
    super::support::no_retry_client(&server.base_url())
}

/// The response body we wrote for `operation_id`.
fn fixture(operation_id: &str) -> Value {
    crate::api::fixture(operation_id)
}

/// Answers `status` with the fixture of `operation_id` as JSON.
fn answer(then: Then, status: u16, operation_id: &str) -> Then {
    then.status(status)
        .header("content-type", "application/json")
        .json_body(fixture(operation_id))
}

/// Requires exactly these query parameters (decoded), in any order, and no others.
fn query(when: When, pairs: &[(&str, &str)]) -> When {
    let when = when.query_param_count(".*", ".*", pairs.len());
    pairs
        .iter()
        .fold(when, |when, (name, value)| when.query_param(*name, *value))
}

/// A mock answering any request, to prove that none was sent.
async fn any_request(server: &MockServer) -> Mock<'_> {
    server
        .mock_async(|_when, then| {
            then.status(500)
                .header("content-type", "application/json")
                .json_body(serde_json::json!({"detail": "no request was expected"}));
        })
        .await
}

/// The `InvalidInput` message of `result`, which must be that error.
fn invalid_input<T: std::fmt::Debug>(result: Result<T, Error>) -> String {
    match result {
        Err(Error::InvalidInput(message)) => message,
        other => panic!("expected Error::InvalidInput, got {other:?}"),
    }
}

/// The items of a stream that must fail at once with `InvalidInput`: its message, after
/// checking the stream then ends.
async fn refused_stream<T: Send + std::fmt::Debug>(items: Items<'_, T>) -> String {
    use futures::StreamExt;
    let yielded: Vec<Result<T, Error>> = items.collect().await;
    assert_eq!(yielded.len(), 1, "one error and nothing else: {yielded:?}");
    invalid_input(yielded.into_iter().next().expect("one item"))
}

/// An RFC 3339 instant as the client decodes it.
fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .expect("RFC 3339")
        .with_timezone(&Utc)
}
