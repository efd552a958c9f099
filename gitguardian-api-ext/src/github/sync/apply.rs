//! Carrying out a [`Plan`]: one `PATCH` per alert that changes, nothing else.

use std::fmt;

use futures::StreamExt;
use github_secret_scanning::types::{AlertResolution, AlertState, AlertUpdate};

use super::plan::{AlertRef, Plan};
use super::table::Table;
use super::{GitHubSync, Progress};
use crate::Error;

/// What applying one change did.
#[derive(Debug)]
pub struct Applied {
    /// The alert.
    pub alert: AlertRef,
    /// The resolution sent.
    pub resolution: AlertResolution,
    /// The alert's state as GitHub answered it, or why the `PATCH` failed (for example
    /// [`GitHubErrorKind::StateMismatch`](crate::github::GitHubErrorKind::StateMismatch)
    /// when someone reopened or resolved it meanwhile).
    pub result: Result<Option<AlertState>, Error>,
}

/// What [`GitHubSync::apply`] did, alert by alert, in the plan's order.
#[derive(Debug)]
pub struct ApplyReport {
    /// One entry per alert the plan changed.
    pub alerts: Vec<Applied>,
}

/// Counts of an [`ApplyReport`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ApplySummary {
    /// Alerts resolved.
    pub changed: usize,
    /// Alerts whose `PATCH` failed.
    pub failed: usize,
}

impl fmt::Display for ApplySummary {
    /// `applied: changed=3 failed=0`, one line that scripts can read.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "applied: changed={} failed={}",
            self.changed, self.failed
        )
    }
}

impl ApplyReport {
    /// The counts.
    pub fn summary(&self) -> ApplySummary {
        let failed = self.alerts.iter().filter(|a| a.result.is_err()).count();
        ApplySummary {
            changed: self.alerts.len() - failed,
            failed,
        }
    }

    /// The failures, with their alerts.
    pub fn failures(&self) -> impl Iterator<Item = (&AlertRef, &Error)> {
        self.alerts
            .iter()
            .filter_map(|a| a.result.as_ref().err().map(|e| (&a.alert, e)))
    }

    /// The report as a text table: repository, alert, resolution, and `changed` or the error.
    pub fn table(&self) -> Table {
        let mut table = Table::new(["REPOSITORY", "ALERT", "RESOLUTION", "RESULT"]);
        for applied in &self.alerts {
            table.row([
                applied.alert.repository.clone(),
                format!("#{}", applied.alert.number),
                applied.resolution.to_string(),
                match &applied.result {
                    Ok(_) => "changed".to_string(),
                    Err(error) => format!("failed: {error}"),
                },
            ]);
        }
        table
    }
}

impl GitHubSync<'_> {
    /// Sends one `PATCH` per alert that `plan` changes (`state: resolved`, the resolution,
    /// and the comment linking the GitGuardian incident), at most
    /// [`concurrency`](Self::concurrency) at once, through the GitHub client's retry
    /// policy. Alerts without a change are not touched. A failed `PATCH` is reported in its
    /// entry and does not stop the others.
    ///
    /// The plan is consumed: a plan is applied once. Resolved alerts are not open, so a new
    /// plan made afterwards proposes nothing for them.
    pub async fn apply(&self, plan: Plan) -> ApplyReport {
        let changes: Vec<_> = plan
            .alerts
            .into_iter()
            .filter_map(|a| a.change().map(|change| (a.alert.clone(), change.clone())))
            .collect();
        let total = changes.len();
        let alerts = futures::stream::iter(changes)
            .map(|(alert, change)| async move {
                let result = self
                    .patch(&alert, &change.resolution, &change.comment)
                    .await;
                Applied {
                    alert,
                    resolution: change.resolution,
                    result,
                }
            })
            .buffered(self.concurrency)
            .enumerate()
            .map(|(n, applied)| {
                self.report(Progress::Applied { done: n + 1, total });
                applied
            })
            .collect()
            .await;
        ApplyReport { alerts }
    }

    async fn patch(
        &self,
        alert: &AlertRef,
        resolution: &AlertResolution,
        comment: &str,
    ) -> Result<Option<AlertState>, Error> {
        let (owner, name) = alert.repository.split_once('/').ok_or_else(|| {
            Error::InvalidInput(format!("`{}` is not OWNER/NAME", alert.repository))
        })?;
        let body = AlertUpdate {
            state: Some(AlertState::Resolved),
            resolution: Some(resolution.clone()),
            resolution_comment: Some(comment.to_string().into()),
            ..AlertUpdate::default()
        };
        let request = self
            .github
            .raw()
            .update_alert()
            .owner(owner)
            .repo(name)
            .alert_number(alert.number)
            .body(body);
        let updated = self.github.send(request.send()).await?;
        Ok(updated.state)
    }
}
