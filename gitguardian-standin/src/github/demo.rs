//! The sync demo: one GitGuardian workspace and one GitHub side over the same `acme/...`
//! repositories, seeded so that a bridge mirroring GitGuardian's triage onto GitHub alerts
//! meets every case once.

use chrono::{DateTime, Duration, Utc};

use super::alert::{Alert, AlertLocation, AlertState};
use super::workspace::GitHubWorkspace;
use crate::workspace::{Incident, Status, Workspace};

/// The enterprise every demo repository belongs to.
pub const SYNC_DEMO_ENTERPRISE: &str = "acme-corp";

/// The demo repository whose secret scanning is off.
pub const SYNC_DEMO_DISABLED_REPOSITORY: &str = "acme/legacy-monolith";

/// The [`Workspace::demo`] incidents [`sync_demo`] ignores, and why (the others keep their
/// triage: 84285 and 84104 resolved with the secret revoked, 84226 ignored as
/// `test_credential`, 84340 and 84169 assigned, the rest triggered).
const IGNORED: &[(i64, &str)] = &[
    (84318, "false_positive"),
    (84250, "low_risk"),
    (84352, "invalid"),
];

/// Where an alert's secret was found: the `n`-th occurrence of a demo incident, or a commit
/// GitGuardian never saw.
#[derive(Clone, Copy)]
enum Found {
    Occurrence(i64, usize),
    Unknown(&'static str, &'static str),
}

/// `(repository, number, GitHub secret type, display name, validity, locations, resolved in
/// GitHub as)`.
type AlertRow = (
    &'static str,
    i64,
    &'static str,
    &'static str,
    &'static str,
    &'static [Found],
    Option<&'static str>,
);

#[rustfmt::skip]
const ALERTS: &[AlertRow] = &[
    ("acme/data-pipelines", 1, "aws_access_key_id", "AWS Access Key ID", "inactive", &[Found::Occurrence(84285, 0)], None),
    ("acme/mobile-app", 1, "http_bearer_authentication_header", "HTTP Bearer Authentication Header", "unknown", &[Found::Occurrence(84318, 0)], None),
    ("acme/internal-tools", 1, "http_bearer_authentication_header", "HTTP Bearer Authentication Header", "unknown", &[Found::Occurrence(84226, 0)], None),
    ("acme/payments-api", 1, "password", "Password", "unknown", &[Found::Occurrence(84250, 0), Found::Occurrence(84250, 1)], None),
    ("acme/internal-tools", 2, "slack_api_token", "Slack API Token", "inactive", &[Found::Occurrence(84352, 0)], None),
    ("acme/payments-api", 2, "aws_access_key_id", "AWS Access Key ID", "active", &[Found::Occurrence(84390, 0)], None),
    ("acme/web-storefront", 1, "github_personal_access_token", "GitHub Personal Access Token", "active", &[Found::Occurrence(84377, 0)], None),
    ("acme/payments-api", 3, "stripe_api_key", "Stripe API Key", "active", &[Found::Occurrence(84340, 0)], None),
    ("acme/infra-terraform", 1, "slack_incoming_webhook_url", "Slack Incoming Webhook URL", "unknown", &[], None),
    ("acme/mobile-app", 2, "google_api_key", "Google API Key", "active", &[Found::Unknown("9f3c1a7e5b2d4c6a8e0f1b3d5a7c9e1f2b4d6a8c", "android/app/google-services.json")], None),
    ("acme/web-storefront", 2, "stripe_api_key", "Stripe API Key", "inactive", &[Found::Occurrence(84104, 0)], Some("revoked")),
];

/// The login that resolved the demo alert already resolved in GitHub.
const GITHUB_RESOLVER: &str = "octo-admin";

