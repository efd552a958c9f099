//! Pipelined paging: page k+1 is asked for while page k's body is still arriving, never more
//! than one page ahead, in order, each item once through 429 storms, and an exact resume
//! cursor when a page fails while the next one is already on its way.
//!
//! The stand-in proves the order of events without timing: a page's body held with
//! [`Fault::HoldBodyUntil`] is finished only once a later request has arrived, so a client
//! that reads a whole page before asking for the next meets the hold's cap instead, which
//! the log records ([`LoggedRequest::hold_timed_out`]).

use futures::StreamExt;
use gitguardian_api_ext::{Error, RetryPolicy};
use gitguardian_standin::{
    page_cursor, Fault, LoggedRequest, Route, Rule, StandIn, StandInBuilder, WRONG_LINK_ORIGIN,
};

use super::by_arrival;
use crate::ext::support::{builder, canned, cursors, members_workspace, stand_in};

fn members() -> Route {
    Route::get("/v1/members")
}

/// A stand-in with members 1..=`count` whose `Link`s name another host, as self-hosted
/// instances' do: only the cursor may be taken from them.
fn listing(count: i64) -> StandInBuilder {
    stand_in()
        .workspace(members_workspace(1..=count))
        .link_origin(WRONG_LINK_ORIGIN)
}

/// The `n`-th request (from 1): its body is finished only once `arrived` requests have
/// arrived.
fn hold_body(n: u64, arrived: u64) -> Rule {
    super::hold_body(members(), n, arrived)
}

/// The cursors of the pages at these offsets (`None` for the first page).
fn pages_at(offsets: &[usize]) -> Vec<Option<String>> {
    offsets
        .iter()
        .map(|&offset| (offset > 0).then(|| page_cursor(offset)))
        .collect()
}

/// Member ids of `items`.
fn ids(items: &[gitguardian_api_ext::types::Member]) -> Vec<i64> {
    items.iter().map(|m| m.id).collect()
}

/// The stand-in's requests in the order they arrived.
fn received(server: &StandIn) -> Vec<LoggedRequest> {
    by_arrival(server.requests())
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
    // Page k's body is finished only once request k+1 (the next page) has arrived: a client
    // that waits for the body before asking for the next page stalls until the cap.
    let server = listing(350)
        .fault(hold_body(1, 2))
        .fault(hold_body(2, 3))
        .fault(hold_body(3, 4))
        .start()
        .await
        .unwrap();
    let client = builder(&server.api_url()).build().unwrap();

    let members = client
        .paginate(client.raw().list_members())
        .collect_all()
        .await
        .unwrap();

    assert_eq!(ids(&members), (1..=350).collect::<Vec<_>>());
    let seen = received(&server);
    assert_eq!(cursors(&seen), pages_at(&[0, 100, 200, 300]));
    assert!(seen.iter().all(|r| r.params["per_page"] == "100"));
    // Every page but the last saw its successor asked for while its own body was open.
    assert!(seen.iter().all(|r| !r.hold_timed_out), "{seen:?}");
}

#[tokio::test]
async fn pipelining_is_never_more_than_one_page_ahead() {
    // Page 1 is finished only once a third page is asked for, which a client one page ahead
    // never does before handing page 1 out, even with page 2 whole in hand: the hold must run
    // to its cap. Every page k from 3 is finished once page k+1 is asked for, so each
    // overlaps the next. (Page 2 is not held: its own cap would end with page 1's.)
    let mut server = listing(1000).fault(hold_body(1, 3));
    for k in 3..=9 {
        server = server.fault(hold_body(k, k + 1));
    }
    let server = server.start().await.unwrap();
    let client = builder(&server.api_url()).build().unwrap();

    let mut pages = client.pages(client.raw().list_members().per_page(100));
    let first = pages.next().await.unwrap().unwrap();
    assert_eq!(first.items.len(), 100);
    // While page 1 was held, at most page 2 was asked for.
    assert!(
        received(&server)[0].hold_timed_out,
        "a third page was asked for"
    );
    assert!(server.arrived(&members()) <= 2, "{:?}", server.requests());

    let mut count = first.items.len();
    let mut handed = 1;
    while let Some(page) = pages.next().await {
        count += page.unwrap().items.len();
        handed += 1;
        // When page k is handed out, no page after k+1 has been asked for.
        let asked = server.arrived(&members());
        assert!(
            asked <= handed + 1,
            "page {handed} handed, {asked} asked for"
        );
    }
    assert_eq!(count, 1000);
    let seen = received(&server);
    let offsets: Vec<usize> = (0..10).map(|k| k * 100).collect();
    assert_eq!(cursors(&seen), pages_at(&offsets));
    assert!(seen[1..].iter().all(|r| !r.hold_timed_out), "{seen:?}");
    // Two answers at once (the page being read, the next one), never three.
    assert_eq!(server.in_flight(&members()).max, 2);
}

