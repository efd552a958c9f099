//! Pipelined paging: page k+1 is asked for while page k's body is still arriving, never more
//! than one page ahead, in order, each item once through 429 storms, and an exact resume
//! cursor when a page fails while the next one is already on its way.

use std::time::Duration;

use futures::StreamExt;
use gitguardian_api_ext::{Error, RetryPolicy};

use super::paged_server::{Answer, PagedServer};
use crate::ext::support::builder;

/// Member ids of `items`.
fn ids(items: &[gitguardian_api_ext::types::Member]) -> Vec<i64> {
    items.iter().map(|m| m.id).collect()
}

/// The member ids a stream yields before its error, and the error.
async fn until_error(
    stream: &mut gitguardian_api_ext::Items<'_, gitguardian_api_ext::types::Member>,
) -> (Vec<i64>, Error) {
    let mut got = Vec::new();
    loop {
        match stream.next().await.expect("the stream ends with an error") {
            Ok(member) => got.push(member.id),
            Err(error) => return (got, error),
        }
    }
}

#[tokio::test]
async fn the_next_page_is_asked_for_before_the_current_body_ends() {
    // Page k's body is finished only once request k+2 (1-based: the next page) has arrived:
    // a client that waits for the body before asking for the next page stalls 2 s per page.
    let server = PagedServer::builder(350)
        .plan(|sequence, offset| match offset {
            300 => Answer::Page,
            _ => Answer::PageHeldUntil(sequence + 2),
        })
        .start()
        .await;
    let client = builder(&server.base_url).build().unwrap();

    let members = client
        .paginate(client.raw().list_members())
        .collect_all()
        .await
        .unwrap();

    assert_eq!(ids(&members), (1..=350).collect::<Vec<_>>());
    assert_eq!(server.offsets(), [0, 100, 200, 300]);
    assert!(server.seen().iter().all(|s| s.query["per_page"] == "100"));
    // Every page but the last saw its successor asked for while its own body was open.
    assert!(!server.missed_pipeline());
}

#[tokio::test]
async fn pipelining_is_never_more_than_one_page_ahead() {
    let server = PagedServer::builder(1000)
        .pause(Duration::from_millis(30))
        .start()
        .await;
    let client = builder(&server.base_url).build().unwrap();

    let mut pages = client.pages(client.raw().list_members().per_page(100));
    let first = pages.next().await.unwrap().unwrap();
    assert_eq!(first.items.len(), 100);
    // The consumer holds page 1 and asks for nothing: at most page 2 may have been asked for.
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(server.offsets().len() <= 2, "{:?}", server.offsets());

    let mut count = first.items.len();
    let mut handed = 1;
    while let Some(page) = pages.next().await {
        count += page.unwrap().items.len();
        handed += 1;
        // When page k is handed out, no page after k+1 has been asked for.
        assert!(
            server.offsets().len() <= handed + 1,
            "{:?}",
            server.offsets()
        );
    }
    assert_eq!(count, 1000);
    assert_eq!(
        server.offsets(),
        (0..10).map(|k| k * 100).collect::<Vec<_>>()
    );
    // Two answers at once (the page being read, the next one), never three.
    assert_eq!(server.max_in_flight(), 2);
}

#[tokio::test]
async fn sequential_sends_one_request_at_a_time() {
    let server = PagedServer::builder(500).start().await;
    let client = builder(&server.base_url).build().unwrap();

    let members = client
        .paginate(client.raw().list_members())
        .sequential()
        .collect_all()
        .await
        .unwrap();

    assert_eq!(members.len(), 500);
    assert_eq!(server.max_in_flight(), 1);
}

