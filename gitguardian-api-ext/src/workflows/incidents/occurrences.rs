//! Occurrences: each place (commit, file, message) where an incident's secret was found.

use chrono::{DateTime, Utc};
use gitguardian_openapi::{builder::ListOccs, types};

use super::Incidents;
use crate::workflows::criteria::Criteria;
use crate::workflows::validate::Invalid;
use crate::Items;

/// Which occurrences of secret incidents to list. Every criterion is optional and they combine
/// with AND; the list-valued ones (`statuses`, `severities`, `validities`, `tags`) match any
/// of their values.
///
/// ```
/// use gitguardian_api_ext::{types, workflows::OccurrenceFilter};
///
/// let filter = OccurrenceFilter::new()
///     .incident(81234)
///     .presence(types::OccurrencePresence::Present)
///     .filepath("deploy/")
///     .ordering(types::ListOccsOrdering::DateDesc);
/// # drop(filter);
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OccurrenceFilter {
    incident_id: Option<i64>,
    source_id: Option<i64>,
    source_name: Option<String>,
    presence: Option<types::OccurrencePresence>,
    author_name: Option<String>,
    author_info: Option<String>,
    sha: Option<String>,
    filepath: Option<String>,
    statuses: Vec<types::IncidentStatus>,
    severities: Vec<types::Severity>,
    validities: Vec<types::Validity>,
    tags: Vec<types::IncidentTag>,
    exclude_tags: Vec<types::IncidentTag>,
    date_after: Option<DateTime<Utc>>,
    date_before: Option<DateTime<Utc>>,
    ordering: Option<types::ListOccsOrdering>,
}

impl OccurrenceFilter {
    /// No criterion: every occurrence of every incident.
    ///
    /// ```
    /// let all = gitguardian_api_ext::workflows::OccurrenceFilter::new();
    /// # drop(all);
    /// ```
    pub fn new() -> OccurrenceFilter {
        OccurrenceFilter::default()
    }

    /// Occurrences of this incident (`incident_id`).
    ///
    /// ```
    /// let of_one = gitguardian_api_ext::workflows::OccurrenceFilter::new().incident(81234);
    /// # drop(of_one);
    /// ```
    pub fn incident(mut self, value: i64) -> Self {
        self.incident_id = Some(value);
        self
    }

    /// Occurrences in this source (`source_id`).
    ///
    /// ```
    /// let in_repo = gitguardian_api_ext::workflows::OccurrenceFilter::new().source(9120);
    /// # drop(in_repo);
    /// ```
    pub fn source(mut self, value: i64) -> Self {
        self.source_id = Some(value);
        self
    }

    /// Occurrences in sources whose name matches this search (`source_name`).
    ///
    /// ```
    /// let payments = gitguardian_api_ext::workflows::OccurrenceFilter::new()
    ///     .source_name("acme/payments-api");
    /// # drop(payments);
    /// ```
    pub fn source_name(mut self, value: impl Into<String>) -> Self {
        self.source_name = Some(value.into());
        self
    }

    /// Occurrences still present, or removed (`presence`).
    ///
    /// ```
    /// use gitguardian_api_ext::{types::OccurrencePresence, workflows::OccurrenceFilter};
    /// let still_there = OccurrenceFilter::new().presence(OccurrencePresence::Present);
    /// # drop(still_there);
    /// ```
    pub fn presence(mut self, value: types::OccurrencePresence) -> Self {
        self.presence = Some(value);
        self
    }

    /// Occurrences whose author's name matches this search, 3 characters or more
    /// (`author_name`).
    ///
    /// ```
    /// let by_dana = gitguardian_api_ext::workflows::OccurrenceFilter::new().author_name("Dana Lee");
    /// # drop(by_dana);
    /// ```
    pub fn author_name(mut self, value: impl Into<String>) -> Self {
        self.author_name = Some(value.into());
        self
    }

    /// Occurrences whose author's email matches this search, 3 characters or more
    /// (`author_info`).
    ///
    /// ```
    /// let by_email = gitguardian_api_ext::workflows::OccurrenceFilter::new()
    ///     .author_email("dana.lee@example.com");
    /// # drop(by_email);
    /// ```
    pub fn author_email(mut self, value: impl Into<String>) -> Self {
        self.author_info = Some(value.into());
        self
    }

    /// Occurrences in commits whose sha starts with this, 3 characters or more (`sha`).
    ///
    /// ```
    /// let in_commit = gitguardian_api_ext::workflows::OccurrenceFilter::new().sha("9d2c4e6");
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
    /// let env_files = gitguardian_api_ext::workflows::OccurrenceFilter::new().filepath(".env");
    /// # drop(env_files);
    /// ```
    pub fn filepath(mut self, value: impl Into<String>) -> Self {
        self.filepath = Some(value.into());
        self
    }

    /// Occurrences of incidents with any of these statuses (`status`); replaces earlier ones.
    ///
    /// ```
    /// use gitguardian_api_ext::{types::IncidentStatus, workflows::OccurrenceFilter};
    /// let open = OccurrenceFilter::new().statuses([IncidentStatus::Triggered, IncidentStatus::Assigned]);
    /// # drop(open);
    /// ```
    pub fn statuses(mut self, values: impl IntoIterator<Item = types::IncidentStatus>) -> Self {
        self.statuses = values.into_iter().collect();
        self
    }