#[tokio::test]
async fn sequential_sends_one_request_at_a_time() {
    // The first body is finished only once a second request arrives: a client that sends
    // one at a time leaves it to the cap.
    let server = listing(500).fault(hold_body(1, 2)).start().await.unwrap();
    let client = builder(&server.api_url()).build().unwrap();

    let members = client
        .paginate(client.raw().list_members())
        .sequential()
        .collect_all()
        .await
        .unwrap();

    assert_eq!(members.len(), 500);
    assert!(received(&server)[0].hold_timed_out);
    assert_eq!(server.in_flight(&self::members()).max, 1);
}

#[tokio::test]
async fn a_storm_of_429s_loses_and_repeats_nothing() {
    // Four answers in ten are 429 (the same ones every run), on the page asked for and on
    // the page fetched ahead alike.
    let server = listing(3000)
        .fault(
            Rule::new(members())
                .answer(Fault::TooManyRequests {
                    retry_after: Some(0),
                })
                .per_mille(400, 3),
        )
        .start()
        .await
        .unwrap();
    let policy = RetryPolicy::standard()
        .max_attempts(50)
        .base_delay(std::time::Duration::from_millis(1))
        .jitter(false);
    let client = builder(&server.api_url())
        .retry_policy(policy)
        .build()
        .unwrap();

    let members = client
        .paginate(client.raw().list_members())
        .collect_all()
        .await
        .unwrap();

    assert_eq!(ids(&members), (1..=3000).collect::<Vec<_>>());
    let seen = received(&server);
    assert!(seen.len() > 40, "the storm throttled nothing: {seen:?}");
    assert!(server.count(&self::members()).refused > 10);
    // Every page was asked for until answered, none skipped.
    let mut distinct = cursors(&seen);
    distinct.sort_unstable();
    distinct.dedup();
    let mut expected = pages_at(&(0..30).map(|k| k * 100).collect::<Vec<_>>());
    expected.sort_unstable();
    assert_eq!(distinct, expected);
}

#[tokio::test]
async fn a_failure_ahead_is_reported_after_the_page_before_it_with_its_cursor() {
    // Page 3 (offset 200) fails with a `500`, which is not retried; it is asked for while
    // page 2's body is held.
    let fail = canned(500, &[], r#"{"detail":"boom"}"#);
    let server = listing(500)
        .fault(hold_body(2, 3))
        .fault(Rule::new(members()).nth(3).answer(fail))
        .start()
        .await
        .unwrap();
    let client = builder(&server.api_url()).build().unwrap();

    let mut stream = client.paginate(client.raw().list_members());
    let (got, error) = until_error(&mut stream).await;

    assert!(matches!(error, Error::Server { .. }), "{error:?}");
    assert_eq!(got, (1..=200).collect::<Vec<_>>());
    assert!(stream.next().await.is_none());
    assert_eq!(stream.resume_cursor(), Some(page_cursor(200)));
    // Page 3 was asked for ahead, and nothing beyond it.
    let seen = received(&server);
    assert_eq!(cursors(&seen), pages_at(&[0, 100, 200]));
    assert!(seen.iter().all(|r| !r.hold_timed_out), "{seen:?}");
}

#[tokio::test]
async fn a_stalled_pipeline_is_what_the_held_server_detects() {
    // The held answers are a real check: without a request ahead, the held body times out.
    let server = listing(150).fault(hold_body(1, 2)).start().await.unwrap();
    let client = builder(&server.api_url()).build().unwrap();

    let members = client
        .paginate(client.raw().list_members())
        .sequential()
        .collect_all()
        .await
        .unwrap();

    assert_eq!(members.len(), 150);
    let seen = received(&server);
    assert_eq!(cursors(&seen), pages_at(&[0, 100]));
    assert!(seen[0].hold_timed_out);
}

#[tokio::test]
async fn a_page_that_fails_to_decode_drops_the_page_fetched_ahead_and_resumes_exactly() {
    // Page 2 is HTML behind a good `Link`, its body finished only once page 3 has been
    // asked for: page 3 is fetched ahead of it and must never be handed out.
    let server = listing(450).fault(hold_body(2, 3));
    // The link a real page 2 carries, to the page at offset 200.
    let link = format!(
        "<{WRONG_LINK_ORIGIN}/v1/members?cursor={}&per_page=100>; rel=\"next\"",
        page_cursor(200).replace('=', "%3D")
    );
    let html = canned(200, &[("link", &link)], "<html>login</html>");
    let server = server
        .fault(
            Rule::new(members().with_param("cursor"))
                .answer(html)
                .once(),
        )
        .start()
        .await
        .unwrap();
    let client = builder(&server.api_url()).build().unwrap();

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
    assert_eq!(cursor, Some(page_cursor(100)));
    drop(stream);
    let seen = received(&server);
    assert_eq!(cursors(&seen), pages_at(&[0, 100, 200]));
    assert!(seen.iter().all(|r| !r.hold_timed_out), "{seen:?}");

    // The stand-in now answers page 2: resuming yields exactly the rest.
    let rest = client
        .paginate_from(client.raw().list_members(), cursor)
        .collect_all()
        .await
        .unwrap();
    got.extend(ids(&rest));
    assert_eq!(got, (1..=450).collect::<Vec<_>>());
}
