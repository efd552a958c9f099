//! The client users hold: the configured generated client, its endpoint and retry policy.
//! Sending a call and mapping its result lives in [`call`](crate::call).

use std::fmt;

use crate::call::RetryPolicy;
use crate::region::Endpoint;

/// A configured GitGuardian API client.
///
/// Every operation of the API is reachable through [`raw`](Self::raw), with this client's base
/// URL, key, user agent, timeouts and retry policy; [`send`](Self::send) turns the result of
/// one into `Result<T, Error>` with this crate's [`Error`](crate::Error). Cloning is cheap (the connection
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
    raw: gitguardian_openapi::Client,
    endpoint: Endpoint,
    retry: RetryPolicy,
    /// Scan limits read once from `/v1/metadata`, shared by clones.
    pub(crate) scan_limits: std::sync::Arc<crate::scan::LimitsCache>,
}

impl GitGuardian {
    pub(crate) fn from_parts(
        raw: gitguardian_openapi::Client,
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

    /// The generated client, configured with this client's base URL, key, user agent,
    /// timeouts and retry policy. Its results carry progenitor's error type; pass its futures
    /// to [`send`](Self::send) for this crate's [`Error`](crate::Error).
    ///
    /// ```no_run
    /// # async fn run(client: gitguardian_api_ext::GitGuardian) {
    /// let member = client.raw().retrieve_member().member_id(42).send().await;
    /// # }
    /// ```
    pub fn raw(&self) -> &gitguardian_openapi::Client {
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
}

impl fmt::Debug for GitGuardian {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GitGuardian")
            .field("endpoint", &self.endpoint.root())
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}
