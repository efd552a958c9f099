//! An explicit proxy: https requests go through a `CONNECT` tunnel, and the key never passes
//! the proxy in the clear.

use gitguardian_api_ext::{GitGuardian, RetryPolicy};

use super::{ConnectProxy, Pki, TlsServer};
use crate::ext::support::KEY;

#[tokio::test]
async fn https_requests_tunnel_through_the_proxy_and_the_key_stays_inside_tls() {
    let pki = Pki::new();
    let server = TlsServer::start(&pki, r#"{"detail": "Valid API key."}"#).await;
    let proxy = ConnectProxy::start().await;
    let client = GitGuardian::builder()
        .api_key(KEY)
        .api_url(server.url())
        .add_root_certificates_pem(pki.ca_pem.clone())
        .proxy(proxy.url.clone())
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap();

    assert_eq!(client.health().await.unwrap().detail, "Valid API key.");

    let connects = proxy.connects.lock().unwrap().clone();
    assert_eq!(
        connects,
        vec![format!("CONNECT localhost:{} HTTP/1.1", server.port)]
    );
    let through = proxy.client_bytes.lock().unwrap().clone();
    assert!(
        through.len() > 200,
        "the TLS session went through the proxy"
    );
    let key_seen = through.windows(KEY.len()).any(|w| w == KEY.as_bytes());
    assert!(!key_seen, "the API key passed the proxy in the clear");
    // The server got the request, key included, inside the tunnel.
    let heads = server.heads.lock().unwrap().clone();
    assert!(heads[0].contains(&format!("Token {KEY}")), "{}", heads[0]);
}

#[test]
fn an_unusable_proxy_url_is_a_configuration_error() {
    let err = GitGuardian::builder()
        .api_key(KEY)
        .proxy("http://[::1")
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("proxy URL"), "{err}");
}
