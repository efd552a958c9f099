//! The remediation workflow of the GitGuardian API cheat sheet, as one function: check the
//! key, list the `TRIGGERED` incidents, then (only when asked) assign, share and close some.
//!
//! It lists with the client's raw operations and `pages`, and changes incidents with the
//! client's bulk run (`Incidents::bulk` with a plan of steps applied in order to each
//! incident), so every request gets the client's typed errors, retry policy (a `429`
//! mid-listing waits and asks for the same page again) and rate limit. Output goes to any `Write`, so the example's tests can read it; the module is
//! self-contained so that `tests/it/examples.rs` can include it.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::io::{self, Write};
use std::sync::Arc;

use futures::{StreamExt, TryStreamExt};
use gitguardian_api_ext::workflows::{
    Assignee, BulkAction, BulkAnswer, BulkOutcome, BulkPlan, ShareOptions,
};
use gitguardian_api_ext::{types, Error, GitGuardian};

/// Incidents acted on by `--apply` when none are named.
pub const DEFAULT_FIRST: usize = 3;

/// Hours a share link stays valid.
pub const SHARE_LIFESPAN_HOURS: u32 = 24;

/// What to do. The default only reads.
#[derive(Clone, Debug)]
pub struct Options {
    /// Items asked per page (1 to 100; the API's maximum by default, for fewer requests).
    pub per_page: u64,
    /// Change incidents: assign, share and, if [`close`](Self::close) says so, close them.
    pub apply: bool,
    /// With `apply` and no [`incidents`](Self::incidents): act on this many of the newest
    /// `TRIGGERED` incidents.
    pub first: usize,
    /// With `apply`: act on these incidents instead.
    pub incidents: Vec<i64>,
    /// With `apply`: assign to this member's email (default: the first active member).
    pub assignee: Option<String>,
    /// With `apply`: how to close the incidents; `None` leaves them open, assigned and shared.
    pub close: Option<Close>,
    /// With `apply`: incidents worked on at once (at least 1). Each incident's steps stay in
    /// order; with more than one, the client's rate limit keeps the run under the budget.
    pub concurrency: usize,
    /// With `apply`: told `(done, total)` after each incident.
    pub progress: Progress,
}

/// A callback told how far `--apply` has got, e.g. to drive a progress bar.
#[derive(Clone, Default)]
pub struct Progress(Option<Arc<dyn Fn(usize, usize) + Send + Sync>>);

impl Progress {
    /// Calls `report` with `(done, total)` after each incident.
    pub fn new(report: impl Fn(usize, usize) + Send + Sync + 'static) -> Progress {
        Progress(Some(Arc::new(report)))
    }

    fn tell(&self, done: usize, total: usize) {
        if let Some(report) = &self.0 {
            report(done, total);
        }
    }
}

impl fmt::Debug for Progress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_some() {
            "Progress(<fn>)"
        } else {
            "Progress(none)"
        })
    }
}

impl Default for Options {
    fn default() -> Self {
        Options {
            per_page: 100,
            apply: false,
            first: DEFAULT_FIRST,
            incidents: Vec::new(),
            assignee: None,
            close: None,
            concurrency: 1,
            progress: Progress::default(),
        }
    }
}

/// How incidents are closed, the cheat sheet's step 3.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Close {
    /// Resolve; `secret_revoked` says the secret was rotated.
    Resolve {
        /// Whether the secret has been revoked.
        secret_revoked: bool,
    },
    /// Ignore, with the reason.
    Ignore(types::IncidentIgnoreReason),
}

/// What a run did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// `TRIGGERED` incidents listed.
    pub listed: usize,
    /// Pages it took.
    pub pages: usize,
    /// Incidents changed, in order.
    pub acted_on: Vec<i64>,
}

/// Why a run stopped.
#[derive(Debug)]
pub enum RunError {
    /// The API said no, or could not be reached.
    Api(Error),
    /// Nothing to do the asked changes with.
    Precondition(String),
    /// The output could not be written.
    Output(io::Error),
}

impl fmt::Display for RunError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RunError::Api(error) => error.fmt(f),
            RunError::Precondition(message) => f.write_str(message),
            RunError::Output(error) => write!(f, "could not write the output: {error}"),
        }
    }
}

