//! The remediation example run as a test against the stand-in it embeds.
//!
//! The example's own workflow is included from `gitguardian-api-ext/examples/remediation/`,
//! and the stand-in is started with the same preset as the example's `main.rs`
//! ([`StandIn::demo`]), so what is tested is what
//! `cargo run -p gitguardian-api-ext --example remediation` runs; only the retry wait is cut
//! to zero (the stand-in's `Retry-After: 1` is still read and reported).

#[path = "../../gitguardian-api-ext/examples/remediation/cli.rs"]
mod cli;
#[path = "../../gitguardian-api-ext/examples/remediation/flow.rs"]
mod flow;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use clap::error::ErrorKind;
use clap::{CommandFactory, Parser};
use gitguardian_api_ext::{
    types, ClientBuilder, Error, GitGuardian, RetryCause, RetryEvent, RetryPolicy,
};
use gitguardian_standin::{LoggedRequest, StandIn};
use serde_json::{json, Value};

use flow::{Close, Options, RunError, Summary};

/// The stand-in's `TRIGGERED` incidents, newest first: its 30 incidents but the 5 assigned,
/// resolved or ignored ones (84340, 84285, 84226, 84169, 84104).
const TRIGGERED: [i64; 25] = [
    84390, 84377, 84361, 84352, 84333, 84318, 84302, 84297, 84271, 84266, // page 1
    84250, 84243, 84231, 84214, 84209, 84195, 84188, 84172, 84157, 84140, // page 2
    84136, 84121, 84113, 84098, 84085, // page 3
];

/// What one run of the workflow gave.
struct Outcome {
    result: Result<Summary, RunError>,
    out: String,
    retries: Vec<RetryEvent>,
}

/// Runs the example's workflow against `stand_in` with `options`, as `main.rs` does.
async fn run(stand_in: &StandIn, options: &Options) -> Outcome {
    let retries = Arc::new(Mutex::new(Vec::new()));
    let seen = retries.clone();
    let client = ClientBuilder::new()
        .api_key(stand_in.api_key())
        .api_url(stand_in.api_url())
        .retry_policy(RetryPolicy::standard().max_delay(Duration::ZERO))
        .on_retry(move |event| seen.lock().unwrap().push(event.clone()))
        .build()
        .expect("client for the stand-in");
    run_with(&client, options, retries).await
}

async fn run_with(
    client: &GitGuardian,
    options: &Options,
    retries: Arc<Mutex<Vec<RetryEvent>>>,
) -> Outcome {
    let mut out = Vec::new();
    let result = flow::run(client, options, &mut out).await;
    let retries = retries.lock().unwrap().clone();
    Outcome {
        result,
        out: String::from_utf8(out).expect("UTF-8 output"),
        retries,
    }
}

/// The ids of the incident lines: lines whose first word is a number.
fn listed_ids(out: &str) -> Vec<i64> {
    out.lines()
        .filter_map(|line| line.split_whitespace().next()?.parse().ok())
        .collect()
}

/// The words of the incident line of `id`.
fn words_of(out: &str, id: i64) -> Vec<&str> {
    let lines: Vec<&str> = out
        .lines()
        .filter(|line| line.split_whitespace().next() == Some(&id.to_string()))
        .collect();
    assert_eq!(lines.len(), 1, "one line for {id} in:\n{out}");
    lines[0].split_whitespace().collect()
}

/// Requests other than the health check and the incident listing: what `--apply` sent.
fn changes(requests: &[LoggedRequest]) -> Vec<(String, String, Option<Value>, u16)> {
    requests
        .iter()
        .filter(|r| r.path != "/v1/health" && r.path != "/v1/incidents/secrets")
        .map(|r| (r.method.clone(), r.path.clone(), r.body.clone(), r.status))
        .collect()
}

/// The stand-in as the example starts it.
async fn start() -> StandIn {
    StandIn::demo().start().await.expect("stand-in starts")
}

fn apply(close: Option<Close>) -> Options {
    Options {
        apply: true,
        close,
        ..Options::default()
    }
}

