//! A 30 % 429 storm (`Retry-After: 1`) on the stand-in: under the default policy, 10 of 10
//! long listings (10,000 members each) complete with every item once, because waits the
//! server asks for are bounded by `max_total_wait`, not by `max_attempts`.

use std::time::Instant;

use gitguardian_api_ext::{GitGuardian, RetryPolicy};
use gitguardian_standin::{Fault, Generate, Route, Rule, StandIn, FIRST_MEMBER_ID};

const ITEMS: usize = 10_000;
const LISTINGS: usize = 10;
/// Picks which requests the storm refuses, the same ones on every run: with this seed, 3 in
/// 10 of the first 1,429.
const SEED: u64 = 8;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_long_listings_complete_under_a_30_percent_429_storm_with_the_default_policy() {
    let stand_in = StandIn::builder()
        .workspace(
            Generate {
                members: ITEMS,
                ..Generate::default()
            }
            .workspace(),
        )
        .fault(
            Rule::new(Route::get("/v1/members"))
                .answer(Fault::TooManyRequests {
                    retry_after: Some(1),
                })
                .per_mille(300, SEED),
        )
        .keep_bodies(false)
        .start()
        .await
        .expect("the stand-in starts");

    let client = GitGuardian::builder()
        .api_key(stand_in.api_key())
        .api_url(stand_in.api_url())
        .retry_policy(RetryPolicy::standard())
        .build()
        .unwrap();
    let started = Instant::now();
    let listings = (0..LISTINGS).map(|_| {
        let client = client.clone();
        async move {
            client
                .paginate(client.raw().list_members())
                .collect_all()
                .await
        }
    });
    let results = futures::future::join_all(listings).await;

    let expected: Vec<i64> = (FIRST_MEMBER_ID..FIRST_MEMBER_ID + ITEMS as i64).collect();
    let mut complete = 0;
    for result in results {
        let members = result.expect("a listing that completes");
        let ids: Vec<i64> = members.iter().map(|m| m.id).collect();
        assert_eq!(ids, expected, "every item once, in order");
        complete += 1;
    }
    assert_eq!(complete, LISTINGS);

    let count = stand_in.count(&Route::get("/v1/members"));
    let (requests, limited) = (count.requests, count.faults);
    // Every refusal is the storm's 429, and nothing else was refused.
    assert_eq!(count.refused, limited);
    assert!(stand_in
        .requests()
        .iter()
        .filter(|r| r.fault.is_some())
        .all(|r| r.status == 429 && r.fault == Some("429")));
    // 100 pages per listing, and the refused requests on top.
    assert_eq!(requests - limited, LISTINGS as u64 * 100);
    assert!(
        limited * 10 >= requests * 3 - 10,
        "{limited} of {requests} refused"
    );
    eprintln!(
        "storm: {LISTINGS} listings x {ITEMS} items, {requests} requests, {limited} answered 429, \
         {:.1} s",
        started.elapsed().as_secs_f64()
    );
}
