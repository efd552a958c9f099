//! The timeline of an incident, internal or public: its notes and the actions taken on it
//! (trigger, assignment, severity changes, resolution...), oldest first as the API sends it.
//!
//! Both kinds of incident share the entry type and the filter; they differ only in the
//! operation, so each handle has its own short `activity_logs` method.

use gitguardian_openapi::types;

use super::public_incidents::PublicIncidents;
use super::validate::{self, Invalid};
use super::Incidents;
use crate::Items;

/// Which entries of an incident's timeline to list. Both criteria are optional and combine
/// with AND; [`ActivityLogFilter::new`] lists every entry.
///
/// ```
/// use gitguardian_api_ext::workflows::ActivityLogFilter;
///
/// let dana_assigned = ActivityLogFilter::new().content_key("ASSIGN").member(3252);
/// # drop(dana_assigned);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ActivityLogFilter {
    content_key: Option<String>,
    member_id: Option<i64>,
}

/// An incident id, a content key and a member id that passed their checks.
type Checked = (i64, Option<String>, Option<i64>);

impl ActivityLogFilter {
    /// No criterion: the whole timeline.
    ///
    /// ```
    /// let everything = gitguardian_api_ext::workflows::ActivityLogFilter::new();
    /// # drop(everything);
    /// ```
    pub fn new() -> ActivityLogFilter {
        ActivityLogFilter::default()
    }

    /// Entries of this kind of action (`content_key`), such as `TRIGGER`, `ASSIGN`,
    /// `RESOLVE` or `SET_SEVERITY`. The key is the server's vocabulary, which grows, so it
    /// is taken as text; it is trimmed and must not be blank.
    ///
    /// ```
    /// let resolutions = gitguardian_api_ext::workflows::ActivityLogFilter::new().content_key("RESOLVE");
    /// # drop(resolutions);
    /// ```
    pub fn content_key(mut self, value: impl Into<String>) -> Self {
        self.content_key = Some(value.into());
        self
    }

    /// Entries written or caused by this member (`member_id`).
    ///
    /// ```
    /// let by_dana = gitguardian_api_ext::workflows::ActivityLogFilter::new().member(3252);
    /// # drop(by_dana);
    /// ```
    pub fn member(mut self, member_id: i64) -> Self {
        self.member_id = Some(member_id);
        self
    }

    /// The incident id and the criteria, checked: ids positive, the content key trimmed.
    fn checked(&self, incident_id: i64) -> Result<Checked, Invalid> {
        let id = validate::id("the incident id", incident_id)?;
        let key = self
            .content_key
            .as_deref()
            .map(|key| validate::text("the content key", key))
            .transpose()?;
        let member = self
            .member_id
            .map(|id| validate::id("the member id", id))
            .transpose()?;
        Ok((id, key, member))
    }
}

impl<'a> Incidents<'a> {
    /// Streams the timeline of an incident, 100 entries per page:
    /// `GET /v1/incidents/secrets/{incident_id}/activity-logs` (operation
    /// `list-incident-activity-logs`). An entry is a note (`content.type` `note`, with its
    /// `comment`) or an action (`action`, with its `content_key` and `data`).
    ///
    /// # Errors
    ///
    /// The stream yields [`Error::InvalidInput`](crate::Error::InvalidInput) first and only
    /// (and sends nothing) for an incident or member id that is not positive or a blank
    /// content key; otherwise [`Error::NotFound`](crate::Error::NotFound) for an unknown
    /// incident and errors as for [`GitGuardian::paginate`](crate::GitGuardian::paginate).
    ///
    /// ```no_run
    /// use futures::TryStreamExt;
    /// use gitguardian_api_ext::workflows::ActivityLogFilter;
    ///
    /// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
    /// let mut timeline = client.incidents().activity_logs(81234, ActivityLogFilter::new());
    /// while let Some(entry) = timeline.try_next().await? {
    ///     let who = entry.member.as_ref().and_then(|m| m.email.as_deref()).unwrap_or("GitGuardian");
    ///     println!("{} {who} {:?}", entry.created_at, entry.content.content_key);
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn activity_logs(
        &self,
        incident_id: i64,
        filter: ActivityLogFilter,
    ) -> Items<'a, types::ActivityLog> {
        let request = filter.checked(incident_id).map(|(id, key, member)| {
            let mut request = self
                .client
                .raw()
                .list_incident_activity_logs()
                .incident_id(id);
            if let Some(key) = key {
                request = request.content_key(key);
            }
            if let Some(member) = member {
                request = request.member_id(member);
            }
            request
        });
        self.client.paginate_checked(request)
    }
}

impl<'a> PublicIncidents<'a> {
    /// Streams the timeline of a public incident, 100 entries per page:
    /// `GET /v1/public-incidents/secrets/{incident_id}/activity-logs` (operation
    /// `list-public-incident-activity-logs`). Entries are as for
    /// [`Incidents::activity_logs`].
    ///
    /// # Errors
    ///
    /// As for [`Incidents::activity_logs`].
    ///
    /// ```no_run
    /// use gitguardian_api_ext::workflows::ActivityLogFilter;
    ///
    /// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
    /// let notes = client
    ///     .public_incidents()
    ///     .activity_logs(90412, ActivityLogFilter::new().member(3252))
    ///     .collect_all()
    ///     .await?;
    /// println!("{} entries by member 3252", notes.len());
    /// # Ok(())
    /// # }
    /// ```
    pub fn activity_logs(
        &self,
        incident_id: i64,
        filter: ActivityLogFilter,
    ) -> Items<'a, types::ActivityLog> {
        let request = filter.checked(incident_id).map(|(id, key, member)| {
            let mut request = self
                .client
                .raw()
                .list_public_incident_activity_logs()
                .incident_id(id);
            if let Some(key) = key {
                request = request.content_key(key);
            }
            if let Some(member) = member {
                request = request.member_id(member);
            }
            request
        });
        self.client.paginate_checked(request)
    }
}
