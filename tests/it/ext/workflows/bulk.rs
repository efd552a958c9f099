//! Bulk plans against the stand-in: each incident's steps in order, a failed step that ends
//! its plan and is reported with what was done, resuming from what is left without doing a
//! step twice, and at most `concurrency` incidents in flight. (The rate limit against a
//! server's budget is in `ext::production::bulk`: the stand-in has no budget of its own.)

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use futures::StreamExt;
use gitguardian_api_ext::workflows::{
    Assignee, BulkAction, BulkAnswer, BulkFailure, BulkOutcome, BulkPlan, ShareOptions,
};
use gitguardian_api_ext::{Error, GitGuardian, RetryPolicy};
use gitguardian_standin::{
    Fault, LoggedRequest, Route, Rule, StandIn, StandInBuilder, Status, Workspace,
};

const ASSIGNEE: &str = "alice.martin@example.com";

/// The demo stand-in with `rules`, and a client for it whose retries do not wait.
async fn start(rules: Vec<Rule>) -> (StandIn, GitGuardian) {
    let builder = rules
        .into_iter()
        .fold(StandIn::demo(), StandInBuilder::fault);
    let stand_in = builder.start().await.expect("stand-in starts");
    let client = GitGuardian::builder()
        .api_key(stand_in.api_key())
        .api_url(stand_in.api_url())
        .retry_policy(RetryPolicy::standard().max_delay(Duration::ZERO))
        .build()
        .expect("client");
    (stand_in, client)
}

/// `n` of the demo workspace's `TRIGGERED` incidents.
fn triggered(n: usize) -> Vec<i64> {
    let ids: Vec<i64> = Workspace::demo()
        .with_status(Status::Triggered)
        .map(|incident| incident.id)
        .take(n)
        .collect();
    assert_eq!(
        ids.len(),
        n,
        "the demo workspace has enough TRIGGERED incidents"
    );
    ids
}

/// Assign, share, resolve: the remediation of the cheat sheet.
fn remediation() -> BulkPlan {
    BulkPlan::new()
        .then(BulkAction::Assign(Assignee::email(ASSIGNEE)))
        .then(BulkAction::Share(ShareOptions::new().lifespan_hours(24)))
        .then(BulkAction::Resolve {
            secret_revoked: true,
        })
}

/// The incident and the action (`assign`, `share`...) of a
/// `POST /v1/incidents/secrets/{id}/{action}`.
fn action_of(request: &LoggedRequest) -> Option<(i64, String)> {
    if request.method != "POST" {
        return None;
    }
    let rest = request.path.strip_prefix("/v1/incidents/secrets/")?;
    let (id, action) = rest.split_once('/')?;
    Some((id.parse().ok()?, action.to_string()))
}

/// The actions each incident received, in the order the stand-in answered them, with the
/// status answered.
fn actions_by_incident(requests: &[LoggedRequest]) -> BTreeMap<i64, Vec<(String, u16)>> {
    let mut by_incident: BTreeMap<i64, Vec<(String, u16)>> = BTreeMap::new();
    for request in requests {
        if let Some((id, action)) = action_of(request) {
            by_incident
                .entry(id)
                .or_default()
                .push((action, request.status));
        }
    }
    by_incident
}

fn ok_steps(steps: &[&str]) -> Vec<(String, u16)> {
    steps.iter().map(|step| (step.to_string(), 200)).collect()
}

async fn collect(outcomes: impl futures::Stream<Item = BulkOutcome>) -> BTreeMap<i64, BulkOutcome> {
    let outcomes: Vec<BulkOutcome> = outcomes.collect().await;
    let count = outcomes.len();
    let by_id: BTreeMap<i64, BulkOutcome> = outcomes
        .into_iter()
        .map(|outcome| (outcome.incident_id, outcome))
        .collect();
    assert_eq!(by_id.len(), count, "one outcome per incident");
    by_id
}

