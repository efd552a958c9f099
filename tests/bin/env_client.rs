//! `env-client`: a client configured from its process environment alone
//! (`ClientBuilder::from_env`, and reqwest's proxy variables), for the tests that need an
//! environment of their own without changing the test process's. It checks the key once and
//! prints the server's answer.
//!
//! ```text
//! env-client [--proxy URL]
//! ```
//!
//! `--proxy` sets the builder's explicit proxy. Exit status: 0 when the key was checked, 1
//! when the client could not be built or the request failed (the reason is printed), 2 for a
//! usage error.

use std::process::ExitCode;

use gitguardian_api_ext::{ClientBuilder, RetryPolicy};

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let mut builder = ClientBuilder::from_env().retry_policy(RetryPolicy::disabled());
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match (arg.as_str(), args.next()) {
            ("--proxy", Some(url)) => builder = builder.proxy(url),
            _ => {
                eprintln!("usage: env-client [--proxy URL]");
                return ExitCode::from(2);
            }
        }
    }
    let client = match builder.build() {
        Ok(client) => client,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    };
    match client.health().await {
        Ok(health) => {
            println!("{}", health.detail);
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
