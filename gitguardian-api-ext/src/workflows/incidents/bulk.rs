//! One action on many incidents: bounded concurrency under the client's rate limit, one
//! outcome per incident, resumable from the ids without an outcome.

use std::collections::HashSet;

use futures::stream::{self, Stream, StreamExt};
use gitguardian_openapi::types;

use super::Incidents;
use crate::workflows::{Assignee, ShareOptions};
use crate::Error;

/// What a bulk run does to each incident; each is the single-incident method of the same
/// name on [`Incidents`].
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum BulkAction {
    /// [`Incidents::assign`].
    Assign(Assignee),
    /// [`Incidents::resolve`].
    Resolve {
        /// Whether the secret was revoked.
        secret_revoked: bool,
    },
    /// [`Incidents::ignore`].
    Ignore(types::IncidentIgnoreReason),
    /// [`Incidents::reopen`].
    Reopen,
    /// [`Incidents::share`].
    Share(ShareOptions),
}

/// What happened to one incident of a bulk run.
#[derive(Debug)]
#[non_exhaustive]
pub struct BulkOutcome {
    /// The incident.
    pub incident_id: i64,
    /// `Ok` when the action was done, else why not (after the retry policy had its say).
    pub result: Result<(), Error>,
}

impl<'a> Incidents<'a> {
    /// Applies `action` to every incident of `incident_ids`, at most `concurrency` at a time
    /// (at least 1), and streams one [`BulkOutcome`] per distinct id, in completion order.
    /// Requests go through the client's retry policy and its
    /// [rate limit](crate::ClientBuilder::requests_per_minute): set it to the workspace's
    /// budget and a run of hundreds of incidents sees no `429`.
    ///
    /// Nothing is lost or done twice: repeated ids are acted on once, and an id without an
    /// outcome has not been finished, so a run stopped halfway (the stream dropped, the
    /// process ended) resumes with the ids that have no outcome yet. Counting outcomes
    /// against the number of distinct ids gives the progress.
    ///
    /// ```no_run
    /// use std::collections::BTreeSet;
    /// use futures::StreamExt;
    /// use gitguardian_api_ext::workflows::BulkAction;
    ///
    /// # async fn run(client: gitguardian_api_ext::GitGuardian, ids: Vec<i64>) {
    /// let mut pending: BTreeSet<i64> = ids.iter().copied().collect();
    /// let total = pending.len();
    /// let action = BulkAction::Resolve { secret_revoked: true };
    /// let mut outcomes = client.incidents().bulk(ids, action, 8);
    /// while let Some(outcome) = outcomes.next().await {
    ///     match outcome.result {
    ///         Ok(()) => { pending.remove(&outcome.incident_id); }
    ///         Err(error) => eprintln!("{}: {error}", outcome.incident_id),
    ///     }
    ///     eprintln!("{}/{total}", total - pending.len());
    /// }
    /// // `pending` now holds what a second run should retry.
    /// # }
    /// ```
    pub fn bulk(
        &self,
        incident_ids: impl IntoIterator<Item = i64>,
        action: BulkAction,
        concurrency: usize,
    ) -> impl Stream<Item = BulkOutcome> + 'a {
        let incidents = *self;
        let mut seen = HashSet::new();
        let ids: Vec<i64> = incident_ids
            .into_iter()
            .filter(|id| seen.insert(*id))
            .collect();
        stream::iter(ids)
            .map(move |incident_id| {
                let action = action.clone();
                async move {
                    let result = incidents.apply(incident_id, action).await;
                    BulkOutcome {
                        incident_id,
                        result,
                    }
                }
            })
            .buffer_unordered(concurrency.max(1))
    }

    /// One incident's action, its answer dropped.
    async fn apply(self, incident_id: i64, action: BulkAction) -> Result<(), Error> {
        match action {
            BulkAction::Assign(assignee) => self.assign(incident_id, assignee).await.map(drop),
            BulkAction::Resolve { secret_revoked } => {
                self.resolve(incident_id, secret_revoked).await.map(drop)
            }
            BulkAction::Ignore(reason) => self.ignore(incident_id, reason).await.map(drop),
            BulkAction::Reopen => self.reopen(incident_id).await.map(drop),
            BulkAction::Share(options) => self.share(incident_id, options).await.map(drop),
        }
    }
}
