//! The GitHub stand-in (`gitguardian_standin::github`) driven through the generated client
//! and the ext GitHub layer, and over raw HTTP where the behaviour is the server's own
//! (`Link` URLs, error bodies, headers).

use std::sync::{Arc, Mutex};

use futures::TryStreamExt;
use gitguardian_api_ext::github::{pages, AtPage, GitHub, NextPage};
use gitguardian_api_ext::{RetryEvent, RetryPolicy};
use gitguardian_standin::github::{
    sync_demo, Alert, AlertLocation, AlertState, GitHubPaging, GitHubStandIn, GitHubStandInBuilder,
    GitHubWorkspace, GITHUB_STANDIN_TOKEN, STANDIN_LOGIN, SYNC_DEMO_DISABLED_REPOSITORY,
    SYNC_DEMO_ENTERPRISE,
};
use gitguardian_standin::{Fault, Route, Rule};
use github_secret_scanning::types;
use github_secret_scanning::Error;
use serde_json::{json, Value};

use super::http;
use crate::ext::support::fast_policy;

/// The sync demo's GitHub side, with `configure` applied, started.
async fn demo(
    configure: impl FnOnce(GitHubStandInBuilder) -> GitHubStandInBuilder,
) -> GitHubStandIn {
    let (_, github) = sync_demo();
    configure(GitHubStandIn::builder().workspace(github))
        .start()
        .await
        .expect("GitHub stand-in starts")
}

/// A client that does not retry: every fault reaches the test.
fn client(stand_in: &GitHubStandIn) -> GitHub {
    client_with(stand_in, RetryPolicy::disabled())
}

/// A client of the GitHub stand-in with `policy`.
pub(crate) fn client_with(stand_in: &GitHubStandIn, policy: RetryPolicy) -> GitHub {
    GitHub::builder()
        .token(stand_in.token())
        .base_url(stand_in.api_url())
        .retry_policy(policy)
        .build()
        .expect("client for the GitHub stand-in")
}

/// A fast-retrying client whose retries are recorded.
fn recorded(stand_in: &GitHubStandIn) -> (GitHub, Arc<Mutex<Vec<RetryEvent>>>) {
    let events = Arc::new(Mutex::new(Vec::new()));
    let sink = events.clone();
    let github = GitHub::builder()
        .token(stand_in.token())
        .base_url(stand_in.api_url())
        .retry_policy(fast_policy())
        .on_retry(move |e| sink.lock().unwrap().push(e.clone()))
        .build()
        .unwrap();
    (github, events)
}

/// `GET <api_url><path_and_query>` with `authorization` (none when `None`).
async fn raw(
    stand_in: &GitHubStandIn,
    path_and_query: &str,
    authorization: Option<&str>,
) -> reqwest::Response {
    let mut request = http().get(format!("{}{path_and_query}", stand_in.api_url()));
    if let Some(value) = authorization {
        request = request.header("authorization", value);
    }
    request.send().await.expect("request reaches the stand-in")
}

async fn get(stand_in: &GitHubStandIn, path_and_query: &str) -> reqwest::Response {
    raw(
        stand_in,
        path_and_query,
        Some(&format!("Bearer {}", stand_in.token())),
    )
    .await
}

/// `(status, message)` of a GitHub error answer, checking its `documentation_url`.
async fn github_error(response: reqwest::Response) -> (u16, String) {
    let status = response.status().as_u16();
    let body: Value = response.json().await.expect("a JSON error body");
    assert!(
        body["documentation_url"]
            .as_str()
            .is_some_and(|u| u.starts_with("https://docs.github.com/")),
        "{body}"
    );
    assert_eq!(body["status"], json!(status.to_string()), "{body}");
    (
        status,
        body["message"].as_str().unwrap_or_default().to_string(),
    )
}

type Answer<T> = Result<github_secret_scanning::ResponseValue<T>, Error<types::Error>>;

/// `GET` alert `number` of `repository` (`owner/name`).
async fn read(github: &GitHub, repository: &str, number: i64) -> Answer<types::AlertWithMetadata> {
    let (owner, repo) = repository.split_once('/').expect("owner/name");
    github
        .raw()
        .get_alert()
        .owner(owner)
        .repo(repo)
        .alert_number(number)
        .send()
        .await
}

/// `PATCH` alert `number` of `repository` (`owner/name`) with `body`.
async fn update(
    github: &GitHub,
    repository: &str,
    number: i64,
    body: types::AlertUpdate,
) -> Answer<types::AlertWithMetadata> {
    let (owner, repo) = repository.split_once('/').expect("owner/name");
    github
        .raw()
        .update_alert()
        .owner(owner)
        .repo(repo)
        .alert_number(number)
        .body(body)
        .send()
        .await
}

fn numbers<T>(items: &[T], number: impl Fn(&T) -> Option<i64>) -> Vec<i64> {
    items
        .iter()
        .map(|item| number(item).unwrap_or(-1))
        .collect()
}

fn org_number(alert: &types::OrganizationAlert) -> Option<i64> {
    alert.number.as_ref().map(|n| n.0)
}

fn repo_number(alert: &types::Alert) -> Option<i64> {
    alert.number.as_ref().map(|n| n.0)
}

