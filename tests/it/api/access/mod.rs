//! Who can do what in the workspace, and the decoys and tags around it: invitations, members,
//! teams with their invitations, memberships, requests and sources, honeytokens with their notes,
//! sources, events and (deprecated) labels, and custom tags.
//!
//! One file per area; the helpers below keep each test to "mock, call, assert".

mod custom_tags;
mod honeytokens;
mod invitations;
mod members;
mod team_links;
mod teams;

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

/// Answers `method path` with `status` and the fixture of `operation_id`.
async fn serve<'a>(
    server: &'a MockServer,
    method: Method,
    path: &str,
    status: u16,
    operation_id: &str,
) -> Mock<'a> {
    let body = super::fixture(operation_id);
    server
        .mock_async(|when, then| {
            when.method(method).path(path);
            then.status(status)
                .header("content-type", "application/json")
                .json_body(body);
        })
        .await
}

/// Answers `method path` with an empty 204.
async fn no_content<'a>(server: &'a MockServer, method: Method, path: &str) -> Mock<'a> {
    server
        .mock_async(|when, then| {
            when.method(method).path(path);
            then.status(204);
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

/// Requires no query string at all.
fn no_query(when: When) -> When {
    when.query_param_count(".*", ".*", 0)
}
