//! The JSON the API sends for each record. Field names and shapes follow our spec
//! (`openapi/gitguardian/spec.json`); values the stand-in does not model are sent as the API sends
//! an empty one (`null`, `[]`, `false`).
//!
//! Lists send the same records page after page, so the records of the large lists (members,
//! audit logs, incidents) keep their serialized JSON in a [`Memo`] while they are unchanged.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex, MutexGuard};

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{json, Value};

use super::{AuditEvent, Honeytoken, Incident, Member, Note, Occurrence, Team};

/// `2025-06-20T16:42:11Z`, the API's timestamp form (whole seconds). Not `format`, which
/// parses its pattern on every call: a page of records has hundreds of dates.
pub(crate) fn timestamp(date: DateTime<Utc>) -> String {
    date.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn optional(date: Option<DateTime<Utc>>) -> Value {
    date.map_or(Value::Null, |date| json!(timestamp(date)))
}

/// 64 hex digits derived from `id`, standing in for a secret's hash.
fn fake_hash(id: i64, salt: u64) -> String {
    let mut state = (id as u64) ^ salt.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    (0..4)
        .map(|_| format!("{:016x}", crate::fault::splitmix(&mut state)))
        .collect()
}

impl Incident {
    /// The incident as lists and retrieve send it; `members` gives the assignee's email, and
    /// occurrences are included only when `with_occurrences` (retrieve does, lists do not).
    pub fn to_json(&self, members: &[Member], with_occurrences: bool) -> Value {
        self.to_json_with(self.assignee(members), with_occurrences)
    }

    /// The assigned member, looked up in `members`.
    fn assignee<'m>(&self, members: &'m [Member]) -> Option<&'m Member> {
        self.assignee_id
            .and_then(|id| members.iter().find(|member| member.id == id))
    }

    /// Like [`to_json`](Self::to_json), with the assignee already looked up.
    fn to_json_with(&self, assignee: Option<&Member>, with_occurrences: bool) -> Value {
        let public = self.tags.iter().any(|tag| tag == "PUBLICLY_EXPOSED");
        json!({
            "id": self.id,
            "date": timestamp(self.date),
            "triggered_at": timestamp(self.date),
            "detector": {
                "name": self.detector.name,
                "display_name": self.detector.display_name,
                "nature": self.detector.nature,
                "family": self.detector.family,
                "category": self.detector.category,
                "detector_group_name": self.detector.name,
                "detector_group_display_name": self.detector.display_name,
            },
            "secret_id": self.id - 29_000,
            "secret_hash": fake_hash(self.id, 1),
            "hmsl_hash": fake_hash(self.id, 2),
            "incident_name": format!("{} in {}", self.detector.display_name, self.source),
            "regression": false,
            "status": self.status.as_str(),
            "assignee_id": assignee.map(|m| m.id),
            "assignee_email": assignee.map(|m| m.email.clone()),
            "occurrences_count": self.occurrences.len(),
            "ignored_at": optional(self.ignored_at),
            "ignorer_id": null,
            "ignorer_api_token_id": self.ignorer_api_token_id,
            "ignore_reason": self.ignore_reason,
            "resolved_at": optional(self.resolved_at),
            "resolver_id": null,
            "resolver_api_token_id": self.resolver_api_token_id,
            "secret_revoked": self.secret_revoked,
            "severity": self.severity,
            "validity": self.validity,
            "share_url": self.share_url,
            "gitguardian_url": format!("https://dashboard.gitguardian.com/workspace/1/incidents/{}", self.id),
            "risk_score": self.risk_score,
            "is_vaulted": false,
            "public_exposure": {
                "source_publicly_visible": public,
                "public_incident_linked": false,
                "leaked_outside_perimeter": false,
            },
            "tags": self.tags,
            "custom_tags": [{
                "id": format!("7c1e5a2b-3d4f-4a6b-9c8d-{:012x}", self.id),
                "key": "repository",
                "value": self.source,
            }],
            "feedback_list": [],
            "destination_tickets": [],
            "occurrences": with_occurrences.then(|| {
                self.occurrences
                    .iter()
                    .map(|occurrence| occurrence.to_json(self))
                    .collect::<Vec<_>>()
            }),
        })
    }
}

