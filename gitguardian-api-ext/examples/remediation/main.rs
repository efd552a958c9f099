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

mod flow;

use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

use gitguardian_api_ext::{
    types, ClientBuilder, GitGuardian, RetryEvent, ENV_API_KEY, ENV_API_URL, ENV_INSTANCE,
};

use crate::flow::{Close, Options};
use gitguardian_standin::StandIn;

const USAGE: &str = "\
usage: remediation [--apply [CHOICE] [--assignee EMAIL] [CLOSE] [--concurrency N]]
                   [--requests-per-minute N] [--per-page N] [--stand-in]

Checks the API key, then lists the TRIGGERED incidents of the workspace, newest first:
one line per incident with its id, severity, detector, occurrences and date.
Read-only unless --apply is given.

  --apply                  assign and share incidents (the cheat sheet's steps 2 and 3)
    CHOICE: --first N      the N newest TRIGGERED incidents (default 3)
            --incident ID  this incident (repeat for more)
    --assignee EMAIL       assign to this member (default: the first active member)
    CLOSE:  --resolve      also resolve them; add --revoked if the secret was rotated
            --ignore-reason REASON
                           also ignore them: test_credential, false_positive, low_risk
                           or invalid
    --concurrency N        incidents worked on at once, 1 to 32 (default 1); a progress
                           bar shows on stderr when more than one incident is acted on
  --requests-per-minute N  keep the client under this budget (also
                           GITGUARDIAN_REQUESTS_PER_MINUTE), e.g. 200 on Business
  --per-page N             incidents asked per page, 1 to 100 (default 100)
  --stand-in               use the embedded stand-in even if GITGUARDIAN_API_KEY is set
  -h, --help               this help

Environment: GITGUARDIAN_API_KEY (without it, an embedded stand-in is used),
GITGUARDIAN_INSTANCE (dashboard URL) or GITGUARDIAN_API_URL for another region or a
self-hosted instance, GITGUARDIAN_CA_BUNDLE (PEM file) for an instance behind a private CA,
GITGUARDIAN_API_TIMEOUT (seconds), HTTPS_PROXY and NO_PROXY.";

/// What the command line asks for.
enum Command {
    Help,
    Run {
        options: Options,
        stand_in: bool,
        requests_per_minute: Option<u32>,
    },
}

#[tokio::main]
async fn main() -> ExitCode {
    let (options, force_stand_in, requests_per_minute) = match parse(std::env::args().skip(1)) {
        Ok(Command::Help) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Ok(Command::Run {
            mut options,
            stand_in,
            requests_per_minute,
        }) => {
            options.progress = progress_bar();
            (options, stand_in, requests_per_minute)
        }
        Err(message) => {
            let synopsis = USAGE.lines().next().unwrap_or_default();
            eprintln!("error: {message}\n{synopsis}\n(--help says more)");
            return ExitCode::from(2);
        }
    };

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

/// Reads the arguments; `Err` is a sentence for the user.
fn parse(args: impl Iterator<Item = String>) -> Result<Command, String> {
    let mut options = Options::default();
    let (mut stand_in, mut resolve, mut revoked) = (false, false, false);
    let mut requests_per_minute = None;
    let mut ignore_reason: Option<types::IncidentIgnoreReason> = None;
    let mut apply_only: Vec<String> = Vec::new();
    let mut args = args.peekable();
    while let Some(arg) = args.next() {
        // `--name=value` and `--name value` are both accepted.
        let (name, inline) = match arg.split_once('=') {
            Some((name, value)) if name.starts_with("--") => (name.to_string(), Some(value)),
            _ => (arg.clone(), None),
        };
        let mut value = |what: &str| -> Result<String, String> {
            match inline {
                Some(value) => Ok(value.to_string()),
                None => args.next().ok_or(format!("{name} needs {what}")),
            }
        };
        match name.as_str() {
            "-h" | "--help" => return Ok(Command::Help),
            "--apply" => options.apply = true,
            "--stand-in" => stand_in = true,
            "--per-page" => {
                options.per_page = value("a number")?
                    .parse()
                    .ok()
                    .filter(|n| (1..=100).contains(n))
                    .ok_or("--per-page takes a number from 1 to 100")?;
            }
            "--concurrency" => {
                options.concurrency = value("a number")?
                    .parse()
                    .ok()
                    .filter(|n| (1..=32).contains(n))
                    .ok_or("--concurrency takes a number from 1 to 32")?;
                apply_only.push(name);
            }
            "--requests-per-minute" => {
                requests_per_minute =
                    Some(
                        value("a number")?.parse().ok().filter(|n| *n >= 1).ok_or(
                            "--requests-per-minute takes a number of requests, at least 1",
                        )?,
                    );
            }
            "--first" => {
                options.first = value("a number")?
                    .parse()
                    .ok()
                    .filter(|n| *n >= 1)
                    .ok_or("--first takes a number of incidents, at least 1")?;
                apply_only.push(name);
            }
            "--incident" => {
                let id = value("an incident id")?;
                let id = id
                    .parse::<i64>()
                    .ok()
                    .filter(|id| *id > 0)
                    .ok_or(format!("--incident takes an incident id, not `{id}`"))?;
                options.incidents.push(id);
                apply_only.push(name);
            }
            "--assignee" => {
                let email = value("an email")?;
                if !email.contains('@') {
                    return Err(format!("--assignee takes a member's email, not `{email}`"));
                }
                options.assignee = Some(email);
                apply_only.push(name);
            }
            "--resolve" => {
                resolve = true;
                apply_only.push(name);
            }
            "--revoked" => {
                revoked = true;
                apply_only.push(name);
            }
            "--ignore-reason" => {
                let reason = value("a reason")?;
                match reason.parse::<types::IncidentIgnoreReason>() {
                    Ok(types::IncidentIgnoreReason::Unrecognized(_)) | Err(_) => {
                        return Err(format!(
                            "--ignore-reason takes test_credential, false_positive, low_risk \
                             or invalid, not `{reason}`"
                        ))
                    }
                    Ok(reason) => ignore_reason = Some(reason),
                }
                apply_only.push(name);
            }
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    if let Some(flag) = apply_only.first().filter(|_| !options.apply) {
        return Err(format!("{flag} changes incidents: it needs --apply"));
    }
    if revoked && !resolve {
        return Err("--revoked goes with --resolve".to_string());
    }
    options.close = match (resolve, ignore_reason) {
        (true, Some(_)) => return Err("choose --resolve or --ignore-reason, not both".into()),
        (true, None) => Some(Close::Resolve {
            secret_revoked: revoked,
        }),
        (false, Some(reason)) => Some(Close::Ignore(reason)),
        (false, None) => None,
    };
    if !options.incidents.is_empty() && apply_only.iter().any(|flag| flag == "--first") {
        return Err("choose --first or --incident, not both".to_string());
    }
    Ok(Command::Run {
        options,
        stand_in,
        requests_per_minute,
    })
}
