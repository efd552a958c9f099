//! The request-budget trigger ([`Rule::over_budget`]): a server's rate limit, as GitGuardian
//! and GitHub apply it. Past the budget within the window, requests are refused with the wait
//! until the window frees; refusals do not use the budget; each rule counts on its own.

use std::time::Duration;

use gitguardian_api_ext::{Error, RetryPolicy};
use gitguardian_standin::github::GitHubStandIn;
use gitguardian_standin::{Fault, Route, Rule, StandIn, Workspace};

use super::{client, client_with, get, http};

async fn with(rules: impl IntoIterator<Item = Rule>) -> StandIn {
    rules
        .into_iter()
        .fold(
            StandIn::builder().workspace(Workspace::generated(5)),
            |builder, rule| builder.fault(rule),
        )
        .start()
        .await
        .expect("the stand-in starts")
}

/// The statuses and `Retry-After` values of `n` requests to `path`, one after the other.
async fn statuses(stand_in: &StandIn, path: &str, n: usize) -> Vec<(u16, Option<String>)> {
    let mut seen = Vec::new();
    for _ in 0..n {
        let answer = get(stand_in, path).await;
        let retry_after = answer
            .headers()
            .get("retry-after")
            .map(|value| value.to_str().unwrap().to_string());
        seen.push((answer.status().as_u16(), retry_after));
    }
    seen
}

/// The statuses of `n` requests to `path`, one after the other.
async fn codes(stand_in: &StandIn, path: &str, n: usize) -> Vec<u16> {
    let seen = statuses(stand_in, path, n).await;
    seen.into_iter().map(|(status, _)| status).collect()
}