#[tokio::test]
async fn read_only_run_lists_every_triggered_incident_once_in_order_across_pages() {
    let stand_in = start().await;
    let run = run(&stand_in, &Options::default()).await;

    let summary = run.result.expect("the run succeeds");
    assert_eq!(
        summary,
        Summary {
            listed: 25,
            pages: 3,
            acted_on: vec![]
        }
    );
    let out = &run.out;
    assert!(
        out.contains(&format!(
            "Key checked at {}: Valid API key.",
            stand_in.api_url()
        )),
        "{out}"
    );
    // Every incident line starts with its id; each id once, in the server's order, including
    // the page fetched again after the 429.
    assert_eq!(listed_ids(out), TRIGGERED, "{out}");
    assert_eq!(
        words_of(out, 84390),
        [
            "84390",
            "critical",
            "AWS",
            "Keys",
            "3",
            "occurrences",
            "2025-06-20",
            "16:42",
            "UTC"
        ]
    );
    // The severity the spec does not know is shown as sent.
    assert_eq!(
        words_of(out, 84231),
        [
            "84231",
            "urgent",
            "Slack",
            "Bot",
            "Token",
            "1",
            "occurrence",
            "2025-06-14",
            "07:16",
            "UTC"
        ]
    );
    assert!(
        out.contains("Listed 25 TRIGGERED incidents on 3 pages."),
        "{out}"
    );
    assert!(out.contains("Read-only: nothing was changed."), "{out}");

    let requests = stand_in.requests();
    let host = stand_in.origin().trim_start_matches("http://");
    for request in &requests {
        assert_eq!(request.method, "GET", "read-only: {request:?}");
        assert_eq!(request.host.as_deref(), Some(host), "{request:?}");
        assert!(request.path.starts_with("/v1/"), "{request:?}");
    }
    assert_eq!(requests[0].path, "/v1/health");
    assert_eq!(requests[0].status, 200);
    let lists = &requests[1..];
    // Page 1, page 2 refused with 429, page 2 again, page 3.
    let statuses: Vec<u16> = lists.iter().map(|r| r.status).collect();
    assert_eq!(statuses, [200, 429, 200, 200]);
    for list in lists {
        assert_eq!(list.path, "/v1/incidents/secrets");
        assert_eq!(list.params["status"], "TRIGGERED", "{list:?}");
        assert_eq!(list.params["ordering"], "-date", "{list:?}");
        assert_eq!(list.params["per_page"], "100", "{list:?}");
    }
    assert_eq!(lists[0].params.get("cursor"), None);
    // The cursor comes from the Link header (whose host is wrong), URL-decoded once.
    assert_eq!(lists[1].params["cursor"], "cD0xMA==");
    assert_eq!(
        lists[2].query, lists[1].query,
        "the retry asks for the same page"
    );
    assert_eq!(lists[3].params["cursor"], "cD0yMA==");

    assert_eq!(run.retries.len(), 1, "{:?}", run.retries);
    let retry = &run.retries[0];
    assert_eq!(retry.operation, "list_incidents");
    assert_eq!(retry.cause, RetryCause::RateLimited);
    assert_eq!(retry.retry_after, Some(Duration::from_secs(1)));
}

#[tokio::test]
async fn apply_with_resolve_assigns_shares_and_resolves_the_three_newest() {
    let stand_in = start().await;
    let options = apply(Some(Close::Resolve {
        secret_revoked: true,
    }));
    let run = run(&stand_in, &options).await;

    let summary = run.result.expect("the run succeeds");
    assert_eq!(summary.listed, 25);
    assert_eq!(summary.acted_on, TRIGGERED[..3]);

    let requests = stand_in.requests();
    let members = requests
        .iter()
        .find(|r| r.path == "/v1/members")
        .expect("the default assignee is looked up");
    assert_eq!(members.params["active"], "true");
    let mut expected = vec![("GET".to_string(), "/v1/members".to_string(), None, 200)];
    for id in &TRIGGERED[..3] {
        let path = |action: &str| format!("/v1/incidents/secrets/{id}/{action}");
        expected.extend([
            (
                "POST".to_string(),
                path("assign"),
                Some(json!({ "email": "alice.martin@example.com" })),
                200,
            ),
            (
                "POST".to_string(),
                path("share"),
                Some(json!({ "auto_healing": true, "feedback_collection": true, "lifespan": 24 })),
                200,
            ),
            (
                "POST".to_string(),
                path("resolve"),
                Some(json!({ "secret_revoked": true })),
                200,
            ),
        ]);
    }
    assert_eq!(changes(&requests), expected);

    let out = &run.out;
    let share_prefix = format!(
        "84390: shared for 24 h, send this link to the developer (treat it as a secret): {}/share/incidents/",
        stand_in.origin()
    );
    for line in [
        "Acting on 3 incidents: assign to alice.martin@example.com, share, resolve.",
        "84390: assigned to alice.martin@example.com (ASSIGNED)",
        share_prefix.as_str(),
        "84390: resolved, secret marked as revoked (RESOLVED)",
        "84361: resolved, secret marked as revoked (RESOLVED)",
    ] {
        assert!(
            out.lines().any(|l| l.starts_with(line)),
            "{line}\nin:\n{out}"
        );
    }

    // The stand-in kept the changes: the three are no longer TRIGGERED.
    let again = self::run(&stand_in, &Options::default()).await;
    assert_eq!(again.result.expect("second run").listed, 22);
    assert_eq!(listed_ids(&again.out), TRIGGERED[3..]);
}

