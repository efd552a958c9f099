//! Listing secret incidents with filters, without knowing the generated builder.

use chrono::{DateTime, Utc};
use gitguardian_openapi::{builder::ListIncidents, types};

use super::Incidents;
use crate::workflows::criteria::Criteria;
use crate::workflows::validate::Invalid;
use crate::workflows::Assignee;
use crate::Items;

/// Which secret incidents to list, and in which order. Every criterion is optional and they
/// combine with AND; [`IncidentFilter::new`] lists every incident.
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use gitguardian_api_ext::{types, workflows::{Assignee, IncidentFilter}};
///
/// let filter = IncidentFilter::new()
///     .status(types::IncidentStatus::Triggered)
///     .severity(types::Severity::Critical)
///     .validity(types::Validity::Valid)
///     .date_after(Utc.with_ymd_and_hms(2024, 3, 1, 0, 0, 0).unwrap())
///     .assignee(Assignee::email("dana.lee@example.com"))
///     .tags([types::IncidentTag::DefaultBranch])
///     .ordering(types::ListIncidentsOrdering::DateDesc);
/// # drop(filter);
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct IncidentFilter {
    status: Option<types::IncidentStatus>,
    severity: Option<types::Severity>,
    validity: Option<types::Validity>,
    date_after: Option<DateTime<Utc>>,
    date_before: Option<DateTime<Utc>>,
    assignee: Option<Assignee>,
    tags: Vec<types::IncidentTag>,
    exclude_tags: Vec<types::IncidentTag>,
    ordering: Option<types::ListIncidentsOrdering>,
}

impl IncidentFilter {
    /// No criterion: every incident, in the API's order.
    ///
    /// ```
    /// let everything = gitguardian_api_ext::workflows::IncidentFilter::new();
    /// # drop(everything);
    /// ```
    pub fn new() -> IncidentFilter {
        IncidentFilter::default()
    }

    /// Incidents with this status (`status`).
    ///
    /// ```
    /// use gitguardian_api_ext::{types::IncidentStatus, workflows::IncidentFilter};
    /// let open = IncidentFilter::new().status(IncidentStatus::Triggered);
    /// # drop(open);
    /// ```
    pub fn status(mut self, value: types::IncidentStatus) -> Self {
        self.status = Some(value);
        self
    }

    /// Incidents with this severity (`severity`).
    ///
    /// ```
    /// use gitguardian_api_ext::{types::Severity, workflows::IncidentFilter};
    /// let critical = IncidentFilter::new().severity(Severity::Critical);
    /// # drop(critical);
    /// ```
    pub fn severity(mut self, value: types::Severity) -> Self {
        self.severity = Some(value);
        self
    }

    /// Incidents whose secret had this validity at its last check (`validity`).
    ///
    /// ```
    /// use gitguardian_api_ext::{types::Validity, workflows::IncidentFilter};
    /// let live = IncidentFilter::new().validity(Validity::Valid);
    /// # drop(live);
    /// ```
    pub fn validity(mut self, value: types::Validity) -> Self {
        self.validity = Some(value);
        self
    }

    /// Incidents last triggered at or after this instant (`date_after`).
    ///
    /// ```
    /// use chrono::{Duration, Utc};
    /// let this_week = gitguardian_api_ext::workflows::IncidentFilter::new()
    ///     .date_after(Utc::now() - Duration::days(7));
    /// # drop(this_week);
    /// ```
    pub fn date_after(mut self, value: DateTime<Utc>) -> Self {
        self.date_after = Some(value);
        self
    }

    /// Incidents last triggered at or before this instant (`date_before`).
    ///
    /// ```
    /// let older = gitguardian_api_ext::workflows::IncidentFilter::new()
    ///     .date_before(chrono::Utc::now());
    /// # drop(older);
    /// ```
    pub fn date_before(mut self, value: DateTime<Utc>) -> Self {
        self.date_before = Some(value);
        self
    }

    /// Incidents assigned to this member (`assignee_email` or `assignee_id`).
    ///
    /// ```
    /// use gitguardian_api_ext::workflows::{Assignee, IncidentFilter};
    /// let mine = IncidentFilter::new().assignee(Assignee::member(1187));
    /// # drop(mine);
    /// ```
    pub fn assignee(mut self, value: Assignee) -> Self {
        self.assignee = Some(value);
        self
    }

