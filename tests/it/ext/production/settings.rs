//! Settings for production: `GITGUARDIAN_API_TIMEOUT`, one's own `reqwest::Client`, and the
//! rate limit (environment, shared by clones).

use std::time::{Duration, Instant};

use gitguardian_api_ext::{ClientBuilder, Error, GitGuardian, RetryPolicy, TransportKind};
use httpmock::prelude::*;
use tokio::net::TcpListener;

use crate::ext::support::{member_json, KEY, UA};

fn from_env(vars: &[(&str, &str)]) -> ClientBuilder {
    let vars: Vec<(String, String)> = vars
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    ClientBuilder::from_lookup(move |name| {
        if name == "GITGUARDIAN_API_KEY" {
            return Some(KEY.to_string());
        }
        vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    })
}

#[test]
fn api_timeout_outside_1_to_3600_seconds_is_a_clear_error() {
    for bad in ["0", "3601", "1.5", "ten", "-1"] {
        let err = from_env(&[("GITGUARDIAN_API_TIMEOUT", bad)])
            .build()
            .unwrap_err();
        assert!(matches!(err, Error::InvalidConfig(_)), "{bad}: {err:?}");
        let message = err.to_string();
        assert!(message.contains("GITGUARDIAN_API_TIMEOUT"), "{message}");
        assert!(message.contains("1 to 3600"), "{message}");
    }
    for good in ["1", "60", "3600", " 30 "] {
        from_env(&[("GITGUARDIAN_API_TIMEOUT", good)])
            .build()
            .unwrap();
    }
    // The builder wins over the environment, which is then not read.
    from_env(&[("GITGUARDIAN_API_TIMEOUT", "0")])
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
}

#[tokio::test]
async fn api_timeout_from_the_environment_bounds_each_attempt() {
    // Accepts connections and never answers.
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let mut open = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            open.push(socket);
        }
    });
    let client = from_env(&[
        ("GITGUARDIAN_API_TIMEOUT", "1"),
        ("GITGUARDIAN_API_URL", &url),
    ])
    .retry_policy(RetryPolicy::disabled())
    .build()
    .unwrap();
    let err = client.members().get(7).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Transport {
                kind: TransportKind::Timeout,
                ..
            }
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn an_own_reqwest_client_gets_the_key_user_agent_and_headers_per_request() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/members/7")
                .header("authorization", format!("Token {KEY}"))
                .header("user-agent", UA)
                .header("x-team", "security");
            then.status(200).json_body(member_json(7));
        })
        .await;
    let own = reqwest::Client::builder().build().unwrap();
    let client = GitGuardian::builder()
        .api_key(KEY)
        .api_url(server.base_url())
        .default_header(
            reqwest::header::HeaderName::from_static("x-team"),
            reqwest::header::HeaderValue::from_static("security"),
        )
        .http_client(own)
        .build()
        .unwrap();
    assert_eq!(client.members().get(7).await.unwrap().id, 7);
    mock.assert_async().await;
}

#[test]
fn transport_settings_and_an_own_client_do_not_mix() {
    let own = reqwest::Client::new();
    let err = GitGuardian::builder()
        .api_key(KEY)
        .http_client(own)
        .timeout(Duration::from_secs(5))
        .danger_accept_invalid_certificates(true)
        .build()
        .unwrap_err();
    let message = err.to_string();
    assert!(matches!(err, Error::InvalidConfig(_)), "{err:?}");
    assert!(
        message.contains("timeouts") && message.contains("insecure"),
        "{message}"
    );
    assert!(message.contains("http_client"), "{message}");
}

#[test]
fn requests_per_minute_from_the_environment_must_be_a_number() {
    let err = from_env(&[("GITGUARDIAN_REQUESTS_PER_MINUTE", "lots")])
        .build()
        .unwrap_err();
    assert!(
        err.to_string().contains("GITGUARDIAN_REQUESTS_PER_MINUTE"),
        "{err}"
    );
    from_env(&[("GITGUARDIAN_REQUESTS_PER_MINUTE", "200")])
        .build()
        .unwrap();
    from_env(&[("GITGUARDIAN_REQUESTS_PER_MINUTE", "0")])
        .build()
        .unwrap();
}

#[tokio::test]
async fn the_rate_limit_is_shared_by_clones() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/members/7");
            then.status(200).json_body(member_json(7));
        })
        .await;
    // 600 per minute: one request every 100 ms, whichever clone sends it.
    let client = from_env(&[
        ("GITGUARDIAN_API_URL", &server.base_url()),
        ("GITGUARDIAN_REQUESTS_PER_MINUTE", "600"),
    ])
    .build()
    .unwrap();
    let clone = client.clone();
    let started = Instant::now();
    let (a, b) = tokio::join!(
        async {
            for _ in 0..2 {
                client.members().get(7).await.unwrap();
            }
        },
        async {
            for _ in 0..2 {
                clone.members().get(7).await.unwrap();
            }
        }
    );
    let ((), ()) = (a, b);
    assert_eq!(mock.calls_async().await, 4);
    // Four requests, evenly spaced: at least three gaps of 100 ms.
    assert!(
        started.elapsed() >= Duration::from_millis(300),
        "{:?}",
        started.elapsed()
    );
}
