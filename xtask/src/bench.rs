//! `cargo xtask bench`: builds and runs the `gitguardian-bench` crate in release mode.
//!
//! The benchmarks live in their own crate so that `cargo xtask regen|check` stay light: the
//! bench pulls in the official `gitguardian-client` crate and a Python venv for pygitguardian.

use anyhow::{Context, Result};
use std::process::{Command, ExitCode};

/// Runs the bench binary, forwarding `--quick` and `args`; its exit code is ours.
pub fn run(quick: bool, args: &[String]) -> Result<ExitCode> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut command = Command::new(cargo);
    command.current_dir(crate::paths::workspace_root()).args([
        "run",
        "--release",
        "--quiet",
        "-p",
        "gitguardian-bench",
        "--",
    ]);
    if quick {
        command.arg("--quick");
    }
    command.args(args);
    let status = command.status().context("running cargo for the bench")?;
    Ok(if status.success() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