impl std::error::Error for RunError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            RunError::Api(error) => Some(error),
            RunError::Precondition(_) => None,
            RunError::Output(error) => Some(error),
        }
    }
}

impl From<Error> for RunError {
    fn from(error: Error) -> Self {
        RunError::Api(error)
    }
}

impl From<io::Error> for RunError {
    fn from(error: io::Error) -> Self {
        RunError::Output(error)
    }
}

/// Runs the workflow with `client`, writing what it sees and does to `out`.
pub async fn run(
    client: &GitGuardian,
    options: &Options,
    out: &mut dyn Write,
) -> Result<Summary, RunError> {
    // The cheat sheet's advice: a read-only call first, to test the key.
    let health = client.health().await?;
    writeln!(
        out,
        "Key checked at {}: {}",
        client.endpoint().api_url(),
        health.detail
    )?;

    // Step 1: what needs attention. TRIGGERED = not assigned, resolved or ignored.
    let mut summary = Summary::default();
    let mut newest = Vec::new();
    writeln!(out, "TRIGGERED incidents, newest first:")?;
    let request = client
        .raw()
        .list_incidents()
        .status(types::IncidentStatus::Triggered)
        .ordering(types::ListIncidentsOrdering::DateDesc)
        .per_page(options.per_page);
    let mut pages = client.pages(request);
    while let Some(page) = pages.try_next().await? {
        summary.pages += 1;
        for incident in &page.items {
            writeln!(out, "{}", incident_line(incident))?;
            if newest.len() < options.first {
                newest.push(incident.id);
            }
        }
        summary.listed += page.items.len();
    }
    writeln!(
        out,
        "Listed {} TRIGGERED incident{} on {} page{}.",
        summary.listed,
        plural(summary.listed),
        summary.pages,
        plural(summary.pages)
    )?;

    if !options.apply {
        writeln!(
            out,
            "Read-only: nothing was changed. Add --apply to assign and share the {} newest, \
             with --resolve or --ignore-reason REASON to close them too (see --help).",
            options.first
        )?;
        return Ok(summary);
    }

    // Steps 2 and 3: assign, share, close.
    let mut targets = if options.incidents.is_empty() {
        newest
    } else {
        options.incidents.clone()
    };
    // An incident named twice is acted on once.
    let mut seen = HashSet::new();
    targets.retain(|id| seen.insert(*id));
    if targets.is_empty() {
        writeln!(out, "Nothing to act on.")?;
        return Ok(summary);
    }
    let assignee = match &options.assignee {
        Some(email) => email.clone(),
        None => first_active_member(client).await?,
    };
    writeln!(
        out,
        "Acting on {} incident{}: assign to {assignee}, share{}.",
        targets.len(),
        plural(targets.len()),
        match &options.close {
            Some(Close::Resolve { .. }) => ", resolve",
            Some(Close::Ignore(_)) => ", ignore",
            None => "",
        }
    )?;
    // Every incident gets the same plan, applied in order by the client's bulk run; the
    // outcomes come back as incidents finish, and each one's lines are written in input order,
    // so the output reads the same whatever the concurrency.
    let plan = plan(&assignee, options.close.as_ref());
    let mut outcomes = client
        .incidents()
        .bulk(targets.iter().copied(), plan, options.concurrency);
    let total = outcomes.total();
    let mut finished: HashMap<i64, BulkOutcome> = HashMap::new();
    let (mut received, mut written) = (0, 0);
    let mut failed = Vec::new();
    while let Some(outcome) = outcomes.next().await {
        received += 1;
        options.progress.tell(received, total);
        finished.insert(outcome.incident_id, outcome);
        while let Some(outcome) = targets.get(written).and_then(|id| finished.remove(id)) {
            written += 1;
            write_outcome(out, &outcome, &assignee)?;
            match outcome.result {
                Ok(()) => summary.acted_on.push(outcome.incident_id),
                Err(failure) => failed.push((outcome.incident_id, failure)),
            }
        }
    }
    if !failed.is_empty() {
        let rest: Vec<String> = failed
            .iter()
            .map(|(id, _)| format!("--incident {id}"))
            .collect();
        writeln!(
            out,
            "Done: {} of {total}. To finish, run the same command on {} only (assigning \
             again and keeping an existing link are harmless).",
            summary.acted_on.len(),
            rest.join(" ")
        )?;
        // The first failure, in input order, is the run's error.
        let (_, failure) = failed.swap_remove(0);
        return Err(failure.error.into());
    }
    if options.close.is_none() {
        writeln!(
            out,
            "Left open: once the developer has answered, close them with --resolve or \
             --ignore-reason REASON."
        )?;
    }
    Ok(summary)
}

