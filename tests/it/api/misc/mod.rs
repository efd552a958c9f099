//! The smaller tags, one file each: API tokens, scanning, quota, sources, audit logs, API status
//! and instance metadata, integration health checks, the IP allowlist, GitGuardian's egress IPs
//! and the SCIM endpoints (users, groups, metadata).
//!
//! The helpers in `api` (and `reply` below) keep each test to "mock, call, assert".

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

use super::{at, client, fixture, no_content, nonzero, query, serve, uuid};

/// A JSON reply of `status` carrying the fixture of `operation_id`.
fn reply(then: httpmock::Then, status: u16, operation_id: &str) -> httpmock::Then {
    then.status(status)
        .header("content-type", "application/json")
        .json_body(fixture(operation_id))
}
