//! A self-hosted instance behind a private CA: refused by default with an error that names
//! the fix, reached with the CA added (builder or `GITGUARDIAN_CA_BUNDLE`), reached with the
//! insecure switch, which warns.

use gitguardian_api_ext::{ClientBuilder, Error, GitGuardian, RetryPolicy, TransportKind};
use gitguardian_standin::StandIn;

use super::{ca_of, tls_stand_in};
use crate::ext::support::{trace_subscriber, Captured, KEY};

fn builder(server: &StandIn) -> ClientBuilder {
    GitGuardian::builder()
        .api_key(KEY)
        .api_url(server.api_url())
        .no_proxy()
        .retry_policy(RetryPolicy::disabled())
}

/// The request lines the stand-in answered, with their statuses.
fn answered(server: &StandIn) -> Vec<(String, u16)> {
    let requests = server.requests();
    requests.iter().map(|r| (r.line(), r.status)).collect()
}

#[tokio::test]
async fn the_platform_store_alone_refuses_a_private_ca_and_the_error_names_the_fix() {
    let server = tls_stand_in().await;
    let err = builder(&server)
        .build()
        .unwrap()
        .health()
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Transport {
                kind: TransportKind::Tls,
                ..
            }
        ),
        "{err:?}"
    );
    let message = err.to_string();
    assert!(message.contains("GITGUARDIAN_CA_BUNDLE"), "{message}");
    assert!(message.contains("add_root_certificates_pem"), "{message}");
    assert!(
        message.to_ascii_lowercase().contains("certificate"),
        "{message}"
    );
    assert!(!message.contains(KEY));
    assert!(
        server.requests().is_empty(),
        "no request after a refused handshake"
    );
}

#[tokio::test]
async fn the_ca_added_on_the_builder_is_trusted() {
    let server = tls_stand_in().await;
    let client = builder(&server)
        .add_root_certificates_pem(ca_of(&server))
        .build()
        .unwrap();
    assert_eq!(client.health().await.unwrap().detail, "Valid API key.");
    // `200`: the stand-in answers `/v1/health` so only for the right key.
    assert_eq!(answered(&server), [("GET /v1/health".to_string(), 200)]);
}

#[tokio::test]
async fn the_ca_bundle_variable_is_trusted() {
    let server = tls_stand_in().await;
    let dir = tempfile::tempdir().unwrap();
    let bundle = dir.path().join("corp-ca.pem");
    std::fs::write(&bundle, ca_of(&server)).unwrap();
    let url = server.api_url();
    let path = bundle.display().to_string();
    let client = ClientBuilder::from_lookup(|name| match name {
        "GITGUARDIAN_API_KEY" => Some(KEY.to_string()),
        "GITGUARDIAN_API_URL" => Some(url.clone()),
        "GITGUARDIAN_CA_BUNDLE" => Some(path.clone()),
        _ => None,
    })
    .no_proxy()
    .retry_policy(RetryPolicy::disabled())
    .build()
    .unwrap();
    assert_eq!(client.health().await.unwrap().detail, "Valid API key.");
    assert_eq!(answered(&server), [("GET /v1/health".to_string(), 200)]);
}

#[tokio::test]
async fn another_ca_does_not_help() {
    let (server, other) = (tls_stand_in().await, tls_stand_in().await);
    let err = builder(&server)
        .add_root_certificates_pem(ca_of(&other))
        .build()
        .unwrap()
        .health()
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Transport {
                kind: TransportKind::Tls,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn the_insecure_switch_accepts_any_certificate_and_warns_once_per_client() {
    let server = tls_stand_in().await;
    let capture = Captured::default();
    let client = tracing::subscriber::with_default(trace_subscriber(&capture), || {
        builder(&server)
            .danger_accept_invalid_certificates(true)
            .build()
            .unwrap()
    });
    let clone = client.clone();
    assert_eq!(client.health().await.unwrap().detail, "Valid API key.");
    assert_eq!(clone.health().await.unwrap().detail, "Valid API key.");
    let logs = capture.text();
    assert_eq!(
        logs.matches("certificate checks are OFF").count(),
        1,
        "{logs}"
    );
    assert!(logs.contains("WARN"), "{logs}");
    assert!(!logs.contains(KEY));
}

#[test]
fn unusable_ca_bundles_are_refused_before_anything_is_sent() {
    let missing = ClientBuilder::from_lookup(|name| match name {
        "GITGUARDIAN_API_KEY" => Some(KEY.to_string()),
        "GITGUARDIAN_CA_BUNDLE" => Some("/nonexistent/corp-ca.pem".to_string()),
        _ => None,
    })
    .build()
    .unwrap_err();
    assert!(matches!(missing, Error::InvalidConfig(_)), "{missing:?}");
    assert!(
        missing.to_string().contains("GITGUARDIAN_CA_BUNDLE"),
        "{missing}"
    );
    assert!(
        missing.to_string().contains("/nonexistent/corp-ca.pem"),
        "{missing}"
    );

    let empty = GitGuardian::builder()
        .api_key(KEY)
        .add_root_certificates_pem("not a certificate")
        .build()
        .unwrap_err();
    assert!(matches!(empty, Error::InvalidConfig(_)), "{empty:?}");
    assert!(
        empty.to_string().contains("no usable PEM certificate"),
        "{empty}"
    );
}
