//! The plan of a sync: per open GitHub alert, its locations, the GitGuardian incidents found
//! there, and the change to make (or why there is none). Built without writing anything.

use std::collections::HashMap;
use std::fmt;

use github_secret_scanning::types::{AlertResolution, AlertState};

use super::mapping::{resolution_comment, Decision, IncidentTriage};
use super::matching::{AlertLocations, OccurrenceIndex};
use super::table::Table;
use super::Scope;

/// A GitHub alert as the sync sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AlertRef {
    /// The repository, `OWNER/NAME`.
    pub repository: String,
    /// The alert number within the repository.
    pub number: i64,
    /// Its state when it was listed (`open` for every alert a plan changes).
    pub state: AlertState,
    /// What GitHub detected, e.g. `GitHub Personal Access Token`.
    pub secret_type: Option<String>,
    /// The alert on github.com (or the GHES host).
    pub html_url: Option<String>,
}

/// The change a plan makes to one alert: `PATCH` it to `state: resolved` with this
/// resolution and comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// GitHub's resolution, from GitGuardian's triage.
    pub resolution: AlertResolution,
    /// The `resolution_comment`, linking the GitGuardian incident.
    pub comment: String,
}

/// Why an alert is left as it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Reason {
    /// The alert is not open (resolved since it was listed): it is never touched again.
    NotOpen,
    /// GitHub lists no commit location for it (none at all, or only issues, pull requests,
    /// discussions or wiki pages), so there is nothing to match.
    NoCommitLocation,
    /// No GitGuardian occurrence of the same repository is at any of its commit locations.
    NoMatch,
    /// The matching GitGuardian incidents are still open (triggered or assigned).
    Untriaged,
    /// The matching incidents are resolved without the secret being revoked: it may still
    /// work, and GitHub has no resolution that says so.
    ResolvedNotRevoked,
    /// The matching incidents were triaged differently (e.g. one a false positive, another
    /// revoked, or one still open): a person should decide.
    Conflict,
}

impl Reason {
    /// Whether the alert matched at least one GitGuardian incident.
    pub fn is_matched(self) -> bool {
        matches!(
            self,
            Reason::Untriaged | Reason::ResolvedNotRevoked | Reason::Conflict
        )
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Reason::NotOpen => "not open",
            Reason::NoCommitLocation => "no commit location to match",
            Reason::NoMatch => "no GitGuardian occurrence at its locations",
            Reason::Untriaged => "GitGuardian has not triaged it yet",
            Reason::ResolvedNotRevoked => "resolved in GitGuardian but the secret is not revoked",
            Reason::Conflict => "conflict: the GitGuardian incidents were triaged differently",
        })
    }
}

/// What the plan does with one alert.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Resolve it.
    Change(Change),
    /// Leave it, for this reason.
    NoChange(Reason),
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::Change(change) => write!(f, "resolve as {}", change.resolution),
            Outcome::NoChange(reason) => write!(f, "no change: {reason}"),
        }
    }
}

/// One alert of a [`Plan`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AlertPlan {
    /// The alert.
    pub alert: AlertRef,
    /// Its locations.
    pub locations: AlertLocations,
    /// The GitGuardian incidents found at its commit locations, lowest id first.
    pub incidents: Vec<IncidentTriage>,
    /// The change, or why there is none.
    pub outcome: Outcome,
}

