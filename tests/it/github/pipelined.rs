//! Pipelined GitHub paging (`github::pages`): page k+1 is asked for while page k's body is
//! still arriving, never more than one page ahead, in order, each alert once through a storm
//! of 429s, and an exact resume point when a page fails while the next one is on its way;
//! for `after` cursors and `page` numbers alike.
//!
//! The GitHub stand-in serves `GET /repos/o/r/secret-scanning/alerts`; a body held with
//! [`Fault::HoldBodyUntil`] is finished only once a later request has arrived, so a client
//! that reads a whole page before asking for the next meets the hold's cap, which the log
//! records ([`gitguardian_standin::LoggedRequest::hold_timed_out`]).

use std::time::Duration;

use futures::{Stream, StreamExt};
use gitguardian_api_ext::github::{pages, AtPage, GitHub, GitHubPage, NextPage};
use gitguardian_api_ext::RetryPolicy;
use gitguardian_standin::github::{Alert as SeededAlert, GitHubPaging, GitHubStandIn};
use gitguardian_standin::github::{GitHubStandInBuilder, GitHubWorkspace};
use gitguardian_standin::{Fault, Route, Rule};
use github_secret_scanning::types::{self, Alert};

use crate::ext::paginate::by_arrival;
use crate::standin::github::client_with;

fn alerts_route() -> Route {
    Route::get("/repos/o/r/secret-scanning/alerts")
}

/// A stand-in with alerts 1..=`count` of `o/r`, paged in `paging`. Lists are newest first,
/// so the highest number comes first.
fn github(count: i64, paging: GitHubPaging) -> GitHubStandInBuilder {
    let alerts = (1..=count).map(|n| SeededAlert::sample(n, "o/r")).collect();
    GitHubStandIn::builder()
        .workspace(GitHubWorkspace {
            alerts,
            ..GitHubWorkspace::default()
        })
        .paging(paging)
}

/// The `n`-th request (from 1): its body is finished only once `arrived` requests have
/// arrived.
fn hold_body(n: u64, arrived: u64) -> Rule {
    crate::ext::paginate::hold_body(alerts_route(), n, arrived)
}

/// The alert numbers of a list of `count`, in the stand-in's order, from the `skip`-th.
fn expected(count: usize, skip: usize) -> Vec<usize> {
    (1..=count).rev().skip(skip).collect()
}

/// Where each request asked to start, in the order they arrived.
fn positions(server: &GitHubStandIn) -> Vec<Option<NextPage>> {
    by_arrival(server.requests())
        .iter()
        .map(
            |request| match (request.params.get("after"), request.params.get("page")) {
                (Some(after), _) => Some(NextPage::After(after.clone())),
                (None, Some(page)) => Some(NextPage::Page(page.parse().unwrap())),
                (None, None) => None,
            },
        )
        .collect()
}

fn held_bodies_met(server: &GitHubStandIn) -> bool {
    server.requests().iter().all(|r| !r.hold_timed_out)
}

type AlertPages<'a> = std::pin::Pin<
    Box<
        dyn Stream<Item = Result<GitHubPage<Alert>, github_secret_scanning::Error<types::Error>>>
            + Send
            + 'a,
    >,
>;

/// The repository's alerts from `start`, `per_page` a page.
fn alerts(github: &GitHub, per_page: i64, start: Option<NextPage>) -> AlertPages<'_> {
    Box::pin(pages(start, move |next| {
        github
            .raw()
            .list_repository_alerts()
            .owner("o")
            .repo("r")
            .per_page(per_page)
            .at_page(next)
            .send()
    }))
}

fn numbers(page: &GitHubPage<Alert>) -> Vec<usize> {
    page.items
        .iter()
        .map(|alert| *alert.number.clone().unwrap() as usize)
        .collect()
}

/// What a stream yielded before its error or end.
struct Drained {
    numbers: Vec<usize>,
    /// Each page's resume point, in order.
    nexts: Vec<Option<NextPage>>,
    error: Option<github_secret_scanning::Error<types::Error>>,
}

impl Drained {
    /// The last page's resume point.
    fn next(&self) -> Option<NextPage> {
        self.nexts.last().cloned().flatten()
    }

