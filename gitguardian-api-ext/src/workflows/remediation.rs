//! The last steps of remediation: the workspace's remediation workflow (what a developer is
//! told to do about a leaked secret) and revoking a secret at its provider.

use gitguardian_openapi::types;

use super::validate;
use crate::{Error, GitGuardian};

impl GitGuardian {
    /// The workspace's remediation steps, its custom ones or GitGuardian's default (then
    /// without `id` and dates): `GET /v1/remediation-workflow` (operation
    /// `get-remediation-workflow`). A step's link may be a template such as
    /// `{{revoke_documentation_link}}`, filled in per incident by the dashboard.
    ///
    /// # Errors
    ///
    /// [`Error::Forbidden`] when the token may not read it; see [`send`](Self::send).
    ///
    /// ```no_run
    /// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
    /// let workflow = client.remediation_workflow().await?;
    /// for (n, step) in workflow.steps.iter().enumerate() {
    ///     println!("{}. {}", n + 1, step.title);
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub async fn remediation_workflow(&self) -> Result<types::RemediationWorkflow, Error> {
        self.send(self.raw().get_remediation_workflow().send())
            .await
    }

    /// Asks GitGuardian to revoke a secret with its provider:
    /// `POST /v1/secrets/{secret_id}/revoke` (operation `revoke-secret`). The id is an
    /// incident's `secret_id`; the token needs the `secrets:write` scope.
    ///
    /// The answer says whether it worked: `success` false comes with the provider's `reason`,
    /// and `is_async` true means the provider will do it later, so the secret may still work
    /// for a while. Neither is an error: the request was accepted and answered.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for an id that is not positive (nothing is sent);
    /// [`Error::NotFound`] for an unknown secret; [`Error::Forbidden`] without the scope;
    /// see [`send`](Self::send).
    ///
    /// ```no_run
    /// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
    /// let incident = client.incidents().get(81234).await?;
    /// if let Some(secret_id) = incident.secret_id {
    ///     let outcome = client.revoke_secret(secret_id).await?;
    ///     if !outcome.success {
    ///         eprintln!("not revoked: {}", outcome.reason.as_deref().unwrap_or("no reason given"));
    ///     } else if outcome.is_async == Some(true) {
    ///         println!("revocation requested; the provider will confirm later");
    ///     }
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub async fn revoke_secret(&self, secret_id: i64) -> Result<types::SecretRevocation, Error> {
        let id = validate::id("the secret id", secret_id)?;
        self.send(self.raw().revoke_secret().secret_id(id).send())
            .await
    }
}
