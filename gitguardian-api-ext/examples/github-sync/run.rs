//! One run of the `github-sync` example: pick the services (real ones with both keys, the
//! embedded stand-ins with neither), plan, print, and apply on request.

use std::io::Write;

use gitguardian_api_ext::github::sync::{Progress, Scope};
use gitguardian_api_ext::github::GitHub;
use gitguardian_api_ext::{ClientBuilder, RetryEvent, RetryPolicy, ENV_API_KEY};
use gitguardian_standin::github::{sync_demo, GitHubStandIn};
use gitguardian_standin::StandIn;

use super::cli::{self, Command, Options};

/// The variable holding the GitHub token.
pub const ENV_GITHUB_TOKEN: &str = "GITHUB_TOKEN";

/// Exit statuses.
const OK: u8 = 0;
const FAILED: u8 = 1;
const USAGE_ERROR: u8 = 2;

/// Runs the example with these arguments and environment, writing the tables to `out` and
/// notes and errors to `err`; returns the exit status.
pub async fn main(
    args: Vec<String>,
    env: &dyn Fn(&str) -> Option<String>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    main_with(args, env, RetryPolicy::standard(), out, err).await
}

/// [`main`] with a retry policy (tests shorten the waits).
pub async fn main_with(
    args: Vec<String>,
    env: &dyn Fn(&str) -> Option<String>,
    retry: RetryPolicy,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let options = match cli::parse(args) {
        Ok(Command::Help(text)) => {
            let _ = write!(out, "{text}");
            return OK;
        }
        Ok(Command::Run(options)) => options,
        Err(message) => {
            let _ = write!(err, "{message}");
            return USAGE_ERROR;
        }
    };
    let set = |name: &str| env(name).is_some_and(|v| !v.trim().is_empty());
    let services = match (set(ENV_GITHUB_TOKEN), set(ENV_API_KEY)) {
        (true, true) => Services::Real,
        (false, false) => Services::StandIns,
        (github, _) => {
            let (present, missing) = if github {
                (ENV_GITHUB_TOKEN, ENV_API_KEY)
            } else {
                (ENV_API_KEY, ENV_GITHUB_TOKEN)
            };
            return usage_error(
                err,
                &format!(
                    "{present} is set but {missing} is not: set both to use the real \
                     services, or neither to use the embedded stand-ins"
                ),
            );
        }
    };
    if services == Services::StandIns && options.ghes_url.is_some() {
        return usage_error(err, "--ghes-url needs GITHUB_TOKEN and GITGUARDIAN_API_KEY");
    }
    if services == Services::Real && options.scope.is_none() {
        return usage_error(err, "choose what to sync: --repo, --org or --enterprise");
    }
    match run(&options, services, env, retry, out).await {
        Ok(()) => OK,
        Err(message) => {
            let _ = out.flush();
            let _ = writeln!(err, "error: {message}");
            FAILED
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Services {
    Real,
    StandIns,
}

fn usage_error(err: &mut dyn Write, message: &str) -> u8 {
    let _ = write!(err, "{}", cli::refusal(message));
    USAGE_ERROR
}

/// The stand-ins, kept alive for the run.
struct StandIns {
    github: GitHubStandIn,
    _gitguardian: StandIn,
}

async fn run(
    options: &Options,
    services: Services,
    env: &dyn Fn(&str) -> Option<String>,
    retry: RetryPolicy,
    out: &mut dyn Write,
) -> Result<(), String> {
    let (github, gitguardian, scope, stand_ins) = match services {
        Services::StandIns => {
            let (gitguardian_workspace, github_workspace) = sync_demo();
            let default_scope =
                Scope::enterprise(&github_workspace.enterprise).map_err(|e| e.to_string())?;
            let github_stand_in = GitHubStandIn::builder()
                .workspace(github_workspace)
                .start()
                .await
                .map_err(|e| format!("the GitHub stand-in could not start: {e}"))?;
            let gitguardian_stand_in = StandIn::builder()
                .workspace(gitguardian_workspace)
                .start()
                .await
                .map_err(|e| format!("the GitGuardian stand-in could not start: {e}"))?;
            writeln!(
                out,
                "No {ENV_GITHUB_TOKEN} or {ENV_API_KEY} set: using embedded stand-ins of GitHub \
                 at {} and GitGuardian at {} (made-up alerts and incidents, nothing leaves \
                 this machine). Set both to use the real services.",
                github_stand_in.api_url(),
                gitguardian_stand_in.api_url()
            )
            .map_err(|e| e.to_string())?;
            let github = with_retries(
                GitHub::builder()
                    .token(github_stand_in.token())
                    .base_url(github_stand_in.api_url()),
                &retry,
            )
            .build()
            .map_err(|e| e.to_string())?;
            let gitguardian = ClientBuilder::new()
                .api_key(gitguardian_stand_in.api_key())
                .api_url(gitguardian_stand_in.api_url())
                .retry_policy(retry.clone())
                .on_retry(note)
                .build()
                .map_err(|e| e.to_string())?;
            let scope = options.scope.clone().unwrap_or(default_scope);
            let stand_ins = StandIns {
                github: github_stand_in,
                _gitguardian: gitguardian_stand_in,
            };
            (github, gitguardian, scope, Some(stand_ins))
        }
        Services::Real => {
            let token = env(ENV_GITHUB_TOKEN).unwrap_or_default();
            let builder = GitHub::builder().token(token);
            let builder = match &options.ghes_url {
                Some(url) => builder.base_url(url.as_str()),
                None => builder,
            };
            let github = with_retries(builder, &retry)
                .build()
                .map_err(|e| e.to_string())?;
            let gitguardian = ClientBuilder::from_env()
                .user_agent_suffix("github-sync-example")
                .retry_policy(retry.clone())
                .on_retry(note)
                .build()
                .map_err(|e| e.to_string())?;
            let scope = options.scope.clone().ok_or("no scope")?;
            (github, gitguardian, scope, None)
        }
    };

    let mut sync = github.sync(&gitguardian);
    if let Some(n) = options.concurrency {
        sync = sync.concurrency(n);
    }
    let (bar, hook) = progress_bar();
    let plan = sync.clone().on_progress(hook).plan(&scope).await;
    bar.finish_and_clear();
    let plan = plan.map_err(|e| e.to_string())?;
    let summary = plan.summary();
    let write =
        |out: &mut dyn Write, text: String| write!(out, "{text}").map_err(|e| e.to_string());
    write(
        out,
        format!(
            "\nOpen GitHub alerts of the {scope}, with the GitGuardian incidents at their \
             locations ({}):\n\n",
            if options.apply {
                "applying the plan"
            } else {
                "dry run; --apply resolves them"
            }
        ),
    )?;
    write(out, plan.table().to_string())?;
    write(
        out,
        format!(
            "\n{} matched, {} {}, {} without a match, {} conflicting.\n{summary}\n",
            summary.matched,
            summary.changes,
            if options.apply {
                "to change"
            } else {
                "would change"
            },
            summary.unmatched,
            summary.conflicts,
        ),
    )?;
    if !options.apply {
        return Ok(());
    }
    let (bar, hook) = progress_bar();
    let report = sync.on_progress(hook).apply(plan).await;
    bar.finish_and_clear();
    let applied = report.summary();
    write(out, format!("\n{}", report.table()))?;
    write(out, format!("\n{applied}\n"))?;
    if let Some(stand_ins) = &stand_ins {
        // What the GitHub stand-in itself recorded, to compare with the table.
        let patches = stand_ins
            .github
            .requests()
            .iter()
            .filter(|r| r.method == "PATCH" && r.status == 200)
            .count();
        write(out, format!("stand-in: github patches={patches}\n"))?;
    }
    if applied.failed > 0 {
        return Err(format!(
            "{} of {} changes failed (see the table)",
            applied.failed,
            report.alerts.len()
        ));
    }
    Ok(())
}

/// The GitHub client's retry policy, with a note on stderr for each wait.
fn with_retries(
    builder: gitguardian_api_ext::github::GitHubBuilder,
    retry: &RetryPolicy,
) -> gitguardian_api_ext::github::GitHubBuilder {
    builder.retry_policy(retry.clone()).on_retry(note)
}

/// A note when a request waits before a retry (a rate limit, mostly).
fn note(event: &RetryEvent) {
    eprintln!("note: {event}");
}

/// A bar on stderr through a sync's steps (alerts' locations, occurrences, incidents, then the
/// PATCHes), drawn only when stderr is a terminal; cleared before the table is printed.
fn progress_bar() -> (indicatif::ProgressBar, impl Fn(Progress) + Send + Sync) {
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{msg:>11} {bar:40} {pos}/{len} {elapsed}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let shown = bar.clone();
    let hook = move |step: Progress| {
        let (what, done, total) = match step {
            Progress::Locations { done, total } => ("locations", done, total),
            Progress::Occurrences { done, total } => ("occurrences", done, total),
            Progress::Incidents { done, total } => ("incidents", done, total),
            Progress::Applied { done, total } => ("patched", done, total),
            _ => return,
        };
        shown.set_message(what);
        shown.set_length(total as u64);
        shown.set_position(done as u64);
    };
    (bar, hook)
}
