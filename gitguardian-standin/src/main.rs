//! `gitguardian-standin`: serve a made-up GitGuardian workspace on 127.0.0.1 for trying tools
//! by hand.
//!
//! ```text
//! cargo run -p gitguardian-standin -- --port 8080 [--incidents 250 | --demo] [--tls] [--key KEY]
//! ```

use std::process::ExitCode;

use gitguardian_standin::{StandIn, StandInBuilder, Workspace};

const USAGE: &str = "\
usage: gitguardian-standin [--port N] [--incidents N | --demo] [--tls] [--key KEY]
                           [--plant SECRET]

Serves a made-up GitGuardian workspace on 127.0.0.1 until interrupted.

  --port N        port to listen on (default: any free port)
  --incidents N   generated incidents (default 100)
  --demo          the demo workspace, pages of 10, wrong-host Link, one 429
  --tls           serve HTTPS; the CA to trust is written to stand-in-ca.pem
  --key KEY       the API key to accept (default: standin-demo-key-not-a-secret)
  --plant SECRET  scans report SECRET as a leak (repeatable)
  -h, --help      this help";

#[tokio::main]
async fn main() -> ExitCode {
    let builder = match parse(std::env::args().skip(1)) {
        Ok(Some(builder)) => builder,
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
    let _ = tokio::signal::ctrl_c().await;
    println!("{} requests served", stand_in.counters().requests);
    ExitCode::SUCCESS
}

/// The builder the arguments describe; `None` for `--help`, `Err` a sentence for the user.
fn parse(args: impl Iterator<Item = String>) -> Result<Option<StandInBuilder>, String> {
    let (mut port, mut incidents, mut demo, mut tls) = (0u16, None, false, false);
    let (mut key, mut planted) = (None, Vec::new());
    let mut args = args.peekable();
    while let Some(arg) = args.next() {
        let mut value = |what: &str| args.next().ok_or(format!("{arg} needs {what}"));
        match arg.as_str() {
            "-h" | "--help" => return Ok(None),
            "--port" => {
                let text = value("a port")?;
                port = text.parse().map_err(|_| format!("not a port: `{text}`"))?;
            }
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
    let mut builder = match (demo, incidents) {
        (true, Some(_)) => return Err("choose --demo or --incidents, not both".into()),
        (true, None) => StandIn::demo(),
        (false, n) => StandIn::builder().workspace(Workspace::generated(n.unwrap_or(100))),
    };
    builder = builder.port(port).tls(tls);
    if let Some(key) = key {
        builder = builder.api_key(key);
    }
    for secret in planted {
        builder = builder.plant_secret(secret, "Planted Secret");
    }
    Ok(Some(builder))
}
