//! Occurrences of a public incident: each public place where its secret was found.

use chrono::{DateTime, Utc};
use gitguardian_openapi::{builder::ListPublicSecretOccurrences, types};

use super::PublicIncidents;
use crate::workflows::criteria::Criteria;
use crate::workflows::validate::{self, Invalid};
use crate::{Error, Items};

/// Which occurrences of a public incident to list. Every criterion is optional and they
/// combine with AND; the list-valued ones (`statuses`, `severities`, `validities`,
/// `attachment_reasons`) match any of their values and leave as one comma-separated
/// parameter.
///
/// ```
/// use gitguardian_api_ext::{types, workflows::PublicOccurrenceFilter};
///
/// let filter = PublicOccurrenceFilter::new()
///     .severities([types::PublicIncidentSeverity::Critical, types::PublicIncidentSeverity::High])
///     .attachment_reasons([types::PublicOccurrenceAttachmentReason::ByDevFromPerimeter])
///     .presence(types::PublicOccurrencePresence::Present)
///     .ordering(types::ListPublicSecretOccurrencesOrdering::DateDesc);
/// # drop(filter);
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PublicOccurrenceFilter {
    source_id: Option<i64>,
    presence: Option<types::PublicOccurrencePresence>,
    sha: Option<String>,
    filepath: Option<String>,
    statuses: Vec<types::PublicIncidentStatus>,
    severities: Vec<types::PublicIncidentSeverity>,
    validities: Vec<types::Validity>,
    attachment_reasons: Vec<types::PublicOccurrenceAttachmentReason>,
    date_after: Option<DateTime<Utc>>,
    date_before: Option<DateTime<Utc>>,
    ordering: Option<types::ListPublicSecretOccurrencesOrdering>,
}

impl PublicOccurrenceFilter {
    /// No criterion: every occurrence of the incident.
    ///
    /// ```
    /// let all = gitguardian_api_ext::workflows::PublicOccurrenceFilter::new();
    /// # drop(all);
    /// ```
    pub fn new() -> PublicOccurrenceFilter {
        PublicOccurrenceFilter::default()
    }

    /// Occurrences in this public source (`source_id`).
    ///
    /// ```
    /// let in_repo = gitguardian_api_ext::workflows::PublicOccurrenceFilter::new().source(81234);
    /// # drop(in_repo);
    /// ```
    pub fn source(mut self, value: i64) -> Self {
        self.source_id = Some(value);
        self
    }

    /// Occurrences still present, or removed (`presence`).
    ///
    /// ```
    /// use gitguardian_api_ext::{types::PublicOccurrencePresence, workflows::PublicOccurrenceFilter};
    /// let gone = PublicOccurrenceFilter::new().presence(PublicOccurrencePresence::Removed);
    /// # drop(gone);
    /// ```
    pub fn presence(mut self, value: types::PublicOccurrencePresence) -> Self {
        self.presence = Some(value);
        self
    }

    /// Occurrences in commits whose sha starts with this, 3 characters or more (`sha`).
    ///
    /// ```
    /// let in_commit = gitguardian_api_ext::workflows::PublicOccurrenceFilter::new().sha("a41c9e0");
    /// # drop(in_commit);
    /// ```
    pub fn sha(mut self, value: impl Into<String>) -> Self {
        self.sha = Some(value.into());
        self
    }

    /// Occurrences in files whose path matches this search, 3 characters or more
    /// (`filepath`).
    ///
    /// ```
    /// let env_files = gitguardian_api_ext::workflows::PublicOccurrenceFilter::new().filepath(".env");
    /// # drop(env_files);
    /// ```
    pub fn filepath(mut self, value: impl Into<String>) -> Self {
        self.filepath = Some(value.into());
        self
    }

    /// Occurrences of incidents with any of these statuses (`status`); replaces earlier ones.
    ///
    /// ```
    /// use gitguardian_api_ext::{types::PublicIncidentStatus, workflows::PublicOccurrenceFilter};
    /// let open = PublicOccurrenceFilter::new()
    ///     .statuses([PublicIncidentStatus::Triggered, PublicIncidentStatus::Assigned]);
    /// # drop(open);
    /// ```
    pub fn statuses(
        mut self,
        values: impl IntoIterator<Item = types::PublicIncidentStatus>,
    ) -> Self {
        self.statuses = values.into_iter().collect();
        self
    }

    /// Occurrences of incidents with any of these severities (`severity`); replaces earlier
    /// ones.
    ///
    /// ```
    /// use gitguardian_api_ext::{types::PublicIncidentSeverity, workflows::PublicOccurrenceFilter};
    /// let urgent = PublicOccurrenceFilter::new()
    ///     .severities([PublicIncidentSeverity::Critical, PublicIncidentSeverity::High]);
    /// # drop(urgent);
    /// ```
    pub fn severities(
        mut self,
        values: impl IntoIterator<Item = types::PublicIncidentSeverity>,
    ) -> Self {
        self.severities = values.into_iter().collect();
        self
    }

    /// Occurrences of secrets with any of these validities (`validity`); replaces earlier
    /// ones.
    ///
    /// ```
    /// use gitguardian_api_ext::{types::Validity, workflows::PublicOccurrenceFilter};
    /// let live = PublicOccurrenceFilter::new().validities([Validity::Valid, Validity::Unknown]);
    /// # drop(live);
    /// ```
    pub fn validities(mut self, values: impl IntoIterator<Item = types::Validity>) -> Self {
        self.validities = values.into_iter().collect();
        self
    }

