//! Workspaces of any size, made up from a seed: the same seed gives the same workspace.

use chrono::{DateTime, Duration, Utc};

use super::{
    AuditEvent, Detector, Honeytoken, Incident, Member, Occurrence, Status, Team, Workspace,
};
use crate::fault::splitmix;

/// How many records of each kind [`Generate::workspace`] makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Generate {
    pub incidents: usize,
    pub members: usize,
    pub teams: usize,
    pub honeytokens: usize,
    pub audit_logs: usize,
    /// Varies severities, statuses and occurrence counts.
    pub seed: u64,
}

impl Default for Generate {
    fn default() -> Generate {
        Generate {
            incidents: 100,
            members: 10,
            teams: 3,
            honeytokens: 5,
            audit_logs: 20,
            seed: 1,
        }
    }
}

/// Incident ids start here and go up by one; the newest incident has the highest id.
pub const FIRST_INCIDENT_ID: i64 = 10_001;
/// Member ids start here and go up by one.
pub const FIRST_MEMBER_ID: i64 = 1_001;

const SEVERITIES: [&str; 6] = ["critical", "high", "medium", "low", "info", "unknown"];
const VALIDITIES: [&str; 4] = ["valid", "invalid", "no_checker", "failed_to_check"];
const SOURCES: [&str; 4] = [
    "acme/payments-api",
    "acme/web-storefront",
    "acme/infra-terraform",
    "acme/mobile-app",
];
const ACCESS_LEVELS: [&str; 4] = ["owner", "manager", "member", "restricted"];

/// 2025-06-01T00:00:00Z: generated dates count back from here, one hour per record.
fn origin() -> DateTime<Utc> {
    DateTime::from_timestamp(1_748_736_000, 0).unwrap_or_default()
}

impl Generate {
    /// The workspace these counts describe. Every fifth incident is `ASSIGNED` to the first
    /// member, every tenth `RESOLVED` and every twentieth-but-one `IGNORED`; the rest are
    /// `TRIGGERED`. Members are active but every fourth.
    pub fn workspace(&self) -> Workspace {
        let mut state = self.seed;
        let mut pick = |n: usize| (splitmix(&mut state) % n as u64) as usize;
        let members: Vec<Member> = (0..self.members)
            .map(|i| Member {
                id: FIRST_MEMBER_ID + i as i64,
                name: format!("Member {i}"),
                email: format!("member{i}@example.com"),
                access_level: ACCESS_LEVELS[if i == 0 { 0 } else { 1 + i % 3 }].into(),
                active: i % 4 != 3,
                created_at: origin() - Duration::days(400 - i as i64 % 400),
                last_login: (i % 4 != 3).then(|| origin() - Duration::hours(i as i64)),
            })
            .collect();
        let incidents = (0..self.incidents)
            .map(|i| {
                let id = FIRST_INCIDENT_ID + i as i64;
                let date = origin() - Duration::hours((self.incidents - i) as i64);
                let status = match i {
                    _ if i % 10 == 9 => Status::Resolved,
                    _ if i % 20 == 18 => Status::Ignored,
                    _ if i % 5 == 4 && !members.is_empty() => Status::Assigned,
                    _ => Status::Triggered,
                };
                let occurrences = 1 + pick(3) as i64;
                Incident {
                    date,
                    detector: Detector::new(
                        "generic_high_entropy_secret",
                        "Generic High Entropy Secret",
                        "other",
                        None,
                        "generic",
                    ),
                    source: SOURCES[i % SOURCES.len()].into(),
                    severity: SEVERITIES[pick(SEVERITIES.len())].into(),
                    validity: VALIDITIES[pick(VALIDITIES.len())].into(),
                    status,
                    assignee_id: (status == Status::Assigned).then_some(FIRST_MEMBER_ID),
                    occurrences: (0..occurrences)
                        .map(|n| Occurrence::sample(id * 10 + n, date))
                        .collect(),
                    risk_score: pick(100) as i64,
                    resolved_at: (status == Status::Resolved).then_some(date),
                    secret_revoked: status == Status::Resolved,
                    ignored_at: (status == Status::Ignored).then_some(date),
                    ignore_reason: (status == Status::Ignored).then(|| "false_positive".into()),
                    ..Incident::sample(id)
                }
            })
            .collect();
        let teams = (0..self.teams)
            .map(|i| Team {
                id: 4001 + i as i64,
                name: if i == 0 {
                    "All-incidents".into()
                } else {
                    format!("team-{i}")
                },
                description: None,
                is_global: i == 0,
            })
            .collect();
        let honeytokens = (0..self.honeytokens)
            .map(|i| Honeytoken {
                id: format!("7c1e2f0a-3b4d-4e5f-8a9b-{i:012x}"),
                name: format!("decoy {i}"),
                description: None,
                kind: "AWS".into(),
                status: if i % 3 == 2 { "triggered" } else { "active" }.into(),
                created_at: origin() - Duration::days(i as i64),
                revoked_at: None,
                access_token_id: format!("AKIASTANDINDECOY{i:04}"),
                secret_key: format!("standinDecoySecretKey/notReal+{i:010}"),
            })
            .collect();
        let audit_logs = (0..self.audit_logs)
            .map(|i| AuditEvent {
                id: 1 + i as i64,
                date: origin() - Duration::hours((self.audit_logs - i) as i64),
                event_name: if i % 2 == 0 {
                    "user.logged_in"
                } else {
                    "incident.assigned"
                }
                .into(),
                action_type: if i % 2 == 0 { "READ" } else { "UPDATE" }.into(),
                member_id: members.first().map(|m| m.id),
                api_token_id: None,
                target_ids: Vec::new(),
                ip_address: "203.0.113.17".into(),
            })
            .collect();
        Workspace {
            incidents,
            members,
            teams,
            honeytokens,
            audit_logs,
        }
    }
}

impl Workspace {
    /// A workspace with `incidents` incidents and the other records of [`Generate::default`].
    pub fn generated(incidents: usize) -> Workspace {
        Generate {
            incidents,
            ..Generate::default()
        }
        .workspace()
    }
}