#[tokio::test]
async fn apply_to_named_incidents_ignores_them_with_the_reason_and_given_assignee() {
    let stand_in = start().await;
    let options = Options {
        incidents: vec![84231, 84136],
        assignee: Some("dana.lee@example.com".to_string()),
        ..apply(Some(Close::Ignore(
            types::IncidentIgnoreReason::TestCredential,
        )))
    };
    let run = run(&stand_in, &options).await;

    assert_eq!(
        run.result.expect("the run succeeds").acted_on,
        [84231, 84136]
    );
    let sent: Vec<(String, Option<Value>)> = changes(&stand_in.requests())
        .into_iter()
        .map(|(_, path, body, status)| {
            assert_eq!(status, 200, "{path}");
            (path, body)
        })
        .collect();
    let email = json!({ "email": "dana.lee@example.com" });
    let ignore = json!({ "ignore_reason": "test_credential" });
    let share = json!({ "auto_healing": true, "feedback_collection": true, "lifespan": 24 });
    let expected: Vec<(String, Option<Value>)> = [84231, 84136]
        .iter()
        .flat_map(|id| {
            [("assign", &email), ("share", &share), ("ignore", &ignore)].map(|(action, body)| {
                (
                    format!("/v1/incidents/secrets/{id}/{action}"),
                    Some(body.clone()),
                )
            })
        })
        .collect();
    // No member lookup: the assignee was given.
    assert_eq!(sent, expected);
    assert!(
        run.out
            .contains("84231: ignored as test_credential (IGNORED)"),
        "{}",
        run.out
    );
    assert!(
        run.out
            .contains("84136: assigned to dana.lee@example.com (ASSIGNED)"),
        "{}",
        run.out
    );
}

#[tokio::test]
async fn apply_without_close_leaves_incidents_open_and_keeps_an_existing_share_link() {
    let stand_in = start().await;
    // 84340 is already ASSIGNED: named incidents need not be in the TRIGGERED list.
    let options = Options {
        incidents: vec![84340],
        ..apply(None)
    };
    let first = run(&stand_in, &options).await;
    assert_eq!(first.result.expect("first run").acted_on, [84340]);
    assert!(first.out.contains("Left open:"), "{}", first.out);

    let second = run(&stand_in, &options).await;
    assert_eq!(second.result.expect("second run").acted_on, [84340]);
    assert!(
        second.out.contains("84340: already shared, link kept"),
        "{}",
        second.out
    );

    let actions: Vec<(String, u16)> = changes(&stand_in.requests())
        .into_iter()
        .filter(|(method, ..)| method == "POST")
        .map(|(_, path, _, status)| (path, status))
        .collect();
    let path = |action: &str| format!("/v1/incidents/secrets/84340/{action}");
    assert_eq!(
        actions,
        [
            (path("assign"), 200),
            (path("share"), 200),
            (path("assign"), 200),
            (path("share"), 409),
        ]
    );
}

