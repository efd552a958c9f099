//! The GitHub client layer: headers, base URLs, checks before sending, rate limits through the
//! shared retry loop, typed errors, and `Link` pagination in both styles with a resume.
//! Rate limits and errors are answered by the GitHub stand-in (`gitguardian_standin::github`);
//! exact request matching and hand-made `Link` headers by httpmock.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::TryStreamExt;
use gitguardian_api_ext::github::{link, pages, GitHub, GitHubBuilder, NextPage};
use gitguardian_api_ext::{Error as ExtError, RetryCause, RetryEvent, RetryPolicy};
use github_secret_scanning::Error;
use httpmock::prelude::*;
use reqwest::header::{HeaderMap, HeaderValue};
use serde_json::json;

use super::fixtures;
use gitguardian_standin::github::{Alert, GitHubStandIn, GitHubWorkspace};
use gitguardian_standin::{Fault, Route, Rule};

use crate::ext::support::fast_policy;
use crate::standin::github::org_pages;

const TOKEN: &str = "ghp_TESTSECRET0123456789abcdefABCDEF0000";

fn builder(base_url: &str) -> GitHubBuilder {
    GitHub::builder()
        .token(TOKEN)
        .base_url(base_url)
        .retry_policy(fast_policy())
}

/// A builder whose retries are recorded.
fn recorded(base_url: &str) -> (GitHubBuilder, Arc<Mutex<Vec<RetryEvent>>>) {
    let events = Arc::new(Mutex::new(Vec::new()));
    let sink = events.clone();
    let builder = builder(base_url).on_retry(move |e| sink.lock().unwrap().push(e.clone()));
    (builder, events)
}

fn alerts_body(numbers: &[i64]) -> String {
    json!(numbers
        .iter()
        .map(|n| fixtures::alert(*n, None))
        .collect::<Vec<_>>())
    .to_string()
}

#[tokio::test]
async fn every_request_carries_bearer_token_api_version_accept_and_user_agent() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/repos/octo-org/octo-repo/secret-scanning/alerts")
                .header("authorization", format!("Bearer {TOKEN}"))
                .header("x-github-api-version", "2022-11-28")
                .header("accept", "application/vnd.github+json")
                .header_matches("user-agent", "^gitguardian-api-ext/");
            then.status(200)
                .header("content-type", "application/json")
                .body(alerts_body(&[1]));
        })
        .await;
    let github = builder(&server.base_url()).build().unwrap();
    let alerts = github
        .raw()
        .list_repository_alerts()
        .owner("octo-org")
        .repo("octo-repo")
        .send()
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(alerts.len(), 1);
}

#[tokio::test]
async fn an_enterprise_server_api_root_keeps_its_api_v3_prefix() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v3/repos/octo-org/octo-repo/secret-scanning/alerts/3");
            then.status(200)
                .header("content-type", "application/json")
                .json_body(fixtures::alert(3, None));
        })
        .await;
    let github = builder(&format!("{}/api/v3/", server.base_url()))
        .build()
        .unwrap();
    github
        .raw()
        .get_alert()
        .owner("octo-org")
        .repo("octo-repo")
        .alert_number(3)
        .send()
        .await
        .unwrap();
    mock.assert_async().await;
}

#[test]
fn base_urls_default_to_github_com_and_ghes_hosts_map_to_api_v3() {
    let github = GitHub::builder().token(TOKEN).build().unwrap();
    assert_eq!(github.base_url(), "https://api.github.com");
    let ghes = GitHub::builder()
        .token(TOKEN)
        .enterprise_server("github.example.com/")
        .build()
        .unwrap();
    assert_eq!(ghes.base_url(), "https://github.example.com/api/v3");
}

#[test]
fn bad_configuration_is_refused_before_any_request() {
    let invalid = |b: GitHubBuilder| match b.build() {
        Err(ExtError::InvalidConfig(message)) => message,
        other => panic!("expected InvalidConfig, got {other:?}"),
    };
    assert!(invalid(GitHub::builder()).contains("token is required"));
    assert!(invalid(GitHub::builder().token("  ")).contains("token is required"));
    assert!(invalid(GitHub::builder().token("ghp_a b")).contains("whitespace"));
    let plain = invalid(
        GitHub::builder()
            .token(TOKEN)
            .base_url("http://ghe.example.com/api/v3"),
    );
    assert!(plain.contains("use https"), "{plain}");
    assert!(invalid(GitHub::builder().token(TOKEN).base_url("not a url")).contains("not a valid"));
}

