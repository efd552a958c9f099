//! Secret incidents and everything hanging off them: internal and public incidents, their notes,
//! occurrences and access lists, plus the small catalogues they point to (severity rules,
//! detectors, perimeter developers, code fix requests).
//!
//! One file per area; the helpers below keep each test to "mock, call, assert".

mod catalog;
mod internal;
mod internal_access;
mod notes;
mod occurrences;
mod public;

use chrono::{DateTime, Utc};
use httpmock::{prelude::*, Mock, When};
use std::num::NonZeroU64;

/// An RFC 3339 instant as the client decodes it.
fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

fn uuid(text: &str) -> uuid::Uuid {
    text.parse().unwrap()
}

fn per_page(n: u64) -> NonZeroU64 {
    NonZeroU64::new(n).unwrap()
}

/// Answers `method path` with 200 and the fixture of `operation_id`.
async fn serve<'a>(
    server: &'a MockServer,
    method: Method,
    path: &str,
    operation_id: &str,
) -> Mock<'a> {
    let body = super::fixture(operation_id);
    server
        .mock_async(|when, then| {
            when.method(method).path(path);
            then.status(200)
                .header("content-type", "application/json")
                .json_body(body);
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
