//! An explicit proxy: https requests go through a `CONNECT` tunnel, and the key never passes
//! the proxy in the clear.

use gitguardian_api_ext::{GitGuardian, RetryPolicy};

use super::{ca_of, tls_stand_in, ConnectProxy};
use crate::ext::support::KEY;

#[tokio::test]
async fn https_requests_tunnel_through_the_proxy_and_the_key_stays_inside_tls() {
    let server = tls_stand_in().await;
    let proxy = ConnectProxy::start().await;
    let client = GitGuardian::builder()
        .api_key(KEY)
        .api_url(server.api_url())
        .add_root_certificates_pem(ca_of(&server))
        .proxy(proxy.url.clone())
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap();

    assert_eq!(client.health().await.unwrap().detail, "Valid API key.");

    let connects = proxy.connects.lock().unwrap().clone();
    let authority = server.api_url().replace("https://", "");
    let authority = authority.split('/').next().unwrap_or_default();
    assert_eq!(connects, vec![format!("CONNECT {authority} HTTP/1.1")]);
    let through = proxy.client_bytes.lock().unwrap().clone();
    assert!(
        through.len() > 200,
        "the TLS session went through the proxy"
    );
    let key_seen = through.windows(KEY.len()).any(|w| w == KEY.as_bytes());
    assert!(!key_seen, "the API key passed the proxy in the clear");
    // The server got the request inside the tunnel, with the right key (else `401`).
    let requests = server.requests();
    let answered: Vec<_> = requests.iter().map(|r| (r.line(), r.status)).collect();
    assert_eq!(answered, [("GET /v1/health".to_string(), 200)]);
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
