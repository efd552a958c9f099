//! `gitguardian-bench`: our GitGuardian client side by side with the alternatives, on a
//! loopback server, in one run. `cargo xtask bench [--quick] [-- --only <scenario>]`.
//!
//! 1. pagination: 10,000 members, zero latency: our item stream vs a bare reqwest loop vs the
//!    official Rust client; peak memory of each; then ours vs the bare loop at 20 ms per request.
//! 2. scan: 2,000 documents of 10 KB, 30 ms per request: our scanner vs pygitguardian 1.35 vs
//!    a bare reqwest loop vs the official Rust client; quota units spent by each.
//! 3. storm: 30% of list answers are `429` with `Retry-After: 0`: every item exactly once?
//! 4. maintainer: `cargo xtask regen` wall time, cold build of `gitguardian-api-ext` (when its
//!    build dir is new) and clean build of the raw crate (`gitguardian-openapi`), default features.
//! 5. export: 10,000 audit log entries at 50 ms per request: our parallel export
//!    (concurrency 4) vs paging one request at a time.
//!
//! Prints one markdown table (median, min, max over runs), the goals, and last one
//! `ratio <name> <value>` line per ratio. Exits non-zero when the arguments are wrong, not
//! when a goal is missed (the table says so).

mod cli;
mod clients;
mod corpus;
mod measure;
mod report;
mod scenarios;
mod settings;
mod standin;

use std::process::ExitCode;
use std::time::Instant;

use cli::{Invocation, Scenario};
use report::Report;
use scenarios::Context;
use settings::{Paths, Settings};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let invocation = match cli::parse(&args) {
        Ok(invocation) => invocation,
        Err(error) => {
            eprintln!("error: {error}\n\n{}", cli::USAGE);
            return ExitCode::from(2);
        }
    };
    // Loopback only: no proxy may take the traffic elsewhere. Set before any thread starts.
    std::env::set_var("NO_PROXY", "127.0.0.1,localhost");
    std::env::set_var("no_proxy", "127.0.0.1,localhost");
    match invocation {
        Invocation::Help => {
            print!("{}", cli::USAGE);
            ExitCode::SUCCESS
        }
        Invocation::MemoryProbe {
            contender,
            api_url,
            items,
        } => match scenarios::memory::child_main(&contender, &api_url, items) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("memory probe: {error}");
                ExitCode::FAILURE
            }
        },
        Invocation::Bench { quick, only } => bench(quick, only),
    }
}

fn bench(quick: bool, only: Option<Scenario>) -> ExitCode {
    let started = Instant::now();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    let context = Context {
        settings: Settings::new(quick),
        paths: Paths::discover(),
        runtime,
    };
    let mut report = Report::default();
    let scenarios: Vec<Scenario> = match only {
        Some(one) => vec![one],
        None => Scenario::ALL.to_vec(),
    };
    for scenario in &scenarios {
        scenarios::run(*scenario, &context, &mut report);
    }
    report.note(format!(
        "machine: {} cores, {}; total bench time {:.0} s",
        std::thread::available_parallelism().map_or(0, usize::from),
        cpu_model(),
        started.elapsed().as_secs_f64()
    ));
    let header = format!(
        "## gitguardian-bench{} ({})",
        if quick { " --quick" } else { "" },
        scenarios
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    );
    print!("{}", report.render(&header));
    if !report.goals_met() {
        eprintln!("[bench] some goals are missed: see the table above");
    }
    ExitCode::SUCCESS
}

/// The CPU model from `/proc/cpuinfo`.
fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|text| {
            text.lines()
                .find_map(|l| l.strip_prefix("model name")?.split_once(':'))
                .map(|(_, model)| model.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".to_owned())
}
