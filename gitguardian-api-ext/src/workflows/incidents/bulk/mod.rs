//! Many incidents at once: a plan of one or more steps applied in order to each incident,
//! with bounded concurrency under the client's rate limit, one outcome per incident saying
//! what was done and what failed, resumable from what is left.
//!
//! The plan is in [`plan`], the outcomes in [`outcome`]; this file runs them.

mod outcome;
mod plan;

pub use outcome::{BulkAnswer, BulkFailure, BulkOutcome, BulkStep};
pub use plan::{BulkAction, BulkPlan};

use std::collections::HashSet;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures::stream::{self, BoxStream, Stream, StreamExt};

use super::Incidents;
use crate::Error;

/// The outcomes of a bulk run, one per distinct incident, in the order the incidents finish.
/// Made by [`Incidents::bulk`] and [`Incidents::bulk_each`]; nothing is sent until it is
/// polled. Dropping it stops the run: incidents with no outcome yet may have had some of their
/// steps done (the one in flight included), see [`Incidents::bulk`].
pub struct BulkOutcomes<'a> {
    total: usize,
    outcomes: BoxStream<'a, BulkOutcome>,
}

impl BulkOutcomes<'_> {
    /// How many outcomes the run yields in all: its distinct incidents. With the count of
    /// outcomes seen so far, the progress.
    pub fn total(&self) -> usize {
        self.total
    }
}

impl std::fmt::Debug for BulkOutcomes<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BulkOutcomes")
            .field("total", &self.total)
            .finish_non_exhaustive()
    }
}

impl Stream for BulkOutcomes<'_> {
    type Item = BulkOutcome;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<BulkOutcome>> {
        self.outcomes.poll_next_unpin(cx)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.outcomes.size_hint()
    }
}