impl AlertPlan {
    /// Decides about one alert: matches its commit locations in `index` (the GitGuardian
    /// occurrences of its repository), looks the incidents up in `incidents`, and maps their
    /// triage. Pure: no request is sent.
    ///
    /// ```
    /// use std::collections::HashMap;
    /// use gitguardian_api_ext::github::sync::*;
    /// use gitguardian_api_ext::types::{IncidentIgnoreReason, IncidentStatus};
    /// use github_secret_scanning::types::{AlertResolution, AlertState};
    ///
    /// let at = CommitLocation::new("9d2c4e6f", "tests/fixtures.py");
    /// let mut index = OccurrenceIndex::new("acme/api");
    /// index.insert(at.clone(), 84226);
    /// let incidents = HashMap::from([(84226, IncidentTriage {
    ///     id: 84226,
    ///     status: IncidentStatus::Ignored,
    ///     secret_revoked: false,
    ///     ignore_reason: Some(IncidentIgnoreReason::TestCredential),
    ///     gitguardian_url: None,
    /// })]);
    /// let alert = AlertRef {
    ///     repository: "acme/api".into(), number: 7, state: AlertState::Open,
    ///     secret_type: None, html_url: None,
    /// };
    /// let locations = AlertLocations { commits: vec![at], others: 0 };
    /// let plan = AlertPlan::decide(alert, locations, &index, &incidents);
    /// assert!(matches!(plan.outcome,
    ///     Outcome::Change(Change { resolution: AlertResolution::UsedInTests, .. })));
    /// ```
    pub fn decide(
        alert: AlertRef,
        locations: AlertLocations,
        index: &OccurrenceIndex,
        incidents: &HashMap<i64, IncidentTriage>,
    ) -> AlertPlan {
        let matched: Vec<IncidentTriage> = index
            .incidents_at_any(&locations.commits)
            .into_iter()
            .filter_map(|id| incidents.get(&id).cloned())
            .collect();
        let outcome = if alert.state != AlertState::Open {
            Outcome::NoChange(Reason::NotOpen)
        } else if locations.commits.is_empty() {
            Outcome::NoChange(Reason::NoCommitLocation)
        } else if matched.is_empty() {
            Outcome::NoChange(Reason::NoMatch)
        } else {
            mirror(&matched)
        };
        AlertPlan {
            alert,
            locations,
            incidents: matched,
            outcome,
        }
    }

    /// The change, when there is one.
    pub fn change(&self) -> Option<&Change> {
        match &self.outcome {
            Outcome::Change(change) => Some(change),
            Outcome::NoChange(_) => None,
        }
    }

    /// Whether at least one GitGuardian incident matched.
    pub fn is_matched(&self) -> bool {
        !self.incidents.is_empty()
    }
}

/// The outcome for an alert that matched `incidents` (at least one).
fn mirror(incidents: &[IncidentTriage]) -> Outcome {
    let decisions: Vec<Decision> = incidents.iter().map(IncidentTriage::decision).collect();
    let first = &decisions[0];
    if decisions.iter().any(|d| d != first) {
        return Outcome::NoChange(Reason::Conflict);
    }
    match first {
        Decision::Resolve(resolution) => Outcome::Change(Change {
            resolution: resolution.clone(),
            comment: resolution_comment(incidents),
        }),
        Decision::ResolvedNotRevoked => Outcome::NoChange(Reason::ResolvedNotRevoked),
        Decision::Untriaged => Outcome::NoChange(Reason::Untriaged),
    }
}

/// Counts of a [`Plan`], for a summary line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PlanSummary {
    /// Open alerts in the scope.
    pub alerts: usize,
    /// Alerts that matched at least one GitGuardian incident.
    pub matched: usize,
    /// Alerts the plan resolves.
    pub changes: usize,
    /// Matched alerts left as they are because their incidents disagree.
    pub conflicts: usize,
    /// Alerts without a match (no commit location, or no occurrence there).
    pub unmatched: usize,
}

impl fmt::Display for PlanSummary {
    /// `summary: alerts=7 matched=5 changes=3 conflicts=1 unmatched=2`, one line that
    /// scripts can read.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "summary: alerts={} matched={} changes={} conflicts={} unmatched={}",
            self.alerts, self.matched, self.changes, self.conflicts, self.unmatched
        )
    }
}

/// What a sync would do, alert by alert; [`GitHubSync::apply`](super::GitHubSync::apply)
/// carries it out. Not `Clone`: a plan is applied once.
#[derive(Debug, PartialEq, Eq)]
pub struct Plan {
    /// What was listed.
    pub scope: Scope,
    /// Every open alert of the scope, by repository then number.
    pub alerts: Vec<AlertPlan>,
}

