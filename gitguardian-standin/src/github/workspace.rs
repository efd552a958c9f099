//! What the GitHub stand-in knows: alerts, the repositories whose secret scanning is off,
//! and the enterprise they all belong to.

use super::alert::Alert;

/// The GitHub side seeded into a [`GitHubStandIn`](super::GitHubStandIn).
///
/// Organizations and repositories exist when an alert or a disabled repository names them;
/// others are answered `404`.
#[derive(Clone, Debug, Default)]
pub struct GitHubWorkspace {
    /// Alerts of every repository, in any order (lists sort them).
    pub alerts: Vec<Alert>,
    /// `owner/name` of repositories with secret scanning off: their routes answer `404`
    /// "Secret scanning is disabled on this repository.", and organization and enterprise
    /// lists leave their alerts out.
    pub disabled_repositories: Vec<String>,
    /// The enterprise slug; every repository belongs to it. Empty: no enterprise (its route
    /// answers `404`).
    pub enterprise: String,
}

impl GitHubWorkspace {
    /// The alert `number` of `repository` (`owner/name`, case-insensitive).
    pub fn alert(&self, repository: &str, number: i64) -> Option<&Alert> {
        self.alerts
            .iter()
            .find(|alert| alert.number == number && alert.is_in(repository))
    }

    pub(crate) fn alert_mut(&mut self, repository: &str, number: i64) -> Option<&mut Alert> {
        self.alerts
            .iter_mut()
            .find(|alert| alert.number == number && alert.is_in(repository))
    }

    /// Whether secret scanning is off for `repository`.
    pub fn is_disabled(&self, repository: &str) -> bool {
        self.disabled_repositories
            .iter()
            .any(|disabled| disabled.eq_ignore_ascii_case(repository))
    }

    /// Whether the stand-in knows `repository` (an alert or a disabled entry names it).
    pub fn has_repository(&self, repository: &str) -> bool {
        self.is_disabled(repository) || self.alerts.iter().any(|alert| alert.is_in(repository))
    }

    /// Whether the stand-in knows the organization `org`.
    pub fn has_organization(&self, org: &str) -> bool {
        let owns = |repository: &str| {
            repository
                .split_once('/')
                .is_some_and(|(owner, _)| owner.eq_ignore_ascii_case(org))
        };
        self.alerts.iter().any(|alert| owns(&alert.repository))
            || self.disabled_repositories.iter().any(|r| owns(r))
    }
}
