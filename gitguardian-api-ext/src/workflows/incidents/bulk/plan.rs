//! What a bulk run does to each incident: one action, or a plan of several applied in order.

use std::fmt;
use std::sync::Arc;

use gitguardian_openapi::types;

use crate::workflows::{Assignee, ShareOptions};

/// One step of a bulk run; each is the single-incident method of the same name on
/// [`Incidents`](super::Incidents).
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum BulkAction {
    /// [`Incidents::assign`](super::Incidents::assign).
    Assign(Assignee),
    /// [`Incidents::resolve`](super::Incidents::resolve).
    Resolve {
        /// Whether the secret was revoked.
        secret_revoked: bool,
    },
    /// [`Incidents::ignore`](super::Incidents::ignore).
    Ignore(types::IncidentIgnoreReason),
    /// [`Incidents::reopen`](super::Incidents::reopen).
    Reopen,
    /// [`Incidents::share`](super::Incidents::share): an incident that has a link already
    /// fails with [`Error::Conflict`](crate::Error::Conflict).
    Share(ShareOptions),
    /// Like [`Share`](Self::Share), but an incident that has a link already keeps it and the
    /// step counts as done ([`BulkAnswer::AlreadyShared`](super::BulkAnswer::AlreadyShared)):
    /// the step to use in a plan that may run again on the same incidents.
    EnsureShared(ShareOptions),
}

impl BulkAction {
    /// The step's name in messages: `assign`, `resolve`, `ignore`, `reopen` or `share`.
    ///
    /// ```
    /// use gitguardian_api_ext::workflows::BulkAction;
    ///
    /// assert_eq!(BulkAction::Reopen.name(), "reopen");
    /// ```
    pub fn name(&self) -> &'static str {
        match self {
            BulkAction::Assign(_) => "assign",
            BulkAction::Resolve { .. } => "resolve",
            BulkAction::Ignore(_) => "ignore",
            BulkAction::Reopen => "reopen",
            BulkAction::Share(_) | BulkAction::EnsureShared(_) => "share",
        }
    }
}

impl fmt::Display for BulkAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The steps a bulk run applies to each incident, in order: the next step of an incident
/// starts only once the one before it is done, and the first that fails ends that incident's
/// plan (the later steps are not attempted).
///
/// A plan is cheap to clone (its steps are shared). A single [`BulkAction`] converts into a
/// plan of one step.
///
/// ```
/// use gitguardian_api_ext::workflows::{Assignee, BulkAction, BulkPlan, ShareOptions};
///
/// // The cheat sheet's remediation: assign, share with the developer, close.
/// let plan = BulkPlan::new()
///     .then(BulkAction::Assign(Assignee::email("dana.lee@example.com")))
///     .then(BulkAction::EnsureShared(ShareOptions::new().lifespan_hours(24)))
///     .then(BulkAction::Resolve { secret_revoked: true });
/// assert_eq!(plan.len(), 3);
/// // What is left for an incident whose first step was done.
/// assert_eq!(plan.skip(1).steps()[0].name(), "share");
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BulkPlan {
    steps: Arc<[BulkAction]>,
}

impl BulkPlan {
    /// A plan with no steps: a run with it answers every incident at once, done, and sends
    /// nothing.
    ///
    /// ```
    /// assert!(gitguardian_api_ext::workflows::BulkPlan::new().is_empty());
    /// ```
    pub fn new() -> BulkPlan {
        BulkPlan::default()
    }

    /// The plan with `action` as its last step.
    ///
    /// ```
    /// use gitguardian_api_ext::workflows::{BulkAction, BulkPlan};
    ///
    /// let plan = BulkPlan::new().then(BulkAction::Reopen);
    /// assert_eq!(plan.steps(), [BulkAction::Reopen]);
    /// ```
    pub fn then(self, action: BulkAction) -> BulkPlan {
        self.steps.iter().cloned().chain([action]).collect()
    }

    /// The steps, in the order they are applied.
    ///
    /// ```
    /// let plan = gitguardian_api_ext::workflows::BulkPlan::new();
    /// assert!(plan.steps().is_empty());
    /// ```
    pub fn steps(&self) -> &[BulkAction] {
        &self.steps
    }

    /// The number of steps.
    ///
    /// ```
    /// use gitguardian_api_ext::workflows::{BulkAction, BulkPlan};
    ///
    /// assert_eq!(BulkPlan::from(BulkAction::Reopen).len(), 1);
    /// ```
    pub fn len(&self) -> usize {
        self.steps.len()
    }

    /// Whether the plan has no steps.
    ///
    /// ```
    /// assert!(gitguardian_api_ext::workflows::BulkPlan::default().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    /// The plan without its first `done` steps (empty if it has no more): what is left for an
    /// incident whose first `done` steps were done, e.g. `outcome.done.len()` of a
    /// [`BulkOutcome`](super::BulkOutcome) kept from an earlier run. See also
    /// [`BulkOutcome::remaining`](super::BulkOutcome::remaining).
    ///
    /// ```
    /// use gitguardian_api_ext::workflows::{BulkAction, BulkPlan};
    ///
    /// let plan = BulkPlan::new().then(BulkAction::Reopen).then(BulkAction::Resolve { secret_revoked: false });
    /// assert_eq!(plan.skip(1).steps(), [BulkAction::Resolve { secret_revoked: false }]);
    /// assert!(plan.skip(5).is_empty());
    /// ```
    pub fn skip(&self, done: usize) -> BulkPlan {
        self.steps.iter().skip(done).cloned().collect()
    }
}

impl From<BulkAction> for BulkPlan {
    fn from(action: BulkAction) -> BulkPlan {
        BulkPlan {
            steps: Arc::from([action]),
        }
    }
}

impl From<Vec<BulkAction>> for BulkPlan {
    fn from(steps: Vec<BulkAction>) -> BulkPlan {
        BulkPlan {
            steps: steps.into(),
        }
    }
}

impl FromIterator<BulkAction> for BulkPlan {
    fn from_iter<I: IntoIterator<Item = BulkAction>>(steps: I) -> BulkPlan {
        BulkPlan {
            steps: steps.into_iter().collect(),
        }
    }
}
