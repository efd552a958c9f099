//! Retries: 429 with and without Retry-After, 5xx by method, connection failures, limits,
//! the callback and the final error.

use std::time::{Duration, SystemTime};

use gitguardian_api_ext::types;
use gitguardian_api_ext::{parse_retry_after, Error, RetryCause, RetryPolicy, TransportKind};
use gitguardian_standin::{Fault, Route, Rule, StandIn};
use httpmock::prelude::*;
use reqwest::{Method, StatusCode};
use serde_json::json;

use super::support::{
    builder, canned, closed_port, fast_policy, member_json, members_workspace, request_id,
    stand_in, team_json, Events,
};

/// A stand-in serving member 7, whose `GET /v1/members/7` requests get `faults`, the first
/// fault the first request, the next the second...
async fn member_7_after(faults: impl IntoIterator<Item = Fault>) -> StandIn {
    faults
        .into_iter()
        .zip(1..)
        .fold(
            stand_in().workspace(members_workspace([7])),
            |server, (fault, n)| {
                server.fault(Rule::new(Route::get("/v1/members/7")).nth(n).answer(fault))
            },
        )
        .start()
        .await
        .unwrap()
}

fn too_many(retry_after: &str) -> Fault {
    canned(429, &[("retry-after", retry_after)], "{}")
}

fn new_team() -> types::TeamCreateRequest {
    serde_json::from_value(json!({"name": "Security"})).unwrap()
}

#[test]
fn retry_after_values_parse() {
    let now = SystemTime::now();
    assert_eq!(parse_retry_after("0", now), Some(Duration::ZERO));
    assert_eq!(
        parse_retry_after(" 12 ", now),
        Some(Duration::from_secs(12))
    );
    assert_eq!(
        parse_retry_after("99999999999999999999999", now),
        Some(Duration::from_secs(u64::MAX))
    );
    let in_a_minute = httpdate::fmt_http_date(now + Duration::from_secs(60));
    let wait = parse_retry_after(&in_a_minute, now).unwrap();
    assert!(
        wait > Duration::from_secs(58) && wait <= Duration::from_secs(60),
        "{wait:?}"
    );
    assert_eq!(
        parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now),
        Some(Duration::ZERO)
    );
    for bad in ["", "-1", "1.5", "soon", "12s"] {
        assert_eq!(parse_retry_after(bad, now), None, "{bad:?}");
    }
}

#[test]
fn backoff_doubles_and_is_capped() {
    let policy = RetryPolicy::standard()
        .base_delay(Duration::from_millis(100))
        .max_delay(Duration::from_millis(500))
        .jitter(false);
    let waits: Vec<_> = (1..=5).map(|n| policy.backoff(n)).collect();
    assert_eq!(
        waits,
        [100, 200, 400, 500, 500]
            .map(Duration::from_millis)
            .to_vec()
    );
    let jittered = policy.jitter(true);
    for n in 1..=20 {
        assert!(jittered.backoff(n) <= Duration::from_millis(500));
    }
}

#[test]
fn presets_look_like_the_docs_say() {
    let standard = RetryPolicy::standard();
    assert!(standard.is_enabled());
    assert_eq!(standard.get_max_attempts(), 5);
    assert!(!standard.retries_non_idempotent());
    assert_eq!(RetryPolicy::default(), standard);
    let disabled = RetryPolicy::disabled();
    assert!(!disabled.is_enabled());
    assert_eq!(disabled.get_max_attempts(), 1);
    assert_eq!(
        RetryPolicy::standard().max_attempts(0).get_max_attempts(),
        1
    );
}

