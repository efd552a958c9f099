//! GitGuardian's triage of an incident, and the GitHub resolution it stands for.
//!
//! | GitGuardian incident                     | GitHub alert                      |
//! |------------------------------------------|-----------------------------------|
//! | resolved, secret revoked                 | resolved as `revoked`             |
//! | ignored as `false_positive`              | resolved as `false_positive`      |
//! | ignored as `test_credential`             | resolved as `used_in_tests`       |
//! | ignored as `low_risk`, `invalid`, other  | resolved as `wont_fix`            |
//! | resolved, secret not revoked             | unchanged: the secret may work    |
//! | triggered or assigned (untriaged)        | unchanged: nothing decided yet    |
//!
//! An alert whose locations match several incidents changes only when they all stand for
//! the same resolution; otherwise it is a [`Reason::Conflict`](super::Reason::Conflict).

use std::fmt;

use gitguardian_openapi::types::{Incident, IncidentIgnoreReason, IncidentStatus};
use github_secret_scanning::types::AlertResolution;

/// The longest `resolution_comment` written (GitHub's limit for closing comments).
pub const RESOLUTION_COMMENT_MAX_CHARS: usize = 280;

/// What the bridge needs of a GitGuardian incident: its id, link and triage.
///
/// ```
/// use gitguardian_api_ext::github::sync::{Decision, IncidentTriage};
/// use gitguardian_api_ext::types::{IncidentIgnoreReason, IncidentStatus};
/// use github_secret_scanning::types::AlertResolution;
///
/// let incident = IncidentTriage {
///     id: 84226,
///     status: IncidentStatus::Ignored,
///     secret_revoked: false,
///     ignore_reason: Some(IncidentIgnoreReason::TestCredential),
///     gitguardian_url: None,
/// };
/// assert_eq!(incident.decision(), Decision::Resolve(AlertResolution::UsedInTests));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IncidentTriage {
    /// The incident id.
    pub id: i64,
    /// `TRIGGERED`, `ASSIGNED`, `RESOLVED` or `IGNORED`.
    pub status: IncidentStatus,
    /// For a resolved incident: whether the secret was revoked.
    pub secret_revoked: bool,
    /// For an ignored incident: why.
    pub ignore_reason: Option<IncidentIgnoreReason>,
    /// The incident in the GitGuardian dashboard.
    pub gitguardian_url: Option<String>,
}

impl From<&Incident> for IncidentTriage {
    fn from(incident: &Incident) -> IncidentTriage {
        IncidentTriage {
            id: incident.id,
            status: incident.status.clone(),
            secret_revoked: incident.secret_revoked,
            ignore_reason: incident.ignore_reason.clone(),
            gitguardian_url: incident.gitguardian_url.clone(),
        }
    }
}

/// What one incident's triage says about the GitHub alert of the same leak.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Resolve the alert with this resolution.
    Resolve(AlertResolution),
    /// Leave it: the incident is resolved but the secret was not revoked, so it may still
    /// work and GitHub has no resolution for that.
    ResolvedNotRevoked,
    /// Leave it: the incident is still open (`TRIGGERED`, `ASSIGNED`, or a status this
    /// client does not know).
    Untriaged,
}

impl fmt::Display for Decision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Decision::Resolve(resolution) => write!(f, "{resolution}"),
            Decision::ResolvedNotRevoked => f.write_str("resolved, not revoked"),
            Decision::Untriaged => f.write_str("untriaged"),
        }
    }
}

impl IncidentTriage {
    /// What this incident's triage says about the GitHub alert (the table in the module
    /// documentation).
    pub fn decision(&self) -> Decision {
        match (&self.status, &self.ignore_reason) {
            (IncidentStatus::Resolved, _) if self.secret_revoked => {
                Decision::Resolve(AlertResolution::Revoked)
            }
            (IncidentStatus::Resolved, _) => Decision::ResolvedNotRevoked,
            (IncidentStatus::Ignored, Some(IncidentIgnoreReason::FalsePositive)) => {
                Decision::Resolve(AlertResolution::FalsePositive)
            }
            (IncidentStatus::Ignored, Some(IncidentIgnoreReason::TestCredential)) => {
                Decision::Resolve(AlertResolution::UsedInTests)
            }
            (IncidentStatus::Ignored, _) => Decision::Resolve(AlertResolution::WontFix),
            _ => Decision::Untriaged,
        }
    }

    /// The triage in a few words, for tables: `resolved (revoked)`, `resolved (not
    /// revoked)`, `ignored (low_risk)`, `triggered`, `assigned`.
    ///
    /// ```
    /// use gitguardian_api_ext::github::sync::IncidentTriage;
    /// use gitguardian_api_ext::types::{IncidentIgnoreReason, IncidentStatus};
    /// let incident = IncidentTriage {
    ///     id: 84250,
    ///     status: IncidentStatus::Ignored,
    ///     secret_revoked: false,
    ///     ignore_reason: Some(IncidentIgnoreReason::LowRisk),
    ///     gitguardian_url: None,
    /// };
    /// assert_eq!(incident.triage_label(), "ignored (low_risk)");
    /// ```
    pub fn triage_label(&self) -> String {
        match (&self.status, &self.ignore_reason) {
            (IncidentStatus::Resolved, _) if self.secret_revoked => "resolved (revoked)".into(),
            (IncidentStatus::Resolved, _) => "resolved (not revoked)".into(),
            (IncidentStatus::Ignored, Some(reason)) => format!("ignored ({reason})"),
            (status, _) => status.to_string().to_ascii_lowercase(),
        }
    }

