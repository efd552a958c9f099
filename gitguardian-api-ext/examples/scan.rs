//! Scans the files under a directory for secrets, with a progress bar, and prints what it
//! found.
//!
//! ```text
//! GITGUARDIAN_API_KEY=... cargo run -p gitguardian-api-ext --example scan -- DIR
//! ```
//!
//! `GITGUARDIAN_INSTANCE` or `GITGUARDIAN_API_URL` point it at another region or a
//! self-hosted instance. Every request costs one quota unit; the summary says how many were
//! used. Matched values are never printed in full: only their first 4 characters.
//!
//! Exit status: 0 when nothing was found, 1 when policy breaks were found or files could not
//! be scanned, 2 when the scan could not run (usage, configuration, refused key).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use gitguardian_api_ext::scan::{DirectoryScan, ScanOptions};
use gitguardian_api_ext::{types, GitGuardian, ENV_API_KEY};
use indicatif::{ProgressBar, ProgressStyle};

/// Characters of a matched value shown before the mask.
const SHOWN_CHARS: usize = 4;

#[tokio::main]
async fn main() -> ExitCode {
    // Help exits 0, a usage error 2.
    let Arguments { directory } = Arguments::parse();
    if std::env::var_os(ENV_API_KEY).is_none_or(|key| key.is_empty()) {
        eprintln!(
            "{ENV_API_KEY} is not set: this example scans with the real GitGuardian API and \
             needs an API key with the `scan` scope (create one in the dashboard under API > \
             Personal access tokens). Nothing was scanned."
        );
        return ExitCode::from(2);
    }
    let client = match GitGuardian::from_env() {
        Ok(client) => client,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::from(2);
        }
    };

    let bar = ProgressBar::new(0).with_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} files, {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let options = ScanOptions::new().on_progress({
        let bar = bar.clone();
        move |progress| {
            bar.set_length(progress.documents_total as u64);
            bar.set_position(progress.documents_done as u64);
            bar.set_message(format!("{} requests", progress.requests_done));
        }
    });
    let report = match client.scan_directory(&directory, &options).await {
        Ok(report) => report,
        Err(error) => {
            bar.abandon();
            eprintln!("the scan could not run: {error}");
            return ExitCode::from(2);
        }
    };
    bar.finish_and_clear();

    if print_report(&report) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Scans the files under DIR for secrets with the GitGuardian API, and prints what it found.
///
/// Needs GITGUARDIAN_API_KEY, a key with the `scan` scope; GITGUARDIAN_INSTANCE or
/// GITGUARDIAN_API_URL point it at another region or a self-hosted instance.
#[derive(Debug, Parser)]
#[command(name = "scan", verbatim_doc_comment)]
struct Arguments {
    /// The directory to scan
    #[arg(value_name = "DIR")]
    directory: PathBuf,
}

/// Prints findings, errors and a summary; says whether anything needs attention.
fn print_report(report: &DirectoryScan) -> bool {
    let mut breaks = 0;
    let mut files_with_breaks = 0;
    let mut not_scanned = 0;
    for file in &report.files {
        let path = file.path.display();
        match &file.scan.result {
            Ok(result) => {
                if !result.policy_breaks.is_empty() {
                    files_with_breaks += 1;
                }
                for found in &result.policy_breaks {
                    breaks += 1;
                    println!("{path}: {} ({}){}", found.policy, found.type_, lines(found));
                    for part in &found.matches {
                        println!("    {}: {}", part.type_, mask(&part.match_));
                    }
                }
            }
            Err(error) => {
                not_scanned += 1;
                eprintln!("{path}: not scanned: {error}");
            }
        }
    }
    for skipped in &report.skipped {
        eprintln!("{}: skipped: {}", skipped.path.display(), skipped.reason);
    }
    println!(
        "\n{} files sent, {files_with_breaks} with policy breaks ({breaks} in all), \
         {not_scanned} not scanned, {} skipped; {} requests (quota units)",
        report.files.len(),
        report.skipped.len(),
        report.requests
    );
    breaks > 0 || not_scanned > 0
}

/// ` lines 3-5` (or ` line 3`) from the matches' positions; empty for filename policies.
fn lines(found: &types::PolicyBreak) -> String {
    let start = found.matches.iter().filter_map(|m| m.line_start).min();
    let end = found.matches.iter().filter_map(|m| m.line_end).max();
    match (start, end) {
        (Some(a), Some(b)) if a != b => format!(" lines {a}-{b}"),
        (Some(a), _) | (None, Some(a)) => format!(" line {a}"),
        (None, None) => String::new(),
    }
}

/// The first 4 characters of a matched value and a fixed mask (which hides the length too);
/// a value of 4 characters or fewer is masked entirely.
fn mask(value: &str) -> String {
    if value.chars().count() <= SHOWN_CHARS {
        return "****".to_string();
    }
    let shown: String = value.chars().take(SHOWN_CHARS).collect();
    format!("{shown}****")
}