impl Plan {
    /// The alerts the plan resolves.
    pub fn changes(&self) -> impl Iterator<Item = &AlertPlan> {
        self.alerts.iter().filter(|a| a.change().is_some())
    }

    /// The counts of the plan.
    pub fn summary(&self) -> PlanSummary {
        let mut summary = PlanSummary {
            alerts: self.alerts.len(),
            ..PlanSummary::default()
        };
        for alert in &self.alerts {
            summary.matched += usize::from(alert.is_matched());
            match alert.outcome {
                Outcome::Change(_) => summary.changes += 1,
                Outcome::NoChange(Reason::Conflict) => summary.conflicts += 1,
                Outcome::NoChange(Reason::NoMatch | Reason::NoCommitLocation) => {
                    summary.unmatched += 1
                }
                Outcome::NoChange(_) => {}
            }
        }
        summary
    }

    /// The plan as a text table: one row per alert with its repository, number, state,
    /// locations, matched incidents (with their triage) and the change or the reason for none.
    ///
    /// ```
    /// use gitguardian_api_ext::github::sync::{Plan, Scope};
    /// let plan = Plan { scope: Scope::organization("acme")?, alerts: vec![] };
    /// assert!(plan.table().to_string().starts_with("REPOSITORY"));
    /// # Ok::<(), gitguardian_api_ext::Error>(())
    /// ```
    pub fn table(&self) -> Table {
        let mut table = Table::new([
            "REPOSITORY",
            "ALERT",
            "STATE",
            "LOCATIONS",
            "INCIDENTS",
            "PLAN",
        ]);
        for alert in &self.alerts {
            table.row([
                alert.alert.repository.clone(),
                format!("#{}", alert.alert.number),
                alert.alert.state.to_string(),
                locations_cell(&alert.locations),
                incidents_cell(&alert.incidents),
                alert.outcome.to_string(),
            ]);
        }
        table
    }
}

/// `1 commit`, `2 commits + 1 other`, `none`.
fn locations_cell(locations: &AlertLocations) -> String {
    let commits = locations.commits.len();
    let mut cell = match commits {
        0 if locations.others == 0 => return "none".into(),
        0 => String::new(),
        1 => "1 commit".into(),
        n => format!("{n} commits"),
    };
    if locations.others > 0 {
        if !cell.is_empty() {
            cell.push_str(" + ");
        }
        cell.push_str(&format!("{} other", locations.others));
    }
    cell
}