impl Occurrence {
    /// The occurrence of `incident` as `GET /v1/occurrences/secrets` sends it.
    pub fn to_json(&self, incident: &Incident) -> Value {
        json!({
            "id": self.id,
            "incident_id": incident.id,
            "kind": "historical",
            "source": {
                "id": 9000 + (incident.source.len() as i64),
                "type": "github",
                "full_name": incident.source,
                "url": format!("https://github.com/{}", incident.source),
                "visibility": "private",
                "monitored": true,
                "health": "at_risk",
                "open_incidents_count": u8::from(!incident.status.is_closed()),
                "closed_incidents_count": u8::from(incident.status.is_closed()),
                "source_criticality": "unknown",
            },
            "author_name": self.author_name,
            "author_info": self.author_info,
            "date": timestamp(self.date),
            "url": format!("https://github.com/{}/commit/{}#L1", incident.source, self.sha),
            "sha": self.sha,
            "filepath": self.filepath,
            "presence": self.presence,
            "matches": [],
            "tags": incident.tags,
        })
    }
}

impl Note {
    pub fn to_json(&self, incident_id: i64) -> Value {
        json!({
            "id": self.id,
            "incident_id": incident_id,
            "member_id": self.member_id,
            "api_token": self.api_token_id.as_ref().map(|_| "stand-in"),
            "api_token_id": self.api_token_id,
            "created_at": timestamp(self.created_at),
            "updated_at": optional(self.updated_at),
            "comment": self.comment,
            "issue_id": incident_id,
            "user_id": self.member_id,
        })
    }
}

impl Member {
    pub fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "name": self.name,
            "email": self.email,
            "role": self.access_level,
            "access_level": self.access_level,
            "active": self.active,
            "created_at": timestamp(self.created_at),
            "last_login": optional(self.last_login),
        })
    }
}

impl Team {
    pub fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "name": self.name,
            "description": self.description,
            "is_global": self.is_global,
            "external_provider_id": null,
        })
    }
}

impl Honeytoken {
    /// `show_token` includes the decoy credentials, as `?show_token=true` does.
    pub fn to_json(&self, show_token: bool) -> Value {
        json!({
            "id": self.id,
            "name": self.name,
            "description": self.description,
            "created_at": timestamp(self.created_at),
            "gitguardian_url": format!("https://dashboard.gitguardian.com/workspace/1/honeytokens/{}", self.id),
            "status": self.status,
            "triggered_at": null,
            "revoked_at": optional(self.revoked_at),
            "open_events_count": 0,
            "type": self.kind,
            "creator_id": null,
            "revoker_id": null,
            "creator_api_token_id": crate::STAND_IN_TOKEN_ID,
            "revoker_api_token_id": self.revoked_at.map(|_| crate::STAND_IN_TOKEN_ID),
            "token": show_token.then(|| json!({
                "access_token_id": self.access_token_id,
                "secret_key": self.secret_key,
            })),
            "tags": [],
            "labels": [],
            "custom_tags": [],
        })
    }
}

impl AuditEvent {
    pub fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "date": timestamp(self.date),
            "member_email": null,
            "member_name": null,
            "member_id": self.member_id,
            "api_token_id": self.api_token_id,
            "ip_address": self.ip_address,
            "target_ids": self.target_ids,
            "action_type": self.action_type,
            "event_name": self.event_name,
            "data": {},
        })
    }
}

/// Serialized records, each kept with a copy of what it was rendered from and reused only
/// while the record still equals that copy.
///
/// Records are plain values with public fields that handlers and tests change in place
/// (`StandIn::edit`, or a resolve changing an incident), so there is no change to hook;
/// comparing a record with its copy costs a small fraction of rendering it again (building a
/// `Value` tree of dozens of keys, formatting its dates and hashes, serializing it).
///
/// One memo per kind of record serves the whole process: a rendering is a pure function of
/// what it was made from, so stand-ins sharing ids with different records only take turns,
/// and a memo holds at most one rendering per id.
pub(crate) struct Memo<K> {
    entries: LazyLock<Mutex<Renderings<K>>>,
}

