//! Pipelined GitHub paging (`github::pages`): page k+1 is asked for while page k's body is
//! still arriving, never more than one page ahead, in order, each alert once through a storm
//! of 429s, and an exact resume point when a page fails while the next one is on its way;
//! for `after` cursors and `page` numbers alike.
//!
//! The server is an in-process axum app serving `GET /repos/o/r/secret-scanning/alerts`: it
//! sends each body in two chunks with a pause between them, counts the answers in flight
//! (headers sent, body not finished) and answers each request by a plan. Its `Link` headers
//! name another host and repeat a comma-joined filter, as GitHub's do.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use futures::{Stream, StreamExt};
use gitguardian_api_ext::github::{pages, GitHub, GitHubPage, NextPage};
use gitguardian_api_ext::RetryPolicy;
use github_secret_scanning::types::{self, Alert};
use serde_json::Value;

use super::fixtures;
use crate::ext::paginate::in_flight::{two_chunks, Gauge};

const ALERTS: &str = "/repos/o/r/secret-scanning/alerts";

/// How the list announces its next page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Style {
    /// `after=c<offset>`.
    Cursor,
    /// `page=<n>`, from 1.
    Numbered,
}

/// How one request is answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Answer {
    Page,
    /// `429` with `Retry-After: 0`.
    Throttle,
    /// `500` (retried by the standard policy, then an error).
    Fail,
    /// `200` with the page's `Link` and an HTML body, finished once the next request
    /// arrived.
    Html,
    /// The page, its body finished only once `n` requests arrived in all (or after 2 s,
    /// recorded as a missed pipeline).
    HeldUntil(usize),
}

type Plan = Box<dyn Fn(usize, usize) -> Answer + Send + Sync>;

struct Shared {
    alerts: usize,
    per_page: usize,
    style: Style,
    pause: Duration,
    plan: Plan,
    /// The offsets asked for, in arrival order.
    seen: Mutex<Vec<usize>>,
    gauge: Arc<Gauge>,
}

struct Server {
    base_url: String,
    shared: Arc<Shared>,
}

impl Server {
    /// `alerts` alerts (numbers 1..=alerts), `per_page` on a page, paged in `style`, 20 ms
    /// inside each body, answered by `plan(sequence, offset)`.
    async fn start(
        alerts: usize,
        per_page: usize,
        style: Style,
        plan: impl Fn(usize, usize) -> Answer + Send + Sync + 'static,
    ) -> Server {
        Server::with_pause(alerts, per_page, style, Duration::from_millis(20), plan).await
    }

    async fn with_pause(
        alerts: usize,
        per_page: usize,
        style: Style,
        pause: Duration,
        plan: impl Fn(usize, usize) -> Answer + Send + Sync + 'static,
    ) -> Server {
        let shared = Arc::new(Shared {
            alerts,
            per_page,
            style,
            pause,
            plan: Box::new(plan),
            seen: Mutex::default(),
            gauge: Arc::default(),
        });
        let router = Router::new()
            .route(ALERTS, get(list))
            .with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
            .await
            .unwrap();
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, router).await });
        Server { base_url, shared }
    }

    fn offsets(&self) -> Vec<usize> {
        self.shared.seen.lock().unwrap().clone()
    }

    fn max_in_flight(&self) -> usize {
        self.shared.gauge.max_in_flight()
    }

    fn missed_pipeline(&self) -> bool {
        self.shared.gauge.missed_pipeline()
    }

    /// A client of this server with `policy`.
    fn client(&self, policy: RetryPolicy) -> GitHub {
        GitHub::builder()
            .token("ghp_TESTSECRET0123456789abcdefABCDEF0000")
            .base_url(&self.base_url)
            .retry_policy(policy)
            .build()
            .unwrap()
    }
}

