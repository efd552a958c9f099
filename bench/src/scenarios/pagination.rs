//! Scenario 1: page through 10,000 members at zero latency with our item stream, the
//! hand-written loop on a bare `reqwest::Client` (the limit) and the official client's page
//! stream; then the peak memory of each, measured in a child process of its own, and (as a
//! diagnostic) the cost of decoding the same pages into each crate's types without I/O.
//!
//! Members, not incidents: `gitguardian-client` 0.1 can page through members, teams,
//! invitations, sources and API tokens, but not incidents.

use std::time::{Duration, Instant};

use super::{memory, ratio, rotation, Context};
use crate::clients::{self, list};
use crate::measure::{per_second, Samples};
use crate::report::{Goal, Report};
use crate::server::{Server, ServerConfig};

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

pub fn run(context: &Context, report: &mut Report) -> Result<(), String> {
    let n = context.settings.list_items;
    let server = Server::start(ServerConfig {
        members: n,
        latency: Duration::ZERO,
        throttle_per_mille: 0,
    })
    .map_err(|e| format!("starting the server: {e}"))?;
    let api_url = server.api_url();

    let mut throughput: [Samples; 4] = Default::default();
    let mut requests = [0u64; 4];
    let mut failures: [Option<String>; 4] = Default::default();
    // Per round, ours over each other contender: a paired figure that cancels load drifting
    // between rounds (this machine may be busy with other work).
    let mut paired = [Samples::default(), Samples::default()];
    // Run 0 is a warm-up: checked, not timed.
    for run in 0..=context.settings.list_runs {
        let mut round = [f64::NAN; 4];
        for lister in rotation(&Lister::ALL, run) {
            let slot = lister as usize;
            let before = server.snapshot();
            let outcome = context.runtime.block_on(lister.list(&api_url, n, false));
            let seen = server.snapshot().since(before);
            match outcome.and_then(|(listing, elapsed)| listing.check().map(|()| elapsed)) {
                Ok(elapsed) if run > 0 => {
                    round[slot] = per_second(n, elapsed);
                    throughput[slot].push(round[slot]);
                    requests[slot] = seen.list_requests;
                }
                Ok(_) => {}
                Err(error) => {
                    failures[slot].get_or_insert(error);
                }
            }
        }
        for (other, pair) in [Lister::Raw, Lister::Official].into_iter().zip(&mut paired) {
            let value = ratio(round[Lister::Ext as usize], round[other as usize]);
            if !value.is_nan() {
                pair.push(value);
            }
        }
    }

    for lister in Lister::ALL {
        let slot = lister as usize;
        let note = match &failures[slot] {
            Some(error) => format!("FAILED: {error}"),
            None => format!("{} requests per listing, every item once", requests[slot]),
        };
        report.row(
            SCENARIO,
            lister.label(),
            "items/s",
            throughput[slot].clone(),
            note,
        );
    }

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

    // A contender that once lost or repeated an item has no throughput worth comparing.
    let median = |lister: Lister| match failures[lister as usize] {
        Some(_) => f64::NAN,
        None => throughput[lister as usize].median(),
    };
    let (ext, raw, official) = (
        median(Lister::Ext),
        median(Lister::Raw),
        median(Lister::Official),
    );
    report.ratio(
        "pagination_ext_over_raw",
        ratio(ext, raw),
        Goal::AtLeast(0.9),
        format!(
            "median items/s, ours / bare reqwest loop (median of per-round ratios: {:.3})",
            paired[0].median()
        ),
    );
    report.ratio(
        "pagination_ext_over_official_rs",
        ratio(ext, official),
        Goal::AtLeast(1.0),
        format!(
            "median items/s, ours / gitguardian-client 0.1 (median of per-round ratios: {:.3})",
            paired[1].median()
        ),
    );
    Ok(())
}

/// Diagnostic: the CPU cost of decoding pages of 100 members into our generated `Member` and
/// into the official crate's, without any I/O. It separates what the types cost from what
/// the clients cost (the bare loop decodes into our types too).
fn decoding(report: &mut Report, items: usize, runs: usize) {
    let page = format!(
        "[{}]",
        (0..100)
            .map(crate::corpus::member_json)
            .collect::<Vec<_>>()
            .join(",")
    );
    let pages = items.div_ceil(100);
    let (mut ours, mut theirs) = (Samples::default(), Samples::default());
    let mut failure = None;
    for _ in 0..runs.min(21) {
        let started = Instant::now();
        for _ in 0..pages {
            let decoded: Result<Vec<gitguardian_api::types::Member>, _> =
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
