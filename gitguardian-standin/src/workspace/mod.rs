//! The in-memory GitGuardian workspace the stand-in serves: typed records that tests seed and
//! inspect, rendered to JSON the way the API sends them.
//!
//! Fields are public so a test can write `Incident { severity: "high".into(),
//! ..Incident::sample(1) }` and later assert on what the server changed.

mod demo;
mod generate;
pub use generate::{Generate, FIRST_INCIDENT_ID, FIRST_MEMBER_ID};
mod render;
pub(crate) use render::{json_array, timestamp, Listed, ListedIncident};

use chrono::{DateTime, Utc};

/// Everything the stand-in knows. Seed it with [`Workspace::generated`], [`Workspace::demo`],
/// or by pushing records into the vectors.
#[derive(Clone, Debug, Default)]
pub struct Workspace {
    /// Secret incidents, in any order (lists sort them).
    pub incidents: Vec<Incident>,
    pub members: Vec<Member>,
    pub teams: Vec<Team>,
    pub honeytokens: Vec<Honeytoken>,
    /// Audit log events; the stand-in appends one for every change it makes.
    pub audit_logs: Vec<AuditEvent>,
}

/// An incident's state, as the API names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    Triggered,
    Assigned,
    Resolved,
    Ignored,
}

impl Status {
    /// `TRIGGERED`, `ASSIGNED`, `RESOLVED` or `IGNORED`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Triggered => "TRIGGERED",
            Status::Assigned => "ASSIGNED",
            Status::Resolved => "RESOLVED",
            Status::Ignored => "IGNORED",
        }
    }

    /// The status named `name` (case-insensitive), if it is one.
    pub fn parse(name: &str) -> Option<Status> {
        [
            Status::Triggered,
            Status::Assigned,
            Status::Resolved,
            Status::Ignored,
        ]
        .into_iter()
        .find(|status| status.as_str().eq_ignore_ascii_case(name))
    }

    /// Resolved or ignored.
    pub fn is_closed(self) -> bool {
        matches!(self, Status::Resolved | Status::Ignored)
    }
}

/// A detector as incidents show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Detector {
    pub name: String,
    pub display_name: String,
    pub family: String,
    pub category: Option<String>,
    /// `specific` or `generic`.
    pub nature: String,
}

impl Detector {
    pub fn new(
        name: &str,
        display_name: &str,
        family: &str,
        category: Option<&str>,
        nature: &str,
    ) -> Detector {
        Detector {
            name: name.into(),
            display_name: display_name.into(),
            family: family.into(),
            category: category.map(Into::into),
            nature: nature.into(),
        }
    }
}

/// A secret incident.
#[derive(Clone, Debug, PartialEq)]
pub struct Incident {
    pub id: i64,
    /// When it was detected; lists order by it.
    pub date: DateTime<Utc>,
    pub detector: Detector,
    /// The repository (source) it was found in, e.g. `acme/payments-api`.
    pub source: String,
    /// `critical`, `high`, ... or any value, to exercise a client's unknown-value handling.
    pub severity: String,
    /// `valid`, `invalid`, `no_checker`, `failed_to_check`...
    pub validity: String,
    pub status: Status,
    /// The assigned member's id (its email is looked up in the workspace's members).
    pub assignee_id: Option<i64>,
    pub occurrences: Vec<Occurrence>,
    pub notes: Vec<Note>,
    pub tags: Vec<String>,
    pub risk_score: i64,
    pub resolved_at: Option<DateTime<Utc>>,
    pub resolver_api_token_id: Option<String>,
    pub secret_revoked: bool,
    pub ignored_at: Option<DateTime<Utc>>,
    pub ignorer_api_token_id: Option<String>,
    pub ignore_reason: Option<String>,
    pub share_url: Option<String>,
}