async fn list(
    State(shared): State<Arc<Shared>>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let offset = match (query.get("after"), query.get("page")) {
        (Some(after), _) => after.strip_prefix('c').unwrap().parse().unwrap(),
        (None, Some(page)) => (page.parse::<usize>().unwrap() - 1) * shared.per_page,
        (None, None) => 0,
    };
    assert_eq!(query["per_page"], shared.per_page.to_string());
    let sequence = shared.gauge.arrive();
    shared.seen.lock().unwrap().push(offset);

    let end = (offset + shared.per_page).min(shared.alerts);
    let mut response = Response::builder()
        .status(200)
        .header(header::CONTENT_TYPE, "application/json");
    if end < shared.alerts {
        // A wrong host on purpose: only the position is taken from the link. The link
        // repeats a comma-joined filter, as GitHub's do, and a `prev` link comes first.
        let position = match shared.style {
            Style::Cursor => format!("after=c{end}"),
            Style::Numbered => format!("page={}", end / shared.per_page + 1),
        };
        let link = format!(
            "<https://api.github.com{ALERTS}?per_page={per_page}&before=c0>; rel=\"prev\", \
             <https://api.github.com{ALERTS}?resolution=false_positive,wont_fix&per_page={per_page}&{position}>; rel=\"next\"",
            per_page = shared.per_page
        );
        response = response.header(header::LINK, link);
    }
    let held = match (shared.plan)(sequence, offset) {
        Answer::Page => None,
        Answer::HeldUntil(n) => Some(n),
        Answer::Throttle => {
            return (
                StatusCode::TOO_MANY_REQUESTS,
                [(header::RETRY_AFTER, "0")],
                r#"{"message":"You have exceeded a secondary rate limit."}"#,
            )
                .into_response()
        }
        Answer::Fail => {
            return (StatusCode::INTERNAL_SERVER_ERROR, r#"{"message":"boom"}"#).into_response()
        }
        Answer::Html => {
            // Finished once the page after it was asked for.
            let body = "<html>sign in</html>".to_string();
            let held = Some(sequence + 2);
            return response
                .body(Body::from_stream(two_chunks(
                    shared.gauge.clone(),
                    body,
                    held,
                    shared.pause,
                )))
                .unwrap();
        }
    };
    let alerts: Vec<Value> = (offset + 1..=end)
        .map(|number| fixtures::alert(number as i64, None))
        .collect();
    let body = Value::Array(alerts).to_string();
    response
        .body(Body::from_stream(two_chunks(
            shared.gauge.clone(),
            body,
            held,
            shared.pause,
        )))
        .unwrap()
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
        let request = github
            .raw()
            .list_repository_alerts()
            .owner("o")
            .repo("r")
            .per_page(per_page);
        match next {
            Some(NextPage::After(cursor)) => request.after(cursor),
            Some(NextPage::Page(page)) => request.page(page),
            None => request,
        }
        .send()
    }))
}

fn numbers(page: &GitHubPage<Alert>) -> Vec<usize> {
    page.items
        .iter()
        .map(|alert| *alert.number.clone().unwrap() as usize)
        .collect()
}

/// The alert numbers a stream yields before its error or end, the last page's resume point,
/// and the error.
async fn drain(
    mut stream: AlertPages<'_>,
) -> (
    Vec<usize>,
    Option<NextPage>,
    Option<github_secret_scanning::Error<types::Error>>,
) {
    let (mut got, mut next) = (Vec::new(), None);
    while let Some(page) = stream.next().await {
        match page {
            Ok(page) => {
                got.extend(numbers(&page));
                next = page.next;
            }
            Err(error) => {
                assert!(stream.next().await.is_none(), "nothing after the error");
                return (got, next, Some(error));
            }
        }
    }
    (got, next, None)
}

fn storm_policy() -> RetryPolicy {
    RetryPolicy::standard()
        .max_attempts(50)
        .base_delay(Duration::from_millis(1))
        .jitter(false)
}

/// A fixed pseudo-random choice of 3 requests in 10, by sequence number.
fn storm(sequence: usize) -> bool {
    let hash = (sequence as u64 ^ 0x5bd1_e995).wrapping_mul(0xbf58_476d_1ce4_e5b9) >> 33;
    hash % 10 < 3
}

