//! The command line of the `github-sync` example: what it asks for, checked before any
//! request is sent.

use clap::builder::RangedU64ValueParser;
use clap::error::ErrorKind;
use clap::{CommandFactory, Parser};
use gitguardian_api_ext::github::sync::Scope;

/// What the command line asks for.
#[derive(Debug, PartialEq, Eq)]
pub enum Command {
    /// `-h` or `--help`: the text to print.
    Help(String),
    Run(Options),
}

/// A checked command line.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// `None`: the stand-ins' enterprise (an error with real services).
    pub scope: Option<Scope>,
    /// A GitHub Enterprise Server: its API root, `https://HOST/api/v3`.
    pub ghes_url: Option<String>,
    pub apply: bool,
    pub concurrency: Option<usize>,
}

/// Mirrors GitGuardian's triage onto the open GitHub secret scanning alerts of the same leaks.
///
/// For each open alert it finds the GitGuardian incident at the alert's commit locations
/// (commit SHA + path) and proposes to resolve the alert the way the incident was closed:
///   resolved, secret revoked     -> revoked
///   ignored as false_positive    -> false_positive
///   ignored as test_credential   -> used_in_tests
///   ignored otherwise            -> wont_fix
/// Untriaged incidents, incidents resolved without revoking the secret, and alerts whose
/// incidents disagree are left alone. Prints a table of what matched, what would change and
/// what has no match. Dry run unless --apply is given.
///
/// With real services, --repo, --org or --enterprise says what to sync; the stand-ins
/// default to their enterprise. Without --ghes-url, GitHub is https://api.github.com.
#[derive(Debug, Parser)]
#[command(name = "github-sync", verbatim_doc_comment, after_help = ENVIRONMENT)]
struct Arguments {
    /// The open alerts of one repository
    #[arg(long, value_name = "OWNER/NAME", group = "scope", value_parser = repository)]
    repo: Option<Scope>,
    /// The open alerts of an organization's repositories
    #[arg(long, value_name = "ORG", group = "scope", value_parser = organization)]
    org: Option<Scope>,
    /// The open alerts of an enterprise's repositories
    #[arg(long, value_name = "SLUG", group = "scope", value_parser = enterprise)]
    enterprise: Option<Scope>,
    /// A GitHub Enterprise Server: https://HOST or its API root, https://HOST/api/v3
    #[arg(long, value_name = "URL", value_parser = ghes_api_root)]
    ghes_url: Option<String>,
    /// Resolve the alerts: one PATCH each, with a comment linking the incident
    #[arg(long)]
    apply: bool,
    /// Requests in flight at once, 1 to 16 (default 4)
    #[arg(long, value_name = "N", value_parser = RangedU64ValueParser::<usize>::new().range(1..=16))]
    concurrency: Option<usize>,
}

const ENVIRONMENT: &str = "\
Environment: GITHUB_TOKEN and GITGUARDIAN_API_KEY (with neither, embedded stand-ins of both
APIs are used on 127.0.0.1); GITGUARDIAN_INSTANCE (dashboard URL) or GITGUARDIAN_API_URL
for another GitGuardian region or a self-hosted instance; GITGUARDIAN_CA_BUNDLE, HTTPS_PROXY.";

/// Reads the arguments (without the program's name); `Err` is the whole message for the user,
/// `error: ...` and the usage line included.
pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Command, String> {
    let program = std::iter::once("github-sync".to_string());
    match Arguments::try_parse_from(program.chain(args)) {
        Ok(arguments) => Ok(Command::Run(Options {
            scope: arguments.repo.or(arguments.org).or(arguments.enterprise),
            ghes_url: arguments.ghes_url,
            apply: arguments.apply,
            concurrency: arguments.concurrency,
        })),
        Err(error) if error.kind() == ErrorKind::DisplayHelp => {
            Ok(Command::Help(error.render().to_string()))
        }
        Err(error) => Err(error.render().to_string()),
    }
}

/// A usage error found after parsing (it depends on the environment), worded and laid out as
/// the parser's own.
pub fn refusal(message: &str) -> String {
    Arguments::command()
        .error(ErrorKind::ArgumentConflict, message)
        .render()
        .to_string()
}

fn repository(text: &str) -> Result<Scope, String> {
    Scope::repository(text).map_err(|e| short(&e))
}

fn organization(text: &str) -> Result<Scope, String> {
    Scope::organization(text).map_err(|e| short(&e))
}

fn enterprise(text: &str) -> Result<Scope, String> {
    Scope::enterprise(text).map_err(|e| short(&e))
}

/// The API root of a GHES host given as `HOST`, `https://HOST` or `https://HOST/api/v3`.
fn ghes_api_root(text: &str) -> Result<String, String> {
    let text = text.trim().trim_end_matches('/');
    let with_scheme = if text.contains("://") {
        text.to_string()
    } else {
        format!("https://{text}")
    };
    let url =
        reqwest::Url::parse(&with_scheme).map_err(|e| format!("`{text}` is not a URL ({e})"))?;
    if url.scheme() != "https" {
        return Err(format!("`{text}` must use https"));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(format!("`{text}` has no host"));
    }
    match url.path().trim_end_matches('/') {
        "" => Ok(format!("{}/api/v3", url.as_str().trim_end_matches('/'))),
        "/api/v3" => Ok(url.as_str().trim_end_matches('/').to_string()),
        other => Err(format!(
            "expected https://HOST or https://HOST/api/v3, not a path `{other}`"
        )),
    }
}

/// The crate's message for a refused argument, without its "nothing was sent" tail.
fn short(error: &gitguardian_api_ext::Error) -> String {
    match error {
        gitguardian_api_ext::Error::InvalidInput(message) => message.clone(),
        other => other.to_string(),
    }
}