    /// Occurrences of incidents with any of these severities (`severity`); replaces earlier
    /// ones.
    ///
    /// ```
    /// use gitguardian_api_ext::{types::Severity, workflows::OccurrenceFilter};
    /// let urgent = OccurrenceFilter::new().severities([Severity::Critical, Severity::High]);
    /// # drop(urgent);
    /// ```
    pub fn severities(mut self, values: impl IntoIterator<Item = types::Severity>) -> Self {
        self.severities = values.into_iter().collect();
        self
    }

    /// Occurrences of secrets with any of these validities (`validity`); replaces earlier
    /// ones.
    ///
    /// ```
    /// use gitguardian_api_ext::{types::Validity, workflows::OccurrenceFilter};
    /// let live = OccurrenceFilter::new().validities([Validity::Valid]);
    /// # drop(live);
    /// ```
    pub fn validities(mut self, values: impl IntoIterator<Item = types::Validity>) -> Self {
        self.validities = values.into_iter().collect();
        self
    }

    /// Occurrences with at least one of these tags (`tags`); replaces earlier ones.
    ///
    /// ```
    /// use gitguardian_api_ext::{types::IncidentTag, workflows::OccurrenceFilter};
    /// let main_branch = OccurrenceFilter::new().tags([IncidentTag::DefaultBranch]);
    /// # drop(main_branch);
    /// ```
    pub fn tags(mut self, values: impl IntoIterator<Item = types::IncidentTag>) -> Self {
        self.tags = values.into_iter().collect();
        self
    }

    /// Occurrences with none of these tags (`exclude_tags`); replaces earlier ones.
    ///
    /// ```
    /// use gitguardian_api_ext::{types::IncidentTag, workflows::OccurrenceFilter};
    /// let no_tests = OccurrenceFilter::new().exclude_tags([IncidentTag::TestFile]);
    /// # drop(no_tests);
    /// ```
    pub fn exclude_tags(mut self, values: impl IntoIterator<Item = types::IncidentTag>) -> Self {
        self.exclude_tags = values.into_iter().collect();
        self
    }

    /// Occurrences dated at or after this instant (`date_after`).
    ///
    /// ```
    /// let recent = gitguardian_api_ext::workflows::OccurrenceFilter::new()
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
    /// let old = gitguardian_api_ext::workflows::OccurrenceFilter::new()
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
    /// use gitguardian_api_ext::{types::ListOccsOrdering, workflows::OccurrenceFilter};
    /// let newest_first = OccurrenceFilter::new().ordering(ListOccsOrdering::DateDesc);
    /// # drop(newest_first);
    /// ```
    pub fn ordering(mut self, value: types::ListOccsOrdering) -> Self {
        self.ordering = Some(value);
        self
    }

    /// The generated request with these criteria, or why they cannot be sent.
    fn apply<'a>(&self, request: ListOccs<'a>) -> Result<ListOccs<'a>, Invalid> {
        let request = Criteria::new(request)
            .range(self.date_after, self.date_before)?
            .id("the incident id", self.incident_id, |r, v| r.incident_id(v))?
            .id("the source id", self.source_id, |r, v| r.source_id(v))?
            .text("the source name", &self.source_name, |r, v| {
                r.source_name(v)
            })?
            .known("the presence", &self.presence, |r, v| r.presence(v))?
            .search("the author name", &self.author_name, |r, v| {
                r.author_name(v)
            })?
            .search("the author email", &self.author_info, |r, v| {
                r.author_info(v)
            })?
            .search("the sha", &self.sha, |r, v| r.sha(v))?
            .search("the file path", &self.filepath, |r, v| r.filepath(v))?
            .values("the statuses", &self.statuses, |r, v| r.status(v))?
            .values("the severities", &self.severities, |r, v| r.severity(v))?
            .values("the validities", &self.validities, |r, v| r.validity(v))?
            .values("the tags", &self.tags, |r, v| r.tags(v))?
            .values("the excluded tags", &self.exclude_tags, |r, v| {
                r.exclude_tags(v)
            })?
            .value(&self.date_after, |r, v| r.date_after(v))
            .value(&self.date_before, |r, v| r.date_before(v))
            .known("the ordering", &self.ordering, |r, v| r.ordering(v))?;
        Ok(request.into_request())
    }
}

impl<'a> Incidents<'a> {
    /// Streams the occurrences matching `filter`, 100 per page:
    /// `GET /v1/occurrences/secrets` (operation `list-occs`).
    ///
    /// # Errors
    ///
    /// The stream yields [`Error::InvalidInput`](crate::Error::InvalidInput) first and only when the filter is unusable
    /// (an id that is not positive, an author, sha or path search under 3 characters, a date
    /// range that ends before it starts): nothing is sent then. Otherwise, errors as for
    /// [`GitGuardian::paginate`](crate::GitGuardian::paginate).
    ///
    /// ```no_run
    /// use futures::TryStreamExt;
    /// use gitguardian_api_ext::workflows::OccurrenceFilter;
    ///
    /// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
    /// let mut occurrences = client.incidents().occurrences(OccurrenceFilter::new().incident(81234));
    /// while let Some(occurrence) = occurrences.try_next().await? {
    ///     let source = occurrence.source.as_ref().map(|s| s.full_name.as_str());
    ///     println!("{source:?} {:?}", occurrence.filepath);
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn occurrences(&self, filter: OccurrenceFilter) -> Items<'a, types::Occurrence> {
        let request = filter.apply(self.client.raw().list_occs());
        self.client.paginate_checked(request)
    }
}
