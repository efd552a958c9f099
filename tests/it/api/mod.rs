//! The generated client against httpmock, tag by tag: realistic bodies decode into the values
//! they carry (nulls, empty lists, enum values the spec does not know), and requests leave with
//! the method, path, query and body the API expects.

mod access;
mod incidents;
mod live_endpoints;
mod misc;
mod real_shapes;
mod round_trip;
mod status_codes;

use chrono::{DateTime, Utc};
use gitguardian_openapi::{Client, Executor};
use httpmock::{prelude::*, Mock, When};
use serde_json::Value;
use std::num::NonZeroU64;

/// The response body we wrote for `operation_id` (tests/fixtures/responses/<id>.json).
pub fn fixture(operation_id: &str) -> Value {
    let path = format!(
        "{}/fixtures/responses/{operation_id}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A raw generated client pointed at the mock server (plain execution, no retries).
pub fn client(server: &MockServer) -> Client {
    Client::new(&server.base_url(), Executor::default())
}

// Helpers shared by the tag modules (`access`, `incidents`, `misc`), which keep each test to
// "mock, call, assert".

/// An RFC 3339 instant as the client decodes it.
fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

fn uuid(text: &str) -> uuid::Uuid {
    text.parse().unwrap()
}

/// A page size, count or index as the builders take them.
fn nonzero(n: u64) -> NonZeroU64 {
    NonZeroU64::new(n).unwrap()
}

/// Answers `method path` with `status` and the fixture of `operation_id`.
async fn serve<'a>(
    server: &'a MockServer,
    method: Method,
    path: &str,
    status: u16,
    operation_id: &str,
) -> Mock<'a> {
    let body = fixture(operation_id);
    server
        .mock_async(|when, then| {
            when.method(method).path(path);
            then.status(status)
                .header("content-type", "application/json")
                .json_body(body);
        })
        .await
}

/// Answers `method path` carrying exactly the `query` parameters with an empty `status`
/// (204, 202) response.
async fn no_content<'a>(
    server: &'a MockServer,
    method: Method,
    path: &str,
    query_pairs: &[(&str, &str)],
    status: u16,
) -> Mock<'a> {
    server
        .mock_async(|when, then| {
            query(when.method(method).path(path), query_pairs);
            then.status(status);
        })
        .await
}

/// Requires exactly these query parameters (decoded), in any order, and no others.
fn query(when: When, pairs: &[(&str, &str)]) -> When {
    let when = when.query_param_count(".*", ".*", pairs.len());
    pairs
        .iter()
        .fold(when, |when, (name, value)| when.query_param(*name, *value))
}