    /// Where the requests for the pages yielded started: the first page, then each page's
    /// resume point but the last.
    fn asked(&self) -> Vec<Option<NextPage>> {
        let mut asked = vec![None];
        asked.extend(
            self.nexts
                .iter()
                .take(self.nexts.len().saturating_sub(1))
                .cloned(),
        );
        asked
    }
}

async fn drain(mut stream: AlertPages<'_>) -> Drained {
    let mut drained = Drained {
        numbers: Vec::new(),
        nexts: Vec::new(),
        error: None,
    };
    while let Some(page) = stream.next().await {
        match page {
            Ok(page) => {
                drained.numbers.extend(numbers(&page));
                drained.nexts.push(page.next);
            }
            Err(error) => {
                assert!(stream.next().await.is_none(), "nothing after the error");
                drained.error = Some(error);
                break;
            }
        }
    }
    drained
}

fn storm_policy() -> RetryPolicy {
    RetryPolicy::standard()
        .max_attempts(50)
        .base_delay(Duration::from_millis(1))
        .jitter(false)
}

#[tokio::test]
async fn the_next_cursor_page_is_asked_for_before_the_current_body_ends() {
    // Every body but the last is finished only once the request after it arrived: a client
    // that reads the body before asking for the next page stalls until the cap.
    let server = github(350, GitHubPaging::Cursor)
        .fault(hold_body(1, 2))
        .fault(hold_body(2, 3))
        .fault(hold_body(3, 4))
        .start()
        .await
        .unwrap();
    let github = client_with(&server, RetryPolicy::standard());

    let drained = drain(alerts(&github, 100, None)).await;

    assert!(drained.error.is_none(), "{:?}", drained.error);
    assert_eq!(drained.numbers, expected(350, 0));
    assert_eq!(drained.next(), None);
    assert_eq!(drained.nexts.len(), 4);
    assert_eq!(positions(&server), drained.asked());
    assert!(held_bodies_met(&server), "{:?}", server.requests());
}

#[tokio::test]
async fn page_numbers_are_pipelined_in_order() {
    let mut server = github(250, GitHubPaging::PageNumbers);
    for k in 1..=4 {
        server = server.fault(hold_body(k, k + 1));
    }
    let server = server.start().await.unwrap();
    let github = client_with(&server, RetryPolicy::standard());

    let mut stream = alerts(&github, 50, None);
    let mut resume_points = Vec::new();
    let mut got = Vec::new();
    while let Some(page) = stream.next().await {
        let page = page.unwrap();
        got.extend(numbers(&page));
        resume_points.push(page.next);
    }

    assert_eq!(got, expected(250, 0));
    let page = |n| Some(NextPage::Page(n));
    assert_eq!(resume_points, [page(2), page(3), page(4), page(5), None]);
    assert_eq!(
        positions(&server),
        [None, page(2), page(3), page(4), page(5)]
    );
    assert!(held_bodies_met(&server), "{:?}", server.requests());
}

#[tokio::test]
async fn a_stalled_pipeline_is_what_the_held_server_detects() {
    // The held bodies are a real check: through a client without the executor's headers
    // announcement (a raw generated client), pages go one after the other and the first
    // held body times out.
    let server = github(150, GitHubPaging::Cursor)
        .fault(hold_body(1, 2))
        .start()
        .await
        .unwrap();
    let mut headers = reqwest::header::HeaderMap::new();
    let bearer = format!("Bearer {}", server.token());
    headers.insert(
        reqwest::header::AUTHORIZATION,
        bearer.parse().expect("a valid header value"),
    );
    let http = reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap();
    let raw = github_secret_scanning::Client::new_with_client(
        &server.api_url(),
        http,
        github_secret_scanning::Executor::default(),
    );
    let stream = pages(None, |next| {
        let request = raw
            .list_repository_alerts()
            .owner("o")
            .repo("r")
            .per_page(100);
        match next {
            Some(NextPage::After(cursor)) => request.after(cursor),
            _ => request,
        }
        .send()
    });

    let drained = drain(Box::pin(stream)).await;

    assert!(drained.error.is_none(), "{:?}", drained.error);
    assert_eq!(drained.numbers, expected(150, 0));
    let seen = by_arrival(server.requests());
    assert_eq!(seen.len(), 2);
    assert!(seen[0].hold_timed_out);
    assert_eq!(server.in_flight(&alerts_route()).max, 1);
}

