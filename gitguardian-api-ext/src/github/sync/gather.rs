//! Reading what a plan needs from both APIs: the scope's open alerts, each alert's
//! locations, each repository's GitGuardian occurrences (one listing per repository), and
//! each matched incident. Nothing is written.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use futures::{StreamExt, TryStreamExt};
use github_secret_scanning::types::{
    self as gh, AlertState, ListEnterpriseAlertsState, ListOrganizationAlertsState,
    ListRepositoryAlertsState,
};

use super::mapping::IncidentTriage;
use super::matching::{AlertLocations, OccurrenceIndex};
use super::plan::{AlertPlan, AlertRef, Plan};
use super::{GitHubSync, Progress, Scope};
use crate::github::{pages, AtPage, GitHub, GitHubPage, NextPage};
use crate::workflows::OccurrenceFilter;
use crate::{Error, GitGuardian};

/// The largest page GitHub serves.
const GITHUB_PER_PAGE: i64 = 100;

impl GitHubSync<'_> {
    /// Builds the plan for `scope`.
    pub(super) async fn gather(&self, scope: &Scope) -> Result<Plan, Error> {
        let alerts = open_alerts(self.github, scope).await?;
        let total = alerts.len();
        self.report(Progress::AlertsListed(total));
        let located: Vec<(AlertRef, AlertLocations)> = futures::stream::iter(alerts)
            .map(|alert| async move {
                let locations = alert_locations(self.github, &alert).await?;
                Ok::<_, Error>((alert, locations))
            })
            .buffered(self.concurrency)
            .enumerate()
            .map(|(n, item)| {
                self.report(Progress::Locations { done: n + 1, total });
                item
            })
            .try_collect()
            .await?;

        // One occurrence listing per repository that has commit locations to match.
        let repositories: BTreeSet<&str> = located
            .iter()
            .filter(|(_, locations)| !locations.commits.is_empty())
            .map(|(alert, _)| alert.repository.as_str())
            .collect();
        let total = repositories.len();
        let indexes: BTreeMap<String, OccurrenceIndex> = futures::stream::iter(repositories)
            .map(|repository| async move {
                let index = occurrence_index(self.gitguardian, repository).await?;
                Ok::<_, Error>((repository.to_string(), index))
            })
            .buffered(self.concurrency)
            .enumerate()
            .map(|(n, item)| {
                self.report(Progress::Occurrences { done: n + 1, total });
                item
            })
            .try_collect()
            .await?;

        // Each matched incident once, whatever the number of alerts matching it.
        let empty = OccurrenceIndex::default();
        let index_of = |repository: &str| indexes.get(repository).unwrap_or(&empty);
        let wanted: BTreeSet<i64> = located
            .iter()
            .flat_map(|(alert, locations)| {
                index_of(&alert.repository).incidents_at_any(&locations.commits)
            })
            .collect();
        let total = wanted.len();
        let incidents: HashMap<i64, IncidentTriage> = futures::stream::iter(wanted)
            .map(|id| async move {
                match self.gitguardian.incidents().get(id).await {
                    Ok(incident) => Ok(Some((id, IncidentTriage::from(&incident)))),
                    // An occurrence pointing at an incident this key cannot see: no match.
                    Err(Error::NotFound { .. }) => Ok(None),
                    Err(other) => Err(other),
                }
            })
            .buffered(self.concurrency)
            .enumerate()
            .map(|(n, item)| {
                self.report(Progress::Incidents { done: n + 1, total });
                item
            })
            .try_filter_map(|found| async move { Ok(found) })
            .try_collect()
            .await?;

        let mut alerts: Vec<AlertPlan> = located
            .into_iter()
            .map(|(alert, locations)| {
                let index = index_of(&alert.repository);
                AlertPlan::decide(alert, locations, index, &incidents)
            })
            .collect();
        alerts.sort_by(|a, b| {
            (a.alert.repository.as_str(), a.alert.number)
                .cmp(&(b.alert.repository.as_str(), b.alert.number))
        });
        Ok(Plan {
            scope: scope.clone(),
            alerts,
        })
    }
}

