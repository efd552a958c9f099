//! `gitguardian-standin`: serve a made-up GitGuardian workspace (and, with `--github`, the
//! GitHub secret scanning alerts of the same repositories) on 127.0.0.1 for trying tools by
//! hand.
//!
//! ```text
//! cargo run -p gitguardian-standin -- --port 8080 [--incidents 250 | --demo] [--tls] [--key KEY]
//! cargo run -p gitguardian-standin -- --github [--github-port 8081] [--github-pages]
//! ```

use std::process::ExitCode;

use gitguardian_standin::github::{sync_demo, GitHubPaging, GitHubStandIn, GitHubStandInBuilder};
use gitguardian_standin::{StandIn, StandInBuilder, Workspace};

const USAGE: &str = "\
usage: gitguardian-standin [--port N] [--incidents N | --demo] [--tls] [--key KEY]
                           [--plant SECRET] [--github [--github-port N] [--github-pages]]

Serves a made-up GitGuardian workspace on 127.0.0.1 until interrupted.

  --port N        port to listen on (default: any free port)
  --incidents N   generated incidents (default 100)
  --demo          the demo workspace, pages of 10, wrong-host Link, one 429
  --tls           serve HTTPS; the CA to trust is written to stand-in-ca.pem
  --key KEY       the API key to accept (default: standin-demo-key-not-a-secret)
  --plant SECRET  scans report SECRET as a leak (repeatable)
  --github        also serve GitHub secret scanning alerts of the same repositories (the
                  sync demo: GitGuardian's incidents are then the sync demo's); with --tls
                  its CA is written to github-stand-in-ca.pem
  --github-port N port of the GitHub stand-in (default: any free port)
  --github-pages  page GitHub lists by page number (as Enterprise Server), not cursors
  -h, --help      this help";

/// What the arguments ask to serve.
#[derive(Debug)]
struct Servers {
    gitguardian: StandInBuilder,
    github: Option<GitHubStandInBuilder>,
}

#[tokio::main]
async fn main() -> ExitCode {
    let Servers {
        gitguardian: builder,
        github,
    } = match parse(std::env::args().skip(1)) {
        Ok(Some(servers)) => servers,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("error: {message}\n(--help says more)");
            return ExitCode::from(2);
        }
    };
    let stand_in = match builder.start().await {
        Ok(stand_in) => stand_in,
        Err(error) => {
            eprintln!("error: the stand-in could not start: {error}");
            return ExitCode::FAILURE;
        }
    };
    if let Some(certificates) = stand_in.tls_certificates() {
        if let Err(error) = std::fs::write("stand-in-ca.pem", &certificates.ca_pem) {
            eprintln!("error: could not write stand-in-ca.pem: {error}");
            return ExitCode::FAILURE;
        }
        println!("CA certificate to trust: stand-in-ca.pem");
    }
    println!("GitGuardian stand-in at {}", stand_in.api_url());
    println!("API key: {}", stand_in.api_key());
    let trust = match stand_in.tls_certificates() {
        Some(_) => "--cacert stand-in-ca.pem ",
        None => "",
    };
    println!(
        "try: curl {trust}-H 'Authorization: Token {}' {}/incidents/secrets",
        stand_in.api_key(),
        stand_in.api_url()
    );
    let github = match github {
        Some(github) => match start_github(github).await {
            Ok(github) => Some(github),
            Err(message) => {
                eprintln!("error: {message}");
                return ExitCode::FAILURE;
            }
        },
        None => None,
    };
    let _ = tokio::signal::ctrl_c().await;
    println!("{} requests served", stand_in.counters().requests);
    if let Some(github) = github {
        println!("{} GitHub requests served", github.requests().len());
    }
    ExitCode::SUCCESS
}

