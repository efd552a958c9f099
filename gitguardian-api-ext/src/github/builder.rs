//! Building a [`GitHub`] client: token, base URL, retry policy.

use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, AUTHORIZATION, USER_AGENT};
use url::Url;

use super::GitHub;
use crate::call::executor::{RetryExecutor, RetryHook};
use crate::call::{RetryEvent, RetryPolicy};
use crate::error::Error;

/// The REST API version every request asks for (`X-GitHub-Api-Version`).
pub const API_VERSION: &str = "2022-11-28";

/// GitHub.com and GitHub Enterprise Cloud.
pub const DEFAULT_BASE_URL: &str = "https://api.github.com";

/// The `User-Agent` of every request (GitHub refuses requests without one).
const USER_AGENT_VALUE: &str = concat!("gitguardian-api-ext/", env!("CARGO_PKG_VERSION"));

/// How long one attempt may take, connection included.
const TIMEOUT: Duration = Duration::from_secs(30);

/// Options for [`GitHub`]; [`build`](GitHubBuilder::build) checks them before any request.
#[derive(Default)]
pub struct GitHubBuilder {
    token: Option<String>,
    base_url: Option<String>,
    retry: RetryPolicy,
    on_retry: Option<RetryHook>,
}

impl GitHubBuilder {
    /// The token sent as `Authorization: Bearer <token>` (a personal access token, a GitHub
    /// App installation token or an OAuth token with the `security_events` or `repo` scope).
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(token.into());
        self
    }

    /// A GitHub Enterprise Server host (`github.example.com`): the API is at
    /// `https://HOST/api/v3`.
    pub fn enterprise_server(mut self, host: &str) -> Self {
        self.base_url = Some(format!(
            "https://{}/api/v3",
            host.trim().trim_end_matches('/')
        ));
        self
    }

    /// Any API root (a GHES URL you already have, or a local stand-in); http only to loopback.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// The retry policy (the same one as GitGuardian's client; [`RetryPolicy::standard`]
    /// by default). Rate-limit waits are capped by its `max_delay` and `max_total_wait`.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Told about each retry (cause, wait, what the server asked for).
    pub fn on_retry(mut self, hook: impl Fn(&RetryEvent) + Send + Sync + 'static) -> Self {
        self.on_retry = Some(Arc::new(hook));
        self
    }

    /// Checks the options and builds the client. Sends nothing.
    pub fn build(self) -> Result<GitHub, Error> {
        let base = base_url(self.base_url.as_deref().unwrap_or(DEFAULT_BASE_URL))?;
        let mut headers = HeaderMap::new();
        headers.insert(AUTHORIZATION, bearer(self.token.as_deref())?);
        headers.insert(
            "x-github-api-version",
            HeaderValue::from_static(API_VERSION),
        );
        headers.insert(USER_AGENT, HeaderValue::from_static(USER_AGENT_VALUE));
        // reqwest is built without a default TLS provider: install ours (ring) unless the
        // application installed one, as the GitGuardian client does.
        crate::tls::ensure_crypto_provider();
        let http = reqwest::Client::builder()
            .default_headers(headers)
            .timeout(TIMEOUT)
            .build()
            .map_err(|e| Error::InvalidConfig(format!("building the HTTP client: {e}")))?;
        let executor = github_secret_scanning::Executor::new(RetryExecutor {
            policy: self.retry,
            on_retry: self.on_retry,
            limiter: None,
            // The generated code sets `Accept: application/json` on each request, over the
            // transport's defaults; the executor's headers go on last.
            headers: Some(HeaderMap::from_iter([(
                ACCEPT,
                HeaderValue::from_static("application/vnd.github+json"),
            )])),
        });
        Ok(GitHub {
            raw: github_secret_scanning::Client::new_with_client(&base, http, executor),
        })
    }
}

/// `Bearer <token>`, marked sensitive so that it never shows in debug output.
fn bearer(token: Option<&str>) -> Result<HeaderValue, Error> {
    let token = token.map(str::trim).unwrap_or_default();
    if token.is_empty() {
        return Err(Error::InvalidConfig(
            "a GitHub token is required (GitHubBuilder::token, e.g. from GITHUB_TOKEN)".into(),
        ));
    }
    if token.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(Error::InvalidConfig(
            "the GitHub token has whitespace or control characters inside it".into(),
        ));
    }
    let mut value = HeaderValue::try_from(format!("Bearer {token}")).map_err(|_| {
        Error::InvalidConfig("the GitHub token cannot be sent in an HTTP header".into())
    })?;
    value.set_sensitive(true);
    Ok(value)
}

/// The API root without a trailing slash: https, or http to loopback only.
fn base_url(text: &str) -> Result<String, Error> {
    let url = Url::parse(text.trim())
        .map_err(|e| Error::InvalidConfig(format!("`{text}` is not a valid base URL: {e}")))?;
    let loopback = match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    };
    match url.scheme() {
        "https" => {}
        "http" if loopback => {}
        other => {
            return Err(Error::InvalidConfig(format!(
                "refusing `{other}` for the GitHub base URL `{text}`: use https"
            )))
        }
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::InvalidConfig(format!(
            "the GitHub base URL `{text}` must not have a query or fragment"
        )));
    }
    Ok(url.as_str().trim_end_matches('/').to_string())
}
