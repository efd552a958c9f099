//! Mirror GitGuardian's triage onto GitHub's secret scanning alerts of the same leaks.
//!
//! ```text
//! cargo run -p gitguardian-api-ext --example github-sync                  # dry run, stand-ins
//! cargo run -p gitguardian-api-ext --example github-sync -- --apply
//! GITHUB_TOKEN=... GITGUARDIAN_API_KEY=... \
//!   cargo run -p gitguardian-api-ext --example github-sync -- --org acme
//! cargo run -p gitguardian-api-ext --example github-sync -- --help
//! ```
//!
//! With `GITHUB_TOKEN` and `GITGUARDIAN_API_KEY` set it talks to GitHub (or the GitHub
//! Enterprise Server of `--ghes-url`) and your GitGuardian workspace (`GITGUARDIAN_INSTANCE`
//! or `GITGUARDIAN_API_URL` choose another region or a self-hosted instance). With neither,
//! it runs both embedded stand-ins on 127.0.0.1 (`gitguardian-standin`) with made-up alerts
//! and incidents, so the whole flow can be seen on a fresh machine.
//!
//! Exit status: 0 on success, 1 when the sync failed (the reason is printed), 2 for a usage
//! error (nothing is sent).

mod cli;
mod run;

use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let env = |name: &str| std::env::var(name).ok();
    let mut stdout = std::io::stdout().lock();
    let mut stderr = std::io::stderr();
    let code = run::main(args, &env, &mut stdout, &mut stderr).await;
    ExitCode::from(code)
}
