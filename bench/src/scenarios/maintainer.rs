//! Scenario 4: the maintainer loop. `cargo xtask regen` wall time, a cold build of
//! `gitguardian-api-ext` (what a user waits for) and a clean build of our raw crate (package
//! `gitguardian-openapi`, folder `gitguardian-api/`), both with default features.
//!
//! Nothing in the repository is touched: regen reads a copy of the spec and writes into
//! `target/bench-maintainer/` (`--spec`, `--out`); builds use a target dir of their own there,
//! so they neither wait for nor invalidate the shared one. Its dependencies are built once
//! (reported as the cold build of `gitguardian-api-ext` when that happens); each timed clean
//! build then removes the crate's own artifacts (`cargo clean -p gitguardian-openapi` in that
//! dir) and builds it again.
//!
//! Builds run with `CARGO_INCREMENTAL=0`: users get our crates from crates.io, and cargo never
//! builds a registry dependency incrementally. Inside this workspace the dev profile would
//! (our crates are path members here) and add the incremental cache's work to the timing.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use super::Context;
use crate::measure::{run_bounded, tail, ChildOutput, Samples};
use crate::report::Report;
use crate::settings::Paths;

const SCENARIO: &str = "4 maintainer";

/// Our raw crate's package name (see [`build`]).
const RAW_PACKAGE: &str = "gitguardian-openapi";

pub fn run(context: &Context, report: &mut Report) -> Result<(), String> {
    let paths = &context.paths;
    let scratch = paths.maintainer();
    let spec_dir = scratch.join("openapi");
    std::fs::create_dir_all(&spec_dir).map_err(|e| format!("{}: {e}", spec_dir.display()))?;
    for file in ["spec.json", "source.json"] {
        let from = paths.root.join("openapi/gitguardian").join(file);
        std::fs::copy(&from, spec_dir.join(file))
            .map_err(|e| format!("copying {}: {e}", from.display()))?;
    }
    let spec = spec_dir.join("spec.json");
    let out = scratch.join("generated.rs");

    regen(context, report, &spec, &out)?;
    build(context, report, &scratch.join("target"))
}

/// `cargo xtask regen --spec <copy> --out <scratch>`, and the xtask binary alone.
fn regen(context: &Context, report: &mut Report, spec: &Path, out: &Path) -> Result<(), String> {
    let paths = &context.paths;
    let cargo_regen = || {
        let mut command = Command::new(Paths::cargo());
        command
            .current_dir(&paths.root)
            .args(["xtask", "regen", "--spec"])
            .arg(spec)
            .arg("--out")
            .arg(out);
        command
    };
    // Warm-up: builds xtask if it is stale (not timed).
    let warm = checked(run_bounded(&mut cargo_regen(), Duration::from_secs(1200)))?;
    let summary = warm.stdout.lines().next().unwrap_or("").to_owned();

    let mut cargo_times = Samples::default();
    for _ in 0..context.settings.regen_runs {
        let done = checked(run_bounded(&mut cargo_regen(), Duration::from_secs(300)))?;
        cargo_times.push(done.elapsed.as_secs_f64());
    }
    report.row(
        SCENARIO,
        "`cargo xtask regen` (xtask already built)",
        "seconds",
        cargo_times,
        format!(
            "{}; {}",
            summary.replace(&*out.to_string_lossy(), "<scratch>"),
            matches_checked_in(paths, out)
        ),
    );

    let binary = paths.target.join("debug").join("xtask");
    let mut binary_times = Samples::default();
    for _ in 0..context.settings.regen_runs {
        let mut command = Command::new(&binary);
        command
            .current_dir(&paths.root)
            .args(["regen", "--spec"])
            .arg(spec)
            .arg("--out")
            .arg(out);
        let done = checked(run_bounded(&mut command, Duration::from_secs(300)))?;
        binary_times.push(done.elapsed.as_secs_f64());
    }
    report.row(
        SCENARIO,
        "xtask binary alone (`target/debug/xtask regen`)",
        "seconds",
        binary_times,
        "the same work without cargo's start-up and freshness check",
    );
    Ok(())
}