impl<'a> Incidents<'a> {
    /// Applies `plan` (one [`BulkAction`] or a [`BulkPlan`] of several) to every incident of
    /// `incident_ids`, at most `concurrency` incidents at a time (at least 1), and streams one
    /// [`BulkOutcome`] per distinct id, in completion order.
    ///
    /// Each incident's steps run in the plan's order, one after the other; the first that
    /// fails ends its plan, and its outcome says which step it was and which were done
    /// before it. Requests go through the client's retry policy and its
    /// [rate limit](crate::ClientBuilder::requests_per_minute): set it to the workspace's
    /// budget and a run over hundreds of incidents sees no `429`.
    ///
    /// Nothing is lost or done twice: repeated ids are worked on once, each step is sent
    /// once per incident (retries aside: the policy retries a refused request, never one the
    /// server may have carried out), and an outcome's [`remaining`](BulkOutcome::remaining)
    /// steps, given to [`bulk_each`](Self::bulk_each), finish the incident. A run stopped
    /// halfway (the stream dropped, the process ended) resumes with the ids that have no
    /// outcome yet; some of their first steps may have been done, so a plan meant to be run
    /// again uses steps that are harmless to repeat (assign, [`BulkAction::EnsureShared`]).
    ///
    /// ```no_run
    /// use std::collections::BTreeSet;
    /// use futures::StreamExt;
    /// use gitguardian_api_ext::workflows::{Assignee, BulkAction, BulkPlan, ShareOptions};
    ///
    /// # async fn run(client: gitguardian_api_ext::GitGuardian, ids: Vec<i64>) {
    /// let plan = BulkPlan::new()
    ///     .then(BulkAction::Assign(Assignee::email("dana.lee@example.com")))
    ///     .then(BulkAction::EnsureShared(ShareOptions::new().lifespan_hours(24)))
    ///     .then(BulkAction::Resolve { secret_revoked: true });
    /// let mut outcomes = client.incidents().bulk(ids, plan, 8);
    /// let (total, mut seen, mut left) = (outcomes.total(), 0, Vec::new());
    /// while let Some(outcome) = outcomes.next().await {
    ///     seen += 1;
    ///     if let Err(failure) = &outcome.result {
    ///         eprintln!("{}: {failure}", outcome.incident_id);
    ///         left.push((outcome.incident_id, outcome.remaining()));
    ///     }
    ///     eprintln!("{seen}/{total}");
    /// }
    /// // `left` is what a second run (`bulk_each`) should do.
    /// # }
    /// ```
    pub fn bulk(
        &self,
        incident_ids: impl IntoIterator<Item = i64>,
        plan: impl Into<BulkPlan>,
        concurrency: usize,
    ) -> BulkOutcomes<'a> {
        let plan = plan.into();
        self.bulk_each(
            incident_ids.into_iter().map(|id| (id, plan.clone())),
            concurrency,
        )
    }

    /// Like [`bulk`](Self::bulk), with a plan of its own for each incident: to resume a run
    /// from each incident's [`remaining`](BulkOutcome::remaining) steps (or from
    /// [`BulkPlan::skip`] with the number of steps a stored record says were done). An id
    /// given twice is worked on once, with its first plan.
    ///
    /// ```no_run
    /// use futures::StreamExt;
    /// use gitguardian_api_ext::workflows::{BulkAction, BulkPlan};
    ///
    /// # async fn run(client: gitguardian_api_ext::GitGuardian) {
    /// let close = BulkPlan::new().then(BulkAction::Reopen).then(BulkAction::Resolve { secret_revoked: true });
    /// // 81234 was reopened by an earlier run; 81235 not yet.
    /// let work = [(81234, close.skip(1)), (81235, close.clone())];
    /// let outcomes: Vec<_> = client.incidents().bulk_each(work, 2).collect().await;
    /// assert!(outcomes.iter().all(|outcome| outcome.is_done()));
    /// # }
    /// ```
    pub fn bulk_each(
        &self,
        work: impl IntoIterator<Item = (i64, BulkPlan)>,
        concurrency: usize,
    ) -> BulkOutcomes<'a> {
        let incidents = *self;
        let mut seen = HashSet::new();
        let work: Vec<(i64, BulkPlan)> = work
            .into_iter()
            .filter(|(id, _)| seen.insert(*id))
            .collect();
        let total = work.len();
        let outcomes = stream::iter(work)
            .map(move |(incident_id, plan)| incidents.carry_out(incident_id, plan))
            .buffer_unordered(concurrency.max(1))
            .boxed();
        BulkOutcomes { total, outcomes }
    }

    /// One incident's plan, step by step, up to the first failure.
    async fn carry_out(self, incident_id: i64, plan: BulkPlan) -> BulkOutcome {
        let mut done = Vec::with_capacity(plan.len());
        let mut result = Ok(());
        for (step, action) in plan.steps().iter().enumerate() {
            match self.step(incident_id, action).await {
                Ok(answer) => done.push(BulkStep {
                    action: action.clone(),
                    answer,
                }),
                Err(error) => {
                    result = Err(BulkFailure {
                        step,
                        action: action.clone(),
                        error,
                    });
                    break;
                }
            }
        }
        BulkOutcome {
            incident_id,
            done,
            result,
            plan,
        }
    }

    /// One step, with the single-incident method of the same name.
    async fn step(self, incident_id: i64, action: &BulkAction) -> Result<BulkAnswer, Error> {
        let incident = |incident| BulkAnswer::Incident(Box::new(incident));
        match action {
            BulkAction::Assign(assignee) => self
                .assign(incident_id, assignee.clone())
                .await
                .map(incident),
            BulkAction::Resolve { secret_revoked } => self
                .resolve(incident_id, *secret_revoked)
                .await
                .map(incident),
            BulkAction::Ignore(reason) => {
                self.ignore(incident_id, reason.clone()).await.map(incident)
            }
            BulkAction::Reopen => self.reopen(incident_id).await.map(incident),
            BulkAction::Share(options) => self
                .share(incident_id, options.clone())
                .await
                .map(BulkAnswer::Shared),
            BulkAction::EnsureShared(options) => {
                match self.share(incident_id, options.clone()).await {
                    Ok(share) => Ok(BulkAnswer::Shared(share)),
                    // One link per incident: the API answers 409 when it has one.
                    Err(Error::Conflict { .. }) => Ok(BulkAnswer::AlreadyShared),
                    Err(error) => Err(error),
                }
            }
        }
    }
}