#[tokio::test]
async fn repository_listing_has_the_generated_shape_newest_first() {
    let stand_in = demo(|b| b).await;
    let github = client(&stand_in);
    let alerts = github
        .raw()
        .list_repository_alerts()
        .owner("acme")
        .repo("payments-api")
        .send()
        .await
        .unwrap()
        .into_inner();
    // payments-api #2 (84390, 2025-06-20) is newer than #3 (84340, 06-19) and #1 (84250, 06-15).
    assert_eq!(numbers(&alerts, repo_number), [2, 3, 1]);
    let first = &alerts[2];
    assert_eq!(first.state, Some(types::AlertState::Open));
    assert_eq!(first.secret_type.as_deref(), Some("password"));
    assert_eq!(first.secret_type_display_name.as_deref(), Some("Password"));
    assert_eq!(first.has_more_locations, Some(true));
    let origin = stand_in.api_url();
    assert_eq!(
        first.url.as_deref().map(String::as_str),
        Some(format!("{origin}/repos/acme/payments-api/secret-scanning/alerts/1").as_str())
    );
    assert_eq!(
        first.locations_url.as_deref(),
        Some(
            format!("{origin}/repos/acme/payments-api/secret-scanning/alerts/1/locations").as_str()
        )
    );
    let seeded = stand_in.alert("acme/payments-api", 1).unwrap();
    assert_eq!(first.secret.as_deref(), Some(seeded.secret.as_str()));
    assert_eq!(
        first.created_at.as_ref().map(|c| c.0),
        Some(seeded.created_at)
    );
    match &first.first_location_detected {
        Some(types::LocationDetails::Commit(commit)) => {
            assert_eq!(commit.commit_sha, seeded.locations[0].commit_sha);
            assert_eq!(commit.path, seeded.locations[0].path);
        }
        other => panic!("expected a commit location, got {other:?}"),
    }
    // A repository listing item has no `repository`; `hide_secret` leaves the secret out.
    let raw: Value = get(
        &stand_in,
        "/repos/acme/payments-api/secret-scanning/alerts?hide_secret=true",
    )
    .await
    .json()
    .await
    .unwrap();
    assert!(
        raw[0].get("repository").is_none() && raw[0].get("secret").is_none(),
        "{}",
        raw[0]
    );
    assert_eq!(raw[0]["state"], "open");
}

#[tokio::test]
async fn listings_filter_by_state_secret_type_resolution_and_validity() {
    let stand_in = demo(|b| b).await;
    let github = client(&stand_in);
    let org = |configure: fn(
        github_secret_scanning::builder::ListOrganizationAlerts<'_>,
    )
        -> github_secret_scanning::builder::ListOrganizationAlerts<'_>| {
        let request = configure(
            github
                .raw()
                .list_organization_alerts()
                .org("acme")
                .per_page(100),
        );
        async move {
            let mut alerts: Vec<(String, i64)> = request
                .send()
                .await
                .unwrap()
                .into_inner()
                .into_iter()
                .map(|a| (a.repository.unwrap().full_name, a.number.unwrap().0))
                .collect();
            alerts.sort();
            alerts
        }
    };
    let resolved = org(|r| r.state(types::ListOrganizationAlertsState::Resolved)).await;
    assert_eq!(resolved, [("acme/web-storefront".to_string(), 2)]);
    assert_eq!(
        org(|r| r.state(types::ListOrganizationAlertsState::Open))
            .await
            .len(),
        10
    );
    let stripe_or_google = org(|r| r.secret_type("stripe_api_key,google_api_key")).await;
    assert_eq!(
        stripe_or_google,
        [
            ("acme/mobile-app".to_string(), 2),
            ("acme/payments-api".to_string(), 3),
            ("acme/web-storefront".to_string(), 2)
        ]
    );
    assert_eq!(
        org(|r| r.exclude_secret_types("stripe_api_key,google_api_key"))
            .await
            .len(),
        8
    );
    assert_eq!(org(|r| r.resolution("revoked,wont_fix")).await.len(), 1);
    assert!(org(|r| r.resolution("false_positive")).await.is_empty());
    let inactive = org(|r| r.validity("inactive")).await;
    assert_eq!(inactive.len(), 3, "{inactive:?}");
    assert_eq!(org(|r| r.validity("active,unknown")).await.len(), 8);
    // Filters combine.
    let combined = org(|r| {
        r.validity("inactive")
            .state(types::ListOrganizationAlertsState::Open)
    })
    .await;
    assert_eq!(combined.len(), 2);
}

#[tokio::test]
async fn organization_and_enterprise_items_carry_their_repository_and_skip_disabled_ones() {
    let stand_in = demo(|b| b).await;
    // An alert in the repository whose secret scanning is off never shows.
    stand_in.edit(|w| {
        w.alerts
            .push(Alert::sample(1, SYNC_DEMO_DISABLED_REPOSITORY))
    });
    let github = client(&stand_in);
    let org = github
        .raw()
        .list_organization_alerts()
        .org("ACME")
        .per_page(100)
        .send()
        .await
        .unwrap()
        .into_inner();
    let enterprise = github
        .raw()
        .list_enterprise_alerts()
        .enterprise(SYNC_DEMO_ENTERPRISE)
        .per_page(100)
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(org.len(), 11);
    assert_eq!(enterprise.len(), 11);
    for alert in org.iter().chain(&enterprise) {
        let repository = alert.repository.as_ref().expect("items carry `repository`");
        assert_ne!(repository.full_name, SYNC_DEMO_DISABLED_REPOSITORY);
        assert!(repository.full_name.starts_with("acme/"));
        assert_eq!(repository.owner.login, "acme");
        let number = alert.number.as_ref().unwrap().0;
        assert!(stand_in.alert(&repository.full_name, number).is_some());
        assert!(alert.url.as_deref().is_some_and(|u| u.ends_with(&format!(
            "/repos/{}/secret-scanning/alerts/{number}",
            repository.full_name
        ))));
    }
    // Same alerts, same order, newest first.
    let key = |a: &types::OrganizationAlert| {
        (
            a.repository.as_ref().unwrap().full_name.clone(),
            org_number(a),
        )
    };
    assert_eq!(
        org.iter().map(key).collect::<Vec<_>>(),
        enterprise.iter().map(key).collect::<Vec<_>>()
    );
    let created: Vec<_> = org
        .iter()
        .map(|a| a.created_at.as_ref().unwrap().0)
        .collect();
    assert!(created.windows(2).all(|w| w[0] >= w[1]), "{created:?}");
}

