//! The bridge (`github::sync`) against both stand-ins seeded from `sync_demo`: the matching
//! and mapping table, scopes, dry run and apply as seen in the stand-ins' logs and state,
//! reruns, conflicts, refused PATCHes and rate limits on either side.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};

use gitguardian_api_ext::github::sync::{Outcome, Plan, Reason, Scope};
use gitguardian_api_ext::github::{GitHub, GitHubErrorKind};
use gitguardian_api_ext::{ClientBuilder, Error, GitGuardian, RetryCause, RetryEvent};
use gitguardian_standin::github::{
    sync_demo, AlertLocation, AlertState, GitHubPaging, GitHubStandIn, GitHubStandInBuilder,
    GitHubWorkspace, SYNC_DEMO_DISABLED_REPOSITORY, SYNC_DEMO_ENTERPRISE,
};
use gitguardian_standin::{
    Fault, LoggedRequest, Route, Rule, StandIn, StandInBuilder, Status, Workspace,
};
use serde_json::Value;

use crate::ext::support::fast_policy;

/// What the demo's open alerts become: `(repository, number)` → the resolution, or why not.
fn expected_demo() -> BTreeMap<(&'static str, i64), Result<&'static str, Reason>> {
    BTreeMap::from([
        (("acme/data-pipelines", 1), Ok("revoked")),
        (("acme/infra-terraform", 1), Err(Reason::NoCommitLocation)),
        (("acme/internal-tools", 1), Ok("used_in_tests")),
        (("acme/internal-tools", 2), Ok("wont_fix")),
        (("acme/mobile-app", 1), Ok("false_positive")),
        (("acme/mobile-app", 2), Err(Reason::NoMatch)),
        (("acme/payments-api", 1), Ok("wont_fix")),
        (("acme/payments-api", 2), Err(Reason::Untriaged)),
        (("acme/payments-api", 3), Err(Reason::Untriaged)),
        (("acme/web-storefront", 1), Err(Reason::Untriaged)),
    ])
}

/// Both stand-ins and a client for each, with their retries recorded.
struct Bridge {
    github_stand_in: GitHubStandIn,
    gitguardian_stand_in: StandIn,
    github: GitHub,
    gitguardian: GitGuardian,
    retries: Arc<Mutex<Vec<RetryEvent>>>,
}

impl Bridge {
    async fn start(github: GitHubStandInBuilder, gitguardian: StandInBuilder) -> Bridge {
        let github_stand_in = github.start().await.expect("GitHub stand-in starts");
        let gitguardian_stand_in = gitguardian
            .start()
            .await
            .expect("GitGuardian stand-in starts");
        let retries = Arc::new(Mutex::new(Vec::new()));
        let (a, b) = (retries.clone(), retries.clone());
        let github = GitHub::builder()
            .token(github_stand_in.token())
            .base_url(github_stand_in.api_url())
            .retry_policy(fast_policy())
            .on_retry(move |e| a.lock().unwrap().push(e.clone()))
            .build()
            .unwrap();
        let gitguardian = ClientBuilder::new()
            .api_key(gitguardian_stand_in.api_key())
            .api_url(gitguardian_stand_in.api_url())
            .retry_policy(fast_policy())
            .on_retry(move |e| b.lock().unwrap().push(e.clone()))
            .build()
            .unwrap();
        Bridge {
            github_stand_in,
            gitguardian_stand_in,
            github,
            gitguardian,
            retries,
        }
    }

    /// The stand-ins seeded from `sync_demo`, with no faults.
    async fn demo() -> Bridge {
        let (gitguardian, github) = sync_demo();
        Bridge::start(
            GitHubStandIn::builder().workspace(github),
            StandIn::builder().workspace(gitguardian),
        )
        .await
    }

    async fn plan(&self, scope: &Scope) -> Result<Plan, Error> {
        self.github.sync(&self.gitguardian).plan(scope).await
    }

    fn patches(&self) -> Vec<LoggedRequest> {
        self.github_stand_in
            .requests()
            .into_iter()
            .filter(|r| r.method == "PATCH")
            .collect()
    }
}

fn enterprise() -> Scope {
    Scope::enterprise(SYNC_DEMO_ENTERPRISE).unwrap()
}

/// The plan as `(repository, number)` → the resolution it sets, or the reason it does not.
fn outcomes(plan: &Plan) -> BTreeMap<(String, i64), Result<String, Reason>> {
    plan.alerts
        .iter()
        .map(|a| {
            let outcome = match &a.outcome {
                Outcome::Change(change) => Ok(change.resolution.to_string()),
                Outcome::NoChange(reason) => Err(*reason),
            };
            ((a.alert.repository.clone(), a.alert.number), outcome)
        })
        .collect()
}

fn owned(
    expected: BTreeMap<(&'static str, i64), Result<&'static str, Reason>>,
) -> BTreeMap<(String, i64), Result<String, Reason>> {
    expected
        .into_iter()
        .map(|((r, n), o)| ((r.to_string(), n), o.map(str::to_string)))
        .collect()
}

#[tokio::test]
async fn the_dry_run_maps_every_triage_kind_and_sends_no_patch() {
    let bridge = Bridge::demo().await;
    let plan = bridge.plan(&enterprise()).await.expect("a plan");

    assert_eq!(outcomes(&plan), owned(expected_demo()));
    // The alert already resolved in GitHub is not open: not in the plan at all.
    assert!(!plan
        .alerts
        .iter()
        .any(|a| a.alert.repository == "acme/web-storefront" && a.alert.number == 2));

    let by_key = |repo: &str, number: i64| {
        plan.alerts
            .iter()
            .find(|a| a.alert.repository == repo && a.alert.number == number)
            .unwrap()
    };
    // Two locations, both occurrences of the same incident.
    let two = by_key("acme/payments-api", 1);
    assert_eq!(two.locations.commits.len(), 2);
    assert_eq!(
        two.incidents.iter().map(|i| i.id).collect::<Vec<_>>(),
        [84250]
    );
    // No location at all, and a location GitGuardian never saw.
    assert!(by_key("acme/infra-terraform", 1)
        .locations
        .commits
        .is_empty());
    let unmatched = by_key("acme/mobile-app", 2);
    assert_eq!(unmatched.locations.commits.len(), 1);
    assert!(unmatched.incidents.is_empty());
    // The comment links the incident.
    let revoked = by_key("acme/data-pipelines", 1).change().unwrap();
    assert!(
        revoked.comment.contains("84285") && revoked.comment.contains("/incidents/84285"),
        "{}",
        revoked.comment
    );

    let summary = plan.summary();
    assert_eq!(
        (
            summary.alerts,
            summary.matched,
            summary.changes,
            summary.conflicts,
            summary.unmatched
        ),
        (10, 8, 5, 0, 2)
    );
    assert!(bridge.patches().is_empty(), "a dry run writes nothing");

    // GitGuardian: one occurrence listing per repository with commit locations, no request
    // per location; one read per matched incident.
    let gg = bridge.gitguardian_stand_in.requests();
    let listings: Vec<&LoggedRequest> = gg
        .iter()
        .filter(|r| r.path == "/v1/occurrences/secrets")
        .collect();
    let sources: BTreeSet<&str> = listings
        .iter()
        .map(|r| {
            r.params
                .get("source_name")
                .map(String::as_str)
                .unwrap_or("")
        })
        .collect();
    assert_eq!(
        sources,
        BTreeSet::from([
            "acme/data-pipelines",
            "acme/internal-tools",
            "acme/mobile-app",
            "acme/payments-api",
            "acme/web-storefront"
        ])
    );
    assert_eq!(listings.len(), sources.len());
    assert!(listings.iter().all(|r| !r.params.contains_key("sha")));
    let reads: BTreeSet<&str> = gg
        .iter()
        .filter(|r| r.path.starts_with("/v1/incidents/secrets/"))
        .map(|r| r.path.as_str())
        .collect();
    let read_count = gg
        .iter()
        .filter(|r| r.path.starts_with("/v1/incidents/secrets/"))
        .count();
    assert_eq!(reads.len(), 8, "{reads:?}");
    assert_eq!(read_count, 8, "each incident is read once");

    // GitHub: open alerts only, without their secrets.
    let listing = bridge
        .github_stand_in
        .requests()
        .into_iter()
        .find(|r| r.path == format!("/enterprises/{SYNC_DEMO_ENTERPRISE}/secret-scanning/alerts"))
        .expect("the enterprise listing");
    assert_eq!(
        listing.params.get("state").map(String::as_str),
        Some("open")
    );
    assert_eq!(
        listing.params.get("hide_secret").map(String::as_str),
        Some("true")
    );
}

#[tokio::test]
async fn apply_sends_one_patch_per_change_with_its_body_and_a_rerun_proposes_nothing() {
    let bridge = Bridge::demo().await;
    let sync = bridge.github.sync(&bridge.gitguardian);
    let plan = sync.plan(&enterprise()).await.unwrap();
    let report = sync.apply(plan).await;
    assert_eq!(report.summary().changed, 5);
    assert_eq!(report.summary().failed, 0);

    let patches = bridge.patches();
    let expected: BTreeMap<String, &str> = expected_demo()
        .into_iter()
        .filter_map(|((repo, n), o)| {
            o.ok()
                .map(|r| (format!("/repos/{repo}/secret-scanning/alerts/{n}"), r))
        })
        .collect();
    assert_eq!(patches.len(), expected.len(), "{patches:#?}");
    for patch in &patches {
        let resolution = expected
            .get(&patch.path)
            .expect("a PATCH of a planned alert");
        let body = patch.body.as_ref().expect("a body");
        assert_eq!(body["state"], "resolved");
        assert_eq!(body["resolution"], *resolution);
        let comment = body["resolution_comment"].as_str().unwrap();
        assert!(comment.contains("https://dashboard.gitguardian.com/workspace/1/incidents/"));
        assert!(comment.chars().count() <= 280);
        assert_eq!(body.as_object().unwrap().len(), 3, "{body}");
        assert_eq!(patch.status, 200);
    }
    let paths: BTreeSet<&str> = patches.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(paths.len(), patches.len(), "no alert is patched twice");

    // The stand-in's state.
    for ((repo, n), outcome) in expected_demo() {
        let alert = bridge.github_stand_in.alert(repo, n).unwrap();
        match outcome {
            Ok(resolution) => {
                assert_eq!(alert.state, AlertState::Resolved, "{repo}#{n}");
                assert_eq!(alert.resolution.as_deref(), Some(resolution));
                assert!(alert
                    .resolution_comment
                    .unwrap()
                    .contains("GitGuardian incident"));
            }
            Err(_) => assert_eq!(alert.state, AlertState::Open, "{repo}#{n}"),
        }
    }
    let untouched = bridge
        .github_stand_in
        .alert("acme/web-storefront", 2)
        .unwrap();
    assert_eq!(
        untouched.resolution_comment.as_deref(),
        Some("Rotated by the payments team.")
    );

    // A rerun sees the 5 alerts still open, and changes none of them.
    let rerun = sync.plan(&enterprise()).await.unwrap();
    assert_eq!(rerun.alerts.len(), 5);
    assert_eq!(rerun.changes().count(), 0);
    let report = sync.apply(rerun).await;
    assert!(report.alerts.is_empty());
    assert_eq!(bridge.patches().len(), 5);
}

#[tokio::test]
async fn incidents_triaged_differently_at_one_alert_are_a_conflict_and_left_alone() {
    let (mut gitguardian, mut github) = sync_demo();
    // 84390 (payments-api) resolved with the secret revoked; alert payments-api #1 (two
    // locations of 84250, ignored low_risk) gets a third location, of 84390.
    let incident = gitguardian
        .incidents
        .iter_mut()
        .find(|i| i.id == 84390)
        .unwrap();
    incident.status = Status::Resolved;
    incident.secret_revoked = true;
    let occurrence = incident.occurrences[0].clone();
    add_location(
        &mut github,
        "acme/payments-api",
        1,
        &occurrence.sha,
        &occurrence.filepath,
    );
    let bridge = Bridge::start(
        GitHubStandIn::builder().workspace(github),
        StandIn::builder().workspace(gitguardian),
    )
    .await;

    let plan = bridge
        .plan(&Scope::repository("acme/payments-api").unwrap())
        .await
        .unwrap();
    let outcomes = outcomes(&plan);
    assert_eq!(
        outcomes[&("acme/payments-api".to_string(), 1)],
        Err(Reason::Conflict)
    );
    assert_eq!(
        outcomes[&("acme/payments-api".to_string(), 2)],
        Ok("revoked".to_string())
    );
    assert_eq!(plan.summary().conflicts, 1);
    let table = plan.table().to_string();
    let row = table.lines().find(|l| l.contains("#1")).unwrap();
    assert!(
        row.contains("84250 ignored (low_risk), 84390 resolved (revoked)")
            && row.contains("conflict"),
        "{table}"
    );

    let report = bridge.github.sync(&bridge.gitguardian).apply(plan).await;
    assert_eq!(report.alerts.len(), 1);
    let patches = bridge.patches();
    assert_eq!(patches.len(), 1);
    assert_eq!(
        patches[0].path,
        "/repos/acme/payments-api/secret-scanning/alerts/2"
    );
}

fn add_location(github: &mut GitHubWorkspace, repo: &str, number: i64, sha: &str, path: &str) {
    let alert = github
        .alerts
        .iter_mut()
        .find(|a| a.repository == repo && a.number == number)
        .unwrap();
    alert.locations.push(AlertLocation::commit(sha, path, 20));
}

#[tokio::test]
async fn repository_organization_and_enterprise_scopes_list_their_own_alerts() {
    let bridge = Bridge::demo().await;
    let repo = bridge
        .plan(&Scope::repository("acme/payments-api").unwrap())
        .await
        .unwrap();
    let numbers: Vec<(String, i64)> = repo
        .alerts
        .iter()
        .map(|a| (a.alert.repository.clone(), a.alert.number))
        .collect();
    assert_eq!(
        numbers,
        [1, 2, 3].map(|n| ("acme/payments-api".to_string(), n))
    );
    let org = bridge
        .plan(&Scope::organization("acme").unwrap())
        .await
        .unwrap();
    assert_eq!(outcomes(&org), owned(expected_demo()));
    let all = bridge.plan(&enterprise()).await.unwrap();
    assert_eq!(outcomes(&all), outcomes(&org));

    let paths: BTreeSet<String> = bridge
        .github_stand_in
        .requests()
        .into_iter()
        .filter(|r| r.path.ends_with("/secret-scanning/alerts"))
        .map(|r| r.path)
        .collect();
    assert_eq!(
        paths,
        BTreeSet::from([
            "/repos/acme/payments-api/secret-scanning/alerts".to_string(),
            "/orgs/acme/secret-scanning/alerts".to_string(),
            format!("/enterprises/{SYNC_DEMO_ENTERPRISE}/secret-scanning/alerts"),
        ])
    );
    // Only the repository's occurrences were listed for the repository scope.
    let first_listing = bridge
        .gitguardian_stand_in
        .requests()
        .into_iter()
        .find(|r| r.path == "/v1/occurrences/secrets")
        .unwrap();
    assert_eq!(first_listing.params["source_name"], "acme/payments-api");
}

#[tokio::test]
async fn a_repository_with_secret_scanning_off_is_a_typed_not_found() {
    let bridge = Bridge::demo().await;
    let scope = Scope::repository(SYNC_DEMO_DISABLED_REPOSITORY).unwrap();
    let error = bridge.plan(&scope).await.unwrap_err();
    assert_eq!(
        error.github_kind(),
        Some(GitHubErrorKind::NotFound),
        "{error}"
    );
    let github = error.github().unwrap();
    assert_eq!(
        github.message,
        "Secret scanning is disabled on this repository."
    );
    assert!(error
        .documentation_url()
        .is_some_and(|u| u.starts_with("https://docs.github.com/")));
    let text = error.to_string();
    assert!(text.contains("secret scanning is disabled"), "{text}");
    assert!(
        !text.contains(bridge.github_stand_in.token()),
        "no token in {text}"
    );

    let error = bridge
        .plan(&Scope::organization("nobody").unwrap())
        .await
        .unwrap_err();
    assert_eq!(
        error.github_kind(),
        Some(GitHubErrorKind::NotFound),
        "{error}"
    );
}

#[tokio::test]
async fn both_paging_styles_bring_every_alert() {
    for paging in [GitHubPaging::Cursor, GitHubPaging::PageNumbers] {
        let (gitguardian, github) = sync_demo();
        let bridge = Bridge::start(
            GitHubStandIn::builder()
                .workspace(github)
                .paging(paging)
                .page_cap(3),
            StandIn::builder().workspace(gitguardian).page_cap(2),
        )
        .await;
        let plan = bridge
            .plan(&Scope::organization("acme").unwrap())
            .await
            .unwrap();
        assert_eq!(outcomes(&plan), owned(expected_demo()), "{paging:?}");
        let listings = bridge
            .github_stand_in
            .requests()
            .into_iter()
            .filter(|r| r.path == "/orgs/acme/secret-scanning/alerts")
            .count();
        assert_eq!(listings, 4, "10 alerts in pages of 3 ({paging:?})");
    }
}

#[tokio::test]
async fn rate_limits_on_either_side_are_waited_out() {
    let (gitguardian, github) = sync_demo();
    let bridge = Bridge::start(
        GitHubStandIn::builder()
            .workspace(github)
            .fault(
                Rule::new(Route::get("/orgs/{org}/secret-scanning/alerts"))
                    .answer(Fault::PrimaryRateLimit { reset_in: 1 })
                    .once(),
            )
            .fault(
                Rule::new(Route::get(
                    "/repos/{owner}/{repo}/secret-scanning/alerts/{number}/locations",
                ))
                .answer(Fault::SecondaryRateLimit {
                    status: 429,
                    retry_after: 1,
                })
                .once(),
            )
            .fault(
                Rule::new(Route::patch(
                    "/repos/{owner}/{repo}/secret-scanning/alerts/{number}",
                ))
                .answer(Fault::SecondaryRateLimit {
                    status: 403,
                    retry_after: 1,
                })
                .once(),
            ),
        StandIn::builder().workspace(gitguardian).fault(
            Rule::new(Route::get("/v1/occurrences/secrets"))
                .answer(Fault::TooManyRequests {
                    retry_after: Some(1),
                })
                .once(),
        ),
    )
    .await;
    let sync = bridge.github.sync(&bridge.gitguardian);
    let plan = sync
        .plan(&Scope::organization("acme").unwrap())
        .await
        .unwrap();
    assert_eq!(outcomes(&plan), owned(expected_demo()));
    let report = sync.apply(plan).await;
    assert_eq!(report.summary().changed, 5, "{}", report.table());

    let retries = bridge.retries.lock().unwrap().clone();
    let causes: Vec<(&str, RetryCause)> = retries.iter().map(|e| (e.operation, e.cause)).collect();
    assert_eq!(retries.len(), 4, "{causes:?}");
    assert!(
        retries.iter().all(|e| e.cause == RetryCause::RateLimited),
        "{causes:?}"
    );
    let operations: BTreeSet<&str> = retries.iter().map(|e| e.operation).collect();
    assert_eq!(
        operations.len(),
        4,
        "one wait per side and step: {operations:?}"
    );

    // One refused PATCH and one per change that went through.
    let patches = bridge.patches();
    assert_eq!(patches.iter().filter(|p| p.status == 200).count(), 5);
    assert_eq!(patches.iter().filter(|p| p.fault.is_some()).count(), 1);
    assert_eq!(
        bridge
            .github_stand_in
            .alerts()
            .iter()
            .filter(|a| a.state == AlertState::Resolved)
            .count(),
        6
    );
}

#[tokio::test]
async fn a_patch_github_refuses_is_reported_and_the_others_still_apply() {
    let (gitguardian, github) = sync_demo();
    let refusal = r#"{"message":"State does not match the resolution","documentation_url":"https://docs.github.com/rest/secret-scanning/secret-scanning#update-a-secret-scanning-alert","status":"422"}"#;
    let bridge = Bridge::start(
        GitHubStandIn::builder().workspace(github).fault(
            Rule::new(Route::patch(
                "/repos/acme/mobile-app/secret-scanning/alerts/1",
            ))
            .answer(Fault::Canned {
                status: 422,
                headers: vec![("content-type".into(), "application/json".into())],
                body: refusal.into(),
            }),
        ),
        StandIn::builder().workspace(gitguardian),
    )
    .await;
    let sync = bridge.github.sync(&bridge.gitguardian);
    let report = sync.apply(sync.plan(&enterprise()).await.unwrap()).await;
    assert_eq!(report.summary().changed, 4);
    let failures: Vec<_> = report.failures().collect();
    assert_eq!(failures.len(), 1);
    let (alert, error) = failures[0];
    assert_eq!(
        (alert.repository.as_str(), alert.number),
        ("acme/mobile-app", 1)
    );
    assert_eq!(error.github_kind(), Some(GitHubErrorKind::StateMismatch));
    assert!(error
        .documentation_url()
        .unwrap()
        .contains("update-a-secret-scanning-alert"));
    let table = report.table().to_string();
    assert!(
        table.contains("failed: update_alert: GitHub refused the change"),
        "{table}"
    );
    // Refused once, not retried: a 422 is not transient.
    assert_eq!(bridge.patches().len(), 5);
}

/// The occurrence filters the bridge relies on, with the API's semantics: `source_name` and
/// `filepath` are searches, `sha` a prefix of 3 characters or more.
#[tokio::test]
async fn the_occurrence_searches_filter_like_the_api() {
    let stand_in = StandIn::builder()
        .workspace(Workspace::demo())
        .start()
        .await
        .unwrap();
    let client = ClientBuilder::new()
        .api_key(stand_in.api_key())
        .api_url(stand_in.api_url())
        .retry_policy(fast_policy())
        .build()
        .unwrap();
    let workspace = stand_in.workspace();
    let list = |query: &'static str| {
        let url = format!(
            "{}/occurrences/secrets?per_page=100&{query}",
            stand_in.api_url()
        );
        let key = stand_in.api_key().to_string();
        async move {
            let answer = reqwest::Client::new()
                .get(url)
                .header("authorization", format!("Token {key}"))
                .send()
                .await
                .unwrap();
            let status = answer.status().as_u16();
            (status, answer.json::<Value>().await.unwrap())
        }
    };
    let (status, body) = list("source_name=PAYMENTS").await;
    assert_eq!(status, 200);
    let expected: usize = workspace
        .incidents
        .iter()
        .filter(|i| i.source.contains("payments"))
        .map(|i| i.occurrences.len())
        .sum();
    let items = body.as_array().unwrap();
    assert_eq!(items.len(), expected);
    assert!(items
        .iter()
        .all(|o| o["source"]["full_name"] == "acme/payments-api"));

    let sample = &workspace.incident(84390).unwrap().occurrences[0];
    // The demo's shas are the occurrence id in hex, zero-padded: a prefix long enough to
    // keep a few.
    let prefix: String = sample.sha[..38].to_string();
    let occurrences = client
        .incidents()
        .occurrences(
            gitguardian_api_ext::workflows::OccurrenceFilter::new()
                .sha(prefix.to_uppercase())
                .filepath(&sample.filepath[1..]),
        )
        .collect_all()
        .await
        .unwrap();
    assert!(
        !occurrences.is_empty() && occurrences.len() < 10,
        "{}",
        occurrences.len()
    );
    assert!(occurrences.iter().any(|o| o.id == sample.id));
    assert!(occurrences
        .iter()
        .all(|o| o.sha.as_deref().unwrap().starts_with(&prefix)
            && o.filepath
                .as_deref()
                .unwrap()
                .contains(&sample.filepath[1..])));

    let (status, body) = list("sha=ab").await;
    assert_eq!(status, 400, "{body}");
    assert!(body["extra"]["sha"][0]
        .as_str()
        .unwrap()
        .contains("at least 3"));
    let (_, none) = list("sha=fffffff").await;
    assert_eq!(none.as_array().unwrap().len(), 0);
}

#[tokio::test]
async fn an_enterprise_server_host_pages_by_number_under_api_v3() {
    let (gitguardian, github) = sync_demo();
    let bridge = Bridge::start(
        GitHubStandIn::builder()
            .workspace(github)
            .api_prefix("/api/v3")
            .paging(GitHubPaging::PageNumbers)
            .page_cap(4),
        StandIn::builder().workspace(gitguardian),
    )
    .await;
    assert!(bridge.github.base_url().ends_with("/api/v3"));
    let sync = bridge.github.sync(&bridge.gitguardian).concurrency(2);
    let plan = sync
        .plan(&Scope::organization("acme").unwrap())
        .await
        .unwrap();
    assert_eq!(outcomes(&plan), owned(expected_demo()));
    let pages: Vec<String> = bridge
        .github_stand_in
        .requests()
        .into_iter()
        .filter(|r| r.path.ends_with("/orgs/acme/secret-scanning/alerts"))
        .map(|r| r.params.get("page").cloned().unwrap_or_default())
        .collect();
    assert_eq!(pages, ["", "2", "3"]);
    assert_eq!(sync.apply(plan).await.summary().changed, 5);
    assert_eq!(bridge.patches().len(), 5);
}

#[tokio::test]
async fn a_github_503_is_retried_then_a_typed_unavailable() {
    let (gitguardian, github) = sync_demo();
    let bridge = Bridge::start(
        GitHubStandIn::builder().workspace(github).fault(
            Rule::new(Route::get("/orgs/{org}/secret-scanning/alerts")).answer(Fault::Maintenance),
        ),
        StandIn::builder().workspace(gitguardian),
    )
    .await;
    let error = bridge
        .plan(&Scope::organization("acme").unwrap())
        .await
        .unwrap_err();
    assert_eq!(
        error.github_kind(),
        Some(GitHubErrorKind::Unavailable),
        "{error}"
    );
    assert!(error.is_transient());
    assert_eq!(error.attempts(), Some(3), "fast_policy's 3 attempts");
    let text = error.to_string();
    assert!(
        text.starts_with("list_organization_alerts: GitHub's API is unavailable (HTTP 503"),
        "{text}"
    );
    assert!(text.contains("after 3 attempts"), "{text}");
    // Nothing was read from GitGuardian: the plan stopped at the first failed read.
    assert!(bridge.gitguardian_stand_in.requests().is_empty());
}

#[tokio::test]
async fn progress_is_reported_for_every_step() {
    use gitguardian_api_ext::github::sync::Progress;
    let bridge = Bridge::demo().await;
    let steps = Arc::new(Mutex::new(Vec::new()));
    let seen = steps.clone();
    let sync = bridge
        .github
        .sync(&bridge.gitguardian)
        .concurrency(3)
        .on_progress(move |step| seen.lock().unwrap().push(step));
    let plan = sync.plan(&enterprise()).await.unwrap();
    sync.apply(plan).await;
    let steps = steps.lock().unwrap().clone();
    let last = |kind: fn(&Progress) -> bool| *steps.iter().rfind(|s| kind(s)).unwrap();
    assert_eq!(steps[0], Progress::AlertsListed(10));
    assert_eq!(
        last(|s| matches!(s, Progress::Locations { .. })),
        Progress::Locations {
            done: 10,
            total: 10
        }
    );
    assert_eq!(
        last(|s| matches!(s, Progress::Occurrences { .. })),
        Progress::Occurrences { done: 5, total: 5 }
    );
    assert_eq!(
        last(|s| matches!(s, Progress::Incidents { .. })),
        Progress::Incidents { done: 8, total: 8 }
    );
    assert_eq!(
        last(|s| matches!(s, Progress::Applied { .. })),
        Progress::Applied { done: 5, total: 5 }
    );
    assert_eq!(steps.len(), 1 + 10 + 5 + 8 + 5);
}
