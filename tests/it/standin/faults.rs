//! Fault rules: each fault answers as the real thing does, on the routes and at the rate
//! asked, and the client sees what it would see from GitGuardian.

use std::time::{Duration, Instant};

use gitguardian_api_ext::{Error, RetryPolicy};
use gitguardian_standin::{Fault, Route, RouteCount, Rule, StandIn, Workspace};

use super::{client, client_with, get};

async fn with(rule: Rule) -> StandIn {
    StandIn::builder()
        .workspace(Workspace::generated(5))
        .fault(rule)
        .start()
        .await
        .unwrap()
}

#[tokio::test]
async fn throttling_with_and_without_retry_after() {
    let stand_in = with(
        Rule::new(Route::get("/v1/health"))
            .answer(Fault::TooManyRequests {
                retry_after: Some(7),
            })
            .once(),
    )
    .await;
    let error = client(&stand_in).health().await.expect_err("throttled");
    match error {
        Error::RateLimited { retry_after, .. } => {
            assert_eq!(retry_after, Some(Duration::from_secs(7)))
        }
        other => panic!("{other:?}"),
    }
    client(&stand_in).health().await.expect("only once");

    let bare =
        with(Rule::new(Route::any()).answer(Fault::TooManyRequests { retry_after: None })).await;
    let answer = get(&bare, "/health").await;
    assert_eq!(answer.status(), 429);
    assert!(answer.headers().get("retry-after").is_none());
    let error = client(&bare).health().await.expect_err("throttled");
    assert!(
        matches!(
            error,
            Error::RateLimited {
                retry_after: None,
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(bare.requests()[0].fault, Some("429"));
}

#[tokio::test]
async fn maintenance_bad_gateway_html_and_resets_reach_the_client_as_their_own_errors() {
    let stand_in = with(Rule::new(Route::get("/v1/health")).answer(Fault::Maintenance)).await;
    let answer = get(&stand_in, "/health").await;
    assert_eq!(answer.status(), 503);
    assert_eq!(answer.headers()["x-maintenance"], "true");
    let error = client(&stand_in).health().await.expect_err("maintenance");
    assert!(matches!(error, Error::Maintenance { .. }), "{error:?}");

    let html = with(Rule::new(Route::path("/v1/members/**")).answer(Fault::BadGatewayHtml)).await;
    let error = client(&html).members().get(1001).await.expect_err("502");
    assert!(
        matches!(
            error,
            Error::Server { .. } | Error::UnexpectedContent { .. }
        ),
        "{error:?}"
    );
    client(&html)
        .health()
        .await
        .expect("other routes answer normally");

    let reset = with(Rule::new(Route::get("/v1/health")).answer(Fault::ConnectionReset)).await;
    let error = client(&reset).health().await.expect_err("reset");
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert_eq!(reset.requests()[0].status, 0);
    assert_eq!(reset.counters().faults, 1);
}

#[tokio::test]
async fn a_client_with_retries_gets_through_a_burst_and_the_log_shows_it() {
    let stand_in = with(
        Rule::new(Route::get("/v1/incidents/secrets"))
            .answer(Fault::TooManyRequests {
                retry_after: Some(0),
            })
            .first(2),
    )
    .await;
    let policy = RetryPolicy::standard()
        .max_attempts(3)
        .max_delay(Duration::ZERO)
        .jitter(false);
    let listed = client_with(&stand_in, policy)
        .incidents()
        .list(Default::default())
        .collect_all()
        .await
        .expect("third attempt succeeds");
    assert_eq!(listed.len(), 5);
    let statuses: Vec<(u16, Option<&str>)> = stand_in
        .requests()
        .iter()
        .map(|r| (r.status, r.fault))
        .collect();
    assert_eq!(
        statuses,
        [(429, Some("429")), (429, Some("429")), (200, None)]
    );
    let count = stand_in.count(&Route::get("/v1/incidents/secrets"));
    let expected = RouteCount {
        requests: 3,
        faults: 2,
        refused: 2,
    };
    assert_eq!(count, expected);
    assert_eq!(count.since(expected), RouteCount::default());
    assert_eq!(
        stand_in.count(&Route::get("/v1/health")),
        RouteCount::default()
    );
}

#[tokio::test]
async fn delays_apply_to_their_route_and_rates_pick_the_same_requests_for_the_same_seed() {
    let stand_in =
        with(Rule::new(Route::get("/v1/health")).answer(Fault::Delay(Duration::from_millis(150))))
            .await;
    let started = Instant::now();
    assert_eq!(get(&stand_in, "/health").await.status(), 200);
    assert!(started.elapsed() >= Duration::from_millis(150));

    let statuses = |seed| async move {
        let stand_in = with(
            Rule::new(Route::get("/v1/members"))
                .answer(Fault::Maintenance)
                .per_mille(500, seed),
        )
        .await;
        let mut seen = Vec::new();
        for _ in 0..40 {
            seen.push(get(&stand_in, "/members").await.status().as_u16());
        }
        seen
    };
    let first = statuses(3).await;
    assert_eq!(first, statuses(3).await);
    let failed = first.iter().filter(|s| **s == 503).count();
    assert!((8..=32).contains(&failed), "{failed} of 40");
}
