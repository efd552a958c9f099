//! What the client's own API key can do: whether it is valid, its token's identity and
//! scopes, and the workspace's scan quota.

use gitguardian_openapi::types;

use crate::{Error, GitGuardian};

impl GitGuardian {
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
        self.send(self.raw().api_health().send()).await
    }

    /// The API token this client authenticates with, with its scopes and expiry: a "who am
    /// I" check before a run: `GET /v1/api_tokens/self` (operation `self-retrieve-api-token`).
    ///
    /// # Errors
    ///
    /// [`Error::Unauthorized`] for a wrong, expired or revoked key; see
    /// [`send`](Self::send) for the rest.
    ///
    /// ```no_run
    /// use gitguardian_api_ext::types::ApiTokenScope;
    ///
    /// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
    /// let token = client.api_token().await?;
    /// if !token.scopes.contains(&ApiTokenScope::IncidentsWrite) {
    ///     eprintln!("token {} cannot change incidents", token.name);
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub async fn api_token(&self) -> Result<types::ApiToken, Error> {
        self.send(self.raw().self_retrieve_api_token().send()).await
    }

    /// The workspace's scan quota: used, allowed and remaining calls since `since`:
    /// `GET /v1/quotas` (operation `quotas`), its `content` envelope removed.
    ///
    /// # Errors
    ///
    /// [`Error::Unauthorized`] for a wrong key; see [`send`](Self::send) for the rest.
    ///
    /// ```no_run
    /// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
    /// let quota = client.quota().await?;
    /// println!("{} of {} scans left since {}", quota.remaining, quota.limit, quota.since);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn quota(&self) -> Result<types::Quota, Error> {
        let overview: types::QuotaOverview = self.send(self.raw().quotas().send()).await?;
        Ok(overview.content)
    }
}