/// `84285 resolved (revoked), 84390 triggered` or `-`.
fn incidents_cell(incidents: &[IncidentTriage]) -> String {
    if incidents.is_empty() {
        return "-".into();
    }
    incidents
        .iter()
        .map(|i| format!("{} {}", i.id, i.triage_label()))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::github::sync::CommitLocation;
    use gitguardian_openapi::types::IncidentStatus;

    fn triage(
        id: i64,
        status: IncidentStatus,
        revoked: bool,
        reason: Option<&str>,
    ) -> IncidentTriage {
        IncidentTriage {
            id,
            status,
            secret_revoked: revoked,
            ignore_reason: reason.map(|r| r.parse().unwrap()),
            gitguardian_url: Some(format!("https://gg.example/incidents/{id}")),
        }
    }

    fn alert(number: i64) -> AlertRef {
        AlertRef {
            repository: "acme/api".into(),
            number,
            state: AlertState::Open,
            secret_type: None,
            html_url: None,
        }
    }

    fn at(n: u8) -> CommitLocation {
        CommitLocation::new(&format!("{n:02x}{n:02x}{n:02x}"), &format!("f{n}.env"))
    }

    #[test]
    fn the_matching_and_mapping_table() {
        use IncidentStatus::*;
        let mut index = OccurrenceIndex::new("acme/api");
        let incidents: HashMap<i64, IncidentTriage> = [
            triage(1, Resolved, true, None),
            triage(2, Ignored, false, Some("false_positive")),
            triage(3, Triggered, false, None),
            triage(4, Resolved, false, None),
            triage(5, Ignored, false, Some("low_risk")),
            triage(6, Ignored, false, Some("invalid")),
        ]
        .into_iter()
        .map(|t| (t.id, t))
        .collect();
        for id in 1..=6u8 {
            index.insert(at(id), i64::from(id));
        }
        let decide = |number, commits: Vec<CommitLocation>| {
            let locations = AlertLocations { commits, others: 0 };
            AlertPlan::decide(alert(number), locations, &index, &incidents).outcome
        };
        let resolved = |outcome: Outcome| match outcome {
            Outcome::Change(change) => change.resolution,
            other => panic!("no change: {other}"),
        };
        assert_eq!(resolved(decide(1, vec![at(1)])), AlertResolution::Revoked);
        assert_eq!(
            resolved(decide(2, vec![at(2)])),
            AlertResolution::FalsePositive
        );
        assert_eq!(decide(3, vec![at(3)]), Outcome::NoChange(Reason::Untriaged));
        assert_eq!(
            decide(4, vec![at(4)]),
            Outcome::NoChange(Reason::ResolvedNotRevoked)
        );
        // Two locations whose incidents agree (low_risk and invalid are both wont_fix).
        assert_eq!(
            resolved(decide(5, vec![at(5), at(6)])),
            AlertResolution::WontFix
        );
        // Two locations whose incidents disagree.
        assert_eq!(
            decide(6, vec![at(1), at(2)]),
            Outcome::NoChange(Reason::Conflict)
        );
        assert_eq!(
            decide(7, vec![at(2), at(3)]),
            Outcome::NoChange(Reason::Conflict)
        );
        assert_eq!(
            decide(8, vec![]),
            Outcome::NoChange(Reason::NoCommitLocation)
        );
        assert_eq!(decide(9, vec![at(9)]), Outcome::NoChange(Reason::NoMatch));
        // One location matching, one not: the match decides.
        assert_eq!(
            resolved(decide(10, vec![at(9), at(1)])),
            AlertResolution::Revoked
        );
    }

    #[test]
    fn an_alert_that_is_not_open_is_never_changed() {
        let mut index = OccurrenceIndex::new("acme/api");
        index.insert(at(1), 1);
        let incidents = HashMap::from([(1, triage(1, IncidentStatus::Resolved, true, None))]);
        let resolved = AlertRef {
            state: AlertState::Resolved,
            ..alert(1)
        };
        let locations = AlertLocations {
            commits: vec![at(1)],
            others: 0,
        };
        let plan = AlertPlan::decide(resolved, locations, &index, &incidents);
        assert_eq!(plan.outcome, Outcome::NoChange(Reason::NotOpen));
    }

    #[test]
    fn the_table_and_summary_show_each_alert() {
        let mut index = OccurrenceIndex::new("acme/api");
        index.insert(at(1), 1);
        let incidents = HashMap::from([(1, triage(1, IncidentStatus::Resolved, true, None))]);
        let plan = Plan {
            scope: Scope::repository("acme/api").unwrap(),
            alerts: vec![
                AlertPlan::decide(
                    alert(1),
                    AlertLocations {
                        commits: vec![at(1)],
                        others: 1,
                    },
                    &index,
                    &incidents,
                ),
                AlertPlan::decide(alert(2), AlertLocations::default(), &index, &incidents),
            ],
        };
        let text = plan.table().to_string();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3, "{text}");
        assert!(
            lines[1].contains("#1") && lines[1].contains("1 commit + 1 other"),
            "{text}"
        );
        assert!(
            lines[1].contains("1 resolved (revoked)") && lines[1].ends_with("resolve as revoked")
        );
        assert!(
            lines[2].contains("none")
                && lines[2].ends_with("no change: no commit location to match")
        );
        assert_eq!(
            plan.summary().to_string(),
            "summary: alerts=2 matched=1 changes=1 conflicts=0 unmatched=1"
        );
    }
}