#[tokio::test]
async fn the_next_cursor_page_is_asked_for_before_the_current_body_ends() {
    // Every body but the last is finished only once the request after it arrived: a client
    // that reads the body before asking for the next page stalls 2 s per page.
    let server = Server::start(350, 100, Style::Cursor, |sequence, offset| match offset {
        300 => Answer::Page,
        _ => Answer::HeldUntil(sequence + 2),
    })
    .await;
    let github = server.client(RetryPolicy::standard());

    let (got, next, error) = drain(alerts(&github, 100, None)).await;

    assert!(error.is_none(), "{error:?}");
    assert_eq!(got, (1..=350).collect::<Vec<_>>());
    assert_eq!(next, None);
    assert_eq!(server.offsets(), [0, 100, 200, 300]);
    assert!(!server.missed_pipeline());
}

#[tokio::test]
async fn page_numbers_are_pipelined_in_order() {
    let server = Server::start(250, 50, Style::Numbered, |sequence, offset| match offset {
        200 => Answer::Page,
        _ => Answer::HeldUntil(sequence + 2),
    })
    .await;
    let github = server.client(RetryPolicy::standard());

    let mut stream = alerts(&github, 50, None);
    let mut resume_points = Vec::new();
    let mut got = Vec::new();
    while let Some(page) = stream.next().await {
        let page = page.unwrap();
        got.extend(numbers(&page));
        resume_points.push(page.next);
    }

    assert_eq!(got, (1..=250).collect::<Vec<_>>());
    assert_eq!(
        resume_points,
        [
            Some(NextPage::Page(2)),
            Some(NextPage::Page(3)),
            Some(NextPage::Page(4)),
            Some(NextPage::Page(5)),
            None
        ]
    );
    assert_eq!(server.offsets(), [0, 50, 100, 150, 200]);
    assert!(!server.missed_pipeline());
}