#[tokio::test]
async fn sort_by_update_and_direction_ascending() {
    let stand_in = demo(|b| b).await;
    let github = client(&stand_in);
    // Resolving the oldest open alert makes it the last updated.
    update(&github, "acme/payments-api", 1, resolve("wont_fix", None))
        .await
        .unwrap();
    let list = |sort, direction| {
        github
            .raw()
            .list_repository_alerts()
            .owner("acme")
            .repo("payments-api")
            .sort(sort)
            .direction(direction)
            .send()
    };
    use types::ListRepositoryAlertsDirection::{Asc, Desc};
    use types::ListRepositoryAlertsSort::{Created, Updated};
    let numbers_of = |alerts: Vec<types::Alert>| numbers(&alerts, repo_number);
    assert_eq!(
        numbers_of(list(Created, Asc).await.unwrap().into_inner()),
        [1, 3, 2]
    );
    assert_eq!(
        numbers_of(list(Updated, Desc).await.unwrap().into_inner()),
        [1, 2, 3]
    );
    assert_eq!(
        numbers_of(list(Updated, Asc).await.unwrap().into_inner()),
        [3, 2, 1]
    );
}

/// The pages of `org`'s alert listing through the ext stream, `per_page` a page, from
/// `start`, following whichever position the `Link` header gives.
pub(crate) fn org_pages<'a>(
    github: &'a GitHub,
    org: &'a str,
    per_page: i64,
    start: Option<NextPage>,
) -> impl futures::Stream<
    Item = Result<
        gitguardian_api_ext::github::GitHubPage<types::OrganizationAlert>,
        Error<types::Error>,
    >,
> + 'a {
    pages(start, move |next| {
        github
            .raw()
            .list_organization_alerts()
            .org(org)
            .per_page(per_page)
            .at_page(next)
            .send()
    })
}

#[tokio::test]
async fn cursor_paging_follows_link_and_resumes() {
    let stand_in = demo(|b| b).await;
    let github = client(&stand_in);
    let all: Vec<_> = org_pages(&github, "acme", 3, None)
        .try_collect()
        .await
        .unwrap();
    let sizes: Vec<usize> = all.iter().map(|p| p.items.len()).collect();
    assert_eq!(sizes, [3, 3, 3, 2]);
    assert!(matches!(all[0].next, Some(NextPage::After(_))));
    assert_eq!(all[3].next, None);
    let everything: Vec<_> = all
        .iter()
        .flat_map(|p| p.items.iter().map(|a| a.url.clone().unwrap().0))
        .collect();
    let mut unique = everything.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 11, "no alert twice, none lost");

    // Resume after the second page: only the rest is fetched.
    stand_in.clear_requests();
    let rest: Vec<_> = org_pages(&github, "acme", 3, all[1].next.clone())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(rest.len(), 2);
    assert_eq!(rest[0].items[0].url, all[2].items[0].url);
    let requests = stand_in.requests();
    assert_eq!(requests.len(), 2);
    assert!(requests
        .iter()
        .all(|r| r.params.contains_key("after") && !r.params.contains_key("page")));

    // The Link header: absolute URLs on the stand-in's origin, the other parameters kept,
    // `prev` from the second page on, `before` walks back.
    let first = get(
        &stand_in,
        "/orgs/acme/secret-scanning/alerts?per_page=3&state=open",
    )
    .await;
    let link = first.headers()["link"].to_str().unwrap().to_string();
    let prefix = format!(
        "<{}/orgs/acme/secret-scanning/alerts?per_page=3&state=open&after=",
        stand_in.api_url()
    );
    assert!(
        link.starts_with(&prefix) && link.ends_with("rel=\"next\""),
        "{link}"
    );
    let next = link
        .trim_start_matches('<')
        .split('>')
        .next()
        .unwrap()
        .to_string();
    let second = http()
        .get(&next)
        .bearer_auth(stand_in.token())
        .send()
        .await
        .unwrap();
    let link = second.headers()["link"].to_str().unwrap().to_string();
    assert!(
        link.contains("&before=") && link.contains("rel=\"prev\"") && link.contains("rel=\"next\""),
        "{link}"
    );
    let prev = link
        .split(", ")
        .find(|l| l.ends_with("rel=\"prev\""))
        .unwrap();
    let prev = prev.trim_start_matches('<').split('>').next().unwrap();
    let back: Vec<Value> = http()
        .get(prev)
        .bearer_auth(stand_in.token())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let again: Vec<Value> = get(
        &stand_in,
        "/orgs/acme/secret-scanning/alerts?per_page=3&state=open",
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(back, again, "before the second page is the first page");
}

