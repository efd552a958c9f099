//! Scenario 2: scan 2,000 documents of about 10 KB, each request answered after 30 ms.
//!
//! Contenders: our scanner with its defaults; the same requests by hand on a bare
//! `reqwest::Client` (chunks of 20, 4 in flight: the limit for that request plan); the
//! official Rust client (chunks of 20, 4 in flight, by hand: it has no scan helper);
//! pygitguardian 1.35's `multi_content_scan` on chunks of 20, one after the other as in its
//! own example, and on a thread pool of `nproc` workers as ggshield runs it.
//!
//! Every contender builds a fresh client per run, inside the timed region only what its users
//! would do per scan (ours and pygitguardian read `/v1/metadata` once per client). Requests
//! are counted by the server: `POST /v1/multiscan` requests are the quota units spent.

use std::time::{Duration, Instant};

use super::{ratio, rotation, Context};
use crate::clients::pygitguardian::{self, Mode};
use crate::clients::{self, scan};
use crate::corpus::{self, SourceFile};
use crate::measure::{per_second, Samples};
use crate::report::{Goal, Report};
use crate::standin::{self, ServerConfig};
use gitguardian_standin::StandIn;

const SCENARIO: &str = "2 scan";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scanner {
    Ext,
    Raw,
    Official,
}

impl Scanner {
    const ALL: [Scanner; 3] = [Scanner::Ext, Scanner::Raw, Scanner::Official];

    fn label(self) -> &'static str {
        match self {
            Scanner::Ext => "ours: `scan_with(docs, &ScanOptions::default())`",
            Scanner::Raw => "bare reqwest loop, chunks of 20, 4 in flight (the limit)",
            Scanner::Official => "gitguardian-client 0.1 `MultiScan`, chunks of 20, 4 in flight",
        }
    }

    /// Builds the client and the inputs (not timed), then scans (timed).
    async fn scan(
        self,
        api_url: &str,
        corpus: &[SourceFile],
    ) -> Result<(scan::ScanRun, Duration), String> {
        match self {
            Scanner::Ext => {
                let client = clients::ext(api_url)?;
                let documents = scan::ext_documents(corpus);
                let started = Instant::now();
                let run = scan::ext(&client, documents).await;
                Ok((run, started.elapsed()))
            }
            Scanner::Raw => {
                let http = clients::bare_reqwest()?;
                let started = Instant::now();
                let run = scan::raw(&http, api_url, corpus).await;
                Ok((run, started.elapsed()))
            }
            Scanner::Official => {
                let client = clients::official(api_url)?;
                let documents = scan::official_documents(corpus);
                let started = Instant::now();
                let run = scan::official(&client, documents).await;
                Ok((run, started.elapsed()))
            }
        }
    }
}

/// What the stand-in counted of a scan: the quota units (`POST /v1/multiscan` requests
/// answered `200`) and the `/v1/metadata` requests.
#[derive(Clone, Copy, Debug)]
struct Spent {
    quota: u64,
    metadata: u64,
}

impl Spent {
    fn now(server: &StandIn) -> Spent {
        Spent {
            quota: server.counters().quota_used,
            metadata: server.count(&standin::metadata()).requests,
        }
    }

    fn since(self, earlier: Spent) -> Spent {
        Spent {
            quota: self.quota - earlier.quota,
            metadata: self.metadata - earlier.metadata,
        }
    }
}

/// Throughput and quota of one contender.
#[derive(Default)]
struct Tally {
    rate: Samples,
    quota: Samples,
    metadata: u64,
    failure: Option<String>,
}

impl Tally {
    fn note(&self) -> String {
        match &self.failure {
            Some(error) => format!("FAILED: {error}"),
            None => format!(
                "all documents scanned, all planted secrets found; {} metadata request(s) per scan",
                self.metadata
            ),
        }
    }

    fn median_rate(&self) -> f64 {
        if self.failure.is_some() {
            f64::NAN
        } else {
            self.rate.median()
        }
    }
}

