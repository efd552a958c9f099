//! Public secret incidents: secrets of the workspace's perimeter found on public GitHub. The
//! public API offers most internal actions; they are wrapped here the same way.
//!
//! This file holds the handle and the lifecycle; listing is in [`filter`], notes in
//! [`notes`], occurrences in [`occurrences`], the closing reasons in [`reasons`].

mod filter;
mod notes;
mod occurrences;
mod reasons;

pub use filter::PublicIncidentFilter;
pub use occurrences::PublicOccurrenceFilter;
pub use reasons::{PublicIgnoreReason, PublicResolveReason};

use gitguardian_openapi::types;

use super::validate;
use super::{Assignee, ShareOptions};
use crate::{Error, GitGuardian};
use reasons::joined;

/// Public secret incidents (`/v1/public-incidents/secrets`). Get it with
/// [`GitGuardian::public_incidents`]; it borrows the client and is cheap to copy.
///
/// ```no_run
/// use gitguardian_api_ext::workflows::{Assignee, PublicResolveReason};
///
/// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
/// let public = client.public_incidents();
/// public.assign(90412, Assignee::email("dana.lee@example.com")).await?;
/// public.resolve(90412, [PublicResolveReason::Revoked]).await?;
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Copy, Debug)]
pub struct PublicIncidents<'a> {
    pub(crate) client: &'a GitGuardian,
}

impl GitGuardian {
    /// The public secret incidents of the workspace: list, get, assign, resolve, ignore,
    /// reopen, share, notes and occurrences.
    ///
    /// ```no_run
    /// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
    /// let incident = client.public_incidents().get(90412).await?;
    /// println!("{} is {}", incident.id, incident.status);
    /// # Ok(())
    /// # }
    /// ```
    pub fn public_incidents(&self) -> PublicIncidents<'_> {
        PublicIncidents { client: self }
    }
}

