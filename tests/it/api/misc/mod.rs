//! The smaller tags, one file each: API tokens, scanning, quota, sources, audit logs, API status
//! and instance metadata, integration health checks, the IP allowlist, GitGuardian's egress IPs
//! and the SCIM endpoints (users, groups, metadata).
//!
//! The helpers below keep each test to "mock, call, assert".

mod api_tokens;
mod audit_logs;
mod health_checks;
mod ip_allowlist;
mod ips;
mod quota;
mod scanning;
mod scim_groups;
mod scim_metadata;
mod scim_users;
mod sources;
mod status;

use chrono::{DateTime, Utc};
use gitguardian_api::Client;
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

fn nonzero(n: u64) -> NonZeroU64 {
    NonZeroU64::new(n).unwrap()
}

fn client(server: &MockServer) -> Client {
    super::client(server)
}

/// Answers any `method path` request with the fixture of `operation_id` and `status`.
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

/// Answers `method path` with an empty `status` (204, 202) response.
async fn no_content<'a>(
    server: &'a MockServer,
    method: Method,
    path: &str,
    status: u16,
) -> Mock<'a> {
    server
        .mock_async(|when, then| {
            when.method(method).path(path);
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

/// A JSON reply of `status` carrying the fixture of `operation_id`.
fn reply(then: httpmock::Then, status: u16, operation_id: &str) -> httpmock::Then {
    then.status(status)
        .header("content-type", "application/json")
        .json_body(super::fixture(operation_id))
}
