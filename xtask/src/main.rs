//! `cargo xtask <command>`: argument parsing only; the work is in the library.

use anyhow::{bail, Result};
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;
use xtask::manifest::{Api, Manifest};
use xtask::{check, drift, fetch, generate, spec, standalone};

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
    /// Store the vendor's published spec as openapi/<API>/upstream.json (structure only, prose
    /// stripped) with its provenance. Never touches our spec.
    Fetch {
        /// The API (a name from openapi/apis.toml) [default: all].
        api: Option<String>,
        /// Where to read it: an https URL (http only to loopback) or a local file
        /// [default: the API's upstream_url].
        #[arg(long)]
        url: Option<String>,
    },
    /// Compare the stored upstream with our spec by meaning; exit 1 on unexplained differences.
    Drift {
        /// The API [default: all].
        api: Option<String>,
        /// Write the unexplained upstream-only items (operations, parameters, fields, enum
        /// values) into our spec, then report what is left.
        #[arg(long)]
        adopt: bool,
        /// List every difference, not only the unexplained ones.
        #[arg(long)]
        all: bool,
    },
    /// Regenerate an API's client from its spec, or a standalone crate from any spec.
    Regen {
        /// The API [default: all].
        api: Option<String>,
        /// Generate from this spec instead of the API's spec.json.
        #[arg(long)]
        spec: Option<PathBuf>,
        /// With --spec: a directory to write a standalone crate into (Cargo.toml, src/), or a
        /// file ending in `.rs` to write the generated code alone.
        #[arg(long, requires = "spec")]
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
        /// The API [default: all].
        api: Option<String>,
        /// The spec to generate from [default: the API's spec.json].
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
    if let Command::Bench { quick, args } = &command {
        return xtask::bench::run(*quick, args);
    }
    let manifest = Manifest::workspace()?;
    let mut failed = false;
    match command {
        Command::Fetch { api, url } => {
            let apis = manifest.select(api.as_deref())?;
            if url.is_some() && apis.len() > 1 {
                bail!("--url needs an API name: which upstream is it?");
            }
            for api in apis {
                fetch_one(api, url.as_deref().unwrap_or(&api.upstream_url))?;
            }
        }
        Command::Drift { api, adopt, all } => {
            for api in manifest.select(api.as_deref())? {
                failed |= !drift_one(api, adopt, all)?;
            }
        }
        Command::Regen {
            api,
            spec: Some(spec_path),
            out: Some(out),
        } => {
            if let Some(api) = api {
                bail!(
                    "--out writes a standalone crate or file; it takes no API name (got `{api}`)"
                );
            }
            regen_standalone(&spec_path, &out)?
        }
        Command::Regen { api, spec, .. } => {
            let apis = manifest.select(api.as_deref())?;
            if spec.is_some() && apis.len() > 1 {
                bail!("--spec without --out needs an API name");
            }
            for api in apis {
                regen_one(api, spec.clone().unwrap_or_else(|| api.spec()))?;
            }
        }
        Command::Check { api, spec } => {
            for api in manifest.select(api.as_deref())? {
                let spec_path = spec.clone().unwrap_or_else(|| api.spec());
                if let Some(mocks) = api.mocks_file() {
                    match generate::httpmock::check(api, &spec_path, &mocks)? {
                        Some(report) => {
                            eprintln!("{report}");
                            failed = true;
                        }
                        None => println!(
                            "{}: httpmock helpers are up to date ({})",
                            api.name,
                            check::source_name(&mocks)
                        ),
                    }
                }
                match check::check_with(&spec_path, &api.generated_file(), api.normalization())? {
                    check::Outcome::Clean { operations, types } => println!(
                        "{}: generated code is up to date ({operations} operations, {types} types)",
                        api.name
                    ),
                    check::Outcome::Drift { report } => {
                        eprintln!("{report}");
                        failed = true;
                    }
                }
            }
        }
        Command::Bench { .. } => unreachable!("handled above"),
    }
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn fetch_one(api: &Api, source: &str) -> Result<()> {
    let fetched = fetch::fetch_tags(
        source,
        &api.upstream_tags,
        &api.upstream(),
        &api.upstream_record(),
    )?;
    println!(
        "{}: wrote {} ({} operations, sha256 {}; downloaded sha256 {})",
        api.name,
        api.upstream().display(),
        fetched.operations,
        fetched.sha256,
        fetched.sha256_downloaded
    );
    match fetched.changes {
        None => println!("no previous upstream to compare with"),
        Some(delta) if delta.is_empty() => println!("no upstream operation changed"),
        Some(delta) => {
            for (verb, names) in [
                ("added", delta.added),
                ("removed", delta.removed),
                ("changed", delta.changed),
            ] {
                if !names.is_empty() {
                    println!(
                        "upstream operations {verb} ({}): {}",
                        names.len(),
                        names.join(", ")
                    );
                }
            }
        }
    }
    Ok(())
}

/// Runs drift (and adoption) for one API; `false` when differences are left unexplained.
fn drift_one(api: &Api, adopt: bool, all: bool) -> Result<bool> {
    let entries = drift::record::load(&api.divergences())?;
    if !api.upstream().exists() {
        bail!(
            "{} has no stored upstream ({}): run `cargo xtask fetch {}` first",
            api.name,
            api.upstream().display(),
            api.name
        );
    }
    let upstream = spec::load_any_value(&api.upstream())?;
    let mut ours = spec::load_any_value(&api.spec())?;
    let mut report = drift::drift(&api.name, &upstream, &ours, &entries);
    if adopt {
        let adopted = drift::adopt::adopt(&report, &upstream, &mut ours);
        if !adopted.items.is_empty() {
            xtask::files::write_atomically(&api.spec(), spec::to_stable_text(&ours))?;
        }
        println!(
            "adopted {} item(s) into {}:",
            adopted.items.len(),
            api.spec().display()
        );
        for item in &adopted.items {
            println!("  + {item}");
        }
        for (item, reason) in &adopted.skipped {
            println!("  ! not adopted: {item}: {reason}");
        }
        report = drift::drift(&api.name, &upstream, &ours, &entries);
    }
    print!("{}", report.render(all));
    Ok(report.counts().3 == 0)
}

fn regen_one(api: &Api, spec_path: PathBuf) -> Result<()> {
    let out = api.generated_file();
    let value = spec::load_any_value(&spec_path)?;
    let generated =
        generate::generate_with(&value, &check::source_name(&spec_path), api.normalization())?;
    xtask::files::write_atomically(&out, &generated.code)?;
    if let Some(mocks) = api.mocks_file() {
        let lines = generate::httpmock::write(api, &spec_path, &mocks)?;
        println!("wrote {}: {lines} lines", mocks.display());
    }
    xtask::provenance::refresh(&spec_path)?;
    print_generated(&out, &generated);
    Ok(())
}

fn regen_standalone(spec_path: &std::path::Path, out: &std::path::Path) -> Result<()> {
    let value = spec::load_any_value(spec_path)?;
    let name = check::source_name(spec_path);
    if out.extension().is_some_and(|e| e == "rs") {
        let generated = generate::generate(&value, &name)?;
        xtask::files::write_atomically(out, &generated.code)?;
        print_generated(out, &generated);
    } else {
        let crate_name = standalone::crate_name(out);
        let generated = standalone::write_crate(&value, &name, &crate_name, out)?;
        print_generated(&out.join("src/generated.rs"), &generated);
        println!("crate `{crate_name}` written to {}", out.display());
    }
    Ok(())
}

fn print_generated(out: &std::path::Path, generated: &generate::Generated) {
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
}