impl<'a> PublicIncidents<'a> {
    /// One public incident: `GET /v1/public-incidents/secrets/{incident_id}` (operation
    /// `retrieve-public-incidents`).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for an id that is not positive (nothing is sent);
    /// [`Error::NotFound`] when there is no such incident; see [`GitGuardian::send`].
    ///
    /// ```no_run
    /// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
    /// let incident = client.public_incidents().get(90412).await?;
    /// println!("{:?}", incident.status);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn get(&self, incident_id: i64) -> Result<types::PublicIncident, Error> {
        let id = validate::id("the incident id", incident_id)?;
        let request = self
            .client
            .raw()
            .retrieve_public_incidents()
            .incident_id(id);
        self.client.send(request.send()).await
    }

    /// Assigns the public incident to a member, who is emailed about it (the API's default):
    /// `POST /v1/public-incidents/secrets/{incident_id}/assign` (operation
    /// `assign-public-incidents`).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for an id that is not positive or an empty or malformed email
    /// (nothing is sent); [`Error::NotFound`] for an unknown incident; a `400`
    /// ([`Error::Validation`]) when no member has that email or id.
    ///
    /// ```no_run
    /// use gitguardian_api_ext::workflows::Assignee;
    ///
    /// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
    /// client.public_incidents().assign(90412, Assignee::member(8024)).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn assign(
        &self,
        incident_id: i64,
        assignee: Assignee,
    ) -> Result<types::PublicIncident, Error> {
        self.assign_notifying(incident_id, assignee, None).await
    }

    /// Like [`assign`](Self::assign), without emailing the assignee (`send_email=false`):
    /// `POST /v1/public-incidents/secrets/{incident_id}/assign` (operation
    /// `assign-public-incidents`).
    ///
    /// # Errors
    ///
    /// As for [`assign`](Self::assign).
    ///
    /// ```no_run
    /// use gitguardian_api_ext::workflows::Assignee;
    ///
    /// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
    /// client.public_incidents().assign_without_email(90412, Assignee::member(8024)).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn assign_without_email(
        &self,
        incident_id: i64,
        assignee: Assignee,
    ) -> Result<types::PublicIncident, Error> {
        self.assign_notifying(incident_id, assignee, Some(false))
            .await
    }

    /// The assignee goes by email or by member id, whichever it was given as; `send_email`
    /// is set only when given, so the API's default (email the assignee) applies otherwise.
    async fn assign_notifying(
        &self,
        incident_id: i64,
        assignee: Assignee,
        send_email: Option<bool>,
    ) -> Result<types::PublicIncident, Error> {
        let id = validate::id("the incident id", incident_id)?;
        let assignee = assignee.checked()?;
        let mut request = self
            .client
            .raw()
            .assign_public_incidents()
            .incident_id(id)
            .body_map(|body| match assignee {
                Assignee::Email(email) => body.email(Some(email)),
                Assignee::MemberId(member_id) => body.member_id(Some(member_id)),
            });
        if let Some(send_email) = send_email {
            request = request.send_email(send_email);
        }
        self.client.send(request.send()).await
    }

    /// Removes the assignee of the public incident:
    /// `POST /v1/public-incidents/secrets/{incident_id}/unassign` (operation
    /// `unassign-public-incidents`).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for an id that is not positive; [`Error::NotFound`] for an
    /// unknown incident; see [`GitGuardian::send`].
    ///
    /// ```no_run
    /// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
    /// client.public_incidents().unassign(90412).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn unassign(&self, incident_id: i64) -> Result<types::PublicIncident, Error> {
        let id = validate::id("the incident id", incident_id)?;
        let request = self
            .client
            .raw()
            .unassign_public_incidents()
            .incident_id(id);
        self.client.send(request.send()).await
    }

    /// Closes the public incident as resolved, for one or more reasons:
    /// `POST /v1/public-incidents/secrets/{incident_id}/resolve` with `resolve_reason`
    /// (operation `resolve-public-incidents`).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for an id that is not positive or no reason (nothing is sent);
    /// [`Error::NotFound`] for an unknown incident; [`Error::Conflict`] or
    /// [`Error::Validation`] when it is already closed.
    ///
    /// ```no_run
    /// use gitguardian_api_ext::workflows::PublicResolveReason;
    ///
    /// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
    /// let incident = client.public_incidents().resolve(90412, [PublicResolveReason::Revoked]).await?;
    /// assert_eq!(incident.resolve_reason.as_deref(), Some("revoked"));
    /// # Ok(())
    /// # }
    /// ```
    pub async fn resolve(
        &self,
        incident_id: i64,
        reasons: impl IntoIterator<Item = PublicResolveReason>,
    ) -> Result<types::PublicIncident, Error> {
        let id = validate::id("the incident id", incident_id)?;
        let reasons = joined("resolve reason", reasons)?;
        let request = self
            .client
            .raw()
            .resolve_public_incidents()
            .incident_id(id)
            .body_map(|body| body.resolve_reason(reasons));
        self.client.send(request.send()).await
    }

    /// Closes the public incident as ignored, for one or more reasons:
    /// `POST /v1/public-incidents/secrets/{incident_id}/ignore` with `ignore_reason`
    /// (operation `ignore-public-incidents`).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for an id that is not positive or no reason (nothing is sent);
    /// [`Error::NotFound`] for an unknown incident; [`Error::Conflict`] or
    /// [`Error::Validation`] when it is already closed.
    ///
    /// ```no_run
    /// use gitguardian_api_ext::workflows::PublicIgnoreReason;
    ///
    /// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
    /// let reasons = [PublicIgnoreReason::TestCredential, PublicIgnoreReason::IgnoreActor];
    /// client.public_incidents().ignore(90412, reasons).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn ignore(
        &self,
        incident_id: i64,
        reasons: impl IntoIterator<Item = PublicIgnoreReason>,
    ) -> Result<types::PublicIncident, Error> {
        let id = validate::id("the incident id", incident_id)?;
        let reasons = joined("ignore reason", reasons)?;
        let request = self
            .client
            .raw()
            .ignore_public_incidents()
            .incident_id(id)
            .body_map(|body| body.ignore_reason(reasons));
        self.client.send(request.send()).await
    }

    /// Reopens a resolved or ignored public incident:
    /// `POST /v1/public-incidents/secrets/{incident_id}/reopen` (operation
    /// `reopen-public-incidents`).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for an id that is not positive; [`Error::NotFound`] for an
    /// unknown incident; [`Error::Conflict`] or [`Error::Validation`] when it is open.
    ///
    /// ```no_run
    /// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
    /// client.public_incidents().reopen(90377).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn reopen(&self, incident_id: i64) -> Result<types::PublicIncident, Error> {
        let id = validate::id("the incident id", incident_id)?;
        let request = self.client.raw().reopen_public_incidents().incident_id(id);
        self.client.send(request.send()).await
    }

    /// Creates the public incident's sharing link:
    /// `POST /v1/public-incidents/secrets/{incident_id}/share` (operation
    /// `share-public-incidents`). The link is a secret.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for an id that is not positive; [`Error::NotFound`] for an
    /// unknown incident; [`Error::Conflict`] or [`Error::Validation`] when a link exists
    /// already.
    ///
    /// ```no_run
    /// use gitguardian_api_ext::workflows::ShareOptions;
    ///
    /// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
    /// let options = ShareOptions::new().lifespan_hours(72).feedback_collection(true);
    /// let share = client.public_incidents().share(90412, options).await?;
    /// # drop(share);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn share(
        &self,
        incident_id: i64,
        options: ShareOptions,
    ) -> Result<types::PublicIncidentShare, Error> {
        let id = validate::id("the incident id", incident_id)?;
        let request = self
            .client
            .raw()
            .share_public_incidents()
            .incident_id(id)
            .body_map(|body| {
                options.fill(
                    body,
                    |b, hours| b.lifespan(Some(f64::from(hours))),
                    |b, allowed| b.auto_healing(allowed),
                    |b, allowed| b.feedback_collection(allowed),
                )
            });
        self.client.send(request.send()).await
    }

    /// Revokes the public incident's sharing link:
    /// `POST /v1/public-incidents/secrets/{incident_id}/unshare` (operation
    /// `unshare-public-incidents`).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for an id that is not positive; [`Error::NotFound`] for an
    /// unknown incident.
    ///
    /// ```no_run
    /// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
    /// client.public_incidents().unshare(90412).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn unshare(&self, incident_id: i64) -> Result<(), Error> {
        let id = validate::id("the incident id", incident_id)?;
        let request = self.client.raw().unshare_public_incidents().incident_id(id);
        self.client.send(request.send()).await
    }
}
