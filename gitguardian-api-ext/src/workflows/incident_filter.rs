//! Listing secret incidents with filters, without knowing the generated builder.

use chrono::{DateTime, Utc};
use gitguardian_api::{builder::ListIncidents, types};

use super::checked::Checked;
use super::setters::setters;
use super::validate::Invalid;
use super::{Assignee, Incidents};
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
    triggered_after: Option<DateTime<Utc>>,
    triggered_before: Option<DateTime<Utc>>,
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

    setters! {
        /// Incidents with this status (`status`).
        ///
        /// ```
        /// use gitguardian_api_ext::{types::IncidentStatus, workflows::IncidentFilter};
        /// let open = IncidentFilter::new().status(IncidentStatus::Triggered);
        /// # drop(open);
        /// ```
        status: types::IncidentStatus;

        /// Incidents with this severity (`severity`).
        ///
        /// ```
        /// use gitguardian_api_ext::{types::Severity, workflows::IncidentFilter};
        /// let critical = IncidentFilter::new().severity(Severity::Critical);
        /// # drop(critical);
        /// ```
        severity: types::Severity;

        /// Incidents whose secret had this validity at its last check (`validity`).
        ///
        /// ```
        /// use gitguardian_api_ext::{types::Validity, workflows::IncidentFilter};
        /// let live = IncidentFilter::new().validity(Validity::Valid);
        /// # drop(live);
        /// ```
        validity: types::Validity;

        /// Incidents last triggered at or after this instant (`date_after`).
        ///
        /// ```
        /// use chrono::{Duration, Utc};
        /// let this_week = gitguardian_api_ext::workflows::IncidentFilter::new()
        ///     .date_after(Utc::now() - Duration::days(7));
        /// # drop(this_week);
        /// ```
        date_after: DateTime<Utc>;

        /// Incidents last triggered at or before this instant (`date_before`).
        ///
        /// ```
        /// let older = gitguardian_api_ext::workflows::IncidentFilter::new()
        ///     .date_before(chrono::Utc::now());
        /// # drop(older);
        /// ```
        date_before: DateTime<Utc>;

        /// Incidents first triggered at or after this instant (`triggered_at_after`).
        ///
        /// ```
        /// let recent = gitguardian_api_ext::workflows::IncidentFilter::new()
        ///     .triggered_after(chrono::Utc::now() - chrono::Duration::days(1));
        /// # drop(recent);
        /// ```
        triggered_after: DateTime<Utc>;

        /// Incidents first triggered at or before this instant (`triggered_at_before`).
        ///
        /// ```
        /// let old = gitguardian_api_ext::workflows::IncidentFilter::new()
        ///     .triggered_before(chrono::Utc::now() - chrono::Duration::days(90));
        /// # drop(old);
        /// ```
        triggered_before: DateTime<Utc>;

        /// Incidents assigned to this member (`assignee_email` or `assignee_id`).
        ///
        /// ```
        /// use gitguardian_api_ext::workflows::{Assignee, IncidentFilter};
        /// let mine = IncidentFilter::new().assignee(Assignee::member(1187));
        /// # drop(mine);
        /// ```
        assignee: Assignee;

        /// Incidents with at least one of these tags (`tags`); replaces earlier tags.
        ///
        /// ```
        /// use gitguardian_api_ext::{types::IncidentTag, workflows::IncidentFilter};
        /// let leaked = IncidentFilter::new().tags([IncidentTag::PubliclyLeaked, IncidentTag::Regression]);
        /// # drop(leaked);
        /// ```
        tags: [types::IncidentTag];

        /// Incidents with none of these tags (`exclude_tags`); replaces earlier ones.
        ///
        /// ```
        /// use gitguardian_api_ext::{types::IncidentTag, workflows::IncidentFilter};
        /// let real = IncidentFilter::new().exclude_tags([IncidentTag::TestFile, IncidentTag::FalsePositive]);
        /// # drop(real);
        /// ```
        exclude_tags: [types::IncidentTag];

        /// The order of the list (`ordering`), e.g. newest first with `DateDesc`.
        ///
        /// ```
        /// use gitguardian_api_ext::{types::ListIncidentsOrdering, workflows::IncidentFilter};
        /// let riskiest_first = IncidentFilter::new().ordering(ListIncidentsOrdering::RiskScoreDesc);
        /// # drop(riskiest_first);
        /// ```
        ordering: types::ListIncidentsOrdering;
    }

    /// The generated request with these criteria, or why they cannot be sent.
    fn apply<'a>(&self, request: ListIncidents<'a>) -> Result<ListIncidents<'a>, Invalid> {
        apply_incident_criteria!(self, request, exclude_tags)
    }
}

/// Checks the criteria of an incident filter and sets them on its generated list builder, or
/// returns the first refused one (`Invalid`).
///
/// Internal and public incidents are listed with the same criteria under the same query
/// parameter names, but through distinct generated builders with no common trait, and filter
/// values of distinct types: one macro keeps the checks and the mapping identical for both.
/// The optional last argument names the `exclude_tags` field, which only the internal list has.
/// The checks run in the order the criteria are listed here, so the error for a filter with
/// several mistakes is the same whichever list it is for.
macro_rules! apply_incident_criteria {
    ($filter:ident, $request:ident $(, $exclude_tags:ident)?) => {{
        use $crate::workflows::{validate, Assignee};
        let filter = $filter;
        let mut request = $request;
        validate::range("the date range", filter.date_after, filter.date_before)?;
        validate::range(
            "the triggered range",
            filter.triggered_after,
            filter.triggered_before,
        )?;
        if let Some(status) = &filter.status {
            request = request.status(validate::known("the status", status.clone())?);
        }
        if let Some(severity) = &filter.severity {
            request = request.severity(validate::known("the severity", severity.clone())?);
        }
        if let Some(validity) = &filter.validity {
            request = request.validity(validate::known("the validity", validity.clone())?);
        }
        if let Some(instant) = filter.date_after {
            request = request.date_after(instant);
        }
        if let Some(instant) = filter.date_before {
            request = request.date_before(instant);
        }
        // The API documents no trigger-date filter (removed from the spec for lack of
        // provenance): refuse it rather than list unfiltered incidents.
        if filter.triggered_after.is_some() || filter.triggered_before.is_some() {
            return Err(validate::Invalid(
                "the API has no filter on the trigger date; use the date range".to_string(),
            ));
        }
        match filter.assignee.as_ref().map(Assignee::checked).transpose()? {
            Some(Assignee::Email(email)) => request = request.assignee_email(email),
            Some(Assignee::MemberId(id)) => request = request.assignee_id(id),
            None => {}
        }
        if !filter.tags.is_empty() {
            validate::comma_list("the tags", &filter.tags)?;
            request = request.tags(filter.tags.clone());
        }
        $(
            if !filter.$exclude_tags.is_empty() {
                validate::comma_list("the excluded tags", &filter.$exclude_tags)?;
                request = request.$exclude_tags(filter.$exclude_tags.clone());
            }
        )?
        if let Some(ordering) = &filter.ordering {
            request = request.ordering(validate::known("the ordering", ordering.clone())?);
        }
        Ok(request)
    }};
}

pub(super) use apply_incident_criteria;

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
        self.client.paginate(Checked::from(request))
    }
}