#[tokio::test]
async fn each_incident_gets_its_steps_in_order_and_one_outcome_with_the_answers() {
    let (stand_in, client) = start(Vec::new()).await;
    let ids = triggered(8);
    // A repeated id is worked on once.
    let given: Vec<i64> = ids.iter().copied().chain([ids[0], ids[3]]).collect();
    let outcomes = client.incidents().bulk(given, remediation(), 4);
    assert_eq!(outcomes.total(), ids.len());
    let outcomes = collect(outcomes).await;

    assert_eq!(
        outcomes.keys().copied().collect::<BTreeSet<_>>(),
        ids.iter().copied().collect()
    );
    let actions = actions_by_incident(&stand_in.requests());
    assert_eq!(actions.len(), ids.len());
    for id in &ids {
        assert_eq!(
            actions[id],
            ok_steps(&["assign", "share", "resolve"]),
            "{id}"
        );
        let outcome = &outcomes[id];
        assert!(outcome.is_done(), "{outcome:?}");
        assert!(outcome.remaining().is_empty());
        let answers: Vec<&BulkAnswer> = outcome.done.iter().map(|step| &step.answer).collect();
        match answers[..] {
            [BulkAnswer::Incident(assigned), BulkAnswer::Shared(link), BulkAnswer::Incident(resolved)] =>
            {
                assert_eq!(assigned.assignee_email.as_deref(), Some(ASSIGNEE));
                assert_eq!(assigned.status.to_string(), "ASSIGNED");
                assert_eq!(link.incident_id, *id);
                assert!(
                    link.share_url.starts_with(stand_in.origin()),
                    "{}",
                    link.share_url
                );
                assert_eq!(resolved.status.to_string(), "RESOLVED");
                assert!(resolved.secret_revoked);
            }
            _ => panic!("{id}: {answers:?}"),
        }
        let actions: Vec<BulkAction> = outcome.done.iter().map(|s| s.action.clone()).collect();
        assert_eq!(actions, remediation().steps());
        // The stand-in kept every change.
        let incident = stand_in.incident(*id).unwrap();
        assert_eq!(incident.status, Status::Resolved);
        assert!(incident.share_url.is_some() && incident.assignee_id.is_some());
    }
}

#[tokio::test]
async fn a_failed_step_ends_that_incidents_plan_and_says_what_was_done() {
    let ids = triggered(4);
    let broken = ids[1];
    let rule = Rule::new(Route::post(&format!(
        "/v1/incidents/secrets/{broken}/share"
    )))
    .answer(Fault::Maintenance);
    let (stand_in, client) = start(vec![rule]).await;
    let outcomes = collect(client.incidents().bulk(ids.clone(), remediation(), 2)).await;

    let failed = &outcomes[&broken];
    assert_eq!(failed.done.len(), 1, "assign was done: {failed:?}");
    assert_eq!(
        failed.done[0].action,
        BulkAction::Assign(Assignee::email(ASSIGNEE))
    );
    match &failed.result {
        Err(BulkFailure {
            step: 1,
            action: BulkAction::Share(_),
            error: Error::Maintenance { .. },
            ..
        }) => {}
        other => panic!("{other:?}"),
    }
    let message = failed.result.as_ref().unwrap_err().to_string();
    assert!(message.starts_with("step 2 (share) failed: "), "{message}");
    // What is left: the failed step and the one after it.
    assert_eq!(failed.remaining(), remediation().skip(1));
    assert_eq!(failed.remaining().len(), 2);

    let actions = actions_by_incident(&stand_in.requests());
    // A POST refused with 503 is not sent again, and resolve was never attempted.
    assert_eq!(
        actions[&broken],
        [("assign".to_string(), 200), ("share".to_string(), 503)]
    );
    let incident = stand_in.incident(broken).unwrap();
    assert_eq!(incident.status, Status::Assigned);
    assert_eq!(incident.share_url, None);
    // The others were done in full.
    for id in ids.iter().filter(|id| **id != broken) {
        assert!(outcomes[id].is_done(), "{:?}", outcomes[id]);
        assert_eq!(actions[id], ok_steps(&["assign", "share", "resolve"]));
    }
}

#[tokio::test]
async fn invalid_ids_fail_at_the_first_step_before_anything_is_sent() {
    let (stand_in, client) = start(Vec::new()).await;
    let outcomes = collect(client.incidents().bulk([0, -4], remediation(), 2)).await;
    for outcome in outcomes.values() {
        assert!(outcome.done.is_empty());
        assert!(
            matches!(
                outcome.result,
                Err(BulkFailure {
                    step: 0,
                    error: Error::InvalidInput(_),
                    ..
                })
            ),
            "{outcome:?}"
        );
        assert_eq!(outcome.remaining(), remediation());
    }
    assert!(stand_in.requests().is_empty(), "{:?}", stand_in.requests());
}