#[test]
fn the_token_never_shows_in_debug_output() {
    let github = GitHub::builder().token(TOKEN).build().unwrap();
    let debug = format!("{github:?} {:?}", github.raw());
    assert!(!debug.contains(TOKEN), "{debug}");
    assert!(debug.contains("api.github.com"));
}

/// A GitHub stand-in with one open alert in each of `octo-org/octo-repo` and `o/r`, in the
/// enterprise `octo-corp`, answering `rule`'s faults.
async fn stand_in(rules: Vec<Rule>) -> GitHubStandIn {
    let workspace = GitHubWorkspace {
        alerts: vec![
            Alert::sample(4, "octo-org/octo-repo"),
            Alert::sample(1, "o/r"),
        ],
        enterprise: "octo-corp".into(),
        ..GitHubWorkspace::default()
    };
    rules
        .into_iter()
        .fold(
            GitHubStandIn::builder().token(TOKEN).workspace(workspace),
            |builder, rule| builder.fault(rule),
        )
        .start()
        .await
        .expect("GitHub stand-in starts")
}

/// `(status, injected fault)` of every request the stand-in saw.
fn answers(stand_in: &GitHubStandIn) -> Vec<(u16, Option<&'static str>)> {
    stand_in
        .requests()
        .iter()
        .map(|request| (request.status, request.fault))
        .collect()
}

#[tokio::test]
async fn primary_rate_limit_403_waits_for_the_reset_then_retries() {
    let server = stand_in(vec![Rule::new(Route::get(
        "/orgs/{org}/secret-scanning/alerts",
    ))
    .answer(Fault::PrimaryRateLimit { reset_in: 90 })
    .once()])
    .await;
    let (builder, events) = recorded(&server.api_url());
    let alerts = builder
        .build()
        .unwrap()
        .raw()
        .list_organization_alerts()
        .org("octo-org")
        .send()
        .await
        .unwrap();
    assert_eq!(alerts.len(), 1);
    assert_eq!(
        answers(&server),
        [(403, Some("403 primary rate limit")), (200, None)]
    );
    let events = events.lock().unwrap().clone();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].cause, RetryCause::RateLimited);
    assert_eq!(events[0].status.map(|s| s.as_u16()), Some(403));
    // The server asked for ~90 s (until the reset); the policy caps the actual wait.
    let asked = events[0].retry_after.unwrap();
    assert!(
        asked > Duration::from_secs(85) && asked <= Duration::from_secs(91),
        "{asked:?}"
    );
    assert_eq!(events[0].wait, Duration::from_millis(5));
}