    /// Occurrences tied to the perimeter for any of these reasons (`attachment_reason`):
    /// pushed by a developer of the perimeter, on a GitHub organization of the perimeter, or
    /// found by the secret grasper; replaces earlier ones.
    ///
    /// ```
    /// use gitguardian_api_ext::{types::PublicOccurrenceAttachmentReason, workflows::PublicOccurrenceFilter};
    /// let by_our_developers = PublicOccurrenceFilter::new()
    ///     .attachment_reasons([PublicOccurrenceAttachmentReason::ByDevFromPerimeter]);
    /// # drop(by_our_developers);
    /// ```
    pub fn attachment_reasons(
        mut self,
        values: impl IntoIterator<Item = types::PublicOccurrenceAttachmentReason>,
    ) -> Self {
        self.attachment_reasons = values.into_iter().collect();
        self
    }

    /// Occurrences dated at or after this instant (`date_after`).
    ///
    /// ```
    /// let recent = gitguardian_api_ext::workflows::PublicOccurrenceFilter::new()
    ///     .date_after(chrono::Utc::now() - chrono::Duration::days(30));
    /// # drop(recent);
    /// ```
    pub fn date_after(mut self, value: DateTime<Utc>) -> Self {
        self.date_after = Some(value);
        self
    }

    /// Occurrences dated at or before this instant (`date_before`).
    ///
    /// ```
    /// let old = gitguardian_api_ext::workflows::PublicOccurrenceFilter::new()
    ///     .date_before(chrono::Utc::now() - chrono::Duration::days(365));
    /// # drop(old);
    /// ```
    pub fn date_before(mut self, value: DateTime<Utc>) -> Self {
        self.date_before = Some(value);
        self
    }

    /// The order of the list (`ordering`).
    ///
    /// ```
    /// use gitguardian_api_ext::{types::ListPublicSecretOccurrencesOrdering, workflows::PublicOccurrenceFilter};
    /// let newest_first = PublicOccurrenceFilter::new()
    ///     .ordering(ListPublicSecretOccurrencesOrdering::DateDesc);
    /// # drop(newest_first);
    /// ```
    pub fn ordering(mut self, value: types::ListPublicSecretOccurrencesOrdering) -> Self {
        self.ordering = Some(value);
        self
    }

    /// The generated request with these criteria, or why they cannot be sent.
    fn apply<'a>(
        &self,
        request: ListPublicSecretOccurrences<'a>,
    ) -> Result<ListPublicSecretOccurrences<'a>, Invalid> {
        let request = Criteria::new(request)
            .range(self.date_after, self.date_before)?
            .id("the source id", self.source_id, |r, v| r.source_id(v))?
            .known("the presence", &self.presence, |r, v| r.presence(v))?
            .search("the sha", &self.sha, |r, v| r.sha(v))?
            .search("the file path", &self.filepath, |r, v| r.filepath(v))?
            .values("the statuses", &self.statuses, |r, v| r.status(v))?
            .values("the severities", &self.severities, |r, v| r.severity(v))?
            .values("the validities", &self.validities, |r, v| r.validity(v))?
            .values(
                "the attachment reasons",
                &self.attachment_reasons,
                |r, v| r.attachment_reason(v),
            )?
            .value(&self.date_after, |r, v| r.date_after(v))
            .value(&self.date_before, |r, v| r.date_before(v))
            .known("the ordering", &self.ordering, |r, v| r.ordering(v))?;
        Ok(request.into_request())
    }
}

impl<'a> PublicIncidents<'a> {
    /// Streams the occurrences of a public incident matching `filter`, 100 per page:
    /// `GET /v1/public-incidents/secrets/{incident_id}/occurrences` (operation
    /// `list-public-secret-occurrences`).
    ///
    /// # Errors
    ///
    /// The stream yields [`Error::InvalidInput`] first and only (and sends nothing) for an
    /// id that is not positive or an unusable filter (a sha or path search under 3
    /// characters, a date range that ends before it starts); otherwise errors as for
    /// [`GitGuardian::paginate`](crate::GitGuardian::paginate).
    ///
    /// ```no_run
    /// use gitguardian_api_ext::{types, workflows::PublicOccurrenceFilter};
    ///
    /// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
    /// let present = PublicOccurrenceFilter::new().presence(types::PublicOccurrencePresence::Present);
    /// let occurrences = client.public_incidents().occurrences(90412, present).collect_all().await?;
    /// for occurrence in occurrences {
    ///     println!("{:?}", occurrence.url);
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn occurrences(
        &self,
        incident_id: i64,
        filter: PublicOccurrenceFilter,
    ) -> Items<'a, types::PublicOccurrence> {
        let request = validate::id("the incident id", incident_id).and_then(|id| {
            filter.apply(
                self.client
                    .raw()
                    .list_public_secret_occurrences()
                    .incident_id(id),
            )
        });
        self.client.paginate_checked(request)
    }

    /// One occurrence of a public incident:
    /// `GET /v1/public-incidents/secrets/{incident_id}/occurrences/{occurrence_id}` (operation
    /// `retrieve-public-secret-occurrence`).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for ids that are not positive; [`Error::NotFound`] for an
    /// unknown incident or occurrence.
    ///
    /// ```no_run
    /// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
    /// let occurrence = client.public_incidents().occurrence(90412, 660021).await?;
    /// println!("{:?}", occurrence.filepath);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn occurrence(
        &self,
        incident_id: i64,
        occurrence_id: i64,
    ) -> Result<types::PublicOccurrence, Error> {
        let id = validate::id("the incident id", incident_id)?;
        let occurrence_id = validate::id("the occurrence id", occurrence_id)?;
        let request = self
            .client
            .raw()
            .retrieve_public_secret_occurrence()
            .incident_id(id)
            .occurrence_id(occurrence_id);
        self.client.send(request.send()).await
    }
}