/// The open alerts of the scope, every page.
async fn open_alerts(github: &GitHub, scope: &Scope) -> Result<Vec<AlertRef>, Error> {
    match scope {
        Scope::Repository { owner, name } => {
            let repository = format!("{owner}/{name}");
            let alerts: Vec<gh::Alert> = all_pages(pages(None, |next| {
                let request = github
                    .raw()
                    .list_repository_alerts()
                    .owner(owner.as_str())
                    .repo(name.as_str())
                    .state(ListRepositoryAlertsState::Open)
                    .hide_secret(true)
                    .per_page(GITHUB_PER_PAGE)
                    .at_page(next);
                github.send_with_headers(request.send())
            }))
            .await?;
            Ok(alerts
                .into_iter()
                .filter_map(|a| {
                    alert_ref(
                        repository.clone(),
                        a.number,
                        a.state,
                        a.secret_type_display_name.or(a.secret_type),
                        a.html_url,
                    )
                })
                .collect())
        }
        Scope::Organization(org) => {
            let alerts = all_pages(pages(None, |next| {
                let request = github
                    .raw()
                    .list_organization_alerts()
                    .org(org.as_str())
                    .state(ListOrganizationAlertsState::Open)
                    .hide_secret(true)
                    .per_page(GITHUB_PER_PAGE)
                    .at_page(next);
                github.send_with_headers(request.send())
            }))
            .await?;
            Ok(from_listing(alerts))
        }
        Scope::Enterprise(slug) => {
            let alerts = all_pages(pages(None, |next| {
                let request = github
                    .raw()
                    .list_enterprise_alerts()
                    .enterprise(slug.as_str())
                    .state(ListEnterpriseAlertsState::Open)
                    .hide_secret(true)
                    .per_page(GITHUB_PER_PAGE);
                // The enterprise listing pages by cursor only.
                let request = match next {
                    Some(NextPage::After(cursor)) => Ok(request.after(cursor)),
                    Some(NextPage::Page(page)) => Err(Error::InvalidInput(format!(
                        "the enterprise listing announced page {page}, but it pages by cursor \
                         only; is the base URL a GitHub API?"
                    ))),
                    None => Ok(request),
                };
                async move {
                    match request {
                        Ok(request) => github.send_with_headers(request.send()).await,
                        Err(error) => Err(error),
                    }
                }
            }))
            .await?;
            Ok(from_listing(alerts))
        }
    }
}

/// Organization and enterprise alerts, which name their repository.
fn from_listing(alerts: Vec<gh::OrganizationAlert>) -> Vec<AlertRef> {
    alerts
        .into_iter()
        .filter_map(|a| {
            let repository = a.repository?.full_name;
            alert_ref(
                repository,
                a.number,
                a.state,
                a.secret_type_display_name.or(a.secret_type),
                a.html_url,
            )
        })
        .collect()
}

/// An alert as the sync sees it; `None` without a number (it could not be updated).
fn alert_ref(
    repository: String,
    number: Option<gh::AlertNumber>,
    state: Option<AlertState>,
    secret_type: Option<String>,
    html_url: Option<gh::AlertHtmlUrl>,
) -> Option<AlertRef> {
    Some(AlertRef {
        repository,
        number: number?.0,
        // The listing asked for open alerts only; one without a state is taken as listed.
        state: state.unwrap_or(AlertState::Open),
        secret_type,
        html_url: html_url.map(|u| u.0),
    })
}

/// Every location of one alert (paged by number).
async fn alert_locations(github: &GitHub, alert: &AlertRef) -> Result<AlertLocations, Error> {
    let Some((owner, name)) = alert.repository.split_once('/') else {
        return Err(Error::InvalidInput(format!(
            "GitHub listed alert #{} in `{}`, which is not OWNER/NAME",
            alert.number, alert.repository
        )));
    };
    let locations: Vec<gh::Location> = all_pages(pages(None, |next| {
        let request = github
            .raw()
            .list_alert_locations()
            .owner(owner)
            .repo(name)
            .alert_number(alert.number)
            .per_page(GITHUB_PER_PAGE);
        let request = match next {
            Some(NextPage::Page(page)) => request.page(page),
            // Locations page by number; a cursor would be a new scheme: read no further.
            Some(NextPage::After(_)) | None => request,
        };
        github.send_with_headers(request.send())
    }))
    .await?;
    Ok(AlertLocations::from_github(&locations))
}

/// The GitGuardian occurrences of one repository, indexed by commit and file.
async fn occurrence_index(
    gitguardian: &GitGuardian,
    repository: &str,
) -> Result<OccurrenceIndex, Error> {
    let occurrences = gitguardian
        .incidents()
        .occurrences(OccurrenceFilter::new().source_name(repository))
        .collect_all()
        .await?;
    let mut index = OccurrenceIndex::new(repository);
    index.extend(&occurrences);
    Ok(index)
}

/// Every item of every page.
async fn all_pages<T>(
    stream: impl futures::Stream<Item = Result<GitHubPage<T>, Error>>,
) -> Result<Vec<T>, Error> {
    let pages: Vec<GitHubPage<T>> = stream.try_collect().await?;
    Ok(pages.into_iter().flat_map(|page| page.items).collect())
}