#[tokio::test]
async fn cursors_stay_right_while_the_listed_alerts_are_resolved() {
    let stand_in = demo(|b| b).await;
    let github = client(&stand_in);
    // Resolve every open alert of each page before reading the next, as a bridge does.
    let mut seen = Vec::new();
    let mut stream = std::pin::pin!(pages(None, |next| {
        let request = github
            .raw()
            .list_organization_alerts()
            .org("acme")
            .state(types::ListOrganizationAlertsState::Open)
            .per_page(3);
        match next {
            Some(NextPage::After(cursor)) => request.after(cursor),
            _ => request,
        }
        .send()
    }));
    while let Some(page) = stream.try_next().await.unwrap() {
        for alert in page.items {
            let repository = alert.repository.unwrap().full_name;
            let number = alert.number.unwrap().0;
            update(&github, &repository, number, resolve("wont_fix", None))
                .await
                .unwrap();
            seen.push((repository, number));
        }
    }
    assert_eq!(seen.len(), 10, "{seen:?}");
    assert!(stand_in
        .alerts()
        .iter()
        .all(|a| a.state == AlertState::Resolved));
}

#[tokio::test]
async fn page_number_paging_follows_link_and_resumes() {
    let stand_in = demo(|b| b.paging(GitHubPaging::PageNumbers)).await;
    let github = client(&stand_in);
    let all: Vec<_> = org_pages(&github, "acme", 3, None)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        all.iter().map(|p| p.items.len()).collect::<Vec<_>>(),
        [3, 3, 3, 2]
    );
    assert_eq!(all[0].next, Some(NextPage::Page(2)));
    assert_eq!(all[2].next, Some(NextPage::Page(4)));
    assert_eq!(all[3].next, None);
    let resumed: Vec<_> = org_pages(&github, "acme", 3, Some(NextPage::Page(3)))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(resumed.len(), 2);
    assert_eq!(resumed[0].items[0].url, all[2].items[0].url);

    let response = get(
        &stand_in,
        "/repos/acme/payments-api/secret-scanning/alerts?per_page=1&page=2",
    )
    .await;
    let link = response.headers()["link"].to_str().unwrap();
    let url = |page: u32, rel: &str| {
        format!(
            "<{}/repos/acme/payments-api/secret-scanning/alerts?per_page=1&page={page}>; rel=\"{rel}\"",
            stand_in.api_url()
        )
    };
    for expected in [
        url(1, "prev"),
        url(3, "next"),
        url(3, "last"),
        url(1, "first"),
    ] {
        assert!(link.contains(&expected), "{expected} in {link}");
    }
    // Past the end: an empty page, no next.
    let past = get(
        &stand_in,
        "/repos/acme/payments-api/secret-scanning/alerts?page=9",
    )
    .await;
    assert!(!past.headers()["link"]
        .to_str()
        .unwrap()
        .contains("rel=\"next\""));
    assert_eq!(past.json::<Vec<Value>>().await.unwrap().len(), 0);
    // The enterprise listing is cursor-paged even here, as GitHub describes it.
    let enterprise = get(
        &stand_in,
        &format!("/enterprises/{SYNC_DEMO_ENTERPRISE}/secret-scanning/alerts?per_page=2"),
    )
    .await;
    assert!(enterprise.headers()["link"]
        .to_str()
        .unwrap()
        .contains("after="));
}

#[tokio::test]
async fn per_page_defaults_to_30_and_is_capped() {
    let many = GitHubWorkspace {
        alerts: (1..=120).map(|n| Alert::sample(n, "octo/big")).collect(),
        ..GitHubWorkspace::default()
    };
    let stand_in = GitHubStandIn::builder()
        .workspace(many.clone())
        .start()
        .await
        .unwrap();
    let count = |query: &'static str| {
        let stand_in = &stand_in;
        async move {
            get(
                stand_in,
                &format!("/repos/octo/big/secret-scanning/alerts{query}"),
            )
            .await
            .json::<Vec<Value>>()
            .await
            .unwrap()
            .len()
        }
    };
    assert_eq!(count("").await, 30);
    assert_eq!(count("?per_page=100").await, 100);
    assert_eq!(count("?per_page=500").await, 100);
    let capped = GitHubStandIn::builder()
        .workspace(many)
        .page_cap(7)
        .start()
        .await
        .unwrap();
    let page: Vec<Value> = get(
        &capped,
        "/repos/octo/big/secret-scanning/alerts?per_page=50",
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(page.len(), 7);
}

#[tokio::test]
async fn bad_parameters_get_422_with_githubs_error_body() {
    let cursor = demo(|b| b).await;
    let numbered = demo(|b| b.paging(GitHubPaging::PageNumbers)).await;
    let repo = "/repos/acme/payments-api/secret-scanning/alerts";
    for (stand_in, query, mentions) in [
        (&cursor, "?state=closed", "state"),
        (&cursor, "?sort=name", "sort"),
        (&cursor, "?direction=up", "direction"),
        (&cursor, "?resolution=fixed", "resolution"),
        (&cursor, "?validity=valid", "validity"),
        (&cursor, "?per_page=0", "per_page"),
        (&cursor, "?per_page=many", "per_page"),
        (&cursor, "?page=2", "cursors"),
        (&cursor, "?after=bogus", "cursor"),
        (&cursor, "?after=a&before=b", "before"),
        (
            &cursor,
            "?secret_type=a&exclude_secret_types=b",
            "exclude_secret_types",
        ),
        (&numbered, "?after=abc", "page"),
        (&numbered, "?page=0", "page"),
    ] {
        let (status, message) = github_error(get(stand_in, &format!("{repo}{query}")).await).await;
        assert_eq!(status, 422, "{query}: {message}");
        assert!(message.contains(mentions), "{query}: {message}");
    }
    // Through the client, a typed error with the message.
    let error = client(&cursor)
        .raw()
        .list_repository_alerts()
        .owner("acme")
        .repo("payments-api")
        .validity("valid")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(422));
}

