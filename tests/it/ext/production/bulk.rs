//! Bulk remediation: 500 incidents resolved with bounded concurrency, and a three-step plan
//! on 100; with the client's rate limit below the server's budget, not one `429`, every
//! incident exactly one outcome and every step done once, in order.

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
use gitguardian_api_ext::workflows::{Assignee, BulkAction, BulkFailure, BulkPlan, ShareOptions};
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
    /// The actions each incident received, in order.
    actions: Mutex<BTreeMap<i64, Vec<String>>>,
}

impl Budget {
    fn resolved(&self) -> BTreeMap<i64, usize> {
        let actions = self.actions.lock().unwrap();
        actions
            .iter()
            .map(|(id, done)| (*id, done.iter().filter(|a| *a == "resolve").count()))
            .collect()
    }
}

/// Assign, share and resolve, within the budget; reopen is not served.
async fn act(
    State(budget): State<Arc<Budget>>,
    Path((id, action)): Path<(i64, String)>,
) -> Response {
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
    let mut body = incident(id);
    match action.as_str() {
        "assign" => body["status"] = json!("ASSIGNED"),
        "resolve" => {
            body["status"] = json!("RESOLVED");
            body["secret_revoked"] = json!(true);
        }
        "share" => {
            body = json!({
                "incident_id": id,
                "share_url": format!("https://dashboard.example/share/incidents/{id}"),
            })
        }
        _ => return StatusCode::NOT_FOUND.into_response(),
    }
    let mut actions = budget.actions.lock().unwrap();
    actions.entry(id).or_default().push(action);
    Json(body).into_response()
}

async fn start(budget: Arc<Budget>) -> String {
    let app = Router::new()
        .route("/v1/incidents/secrets/{id}/{action}", post(act))
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
        actions: Mutex::default(),
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
    let resolved = budget.resolved();
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
        matches!(
            zero.result,
            Err(BulkFailure {
                error: Error::InvalidInput(_),
                ..
            })
        ),
        "{zero:?}"
    );
    // Reopen is not served by this server: the other two get its answer, typed.
    for outcome in outcomes.iter().filter(|o| o.incident_id != 0) {
        assert!(
            matches!(
                outcome.result,
                Err(BulkFailure {
                    error: Error::UnexpectedContent { .. } | Error::NotFound { .. },
                    ..
                })
            ),
            "{outcome:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plan_under_the_rate_limit_gets_no_429_and_each_step_once_in_order() {
    const PLANNED: i64 = 100;
    let budget = budget();
    let base = start(budget.clone()).await;
    // 7,000 per minute is about 117 per second, spaced evenly: under the server's 120.
    let client = GitGuardian::builder()
        .api_key(KEY)
        .api_url(base)
        .requests_per_minute(7_000)
        .retry_policy(RetryPolicy::standard())
        .build()
        .unwrap();
    let plan = BulkPlan::new()
        .then(BulkAction::Assign(Assignee::email("dana.lee@example.com")))
        .then(BulkAction::Share(ShareOptions::new()))
        .then(BulkAction::Resolve {
            secret_revoked: true,
        });
    let outcomes: Vec<_> = client
        .incidents()
        .bulk(1..=PLANNED, plan, 32)
        .collect()
        .await;

    assert_eq!(budget.limited.load(Ordering::SeqCst), 0, "no 429 at all");
    assert_eq!(outcomes.len(), PLANNED as usize);
    assert!(outcomes.iter().all(|o| o.is_done() && o.done.len() == 3));
    let actions = budget.actions.lock().unwrap().clone();
    assert_eq!(actions.len(), PLANNED as usize, "one outcome per incident");
    for (id, done) in &actions {
        assert_eq!(done, &["assign", "share", "resolve"], "incident {id}");
    }
}