#[tokio::test]
async fn wrong_key_ends_with_the_unauthorized_sentence_before_listing() {
    let stand_in = start().await;
    let client = GitGuardian::builder()
        .api_key("not-the-stand-in-key-0123")
        .api_url(stand_in.api_url())
        .build()
        .expect("client");
    let run = run_with(&client, &Options::default(), Arc::default()).await;

    let error = run.result.expect_err("a wrong key fails");
    assert!(
        matches!(error, RunError::Api(Error::Unauthorized { .. })),
        "{error:?}"
    );
    let sentence = error.to_string();
    assert!(
        sentence.starts_with(
            "api_health: the GitGuardian API rejected the API key (HTTP 401: Invalid API key.)"
        ),
        "{sentence}"
    );
    assert!(
        !sentence.contains("not-the-stand-in-key-0123"),
        "{sentence}"
    );
    assert!(run.out.is_empty(), "{}", run.out);
    let requests = stand_in.requests();
    assert_eq!(requests.len(), 1, "{requests:?}");
    assert_eq!(
        (requests[0].path.as_str(), requests[0].status),
        ("/v1/health", 401)
    );
}

#[tokio::test]
async fn unknown_incident_ends_with_the_not_found_sentence() {
    let stand_in = start().await;
    let options = Options {
        incidents: vec![1],
        ..apply(None)
    };
    let run = run(&stand_in, &options).await;

    let error = run.result.expect_err("no incident 1");
    assert!(
        matches!(error, RunError::Api(Error::NotFound { .. })),
        "{error:?}"
    );
    assert!(
        error
            .to_string()
            .starts_with("assign_incident: not found (HTTP 404: Not found.)"),
        "{error}"
    );
    // The listing came first, and nothing was changed.
    assert_eq!(listed_ids(&run.out), TRIGGERED);
    let statuses: Vec<(String, u16)> = changes(&stand_in.requests())
        .into_iter()
        .map(|(_, path, _, status)| (path, status))
        .collect();
    assert_eq!(
        statuses,
        [
            ("/v1/members".to_string(), 200),
            ("/v1/incidents/secrets/1/assign".to_string(), 404)
        ]
    );
}

/// The example configured as a user would for a self-hosted instance behind a private CA
/// (`GITGUARDIAN_API_KEY`, `GITGUARDIAN_API_URL`, `GITGUARDIAN_CA_BUNDLE`), against the demo
/// stand-in served over HTTPS with a throwaway CA: it gets through with the CA bundle set,
/// and without it stops at the health check with a message naming the variable.
#[tokio::test]
async fn reaches_a_stand_in_over_tls_only_with_the_ca_bundle() {
    let stand_in = StandIn::demo()
        .tls(true)
        .start()
        .await
        .expect("TLS stand-in starts");
    assert!(stand_in.api_url().starts_with("https://"));
    let dir = tempfile::tempdir().unwrap();
    let bundle = dir.path().join("stand-in-ca.pem");
    let certificates = stand_in.tls_certificates().expect("served over TLS");
    std::fs::write(&bundle, &certificates.ca_pem).unwrap();

    let environment = |with_ca: bool| {
        let (key, url) = (stand_in.api_key().to_string(), stand_in.api_url());
        let path = bundle.display().to_string();
        move |name: &str| match name {
            "GITGUARDIAN_API_KEY" => Some(key.clone()),
            "GITGUARDIAN_API_URL" => Some(url.clone()),
            "GITGUARDIAN_CA_BUNDLE" if with_ca => Some(path.clone()),
            _ => None,
        }
    };
    let client = |with_ca: bool| {
        ClientBuilder::from_lookup(environment(with_ca))
            .no_proxy()
            .retry_policy(RetryPolicy::standard().max_delay(Duration::ZERO))
            .build()
            .expect("client from the environment")
    };

    let trusted = run_with(&client(true), &Options::default(), Arc::default()).await;
    let summary = trusted.result.expect("the run over TLS succeeds");
    assert_eq!(summary.listed, 25);
    assert_eq!(listed_ids(&trusted.out), TRIGGERED, "{}", trusted.out);

    let before = stand_in.requests().len();
    let untrusted = run_with(&client(false), &Options::default(), Arc::default()).await;
    let message = match untrusted.result {
        Err(RunError::Api(error)) => error.to_string(),
        other => panic!("expected a TLS failure, got {:?}", other.map(|s| s.listed)),
    };
    assert!(message.contains("GITGUARDIAN_CA_BUNDLE"), "{message}");
    assert!(listed_ids(&untrusted.out).is_empty(), "{}", untrusted.out);
    // The handshake failed: the stand-in never saw a request.
    assert_eq!(stand_in.requests().len(), before);
}

