//! Turning a [`ClientBuilder`] into a [`GitGuardian`]: the settings resolved (builder, then
//! environment, then default), the `reqwest::Client` assembled, the executor installed.

use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use governor::{Quota, RateLimiter};
use reqwest::header::{HeaderMap, HeaderValue, AUTHORIZATION, USER_AGENT};

use super::{
    ClientBuilder, DEFAULT_TIMEOUT, ENV_API_KEY, ENV_API_TIMEOUT, ENV_CA_BUNDLE,
    ENV_REQUESTS_PER_MINUTE,
};
use crate::call::executor::RetryExecutor;
use crate::client::GitGuardian;
use crate::error::Error;
use crate::region::is_secure_url;

/// Most redirects followed for one request.
const MAX_REDIRECTS: usize = 10;
/// The longest `GITGUARDIAN_API_TIMEOUT`, in seconds (as ggshield allows).
const MAX_TIMEOUT_SECS: u64 = 3600;

impl ClientBuilder {
    /// Builds the client. Nothing is sent.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidConfig`] when no API key is set (neither here nor in
    /// `GITGUARDIAN_API_KEY`), the key cannot be sent in a header, the URL is refused (not
    /// https, unparsable), a timeout is zero, `GITGUARDIAN_API_TIMEOUT` is not a whole number
    /// of seconds in 1..=3600, the CA bundle cannot be read or holds no certificate, the
    /// proxy URL is unusable, `GITGUARDIAN_REQUESTS_PER_MINUTE` is not a number, transport
    /// settings are combined with [`http_client`](Self::http_client), or the user-agent
    /// suffix is not a valid header value.
    pub fn build(self) -> Result<GitGuardian, Error> {
        let endpoint = self.resolved_region().endpoint()?;
        let key = self
            .api_key
            .clone()
            .or(self.env.api_key.clone())
            .ok_or_else(|| {
                Error::InvalidConfig(format!(
                    "no API key: set {ENV_API_KEY} or pass one to the client builder"
                ))
            })?;
        let timeout = self.resolved_timeout()?;
        if self.connect_timeout.is_zero() || timeout.is_zero() {
            return Err(Error::InvalidConfig(
                "timeouts must be longer than zero".to_string(),
            ));
        }
        let limiter = self
            .resolved_requests_per_minute()?
            .map(|budget| Arc::new(RateLimiter::direct(evenly_spaced(budget))));

        let mut headers = self.headers.clone();
        headers.insert(USER_AGENT, user_agent(self.user_agent_suffix.as_deref())?);
        headers.insert(AUTHORIZATION, key.header_value()?);

        let (http, per_request_headers) = match self.network.http_client.clone() {
            Some(own) => {
                self.refuse_transport_settings()?;
                (own, Some(headers))
            }
            None => (self.http(headers, timeout)?, None),
        };
        let executor = gitguardian_openapi::Executor::new(RetryExecutor {
            policy: self.retry.clone(),
            on_retry: self.on_retry,
            limiter,
            headers: per_request_headers,
        });
        let raw = gitguardian_openapi::Client::new_with_client(endpoint.root(), http, executor);
        Ok(GitGuardian::from_parts(raw, endpoint, self.retry))
    }

    /// Builder, then `GITGUARDIAN_API_TIMEOUT`, then [`DEFAULT_TIMEOUT`].
    fn resolved_timeout(&self) -> Result<Duration, Error> {
        if let Some(timeout) = self.timeout {
            return Ok(timeout);
        }
        let Some(value) = &self.env.timeout else {
            return Ok(DEFAULT_TIMEOUT);
        };
        match value.trim().parse::<u64>() {
            Ok(secs) if (1..=MAX_TIMEOUT_SECS).contains(&secs) => Ok(Duration::from_secs(secs)),
            _ => Err(Error::InvalidConfig(format!(
                "{ENV_API_TIMEOUT} must be a whole number of seconds from 1 to \
                 {MAX_TIMEOUT_SECS}, got {value:?}"
            ))),
        }
    }

    /// Builder, then `GITGUARDIAN_REQUESTS_PER_MINUTE`; `None` (or `0`) for no limit.
    fn resolved_requests_per_minute(&self) -> Result<Option<NonZeroU32>, Error> {
        if let Some(budget) = self.network.requests_per_minute {
            return Ok(NonZeroU32::new(budget));
        }
        let Some(value) = &self.env.requests_per_minute else {
            return Ok(None);
        };
        value
            .trim()
            .parse::<u32>()
            .map(NonZeroU32::new)
            .map_err(|_| {
                Error::InvalidConfig(format!(
                    "{ENV_REQUESTS_PER_MINUTE} must be a whole number of requests per minute \
                 (0 for no limit), got {value:?}"
                ))
            })
    }