/// By record id: what the record was rendered from, and its JSON.
type Renderings<K> = HashMap<i64, (K, Box<[u8]>)>;

impl<K> Memo<K> {
    const fn new() -> Memo<K> {
        Memo {
            entries: LazyLock::new(Mutex::default),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Renderings<K>> {
        self.entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// A record as a list sends it, with what its JSON depends on.
pub(crate) trait Listed {
    /// An owned copy of everything the rendering reads.
    type Inputs: Send + 'static;

    fn memo() -> &'static Memo<Self::Inputs>;
    fn id(&self) -> i64;
    fn inputs(&self) -> Self::Inputs;
    /// Whether `inputs` are (still) this record's.
    fn rendered_from(&self, inputs: &Self::Inputs) -> bool;
    fn to_value(&self) -> Value;
}

/// The JSON array of `records`, as `serde_json` writes a `Vec<Value>` of them (compact), each
/// record rendered only if it changed since it was last sent.
pub(crate) fn json_array<T: Listed>(records: impl ExactSizeIterator<Item = T>) -> Vec<u8> {
    let mut memo = T::memo().lock();
    let mut out = Vec::with_capacity(2 + records.len() * 512);
    out.push(b'[');
    for (n, record) in records.enumerate() {
        if n > 0 {
            out.push(b',');
        }
        match memo.get(&record.id()) {
            Some((inputs, bytes)) if record.rendered_from(inputs) => out.extend_from_slice(bytes),
            _ => {
                // Writing a `Value` into memory cannot fail (its keys are strings).
                let bytes = serde_json::to_vec(&record.to_value()).unwrap_or_default();
                out.extend_from_slice(&bytes);
                memo.insert(record.id(), (record.inputs(), bytes.into_boxed_slice()));
            }
        }
    }
    out.push(b']');
    out
}

static MEMBERS: Memo<Member> = Memo::new();
static AUDIT_LOGS: Memo<AuditEvent> = Memo::new();
static INCIDENTS: Memo<(Incident, Option<Member>)> = Memo::new();

impl Listed for &Member {
    type Inputs = Member;

    fn memo() -> &'static Memo<Member> {
        &MEMBERS
    }
    fn id(&self) -> i64 {
        self.id
    }
    fn inputs(&self) -> Member {
        (*self).clone()
    }
    fn rendered_from(&self, inputs: &Member) -> bool {
        *self == inputs
    }
    fn to_value(&self) -> Value {
        self.to_json()
    }
}

impl Listed for &AuditEvent {
    type Inputs = AuditEvent;

    fn memo() -> &'static Memo<AuditEvent> {
        &AUDIT_LOGS
    }
    fn id(&self) -> i64 {
        self.id
    }
    fn inputs(&self) -> AuditEvent {
        (*self).clone()
    }
    fn rendered_from(&self, inputs: &AuditEvent) -> bool {
        *self == inputs
    }
    fn to_value(&self) -> Value {
        self.to_json()
    }
}

/// An incident as the incident list sends it (without occurrences), with its assignee.
pub(crate) struct ListedIncident<'a> {
    incident: &'a Incident,
    assignee: Option<&'a Member>,
}

impl<'a> ListedIncident<'a> {
    pub(crate) fn new(incident: &'a Incident, members: &'a [Member]) -> ListedIncident<'a> {
        ListedIncident {
            incident,
            assignee: incident.assignee(members),
        }
    }
}

impl Listed for ListedIncident<'_> {
    type Inputs = (Incident, Option<Member>);

    fn memo() -> &'static Memo<Self::Inputs> {
        &INCIDENTS
    }
    fn id(&self) -> i64 {
        self.incident.id
    }
    fn inputs(&self) -> Self::Inputs {
        (self.incident.clone(), self.assignee.cloned())
    }
    fn rendered_from(&self, (incident, assignee): &Self::Inputs) -> bool {
        self.incident == incident && self.assignee == assignee.as_ref()
    }
    fn to_value(&self) -> Value {
        self.incident.to_json_with(self.assignee, false)
    }
}
