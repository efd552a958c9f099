//! The client users hold: the configured generated client, plus the helper that turns its
//! results into this crate's typed errors.

use std::fmt;
use std::future::Future;

use gitguardian_api::{types, ResponseValue};
use serde::de::DeserializeOwned;

use crate::config::ClientBuilder;
use crate::error::{map_generated, Error, Mapped};
use crate::execute::CallSlot;
use crate::region::Endpoint;
use crate::retry::RetryPolicy;

/// A configured GitGuardian API client.
///
/// Every operation of the API is reachable through [`raw`](Self::raw), with this client's base
/// URL, key, user agent, timeouts and retry policy; [`send`](Self::send) turns the result of
/// one into `Result<T, Error>` with this crate's [`Error`]. Cloning is cheap (the connection
/// pool is shared).
///
/// ```no_run
/// use gitguardian_api_ext::GitGuardian;
///
/// # async fn run() -> Result<(), gitguardian_api_ext::Error> {
/// let client = GitGuardian::from_env()?;
/// let health = client.health().await?;
/// println!("{}", health.detail);
///
/// // Any operation of the spec, with typed errors:
/// let teams = client.send(client.raw().list_teams().per_page(50).send()).await?;
/// println!("{} teams", teams.len());
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct GitGuardian {
    raw: gitguardian_api::Client,
    endpoint: Endpoint,
    retry: RetryPolicy,
    /// Scan limits read once from `/v1/metadata`, shared by clones.
    pub(crate) scan_limits: std::sync::Arc<crate::scan::LimitsCache>,
}

impl GitGuardian {
    pub(crate) fn from_parts(
        raw: gitguardian_api::Client,
        endpoint: Endpoint,
        retry: RetryPolicy,
    ) -> Self {
        GitGuardian {
            raw,
            endpoint,
            retry,
            scan_limits: Default::default(),
        }
    }

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

    /// The generated client, configured with this client's base URL, key, user agent,
    /// timeouts and retry policy. Its results carry progenitor's error type; pass its futures
    /// to [`send`](Self::send) for this crate's [`Error`].
    ///
    /// ```no_run
    /// # async fn run(client: gitguardian_api_ext::GitGuardian) {
    /// let member = client.raw().retrieve_member().member_id(42).send().await;
    /// # }
    /// ```
    pub fn raw(&self) -> &gitguardian_api::Client {
        &self.raw
    }

    /// Where requests go.
    pub fn endpoint(&self) -> &Endpoint {
        &self.endpoint
    }

    /// The retry policy applied to every request.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.retry
    }

    /// Runs one request of the generated client and returns its value, mapping failures to
    /// [`Error`] (with the status, `X-Request-ID` and `Retry-After` of the final answer, and
    /// the JSON path where decoding failed).
    ///
    /// Pass the future of exactly one generated operation built from
    /// [`raw`](Self::raw), as in `client.send(client.raw().op().send())`.
    ///
    /// # Errors
    ///
    /// Any [`Error`] variant but [`Error::InvalidConfig`].
    ///
    /// ```no_run
    /// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
    /// let member = client.send(client.raw().retrieve_member().member_id(42).send()).await?;
    /// println!("{}", member.email);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn send<T, F>(&self, request: F) -> Result<T, Error>
    where
        T: DeserializeOwned,
        F: Future<Output = Result<ResponseValue<T>, gitguardian_api::Error<types::Error>>>,
    {
        self.send_with_headers(request)
            .await
            .map(ResponseValue::into_inner)
    }

    /// Like [`send`](Self::send), keeping the status and headers of the answer (for
    /// `Link`, `X-Request-ID`, `X-App-Version` and the like).
    ///
    /// # Errors
    ///
    /// As for [`send`](Self::send).
    ///
    /// ```no_run
    /// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
    /// let page = client.send_with_headers(client.raw().list_members().send()).await?;
    /// let next = page.headers().get("link");
    /// println!("{} members, next page: {next:?}", page.len());
    /// # Ok(())
    /// # }
    /// ```
    pub async fn send_with_headers<T, F>(&self, request: F) -> Result<ResponseValue<T>, Error>
    where
        T: DeserializeOwned,
        F: Future<Output = Result<ResponseValue<T>, gitguardian_api::Error<types::Error>>>,
    {
        let slot = CallSlot::default();
        let result = slot.scope(request).await;
        match result {
            Ok(value) => Ok(value),
            Err(error) => match map_generated::<T>(error, slot.take()).await {
                Mapped::Value(value, status, headers) => {
                    Ok(ResponseValue::new(value, status, headers))
                }
                Mapped::Error(error) => Err(error),
            },
        }
    }

    /// Checks the API key: `GET /v1/health` (operation `api_health`).
    ///
    /// # Errors
    ///
    /// [`Error::Unauthorized`] for a wrong key; see [`send`](Self::send) for the rest.
    ///
    /// ```no_run
    /// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
    /// let health = client.health().await?;
    /// assert_eq!(health.detail, "Valid API key.");
    /// # Ok(())
    /// # }
    /// ```
    pub async fn health(&self) -> Result<types::ApiHealthStatus, Error> {
        self.send(self.raw.api_health().send()).await
    }

    /// One workspace member: `GET /v1/members/{member_id}` (operation `retrieve_member`).
    ///
    /// # Errors
    ///
    /// [`Error::NotFound`] when there is no such member; see [`send`](Self::send) for the
    /// rest.
    ///
    /// ```no_run
    /// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
    /// let member = client.member(42).await?;
    /// println!("{} <{}>", member.name, member.email);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn member(&self, member_id: i64) -> Result<types::Member, Error> {
        self.send(self.raw.retrieve_member().member_id(member_id).send())
            .await
    }
}

impl fmt::Debug for GitGuardian {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GitGuardian")
            .field("endpoint", &self.endpoint.root())
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}
