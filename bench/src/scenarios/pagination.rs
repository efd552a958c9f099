//! Scenario 1: page through 10,000 members at zero latency with our item stream, the
//! hand-written loop on a bare `reqwest::Client` (the limit) and the official client's page
//! stream; then the peak memory of each, measured in a child process of its own, and (as a
//! diagnostic) the cost of decoding the same pages into each crate's types without I/O.
//! Last, ours and the bare loop again with 20 ms per request.
//!
//! Members, not incidents: `gitguardian-client` 0.1 can page through members, teams,
//! invitations, sources and API tokens, but not incidents.

use std::time::{Duration, Instant};

use super::{memory, ratio, rotation, Context};
use crate::clients::{self, list};
use crate::measure::{per_second, Samples};
use crate::report::{Goal, Report};
use crate::standin::{self, ServerConfig};
use gitguardian_standin::StandIn;

/// The contenders of the list scenarios.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lister {
    Ext,
    Raw,
    Official,
    /// Diagnostic: our generated client by hand, page by page.
    Generated,
}

impl Lister {
    /// The contenders compared by the ratios.
    pub const MAIN: [Lister; 3] = [Lister::Ext, Lister::Raw, Lister::Official];
    /// All of them, the diagnostic included.
    pub const ALL: [Lister; 4] = [
        Lister::Ext,
        Lister::Raw,
        Lister::Official,
        Lister::Generated,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Lister::Ext => "ours: `paginate(list_members())` item stream",
            Lister::Raw => "bare reqwest loop (the limit)",
            Lister::Official => "gitguardian-client 0.1 `paginate` (reqwest)",
            Lister::Generated => "diagnostic: our generated client by hand, page by page",
        }
    }

    /// The name used on the command line of the memory probe.
    pub fn key(self) -> &'static str {
        match self {
            Lister::Ext => "ext",
            Lister::Raw => "raw",
            Lister::Official => "official",
            Lister::Generated => "generated",
        }
    }

    pub fn from_key(key: &str) -> Option<Lister> {
        Lister::ALL.into_iter().find(|l| l.key() == key)
    }

    /// Builds the contender's client (not timed), then lists every member (timed).
    pub async fn list(
        self,
        api_url: &str,
        expected: usize,
        resume: bool,
    ) -> Result<(list::ListRun, Duration), String> {
        match self {
            Lister::Ext => {
                let client = clients::ext(api_url)?;
                let started = Instant::now();
                let run = list::ext(&client, expected, resume).await;
                Ok((run, started.elapsed()))
            }
            Lister::Raw => {
                let http = clients::bare_reqwest()?;
                let started = Instant::now();
                let run = list::raw(&http, api_url, expected).await;
                Ok((run, started.elapsed()))
            }
            Lister::Official => {
                let client = clients::official(api_url)?;
                let started = Instant::now();
                let run = list::official(&client, expected).await;
                Ok((run, started.elapsed()))
            }
            Lister::Generated => {
                let client = clients::ext(api_url)?;
                let started = Instant::now();
                let run = list::generated(&client, expected).await;
                Ok((run, started.elapsed()))
            }
        }
    }
}

const SCENARIO: &str = "1 pagination";
const SCENARIO_20MS: &str = "1b pagination, 20 ms";

/// Timed listings of every contender in `listers`, rotated, after one warm-up round.
struct Rounds {
    throughput: [Samples; 4],
    requests: [u64; 4],
    failures: [Option<String>; 4],
    /// Per round, ours over each contender: a paired figure that cancels load drifting
    /// between rounds (this machine may be busy with other work).
    paired: [Samples; 4],
}

impl Rounds {
    fn run(context: &Context, server: &StandIn, listers: &[Lister], runs: usize) -> Rounds {
        let n = context.settings.list_items;
        let api_url = server.api_url();
        let mut rounds = Rounds {
            throughput: Default::default(),
            requests: [0; 4],
            failures: Default::default(),
            paired: Default::default(),
        };
        // Run 0 is a warm-up: checked, not timed.
        for run in 0..=runs {
            let mut round = [f64::NAN; 4];
            for lister in rotation(listers, run) {
                let slot = lister as usize;
                let before = server.count(&standin::members());
                let outcome = context.runtime.block_on(lister.list(&api_url, n, false));
                let seen = server.count(&standin::members()).since(before);
                match outcome.and_then(|(listing, elapsed)| listing.check().map(|()| elapsed)) {
                    Ok(elapsed) if run > 0 => {
                        round[slot] = per_second(n, elapsed);
                        rounds.throughput[slot].push(round[slot]);
                        rounds.requests[slot] = seen.requests;
                    }
                    Ok(_) => {}
                    Err(error) => {
                        rounds.failures[slot].get_or_insert(error);
                    }
                }
            }
            for other in listers {
                let value = ratio(round[Lister::Ext as usize], round[*other as usize]);
                if !value.is_nan() {
                    rounds.paired[*other as usize].push(value);
                }
            }
        }
        rounds
    }