#[tokio::test]
async fn never_more_than_one_page_ahead() {
    for paging in [GitHubPaging::Cursor, GitHubPaging::PageNumbers] {
        // Page 1 is finished only once a third page is asked for, which a client one page
        // ahead never does before handing page 1 out, even with page 2 whole in hand: the
        // hold must run to its cap. Every page k from 3 is finished once page k+1 is asked
        // for, so each overlaps the next. (Page 2 is not held: its cap would end with page
        // 1's.)
        let mut server = github(1000, paging).fault(hold_body(1, 3));
        for k in 3..=9 {
            server = server.fault(hold_body(k, k + 1));
        }
        let server = server.start().await.unwrap();
        let github = client_with(&server, RetryPolicy::standard());

        let mut stream = alerts(&github, 100, None);
        let first = stream.next().await.unwrap().unwrap();
        assert_eq!(numbers(&first), expected(1000, 0)[..100]);
        // While page 1 was held, at most page 2 was asked for.
        assert!(
            by_arrival(server.requests())[0].hold_timed_out,
            "{paging:?}"
        );
        let asked = server.arrived(&alerts_route());
        assert!(asked <= 2, "{paging:?}: {asked} asked for");

        let (mut count, mut handed) = (first.items.len(), 1);
        let mut nexts = vec![first.next.clone()];
        while let Some(page) = stream.next().await {
            let page = page.unwrap();
            count += page.items.len();
            nexts.push(page.next.clone());
            handed += 1;
            // When page k is handed out, no page after k+1 has been asked for.
            let asked = server.arrived(&alerts_route());
            assert!(
                asked <= handed + 1,
                "{paging:?}: page {handed}, {asked} asked"
            );
        }
        assert_eq!(count, 1000);
        nexts.pop();
        let mut asked = vec![None];
        asked.extend(nexts);
        assert_eq!(positions(&server), asked, "{paging:?}");
        let later = &by_arrival(server.requests())[1..];
        assert!(later.iter().all(|r| !r.hold_timed_out), "{paging:?}");
        // Two answers at once (the page being read, the next one), never three.
        assert_eq!(server.in_flight(&alerts_route()).max, 2, "{paging:?}");
    }
}

#[tokio::test]
async fn a_30_percent_storm_of_429s_loses_and_repeats_nothing() {
    for paging in [GitHubPaging::Cursor, GitHubPaging::PageNumbers] {
        let server = github(3000, paging)
            .fault(
                Rule::new(alerts_route())
                    .answer(Fault::SecondaryRateLimit {
                        status: 429,
                        retry_after: 0,
                    })
                    .per_mille(300, 0x5bd1_e995),
            )
            .start()
            .await
            .unwrap();
        let github = client_with(&server, storm_policy());

        let drained = drain(alerts(&github, 100, None)).await;

        assert!(drained.error.is_none(), "{paging:?} {:?}", drained.error);
        assert_eq!(drained.numbers, expected(3000, 0), "{paging:?}");
        assert_eq!(drained.next(), None);
        let asked = positions(&server);
        assert!(
            asked.len() > 35,
            "{paging:?}: the storm throttled nothing: {asked:?}"
        );
        // Every page was asked for until answered, none skipped, in order.
        let mut distinct = asked.clone();
        distinct.dedup();
        assert_eq!(distinct, drained.asked(), "{paging:?}");
        assert!(server.in_flight(&alerts_route()).max <= 2);
    }
}