fn resolve(resolution: &str, comment: Option<&str>) -> types::AlertUpdate {
    types::AlertUpdate {
        state: Some(types::AlertState::Resolved),
        resolution: Some(resolution.parse().unwrap()),
        resolution_comment: comment.map(|c| types::ResolutionComment(c.into())),
        assignee: None,
        validity: None,
    }
}

#[tokio::test]
async fn get_and_patch_change_the_alert_and_record_the_resolution() {
    let stand_in = demo(|b| b).await;
    let github = client(&stand_in);
    let alert = read(&github, "acme/mobile-app", 1).await.unwrap();
    assert_eq!(alert.state, Some(types::AlertState::Open));
    assert!(alert.resolved_at.is_none() && alert.resolution.is_none());

    let updated = update(
        &github,
        "acme/mobile-app",
        1,
        resolve(
            "false_positive",
            Some("GitGuardian incident 84318: false positive"),
        ),
    )
    .await
    .unwrap()
    .into_inner();
    assert_eq!(updated.state, Some(types::AlertState::Resolved));
    assert_eq!(
        updated.resolution,
        Some(types::AlertResolution::FalsePositive)
    );
    assert_eq!(
        updated.resolution_comment.as_deref(),
        Some("GitGuardian incident 84318: false positive")
    );
    assert_eq!(
        updated.resolved_by.as_ref().map(|u| u.login.as_str()),
        Some(STANDIN_LOGIN)
    );
    let resolved_at = updated.resolved_at.expect("resolved_at is set");
    let kept = stand_in.alert("acme/mobile-app", 1).unwrap();
    assert_eq!(kept.state, AlertState::Resolved);
    assert_eq!(kept.resolution.as_deref(), Some("false_positive"));
    assert_eq!(kept.resolved_at, Some(resolved_at));
    assert_eq!(kept.resolved_by.as_deref(), Some(STANDIN_LOGIN));
    // Reading it again shows the change; the other alerts are untouched.
    let fresh = read(&github, "acme/mobile-app", 1).await.unwrap();
    assert_eq!(
        fresh.resolution,
        Some(types::AlertResolution::FalsePositive)
    );
    assert_eq!(
        stand_in
            .alerts()
            .iter()
            .filter(|a| a.state == AlertState::Resolved)
            .count(),
        2
    );

    // The same resolution again is GitHub's 400 "not changed"; reopening clears everything.
    let again = update(
        &github,
        "acme/mobile-app",
        1,
        resolve("false_positive", None),
    )
    .await
    .unwrap_err();
    assert_eq!(again.status().map(|s| s.as_u16()), Some(400));
    let reopened = update(
        &github,
        "acme/mobile-app",
        1,
        types::AlertUpdate {
            state: Some(types::AlertState::Open),
            ..types::AlertUpdate::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(reopened.state, Some(types::AlertState::Open));
    assert!(reopened.resolution.is_none() && reopened.resolved_by.is_none());
    assert_eq!(
        stand_in.alert("acme/mobile-app", 1).unwrap().resolved_at,
        None
    );
}

#[tokio::test]
async fn a_state_that_does_not_match_its_resolution_is_422_and_changes_nothing() {
    let stand_in = demo(|b| b).await;
    let github = client(&stand_in);
    let before = stand_in.alerts();
    let send = |body: types::AlertUpdate| update(&github, "acme/payments-api", 2, body);
    let without_resolution = types::AlertUpdate {
        state: Some(types::AlertState::Resolved),
        ..types::AlertUpdate::default()
    };
    let open_with_resolution = types::AlertUpdate {
        state: Some(types::AlertState::Open),
        resolution: Some(types::AlertResolution::Revoked),
        ..types::AlertUpdate::default()
    };
    for body in [without_resolution, open_with_resolution] {
        match send(body).await.unwrap_err() {
            Error::ErrorResponse(response) => {
                assert_eq!(response.status().as_u16(), 422);
                assert_eq!(
                    response.message.as_deref(),
                    Some("State does not match the resolution or resolution comment.")
                );
                assert!(response.documentation_url.is_some());
            }
            other => panic!("expected a typed 422, got {other:?}"),
        }
    }
    // Not JSON: 400.
    let garbage = http()
        .patch(format!(
            "{}/repos/acme/payments-api/secret-scanning/alerts/2",
            stand_in.api_url()
        ))
        .bearer_auth(stand_in.token())
        .body("state=resolved")
        .send()
        .await
        .unwrap();
    assert_eq!(
        github_error(garbage).await,
        (400, "Problems parsing JSON".to_string())
    );
    assert_eq!(stand_in.alerts(), before);
}

#[tokio::test]
async fn locations_are_paged_by_page_number_and_match_the_seed() {
    let stand_in = demo(|b| b).await;
    let github = client(&stand_in);
    let locations = |start| {
        pages(start, |next| {
            let request = github
                .raw()
                .list_alert_locations()
                .owner("acme")
                .repo("payments-api")
                .alert_number(1)
                .per_page(1);
            match next {
                Some(NextPage::Page(page)) => request.page(page),
                _ => request,
            }
            .send()
        })
    };
    let all: Vec<_> = locations(None).try_collect().await.unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].next, Some(NextPage::Page(2)));
    let seeded = stand_in.alert("acme/payments-api", 1).unwrap().locations;
    let served: Vec<AlertLocation> = all
        .iter()
        .flat_map(|p| &p.items)
        .map(|location| {
            assert_eq!(location.type_, Some(types::LocationType::Commit));
            match &location.details {
                Some(types::LocationDetails::Commit(c)) => AlertLocation {
                    commit_sha: c.commit_sha.clone(),
                    path: c.path.clone(),
                    start_line: c.start_line as i64,
                    end_line: c.end_line as i64,
                    start_column: c.start_column as i64,
                    end_column: c.end_column as i64,
                    blob_sha: c.blob_sha.clone(),
                },
                other => panic!("{other:?}"),
            }
        })
        .collect();
    assert_eq!(served, seeded);
    let resumed: Vec<_> = locations(Some(NextPage::Page(2)))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(resumed.len(), 1);

    // The matching GitGuardian occurrences are the same commit and path.
    let (gitguardian, _) = sync_demo();
    let incident = gitguardian.incident(84250).unwrap();
    for (location, occurrence) in seeded.iter().zip(&incident.occurrences) {
        assert_eq!(
            (&location.commit_sha, &location.path),
            (&occurrence.sha, &occurrence.filepath)
        );
    }
    // An alert with no location: an empty list, no Link.
    let none = get(
        &stand_in,
        "/repos/acme/infra-terraform/secret-scanning/alerts/1/locations",
    )
    .await;
    assert!(none.headers().get("link").is_none());
    assert_eq!(none.json::<Vec<Value>>().await.unwrap().len(), 0);
}

