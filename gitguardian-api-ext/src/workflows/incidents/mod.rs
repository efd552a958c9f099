//! Secret incidents of the workspace: look one up and move it through its lifecycle
//! (assign, resolve or ignore, reopen, share).
//!
//! This file holds the handle and the lifecycle; listing is in [`filter`], notes in
//! [`notes`], occurrences in [`occurrences`], many incidents at once in [`bulk`].

mod bulk;
mod filter;
mod notes;
mod occurrences;

pub use bulk::{
    BulkAction, BulkAnswer, BulkFailure, BulkOutcome, BulkOutcomes, BulkPlan, BulkStep,
};
pub use filter::IncidentFilter;
pub use occurrences::OccurrenceFilter;

use gitguardian_openapi::types;

use super::validate::{self, Invalid};
use super::{Assignee, ShareOptions};
use crate::{Error, GitGuardian};

/// The most occurrences [`Incidents::get_with_occurrences`] can ask for.
pub const MAX_INCIDENT_OCCURRENCES: u32 = 100;

/// Secret incidents of the workspace (`/v1/incidents/secrets`). Get it with
/// [`GitGuardian::incidents`]; it borrows the client and is cheap to copy.
///
/// ```no_run
/// use futures::TryStreamExt;
/// use gitguardian_api_ext::{types, workflows::{Assignee, IncidentFilter}, GitGuardian};
///
/// # async fn run(client: GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
/// let incidents = client.incidents();
/// let mut open = incidents.list(IncidentFilter::new().status(types::IncidentStatus::Triggered));
/// while let Some(incident) = open.try_next().await? {
///     incidents.assign(incident.id, Assignee::email("dana.lee@example.com")).await?;
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Incidents<'a> {
    pub(crate) client: &'a GitGuardian,
}

impl GitGuardian {
    /// The secret incidents of the workspace: list, get, assign, resolve, ignore, reopen,
    /// share, notes and occurrences.
    ///
    /// ```no_run
    /// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
    /// let incident = client.incidents().get(81234).await?;
    /// println!("{} is {}", incident.id, incident.status);
    /// # Ok(())
    /// # }
    /// ```
    pub fn incidents(&self) -> Incidents<'_> {
        Incidents { client: self }
    }
}

impl<'a> Incidents<'a> {
    /// One incident with up to 20 of its occurrences (the API's default):
    /// `GET /v1/incidents/secrets/{incident_id}` (operation `retrieve-incidents`).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for an id that is not positive (nothing is sent);
    /// [`Error::NotFound`] when there is no such incident; see [`GitGuardian::send`].
    ///
    /// ```no_run
    /// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
    /// let incident = client.incidents().get(81234).await?;
    /// for occurrence in incident.occurrences.unwrap_or_default() {
    ///     println!("{}", occurrence.filepath.unwrap_or_default());
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub async fn get(&self, incident_id: i64) -> Result<types::Incident, Error> {
        let id = validate::id("the incident id", incident_id)?;
        let request = self.client.raw().retrieve_incidents().incident_id(id);
        self.client.send(request.send()).await
    }

