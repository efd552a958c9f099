//! The GitGuardian stand-in (`gitguardian-standin`) driven through our client, and over raw
//! HTTP where the behaviour is the server's own (faults, TLS, limits).

mod budget;
mod changes;
mod faults;
pub(crate) mod github;
mod lists;
mod rendering;
mod scans;
mod seeded_flow;
mod tls;

use gitguardian_api_ext::{GitGuardian, RetryPolicy};
use gitguardian_standin::StandIn;

/// A client for `stand_in` with `policy`.
pub fn client_with(stand_in: &StandIn, policy: RetryPolicy) -> GitGuardian {
    GitGuardian::builder()
        .api_key(stand_in.api_key())
        .api_url(stand_in.api_url())
        .retry_policy(policy)
        .build()
        .expect("client for the stand-in")
}

/// A client for `stand_in` that does not retry: every fault reaches the test.
pub fn client(stand_in: &StandIn) -> GitGuardian {
    client_with(stand_in, RetryPolicy::disabled())
}

/// `GET <api_url><path_and_query>` with the stand-in's key, over plain reqwest.
pub async fn get(stand_in: &StandIn, path_and_query: &str) -> reqwest::Response {
    http()
        .get(format!("{}{path_and_query}", stand_in.api_url()))
        .header("authorization", format!("Token {}", stand_in.api_key()))
        .send()
        .await
        .expect("request reaches the stand-in")
}

/// One HTTP client for every raw request (building one loads the system's roots, which is
/// slow). It keeps no idle connection: each test has its own runtime, and a pooled connection
/// must not outlive the runtime that opened it.
pub fn http() -> &'static reqwest::Client {
    static HTTP: std::sync::OnceLock<reqwest::Client> = std::sync::OnceLock::new();
    HTTP.get_or_init(|| {
        reqwest::Client::builder()
            .pool_max_idle_per_host(0)
            .build()
            .expect("HTTP client")
    })
}