impl Incident {
    /// A plausible `TRIGGERED` AWS incident with one occurrence, for tests to adjust.
    pub fn sample(id: i64) -> Incident {
        let date = DateTime::from_timestamp(1_750_000_000 - id * 60, 0).unwrap_or_default();
        Incident {
            id,
            date,
            detector: Detector::new(
                "aws_iam",
                "AWS Keys",
                "apikey",
                Some("cloud_provider"),
                "specific",
            ),
            source: "acme/payments-api".into(),
            severity: "high".into(),
            validity: "valid".into(),
            status: Status::Triggered,
            assignee_id: None,
            occurrences: vec![Occurrence::sample(id * 10, date)],
            notes: Vec::new(),
            tags: vec!["DEFAULT_BRANCH".into()],
            risk_score: 50,
            resolved_at: None,
            resolver_api_token_id: None,
            secret_revoked: false,
            ignored_at: None,
            ignorer_api_token_id: None,
            ignore_reason: None,
            share_url: None,
        }
    }
}

/// Where an incident's secret was seen.
#[derive(Clone, Debug, PartialEq)]
pub struct Occurrence {
    pub id: i64,
    pub date: DateTime<Utc>,
    pub filepath: String,
    pub sha: String,
    pub author_name: String,
    pub author_info: String,
    /// `present` or `removed`.
    pub presence: String,
}

impl Occurrence {
    pub fn sample(id: i64, date: DateTime<Utc>) -> Occurrence {
        Occurrence {
            id,
            date,
            filepath: format!("config/settings-{id}.py"),
            sha: format!("{:040x}", id.unsigned_abs()),
            author_name: "Dana Lee".into(),
            author_info: "dana.lee@example.com".into(),
            presence: "present".into(),
        }
    }
}

/// A note on an incident.
#[derive(Clone, Debug, PartialEq)]
pub struct Note {
    pub id: i64,
    pub comment: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: Option<DateTime<Utc>>,
    /// Set when an API token wrote it (always, for notes written through the stand-in).
    pub api_token_id: Option<String>,
    pub member_id: Option<i64>,
}

/// A workspace member.
#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    pub id: i64,
    pub name: String,
    pub email: String,
    /// `owner`, `manager`, `member`, `restricted`.
    pub access_level: String,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub last_login: Option<DateTime<Utc>>,
}

/// A team.
#[derive(Clone, Debug, PartialEq)]
pub struct Team {
    pub id: i64,
    pub name: String,
    pub description: Option<String>,
    pub is_global: bool,
}

/// A honeytoken.
#[derive(Clone, Debug, PartialEq)]
pub struct Honeytoken {
    /// A UUID.
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    /// `AWS`.
    pub kind: String,
    /// `active`, `triggered` or `revoked`.
    pub status: String,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub access_token_id: String,
    pub secret_key: String,
}

/// An audit log event.
#[derive(Clone, Debug, PartialEq)]
pub struct AuditEvent {
    pub id: i64,
    pub date: DateTime<Utc>,
    /// e.g. `incident.resolved`.
    pub event_name: String,
    /// `CREATE`, `READ`, `UPDATE` or `DELETE`.
    pub action_type: String,
    pub member_id: Option<i64>,
    pub api_token_id: Option<String>,
    pub target_ids: Vec<String>,
    pub ip_address: String,
}

impl Workspace {
    /// The incident with this id.
    pub fn incident(&self, id: i64) -> Option<&Incident> {
        self.incidents.iter().find(|incident| incident.id == id)
    }

    pub(crate) fn incident_mut(&mut self, id: i64) -> Option<&mut Incident> {
        self.incidents.iter_mut().find(|incident| incident.id == id)
    }

    /// The member with this id.
    pub fn member(&self, id: i64) -> Option<&Member> {
        self.members.iter().find(|member| member.id == id)
    }

    /// Incidents with this status.
    pub fn with_status(&self, status: Status) -> impl Iterator<Item = &Incident> {
        self.incidents
            .iter()
            .filter(move |incident| incident.status == status)
    }

    /// Records a change made through the API by the stand-in's token.
    pub(crate) fn audit(&mut self, event_name: &str, action_type: &str, target: String) {
        let id = self.audit_logs.iter().map(|e| e.id).max().unwrap_or(0) + 1;
        self.audit_logs.push(AuditEvent {
            id,
            date: Utc::now(),
            event_name: event_name.into(),
            action_type: action_type.into(),
            member_id: None,
            api_token_id: Some(crate::STAND_IN_TOKEN_ID.into()),
            target_ids: vec![target],
            ip_address: "127.0.0.1".into(),
        });
    }
}
