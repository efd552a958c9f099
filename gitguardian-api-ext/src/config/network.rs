//! Network settings of the builder: extra root certificates, the insecure switch, the proxy,
//! one's own `reqwest::Client`, and the client-side rate limit.
//!
//! Only reqwest's public `ClientBuilder` API is used (`tls_certs_merge`,
//! `tls_danger_accept_invalid_certs`, `proxy`, `no_proxy`), so the settings work whichever
//! rustls crypto provider the workspace selects.

use std::fmt;

use super::ClientBuilder;

/// What the builder was told about the network.
#[derive(Clone, Default)]
pub(super) struct Network {
    /// PEM bundles of extra root certificates, as given.
    pub(super) root_pems: Vec<Vec<u8>>,
    /// Accept any server certificate.
    pub(super) insecure: bool,
    /// An explicit proxy for `https` requests.
    pub(super) proxy: Option<String>,
    /// Ignore `HTTPS_PROXY` and the like.
    pub(super) no_proxy: bool,
    /// The caller's own client.
    pub(super) http_client: Option<reqwest::Client>,
    /// Requests per minute, shared by all clones of the client.
    /// `Some(0)`: no limit, whatever the environment says.
    pub(super) requests_per_minute: Option<u32>,
}

impl fmt::Debug for Network {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Network")
            .field("root_pems", &self.root_pems.len())
            .field("insecure", &self.insecure)
            // A proxy URL may carry credentials.
            .field("proxy", &self.proxy.as_ref().map(|_| "<set>"))
            .field("no_proxy", &self.no_proxy)
            .field("http_client", &self.http_client.is_some())
            .field("requests_per_minute", &self.requests_per_minute)
            .finish()
    }
}

impl ClientBuilder {
    /// Trusts the root certificates of a PEM bundle (one or more `CERTIFICATE` blocks) on top
    /// of the platform's trust store, e.g. the CA of a self-hosted instance behind a
    /// corporate CA. `GITGUARDIAN_CA_BUNDLE` (a path) does the same from the environment;
    /// both add up. The bundle is parsed by [`build`](Self::build).
    ///
    /// ```no_run
    /// let pem = std::fs::read("/etc/ssl/corp-ca.pem")?;
    /// let client = gitguardian_api_ext::GitGuardian::builder()
    ///     .api_key("my-api-key")
    ///     .instance("https://gitguardian.corp.example")
    ///     .add_root_certificates_pem(pem)
    ///     .build()?;
    /// # drop(client);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn add_root_certificates_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.network.root_pems.push(pem.into());
        self
    }

    /// **Turns certificate checks off**: any server certificate is accepted, so anyone on the
    /// path can read the API key. For a throwaway test instance only; prefer
    /// [`add_root_certificates_pem`](Self::add_root_certificates_pem). Builder only (no
    /// environment variable), and logged at `warn` level when the client is built.
    pub fn danger_accept_invalid_certificates(mut self, accept: bool) -> Self {
        self.network.insecure = accept;
        self
    }

    /// Sends `https` requests through this proxy (`http://proxy:3128`, credentials in the
    /// URL if needed), over a `CONNECT` tunnel: the proxy sees the host, never the key or the
    /// data. Without it, `HTTPS_PROXY`, `ALL_PROXY` and `NO_PROXY` are honoured as reqwest
    /// reads them.
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.network.proxy = Some(url.into());
        self
    }

    /// Ignores the proxy environment variables and connects directly.
    pub fn no_proxy(mut self) -> Self {
        self.network.no_proxy = true;
        self
    }

    /// Sends requests with this `reqwest::Client` (to share a connection pool, or for TLS or
    /// proxy settings this builder does not offer). That client then owns the transport:
    /// timeouts, TLS roots, the insecure switch, proxies and redirects are its settings, and
    /// setting them here as well is an [`Error::InvalidConfig`](crate::Error::InvalidConfig).
    /// The key, the user agent and the default headers are still added by this client, to
    /// each request; retries and the rate limit still apply.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.network.http_client = Some(client);
        self
    }

    /// A client-side budget of requests per minute, shared by all clones of the client and
    /// counting every attempt (retries included): requests are spaced evenly, `60 / n`
    /// seconds apart, so a job held to the workspace's budget (200 per minute per personal
    /// token on Business, 1,000 per service account; 2,000 / 10,000 on Enterprise) sees no
    /// `429`. `GITGUARDIAN_REQUESTS_PER_MINUTE` sets it from the environment. `0` means no
    /// limit.
    ///
    /// ```
    /// let client = gitguardian_api_ext::GitGuardian::builder()
    ///     .api_key("my-api-key")
    ///     .requests_per_minute(200)
    ///     .build()?;
    /// # drop(client);
    /// # Ok::<(), gitguardian_api_ext::Error>(())
    /// ```
    pub fn requests_per_minute(mut self, budget: u32) -> Self {
        self.network.requests_per_minute = Some(budget);
        self
    }
}
