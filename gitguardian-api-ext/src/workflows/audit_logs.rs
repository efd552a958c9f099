//! The workspace's audit log: who did what, when, from where.

use chrono::{DateTime, Utc};
use gitguardian_openapi::{builder::ListAuditLogs, types};
use uuid::Uuid;

use super::criteria::Criteria;
use super::validate::{self, Invalid};
use crate::{GitGuardian, Items};

/// Which audit log entries to list. Every criterion is optional and they combine with AND.
///
/// ```
/// use gitguardian_api_ext::workflows::AuditLogFilter;
///
/// let filter = AuditLogFilter::new()
///     .event_name("incident.assigned")
///     .member_email("dana.lee@example.com")
///     .date_after(chrono::Utc::now() - chrono::Duration::days(7));
/// # drop(filter);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuditLogFilter {
    date_after: Option<DateTime<Utc>>,
    date_before: Option<DateTime<Utc>>,
    event_name: Option<String>,
    member_id: Option<i64>,
    member_email: Option<String>,
    member_name: Option<String>,
    api_token_id: Option<Uuid>,
    ip_address: Option<String>,
}

impl AuditLogFilter {
    /// No criterion: the whole log.
    ///
    /// ```
    /// let everything = gitguardian_api_ext::workflows::AuditLogFilter::new();
    /// # drop(everything);
    /// ```
    pub fn new() -> AuditLogFilter {
        AuditLogFilter::default()
    }

    /// Entries at or after this instant (`date_after`).
    ///
    /// ```
    /// let today = gitguardian_api_ext::workflows::AuditLogFilter::new()
    ///     .date_after(chrono::Utc::now() - chrono::Duration::hours(24));
    /// # drop(today);
    /// ```
    pub fn date_after(mut self, instant: DateTime<Utc>) -> AuditLogFilter {
        self.date_after = Some(instant);
        self
    }

    /// Entries at or before this instant (`date_before`).
    ///
    /// ```
    /// let older = gitguardian_api_ext::workflows::AuditLogFilter::new().date_before(chrono::Utc::now());
    /// # drop(older);
    /// ```
    pub fn date_before(mut self, instant: DateTime<Utc>) -> AuditLogFilter {
        self.date_before = Some(instant);
        self
    }

    /// Entries of this event, e.g. `incident.assigned` (`event_name`; the names come from
    /// `GET /v1/audit_logs/event_names`).
    ///
    /// ```
    /// let logins = gitguardian_api_ext::workflows::AuditLogFilter::new().event_name("user.logged_in");
    /// # drop(logins);
    /// ```
    pub fn event_name(mut self, name: impl Into<String>) -> AuditLogFilter {
        self.event_name = Some(name.into());
        self
    }

    /// Entries of this member (`member_id`).
    ///
    /// ```
    /// let by_member = gitguardian_api_ext::workflows::AuditLogFilter::new().member(3310);
    /// # drop(by_member);
    /// ```
    pub fn member(mut self, member_id: i64) -> AuditLogFilter {
        self.member_id = Some(member_id);
        self
    }

    /// Entries of the member with this email (`member_email`).
    ///
    /// ```
    /// let by_email = gitguardian_api_ext::workflows::AuditLogFilter::new()
    ///     .member_email("dana.lee@example.com");
    /// # drop(by_email);
    /// ```
    pub fn member_email(mut self, email: impl Into<String>) -> AuditLogFilter {
        self.member_email = Some(email.into());
        self
    }

    /// Entries of the member with this name (`member_name`).
    ///
    /// ```
    /// let by_name = gitguardian_api_ext::workflows::AuditLogFilter::new().member_name("Dana Lee");
    /// # drop(by_name);
    /// ```
    pub fn member_name(mut self, name: impl Into<String>) -> AuditLogFilter {
        self.member_name = Some(name.into());
        self
    }

    /// Entries of calls made with this API token (`api_token_id`).
    ///
    /// ```
    /// # fn run(token_id: uuid::Uuid) {
    /// let by_token = gitguardian_api_ext::workflows::AuditLogFilter::new().api_token(token_id);
    /// # drop(by_token);
    /// # }
    /// ```
    pub fn api_token(mut self, api_token_id: Uuid) -> AuditLogFilter {
        self.api_token_id = Some(api_token_id);
        self
    }

    /// Entries of calls from this IP address (`ip_address`).
    ///
    /// ```
    /// let from_ip = gitguardian_api_ext::workflows::AuditLogFilter::new().ip_address("203.0.113.17");
    /// # drop(from_ip);
    /// ```
    pub fn ip_address(mut self, address: impl Into<String>) -> AuditLogFilter {
        self.ip_address = Some(address.into());
        self
    }

    /// The generated request with these criteria, or why they cannot be sent.
    fn apply<'a>(&self, request: ListAuditLogs<'a>) -> Result<ListAuditLogs<'a>, Invalid> {
        let request = Criteria::new(request)
            .range(self.date_after, self.date_before)?
            .value(&self.date_after, |r, v| r.date_after(v))
            .value(&self.date_before, |r, v| r.date_before(v))
            .text("the event name", &self.event_name, |r, v| r.event_name(v))?
            .id("the member id", self.member_id, |r, v| r.member_id(v))?
            .email("the member email", &self.member_email, |r, v| {
                r.member_email(v)
            })?
            .text("the member name", &self.member_name, |r, v| {
                r.member_name(v)
            })?
            .value(&self.api_token_id, |r, v| r.api_token_id(v))
            .checked(
                &self.ip_address,
                |address| ip_address(address),
                |r, v| r.ip_address(v),
            )?;
        Ok(request.into_request())
    }
}

impl GitGuardian {
    /// Streams the audit log entries matching `filter`, 100 per page, newest first:
    /// `GET /v1/audit_logs` (operation `list-audit-logs`).
    ///
    /// # Errors
    ///
    /// The stream yields [`Error::InvalidInput`](crate::Error::InvalidInput) first and only
    /// when the filter is unusable (a blank name, a malformed email or IP address, an id
    /// that is not positive, a date range that ends before it starts): nothing is sent then.
    /// Otherwise, errors as for [`paginate`](Self::paginate).
    ///
    /// ```no_run
    /// use futures::TryStreamExt;
    /// use gitguardian_api_ext::workflows::AuditLogFilter;
    ///
    /// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
    /// let mut entries = client.audit_logs(AuditLogFilter::new().event_name("incident.assigned"));
    /// while let Some(entry) = entries.try_next().await? {
    ///     println!("{} {} {:?}", entry.date, entry.event_name, entry.member_email);
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn audit_logs(&self, filter: AuditLogFilter) -> Items<'_, types::AuditLog> {
        let request = filter.apply(self.raw().list_audit_logs());
        self.paginate_checked(request)
    }
}

/// An IP address (v4 or v6), trimmed.
fn ip_address(address: &str) -> Result<String, Invalid> {
    let address = validate::text("the IP address", address)?;
    match address.parse::<std::net::IpAddr>() {
        Ok(_) => Ok(address),
        Err(_) => Err(Invalid(format!("the IP address {address:?} is not one"))),
    }
}