/// Whether the regenerated code equals `gitguardian-api/src/generated.rs` (below the first
/// line, which names the spec's path).
fn matches_checked_in(paths: &Paths, out: &Path) -> &'static str {
    let body = |path: &Path| {
        std::fs::read_to_string(path)
            .ok()
            .map(|text| text.split_once('\n').map(|(_, rest)| rest.to_owned()))
    };
    match (
        body(out),
        body(&paths.root.join("gitguardian-api/src/generated.rs")),
    ) {
        (Some(a), Some(b)) if a == b => "output identical to the checked-in generated.rs",
        (Some(_), Some(_)) => "output DIFFERS from the checked-in generated.rs",
        _ => "could not compare with the checked-in generated.rs",
    }
}

/// Clean builds of our raw crate in a target dir of their own.
///
/// By its package name, `gitguardian-openapi`: `gitguardian-api` is GitGuardian's own crate on
/// crates.io, which the official client pulls into the lock file, so `-p gitguardian-api`
/// would build and time that one.
fn build(context: &Context, report: &mut Report, target: &Path) -> Result<(), String> {
    let paths = &context.paths;
    let cargo = |args: &[&str]| {
        let mut command = Command::new(Paths::cargo());
        command
            .current_dir(&paths.root)
            .args(args)
            .arg("--target-dir")
            .arg(target)
            .env("CARGO_INCREMENTAL", "0")
            .env_remove("CARGO_TARGET_DIR")
            .env_remove("RUSTC_WRAPPER");
        command
    };
    let build = || cargo(&["build", "-p", RAW_PACKAGE]);
    let build_ext = || cargo(&["build", "-p", "gitguardian-api-ext"]);

    if !target.join("debug").is_dir() {
        eprintln!("[bench] cold build of gitguardian-api-ext with its dependencies (once)...");
        let done = checked(run_bounded(&mut build_ext(), Duration::from_secs(1800)))?;
        let mut cold = Samples::default();
        cold.push(done.elapsed.as_secs_f64());
        report.row(
            SCENARIO,
            "`cargo build -p gitguardian-api-ext`, cold (with dependencies)",
            "seconds",
            cold,
            "default features; only measured when the bench's build dir is new",
        );
    } else {
        // Dependencies may need rebuilding after a toolchain or lockfile change: not timed.
        checked(run_bounded(&mut build_ext(), Duration::from_secs(1800)))?;
        report.note(
            "cold build of gitguardian-api-ext not measured: the bench's build dir exists \
             (remove target/bench-maintainer/target to measure it)",
        );
    }

    // `-p gitguardian-openapi` alone resolves its dependencies with fewer features than
    // `gitguardian-api-ext` does, so some are built again for it: done once here, untimed, or
    // the first timed build would include them (29 s instead of 14 s on the idle machine).
    checked(run_bounded(&mut build(), Duration::from_secs(1800)))?;
    let mut clean = Samples::default();
    for _ in 0..context.settings.build_runs {
        checked(run_bounded(
            &mut cargo(&["clean", "-p", RAW_PACKAGE]),
            Duration::from_secs(120),
        ))?;
        let done = checked(run_bounded(&mut build(), Duration::from_secs(1200)))?;
        clean.push(done.elapsed.as_secs_f64());
    }
    report.row(
        SCENARIO,
        "`cargo build -p gitguardian-openapi` (our raw crate), clean crate (dependencies built)",
        "seconds",
        clean.clone(),
        format!(
            "default features (no schemars), dev profile, not incremental (as a dependency), in {} (not the shared target dir)",
            target.strip_prefix(&paths.root).unwrap_or(target).display()
        ),
    );
    report.ratio(
        "build_clean_raw_seconds",
        clean.median(),
        crate::report::Goal::AtMost(15.0),
        "seconds, clean `cargo build -p gitguardian-openapi` (our raw crate) with its dependencies built",
    );
    Ok(())
}

/// A finished child that succeeded, or why not.
fn checked(outcome: Result<ChildOutput, String>) -> Result<ChildOutput, String> {
    let output = outcome?;
    if output.success {
        Ok(output)
    } else {
        Err(format!("command failed: {}", tail(&output.stderr, 6)))
    }
}