/// A GitGuardian workspace and a GitHub side that mirror each other, for a bridge that finds
/// the GitGuardian incident of a GitHub alert by location (commit SHA and path against the
/// occurrences of the incident whose `source` is the alert's repository) and mirrors its
/// triage. Identical on every call.
///
/// The GitGuardian side is [`Workspace::demo`] with three incidents triaged differently:
/// 84318 ignored as `false_positive`, 84250 as `low_risk`, 84352 as `invalid` (ignored on
/// 2025-06-21 at noon UTC). The GitHub side, enterprise [`SYNC_DEMO_ENTERPRISE`], holds:
///
/// | alert | state in GitHub | locations | GitGuardian incident | its triage | mirrored as |
/// |---|---|---|---|---|---|
/// | `acme/data-pipelines` #1 | open | 1 | 84285 | resolved, secret revoked | `revoked` |
/// | `acme/mobile-app` #1 | open | 1 | 84318 | ignored `false_positive` | `false_positive` |
/// | `acme/internal-tools` #1 | open | 1 | 84226 | ignored `test_credential` | `used_in_tests` |
/// | `acme/payments-api` #1 | open | 2 (both of 84250) | 84250 | ignored `low_risk` | `wont_fix` |
/// | `acme/internal-tools` #2 | open | 1 | 84352 | ignored `invalid` | `wont_fix` |
/// | `acme/payments-api` #2 | open | 1 | 84390 | triggered (untriaged) | stays open |
/// | `acme/web-storefront` #1 | open | 1 | 84377 | triggered (untriaged) | stays open |
/// | `acme/payments-api` #3 | open | 1 | 84340 | assigned (untriaged) | stays open |
/// | `acme/infra-terraform` #1 | open | none | - | - | no match |
/// | `acme/mobile-app` #2 | open | 1, a commit GitGuardian never saw | - | - | no match |
/// | `acme/web-storefront` #2 | resolved `revoked` by `octo-admin` | 1 | 84104 | resolved, secret revoked | already resolved |
///
/// Secret scanning is off for [`SYNC_DEMO_DISABLED_REPOSITORY`] (its routes answer `404`).
/// So the open alerts are 10, of which 5 have a triaged match, 3 an untriaged one and 2 none;
/// applying the bridge writes exactly 5 PATCHes. Each location is the occurrence's `sha` and
/// `filepath` at line `10 + n` for the `n`-th occurrence; alerts were created 5 minutes after
/// their incident (the unmatched ones on 2025-06-21).
pub fn sync_demo() -> (Workspace, GitHubWorkspace) {
    let mut gitguardian = Workspace::demo();
    let triaged_at = date("2025-06-21T12:00:00Z");
    for &(id, reason) in IGNORED {
        if let Some(incident) = gitguardian.incident_mut(id) {
            incident.status = Status::Ignored;
            incident.assignee_id = None;
            incident.ignored_at = Some(triaged_at);
            incident.ignorer_api_token_id = Some(crate::STAND_IN_TOKEN_ID.into());
            incident.ignore_reason = Some(reason.into());
        }
    }
    let alerts = ALERTS
        .iter()
        .map(|row| demo_alert(row, &gitguardian))
        .collect();
    let github = GitHubWorkspace {
        alerts,
        disabled_repositories: vec![SYNC_DEMO_DISABLED_REPOSITORY.into()],
        enterprise: SYNC_DEMO_ENTERPRISE.into(),
    };
    (gitguardian, github)
}

fn demo_alert(row: &AlertRow, gitguardian: &Workspace) -> Alert {
    let &(repository, number, secret_type, display_name, validity, found, resolved_as) = row;
    let incident = |id: i64| gitguardian.incident(id);
    let locations: Vec<AlertLocation> = found
        .iter()
        .filter_map(|found| match *found {
            Found::Occurrence(id, n) => {
                let occurrence = incident(id)?.occurrences.get(n)?;
                Some(AlertLocation::commit(
                    occurrence.sha.clone(),
                    occurrence.filepath.clone(),
                    10 + n as i64,
                ))
            }
            Found::Unknown(sha, path) => Some(AlertLocation::commit(sha, path, 3)),
        })
        .collect();
    let created_at = found
        .iter()
        .find_map(|found| match *found {
            Found::Occurrence(id, _) => incident(id).map(|i: &Incident| i.date),
            Found::Unknown(..) => None,
        })
        .unwrap_or_else(|| date("2025-06-21T08:00:00Z"))
        + Duration::minutes(5);
    let resolved_at = resolved_as.map(|_| created_at + Duration::hours(2));
    Alert {
        number,
        repository: repository.into(),
        secret_type: secret_type.into(),
        secret_type_display_name: display_name.into(),
        secret: format!("standin-demo-{secret_type}-{number}-not-a-secret"),
        state: match resolved_as {
            Some(_) => AlertState::Resolved,
            None => AlertState::Open,
        },
        resolution: resolved_as.map(Into::into),
        resolution_comment: resolved_as.map(|_| "Rotated by the payments team.".into()),
        validity: validity.into(),
        created_at,
        updated_at: resolved_at.unwrap_or(created_at),
        resolved_at,
        resolved_by: resolved_as.map(|_| GITHUB_RESOLVER.into()),
        locations,
    }
}

fn date(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .map(|date| date.with_timezone(&Utc))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_seeded_location_is_an_occurrence_of_an_incident_of_the_same_repository() {
        let (gitguardian, github) = sync_demo();
        assert_eq!(github.alerts.len(), ALERTS.len());
        let mut matched = 0;
        for alert in &github.alerts {
            for location in &alert.locations {
                let incident = gitguardian.incidents.iter().find(|incident| {
                    incident.source == alert.repository
                        && incident
                            .occurrences
                            .iter()
                            .any(|o| o.sha == location.commit_sha && o.filepath == location.path)
                });
                matched += usize::from(incident.is_some());
            }
        }
        // All locations but the one of a commit GitGuardian never saw.
        assert_eq!(matched, 10);
        assert_eq!(
            gitguardian
                .incident(84318)
                .unwrap()
                .ignore_reason
                .as_deref(),
            Some("false_positive")
        );
        assert_eq!(gitguardian.incident(84250).unwrap().status, Status::Ignored);
    }

    #[test]
    fn the_demo_is_the_same_on_every_call() {
        let (a, b) = (sync_demo(), sync_demo());
        assert_eq!(a.0.incidents, b.0.incidents);
        assert_eq!(a.1.alerts, b.1.alerts);
    }
}