/// `--apply --first 6 --concurrency 4 --resolve`: the incidents run together through the
/// client's bulk run, yet each one's steps reach the stand-in in order (assign, share,
/// resolve), the output lists them in the listing's order, and the progress is told once per
/// incident up to `(6, 6)`.
#[tokio::test]
async fn apply_with_concurrency_keeps_each_incidents_steps_in_order_and_reports_progress() {
    let stand_in = start().await;
    let told = Arc::new(Mutex::new(Vec::new()));
    let record = told.clone();
    let options = Options {
        first: 6,
        concurrency: 4,
        progress: flow::Progress::new(move |done, total| {
            record.lock().unwrap().push((done, total))
        }),
        ..apply(Some(Close::Resolve {
            secret_revoked: false,
        }))
    };
    let run = run(&stand_in, &options).await;

    let summary = run.result.expect("the run succeeds");
    assert_eq!(summary.acted_on, TRIGGERED[..6]);
    let told = told.lock().unwrap().clone();
    assert_eq!(told, (1..=6).map(|done| (done, 6)).collect::<Vec<_>>());

    let mut per_incident: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for (method, path, _, status) in changes(&stand_in.requests()) {
        if method != "POST" {
            continue;
        }
        assert_eq!(status, 200, "{path}");
        let mut parts = path.rsplitn(2, '/');
        let (action, incident) = (parts.next().unwrap(), parts.next().unwrap());
        per_incident
            .entry(incident.to_string())
            .or_default()
            .push(action.to_string());
    }
    assert_eq!(per_incident.len(), 6);
    for (incident, actions) in &per_incident {
        assert_eq!(actions, &["assign", "share", "resolve"], "{incident}");
    }
    // The output keeps the listing's order whatever order the incidents finished in.
    let resolved: Vec<i64> = run
        .out
        .lines()
        .filter(|line| line.contains(": resolved, secret not revoked (RESOLVED)"))
        .filter_map(|line| line.split(':').next()?.parse().ok())
        .collect();
    assert_eq!(resolved, TRIGGERED[..6], "{}", run.out);
}

/// One unknown incident among others: the others are still done in full, the unknown one is
/// reported with the steps not done and how to finish, and the run ends with its error.
#[tokio::test]
async fn an_unknown_incident_among_others_is_reported_and_the_others_are_done() {
    let stand_in = start().await;
    let options = Options {
        incidents: vec![84390, 1, 84377],
        concurrency: 3,
        ..apply(Some(Close::Resolve {
            secret_revoked: true,
        }))
    };
    let run = run(&stand_in, &options).await;

    let error = run.result.expect_err("incident 1 does not exist");
    assert!(
        matches!(error, RunError::Api(Error::NotFound { .. })),
        "{error:?}"
    );
    let out = &run.out;
    for line in [
        "84390: resolved, secret marked as revoked (RESOLVED)",
        "84377: resolved, secret marked as revoked (RESOLVED)",
        "Done: 2 of 3. To finish, run the same command on --incident 1 only",
    ] {
        assert!(
            out.lines().any(|l| l.starts_with(line)),
            "{line}\nin:\n{out}"
        );
    }
    let failed = out
        .lines()
        .find(|line| line.starts_with("1: "))
        .expect("a line for incident 1");
    assert!(
        failed.starts_with("1: assign failed (assign_incident: not found"),
        "{failed}"
    );
    assert!(
        failed.ends_with("not done: assign, share, resolve"),
        "{failed}"
    );
    // Nothing but the assign was sent for incident 1.
    let sent_for_1: Vec<String> = changes(&stand_in.requests())
        .into_iter()
        .filter(|(_, path, ..)| path.starts_with("/v1/incidents/secrets/1/"))
        .map(|(_, path, ..)| path)
        .collect();
    assert_eq!(sent_for_1, ["/v1/incidents/secrets/1/assign"]);
    for id in [84390, 84377] {
        assert_eq!(
            stand_in.incident(id).unwrap().status,
            gitguardian_standin::Status::Resolved
        );
    }
}