#[tokio::test]
async fn disabled_repositories_and_unknown_targets_are_404() {
    let stand_in = demo(|b| b).await;
    let disabled = "Secret scanning is disabled on this repository.";
    let base = format!("/repos/{SYNC_DEMO_DISABLED_REPOSITORY}/secret-scanning/alerts");
    for path in [
        base.clone(),
        format!("{base}/1"),
        format!("{base}/1/locations"),
    ] {
        assert_eq!(
            github_error(get(&stand_in, &path).await).await,
            (404, disabled.to_string()),
            "{path}"
        );
    }
    for path in [
        "/repos/acme/nope/secret-scanning/alerts",
        "/repos/acme/payments-api/secret-scanning/alerts/99",
        "/repos/acme/payments-api/secret-scanning/alerts/x",
        "/repos/acme/payments-api/secret-scanning/alerts/99/locations",
        "/orgs/other/secret-scanning/alerts",
        "/enterprises/other/secret-scanning/alerts",
        "/user",
    ] {
        assert_eq!(
            github_error(get(&stand_in, path).await).await,
            (404, "Not Found".to_string()),
            "{path}"
        );
    }
    // Through the client: the typed 404 of the description.
    let error = update(
        &client(&stand_in),
        "acme/legacy-monolith",
        1,
        resolve("revoked", None),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(error, Error::ErrorResponse(ref r) if r.status().as_u16() == 404
        && r.message.as_deref() == Some(disabled))
    );
}

#[tokio::test]
async fn a_missing_or_wrong_token_is_401_bad_credentials() {
    let stand_in = demo(|b| b.token("ghp_custom")).await;
    assert_eq!(stand_in.token(), "ghp_custom");
    let path = "/orgs/acme/secret-scanning/alerts";
    for authorization in [
        None,
        Some("Bearer wrong"),
        Some(&*format!("Basic {}", stand_in.token())),
    ] {
        let (status, message) = github_error(raw(&stand_in, path, authorization).await).await;
        assert_eq!(
            (status, message.as_str()),
            (401, "Bad credentials"),
            "{authorization:?}"
        );
    }
    for accepted in ["Bearer ghp_custom", "token ghp_custom"] {
        assert_eq!(
            raw(&stand_in, path, Some(accepted)).await.status(),
            200,
            "{accepted}"
        );
    }
    let wrong = GitHub::builder()
        .token(GITHUB_STANDIN_TOKEN)
        .base_url(stand_in.api_url())
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap();
    let error = wrong
        .raw()
        .list_organization_alerts()
        .org("acme")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
    assert!(stand_in
        .requests()
        .iter()
        .all(|r| r.status == 401 || r.status == 200));
}

#[tokio::test]
async fn every_answer_has_githubs_headers() {
    let stand_in = demo(|b| b).await;
    let response = get(&stand_in, "/orgs/acme/secret-scanning/alerts").await;
    let headers = response.headers();
    assert_eq!(headers["x-github-api-version-selected"], "2022-11-28");
    assert_eq!(headers["x-ratelimit-limit"], "5000");
    assert_eq!(headers["x-ratelimit-remaining"], "4999");
    assert!(
        headers.contains_key("x-ratelimit-reset") && headers.contains_key("x-github-request-id")
    );
}

// How the client waits these limits out is tests/it/github/client.rs's business; here, what
// the stand-in sends.

