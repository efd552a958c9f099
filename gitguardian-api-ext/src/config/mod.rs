//! The client builder: key, region, timeouts, headers, retries, and the environment chain.
//! Network settings (TLS roots, proxy, own `reqwest::Client`, rate limit) are in
//! [`network`]; turning all of it into a client is [`build`].
//!
//! Settings resolve as an explicit chain, each step a small function: a value set on the
//! builder wins over the environment, which wins over the default (the US region). Within the
//! environment, `GITGUARDIAN_INSTANCE` wins over `GITGUARDIAN_API_URL`, as in ggshield.

mod build;
mod network;

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use crate::auth::ApiKey;
use crate::call::executor::RetryHook;
use crate::call::{RetryEvent, RetryPolicy};
use crate::client::GitGuardian;
use crate::error::Error;
use crate::region::Region;
use network::Network;

/// Environment variable holding the API key.
pub const ENV_API_KEY: &str = "GITGUARDIAN_API_KEY";
/// Environment variable holding the dashboard URL of the instance.
pub const ENV_INSTANCE: &str = "GITGUARDIAN_INSTANCE";
/// Environment variable holding the API URL.
pub const ENV_API_URL: &str = "GITGUARDIAN_API_URL";
/// Environment variable holding the time allowed for one attempt, in whole seconds
/// (1..=3600), as ggshield reads it.
pub const ENV_API_TIMEOUT: &str = "GITGUARDIAN_API_TIMEOUT";
/// Environment variable holding the path of a PEM bundle of extra root certificates.
pub const ENV_CA_BUNDLE: &str = "GITGUARDIAN_CA_BUNDLE";
/// Environment variable holding the client-side budget of requests per minute.
pub const ENV_REQUESTS_PER_MINUTE: &str = "GITGUARDIAN_REQUESTS_PER_MINUTE";

/// Default time allowed to open a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default time allowed for one attempt of a request, from sending to the end of the body.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// Builds a [`GitGuardian`] client.
///
/// ```
/// use std::time::Duration;
/// use gitguardian_api_ext::{GitGuardian, Region, RetryPolicy};
///
/// let client = GitGuardian::builder()
///     .api_key("my-api-key")
///     .region(Region::Eu)
///     .timeout(Duration::from_secs(30))
///     .user_agent_suffix("my-tool/1.0")
///     .retry_policy(RetryPolicy::standard().max_attempts(3))
///     .build()?;
/// assert_eq!(client.endpoint().api_url(), "https://api.eu1.gitguardian.com/v1");
/// # Ok::<(), gitguardian_api_ext::Error>(())
/// ```
#[derive(Clone)]
#[must_use = "a builder does nothing until `build` is called"]
pub struct ClientBuilder {
    api_key: Option<ApiKey>,
    region: Option<Region>,
    env: EnvSettings,
    connect_timeout: Duration,
    /// Set on the builder; wins over `GITGUARDIAN_API_TIMEOUT` and [`DEFAULT_TIMEOUT`].
    timeout: Option<Duration>,
    user_agent_suffix: Option<String>,
    headers: HeaderMap,
    retry: RetryPolicy,
    on_retry: Option<RetryHook>,
    network: Network,
}

/// What the environment said, kept apart so that builder settings win whatever the order of
/// calls.
#[derive(Clone, Default)]
struct EnvSettings {
    api_key: Option<ApiKey>,
    instance: Option<String>,
    api_url: Option<String>,
    timeout: Option<String>,
    ca_bundle: Option<String>,
    requests_per_minute: Option<String>,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder::new()
    }
}

impl ClientBuilder {
    /// A builder with defaults and nothing read from the environment.
    pub fn new() -> Self {
        ClientBuilder {
            api_key: None,
            region: None,
            env: EnvSettings::default(),
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            timeout: None,
            user_agent_suffix: None,
            headers: HeaderMap::new(),
            retry: RetryPolicy::standard(),
            on_retry: None,
            network: Network::default(),
        }
    }