    fn rows(&self, report: &mut Report, scenario: &'static str, listers: &[Lister]) {
        for lister in listers {
            let slot = *lister as usize;
            let note = match &self.failures[slot] {
                Some(error) => format!("FAILED: {error}"),
                None => format!(
                    "{} requests per listing, every item once",
                    self.requests[slot]
                ),
            };
            report.row(
                scenario,
                lister.label(),
                "items/s",
                self.throughput[slot].clone(),
                note,
            );
        }
    }

    /// Median items/s; NaN for a contender that once lost or repeated an item (its
    /// throughput is not worth comparing).
    fn median(&self, lister: Lister) -> f64 {
        match self.failures[lister as usize] {
            Some(_) => f64::NAN,
            None => self.throughput[lister as usize].median(),
        }
    }

    fn ratio(&self, report: &mut Report, name: &'static str, other: Lister, goal: f64, what: &str) {
        report.ratio(
            name,
            ratio(self.median(Lister::Ext), self.median(other)),
            Goal::AtLeast(goal),
            format!(
                "median items/s, ours / {what} (median of per-round ratios: {:.3})",
                self.paired[other as usize].median()
            ),
        );
    }
}

fn start(n: usize, latency: Duration) -> Result<StandIn, String> {
    standin::start(ServerConfig {
        members: n,
        audit_logs: 0,
        latency,
        throttle_per_mille: 0,
    })
}

pub fn run(context: &Context, report: &mut Report) -> Result<(), String> {
    let n = context.settings.list_items;
    let server = start(n, Duration::ZERO)?;
    let api_url = server.api_url();
    let rounds = Rounds::run(context, &server, &Lister::ALL, context.settings.list_runs);
    rounds.rows(report, SCENARIO, &Lister::ALL);

    decoding(report, n, context.settings.list_runs);

    for lister in Lister::MAIN {
        match memory::probe(lister, &api_url, n) {
            Ok(peak) => {
                let mut samples = Samples::default();
                samples.push(peak.peak_kib as f64 / 1024.0);
                report.row(
                    SCENARIO,
                    lister.label(),
                    "peak RSS MiB (VmHWM, own process)",
                    samples,
                    format!(
                        "{:.1} MiB with the runtime alone; items streamed, not collected",
                        peak.baseline_kib as f64 / 1024.0
                    ),
                );
            }
            Err(error) => report.note(format!("memory of {}: {error}", lister.label())),
        }
    }
    rounds.ratio(
        report,
        "pagination_ext_over_raw",
        Lister::Raw,
        1.1,
        "bare reqwest loop",
    );
    rounds.ratio(
        report,
        "pagination_ext_over_official_rs",
        Lister::Official,
        1.1,
        "gitguardian-client 0.1",
    );

    // The same listing with 20 ms per request: latency-bound, where pipelining hides the
    // time spent reading and decoding each page.
    let slow = start(n, context.settings.slow_list_latency)?;
    let listers = [Lister::Ext, Lister::Raw];
    let rounds = Rounds::run(context, &slow, &listers, context.settings.slow_list_runs);
    rounds.rows(report, SCENARIO_20MS, &listers);
    rounds.ratio(
        report,
        "pagination_20ms_ext_over_raw",
        Lister::Raw,
        1.0,
        "bare reqwest loop, 20 ms per request",
    );
    Ok(())
}

/// Diagnostic: the CPU cost of decoding pages of 100 members into our generated `Member` and
/// into the official crate's, without any I/O. It separates what the types cost from what
/// the clients cost (the bare loop decodes into our types too).
fn decoding(report: &mut Report, items: usize, runs: usize) {
    // A page of 100 members exactly as the stand-in sends it.
    let members = gitguardian_standin::Generate {
        members: 100,
        incidents: 0,
        ..gitguardian_standin::Generate::default()
    }
    .workspace()
    .members;
    let page = serde_json::Value::Array(members.iter().map(|m| m.to_json()).collect()).to_string();
    let pages = items.div_ceil(100);
    let (mut ours, mut theirs) = (Samples::default(), Samples::default());
    let mut failure = None;
    for _ in 0..runs.min(21) {
        let started = Instant::now();
        for _ in 0..pages {
            let decoded: Result<Vec<gitguardian_openapi::types::Member>, _> =
                serde_json::from_str(std::hint::black_box(&page));
            if let Err(error) = std::hint::black_box(decoded) {
                failure.get_or_insert(error.to_string());
            }
        }
        ours.push(per_second(pages * 100, started.elapsed()));
        let started = Instant::now();
        for _ in 0..pages {
            let decoded: Result<Vec<gitguardian_client::api::models::member::Member>, _> =
                serde_json::from_str(std::hint::black_box(&page));
            if let Err(error) = std::hint::black_box(decoded) {
                failure.get_or_insert(error.to_string());
            }
        }
        theirs.push(per_second(pages * 100, started.elapsed()));
    }
    let note = match failure {
        Some(error) => format!("FAILED: {error}"),
        None => "diagnostic: `serde_json::from_str` of pages of 100, one thread".to_owned(),
    };
    report.row(
        SCENARIO,
        "decode only: our generated `types::Member`",
        "items/s",
        ours,
        note.clone(),
    );
    report.row(
        SCENARIO,
        "decode only: gitguardian-client 0.1 `Member`",
        "items/s",
        theirs,
        note,
    );
}
