//! The remediation workflow of the GitGuardian API cheat sheet: check the key, list the
//! `TRIGGERED` incidents, and on request assign, share and close some of them.
//!
//! ```text
//! cargo run -p gitguardian-api-ext --example remediation                 # read-only
//! cargo run -p gitguardian-api-ext --example remediation -- --apply --resolve --revoked
//! cargo run -p gitguardian-api-ext --example remediation -- --help
//! ```
//!
//! With `GITGUARDIAN_API_KEY` set it talks to your workspace (`GITGUARDIAN_INSTANCE` or
//! `GITGUARDIAN_API_URL` choose another region or a self-hosted instance). Without it, it runs
//! against an embedded stand-in serving made-up incidents on 127.0.0.1 (`gitguardian-standin`),
//! so the whole flow can be seen on a fresh machine.
//!
//! Exit status: 0 on success, 1 when the workflow failed (the reason is printed), 2 for a
//! usage error.

mod cli;
mod flow;

use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use gitguardian_api_ext::{
    ClientBuilder, GitGuardian, RetryEvent, ENV_API_KEY, ENV_API_URL, ENV_INSTANCE,
};

use crate::cli::Arguments;
use gitguardian_standin::StandIn;

#[tokio::main]
async fn main() -> ExitCode {
    // Help exits 0, a usage error 2, before anything is sent.
    let arguments = Arguments::parse();
    let mut options = arguments.options();
    options.progress = progress_bar();
    let (force_stand_in, requests_per_minute) = (arguments.stand_in, arguments.requests_per_minute);

    // The stand-in lives as long as `_stand_in`: to the end of `main`.
    let (client, _stand_in) = if force_stand_in || !configured() {
        let stand_in = match StandIn::demo().start().await {
            Ok(stand_in) => stand_in,
            Err(error) => {
                eprintln!("error: the embedded stand-in could not start: {error}");
                return ExitCode::FAILURE;
            }
        };
        println!(
            "No {ENV_API_KEY} set: using an embedded GitGuardian stand-in at {} (made-up \
             incidents, nothing leaves this machine). Set {ENV_API_KEY} to use your workspace.",
            stand_in.api_url()
        );
        (
            with_settings(
                ClientBuilder::new()
                    .api_key(stand_in.api_key())
                    .api_url(stand_in.api_url()),
                requests_per_minute,
            )
            .build(),
            Some(stand_in),
        )
    } else {
        (
            with_settings(ClientBuilder::from_env(), requests_per_minute).build(),
            None,
        )
    };
    let client: GitGuardian = match client {
        Ok(client) => client,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    };

    let mut stdout = std::io::stdout().lock();
    match flow::run(&client, &options, &mut stdout).await {
        Ok(_) => ExitCode::SUCCESS,
        Err(error) => {
            let _ = stdout.flush();
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Whether the environment names a workspace: a key, or an instance to use with one.
fn configured() -> bool {
    [ENV_API_KEY, ENV_INSTANCE, ENV_API_URL]
        .iter()
        .any(|name| std::env::var_os(name).is_some_and(|value| !value.is_empty()))
}

/// A progress bar on stderr for `--apply` on more than one incident.
fn progress_bar() -> flow::Progress {
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} incidents {elapsed}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    flow::Progress::new(move |done, total| {
        if total > 1 {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
            if done == total {
                bar.finish();
            }
        }
    })
}

/// The command line's client settings, and a note when a request waits before a retry (a
/// `429`, mostly).
fn with_settings(builder: ClientBuilder, requests_per_minute: Option<u32>) -> ClientBuilder {
    let builder = match requests_per_minute {
        Some(budget) => builder.requests_per_minute(budget),
        None => builder,
    };
    builder
        .user_agent_suffix("remediation-example")
        .on_retry(|event: &RetryEvent| {
            eprintln!(
                "note: {}: {}, waiting {} before trying again",
                event.operation,
                event.cause,
                seconds(event.wait)
            );
        })
}

fn seconds(wait: Duration) -> String {
    if wait.subsec_millis() == 0 {
        format!("{} s", wait.as_secs())
    } else {
        format!("{:.1} s", wait.as_secs_f64())
    }
}