/// The cheat sheet's steps 2 and 3 for one incident: assign, share (keeping a link it has
/// already), and close if asked.
fn plan(assignee: &str, close: Option<&Close>) -> BulkPlan {
    // The link lets a developer outside the workspace give feedback and close the incident.
    let share = ShareOptions::new()
        .lifespan_hours(SHARE_LIFESPAN_HOURS)
        .auto_healing(true)
        .feedback_collection(true);
    let plan = BulkPlan::new()
        .then(BulkAction::Assign(Assignee::email(assignee)))
        .then(BulkAction::EnsureShared(share));
    match close {
        None => plan,
        Some(Close::Resolve { secret_revoked }) => plan.then(BulkAction::Resolve {
            secret_revoked: *secret_revoked,
        }),
        Some(Close::Ignore(reason)) => plan.then(BulkAction::Ignore(reason.clone())),
    }
}

/// What was done to one incident, a line a step, and the step that failed.
fn write_outcome(out: &mut dyn Write, outcome: &BulkOutcome, assignee: &str) -> io::Result<()> {
    let id = outcome.incident_id;
    for step in &outcome.done {
        match (&step.action, &step.answer) {
            (_, BulkAnswer::Shared(link)) => writeln!(
                out,
                "{id}: shared for {SHARE_LIFESPAN_HOURS} h, send this link to the developer \
                 (treat it as a secret): {}",
                link.share_url
            )?,
            (_, BulkAnswer::AlreadyShared) => writeln!(out, "{id}: already shared, link kept")?,
            (BulkAction::Assign(_), BulkAnswer::Incident(incident)) => writeln!(
                out,
                "{id}: assigned to {} ({})",
                incident.assignee_email.as_deref().unwrap_or(assignee),
                incident.status
            )?,
            (BulkAction::Resolve { .. }, BulkAnswer::Incident(incident)) => {
                let revoked = if incident.secret_revoked {
                    "secret marked as revoked"
                } else {
                    "secret not revoked"
                };
                writeln!(out, "{id}: resolved, {revoked} ({})", incident.status)?
            }
            (BulkAction::Ignore(reason), BulkAnswer::Incident(incident)) => {
                writeln!(out, "{id}: ignored as {reason} ({})", incident.status)?
            }
            (action, _) => writeln!(out, "{id}: {action} done")?,
        }
    }
    if let Err(failure) = &outcome.result {
        let left: Vec<&str> = outcome
            .remaining()
            .steps()
            .iter()
            .map(BulkAction::name)
            .collect();
        writeln!(
            out,
            "{id}: {} failed ({}); not done: {}",
            failure.action,
            failure.error,
            left.join(", ")
        )?;
    }
    Ok(())
}

/// `<id> <severity> <detector> <n> occurrence(s) <date>`, aligned for reading.
pub fn incident_line(incident: &types::IncidentWithoutOccurrences) -> String {
    format!(
        "{:<7} {:<8} {:<28} {:>3} {:<11} {}",
        incident.id,
        incident.severity.to_string(),
        incident.detector.display_name,
        incident.occurrences_count,
        if incident.occurrences_count == 1 {
            "occurrence"
        } else {
            "occurrences"
        },
        incident.date.format("%Y-%m-%d %H:%M UTC")
    )
}

/// The email of the first active workspace member, for the default assignee.
async fn first_active_member(client: &GitGuardian) -> Result<String, RunError> {
    let members = client
        .send(
            client
                .raw()
                .list_members()
                .active(true)
                .per_page(1u64)
                .send(),
        )
        .await?;
    members
        .into_iter()
        .next()
        .map(|member| member.email)
        .ok_or_else(|| {
            RunError::Precondition(
                "the workspace has no active member to assign incidents to; pass --assignee \
                 EMAIL"
                    .to_string(),
            )
        })
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
