//! Listing public secret incidents (secrets of the perimeter found on public GitHub) with
//! filters, without knowing the generated builder.

use chrono::{DateTime, Utc};
use gitguardian_openapi::{builder::ListPublicIncidents, types};

use super::PublicIncidents;
use crate::workflows::criteria::Criteria;
use crate::workflows::validate::Invalid;
use crate::workflows::Assignee;
use crate::Items;

/// Which public incidents to list, and in which order. Every criterion is optional and they
/// combine with AND; [`PublicIncidentFilter::new`] lists every public incident.
///
/// ```
/// use gitguardian_api_ext::{types, workflows::PublicIncidentFilter};
///
/// let filter = PublicIncidentFilter::new()
///     .status(types::PublicIncidentStatus::Triggered)
///     .severity(types::PublicIncidentSeverity::Critical)
///     .ordering(types::ListPublicIncidentsOrdering::DateDesc);
/// # drop(filter);
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PublicIncidentFilter {
    status: Option<types::PublicIncidentStatus>,
    severity: Option<types::PublicIncidentSeverity>,
    validity: Option<types::PublicIncidentValidity>,
    date_after: Option<DateTime<Utc>>,
    date_before: Option<DateTime<Utc>>,
    assignee: Option<Assignee>,
    tags: Vec<types::PublicIncidentTag>,
    ordering: Option<types::ListPublicIncidentsOrdering>,
}

impl PublicIncidentFilter {
    /// No criterion: every public incident, in the API's order.
    ///
    /// ```
    /// let everything = gitguardian_api_ext::workflows::PublicIncidentFilter::new();
    /// # drop(everything);
    /// ```
    pub fn new() -> PublicIncidentFilter {
        PublicIncidentFilter::default()
    }

    /// Public incidents with this status (`status`).
    ///
    /// ```
    /// use gitguardian_api_ext::{types::PublicIncidentStatus, workflows::PublicIncidentFilter};
    /// let open = PublicIncidentFilter::new().status(PublicIncidentStatus::Triggered);
    /// # drop(open);
    /// ```
    pub fn status(mut self, value: types::PublicIncidentStatus) -> Self {
        self.status = Some(value);
        self
    }

    /// Public incidents with this severity (`severity`).
    ///
    /// ```
    /// use gitguardian_api_ext::{types::PublicIncidentSeverity, workflows::PublicIncidentFilter};
    /// let critical = PublicIncidentFilter::new().severity(PublicIncidentSeverity::Critical);
    /// # drop(critical);
    /// ```
    pub fn severity(mut self, value: types::PublicIncidentSeverity) -> Self {
        self.severity = Some(value);
        self
    }

    /// Public incidents whose secret had this validity at its last check (`validity`).
    ///
    /// ```
    /// use gitguardian_api_ext::{types::PublicIncidentValidity, workflows::PublicIncidentFilter};
    /// let live = PublicIncidentFilter::new().validity(PublicIncidentValidity::Valid);
    /// # drop(live);
    /// ```
    pub fn validity(mut self, value: types::PublicIncidentValidity) -> Self {
        self.validity = Some(value);
        self
    }

    /// Public incidents last triggered at or after this instant (`date_after`).
    ///
    /// ```
    /// let recent = gitguardian_api_ext::workflows::PublicIncidentFilter::new()
    ///     .date_after(chrono::Utc::now() - chrono::Duration::days(7));
    /// # drop(recent);
    /// ```
    pub fn date_after(mut self, value: DateTime<Utc>) -> Self {
        self.date_after = Some(value);
        self
    }

    /// Public incidents last triggered at or before this instant (`date_before`).
    ///
    /// ```
    /// let older = gitguardian_api_ext::workflows::PublicIncidentFilter::new()
    ///     .date_before(chrono::Utc::now());
    /// # drop(older);
    /// ```
    pub fn date_before(mut self, value: DateTime<Utc>) -> Self {
        self.date_before = Some(value);
        self
    }

    /// Public incidents assigned to this member (`assignee_email` or `assignee_id`).
    ///
    /// ```
    /// use gitguardian_api_ext::workflows::{Assignee, PublicIncidentFilter};
    /// let mine = PublicIncidentFilter::new().assignee(Assignee::email("dana.lee@example.com"));
    /// # drop(mine);
    /// ```
    pub fn assignee(mut self, value: Assignee) -> Self {
        self.assignee = Some(value);
        self
    }

    /// Public incidents with at least one of these tags (`tags`); replaces earlier ones.
    ///
    /// ```
    /// use gitguardian_api_ext::{types::PublicIncidentTag, workflows::PublicIncidentFilter};
    /// let ours = PublicIncidentFilter::new().tags([PublicIncidentTag::CompanyDomain]);
    /// # drop(ours);
    /// ```
    pub fn tags(mut self, values: impl IntoIterator<Item = types::PublicIncidentTag>) -> Self {
        self.tags = values.into_iter().collect();
        self
    }

    /// The order of the list (`ordering`).
    ///
    /// ```
    /// use gitguardian_api_ext::{types::ListPublicIncidentsOrdering, workflows::PublicIncidentFilter};
    /// let newest = PublicIncidentFilter::new().ordering(ListPublicIncidentsOrdering::DateDesc);
    /// # drop(newest);
    /// ```
    pub fn ordering(mut self, value: types::ListPublicIncidentsOrdering) -> Self {
        self.ordering = Some(value);
        self
    }

    /// The generated request with these criteria, or why they cannot be sent.
    fn apply<'a>(
        &self,
        request: ListPublicIncidents<'a>,
    ) -> Result<ListPublicIncidents<'a>, Invalid> {
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
            .known("the ordering", &self.ordering, |r, v| r.ordering(v))?;
        Ok(request.into_request())
    }
}

impl<'a> PublicIncidents<'a> {
    /// Streams the public incidents matching `filter`, 100 per page:
    /// `GET /v1/public-incidents/secrets` (operation `list-public-incidents`).
    ///
    /// # Errors
    ///
    /// The stream yields [`Error::InvalidInput`](crate::Error::InvalidInput) first and only
    /// when the filter is unusable (an empty or malformed assignee email, a date range that
    /// ends before it starts): nothing is sent then. Otherwise, errors as for
    /// [`GitGuardian::paginate`](crate::GitGuardian::paginate).
    ///
    /// ```no_run
    /// use gitguardian_api_ext::{types, workflows::PublicIncidentFilter};
    ///
    /// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
    /// let open = PublicIncidentFilter::new().status(types::PublicIncidentStatus::Triggered);
    /// let incidents = client.public_incidents().list(open).collect_all().await?;
    /// println!("{} open public incidents", incidents.len());
    /// # Ok(())
    /// # }
    /// ```
    pub fn list(&self, filter: PublicIncidentFilter) -> Items<'a, types::PublicIncident> {
        let request = filter.apply(self.client.raw().list_public_incidents());
        self.client.paginate_checked(request)
    }
}
