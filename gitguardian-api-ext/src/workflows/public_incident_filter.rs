//! Listing public secret incidents (secrets of the perimeter found on public GitHub) with
//! filters, without knowing the generated builder.

use chrono::{DateTime, Utc};
use gitguardian_api::{builder::ListPublicIncidents, types};

use super::checked::Checked;
use super::incident_filter::apply_incident_criteria;
use super::setters::setters;
use super::validate::Invalid;
use super::{Assignee, PublicIncidents};
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
    triggered_after: Option<DateTime<Utc>>,
    triggered_before: Option<DateTime<Utc>>,
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

    setters! {
        /// Public incidents with this status (`status`).
        ///
        /// ```
        /// use gitguardian_api_ext::{types::PublicIncidentStatus, workflows::PublicIncidentFilter};
        /// let open = PublicIncidentFilter::new().status(PublicIncidentStatus::Triggered);
        /// # drop(open);
        /// ```
        status: types::PublicIncidentStatus;

        /// Public incidents with this severity (`severity`).
        ///
        /// ```
        /// use gitguardian_api_ext::{types::PublicIncidentSeverity, workflows::PublicIncidentFilter};
        /// let critical = PublicIncidentFilter::new().severity(PublicIncidentSeverity::Critical);
        /// # drop(critical);
        /// ```
        severity: types::PublicIncidentSeverity;

        /// Public incidents whose secret had this validity at its last check (`validity`).
        ///
        /// ```
        /// use gitguardian_api_ext::{types::PublicIncidentValidity, workflows::PublicIncidentFilter};
        /// let live = PublicIncidentFilter::new().validity(PublicIncidentValidity::Valid);
        /// # drop(live);
        /// ```
        validity: types::PublicIncidentValidity;

        /// Public incidents last triggered at or after this instant (`date_after`).
        ///
        /// ```
        /// let recent = gitguardian_api_ext::workflows::PublicIncidentFilter::new()
        ///     .date_after(chrono::Utc::now() - chrono::Duration::days(7));
        /// # drop(recent);
        /// ```
        date_after: DateTime<Utc>;

        /// Public incidents last triggered at or before this instant (`date_before`).
        ///
        /// ```
        /// let older = gitguardian_api_ext::workflows::PublicIncidentFilter::new()
        ///     .date_before(chrono::Utc::now());
        /// # drop(older);
        /// ```
        date_before: DateTime<Utc>;

        /// Public incidents first triggered at or after this instant (`triggered_at_after`).
        ///
        /// ```
        /// let recent = gitguardian_api_ext::workflows::PublicIncidentFilter::new()
        ///     .triggered_after(chrono::Utc::now() - chrono::Duration::days(1));
        /// # drop(recent);
        /// ```
        triggered_after: DateTime<Utc>;

        /// Public incidents first triggered at or before this instant (`triggered_at_before`).
        ///
        /// ```
        /// let old = gitguardian_api_ext::workflows::PublicIncidentFilter::new()
        ///     .triggered_before(chrono::Utc::now() - chrono::Duration::days(90));
        /// # drop(old);
        /// ```
        triggered_before: DateTime<Utc>;

        /// Public incidents assigned to this member (`assignee_email` or `assignee_id`).
        ///
        /// ```
        /// use gitguardian_api_ext::workflows::{Assignee, PublicIncidentFilter};
        /// let mine = PublicIncidentFilter::new().assignee(Assignee::email("dana.lee@example.com"));
        /// # drop(mine);
        /// ```
        assignee: Assignee;

        /// Public incidents with at least one of these tags (`tags`); replaces earlier ones.
        ///
        /// ```
        /// use gitguardian_api_ext::{types::PublicIncidentTag, workflows::PublicIncidentFilter};
        /// let ours = PublicIncidentFilter::new().tags([PublicIncidentTag::CompanyDomain]);
        /// # drop(ours);
        /// ```
        tags: [types::PublicIncidentTag];

        /// The order of the list (`ordering`).
        ///
        /// ```
        /// use gitguardian_api_ext::{types::ListPublicIncidentsOrdering, workflows::PublicIncidentFilter};
        /// let newest = PublicIncidentFilter::new().ordering(ListPublicIncidentsOrdering::DateDesc);
        /// # drop(newest);
        /// ```
        ordering: types::ListPublicIncidentsOrdering;
    }

    /// The generated request with these criteria, or why they cannot be sent.
    fn apply<'a>(
        &self,
        request: ListPublicIncidents<'a>,
    ) -> Result<ListPublicIncidents<'a>, Invalid> {
        apply_incident_criteria!(self, request)
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
        self.client.paginate(Checked::from(request))
    }
}