#[tokio::test]
async fn a_storm_of_429s_loses_and_repeats_nothing() {
    // Four answers in ten are 429 (chosen by a fixed hash of the request number), on the
    // page asked for and on the page fetched ahead alike.
    let server = PagedServer::builder(3000)
        .pause(Duration::from_millis(2))
        .plan(|sequence, _| {
            let hash = (sequence as u64 ^ 0x9e37_79b9).wrapping_mul(0xbf58_476d_1ce4_e5b9) >> 33;
            if hash % 10 < 4 {
                Answer::Throttle
            } else {
                Answer::Page
            }
        })
        .start()
        .await;
    let policy = RetryPolicy::standard()
        .max_attempts(50)
        .base_delay(Duration::from_millis(1))
        .jitter(false);
    let client = builder(&server.base_url)
        .retry_policy(policy)
        .build()
        .unwrap();

    let members = client
        .paginate(client.raw().list_members())
        .collect_all()
        .await
        .unwrap();

    assert_eq!(ids(&members), (1..=3000).collect::<Vec<_>>());
    let offsets = server.offsets();
    assert!(
        offsets.len() > 40,
        "the storm throttled nothing: {offsets:?}"
    );
    // Every page was asked for until answered, none skipped.
    let mut distinct = offsets.clone();
    distinct.sort_unstable();
    distinct.dedup();
    assert_eq!(distinct, (0..30).map(|k| k * 100).collect::<Vec<_>>());
}

#[tokio::test]
async fn a_failure_ahead_is_reported_after_the_page_before_it_with_its_cursor() {
    // Page 3 (offset 200) always fails; it is asked for while page 2 is still being read.
    let server = PagedServer::builder(500)
        .pause(Duration::from_millis(30))
        .plan(|_, offset| match offset {
            200 => Answer::Fail,
            _ => Answer::Page,
        })
        .start()
        .await;
    let client = builder(&server.base_url).build().unwrap();

    let mut stream = client.paginate(client.raw().list_members());
    let (got, error) = until_error(&mut stream).await;

    assert!(matches!(error, Error::Server { .. }), "{error:?}");
    assert_eq!(got, (1..=200).collect::<Vec<_>>());
    assert!(stream.next().await.is_none());
    assert_eq!(stream.resume_cursor().as_deref(), Some("o200"));
    // Nothing was asked for beyond the failed page.
    assert!(server.offsets().iter().all(|&o| o <= 200));
}

#[tokio::test]
async fn a_stalled_pipeline_is_what_the_held_server_detects() {
    // The held answers are a real check: without a request ahead, the held body times out.
    let server = PagedServer::builder(150)
        .plan(|sequence, offset| match offset {
            0 => Answer::PageHeldUntil(sequence + 2),
            _ => Answer::Page,
        })
        .start()
        .await;
    let client = builder(&server.base_url).build().unwrap();

    let members = client
        .paginate(client.raw().list_members())
        .sequential()
        .collect_all()
        .await
        .unwrap();

    assert_eq!(members.len(), 150);
    assert!(server.missed_pipeline());
}

#[tokio::test]
async fn a_page_that_fails_to_decode_drops_the_page_fetched_ahead_and_resumes_exactly() {
    // Page 2 is HTML; page 3 is fetched ahead of it and must never be handed out.
    let server = PagedServer::builder(450)
        .plan(|sequence, offset| match (offset, sequence) {
            (100, 1) => Answer::Html,
            _ => Answer::Page,
        })
        .start()
        .await;
    let client = builder(&server.base_url).build().unwrap();

    let mut stream = client.paginate(client.raw().list_members());
    let (mut got, error) = until_error(&mut stream).await;
    assert!(
        matches!(
            error,
            Error::UnexpectedContent { .. } | Error::Decode { .. }
        ),
        "{error:?}"
    );
    assert_eq!(got, (1..=100).collect::<Vec<_>>());
    assert!(stream.next().await.is_none());
    let cursor = stream.resume_cursor();
    assert_eq!(cursor.as_deref(), Some("o100"));
    drop(stream);

    // The server now answers page 2: resuming yields exactly the rest.
    let rest = client
        .paginate_from(client.raw().list_members(), cursor)
        .collect_all()
        .await
        .unwrap();
    got.extend(ids(&rest));
    assert_eq!(got, (1..=450).collect::<Vec<_>>());
}