    /// A builder reading `GITGUARDIAN_API_KEY`, `GITGUARDIAN_INSTANCE` and
    /// `GITGUARDIAN_API_URL` from the process environment. Settings made on the builder
    /// afterwards win over the environment.
    ///
    /// ```no_run
    /// use gitguardian_api_ext::ClientBuilder;
    ///
    /// let client = ClientBuilder::from_env().user_agent_suffix("my-cli/2.1").build()?;
    /// # drop(client);
    /// # Ok::<(), gitguardian_api_ext::Error>(())
    /// ```
    pub fn from_env() -> Self {
        ClientBuilder::from_lookup(|name| std::env::var(name).ok())
    }

    /// Like [`from_env`](Self::from_env), reading variables through `lookup` (handy for tests
    /// and for configuration files that mimic the environment). Empty values count as unset.
    ///
    /// ```
    /// use gitguardian_api_ext::ClientBuilder;
    ///
    /// let client = ClientBuilder::from_lookup(|name| match name {
    ///     "GITGUARDIAN_API_KEY" => Some("my-api-key".to_string()),
    ///     "GITGUARDIAN_INSTANCE" => Some("https://dashboard.eu1.gitguardian.com".to_string()),
    ///     _ => None,
    /// })
    /// .build()?;
    /// assert_eq!(client.endpoint().root(), "https://api.eu1.gitguardian.com");
    /// # Ok::<(), gitguardian_api_ext::Error>(())
    /// ```
    pub fn from_lookup(mut lookup: impl FnMut(&str) -> Option<String>) -> Self {
        let mut read = |name: &str| lookup(name).filter(|value| !value.trim().is_empty());
        let mut builder = ClientBuilder::new();
        builder.env = EnvSettings {
            api_key: read(ENV_API_KEY).map(ApiKey::new),
            instance: read(ENV_INSTANCE),
            api_url: read(ENV_API_URL),
            timeout: read(ENV_API_TIMEOUT),
            ca_bundle: read(ENV_CA_BUNDLE),
            requests_per_minute: read(ENV_REQUESTS_PER_MINUTE),
        };
        builder
    }

    /// The API key (wins over `GITGUARDIAN_API_KEY`).
    pub fn api_key(mut self, key: impl Into<ApiKey>) -> Self {
        self.api_key = Some(key.into());
        self
    }

    /// The region or instance (wins over `GITGUARDIAN_INSTANCE` and `GITGUARDIAN_API_URL`).
    pub fn region(mut self, region: Region) -> Self {
        self.region = Some(region);
        self
    }

    /// Shorthand for `region(Region::instance(dashboard_url))`.
    pub fn instance(self, dashboard_url: impl Into<String>) -> Self {
        self.region(Region::instance(dashboard_url))
    }

    /// Shorthand for `region(Region::api_url(api_url))`.
    pub fn api_url(self, api_url: impl Into<String>) -> Self {
        self.region(Region::api_url(api_url))
    }

    /// Time allowed to open a connection (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Time allowed for each attempt of a request, up to the end of its body (default 60 s,
    /// or `GITGUARDIAN_API_TIMEOUT` seconds). Waits between retries are not counted.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Appended to the `User-Agent` after `gitguardian-api-ext/<version>`, to name your
    /// integration, e.g. `my-tool/1.2`.
    pub fn user_agent_suffix(mut self, suffix: impl Into<String>) -> Self {
        self.user_agent_suffix = Some(suffix.into());
        self
    }