#[tokio::test]
async fn rate_limit_with_retry_after_seconds_then_success() {
    let server = member_7_after([Fault::TooManyRequests {
        retry_after: Some(0),
    }])
    .await;
    let events = Events::default();
    let client = events.install(builder(&server.api_url())).build().unwrap();

    let member = client.members().get(7).await.unwrap();
    assert_eq!(member.id, 7);
    assert_eq!(server.requests().len(), 2);
    let events = events.get();
    assert_eq!(events.len(), 1);
    let event = &events[0];
    assert_eq!(event.cause, RetryCause::RateLimited);
    assert_eq!(event.operation, "retrieve_member");
    assert_eq!(event.method, Method::GET);
    assert_eq!(event.attempt, 1);
    assert_eq!(event.max_attempts, 3);
    assert_eq!(event.status, Some(StatusCode::TOO_MANY_REQUESTS));
    assert_eq!(event.retry_after, Some(Duration::ZERO));
    assert_eq!(event.wait, Duration::ZERO);
    assert_eq!(event.request_id, Some(request_id(0)));
    assert_eq!(
        event.to_string(),
        "retrieve_member: rate limited (HTTP 429), waiting 0 ms before attempt 2 of 3"
    );
}

#[tokio::test]
async fn retry_after_is_capped_by_the_policy() {
    let server = member_7_after([Fault::TooManyRequests {
        retry_after: Some(120),
    }])
    .await;
    let events = Events::default();
    let client = events.install(builder(&server.api_url())).build().unwrap();
    client.members().get(7).await.unwrap();
    let events = events.get();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].retry_after, Some(Duration::from_secs(120)));
    assert_eq!(events[0].wait, Duration::from_millis(5)); // fast_policy's max_delay
}

#[tokio::test]
async fn rate_limit_with_http_date() {
    let later = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(30));
    let earlier = httpdate::fmt_http_date(SystemTime::now() - Duration::from_secs(30));
    let server = member_7_after([too_many(&later), too_many(&earlier)]).await;
    let events = Events::default();
    let client = events.install(builder(&server.api_url())).build().unwrap();
    client.members().get(7).await.unwrap();
    let events = events.get();
    assert_eq!(events.len(), 2);
    let future = events[0].retry_after.expect("date parsed");
    assert!(
        future > Duration::from_secs(20) && future <= Duration::from_secs(30),
        "{future:?}"
    );
    assert_eq!(events[0].wait, Duration::from_millis(5));
    assert_eq!(events[1].retry_after, Some(Duration::ZERO));
    assert_eq!(events[1].wait, Duration::ZERO);
}

#[tokio::test]
async fn bare_429_from_a_proxy_backs_off_then_gives_up() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/members/7");
            then.status(429)
                .header("content-type", "text/plain")
                .body("429:Too many requests");
        })
        .await;
    let events = Events::default();
    let client = events.install(builder(&server.base_url())).build().unwrap();

    let err = client.members().get(7).await.unwrap_err();
    assert_eq!(mock.calls_async().await, 3);
    let waits: Vec<_> = events.get().iter().map(|e| e.wait).collect();
    assert_eq!(waits, [Duration::from_millis(1), Duration::from_millis(2)]);
    assert!(events.get().iter().all(|e| e.retry_after.is_none()));
    match &err {
        Error::RateLimited {
            retry_after,
            detail,
            response,
        } => {
            assert_eq!(*retry_after, None);
            assert_eq!(detail.as_deref(), Some("429:Too many requests"));
            assert_eq!(response.status, StatusCode::TOO_MANY_REQUESTS);
            assert_eq!(response.attempts, 3);
        }
        other => panic!("expected RateLimited, got {other:?}"),
    }
    assert!(err.to_string().contains("after 3 attempts"), "{err}");
}

#[tokio::test]
async fn rate_limit_until_exhaustion_returns_the_last_answer() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/members/7");
            then.status(429)
                .header("retry-after", "1")
                .header("x-request-id", "req-last")
                .json_body(json!({"detail": "Request was throttled."}));
        })
        .await;
    let events = Events::default();
    // Waits asked for with `Retry-After` do not count toward `max_attempts` (issue 12): the
    // total wait bounds them. Each wait is 5 ms (the policy's `max_delay` caps the 1 s asked
    // for): three fit in 15 ms, a fourth would not.
    let policy = fast_policy()
        .max_attempts(2)
        .max_total_wait(Duration::from_millis(15));
    let client = events
        .install(builder(&server.base_url()).retry_policy(policy))
        .build()
        .unwrap();

    let err = client.members().get(7).await.unwrap_err();
    assert_eq!(mock.calls_async().await, 4);
    assert_eq!(events.get().len(), 3);
    assert_eq!(err.status(), Some(StatusCode::TOO_MANY_REQUESTS));
    assert_eq!(err.retry_after(), Some(Duration::from_secs(1)));
    assert_eq!(err.request_id(), Some("req-last"));
    assert_eq!(err.attempts(), Some(4));
    assert_eq!(err.operation(), Some("retrieve_member"));
    assert!(matches!(err, Error::RateLimited { .. }), "{err:?}");
    let message = err.to_string();
    assert!(
        message.contains("429") && message.contains("retry in 1 s"),
        "{message}"
    );
    assert!(message.contains("req-last"), "{message}");
}