/// Starts the GitHub stand-in and says how to reach it; `Err` a sentence for the user.
async fn start_github(builder: GitHubStandInBuilder) -> Result<GitHubStandIn, String> {
    let github = builder
        .start()
        .await
        .map_err(|error| format!("the GitHub stand-in could not start: {error}"))?;
    let trust = match github.tls_certificates() {
        Some(certificates) => {
            std::fs::write("github-stand-in-ca.pem", &certificates.ca_pem)
                .map_err(|error| format!("could not write github-stand-in-ca.pem: {error}"))?;
            println!("GitHub CA certificate to trust: github-stand-in-ca.pem");
            "--cacert github-stand-in-ca.pem "
        }
        None => "",
    };
    println!("GitHub stand-in at {}", github.api_url());
    println!("GitHub token: {}", github.token());
    println!(
        "try: curl {trust}-H 'Authorization: Bearer {}' {}/orgs/acme/secret-scanning/alerts",
        github.token(),
        github.api_url()
    );
    Ok(github)
}

/// The servers the arguments describe; `None` for `--help`, `Err` a sentence for the user.
fn parse(args: impl Iterator<Item = String>) -> Result<Option<Servers>, String> {
    let (mut port, mut incidents, mut demo, mut tls) = (0u16, None, false, false);
    let (mut key, mut planted) = (None, Vec::new());
    let (mut github, mut github_port, mut github_pages) = (false, 0u16, false);
    let mut args = args.peekable();
    while let Some(arg) = args.next() {
        let mut value = |what: &str| args.next().ok_or(format!("{arg} needs {what}"));
        match arg.as_str() {
            "-h" | "--help" => return Ok(None),
            "--port" => port = port_of(&value("a port")?)?,
            "--github" => github = true,
            "--github-port" => github_port = port_of(&value("a port")?)?,
            "--github-pages" => github_pages = true,
            "--incidents" => {
                let text = value("a number")?;
                incidents = Some(
                    text.parse()
                        .map_err(|_| format!("not a number: `{text}`"))?,
                );
            }
            "--demo" => demo = true,
            "--tls" => tls = true,
            "--key" => key = Some(value("a key")?),
            "--plant" => planted.push(value("a secret")?),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    if (github_port != 0 || github_pages) && !github {
        return Err("--github-port and --github-pages need --github".into());
    }
    if github && incidents.is_some() {
        return Err("--github serves the sync demo's incidents: leave out --incidents".into());
    }
    let mut builder = match (demo, incidents) {
        (true, Some(_)) => return Err("choose --demo or --incidents, not both".into()),
        (true, None) => StandIn::demo(),
        (false, n) => StandIn::builder().workspace(Workspace::generated(n.unwrap_or(100))),
    };
    let github = match github {
        true => {
            let (gitguardian, alerts) = sync_demo();
            builder = builder.workspace(gitguardian);
            let paging = match github_pages {
                true => GitHubPaging::PageNumbers,
                false => GitHubPaging::Cursor,
            };
            Some(
                GitHubStandIn::builder()
                    .workspace(alerts)
                    .paging(paging)
                    .port(github_port)
                    .tls(tls),
            )
        }
        false => None,
    };
    builder = builder.port(port).tls(tls);
    if let Some(key) = key {
        builder = builder.api_key(key);
    }
    for secret in planted {
        builder = builder.plant_secret(secret, "Planted Secret");
    }
    Ok(Some(Servers {
        gitguardian: builder,
        github,
    }))
}

fn port_of(text: &str) -> Result<u16, String> {
    text.parse().map_err(|_| format!("not a port: `{text}`"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(args: &[&str]) -> Result<Option<Servers>, String> {
        parse(args.iter().map(|arg| arg.to_string()))
    }

    #[test]
    fn github_options_need_github_and_exclude_generated_incidents() {
        assert!(parsed(&[]).unwrap().unwrap().github.is_none());
        assert!(parsed(&["--github"]).unwrap().unwrap().github.is_some());
        assert!(
            parsed(&["--github", "--demo", "--github-pages", "--github-port", "0"])
                .unwrap()
                .unwrap()
                .github
                .is_some()
        );
        assert!(parsed(&["--github-pages"])
            .unwrap_err()
            .contains("need --github"));
        assert!(parsed(&["--github", "--incidents", "5"])
            .unwrap_err()
            .contains("--incidents"));
        assert!(parsed(&["--github-port", "x", "--github"])
            .unwrap_err()
            .contains("not a port"));
        assert!(parsed(&["--help"]).unwrap().is_none());
    }
}