#[tokio::test]
async fn secondary_rate_limits_403_and_429_with_retry_after_are_retried() {
    let route = || Route::get("/enterprises/{enterprise}/secret-scanning/alerts");
    let limit = |status| Fault::SecondaryRateLimit {
        status,
        retry_after: 0,
    };
    let server = stand_in(vec![
        Rule::new(route()).answer(limit(403)).nth(1),
        Rule::new(route()).answer(limit(429)).nth(2),
    ])
    .await;
    let (builder, events) = recorded(&server.api_url());
    let alerts = builder
        .build()
        .unwrap()
        .raw()
        .list_enterprise_alerts()
        .enterprise("octo-corp")
        .send()
        .await
        .unwrap();
    assert_eq!(alerts.len(), 2);
    let statuses: Vec<u16> = events
        .lock()
        .unwrap()
        .iter()
        .map(|e| e.status.unwrap().as_u16())
        .collect();
    assert_eq!(statuses, [403, 429]);
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn rate_limit_waits_are_bounded_by_the_policy() {
    let server = stand_in(vec![Rule::new(Route::any()).answer(
        Fault::TooManyRequests {
            retry_after: Some(1),
        },
    )])
    .await;
    let policy = fast_policy()
        .max_delay(Duration::from_secs(1))
        .max_total_wait(Duration::from_millis(1500));
    let (builder, events) = recorded(&server.api_url());
    let error = builder
        .retry_policy(policy)
        .build()
        .unwrap()
        .raw()
        .list_enterprise_alerts()
        .enterprise("octo-corp")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(429));
    // One 1 s wait fits in 1.5 s, a second would not: two attempts, then the error.
    assert_eq!(events.lock().unwrap().len(), 1);
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn a_plain_403_is_not_retried() {
    let server = stand_in(vec![Rule::new(Route::any()).answer(Fault::Canned {
        status: 403,
        headers: vec![
            ("content-type".into(), "application/json".into()),
            ("x-ratelimit-remaining".into(), "4999".into()),
        ],
        body: r#"{"message":"Resource not accessible by integration","status":"403"}"#.into(),
    })])
    .await;
    let (builder, events) = recorded(&server.api_url());
    let error = builder
        .build()
        .unwrap()
        .raw()
        .list_repository_alerts()
        .owner("o")
        .repo("r")
        .send()
        .await
        .unwrap_err();
    assert!(events.lock().unwrap().is_empty());
    assert_eq!(server.requests().len(), 1);
    // GitHub's description declares no 403 for the listings: the status stays readable.
    assert_eq!(error.status().map(|s| s.as_u16()), Some(403));
}

#[tokio::test]
async fn a_422_on_update_is_typed_and_not_retried() {
    let server = stand_in(Vec::new()).await;
    let (builder, events) = recorded(&server.api_url());
    let error = builder
        .build()
        .unwrap()
        .raw()
        .update_alert()
        .owner("o")
        .repo("r")
        .alert_number(1)
        .body(github_secret_scanning::types::AlertUpdate {
            state: Some(github_secret_scanning::types::AlertState::Resolved),
            resolution: None,
            resolution_comment: None,
            assignee: None,
            validity: None,
        })
        .send()
        .await
        .unwrap_err();
    assert!(events.lock().unwrap().is_empty());
    assert!(
        matches!(error, Error::ErrorResponse(ref r) if r.status().as_u16() == 422
        && r.message.as_deref() == Some("State does not match the resolution or resolution comment."))
    );
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(
        requests[0].line(),
        "PATCH /repos/o/r/secret-scanning/alerts/1"
    );
    assert_eq!(
        requests[0].body,
        Some(json!({"state": "resolved"})),
        "the body as sent"
    );
}

fn link(value: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert("link", HeaderValue::from_str(value).unwrap());
    headers
}

#[test]
fn link_headers_give_the_next_cursor_or_page() {
    let cursor = link(
        "<https://api.github.com/enterprises/e/secret-scanning/alerts?per_page=2&after=MjAyNi0x>; rel=\"next\", \
         <https://api.github.com/enterprises/e/secret-scanning/alerts?per_page=2&before=MjAyNi0w>; rel=\"prev\"",
    );
    assert_eq!(
        link::next_page(&cursor),
        Some(NextPage::After("MjAyNi0x".into()))
    );
    let pages = link(
        "<https://ghe.example.com/api/v3/repositories/1/secret-scanning/alerts?page=1>; rel=\"prev\", \
         <https://ghe.example.com/api/v3/repositories/1/secret-scanning/alerts?page=3>; rel=\"next\", \
         <https://ghe.example.com/api/v3/repositories/1/secret-scanning/alerts?page=9>; rel=\"last\"",
    );
    assert_eq!(link::next_page(&pages), Some(NextPage::Page(3)));
    let last = link("<https://api.github.com/x?page=1>; rel=\"first\", <https://api.github.com/x?page=8>; rel=\"prev\"");
    assert_eq!(link::next_page(&last), None);
    assert_eq!(link::next_page(&HeaderMap::new()), None);
    assert_eq!(link::next_page(&link("garbage")), None);
}

/// Mocks `page` of a cursor-paged org listing: `after` absent for the first page.
async fn cursor_page(
    server: &MockServer,
    after: Option<&str>,
    numbers: &[i64],
    next: Option<&str>,
) {
    let body = alerts_body(numbers);
    let next = next.map(|n| {
        format!(
            "<{}/orgs/octo-org/secret-scanning/alerts?per_page=2&after={n}>; rel=\"next\"",
            server.base_url()
        )
    });
    server
        .mock_async(|when, then| {
            let when = when
                .method(GET)
                .path("/orgs/octo-org/secret-scanning/alerts")
                .query_param("per_page", "2");
            match after {
                Some(a) => when.query_param("after", a),
                None => when.query_param_missing("after"),
            };
            let then = then.status(200).header("content-type", "application/json");
            let then = match &next {
                Some(next) => then.header("link", next.as_str()),
                None => then,
            };
            then.body(body);
        })
        .await;
}

#[tokio::test]
async fn cursor_pagination_follows_link_and_resumes_from_a_page() {
    let server = MockServer::start_async().await;
    cursor_page(&server, None, &[1, 2], Some("c2")).await;
    cursor_page(&server, Some("c2"), &[3, 4], Some("c3")).await;
    cursor_page(&server, Some("c3"), &[5], None).await;
    let github = builder(&server.base_url()).build().unwrap();

    let all: Vec<_> = org_pages(&github, "octo-org", 2, None)
        .try_collect()
        .await
        .unwrap();
    let numbers: Vec<Vec<i64>> = all
        .iter()
        .map(|p| p.items.iter().map(|a| *a.number.clone().unwrap()).collect())
        .collect();
    assert_eq!(numbers, [vec![1, 2], vec![3, 4], vec![5]]);
    assert_eq!(all[0].next, Some(NextPage::After("c2".into())));
    assert_eq!(all[2].next, None);

    // Resume after the first page: only the rest is fetched.
    let rest: Vec<_> = org_pages(&github, "octo-org", 2, all[0].next.clone())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(rest.len(), 2);
    assert_eq!(*rest[0].items[0].number.clone().unwrap(), 3);
}

#[tokio::test]
async fn page_number_pagination_on_enterprise_server_and_resume() {
    let server = MockServer::start_async().await;
    for page in 1..=3i64 {
        let next = (page < 3).then(|| {
            format!(
                "<{}/api/v3/repos/o/r/secret-scanning/alerts/7/locations?page={}&per_page=1>; rel=\"next\"",
                server.base_url(),
                page + 1
            )
        });
        server
            .mock_async(|when, then| {
                let when = when
                    .method(GET)
                    .path("/api/v3/repos/o/r/secret-scanning/alerts/7/locations");
                if page == 1 {
                    when.query_param_missing("page");
                } else {
                    when.query_param("page", page.to_string());
                }
                let then = then.status(200).header("content-type", "application/json");
                let then = match &next {
                    Some(next) => then.header("link", next.as_str()),
                    None => then,
                };
                then.json_body(json!([{
                    "type": "commit",
                    "details": fixtures::commit_location(&format!("file{page}.txt"), "a1b2c3")
                }]));
            })
            .await;
    }
    let github = builder(&format!("{}/api/v3", server.base_url()))
        .build()
        .unwrap();
    let locations = |start| {
        pages(start, |next| {
            let request = github
                .raw()
                .list_alert_locations()
                .owner("o")
                .repo("r")
                .alert_number(7);
            match next {
                Some(NextPage::Page(page)) => request.page(page),
                Some(NextPage::After(cursor)) => panic!("unexpected cursor {cursor}"),
                None => request,
            }
            .send()
        })
    };
    let all: Vec<_> = locations(None).try_collect().await.unwrap();
    assert_eq!(all.len(), 3);
    assert_eq!(all[0].next, Some(NextPage::Page(2)));
    let resumed: Vec<_> = locations(Some(NextPage::Page(3)))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(resumed.len(), 1);
    match &resumed[0].items[0].details {
        Some(github_secret_scanning::types::LocationDetails::Commit(c)) => {
            assert_eq!(c.path, "file3.txt")
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_page_error_ends_the_stream_with_that_error() {
    let server = MockServer::start_async().await;
    cursor_page(&server, None, &[1, 2], Some("broken")).await;
    server
        .mock_async(|when, then| {
            when.path("/orgs/octo-org/secret-scanning/alerts")
                .query_param("after", "broken");
            then.status(503)
                .header("content-type", "application/json")
                .body(r#"{"code":"unavailable","message":"Service unavailable"}"#);
        })
        .await;
    let github = builder(&server.base_url())
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap();
    let mut stream = std::pin::pin!(org_pages(&github, "octo-org", 2, None));
    let first = stream.try_next().await.unwrap().unwrap();
    assert_eq!(first.items.len(), 2);
    let error = stream.try_next().await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert!(stream.try_next().await.unwrap().is_none());
}