#[tokio::test]
async fn total_wait_limit_stops_retries() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.path("/v1/members/7");
            then.status(429);
        })
        .await;
    // Waits would be 4 ms then 8 ms: the second would pass the 10 ms budget.
    let policy = fast_policy()
        .max_attempts(10)
        .base_delay(Duration::from_millis(4))
        .max_delay(Duration::from_secs(1))
        .max_total_wait(Duration::from_millis(10));
    let client = builder(&server.base_url())
        .retry_policy(policy)
        .build()
        .unwrap();
    let err = client.members().get(7).await.unwrap_err();
    assert_eq!(mock.calls_async().await, 2);
    assert_eq!(err.attempts(), Some(2));
}

#[tokio::test]
async fn disabled_policy_sends_once() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.path("/v1/members/7");
            then.status(429).header("retry-after", "0");
        })
        .await;
    let events = Events::default();
    let client = events
        .install(builder(&server.base_url()).retry_policy(RetryPolicy::disabled()))
        .build()
        .unwrap();
    let err = client.members().get(7).await.unwrap_err();
    assert!(matches!(err, Error::RateLimited { .. }), "{err:?}");
    assert_eq!(mock.calls_async().await, 1);
    assert!(events.get().is_empty());
}

#[tokio::test]
async fn maintenance_is_retried_for_get() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/health");
            then.status(503)
                .header("x-maintenance", "true")
                .json_body(json!({"detail": "API under scheduled maintenance."}));
        })
        .await;
    let events = Events::default();
    let client = events.install(builder(&server.base_url())).build().unwrap();
    let err = client.health().await.unwrap_err();
    assert_eq!(mock.calls_async().await, 3);
    assert!(events
        .get()
        .iter()
        .all(|e| e.cause == RetryCause::Maintenance));
    match &err {
        Error::Maintenance { detail, .. } => assert_eq!(detail, "API under scheduled maintenance."),
        other => panic!("expected Maintenance, got {other:?}"),
    }
    assert!(err.to_string().contains("maintenance"), "{err}");
}

#[tokio::test]
async fn bad_gateway_on_get_is_retried() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/members/7");
            then.status(502)
                .header("content-type", "text/html")
                .body("<html><body><h1>502 Bad Gateway</h1></body></html>");
        })
        .await;
    let events = Events::default();
    let client = events.install(builder(&server.base_url())).build().unwrap();
    let err = client.members().get(7).await.unwrap_err();
    assert_eq!(mock.calls_async().await, 3);
    assert_eq!(
        events.get().iter().map(|e| e.cause).collect::<Vec<_>>(),
        [RetryCause::Unavailable(StatusCode::BAD_GATEWAY); 2]
    );
    assert!(matches!(err, Error::Server { .. }), "{err:?}");
    assert_eq!(err.status(), Some(StatusCode::BAD_GATEWAY));
}

#[tokio::test]
async fn bad_gateway_on_post_is_not_retried() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path("/v1/teams");
            then.status(502).body("bad gateway");
        })
        .await;
    let client = builder(&server.base_url()).build().unwrap();
    let err = client
        .send(client.raw().create_teams().body(new_team()).send())
        .await
        .unwrap_err();
    assert_eq!(mock.calls_async().await, 1);
    assert!(matches!(err, Error::Server { .. }), "{err:?}");
    assert_eq!(err.attempts(), Some(1));
}