    /// With the caller's own client, the transport settings are that client's.
    fn refuse_transport_settings(&self) -> Result<(), Error> {
        let network = &self.network;
        let mut set = Vec::new();
        if self.timeout.is_some() || self.connect_timeout != super::DEFAULT_CONNECT_TIMEOUT {
            set.push("timeouts");
        }
        if !network.root_pems.is_empty() || self.env.ca_bundle.is_some() {
            set.push("root certificates");
        }
        if network.insecure {
            set.push("the insecure switch");
        }
        if network.proxy.is_some() || network.no_proxy {
            set.push("proxy settings");
        }
        if set.is_empty() {
            Ok(())
        } else {
            Err(Error::InvalidConfig(format!(
                "{} belong to the reqwest::Client given to http_client; set them there",
                set.join(", ")
            )))
        }
    }

    /// The `reqwest::Client` made from this builder's transport settings.
    fn http(&self, headers: HeaderMap, timeout: Duration) -> Result<reqwest::Client, Error> {
        crate::tls::ensure_crypto_provider();
        let mut http = reqwest::Client::builder()
            .default_headers(headers)
            .connect_timeout(self.connect_timeout)
            .timeout(timeout)
            .redirect(redirect_policy());
        let roots = self.root_certificates()?;
        if !roots.is_empty() {
            http = http.tls_certs_merge(roots);
        }
        if self.network.insecure {
            tracing::warn!(
                "certificate checks are OFF for this GitGuardian client \
                 (danger_accept_invalid_certificates): anyone on the network path can read \
                 the API key"
            );
            http = http.tls_danger_accept_invalid_certs(true);
        }
        if self.network.no_proxy {
            http = http.no_proxy();
        }
        if let Some(url) = &self.network.proxy {
            // `https` targets only: they go through a CONNECT tunnel, so the proxy never sees
            // the key. (Plain `http` is only allowed to loopback hosts, which go direct.)
            let proxy = reqwest::Proxy::https(url.as_str()).map_err(|_| {
                Error::InvalidConfig("the proxy URL could not be parsed".to_string())
            })?;
            http = http.proxy(proxy);
        }
        http.build()
            .map_err(|e| Error::InvalidConfig(format!("the HTTP client could not be set up: {e}")))
    }

    /// The certificates of the builder's PEM bundles and of `GITGUARDIAN_CA_BUNDLE`.
    fn root_certificates(&self) -> Result<Vec<reqwest::Certificate>, Error> {
        let mut bundles: Vec<(String, Vec<u8>)> = self
            .network
            .root_pems
            .iter()
            .map(|pem| ("a PEM bundle given to the builder".to_string(), pem.clone()))
            .collect();
        if let Some(path) = &self.env.ca_bundle {
            let pem = std::fs::read(path).map_err(|e| {
                Error::InvalidConfig(format!(
                    "{ENV_CA_BUNDLE} names {path:?}, which cannot be read: {e}"
                ))
            })?;
            bundles.push((format!("{ENV_CA_BUNDLE} ({path:?})"), pem));
        }
        let mut roots = Vec::new();
        for (origin, pem) in bundles {
            match reqwest::Certificate::from_pem_bundle(&pem) {
                Ok(certs) if !certs.is_empty() => roots.extend(certs),
                _ => {
                    return Err(Error::InvalidConfig(format!(
                        "{origin} holds no usable PEM certificate"
                    )))
                }
            }
        }
        Ok(roots)
    }
}

/// `budget` requests per minute, one every `60 / budget` seconds, no burst: a budget kept
/// over any window, not only on average.
fn evenly_spaced(budget: NonZeroU32) -> Quota {
    let period = Duration::from_secs(60) / budget.get();
    Quota::with_period(period.max(Duration::from_nanos(1)))
        .unwrap_or_else(|| Quota::per_minute(budget))
}

/// The crate's user agent, `gitguardian-api-ext/<version>`.
pub(crate) const USER_AGENT_BASE: &str = concat!("gitguardian-api-ext/", env!("CARGO_PKG_VERSION"));

/// `gitguardian-api-ext/<version>`, then the integrator's suffix if any.
pub(super) fn user_agent(suffix: Option<&str>) -> Result<HeaderValue, Error> {
    let value = match suffix.map(str::trim).filter(|s| !s.is_empty()) {
        Some(suffix) => format!("{USER_AGENT_BASE} {suffix}"),
        None => USER_AGENT_BASE.to_string(),
    };
    HeaderValue::try_from(value).map_err(|_| {
        Error::InvalidConfig(
            "the user-agent suffix has characters that cannot be sent in an HTTP header"
                .to_string(),
        )
    })
}

/// Follows at most [`MAX_REDIRECTS`] redirects, and only to URLs that may carry the key.
fn redirect_policy() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        if attempt.previous().len() >= MAX_REDIRECTS {
            attempt.error(format!("more than {MAX_REDIRECTS} redirects"))
        } else if !is_secure_url(attempt.url()) {
            attempt.error("refusing to follow a redirect away from https")
        } else {
            attempt.follow()
        }
    })
}
