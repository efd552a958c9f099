//! The contenders, each used the way its users would: our client, a hand-written loop on a
//! bare `reqwest::Client` (the limit), the official Rust client `gitguardian-client` 0.1 (async
//! reqwest backend), and `pygitguardian` 1.35 in a Python child process.

pub mod list;
pub mod pygitguardian;
pub mod scan;

use std::time::Duration;

use gitguardian_api_ext::GitGuardian;

use crate::standin::API_KEY;

/// Our client for `api_url` (`http://127.0.0.1:<port>/v1`), with its default settings.
pub fn ext(api_url: &str) -> Result<GitGuardian, String> {
    GitGuardian::builder()
        .api_key(API_KEY)
        .api_url(api_url)
        .build()
        .map_err(|error| error.to_string())
}

/// A bare `reqwest` client with what any hand-written loop sets: a timeout.
pub fn bare_reqwest() -> Result<reqwest::Client, String> {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .build()
        .map_err(|error| error.to_string())
}

/// The official client for `api_url`, built as its documentation shows.
pub fn official(api_url: &str) -> Result<gitguardian_client::reqwest::Client, String> {
    // Its endpoints are joined to the base URI, which must end with a slash.
    let config = gitguardian_client::api::ApiConfig::with_base_uri(API_KEY, &format!("{api_url}/"))
        .map_err(|error| error.to_string())?;
    Ok(gitguardian_client::reqwest::Client::new(config))
}

/// `Authorization` header value for hand-written requests.
pub fn authorization() -> String {
    format!("Token {API_KEY}")
}