#[tokio::test]
async fn past_the_budget_requests_get_429_with_the_seconds_until_the_window_frees() {
    // A window of 90 s: the tests' requests all fall in the first one.
    let stand_in = with([Rule::new(Route::any()).over_budget(3, Duration::from_secs(90))]).await;
    let seen = statuses(&stand_in, "/health", 5).await;
    let ok = (200, None);
    let refused = (429, Some("90".to_string()));
    assert_eq!(seen[..3], [ok.clone(), ok.clone(), ok]);
    // The window frees 90 s after the first request, less the little time since: rounded up.
    assert!(
        seen[3..].iter().all(|s| *s == refused),
        "{seen:?}, expected {refused:?}"
    );

    // The log and the counters show the refusals.
    let log = stand_in.requests();
    let faults: Vec<_> = log.iter().map(|r| (r.status, r.fault)).collect();
    assert_eq!(
        faults,
        [
            (200, None),
            (200, None),
            (200, None),
            (429, Some("429")),
            (429, Some("429"))
        ]
    );
    assert_eq!(stand_in.counters().faults, 2);
    let count = stand_in.count(&Route::get("/v1/health"));
    assert_eq!((count.requests, count.faults, count.refused), (5, 2, 2));

    // The client sees GitGuardian's rate limit, with the wait.
    let error = client(&stand_in).health().await.expect_err("throttled");
    match error {
        Error::RateLimited { retry_after, .. } => {
            assert_eq!(retry_after, Some(Duration::from_secs(90)))
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn refusals_use_none_of_the_budget_and_a_freed_window_admits_the_budget_again() {
    let window = Duration::from_secs(1);
    let stand_in = with([Rule::new(Route::any()).over_budget(2, window)]).await;
    let first = statuses(&stand_in, "/health", 6).await;
    let first_codes: Vec<u16> = first.iter().map(|(status, _)| *status).collect();
    assert_eq!(first_codes, [200, 200, 429, 429, 429, 429]);
    // Less than a second left: rounded up to one, never zero.
    assert!(first[2..]
        .iter()
        .all(|(_, wait)| wait.as_deref() == Some("1")));

    tokio::time::sleep(window + Duration::from_millis(50)).await;
    // The four refusals did not push the window on: the budget is whole again.
    assert_eq!(codes(&stand_in, "/health", 3).await, [200, 200, 429]);
}

#[tokio::test]
async fn each_rule_counts_its_own_route_and_other_routes_are_not_limited() {
    let stand_in = with([
        Rule::new(Route::get("/v1/health")).over_budget(1, Duration::from_secs(60)),
        Rule::new(Route::get("/v1/members")).over_budget(2, Duration::from_secs(60)),
    ])
    .await;
    assert_eq!(codes(&stand_in, "/health", 3).await, [200, 429, 429]);
    assert_eq!(codes(&stand_in, "/members", 3).await, [200, 200, 429]);
    assert_eq!(get(&stand_in, "/teams").await.status(), 200);
    assert_eq!(stand_in.count(&Route::get("/v1/members")).faults, 1);
}

#[tokio::test]
async fn a_client_that_waits_as_told_gets_every_answer() {
    let stand_in = with([Rule::new(Route::any()).over_budget(2, Duration::from_millis(400))]).await;
    let client = client_with(&stand_in, RetryPolicy::standard());
    for _ in 0..4 {
        client.health().await.expect("answered after waiting");
    }
    let log = stand_in.requests();
    let answered = log.iter().filter(|r| r.status == 200).count();
    let refused = log.iter().filter(|r| r.status == 429).count();
    assert_eq!(answered, 4);
    assert!(
        refused >= 1,
        "the third request exceeds the budget: {log:?}"
    );
}

#[tokio::test]
async fn the_budget_keeps_a_fault_without_a_wait_and_other_faults_as_given() {
    let stand_in = with([
        Rule::new(Route::get("/v1/health"))
            .answer(Fault::TooManyRequests { retry_after: None })
            .over_budget(1, Duration::from_secs(60)),
        Rule::new(Route::get("/v1/members"))
            .answer(Fault::Maintenance)
            .over_budget(1, Duration::from_secs(60)),
    ])
    .await;
    assert_eq!(statuses(&stand_in, "/health", 2).await[1], (429, None));
    assert_eq!(get(&stand_in, "/members").await.status(), 200);
    let refused = get(&stand_in, "/members").await;
    assert_eq!(refused.status(), 503);
    assert_eq!(refused.headers()["x-maintenance"], "true");
}

#[tokio::test]
async fn the_github_stand_in_has_the_same_budget_with_its_own_rate_limit_answers() {
    let stand_in = GitHubStandIn::builder()
        .fault(
            Rule::new(Route::path("/repos/**"))
                .answer(Fault::SecondaryRateLimit {
                    status: 403,
                    retry_after: 1,
                })
                .over_budget(1, Duration::from_secs(45)),
        )
        .fault(
            Rule::new(Route::path("/orgs/**"))
                .answer(Fault::PrimaryRateLimit { reset_in: 1 })
                .over_budget(1, Duration::from_secs(45)),
        )
        .start()
        .await
        .expect("GitHub stand-in starts");
    let get = |path: &'static str| {
        http()
            .get(format!("{}{path}", stand_in.api_url()))
            .bearer_auth(stand_in.token())
            .send()
    };
    let repository = "/repos/acme/app/secret-scanning/alerts";
    assert_ne!(get(repository).await.unwrap().status(), 403);
    let secondary = get(repository).await.unwrap();
    assert_eq!(secondary.status(), 403);
    assert_eq!(secondary.headers()["retry-after"], "45");

    let organization = "/orgs/acme/secret-scanning/alerts";
    assert_ne!(get(organization).await.unwrap().status(), 403);
    let before = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let primary = get(organization).await.unwrap();
    assert_eq!(primary.status(), 403);
    assert_eq!(primary.headers()["x-ratelimit-remaining"], "0");
    let reset: u64 = primary.headers()["x-ratelimit-reset"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    // About 45 s from now (a second's rounding either way), not the rule's 1 s.
    assert!(
        (before + 44..=before + 46).contains(&reset),
        "{reset} vs {before}"
    );

    let faults: Vec<_> = stand_in.requests().iter().map(|r| r.fault).collect();
    assert_eq!(
        faults,
        [
            None,
            Some("403 secondary rate limit"),
            None,
            Some("403 primary rate limit")
        ]
    );
}
