//! The command line of the `github-sync` example: what it asks for, checked before any
//! request is sent.

use gitguardian_api_ext::github::sync::Scope;

pub const USAGE: &str = "\
usage: github-sync [--repo OWNER/NAME | --org ORG | --enterprise SLUG] [--ghes-url URL]
                   [--apply] [--concurrency N]

Mirrors GitGuardian's triage onto the open GitHub secret scanning alerts of the same leaks:
for each open alert it finds the GitGuardian incident at the alert's commit locations
(commit SHA + path) and proposes to resolve the alert the way the incident was closed:
  resolved, secret revoked     -> revoked
  ignored as false_positive    -> false_positive
  ignored as test_credential   -> used_in_tests
  ignored otherwise            -> wont_fix
Untriaged incidents, incidents resolved without revoking the secret, and alerts whose
incidents disagree are left alone. Prints a table of what matched, what would change and
what has no match. Dry run unless --apply is given.

  --repo OWNER/NAME     the open alerts of one repository
  --org ORG             the open alerts of an organization's repositories
  --enterprise SLUG     the open alerts of an enterprise's repositories
                        (one of the three is needed with real services; the stand-ins
                        default to their enterprise)
  --ghes-url URL        a GitHub Enterprise Server: https://HOST or its API root
                        https://HOST/api/v3 (default https://api.github.com)
  --apply               resolve the alerts (one PATCH each, with a comment linking the
                        GitGuardian incident)
  --concurrency N       requests in flight at once, 1 to 16 (default 4)
  -h, --help            this help

Environment: GITHUB_TOKEN and GITGUARDIAN_API_KEY (with neither, embedded stand-ins of both
APIs are used on 127.0.0.1); GITGUARDIAN_INSTANCE (dashboard URL) or GITGUARDIAN_API_URL
for another GitGuardian region or a self-hosted instance; GITGUARDIAN_CA_BUNDLE, HTTPS_PROXY.";

/// What the command line asks for.
#[derive(Debug, PartialEq, Eq)]
pub enum Command {
    Help,
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

/// Reads the arguments; `Err` is a sentence for the user.
pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Command, String> {
    let mut options = Options::default();
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        // `--name=value` and `--name value` are both accepted.
        let (name, inline) = match arg.split_once('=') {
            Some((name, value)) if name.starts_with("--") => (name.to_string(), Some(value)),
            _ => (arg.clone(), None),
        };
        let mut value = |what: &str| -> Result<String, String> {
            match inline {
                Some(value) => Ok(value.to_string()),
                None => args
                    .next()
                    .filter(|v| !v.starts_with("--"))
                    .ok_or(format!("{name} needs {what}")),
            }
        };
        let scope = match name.as_str() {
            "-h" | "--help" => return Ok(Command::Help),
            "--apply" => {
                options.apply = true;
                None
            }
            "--repo" => Some(Scope::repository(&value("OWNER/NAME")?)),
            "--org" => Some(Scope::organization(&value("an organization login")?)),
            "--enterprise" => Some(Scope::enterprise(&value("an enterprise slug")?)),
            "--ghes-url" => {
                options.ghes_url = Some(ghes_api_root(&value("a URL")?)?);
                None
            }
            "--concurrency" => {
                options.concurrency = Some(
                    value("a number")?
                        .parse()
                        .ok()
                        .filter(|n| (1..=16).contains(n))
                        .ok_or("--concurrency takes a number from 1 to 16")?,
                );
                None
            }
            other => return Err(format!("unknown argument `{other}`")),
        };
        if let Some(scope) = scope {
            let scope = scope.map_err(|e| format!("{name}: {}", short(&e)))?;
            if options.scope.is_some() {
                return Err("choose one of --repo, --org and --enterprise".into());
            }
            options.scope = Some(scope);
        }
    }
    Ok(Command::Run(options))
}

/// The API root of a GHES host given as `HOST`, `https://HOST` or `https://HOST/api/v3`.
fn ghes_api_root(text: &str) -> Result<String, String> {
    let text = text.trim().trim_end_matches('/');
    let with_scheme = if text.contains("://") {
        text.to_string()
    } else {
        format!("https://{text}")
    };
    let url = reqwest::Url::parse(&with_scheme)
        .map_err(|e| format!("--ghes-url: `{text}` is not a URL ({e})"))?;
    if url.scheme() != "https" {
        return Err(format!("--ghes-url: `{text}` must use https"));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(format!("--ghes-url: `{text}` has no host"));
    }
    match url.path().trim_end_matches('/') {
        "" => Ok(format!("{}/api/v3", url.as_str().trim_end_matches('/'))),
        "/api/v3" => Ok(url.as_str().trim_end_matches('/').to_string()),
        other => Err(format!(
            "--ghes-url: expected https://HOST or https://HOST/api/v3, not a path `{other}`"
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
