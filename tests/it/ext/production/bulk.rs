//! Bulk remediation: 500 incidents resolved with bounded concurrency; with the client's rate
//! limit below the server's budget, not one `429`, and every incident exactly one outcome.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use futures::StreamExt;
use gitguardian_api_ext::workflows::BulkAction;
use gitguardian_api_ext::{Error, GitGuardian, RetryPolicy};
use serde_json::json;

use crate::ext::paginate::incident;
use crate::ext::support::KEY;

const INCIDENTS: i64 = 500;
/// The server's budget: requests per one-second window.
const BUDGET_PER_SECOND: u64 = 120;

struct Budget {
    started: Instant,
    windows: Mutex<BTreeMap<u64, u64>>,
    limited: AtomicU64,
    resolved: Mutex<BTreeMap<i64, u32>>,
}

async fn resolve(State(budget): State<Arc<Budget>>, Path(id): Path<i64>) -> Response {
    let window = budget.started.elapsed().as_secs();
    let used = {
        let mut windows = budget.windows.lock().unwrap();
        let used = windows.entry(window).or_default();
        *used += 1;
        *used
    };
    if used > BUDGET_PER_SECOND {
        budget.limited.fetch_add(1, Ordering::SeqCst);
        let body = Json(json!({"detail": "Request was throttled."}));
        return (
            StatusCode::TOO_MANY_REQUESTS,
            [(header::RETRY_AFTER, "1")],
            body,
        )
            .into_response();
    }
    *budget.resolved.lock().unwrap().entry(id).or_default() += 1;
    let mut body = incident(id);
    body["status"] = json!("RESOLVED");
    body["secret_revoked"] = json!(true);
    Json(body).into_response()
}

async fn start(budget: Arc<Budget>) -> String {
    let app = Router::new()
        .route("/v1/incidents/secrets/{id}/resolve", post(resolve))
        .with_state(budget);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    base
}

fn budget() -> Arc<Budget> {
    Arc::new(Budget {
        started: Instant::now(),
        windows: Mutex::default(),
        limited: AtomicU64::new(0),
        resolved: Mutex::default(),
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bulk_resolve_under_the_rate_limit_gets_no_429_and_one_outcome_per_incident() {
    let budget = budget();
    let base = start(budget.clone()).await;
    // 6,000 per minute is 100 per second, one every 10 ms: under the server's 120.
    let client = GitGuardian::builder()
        .api_key(KEY)
        .api_url(base)
        .requests_per_minute(6_000)
        .retry_policy(RetryPolicy::standard())
        .build()
        .unwrap();
    // Repeated ids are acted on once.
    let ids: Vec<i64> = (1..=INCIDENTS).chain([1, 2, 3]).collect();
    let action = BulkAction::Resolve {
        secret_revoked: true,
    };
    let outcomes: Vec<_> = client.incidents().bulk(ids, action, 16).collect().await;

    assert_eq!(budget.limited.load(Ordering::SeqCst), 0, "no 429 at all");
    assert_eq!(outcomes.len(), INCIDENTS as usize);
    let ids: BTreeSet<i64> = outcomes.iter().map(|o| o.incident_id).collect();
    assert_eq!(ids, (1..=INCIDENTS).collect(), "one outcome per incident");
    for outcome in &outcomes {
        assert!(
            outcome.result.is_ok(),
            "{}: {:?}",
            outcome.incident_id,
            outcome.result
        );
    }
    let resolved = budget.resolved.lock().unwrap().clone();
    assert_eq!(resolved.len(), INCIDENTS as usize);
    assert!(
        resolved.values().all(|&n| n == 1),
        "each incident resolved exactly once"
    );
    let busiest = budget.windows.lock().unwrap().values().copied().max();
    eprintln!("bulk: {INCIDENTS} incidents, busiest second {busiest:?} requests");
}

#[tokio::test]
async fn refused_incidents_get_their_error_and_the_others_are_done() {
    let budget = budget();
    let base = start(budget.clone()).await;
    let client = GitGuardian::builder()
        .api_key(KEY)
        .api_url(base)
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap();
    let outcomes: Vec<_> = client
        .incidents()
        .bulk([5, 0, 6], BulkAction::Reopen, 2)
        .collect()
        .await;
    assert_eq!(outcomes.len(), 3);
    let zero = outcomes.iter().find(|o| o.incident_id == 0).unwrap();
    assert!(
        matches!(zero.result, Err(Error::InvalidInput(_))),
        "{zero:?}"
    );
    // Reopen is not served by this server: the other two get its answer, typed.
    for outcome in outcomes.iter().filter(|o| o.incident_id != 0) {
        assert!(
            matches!(
                outcome.result,
                Err(Error::UnexpectedContent { .. }) | Err(Error::NotFound { .. })
            ),
            "{outcome:?}"
        );
    }
}
