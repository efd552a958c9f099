//! `cargo xtask <command>`: argument parsing only; the work is in the library.

use anyhow::Result;
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;
use xtask::{check, fetch, generate, paths, spec};

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    about = "Maintainer tasks for the GitGuardian API workspace"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Download the published spec, validate it and write it pretty-printed.
    Fetch {
        /// Where the spec is served (EU and self-hosted instances use their own API base).
        #[arg(long, default_value = fetch::DEFAULT_URL)]
        url: String,
        /// Where to write it [default: openapi/gitguardian.json].
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Regenerate gitguardian-api/src/generated.rs from the spec.
    Regen {
        /// The spec to generate from [default: openapi/gitguardian.json].
        #[arg(long)]
        spec: Option<PathBuf>,
        /// Where to write the code [default: gitguardian-api/src/generated.rs].
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Run the benchmarks (release build of the `gitguardian-bench` crate) and print ratios.
    Bench {
        /// A short run (a few minutes on 2 cores) that still prints every ratio.
        #[arg(long)]
        quick: bool,
        /// Extra arguments for the bench binary.
        #[arg(last = true)]
        args: Vec<String>,
    },
    /// Fail when the checked-in generated code differs from what the spec generates.
    Check {
        /// The spec to generate from [default: openapi/gitguardian.json].
        #[arg(long)]
        spec: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    match run(Cli::parse().command) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(command: Command) -> Result<ExitCode> {
    match command {
        Command::Fetch { url, out } => {
            let out = out.unwrap_or_else(paths::spec_file);
            let fetched = fetch::fetch(&url, &out)?;
            println!(
                "wrote {} ({} operations, sha256 {})",
                out.display(),
                fetched.operations,
                fetched.sha256
            );
            match fetched.changes {
                None => println!("no previous spec to compare with"),
                Some(delta) if delta.is_empty() => println!("no operation changed"),
                Some(delta) => {
                    for (verb, names) in [
                        ("added", delta.added),
                        ("removed", delta.removed),
                        ("changed", delta.changed),
                    ] {
                        if !names.is_empty() {
                            println!("operations {verb} ({}): {}", names.len(), names.join(", "));
                        }
                    }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Regen {
            spec: spec_path,
            out,
        } => {
            let spec_path = spec_path.unwrap_or_else(paths::spec_file);
            let out = out.unwrap_or_else(paths::generated_file);
            let value = spec::load_value(&spec_path)?;
            let generated = generate::generate(&value, &check::source_name(&spec_path))?;
            std::fs::write(&out, &generated.code)?;
            let mocks = generate::httpmock::generated_file();
            let mock_lines = generate::httpmock::write(&spec_path, &mocks)?;
            println!("wrote {}: {mock_lines} lines", mocks.display());
            xtask::provenance::refresh(&spec_path)?;
            println!(
                "wrote {}: {} operations ({} paginated), {} types ({} open enums), {} lines",
                out.display(),
                generated.operations,
                generated.paginated,
                generated.types,
                generated.open_enums,
                generated.lines()
            );
            if generated.fixes.is_empty() {
                println!("normalization: no step changed anything");
            } else {
                println!("normalization: {} fix(es)", generated.fixes.len());
                for fix in &generated.fixes {
                    println!("  {fix}");
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Bench { quick, args } => xtask::bench::run(quick, &args),
        Command::Check { spec: spec_path } => {
            let spec_path = spec_path.unwrap_or_else(paths::spec_file);
            let mocks =
                generate::httpmock::check(&spec_path, &generate::httpmock::generated_file())?;
            if let Some(report) = mocks {
                eprintln!("{report}");
                return Ok(ExitCode::FAILURE);
            }
            match check::check(&spec_path, &paths::generated_file())? {
                check::Outcome::Clean { operations, types } => {
                    println!(
                        "generated code is up to date ({operations} operations, {types} types)"
                    );
                    Ok(ExitCode::SUCCESS)
                }
                check::Outcome::Drift { report } => {
                    eprintln!("{report}");
                    Ok(ExitCode::FAILURE)
                }
            }
        }
    }
}