    /// How the triage reads in a comment: `resolved (secret revoked)`, `ignored as
    /// false_positive`...
    fn triage_text(&self) -> String {
        match (&self.status, &self.ignore_reason) {
            (IncidentStatus::Resolved, _) if self.secret_revoked => {
                "resolved (secret revoked)".into()
            }
            (IncidentStatus::Ignored, Some(reason)) => format!("ignored as {reason}"),
            (status, _) => status.to_string().to_ascii_lowercase(),
        }
    }
}

/// The `resolution_comment` for an alert resolved after `incidents` (sorted, at least one):
/// it names the first incident and its triage and links it, within
/// [`RESOLUTION_COMMENT_MAX_CHARS`]. When the text and link do not fit, the text is
/// shortened first; a link longer than the limit on its own is left out.
///
/// ```
/// use gitguardian_api_ext::github::sync::{resolution_comment, IncidentTriage};
/// use gitguardian_api_ext::types::IncidentStatus;
///
/// let incident = IncidentTriage {
///     id: 84285,
///     status: IncidentStatus::Resolved,
///     secret_revoked: true,
///     ignore_reason: None,
///     gitguardian_url: Some("https://dashboard.gitguardian.com/workspace/1/incidents/84285".into()),
/// };
/// let comment = resolution_comment(&[incident]);
/// assert_eq!(
///     comment,
///     "GitGuardian incident 84285 was resolved (secret revoked): \
///      https://dashboard.gitguardian.com/workspace/1/incidents/84285"
/// );
/// ```
pub fn resolution_comment(incidents: &[IncidentTriage]) -> String {
    let Some(first) = incidents.first() else {
        return String::new();
    };
    let mut text = format!(
        "GitGuardian incident {} was {}",
        first.id,
        first.triage_text()
    );
    if incidents.len() > 1 {
        let others = incidents.len() - 1;
        let plural = if others == 1 { "" } else { "s" };
        text.push_str(&format!(
            " (and {others} more incident{plural}, same triage)"
        ));
    }
    let link = first
        .gitguardian_url
        .as_deref()
        .map(str::trim)
        .filter(|url| !url.is_empty() && url.chars().count() + 2 <= RESOLUTION_COMMENT_MAX_CHARS);
    match link {
        Some(url) => {
            let room = RESOLUTION_COMMENT_MAX_CHARS - url.chars().count() - 2;
            format!("{}: {url}", shortened(&text, room))
        }
        None => shortened(&format!("{text}."), RESOLUTION_COMMENT_MAX_CHARS),
    }
}

/// `text` cut to at most `max` characters, ending with `…` when cut.
fn shortened(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    fn incident(status: IncidentStatus, revoked: bool, reason: Option<&str>) -> IncidentTriage {
        IncidentTriage {
            id: 1,
            status,
            secret_revoked: revoked,
            ignore_reason: reason.map(|r| r.parse().unwrap()),
            gitguardian_url: Some(
                "https://dashboard.gitguardian.com/workspace/1/incidents/1".into(),
            ),
        }
    }

    #[test]
    fn every_triage_kind_maps_to_its_resolution_or_to_no_change() {
        use AlertResolution::*;
        use IncidentStatus::*;
        let table = [
            (incident(Resolved, true, None), Decision::Resolve(Revoked)),
            (
                incident(Resolved, false, None),
                Decision::ResolvedNotRevoked,
            ),
            (
                incident(Ignored, false, Some("false_positive")),
                Decision::Resolve(FalsePositive),
            ),
            (
                incident(Ignored, false, Some("test_credential")),
                Decision::Resolve(UsedInTests),
            ),
            (
                incident(Ignored, false, Some("low_risk")),
                Decision::Resolve(WontFix),
            ),
            (
                incident(Ignored, false, Some("invalid")),
                Decision::Resolve(WontFix),
            ),
            (
                incident(Ignored, false, Some("some_new_reason")),
                Decision::Resolve(WontFix),
            ),
            (incident(Ignored, false, None), Decision::Resolve(WontFix)),
            (incident(Triggered, false, None), Decision::Untriaged),
            (incident(Assigned, false, None), Decision::Untriaged),
            (
                incident(IncidentStatus::Unrecognized("LATER".into()), false, None),
                Decision::Untriaged,
            ),
        ];
        for (incident, expected) in table {
            assert_eq!(incident.decision(), expected, "{incident:?}");
        }
    }

    #[test]
    fn the_comment_links_the_incident_and_fits_the_limit() {
        let one = incident(IncidentStatus::Ignored, false, Some("false_positive"));
        assert_eq!(
            resolution_comment(std::slice::from_ref(&one)),
            "GitGuardian incident 1 was ignored as false_positive: \
             https://dashboard.gitguardian.com/workspace/1/incidents/1"
        );
        let two = [
            one.clone(),
            IncidentTriage {
                id: 2,
                ..one.clone()
            },
        ];
        assert!(resolution_comment(&two).contains("(and 1 more incident, same triage): https://"));

        let long_url = format!("https://gitguardian.example.com/{}", "x".repeat(240));
        let long = IncidentTriage {
            gitguardian_url: Some(long_url.clone()),
            ..one.clone()
        };
        let comment = resolution_comment(&[long]);
        assert_eq!(comment.chars().count(), RESOLUTION_COMMENT_MAX_CHARS);
        assert!(
            comment.ends_with(&long_url) && comment.contains('…'),
            "{comment}"
        );

        let too_long = IncidentTriage {
            gitguardian_url: Some("x".repeat(400)),
            ..one
        };
        assert_eq!(
            resolution_comment(&[too_long]),
            "GitGuardian incident 1 was ignored as false_positive."
        );
    }
}
