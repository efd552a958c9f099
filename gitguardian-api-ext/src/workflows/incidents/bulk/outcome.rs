//! What a bulk run reports for each incident: the steps done with their answers, and the step
//! that failed, so that a later run knows what is left.

use std::fmt;

use gitguardian_openapi::types;

use super::{BulkAction, BulkPlan};
use crate::Error;

/// What the API answered to one step.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum BulkAnswer {
    /// Assign, resolve, ignore, reopen: the incident as it is after the step.
    Incident(Box<types::IncidentWithoutOccurrences>),
    /// Share: the new link. It is a secret: anyone holding it sees the incident.
    Shared(types::IncidentShare),
    /// [`BulkAction::EnsureShared`] on an incident that had a link: it is kept as it was (the
    /// API does not send it again).
    AlreadyShared,
}

/// A step that was done, and what the API answered.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct BulkStep {
    /// The step.
    pub action: BulkAction,
    /// The answer.
    pub answer: BulkAnswer,
}

/// The step at which an incident's plan stopped; the steps after it were not attempted.
#[derive(Debug)]
#[non_exhaustive]
pub struct BulkFailure {
    /// Its index in the incident's plan, from 0: also the number of steps done before it.
    pub step: usize,
    /// The step.
    pub action: BulkAction,
    /// Why it failed, after the retry policy had its say. [`Error::InvalidInput`] (an id that
    /// is not positive, a malformed email) means nothing was sent for this step.
    pub error: Error,
}

impl fmt::Display for BulkFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "step {} ({}) failed: {}",
            self.step + 1,
            self.action,
            self.error
        )
    }
}

impl std::error::Error for BulkFailure {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.error)
    }
}

/// What happened to one incident of a bulk run: the steps of its plan done, in order, and
/// either `Ok` (all of them were) or the step that failed.
#[derive(Debug)]
#[non_exhaustive]
pub struct BulkOutcome {
    /// The incident.
    pub incident_id: i64,
    /// The steps done, in the plan's order: its first `done.len()` steps.
    pub done: Vec<BulkStep>,
    /// `Ok` when every step was done, else the step that failed.
    pub result: Result<(), BulkFailure>,
    pub(super) plan: BulkPlan,
}

impl BulkOutcome {
    /// Whether every step of the plan was done.
    pub fn is_done(&self) -> bool {
        self.result.is_ok()
    }

    /// The steps not done: none when [`is_done`](Self::is_done), else the failed step and
    /// those after it. Give them to [`Incidents::bulk_each`](super::Incidents::bulk_each) to
    /// finish the incident without doing a step twice.
    ///
    /// ```no_run
    /// use futures::StreamExt;
    /// use gitguardian_api_ext::workflows::BulkAction;
    ///
    /// # async fn run(client: gitguardian_api_ext::GitGuardian, ids: Vec<i64>) {
    /// let mut left = Vec::new();
    /// let mut outcomes = client.incidents().bulk(ids, BulkAction::Reopen, 4);
    /// while let Some(outcome) = outcomes.next().await {
    ///     if !outcome.is_done() {
    ///         left.push((outcome.incident_id, outcome.remaining()));
    ///     }
    /// }
    /// // Later, once what failed is fixed:
    /// let outcomes: Vec<_> = client.incidents().bulk_each(left, 4).collect().await;
    /// # drop(outcomes);
    /// # }
    /// ```
    pub fn remaining(&self) -> BulkPlan {
        match self.result {
            Ok(()) => BulkPlan::new(),
            Err(_) => self.plan.skip(self.done.len()),
        }
    }
}