    /// Adds a header sent with every request. `Authorization` and `User-Agent` are set by
    /// the client and cannot be overridden here.
    ///
    /// ```
    /// use gitguardian_api_ext::GitGuardian;
    /// use reqwest::header::{HeaderName, HeaderValue};
    ///
    /// let client = GitGuardian::builder()
    ///     .api_key("my-api-key")
    ///     .default_header(
    ///         HeaderName::from_static("x-team"),
    ///         HeaderValue::from_static("security"),
    ///     )
    ///     .build()?;
    /// # drop(client);
    /// # Ok::<(), gitguardian_api_ext::Error>(())
    /// ```
    pub fn default_header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.insert(name, value);
        self
    }

    /// Adds headers sent with every request (see [`default_header`](Self::default_header)).
    pub fn default_headers(mut self, headers: HeaderMap) -> Self {
        self.headers.extend(headers);
        self
    }

    /// The retry policy (default [`RetryPolicy::standard`]).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Called before each retry's wait, e.g. to tell a user "rate limited, waiting 12 s".
    /// Every retry is also logged as a `tracing` event at INFO level (target
    /// `gitguardian_api_ext::execute`), with the wait, the attempt and the cause.
    ///
    /// ```
    /// use gitguardian_api_ext::{GitGuardian, RetryCause};
    ///
    /// let client = GitGuardian::builder()
    ///     .api_key("my-api-key")
    ///     .on_retry(|event| {
    ///         if event.cause == RetryCause::RateLimited {
    ///             eprintln!("rate limited, waiting {} s", event.wait.as_secs());
    ///         }
    ///     })
    ///     .build()?;
    /// # drop(client);
    /// # Ok::<(), gitguardian_api_ext::Error>(())
    /// ```
    pub fn on_retry(mut self, hook: impl Fn(&RetryEvent) + Send + Sync + 'static) -> Self {
        self.on_retry = Some(Arc::new(hook));
        self
    }

    /// The region after the chain builder > `GITGUARDIAN_INSTANCE` > `GITGUARDIAN_API_URL` >
    /// US.
    ///
    /// ```
    /// use gitguardian_api_ext::{ClientBuilder, Region};
    ///
    /// let builder = ClientBuilder::from_lookup(|name| {
    ///     (name == "GITGUARDIAN_API_URL").then(|| "https://gg.example.com/exposed".to_string())
    /// });
    /// assert_eq!(builder.resolved_region(), Region::api_url("https://gg.example.com/exposed"));
    /// assert_eq!(builder.region(Region::Eu).resolved_region(), Region::Eu);
    /// ```
    pub fn resolved_region(&self) -> Region {
        self.region
            .clone()
            .or_else(|| self.env.instance.clone().map(Region::Instance))
            .or_else(|| self.env.api_url.clone().map(Region::ApiUrl))
            .unwrap_or_default()
    }
}

impl GitGuardian {
    /// A builder with defaults and nothing read from the environment.
    ///
    /// ```
    /// let client = gitguardian_api_ext::GitGuardian::builder().api_key("my-api-key").build()?;
    /// assert_eq!(client.endpoint().api_url(), "https://api.gitguardian.com/v1");
    /// # Ok::<(), gitguardian_api_ext::Error>(())
    /// ```
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    /// A client configured from `GITGUARDIAN_API_KEY`, `GITGUARDIAN_INSTANCE` and
    /// `GITGUARDIAN_API_URL`, otherwise with defaults. Use [`ClientBuilder::from_env`] to
    /// change settings on top of the environment.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidConfig`] when the key is missing or the URL is refused.
    ///
    /// ```no_run
    /// let client = gitguardian_api_ext::GitGuardian::from_env()?;
    /// # drop(client);
    /// # Ok::<(), gitguardian_api_ext::Error>(())
    /// ```
    pub fn from_env() -> Result<Self, Error> {
        ClientBuilder::from_env().build()
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let header_names: Vec<&str> = self.headers.keys().map(HeaderName::as_str).collect();
        f.debug_struct("ClientBuilder")
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .field("region", &self.region)
            .field(
                "env_api_key",
                &self.env.api_key.as_ref().map(|_| "<redacted>"),
            )
            .field("env_instance", &self.env.instance)
            .field("env_api_url", &self.env.api_url)
            .field("env_timeout", &self.env.timeout)
            .field("env_ca_bundle", &self.env.ca_bundle)
            .field("env_requests_per_minute", &self.env.requests_per_minute)
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("user_agent_suffix", &self.user_agent_suffix)
            .field("headers", &header_names)
            .field("retry", &self.retry)
            .field("on_retry", &self.on_retry.as_ref().map(|_| "<fn>"))
            .field("network", &self.network)
            .finish()
    }
}
