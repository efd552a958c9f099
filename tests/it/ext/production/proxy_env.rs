//! `HTTPS_PROXY` and `NO_PROXY` as reqwest reads them, tested in a child process (`env-client`,
//! a client built with `ClientBuilder::from_env`) so that the test process's environment is
//! never changed. The child reaches the demo stand-in served over TLS with a throwaway CA
//! (`GITGUARDIAN_CA_BUNDLE`), through the recording `CONNECT` proxy or around it.

use std::process::{Command, Output};

use gitguardian_standin::StandIn;

use super::ConnectProxy;

/// The stand-in over TLS, and its CA written to a PEM file for `GITGUARDIAN_CA_BUNDLE`.
struct Target {
    stand_in: StandIn,
    _dir: tempfile::TempDir,
    bundle: String,
}

async fn target() -> Target {
    let stand_in = StandIn::demo()
        .tls(true)
        .start()
        .await
        .expect("TLS stand-in starts");
    let dir = tempfile::tempdir().unwrap();
    let bundle = dir.path().join("stand-in-ca.pem");
    let ca = &stand_in.tls_certificates().expect("served over TLS").ca_pem;
    std::fs::write(&bundle, ca).unwrap();
    Target {
        stand_in,
        bundle: bundle.display().to_string(),
        _dir: dir,
    }
}

/// Runs `env-client` with `args` and only the environment given (none of the test process's:
/// a proxy set where the tests run must not change what is tested), while the servers keep
/// serving on this runtime.
async fn env_client(target: &Target, env: &[(&str, &str)], args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_env-client"));
    command
        .args(args)
        .env_clear()
        .env("GITGUARDIAN_API_KEY", target.stand_in.api_key())
        .env("GITGUARDIAN_API_URL", target.stand_in.api_url())
        .env("GITGUARDIAN_CA_BUNDLE", &target.bundle)
        .envs(env.iter().copied());
    tokio::task::spawn_blocking(move || command.output().expect("env-client runs"))
        .await
        .unwrap()
}

/// The stand-in's `host:port`, as a `CONNECT` names it.
fn authority(target: &Target) -> String {
    target
        .stand_in
        .origin()
        .trim_start_matches("https://")
        .to_string()
}

fn checked(output: &Output) {
    let (stdout, stderr) = (
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr),
    );
    assert!(
        output.status.success(),
        "stdout: {stdout}\nstderr: {stderr}"
    );
    assert_eq!(stdout.trim(), "Valid API key.", "stderr: {stderr}");
}

fn key_passed(proxy: &ConnectProxy, key: &str) -> bool {
    let through = proxy.client_bytes.lock().unwrap().clone();
    through.windows(key.len()).any(|w| w == key.as_bytes())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn https_proxy_from_the_environment_tunnels_even_to_loopback_and_never_sees_the_key() {
    let target = target().await;
    let proxy = ConnectProxy::start().await;
    let output = env_client(&target, &[("HTTPS_PROXY", &proxy.url)], &[]).await;

    checked(&output);
    // reqwest has no loopback exception: 127.0.0.1 goes through the proxy unless NO_PROXY
    // names it.
    let connects = proxy.connects.lock().unwrap().clone();
    assert_eq!(
        connects,
        [format!("CONNECT {} HTTP/1.1", authority(&target))]
    );
    let through = proxy.client_bytes.lock().unwrap().len();
    assert!(through > 200, "the TLS session went through the proxy");
    assert!(
        !key_passed(&proxy, target.stand_in.api_key()),
        "the API key passed the proxy in the clear"
    );
    let requests = target.stand_in.requests();
    assert_eq!(requests.len(), 1, "{requests:?}");
    assert_eq!(
        (requests[0].path.as_str(), requests[0].status),
        ("/v1/health", 200)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_proxy_naming_the_host_goes_around_the_proxy() {
    let target = target().await;
    let proxy = ConnectProxy::start().await;
    let env = [
        ("HTTPS_PROXY", proxy.url.as_str()),
        ("NO_PROXY", "127.0.0.1"),
    ];
    let output = env_client(&target, &env, &[]).await;

    checked(&output);
    assert!(proxy.connects.lock().unwrap().is_empty());
    assert!(proxy.client_bytes.lock().unwrap().is_empty());
    assert_eq!(target.stand_in.requests().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_builders_proxy_replaces_the_variables_and_no_proxy_does_not_apply_to_it() {
    let target = target().await;
    let (explicit, from_env) = (ConnectProxy::start().await, ConnectProxy::start().await);
    let env = [
        ("HTTPS_PROXY", from_env.url.as_str()),
        ("NO_PROXY", "127.0.0.1"),
    ];
    let output = env_client(&target, &env, &["--proxy", &explicit.url]).await;

    checked(&output);
    assert!(from_env.connects.lock().unwrap().is_empty());
    assert_eq!(
        explicit.connects.lock().unwrap().clone(),
        [format!("CONNECT {} HTTP/1.1", authority(&target))]
    );
    assert!(!key_passed(&explicit, target.stand_in.api_key()));
}