pub fn run(context: &Context, report: &mut Report) -> Result<(), String> {
    let settings = &context.settings;
    let count = settings.scan_documents;
    let corpus = corpus::documents(count, settings.document_size);
    let planted = corpus::planted_count(count);
    let server = standin::start(ServerConfig {
        members: 0,
        audit_logs: 0,
        latency: settings.scan_latency,
        throttle_per_mille: 0,
    })?;
    let api_url = server.api_url();

    // The venv first, so installing never overlaps a measurement.
    let venv = pygitguardian::ensure_venv(&context.paths.venv());
    match &venv {
        Ok(venv) => report.note(format!(
            "pygitguardian {} from PyPI in {}{}",
            venv.version,
            context.paths.venv().display(),
            venv.created_in
                .map(|d| format!(" (venv made in {:.1} s this run)", d.as_secs_f64()))
                .unwrap_or_else(|| " (reused)".to_owned())
        )),
        Err(error) => report.note(format!("pygitguardian unavailable: {error}")),
    }

    let mut tallies: [Tally; 3] = Default::default();
    for run in 0..=settings.scan_runs {
        for scanner in rotation(&Scanner::ALL, run) {
            let tally = &mut tallies[scanner as usize];
            let before = Spent::now(&server);
            let outcome = context.runtime.block_on(scanner.scan(&api_url, &corpus));
            let seen = Spent::now(&server).since(before);
            match outcome.and_then(|(r, elapsed)| r.check(count, planted).map(|()| elapsed)) {
                Ok(elapsed) if run > 0 => {
                    tally.rate.push(per_second(count, elapsed));
                    tally.quota.push(seen.quota as f64);
                    tally.metadata = seen.metadata;
                }
                Ok(_) => {}
                Err(error) => {
                    tally.failure.get_or_insert(error);
                }
            }
        }
    }
    for scanner in Scanner::ALL {
        let tally = &tallies[scanner as usize];
        report.row(
            SCENARIO,
            scanner.label(),
            "documents/s",
            tally.rate.clone(),
            tally.note(),
        );
    }

    let workers = std::thread::available_parallelism().map_or(1, usize::from);
    let modes = [
        (
            Mode::Sequential,
            "pygitguardian 1.35 `multi_content_scan`, chunks of 20, one at a time".to_owned(),
        ),
        (
            Mode::Threads(workers),
            format!("pygitguardian 1.35, chunks of 20 on {workers} threads (ggshield's pool)"),
        ),
    ];
    let mut python: Vec<Tally> = Vec::new();
    for (mode, label) in &modes {
        let mut tally = Tally::default();
        match &venv {
            Ok(venv) => {
                let runs = settings.python_runs + 1;
                let outcome = venv.write_corpus(&corpus).and_then(|path| {
                    let before = Spent::now(&server);
                    let deadline = Duration::from_secs(60 + 60 * runs as u64);
                    let results = venv.scan(server.origin(), &path, *mode, runs, deadline)?;
                    Ok((results, Spent::now(&server).since(before)))
                });
                match outcome {
                    Ok((results, seen)) if results.len() == runs => {
                        let per_run = |n: u64| n as f64 / runs as f64;
                        for (i, result) in results.iter().enumerate() {
                            if result.scanned != count || result.breaks != planted {
                                tally.failure.get_or_insert(format!(
                                    "{} of {count} scanned, {} of {planted} breaks",
                                    result.scanned, result.breaks
                                ));
                            } else if i > 0 {
                                tally.rate.push(count as f64 / result.seconds.max(1e-9));
                            }
                        }
                        // Counted over all runs (the warm-up included): identical runs.
                        tally.quota.push(per_run(seen.quota));
                        tally.metadata = (per_run(seen.metadata)).round() as u64;
                    }
                    Ok((results, _)) => {
                        tally.failure = Some(format!("{} of {runs} runs reported", results.len()))
                    }
                    Err(error) => tally.failure = Some(error),
                }
            }
            Err(error) => tally.failure = Some(format!("not run: {error}")),
        }
        report.row(
            SCENARIO,
            label.clone(),
            "documents/s",
            tally.rate.clone(),
            tally.note(),
        );
        python.push(tally);
    }

    // Quota: requests per scan of the corpus, counted by the server.
    let labels = Scanner::ALL
        .iter()
        .map(|s| s.label().to_owned())
        .chain(modes.iter().map(|(_, label)| label.clone()));
    for (label, tally) in labels.zip(tallies.iter().chain(python.iter())) {
        report.row(
            SCENARIO,
            label,
            "quota units (multiscan requests) per scan",
            tally.quota.clone(),
            format!("{count} documents; 20 per request at best"),
        );
    }

    let ext = tallies[Scanner::Ext as usize].median_rate();
    let ext_quota = tallies[Scanner::Ext as usize].quota.median();
    report.ratio(
        "scan_ext_over_pygitguardian",
        ratio(ext, python[0].median_rate()),
        Goal::AtLeast(4.0),
        "median documents/s, ours / pygitguardian one chunk at a time",
    );
    report.ratio(
        "scan_ext_over_pygitguardian_threaded",
        ratio(ext, python[1].median_rate()),
        Goal::None,
        format!("median documents/s, ours / pygitguardian on {workers} threads"),
    );
    report.ratio(
        "scan_ext_over_raw",
        ratio(ext, tallies[Scanner::Raw as usize].median_rate()),
        Goal::AtLeast(0.98),
        "median documents/s, ours / bare reqwest loop with the same plan",
    );
    report.ratio(
        "scan_ext_over_official_rs",
        ratio(ext, tallies[Scanner::Official as usize].median_rate()),
        Goal::None,
        "median documents/s, ours / gitguardian-client 0.1 by hand",
    );
    report.ratio(
        "scan_quota_ext_over_pygitguardian",
        ratio(ext_quota, python[0].quota.median()),
        Goal::AtMost(1.0),
        "multiscan requests per scan, ours / pygitguardian",
    );
    Ok(())
}
