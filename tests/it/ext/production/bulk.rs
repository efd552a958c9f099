//! Bulk remediation against the stand-in with GitGuardian's rate limit (a budget of 120
//! requests a second): 500 incidents resolved with bounded concurrency, and a three-step plan
//! on 100; with the client's rate limit below the budget, not one `429`, every incident
//! exactly one outcome and every step done once, in order.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use futures::StreamExt;
use gitguardian_api_ext::workflows::{Assignee, BulkAction, BulkFailure, BulkPlan, ShareOptions};
use gitguardian_api_ext::{Error, GitGuardian, RetryPolicy};
use gitguardian_standin::{
    Generate, Incident, Route, Rule, StandIn, Status, Workspace, FIRST_INCIDENT_ID,
};

const INCIDENTS: i64 = 500;
/// The server's budget: requests per one-second window.
const BUDGET_PER_SECOND: u64 = 120;

/// A stand-in with `incidents` open incidents and GitGuardian's rate limit on every route.
async fn stand_in(incidents: i64) -> StandIn {
    let workspace = Workspace {
        incidents: (FIRST_INCIDENT_ID..FIRST_INCIDENT_ID + incidents)
            .map(Incident::sample)
            .collect(),
        ..Generate::default().workspace()
    };
    StandIn::builder()
        .workspace(workspace)
        .fault(Rule::new(Route::any()).over_budget(BUDGET_PER_SECOND, Duration::from_secs(1)))
        .start()
        .await
        .expect("the stand-in starts")
}

fn client(stand_in: &StandIn, requests_per_minute: u32) -> GitGuardian {
    GitGuardian::builder()
        .api_key(stand_in.api_key())
        .api_url(stand_in.api_url())
        .requests_per_minute(requests_per_minute)
        .retry_policy(RetryPolicy::standard())
        .build()
        .expect("a client")
}

/// The actions each incident was sent (whatever the answer), in the order the stand-in saw
/// them, and the number of `429`s it answered.
fn actions(stand_in: &StandIn) -> (BTreeMap<i64, Vec<String>>, usize) {
    let route = Route::post("/v1/incidents/secrets/{incident_id}/{action}");
    let requests = stand_in.requests();
    let mut actions: BTreeMap<i64, Vec<String>> = BTreeMap::new();
    for request in requests.iter().filter(|r| r.matches(&route)) {
        let mut segments = request.path.rsplit('/');
        let action = segments.next().expect("an action").to_string();
        let id = segments
            .next()
            .and_then(|id| id.parse().ok())
            .expect("an id");
        actions.entry(id).or_default().push(action);
    }
    let throttled = requests.iter().filter(|r| r.status == 429).count();
    (actions, throttled)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bulk_resolve_under_the_rate_limit_gets_no_429_and_one_outcome_per_incident() {
    let stand_in = stand_in(INCIDENTS).await;
    // 6,000 per minute is 100 per second, one every 10 ms: under the server's 120.
    let client = client(&stand_in, 6_000);
    let last = FIRST_INCIDENT_ID + INCIDENTS - 1;
    // Repeated ids are acted on once.
    let ids: Vec<i64> = (FIRST_INCIDENT_ID..=last)
        .chain([FIRST_INCIDENT_ID, FIRST_INCIDENT_ID + 1, last])
        .collect();
    let action = BulkAction::Resolve {
        secret_revoked: true,
    };
    let outcomes: Vec<_> = client.incidents().bulk(ids, action, 16).collect().await;

    let (actions, throttled) = actions(&stand_in);
    assert_eq!(throttled, 0, "no 429 at all");
    assert_eq!(stand_in.counters().faults, 0);
    assert_eq!(outcomes.len(), INCIDENTS as usize);
    let ids: BTreeSet<i64> = outcomes.iter().map(|o| o.incident_id).collect();
    assert_eq!(
        ids,
        (FIRST_INCIDENT_ID..=last).collect(),
        "one outcome per incident"
    );
    for outcome in &outcomes {
        assert!(
            outcome.result.is_ok(),
            "{}: {:?}",
            outcome.incident_id,
            outcome.result
        );
    }
    assert_eq!(actions.len(), INCIDENTS as usize);
    assert!(
        actions.values().all(|done| done == &["resolve"]),
        "each incident resolved exactly once"
    );
    let workspace = stand_in.workspace();
    assert!(workspace
        .incidents
        .iter()
        .all(|i| i.status == Status::Resolved && i.secret_revoked));
    // Each resolve is one audit event.
    let audited = workspace
        .audit_logs
        .iter()
        .filter(|event| event.event_name == "incident.resolve")
        .count();
    assert_eq!(audited, INCIDENTS as usize);
    eprintln!(
        "bulk: {INCIDENTS} incidents, {} requests",
        stand_in.counters().requests
    );
}

#[tokio::test]
async fn refused_incidents_get_their_error_and_the_others_are_done() {
    let stand_in = stand_in(2).await;
    let client = GitGuardian::builder()
        .api_key(stand_in.api_key())
        .api_url(stand_in.api_url())
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap();
    let (first, second) = (FIRST_INCIDENT_ID, FIRST_INCIDENT_ID + 1);
    let outcomes: Vec<_> = client
        .incidents()
        .bulk([first, 0, second], BulkAction::Reopen, 2)
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
    // Both incidents are open: the stand-in refuses to reopen them, and each gets that, typed.
    for outcome in outcomes.iter().filter(|o| o.incident_id != 0) {
        assert!(
            matches!(
                outcome.result,
                Err(BulkFailure {
                    error: Error::Conflict { .. },
                    ..
                })
            ),
            "{outcome:?}"
        );
    }
    // The invalid id was never sent.
    let sent: BTreeSet<String> = stand_in.requests().iter().map(|r| r.path.clone()).collect();
    assert_eq!(
        sent,
        [first, second]
            .map(|id| format!("/v1/incidents/secrets/{id}/reopen"))
            .into()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plan_under_the_rate_limit_gets_no_429_and_each_step_once_in_order() {
    const PLANNED: i64 = 100;
    let stand_in = stand_in(PLANNED).await;
    // 7,000 per minute is about 117 per second, spaced evenly: under the server's 120.
    let client = client(&stand_in, 7_000);
    let member = stand_in.workspace().members[0].email.clone();
    let plan = BulkPlan::new()
        .then(BulkAction::Assign(Assignee::email(member)))
        .then(BulkAction::Share(ShareOptions::new()))
        .then(BulkAction::Resolve {
            secret_revoked: true,
        });
    let last = FIRST_INCIDENT_ID + PLANNED - 1;
    let outcomes: Vec<_> = client
        .incidents()
        .bulk(FIRST_INCIDENT_ID..=last, plan, 32)
        .collect()
        .await;

    let (actions, throttled) = actions(&stand_in);
    assert_eq!(throttled, 0, "no 429 at all");
    assert_eq!(outcomes.len(), PLANNED as usize);
    assert!(outcomes.iter().all(|o| o.is_done() && o.done.len() == 3));
    assert_eq!(actions.len(), PLANNED as usize, "one outcome per incident");
    for (id, done) in &actions {
        assert_eq!(done, &["assign", "share", "resolve"], "incident {id}");
    }
    for incident in stand_in.workspace().incidents {
        assert_eq!(incident.status, Status::Resolved, "{}", incident.id);
        assert!(incident.share_url.is_some(), "{}", incident.id);
        assert!(incident.assignee_id.is_some(), "{}", incident.id);
    }
}