    /// Incidents with at least one of these tags (`tags`); replaces earlier tags.
    ///
    /// ```
    /// use gitguardian_api_ext::{types::IncidentTag, workflows::IncidentFilter};
    /// let leaked = IncidentFilter::new().tags([IncidentTag::PubliclyLeaked, IncidentTag::Regression]);
    /// # drop(leaked);
    /// ```
    pub fn tags(mut self, values: impl IntoIterator<Item = types::IncidentTag>) -> Self {
        self.tags = values.into_iter().collect();
        self
    }

    /// Incidents with none of these tags (`exclude_tags`); replaces earlier ones.
    ///
    /// ```
    /// use gitguardian_api_ext::{types::IncidentTag, workflows::IncidentFilter};
    /// let real = IncidentFilter::new().exclude_tags([IncidentTag::TestFile, IncidentTag::FalsePositive]);
    /// # drop(real);
    /// ```
    pub fn exclude_tags(mut self, values: impl IntoIterator<Item = types::IncidentTag>) -> Self {
        self.exclude_tags = values.into_iter().collect();
        self
    }

    /// The order of the list (`ordering`), e.g. newest first with `DateDesc`.
    ///
    /// ```
    /// use gitguardian_api_ext::{types::ListIncidentsOrdering, workflows::IncidentFilter};
    /// let riskiest_first = IncidentFilter::new().ordering(ListIncidentsOrdering::RiskScoreDesc);
    /// # drop(riskiest_first);
    /// ```
    pub fn ordering(mut self, value: types::ListIncidentsOrdering) -> Self {
        self.ordering = Some(value);
        self
    }

    /// The generated request with these criteria, or why they cannot be sent.
    fn apply<'a>(&self, request: ListIncidents<'a>) -> Result<ListIncidents<'a>, Invalid> {
        let request = Criteria::new(request)
            .range(self.date_after, self.date_before)?
            .known("the status", &self.status, |r, v| r.status(v))?
            .known("the severity", &self.severity, |r, v| r.severity(v))?
            .known("the validity", &self.validity, |r, v| r.validity(v))?
            .value(&self.date_after, |r, v| r.date_after(v))
            .value(&self.date_before, |r, v| r.date_before(v))
            .assignee(
                &self.assignee,
                |r, v| r.assignee_email(v),
                |r, v| r.assignee_id(v),
            )?
            .values("the tags", &self.tags, |r, v| r.tags(v))?
            .values("the excluded tags", &self.exclude_tags, |r, v| {
                r.exclude_tags(v)
            })?
            .known("the ordering", &self.ordering, |r, v| r.ordering(v))?;
        Ok(request.into_request())
    }
}

impl<'a> Incidents<'a> {
    /// Streams the incidents matching `filter`, 100 per page, without their occurrences:
    /// `GET /v1/incidents/secrets` (operation `list-incidents`).
    ///
    /// # Errors
    ///
    /// The stream yields [`Error::InvalidInput`](crate::Error::InvalidInput) first and only
    /// when the filter is unusable (an empty or malformed assignee email, a date range that
    /// ends before it starts): nothing is sent then. Otherwise, errors as for
    /// [`GitGuardian::paginate`](crate::GitGuardian::paginate).
    ///
    /// ```no_run
    /// use futures::TryStreamExt;
    /// use gitguardian_api_ext::{types, workflows::IncidentFilter};
    ///
    /// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
    /// let filter = IncidentFilter::new()
    ///     .status(types::IncidentStatus::Triggered)
    ///     .ordering(types::ListIncidentsOrdering::DateDesc);
    /// let newest = client.incidents().list(filter).limit(10).collect_all().await?;
    /// for incident in newest {
    ///     println!("{} {} {}", incident.id, incident.severity, incident.detector.name);
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn list(&self, filter: IncidentFilter) -> Items<'a, types::IncidentWithoutOccurrences> {
        let request = filter.apply(self.client.raw().list_incidents());
        self.client.paginate_checked(request)
    }
}
