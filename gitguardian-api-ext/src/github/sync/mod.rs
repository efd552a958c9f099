//! The bridge: mirror GitGuardian's triage onto the GitHub secret scanning alerts of the same
//! leaks.
//!
//! Teams that run both triage the same leaked secret twice. For the **open** GitHub alerts
//! of a [`Scope`] (a repository, an organization or an enterprise), a sync
//!
//! 1. lists each alert's locations and keeps the commit ones (commit SHA + path,
//!    [`AlertLocations`]);
//! 2. lists the GitGuardian occurrences of each repository once
//!    (`GET /v1/occurrences/secrets?source_name=OWNER/NAME`), indexed by commit and path
//!    ([`OccurrenceIndex`]);
//! 3. reads each matched incident once (status, `secret_revoked`, `ignore_reason`,
//!    `gitguardian_url`);
//! 4. maps the triage to a GitHub resolution ([`mapping`](self#mapping)): resolved and
//!    revoked → `revoked`, ignored as `false_positive` → `false_positive`, as
//!    `test_credential` → `used_in_tests`, any other ignore → `wont_fix`; untriaged,
//!    resolved-not-revoked and conflicting incidents change nothing, and say why
//!    ([`Reason`]).
//!
//! [`GitHubSync::plan`] does all that without writing (a dry run); [`GitHubSync::apply`]
//! then sends exactly one `PATCH` per alert that changes: `state: resolved`, the resolution,
//! and a `resolution_comment` linking the GitGuardian incident (at most
//! [`RESOLUTION_COMMENT_MAX_CHARS`]). Alerts already resolved are not open, so they are
//! never touched, and a sync run again after `apply` proposes nothing.
//!
//! Both clients' retry policies apply to every request (GitHub's 403/429 rate limits and
//! GitGuardian's 429 are waited out), and at most [`GitHubSync::concurrency`] requests of
//! each step are in flight at once.
//!
//! ```no_run
//! use gitguardian_api_ext::github::{sync::Scope, GitHub};
//! use gitguardian_api_ext::GitGuardian;
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let github = GitHub::builder().token(std::env::var("GITHUB_TOKEN")?).build()?;
//! let gitguardian = GitGuardian::from_env()?;
//! let sync = github.sync(&gitguardian).concurrency(4);
//!
//! let plan = sync.plan(&Scope::organization("acme")?).await?;
//! print!("{}", plan.table());
//! println!("{}", plan.summary());
//!
//! let report = sync.apply(plan).await;
//! for (alert, error) in report.failures() {
//!     eprintln!("{}#{}: {error}", alert.repository, alert.number);
//! }
//! # Ok(()) }
//! ```
//!
//! # Mapping
//!
//! The table, and the rules for several incidents, are in [`Decision`] and
//! [`AlertPlan::decide`]; the pure parts ([`OccurrenceIndex`], [`IncidentTriage::decision`],
//! [`AlertPlan::decide`], [`resolution_comment`]) can be used on their own.

mod apply;
mod gather;
mod mapping;
mod matching;
mod plan;
mod progress;
mod scope;
mod table;

pub use apply::{Applied, ApplyReport, ApplySummary};
pub use mapping::{resolution_comment, Decision, IncidentTriage, RESOLUTION_COMMENT_MAX_CHARS};
pub use matching::{AlertLocations, CommitLocation, OccurrenceIndex};
pub use plan::{AlertPlan, AlertRef, Change, Outcome, Plan, PlanSummary, Reason};
pub use progress::Progress;
pub use scope::Scope;
pub use table::Table;

use super::GitHub;
use crate::GitGuardian;

/// Requests in flight at once per step, by default.
pub const DEFAULT_CONCURRENCY: usize = 4;

/// The most requests in flight at once [`GitHubSync::concurrency`] allows (GitHub asks
/// integrations not to send many concurrent requests: its secondary rate limits).
pub const MAX_CONCURRENCY: usize = 16;

/// A sync between a GitHub client and a GitGuardian client; see the [module](self).
#[derive(Clone)]
pub struct GitHubSync<'a> {
    github: &'a GitHub,
    gitguardian: &'a GitGuardian,
    concurrency: usize,
    progress: Option<progress::ProgressHook<'a>>,
}

impl std::fmt::Debug for GitHubSync<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GitHubSync")
            .field("github", self.github)
            .field("gitguardian", self.gitguardian)
            .field("concurrency", &self.concurrency)
            .finish_non_exhaustive()
    }
}

impl GitHub {
    /// A sync of this client's alerts with `gitguardian`'s triage.
    ///
    /// ```no_run
    /// # async fn run(github: gitguardian_api_ext::github::GitHub, gitguardian: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
    /// use gitguardian_api_ext::github::sync::Scope;
    /// let plan = github.sync(&gitguardian).plan(&Scope::repository("acme/api")?).await?;
    /// println!("{} changes", plan.changes().count());
    /// # Ok(()) }
    /// ```
    pub fn sync<'a>(&'a self, gitguardian: &'a GitGuardian) -> GitHubSync<'a> {
        GitHubSync {
            github: self,
            gitguardian,
            concurrency: DEFAULT_CONCURRENCY,
            progress: None,
        }
    }
}

impl<'a> GitHubSync<'a> {
    /// At most `n` requests in flight at once in each step (clamped to 1..=
    /// [`MAX_CONCURRENCY`]; [`DEFAULT_CONCURRENCY`] by default).
    pub fn concurrency(mut self, n: usize) -> Self {
        self.concurrency = n.clamp(1, MAX_CONCURRENCY);
        self
    }

    /// Told about each step done ([`Progress`]), from the task running the sync.
    ///
    /// ```no_run
    /// # async fn run(github: gitguardian_api_ext::github::GitHub, gitguardian: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
    /// use gitguardian_api_ext::github::sync::{Progress, Scope};
    /// let sync = github.sync(&gitguardian).on_progress(|step| {
    ///     if let Progress::Locations { done, total } = step {
    ///         eprint!("\rlocations {done}/{total}");
    ///     }
    /// });
    /// let plan = sync.plan(&Scope::organization("acme")?).await?;
    /// # drop(plan);
    /// # Ok(()) }
    /// ```
    pub fn on_progress(mut self, hook: impl Fn(Progress) + Send + Sync + 'a) -> Self {
        self.progress = Some(std::sync::Arc::new(hook));
        self
    }

    /// Reports a step to the progress hook, if any.
    fn report(&self, step: Progress) {
        if let Some(hook) = &self.progress {
            hook(step);
        }
    }

    /// What a sync of `scope` would change, without writing anything: reads the open
    /// alerts, their locations, the repositories' GitGuardian occurrences and the matched
    /// incidents.
    ///
    /// # Errors
    ///
    /// The first failed read: [`Error::GitHub`](crate::Error::GitHub) (e.g. `NotFound` when
    /// secret scanning is disabled on the repository or the token cannot see it), any
    /// GitGuardian [`Error`](crate::Error), after the retries both policies allow.
    pub async fn plan(&self, scope: &Scope) -> Result<Plan, crate::Error> {
        self.gather(scope).await
    }
}