#[tokio::test]
async fn a_failure_ahead_comes_after_the_page_before_it_and_resumes_exactly() {
    for (paging, page_3) in [
        (GitHubPaging::Cursor, None),
        (GitHubPaging::PageNumbers, Some(NextPage::Page(3))),
    ] {
        // Page 3 fails with a `500` (not retried), asked for while page 2's body is held. A
        // later run finds the page answered.
        let fail = Fault::Canned {
            status: 500,
            headers: vec![("content-type".into(), "application/json".into())],
            body: r#"{"message":"boom"}"#.into(),
        };
        let server = github(500, paging)
            .fault(hold_body(2, 3))
            .fault(Rule::new(alerts_route()).nth(3).answer(fail))
            .start()
            .await
            .unwrap();
        let github = client_with(&server, crate::ext::support::fast_policy());

        let drained = drain(alerts(&github, 100, None)).await;

        let error = drained.error.as_ref().expect("page 3 fails");
        assert_eq!(error.status().map(|s| s.as_u16()), Some(500), "{paging:?}");
        assert_eq!(drained.numbers, expected(500, 0)[..200], "{paging:?}");
        let next = drained.next();
        assert!(next.is_some(), "{paging:?}");
        if page_3.is_some() {
            assert_eq!(next, page_3);
        }
        // Page 3 was asked for ahead, and nothing beyond it.
        let mut asked = drained.asked();
        asked.push(next.clone());
        assert_eq!(positions(&server), asked, "{paging:?}");
        assert!(held_bodies_met(&server), "{paging:?}");

        let rest = drain(alerts(&github, 100, next)).await;
        assert!(rest.error.is_none(), "{paging:?} {:?}", rest.error);
        assert_eq!(rest.next(), None);
        assert_eq!(rest.numbers, expected(500, 200), "{paging:?}");
    }
}

/// The `Link` header of the page at `url` of `server`.
async fn link_at(server: &GitHubStandIn, url: &str) -> String {
    let answer = reqwest::Client::new()
        .get(url)
        .bearer_auth(server.token())
        .send()
        .await
        .unwrap();
    answer.headers()[reqwest::header::LINK]
        .to_str()
        .unwrap()
        .to_string()
}

/// The `rel="next"` URL of a `Link` header.
fn next_url(link: &str) -> String {
    link.split(", ")
        .find(|part| part.ends_with("rel=\"next\""))
        .and_then(|part| part.strip_prefix('<')?.split('>').next())
        .expect("a next link")
        .to_string()
}

/// The `after` cursor of a URL (base64url: nothing to decode).
fn after_of(url: &str) -> String {
    url.split(['?', '&'])
        .find_map(|pair| pair.strip_prefix("after="))
        .expect("an after cursor")
        .to_string()
}

#[tokio::test]
async fn a_page_that_fails_to_decode_drops_the_page_fetched_ahead() {
    // Page 2 is HTML behind a good `Link` naming another host (taken from a listing of the
    // same alerts), finished only once page 3 has been asked for: page 3 is fetched ahead
    // of it and never handed out.
    let reference = github(450, GitHubPaging::Cursor).start().await.unwrap();
    let first = format!(
        "{}{}?per_page=100",
        reference.api_url(),
        "/repos/o/r/secret-scanning/alerts"
    );
    let page_2 = next_url(&link_at(&reference, &first).await);
    let page_3 = next_url(&link_at(&reference, &page_2).await);
    let link = format!(
        "<{}>; rel=\"next\"",
        page_3.replace(reference.api_url().as_str(), "https://api.github.com")
    );
    let html = Fault::Canned {
        status: 200,
        headers: vec![
            ("content-type".into(), "application/json".into()),
            ("link".into(), link),
        ],
        body: "<html>sign in</html>".into(),
    };
    let server = github(450, GitHubPaging::Cursor)
        .fault(Rule::new(alerts_route()).nth(2).answer(html))
        .fault(hold_body(2, 3))
        .start()
        .await
        .unwrap();
    let github = client_with(&server, RetryPolicy::standard());

    let drained = drain(alerts(&github, 100, None)).await;

    assert!(drained.error.is_some());
    assert_eq!(drained.numbers, expected(450, 0)[..100]);
    let next = drained.next();
    assert_eq!(next, Some(NextPage::After(after_of(&page_2))));
    assert_eq!(
        positions(&server),
        [None, next.clone(), Some(NextPage::After(after_of(&page_3)))]
    );
    assert!(held_bodies_met(&server), "{:?}", server.requests());

    let rest = drain(alerts(&github, 100, next)).await;
    assert!(rest.error.is_none(), "{:?}", rest.error);
    assert_eq!(rest.numbers, expected(450, 100));
}