    /// One incident with up to `occurrences` of its occurrences (at most
    /// [`MAX_INCIDENT_OCCURRENCES`]; `0` for none): `GET /v1/incidents/secrets/{incident_id}`
    /// with `with_occurrences` (operation `retrieve-incidents`). Use
    /// [`occurrences`](Self::occurrences) to stream them all.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for an id that is not positive or more than 100 occurrences;
    /// otherwise as for [`get`](Self::get).
    ///
    /// ```no_run
    /// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
    /// let incident = client.incidents().get_with_occurrences(81234, 100).await?;
    /// # drop(incident);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn get_with_occurrences(
        &self,
        incident_id: i64,
        occurrences: u32,
    ) -> Result<types::Incident, Error> {
        let id = validate::id("the incident id", incident_id)?;
        if occurrences > MAX_INCIDENT_OCCURRENCES {
            return Err(Invalid(format!(
                "at most {MAX_INCIDENT_OCCURRENCES} occurrences can come with an incident, \
                 {occurrences} were asked; stream them with `occurrences`"
            ))
            .into());
        }
        let request = self
            .client
            .raw()
            .retrieve_incidents()
            .incident_id(id)
            .with_occurrences(i64::from(occurrences));
        self.client.send(request.send()).await
    }

    /// Assigns the incident to a member, who is emailed about it (the API's default):
    /// `POST /v1/incidents/secrets/{incident_id}/assign` (operation `assign-incident`).
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
    /// let incident = client.incidents().assign(81234, Assignee::email("dana.lee@example.com")).await?;
    /// assert_eq!(incident.assignee_email.as_deref(), Some("dana.lee@example.com"));
    /// # Ok(())
    /// # }
    /// ```
    pub async fn assign(
        &self,
        incident_id: i64,
        assignee: Assignee,
    ) -> Result<types::IncidentWithoutOccurrences, Error> {
        self.assign_notifying(incident_id, assignee, None).await
    }

    /// Like [`assign`](Self::assign), without emailing the assignee (`send_email=false`):
    /// `POST /v1/incidents/secrets/{incident_id}/assign` (operation `assign-incident`).
    ///
    /// # Errors
    ///
    /// As for [`assign`](Self::assign).
    ///
    /// ```no_run
    /// use gitguardian_api_ext::workflows::Assignee;
    ///
    /// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
    /// client.incidents().assign_without_email(81234, Assignee::member(1187)).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn assign_without_email(
        &self,
        incident_id: i64,
        assignee: Assignee,
    ) -> Result<types::IncidentWithoutOccurrences, Error> {
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
    ) -> Result<types::IncidentWithoutOccurrences, Error> {
        let id = validate::id("the incident id", incident_id)?;
        let assignee = assignee.checked()?;
        let mut request = self
            .client
            .raw()
            .assign_incident()
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

    /// Removes the assignee; an open incident goes back to `TRIGGERED`, a closed one keeps its
    /// status: `POST /v1/incidents/secrets/{incident_id}/unassign` (operation
    /// `unassign-incident`).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for an id that is not positive; [`Error::NotFound`] for an
    /// unknown incident; see [`GitGuardian::send`].
    ///
    /// ```no_run
    /// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
    /// let incident = client.incidents().unassign(81234).await?;
    /// assert_eq!(incident.assignee_id, None);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn unassign(
        &self,
        incident_id: i64,
    ) -> Result<types::IncidentWithoutOccurrences, Error> {
        let id = validate::id("the incident id", incident_id)?;
        let request = self.client.raw().unassign_incident().incident_id(id);
        self.client.send(request.send()).await
    }

    /// Closes the incident as resolved, saying whether the secret was revoked (rotated):
    /// `POST /v1/incidents/secrets/{incident_id}/resolve` with `secret_revoked` (operation
    /// `resolve-incident`).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for an id that is not positive; [`Error::NotFound`] for an
    /// unknown incident; [`Error::Conflict`] or [`Error::Validation`] when it is already
    /// closed.
    ///
    /// ```no_run
    /// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
    /// let incident = client.incidents().resolve(81234, true).await?;
    /// assert!(incident.secret_revoked);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn resolve(
        &self,
        incident_id: i64,
        secret_revoked: bool,
    ) -> Result<types::IncidentWithoutOccurrences, Error> {
        let id = validate::id("the incident id", incident_id)?;
        let request = self
            .client
            .raw()
            .resolve_incident()
            .incident_id(id)
            .body_map(|body| body.secret_revoked(secret_revoked));
        self.client.send(request.send()).await
    }

    /// Closes the incident as ignored, for a reason: a test credential, a false positive, a
    /// low risk or an invalid secret: `POST /v1/incidents/secrets/{incident_id}/ignore` with
    /// `ignore_reason` (operation `ignore-incident`).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for an id that is not positive or an empty
    /// [`Unrecognized`](types::IncidentIgnoreReason::Unrecognized) reason (nothing is sent);
    /// [`Error::NotFound`] for an unknown incident; [`Error::Conflict`] or
    /// [`Error::Validation`] when it is already closed.
    ///
    /// ```no_run
    /// use gitguardian_api_ext::types::IncidentIgnoreReason;
    ///
    /// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
    /// let incident = client.incidents().ignore(81234, IncidentIgnoreReason::FalsePositive).await?;
    /// assert_eq!(incident.ignore_reason, Some(IncidentIgnoreReason::FalsePositive));
    /// # Ok(())
    /// # }
    /// ```
    pub async fn ignore(
        &self,
        incident_id: i64,
        reason: types::IncidentIgnoreReason,
    ) -> Result<types::IncidentWithoutOccurrences, Error> {
        let id = validate::id("the incident id", incident_id)?;
        let reason = validate::known("the ignore reason", reason)?;
        let request = self
            .client
            .raw()
            .ignore_incident()
            .incident_id(id)
            .body_map(|body| body.ignore_reason(reason));
        self.client.send(request.send()).await
    }

    /// Reopens a resolved or ignored incident:
    /// `POST /v1/incidents/secrets/{incident_id}/reopen` (operation `reopen-incident`).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for an id that is not positive; [`Error::NotFound`] for an
    /// unknown incident; [`Error::Conflict`] or [`Error::Validation`] when it is open.
    ///
    /// ```no_run
    /// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
    /// let incident = client.incidents().reopen(81234).await?;
    /// println!("{}", incident.status);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn reopen(
        &self,
        incident_id: i64,
    ) -> Result<types::IncidentWithoutOccurrences, Error> {
        let id = validate::id("the incident id", incident_id)?;
        let request = self.client.raw().reopen_incident().incident_id(id);
        self.client.send(request.send()).await
    }

    /// Creates the incident's public share link, for a developer outside the workspace:
    /// `POST /v1/incidents/secrets/{incident_id}/share` (operation `share-incident`). The
    /// link is a secret; an incident has at most one.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for an id that is not positive; [`Error::NotFound`] for an
    /// unknown incident; [`Error::Conflict`] or [`Error::Validation`] when a link exists
    /// already ([`unshare`](Self::unshare) it first).
    ///
    /// ```no_run
    /// use gitguardian_api_ext::workflows::ShareOptions;
    ///
    /// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
    /// let options = ShareOptions::new().lifespan_hours(24).auto_healing(true);
    /// let share = client.incidents().share(81234, options).await?;
    /// println!("send this privately: {}", share.share_url);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn share(
        &self,
        incident_id: i64,
        options: ShareOptions,
    ) -> Result<types::IncidentShare, Error> {
        let id = validate::id("the incident id", incident_id)?;
        let request = self
            .client
            .raw()
            .share_incident()
            .incident_id(id)
            .body_map(|body| {
                options.fill(
                    body,
                    |b, hours| b.lifespan(u64::from(hours)),
                    |b, allowed| b.auto_healing(allowed),
                    |b, allowed| b.feedback_collection(allowed),
                )
            });
        self.client.send(request.send()).await
    }

    /// Revokes the incident's public share link:
    /// `POST /v1/incidents/secrets/{incident_id}/unshare` (operation `unshare-incident`).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for an id that is not positive; [`Error::NotFound`] for an
    /// unknown incident; [`Error::Conflict`] or [`Error::Validation`] when it is not shared.
    ///
    /// ```no_run
    /// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
    /// client.incidents().unshare(81234).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn unshare(&self, incident_id: i64) -> Result<(), Error> {
        let id = validate::id("the incident id", incident_id)?;
        let request = self.client.raw().unshare_incident().incident_id(id);
        self.client.send(request.send()).await
    }
}