#[tokio::test]
async fn the_primary_rate_limit_is_403_with_remaining_0_and_the_reset() {
    let stand_in = demo(|b| {
        b.fault(
            Rule::new(Route::get("/orgs/{org}/secret-scanning/alerts"))
                .answer(Fault::PrimaryRateLimit { reset_in: 60 })
                .once(),
        )
    })
    .await;
    let response = get(&stand_in, "/orgs/acme/secret-scanning/alerts").await;
    assert_eq!(response.headers()["x-ratelimit-remaining"], "0");
    assert_eq!(response.headers()["x-ratelimit-limit"], "5000");
    let reset: u64 = response.headers()["x-ratelimit-reset"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    assert!((now + 55..=now + 61).contains(&reset), "{reset} vs {now}");
    let (status, message) = github_error(response).await;
    assert_eq!(status, 403);
    assert!(message.contains("rate limit"), "{message}");
    // Once: the next request is served, with the ordinary counters.
    let response = get(&stand_in, "/orgs/acme/secret-scanning/alerts").await;
    assert_eq!(response.status(), 200);
    assert_ne!(response.headers()["x-ratelimit-remaining"], "0");
    let log: Vec<_> = stand_in
        .requests()
        .iter()
        .map(|r| (r.status, r.fault))
        .collect();
    assert_eq!(log, [(403, Some("403 primary rate limit")), (200, None)]);
}

#[tokio::test]
async fn secondary_rate_limits_are_403_or_429_with_retry_after() {
    let route = || Route::get("/enterprises/{enterprise}/secret-scanning/alerts");
    let limit = |status| Fault::SecondaryRateLimit {
        status,
        retry_after: 7,
    };
    let stand_in = demo(|b| {
        b.fault(Rule::new(route()).answer(limit(403)).nth(1))
            .fault(Rule::new(route()).answer(limit(429)).nth(2))
    })
    .await;
    let path = format!("/enterprises/{SYNC_DEMO_ENTERPRISE}/secret-scanning/alerts");
    for status in [403, 429] {
        let response = get(&stand_in, &path).await;
        assert_eq!(response.headers()["retry-after"], "7");
        assert_ne!(response.headers()["x-ratelimit-remaining"], "0");
        assert_eq!(
            github_error(response).await,
            (
                status,
                "You have exceeded a secondary rate limit.".to_string()
            )
        );
    }
    assert_eq!(get(&stand_in, &path).await.status(), 200);
    let log: Vec<_> = stand_in
        .requests()
        .iter()
        .map(|r| (r.status, r.fault))
        .collect();
    assert_eq!(
        log,
        [
            (403, Some("403 secondary rate limit")),
            (429, Some("429 secondary rate limit")),
            (200, None)
        ]
    );
}

#[tokio::test]
async fn a_503_is_retried_and_surfaces_typed_when_it_persists() {
    let once = demo(|b| {
        b.fault(
            Rule::new(Route::path("/repos/**"))
                .answer(Fault::Maintenance)
                .once(),
        )
    })
    .await;
    let (github, events) = recorded(&once);
    let alert = read(&github, "acme/mobile-app", 2).await.unwrap();
    assert_eq!(alert.number.as_ref().map(|n| n.0), Some(2));
    assert_eq!(events.lock().unwrap().len(), 1);

    let always = demo(|b| b.fault(Rule::new(Route::any()).answer(Fault::Maintenance))).await;
    match read(&client(&always), "acme/mobile-app", 2).await {
        Err(Error::ErrorResponse(response)) => {
            assert_eq!(response.status().as_u16(), 503);
            assert_eq!(response.message.as_deref(), Some("Service unavailable"));
        }
        other => panic!("expected a typed 503, got {other:?}"),
    }
    assert_eq!(always.requests()[0].fault, Some("503 maintenance"));
}

#[tokio::test]
async fn the_log_records_method_path_query_body_status_and_fault() {
    let stand_in = demo(|b| {
        b.fault(
            Rule::new(Route::patch(
                "/repos/{owner}/{repo}/secret-scanning/alerts/{alert_number}",
            ))
            .answer(Fault::Canned {
                status: 500,
                headers: vec![("content-type".into(), "text/plain".into())],
                body: "boom".into(),
            })
            .once(),
        )
    })
    .await;
    let github = client(&stand_in);
    github
        .raw()
        .list_repository_alerts()
        .owner("acme")
        .repo("web-storefront")
        .state(types::ListRepositoryAlertsState::Open)
        .per_page(5)
        .send()
        .await
        .unwrap();
    let patch = || {
        update(
            &github,
            "acme/web-storefront",
            1,
            resolve("revoked", Some("see GitGuardian")),
        )
    };
    assert_eq!(
        patch().await.unwrap_err().status().map(|s| s.as_u16()),
        Some(500)
    );
    patch().await.unwrap();

    let log = stand_in.requests();
    assert_eq!(log.len(), 3);
    assert_eq!(
        log[0].line(),
        "GET /repos/acme/web-storefront/secret-scanning/alerts"
    );
    assert_eq!(log[0].params.get("state").map(String::as_str), Some("open"));
    assert_eq!(log[0].params.get("per_page").map(String::as_str), Some("5"));
    assert!(log[0]
        .query
        .as_deref()
        .is_some_and(|q| q.contains("state=open")));
    assert_eq!(
        (log[0].status, log[0].fault, log[0].body.clone()),
        (200, None, None)
    );
    let body = json!({"state": "resolved", "resolution": "revoked", "resolution_comment": "see GitGuardian"});
    assert_eq!(
        (log[1].method.as_str(), log[1].status, log[1].fault),
        ("PATCH", 500, Some("canned"))
    );
    assert_eq!(log[1].body.as_ref(), Some(&body));
    assert_eq!(
        (log[2].status, log[2].fault, log[2].body.as_ref()),
        (200, None, Some(&body))
    );
    assert_eq!(
        stand_in.count(&Route::patch("/repos/**")),
        gitguardian_standin::RouteCount {
            requests: 2,
            faults: 1,
            refused: 0
        }
    );
}

#[tokio::test]
async fn the_sync_demo_covers_every_case_a_bridge_meets() {
    let (gitguardian, github) = sync_demo();
    let open: Vec<&Alert> = github
        .alerts
        .iter()
        .filter(|a| a.state == AlertState::Open)
        .collect();
    assert_eq!(open.len(), 10);
    // The GitGuardian incident of an alert: same repository, a location equal to an occurrence.
    let incident_of = |alert: &Alert| {
        gitguardian.incidents.iter().find(|incident| {
            incident.source == alert.repository
                && alert.locations.iter().any(|l| {
                    incident
                        .occurrences
                        .iter()
                        .any(|o| o.sha == l.commit_sha && o.filepath == l.path)
                })
        })
    };
    let mut kinds: Vec<String> = open
        .iter()
        .map(|alert| match incident_of(alert) {
            None => "no match".to_string(),
            Some(incident) => match (
                incident.status.as_str(),
                incident.secret_revoked,
                incident.ignore_reason.as_deref(),
            ) {
                ("RESOLVED", true, _) => "revoked".into(),
                ("IGNORED", _, Some(reason)) => reason.into(),
                (status, _, _) => status.to_lowercase(),
            },
        })
        .collect();
    kinds.sort();
    assert_eq!(
        kinds,
        [
            "assigned",
            "false_positive",
            "invalid",
            "low_risk",
            "no match",
            "no match",
            "revoked",
            "test_credential",
            "triggered",
            "triggered"
        ]
    );
    assert!(github
        .alerts
        .iter()
        .any(|a| a.locations.len() == 2 && incident_of(a).is_some()));
    assert!(github.alerts.iter().any(|a| a.locations.is_empty()));
    let resolved: Vec<_> = github
        .alerts
        .iter()
        .filter(|a| a.state == AlertState::Resolved)
        .collect();
    assert_eq!(resolved.len(), 1);
    assert!(incident_of(resolved[0]).is_some());
    assert_eq!(
        github.disabled_repositories,
        [SYNC_DEMO_DISABLED_REPOSITORY]
    );
    // Workspace::demo itself is not changed by the sync demo.
    assert_eq!(
        gitguardian_standin::Workspace::demo()
            .incident(84318)
            .unwrap()
            .status,
        gitguardian_standin::Status::Triggered
    );
}

#[tokio::test]
async fn a_tls_stand_in_serves_https_with_its_own_authority() {
    let stand_in = demo(|b| b.tls(true)).await;
    assert!(stand_in.api_url().starts_with("https://127.0.0.1:"));
    let ca = &stand_in.tls_certificates().expect("certificates").ca_pem;
    let http = reqwest::Client::builder()
        .add_root_certificate(reqwest::Certificate::from_pem(ca.as_bytes()).unwrap())
        .build()
        .unwrap();
    let alerts: Vec<Value> = http
        .get(format!(
            "{}/orgs/acme/secret-scanning/alerts",
            stand_in.api_url()
        ))
        .bearer_auth(stand_in.token())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(alerts.len(), 11);
    assert!(alerts[0]["url"]
        .as_str()
        .unwrap()
        .starts_with("https://127.0.0.1:"));
}

#[tokio::test]
async fn an_enterprise_server_prefix_roots_the_api_its_urls_and_links() {
    let stand_in = demo(|b| b.api_prefix("api/v3/").paging(GitHubPaging::PageNumbers)).await;
    assert_eq!(stand_in.api_url(), format!("{}/api/v3", stand_in.origin()));
    let github = client(&stand_in);
    let pages: Vec<_> = org_pages(&github, "acme", 5, None)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 3);
    let url = pages[0].items[0].url.clone().unwrap().0;
    assert!(
        url.starts_with(&format!("{}/repos/acme/", stand_in.api_url())),
        "{url}"
    );
    let paths: Vec<String> = stand_in.requests().iter().map(|r| r.path.clone()).collect();
    assert!(
        paths
            .iter()
            .all(|p| p == "/api/v3/orgs/acme/secret-scanning/alerts"),
        "{paths:?}"
    );
    let link = get(&stand_in, "/orgs/acme/secret-scanning/alerts?per_page=5").await;
    let link = link.headers()["link"].to_str().unwrap().to_string();
    assert!(
        link.starts_with(&format!("<{}/orgs/acme/", stand_in.api_url())),
        "{link}"
    );
    // Outside the prefix there is nothing.
    let bare = http()
        .get(format!(
            "{}/orgs/acme/secret-scanning/alerts",
            stand_in.origin()
        ))
        .bearer_auth(stand_in.token())
        .send()
        .await
        .unwrap();
    assert_eq!(github_error(bare).await, (404, "Not Found".to_string()));
}

#[tokio::test]
async fn a_stand_in_on_its_own_thread_serves_and_stops_on_drop() {
    let (_, alerts) = sync_demo();
    let stand_in = GitHubStandIn::builder()
        .workspace(alerts)
        .start_on_own_thread()
        .unwrap();
    let served: Vec<Value> = get(&stand_in, "/orgs/acme/secret-scanning/alerts")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(served.len(), 11);
    let url = format!("{}/orgs/acme/secret-scanning/alerts", stand_in.api_url());
    drop(stand_in);
    let after = http().get(url).send().await;
    assert!(after.is_err(), "the server stopped with its stand-in");
}