#[tokio::test]
async fn a_resumed_run_does_what_was_left_and_nothing_twice() {
    // The first share of the second incident fails once; then all is well.
    let ids = triggered(6);
    let flaky = Rule::new(Route::post(&format!(
        "/v1/incidents/secrets/{}/share",
        ids[1]
    )))
    .answer(Fault::Maintenance)
    .once();
    let (stand_in, client) = start(vec![flaky]).await;
    let plan = remediation();

    // Run 1, stopped after two outcomes (one incident at a time: the third has not started).
    let mut outcomes = client.incidents().bulk(ids.clone(), plan.clone(), 1);
    let mut first = Vec::new();
    while let Some(outcome) = outcomes.next().await {
        first.push(outcome);
        if first.len() == 2 {
            break;
        }
    }
    drop(outcomes);
    assert_eq!(first[0].incident_id, ids[0]);
    assert!(first[0].is_done());
    assert_eq!(first[1].incident_id, ids[1]);
    assert_eq!(first[1].done.len(), 1, "{:?}", first[1]);

    // Run 2: what failed from its failed step, what has no outcome from the start.
    let seen: BTreeSet<i64> = first.iter().map(|o| o.incident_id).collect();
    let work: Vec<(i64, BulkPlan)> = first
        .iter()
        .filter(|o| !o.is_done())
        .map(|o| (o.incident_id, o.remaining()))
        .chain(
            ids.iter()
                .filter(|id| !seen.contains(id))
                .map(|id| (*id, plan.clone())),
        )
        .collect();
    let second = collect(client.incidents().bulk_each(work, 3)).await;
    assert_eq!(
        second.len(),
        ids.len() - 1,
        "all but the incident done in run 1"
    );
    assert!(second.values().all(BulkOutcome::is_done), "{second:?}");
    assert_eq!(second[&ids[1]].done.len(), 2, "share and resolve");

    let actions = actions_by_incident(&stand_in.requests());
    assert_eq!(
        actions[&ids[1]],
        [
            ("assign".to_string(), 200),
            ("share".to_string(), 503),
            ("share".to_string(), 200),
            ("resolve".to_string(), 200),
        ]
    );
    for id in ids.iter().filter(|id| **id != ids[1]) {
        assert_eq!(
            actions[id],
            ok_steps(&["assign", "share", "resolve"]),
            "{id}"
        );
    }
    for id in &ids {
        assert_eq!(stand_in.incident(*id).unwrap().status, Status::Resolved);
    }
}

#[tokio::test]
async fn ensure_shared_keeps_an_existing_link_so_a_plan_can_run_again() {
    let (stand_in, client) = start(Vec::new()).await;
    let ids = triggered(2);
    let plan = BulkPlan::new()
        .then(BulkAction::Assign(Assignee::email(ASSIGNEE)))
        .then(BulkAction::EnsureShared(ShareOptions::new()));
    for run in 0..2 {
        let outcomes = collect(client.incidents().bulk(ids.clone(), plan.clone(), 2)).await;
        for outcome in outcomes.values() {
            assert!(outcome.is_done(), "run {run}: {outcome:?}");
            let shared = &outcome.done[1].answer;
            match (run, shared) {
                (0, BulkAnswer::Shared(_)) | (1, BulkAnswer::AlreadyShared) => {}
                _ => panic!("run {run}: {shared:?}"),
            }
        }
    }
    let actions = actions_by_incident(&stand_in.requests());
    for id in &ids {
        assert_eq!(
            actions[id],
            [
                ("assign".to_string(), 200),
                ("share".to_string(), 200),
                ("assign".to_string(), 200),
                ("share".to_string(), 409),
            ]
        );
    }
}

/// The most incidents in flight at once that the stand-in's log proves: an incident is in
/// flight from its first answered request to its last, so the spans that overlap in the log
/// (which is in answer order) were in flight together.
fn peak_in_flight(requests: &[LoggedRequest]) -> usize {
    let order: Vec<i64> = requests
        .iter()
        .filter_map(action_of)
        .map(|(id, _)| id)
        .collect();
    let mut spans: BTreeMap<i64, (usize, usize)> = BTreeMap::new();
    for (at, id) in order.iter().enumerate() {
        spans
            .entry(*id)
            .and_modify(|span| span.1 = at)
            .or_insert((at, at));
    }
    (0..order.len())
        .map(|at| {
            spans
                .values()
                .filter(|(first, last)| *first <= at && at <= *last)
                .count()
        })
        .max()
        .unwrap_or(0)
}

#[tokio::test]
async fn at_most_concurrency_incidents_are_in_flight() {
    // Every action answers 10 ms late, so incidents in flight together interleave.
    let ids = triggered(12);
    for concurrency in [1, 3] {
        let slow = Rule::new(Route::path("/v1/incidents/secrets/{incident_id}/{action}"))
            .answer(Fault::Delay(Duration::from_millis(10)));
        let (stand_in, client) = start(vec![slow]).await;
        let plan = BulkPlan::new()
            .then(BulkAction::Assign(Assignee::email(ASSIGNEE)))
            .then(BulkAction::EnsureShared(ShareOptions::new()))
            .then(BulkAction::Assign(Assignee::email(ASSIGNEE)));
        let outcomes = collect(client.incidents().bulk(ids.clone(), plan, concurrency)).await;
        assert!(outcomes.values().all(BulkOutcome::is_done));
        let requests = stand_in.requests();
        let peak = peak_in_flight(&requests);
        assert!(
            peak <= concurrency,
            "{peak} in flight with concurrency {concurrency}"
        );
        if concurrency == 1 {
            assert_eq!(peak, 1);
        } else {
            assert!(peak > 1, "the run was concurrent: {peak}");
        }
        for steps in actions_by_incident(&requests).values() {
            assert_eq!(steps, &ok_steps(&["assign", "share", "assign"]));
        }
    }
}
