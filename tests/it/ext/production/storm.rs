//! A 30 % 429 storm (`Retry-After: 1`): under the default policy, 10 of 10 long listings
//! (10,000 items each) complete with every item once, because waits the server asks for are
//! bounded by `max_total_wait`, not by `max_attempts`.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Instant;

use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use gitguardian_api_ext::{GitGuardian, RetryPolicy};
use serde_json::{json, Value};

use crate::ext::support::{member_json, KEY};

const ITEMS: u64 = 10_000;
const LISTINGS: usize = 10;

#[derive(Default)]
struct Storm {
    requests: AtomicU64,
    limited: AtomicU64,
}

/// 3 requests in 10 are refused with `Retry-After: 1`; the others get the page at `cursor`
/// (`p<offset>`) and a `Link` to the next one.
async fn members(
    State(storm): State<Arc<Storm>>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let n = storm.requests.fetch_add(1, Ordering::SeqCst);
    if n % 10 < 3 {
        storm.limited.fetch_add(1, Ordering::SeqCst);
        let body = Json(json!({"detail": "Request was throttled."}));
        return (
            StatusCode::TOO_MANY_REQUESTS,
            [(header::RETRY_AFTER, "1")],
            body,
        )
            .into_response();
    }
    let per_page: u64 = query
        .get("per_page")
        .and_then(|p| p.parse().ok())
        .unwrap_or(20)
        .clamp(1, 100);
    let offset: u64 = query
        .get("cursor")
        .and_then(|c| c.strip_prefix('p'))
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let end = (offset + per_page).min(ITEMS);
    let items: Vec<Value> = (offset + 1..=end)
        .map(|id| member_json(id as i64))
        .collect();
    let mut response = Json(Value::Array(items)).into_response();
    if end < ITEMS {
        let link = format!(
            "<http://localhost/v1/members?cursor=p{end}&per_page={per_page}>; rel=\"next\""
        );
        response
            .headers_mut()
            .insert(header::LINK, link.parse().unwrap());
    }
    response
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_long_listings_complete_under_a_30_percent_429_storm_with_the_default_policy() {
    let storm = Arc::new(Storm::default());
    let app = Router::new()
        .route("/v1/members", get(members))
        .with_state(storm.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });

    let client = GitGuardian::builder()
        .api_key(KEY)
        .api_url(base)
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

    let mut complete = 0;
    for result in results {
        let members = result.expect("a listing that completes");
        let ids: Vec<i64> = members.iter().map(|m| m.id).collect();
        assert_eq!(
            ids,
            (1..=ITEMS as i64).collect::<Vec<_>>(),
            "every item once, in order"
        );
        complete += 1;
    }
    assert_eq!(complete, LISTINGS);
    let (requests, limited) = (
        storm.requests.load(Ordering::SeqCst),
        storm.limited.load(Ordering::SeqCst),
    );
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