/// The example's command line, parsed as its `main` parses it.
fn command_line(args: &[&str]) -> Result<cli::Arguments, clap::Error> {
    cli::Arguments::try_parse_from(std::iter::once("remediation").chain(args.iter().copied()))
}

#[test]
fn the_command_line_definition_is_consistent() {
    // Catches a `requires` or `conflicts_with` naming no argument, among others.
    cli::Arguments::command().debug_assert();
}

#[test]
fn the_command_line_maps_onto_the_workflows_options() {
    let defaults = command_line(&[]).unwrap().options();
    assert_eq!(
        (
            defaults.apply,
            defaults.per_page,
            defaults.first,
            defaults.concurrency
        ),
        (false, 100, flow::DEFAULT_FIRST, 1)
    );
    assert!(defaults.incidents.is_empty() && defaults.assignee.is_none());
    assert_eq!(defaults.close, None);

    let arguments = command_line(&[
        "--apply",
        "--incident=84390",
        "--incident",
        "84377",
        "--assignee",
        "dana.lee@example.com",
        "--ignore-reason",
        "false_positive",
        "--concurrency",
        "4",
        "--per-page",
        "50",
        "--requests-per-minute",
        "200",
        "--stand-in",
    ])
    .unwrap();
    assert_eq!(
        (arguments.requests_per_minute, arguments.stand_in),
        (Some(200), true)
    );
    let options = arguments.options();
    assert!(options.apply);
    assert_eq!(options.incidents, [84390, 84377]);
    assert_eq!(options.assignee.as_deref(), Some("dana.lee@example.com"));
    assert_eq!(
        options.close,
        Some(Close::Ignore(types::IncidentIgnoreReason::FalsePositive))
    );
    assert_eq!((options.concurrency, options.per_page), (4, 50));

    let options = command_line(&["--apply", "--first", "7", "--resolve", "--revoked"])
        .unwrap()
        .options();
    assert_eq!(options.first, 7);
    assert_eq!(
        options.close,
        Some(Close::Resolve {
            secret_revoked: true
        })
    );
}

#[test]
fn command_lines_the_workflow_cannot_run_are_refused_with_the_reason() {
    let cases: [(&[&str], ErrorKind, &str); 11] = [
        (
            &["--first", "2"],
            ErrorKind::MissingRequiredArgument,
            "--apply",
        ),
        (
            &["--resolve"],
            ErrorKind::MissingRequiredArgument,
            "--apply",
        ),
        (
            &["--apply", "--revoked"],
            ErrorKind::MissingRequiredArgument,
            "--resolve",
        ),
        (
            &["--apply", "--first", "2", "--incident", "84390"],
            ErrorKind::ArgumentConflict,
            "'--first <N>' cannot be used with '--incident <ID>'",
        ),
        (
            &["--apply", "--resolve", "--ignore-reason", "low_risk"],
            ErrorKind::ArgumentConflict,
            "'--resolve' cannot be used with '--ignore-reason <REASON>'",
        ),
        (
            &["--apply", "--ignore-reason", "bored"],
            ErrorKind::ValueValidation,
            "test_credential, false_positive, low_risk or invalid",
        ),
        (
            &["--apply", "--assignee", "dana"],
            ErrorKind::ValueValidation,
            "a member's email",
        ),
        (
            &["--apply", "--incident", "-3"],
            ErrorKind::ValueValidation,
            "at least 1",
        ),
        (
            &["--apply", "--concurrency", "33"],
            ErrorKind::ValueValidation,
            "33 is not in 1..=32",
        ),
        (
            &["--per-page", "0"],
            ErrorKind::ValueValidation,
            "0 is not in 1..=100",
        ),
        (
            &["--frobnicate"],
            ErrorKind::UnknownArgument,
            "'--frobnicate'",
        ),
    ];
    for (args, kind, message) in cases {
        let error = command_line(args).expect_err(&format!("{args:?} accepted"));
        assert_eq!(error.kind(), kind, "{args:?}: {error}");
        assert!(error.to_string().contains(message), "{args:?}: {error}");
    }
}
