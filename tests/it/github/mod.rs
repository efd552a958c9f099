//! The GitHub secret scanning crate: its surface snapshots, the pipeline guarantees (check,
//! drift, pagination impls) and the request shape of every generated operation.

mod bridge;
mod client;
mod fixtures;
mod pipeline;
mod pipelined;
mod requests;
mod surface;
mod sync_example;

use github_secret_scanning::{Client, Executor};
use httpmock::MockServer;

/// A raw generated client pointed at the mock server (plain execution, no retries).
fn client(server: &MockServer) -> Client {
    Client::new(&server.base_url(), Executor::default())
}