#[tokio::test]
async fn a_stalled_pipeline_is_what_the_held_server_detects() {
    // The held bodies are a real check: through a client without the executor's headers
    // announcement (a raw generated client), pages go one after the other and the first
    // held body times out.
    let server = Server::start(150, 100, Style::Cursor, |sequence, offset| match offset {
        0 => Answer::HeldUntil(sequence + 2),
        _ => Answer::Page,
    })
    .await;
    let raw = github_secret_scanning::Client::new(
        &server.base_url,
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

    let (got, _, error) = drain(Box::pin(stream)).await;

    assert!(error.is_none(), "{error:?}");
    assert_eq!(got, (1..=150).collect::<Vec<_>>());
    assert!(server.missed_pipeline());
    assert_eq!(server.max_in_flight(), 1);
}

#[tokio::test]
async fn never_more_than_one_page_ahead() {
    for style in [Style::Cursor, Style::Numbered] {
        let server = Server::with_pause(1000, 100, style, Duration::from_millis(30), |_, _| {
            Answer::Page
        })
        .await;
        let github = server.client(RetryPolicy::standard());

        let mut stream = alerts(&github, 100, None);
        let first = stream.next().await.unwrap().unwrap();
        assert_eq!(numbers(&first), (1..=100).collect::<Vec<_>>());
        // The consumer holds page 1 and asks for nothing: at most page 2 may have been asked for.
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert!(
            server.offsets().len() <= 2,
            "{style:?} {:?}",
            server.offsets()
        );

        let (mut count, mut handed) = (first.items.len(), 1);
        while let Some(page) = stream.next().await {
            count += page.unwrap().items.len();
            handed += 1;
            // When page k is handed out, no page after k+1 has been asked for.
            let asked = server.offsets().len();
            assert!(asked <= handed + 1, "{style:?} {:?}", server.offsets());
        }
        assert_eq!(count, 1000);
        assert_eq!(
            server.offsets(),
            (0..10).map(|k| k * 100).collect::<Vec<_>>(),
            "{style:?}"
        );
        // Two answers at once (the page being read, the next one), never three.
        assert_eq!(server.max_in_flight(), 2, "{style:?}");
    }
}

#[tokio::test]
async fn a_30_percent_storm_of_429s_loses_and_repeats_nothing() {
    for style in [Style::Cursor, Style::Numbered] {
        let server =
            Server::with_pause(3000, 100, style, Duration::from_millis(2), |sequence, _| {
                if storm(sequence) {
                    Answer::Throttle
                } else {
                    Answer::Page
                }
            })
            .await;
        let github = server.client(storm_policy());

        let (got, next, error) = drain(alerts(&github, 100, None)).await;

        assert!(error.is_none(), "{style:?} {error:?}");
        assert_eq!(got, (1..=3000).collect::<Vec<_>>(), "{style:?}");
        assert_eq!(next, None);
        let offsets = server.offsets();
        assert!(
            offsets.len() > 35,
            "{style:?}: the storm throttled nothing: {offsets:?}"
        );
        // Every page was asked for until answered, none skipped.
        let mut distinct = offsets.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(distinct, (0..30).map(|k| k * 100).collect::<Vec<_>>());
        assert!(server.max_in_flight() <= 2);
    }
}

#[tokio::test]
async fn a_failure_ahead_comes_after_the_page_before_it_and_resumes_exactly() {
    for (style, expected) in [
        (Style::Cursor, NextPage::After("c200".into())),
        (Style::Numbered, NextPage::Page(3)),
    ] {
        // Page 3 (offset 200) fails while broken, and is asked for while page 2 is still
        // read; the client gives up after 3 attempts. A later run finds the page answered.
        let broken = Arc::new(AtomicBool::new(true));
        let failing = broken.clone();
        let server = Server::with_pause(
            500,
            100,
            style,
            Duration::from_millis(30),
            move |_, offset| match offset {
                200 if failing.load(Ordering::SeqCst) => Answer::Fail,
                _ => Answer::Page,
            },
        )
        .await;
        let github = server.client(crate::ext::support::fast_policy());

        let (mut got, next, error) = drain(alerts(&github, 100, None)).await;

        let error = error.expect("page 3 fails");
        assert_eq!(error.status().map(|s| s.as_u16()), Some(500), "{style:?}");
        assert_eq!(got, (1..=200).collect::<Vec<_>>(), "{style:?}");
        assert_eq!(next.as_ref(), Some(&expected));
        // Nothing was asked for beyond the failed page.
        assert!(server.offsets().iter().all(|&o| o <= 200), "{style:?}");

        broken.store(false, Ordering::SeqCst);
        let (rest, end, error) = drain(alerts(&github, 100, next)).await;
        assert!(error.is_none(), "{style:?} {error:?}");
        assert_eq!(end, None);
        got.extend(rest);
        assert_eq!(got, (1..=500).collect::<Vec<_>>(), "{style:?}");
    }
}

#[tokio::test]
async fn a_page_that_fails_to_decode_drops_the_page_fetched_ahead() {
    // Page 2 is HTML behind a good `Link`: page 3 is fetched ahead of it and never handed out.
    let server = Server::start(450, 100, Style::Cursor, |sequence, offset| {
        match (offset, sequence) {
            (100, 1) => Answer::Html,
            _ => Answer::Page,
        }
    })
    .await;
    let github = server.client(RetryPolicy::standard());

    let (mut got, next, error) = drain(alerts(&github, 100, None)).await;

    assert!(error.is_some());
    assert_eq!(got, (1..=100).collect::<Vec<_>>());
    assert_eq!(next, Some(NextPage::After("c100".into())));
    assert_eq!(server.offsets(), [0, 100, 200]);
    assert!(!server.missed_pipeline());

    let (rest, _, error) = drain(alerts(&github, 100, next)).await;
    assert!(error.is_none(), "{error:?}");
    got.extend(rest);
    assert_eq!(got, (1..=450).collect::<Vec<_>>());
}
