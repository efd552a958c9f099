//! The generated client against httpmock, tag by tag: realistic bodies decode into the values
//! they carry (nulls, empty lists, enum values the spec does not know), and requests leave with
//! the method, path, query and body the API expects.

mod access;
mod incidents;
mod misc;
mod status_codes;

use gitguardian_api::{Client, Executor};
use httpmock::MockServer;
use serde_json::Value;

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