#[tokio::test]
async fn bad_gateway_on_post_is_retried_when_opted_in() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/teams")
                .json_body(json!({"name": "Security"}));
            then.status(502).body("bad gateway");
        })
        .await;
    let client = builder(&server.base_url())
        .retry_policy(fast_policy().retry_non_idempotent(true))
        .build()
        .unwrap();
    let err = client
        .send(client.raw().create_teams().body(new_team()).send())
        .await
        .unwrap_err();
    // The body is sent again with each attempt.
    assert_eq!(mock.calls_async().await, 3);
    assert_eq!(err.attempts(), Some(3));
}

#[tokio::test]
async fn rate_limit_on_post_is_always_retried() {
    // The stand-in has no `POST /v1/teams`: the created team is canned.
    let teams = || Rule::new(Route::post("/v1/teams"));
    let server = stand_in()
        .fault(teams().nth(1).answer(too_many("0")))
        .fault(
            teams()
                .nth(2)
                .answer(canned(201, &[], &team_json(3).to_string())),
        )
        .start()
        .await
        .unwrap();
    let client = builder(&server.api_url()).build().unwrap();
    let team = client
        .send(client.raw().create_teams().body(new_team()).send())
        .await
        .unwrap();
    assert_eq!(team.id, 3);
    let seen = server.requests();
    assert_eq!(seen.len(), 2);
    // The body is sent again with the retry.
    assert!(seen
        .iter()
        .all(|r| r.line() == "POST /v1/teams" && r.body == Some(json!({"name": "Security"}))));
}

#[tokio::test]
async fn gateway_timeout_on_delete_is_retried() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(DELETE).path("/v1/members/7");
            then.status(504);
        })
        .await;
    let client = builder(&server.base_url()).build().unwrap();
    let err = client
        .send(client.raw().delete_member().member_id(7).send())
        .await
        .unwrap_err();
    assert_eq!(mock.calls_async().await, 3);
    assert_eq!(err.status(), Some(StatusCode::GATEWAY_TIMEOUT));
}

#[tokio::test]
async fn server_error_500_is_not_retried() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.path("/v1/members/7");
            then.status(500).json_body(json!({"detail": "boom"}));
        })
        .await;
    let client = builder(&server.base_url()).build().unwrap();
    let err = client.members().get(7).await.unwrap_err();
    assert_eq!(mock.calls_async().await, 1);
    assert!(matches!(err, Error::Server { .. }), "{err:?}");
}

#[tokio::test]
async fn connection_refused_is_retried_for_get() {
    let events = Events::default();
    let client = events
        .install(builder(&format!("http://127.0.0.1:{}", closed_port())))
        .build()
        .unwrap();
    let err = client.members().get(7).await.unwrap_err();
    match &err {
        Error::Transport {
            kind,
            attempts,
            operation,
            ..
        } => {
            assert_eq!(*kind, TransportKind::Connect);
            assert_eq!(*attempts, 3);
            assert_eq!(*operation, "retrieve_member");
        }
        other => panic!("expected Transport, got {other:?}"),
    }
    let events = events.get();
    assert_eq!(events.len(), 2);
    assert!(events
        .iter()
        .all(|e| e.cause == RetryCause::Connect && e.status.is_none()));
    let message = err.to_string();
    assert!(message.contains("could not connect"), "{message}");
    assert!(message.to_lowercase().contains("refused"), "{message}");
}

#[tokio::test]
async fn connection_refused_on_post_is_not_retried() {
    let events = Events::default();
    let client = events
        .install(builder(&format!("http://127.0.0.1:{}", closed_port())))
        .build()
        .unwrap();
    let err = client
        .send(client.raw().create_teams().body(new_team()).send())
        .await
        .unwrap_err();
    assert_eq!(err.attempts(), Some(1));
    assert!(events.get().is_empty());
}

#[tokio::test]
async fn success_is_not_retried() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.path("/v1/members/7");
            then.status(200).json_body(member_json(7));
        })
        .await;
    let events = Events::default();
    let client = events.install(builder(&server.base_url())).build().unwrap();
    client.members().get(7).await.unwrap();
    assert_eq!(mock.calls_async().await, 1);
    assert!(events.get().is_empty());
}
