//! Scanning many documents: limits from `/v1/metadata`, packing by count and by payload size,
//! input order, per-document errors, bounded concurrency, directory scans.
//!
//! The mock is a small axum app on 127.0.0.1 that echoes each document back as a policy
//! break (so results can be matched to inputs), records every multiscan request, and counts
//! requests in flight. Waits inside the mock are conditions (with a generous cap so a broken
//! client fails an assertion instead of hanging), never assertions on timing.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use gitguardian_api_ext::scan::{
    Document, DocumentError, ScanOptions, ScanProgress, SkipReason, PAYLOAD_MARGIN,
};
use gitguardian_api_ext::{Error, GitGuardian};
use serde_json::{json, Value};

use super::support::{builder, no_retry_client};

/// How long a mock request waits for a condition before giving up on it.
const WAIT_CAP: Duration = Duration::from_secs(5);

/// One multiscan request as the mock saw it.
#[derive(Clone, Debug)]
struct Seen {
    /// `(filename, document)` of each document, in order.
    documents: Vec<(Option<String>, String)>,
    /// Bytes of the request body.
    body_len: usize,
    /// The query string, if any.
    query: Option<String>,
}

/// How the mock behaves.
#[derive(Clone)]
struct Behaviour {
    /// Status and body of `GET /v1/metadata`.
    metadata: (u16, Value),
    /// A request carrying a document with this content is answered with this status and body.
    fail: Option<(String, u16, Value)>,
    /// Every multiscan request is answered with this status and body.
    fail_all: Option<(u16, Value)>,
    /// Requests wait until this many have been in flight at once (then the gate stays open).
    gate: usize,
    /// The request carrying a document with this content waits until another has completed.
    hold: Option<String>,
    /// Answer one result fewer than documents sent.
    drop_one_result: bool,
}

impl Behaviour {
    fn new(metadata: Value) -> Behaviour {
        Behaviour {
            metadata: (200, metadata),
            fail: None,
            fail_all: None,
            gate: 1,
            hold: None,
            drop_one_result: false,
        }
    }
}

struct Mock {
    behaviour: Behaviour,
    metadata_calls: AtomicUsize,
    seen: Mutex<Vec<Seen>>,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
    completed: AtomicUsize,
    /// The first document of each request, in the order requests completed.
    completion_order: Mutex<Vec<String>>,
}

struct ScanServer {
    base_url: String,
    mock: Arc<Mock>,
}

impl ScanServer {
    async fn start(behaviour: Behaviour) -> ScanServer {
        let mock = Arc::new(Mock {
            behaviour,
            metadata_calls: AtomicUsize::new(0),
            seen: Mutex::new(Vec::new()),
            in_flight: AtomicUsize::new(0),
            max_in_flight: AtomicUsize::new(0),
            completed: AtomicUsize::new(0),
            completion_order: Mutex::new(Vec::new()),
        });
        let app = Router::new()
            .route("/v1/metadata", get(metadata))
            .route("/v1/multiscan", post(multiscan))
            .with_state(mock.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let base_url = format!("http://{}", listener.local_addr().expect("addr"));
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        ScanServer { base_url, mock }
    }

    fn client(&self) -> GitGuardian {
        builder(&self.base_url).build().expect("client builds")
    }

    fn seen(&self) -> Vec<Seen> {
        self.mock.seen.lock().unwrap().clone()
    }

    /// Documents per multiscan request, in the order the requests arrived.
    fn sizes(&self) -> Vec<usize> {
        self.seen().iter().map(|s| s.documents.len()).collect()
    }

    /// Documents per multiscan request, largest first (requests run concurrently may arrive
    /// in any order).
    fn sizes_desc(&self) -> Vec<usize> {
        let mut sizes = self.sizes();
        sizes.sort_unstable_by(|a, b| b.cmp(a));
        sizes
    }

    fn metadata_calls(&self) -> usize {
        self.mock.metadata_calls.load(Ordering::SeqCst)
    }

    fn max_in_flight(&self) -> usize {
        self.mock.max_in_flight.load(Ordering::SeqCst)
    }
}

async fn metadata(State(mock): State<Arc<Mock>>) -> Response {
    mock.metadata_calls.fetch_add(1, Ordering::SeqCst);
    let (status, body) = mock.behaviour.metadata.clone();
    (StatusCode::from_u16(status).unwrap(), Json(body)).into_response()
}

/// Waits until `condition` holds, at most [`WAIT_CAP`].
async fn wait_for(condition: impl Fn() -> bool) {
    let start = Instant::now();
    while !condition() && start.elapsed() < WAIT_CAP {
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
}

async fn multiscan(
    State(mock): State<Arc<Mock>>,
    RawQuery(query): RawQuery,
    body: Bytes,
) -> Response {
    let now = mock.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    mock.max_in_flight.fetch_max(now, Ordering::SeqCst);

    let parsed: Vec<Value> = serde_json::from_slice(&body).expect("a JSON array");
    let documents: Vec<(Option<String>, String)> = parsed
        .iter()
        .map(|doc| {
            let filename = doc["filename"].as_str().map(str::to_string);
            let content = doc["document"].as_str().expect("document").to_string();
            (filename, content)
        })
        .collect();
    mock.seen.lock().unwrap().push(Seen {
        documents: documents.clone(),
        body_len: body.len(),
        query,
    });
    let behaviour = &mock.behaviour;
    let has = |content: &str| documents.iter().any(|(_, doc)| doc == content);

    wait_for(|| mock.max_in_flight.load(Ordering::SeqCst) >= behaviour.gate).await;
    if behaviour.hold.as_deref().is_some_and(has) {
        wait_for(|| mock.completed.load(Ordering::SeqCst) >= 1).await;
    }

    let response = if let Some((status, body)) = &behaviour.fail_all {
        (StatusCode::from_u16(*status).unwrap(), Json(body.clone())).into_response()
    } else if let Some((_, status, body)) = behaviour.fail.as_ref().filter(|(m, ..)| has(m)) {
        (StatusCode::from_u16(*status).unwrap(), Json(body.clone())).into_response()
    } else {
        let mut results: Vec<Value> = documents.iter().map(echo).collect();
        if behaviour.drop_one_result {
            results.pop();
        }
        Json(Value::Array(results)).into_response()
    };

    let first = documents
        .first()
        .map(|(_, doc)| doc.clone())
        .unwrap_or_default();
    mock.completion_order.lock().unwrap().push(first);
    mock.completed.fetch_add(1, Ordering::SeqCst);
    mock.in_flight.fetch_sub(1, Ordering::SeqCst);
    response
}

/// A result whose one policy break carries the document's content, to match it to its input.
fn echo((filename, content): &(Option<String>, String)) -> Value {
    json!({
        "policy_break_count": 1,
        "policies": ["Secrets detection"],
        "policy_breaks": [{
            "type": "Echo",
            "policy": "Secrets detection",
            "matches": [
                {"type": "content", "match": content, "line_start": 1, "line_end": 1},
                {"type": "filename", "match": filename.clone().unwrap_or_default()}
            ]
        }]
    })
}

/// `GET /v1/metadata` with the given scan limits.
fn metadata_body(max_documents: u64, max_document_size: u64, max_payload: u64) -> Value {
    json!({
        "version": "2024.06.0",
        "preferences": {"general__maximum_payload_size": max_payload},
        "secret_scan_preferences": {
            "maximum_documents_per_scan": max_documents,
            "maximum_document_size": max_document_size
        }
    })
}

fn saas_metadata() -> Value {
    metadata_body(20, 1_048_576, 26_214_400)
}

/// `doc-0`, `doc-1`, ... named `file-0.txt`, `file-1.txt`, ...
fn numbered(count: usize) -> Vec<Document> {
    (0..count)
        .map(|i| Document::named(format!("file-{i}.txt"), format!("doc-{i}")))
        .collect()
}

/// The content echoed back for a scan, or the error.
fn echoed(scan: &gitguardian_api_ext::scan::DocumentScan) -> Result<String, String> {
    match &scan.result {
        Ok(result) => Ok(result.policy_breaks[0].matches[0].match_.clone()),
        Err(error) => Err(error.to_string()),
    }
}

#[tokio::test]
async fn chunks_by_the_instance_document_count() {
    let server = ScanServer::start(Behaviour::new(metadata_body(5, 1_048_576, 26_214_400))).await;
    let client = server.client();
    let scans = client.scan(numbered(12)).await.unwrap();

    assert_eq!(
        server.sizes_desc(),
        vec![5, 5, 2],
        "one request per 5 documents"
    );
    assert_eq!(server.metadata_calls(), 1);
    assert_eq!(scans.len(), 12);
    for (i, scan) in scans.iter().enumerate() {
        assert_eq!(echoed(scan), Ok(format!("doc-{i}")));
        assert_eq!(
            scan.filename.as_deref(),
            Some(format!("file-{i}.txt").as_str())
        );
    }
}

#[tokio::test]
async fn a_lower_request_size_can_be_set_but_not_a_higher_one() {
    let server = ScanServer::start(Behaviour::new(metadata_body(5, 1_048_576, 26_214_400))).await;
    let client = server.client();

    let lower = ScanOptions::new().max_documents_per_request(3);
    client.scan_with(numbered(7), &lower).await.unwrap();
    assert_eq!(server.sizes_desc(), vec![3, 3, 1]);

    let higher = ScanOptions::new()
        .max_documents_per_request(50)
        .concurrency(1);
    client.scan_with(numbered(7), &higher).await.unwrap();
    assert_eq!(
        server.sizes()[3..],
        [5, 2],
        "the instance limit still applies"
    );
}

#[tokio::test]
async fn chunks_by_payload_size() {
    // Room for 3500 bytes of documents per request: three of the ~1030-byte documents below.
    let budget = 3500;
    let metadata = metadata_body(20, 1_048_576, PAYLOAD_MARGIN + budget);
    let server = ScanServer::start(Behaviour::new(metadata)).await;
    let documents: Vec<Document> = (0..10)
        .map(|i| Document::named(format!("f{i}"), format!("{i}{}", "a".repeat(999))))
        .collect();
    let scans = server.client().scan(documents).await.unwrap();

    let seen = server.seen();
    assert_eq!(
        seen.len(),
        4,
        "3 + 3 + 3 + 1 documents: {:?}",
        server.sizes()
    );
    for request in &seen {
        assert!(
            request.body_len as u64 <= budget,
            "a request body of {} bytes exceeds the budget of {budget}",
            request.body_len
        );
    }
    let sent: usize = seen.iter().map(|s| s.documents.len()).sum();
    assert_eq!(sent, 10, "every document sent once");
    assert!(scans.iter().all(|scan| scan.is_scanned()));
}

#[tokio::test]
async fn a_document_alone_over_the_payload_budget_is_an_error() {
    let metadata = metadata_body(20, 1_048_576, PAYLOAD_MARGIN + 500);
    let server = ScanServer::start(Behaviour::new(metadata)).await;
    let documents = vec![Document::new("small"), Document::new("x".repeat(600))];
    let scans = server.client().scan(documents).await.unwrap();

    assert!(scans[0].is_scanned());
    assert!(matches!(
        scans[1].result,
        Err(DocumentError::PayloadTooLarge { limit: 498, .. })
    ));
    assert_eq!(server.sizes(), vec![1]);
}

#[tokio::test]
async fn results_keep_input_order_when_requests_finish_out_of_order() {
    let mut behaviour = Behaviour::new(saas_metadata());
    // The first request is answered only after another one has completed.
    behaviour.hold = Some("doc-0".to_string());
    let server = ScanServer::start(behaviour).await;
    let options = ScanOptions::new()
        .max_documents_per_request(2)
        .concurrency(4);
    let scans = server
        .client()
        .scan_with(numbered(8), &options)
        .await
        .unwrap();

    let order = server.mock.completion_order.lock().unwrap().clone();
    assert_ne!(
        order[0], "doc-0",
        "the first request completed later: {order:?}"
    );
    let echoed: Vec<_> = scans.iter().map(|scan| echoed(scan).unwrap()).collect();
    let expected: Vec<_> = (0..8).map(|i| format!("doc-{i}")).collect();
    assert_eq!(echoed, expected);
}

#[tokio::test]
async fn an_oversize_document_is_reported_not_dropped() {
    let server = ScanServer::start(Behaviour::new(metadata_body(20, 100, 26_214_400))).await;
    let documents = vec![
        Document::named("a.txt", "before"),
        Document::named("big.txt", "x".repeat(101)),
        Document::named("edge.txt", "y".repeat(100)),
        Document::named("c.txt", "after"),
    ];
    let scans = server.client().scan(documents).await.unwrap();

    assert_eq!(scans.len(), 4);
    assert_eq!(scans[1].filename.as_deref(), Some("big.txt"));
    match &scans[1].result {
        Err(DocumentError::TooLarge { size, limit }) => assert_eq!((*size, *limit), (101, 100)),
        other => panic!("expected TooLarge, got {other:?}"),
    }
    assert_eq!(echoed(&scans[0]), Ok("before".to_string()));
    assert_eq!(
        echoed(&scans[2]),
        Ok("y".repeat(100)),
        "exactly the limit is accepted"
    );
    assert_eq!(echoed(&scans[3]), Ok("after".to_string()));
    let sent: Vec<_> = server.seen()[0]
        .documents
        .iter()
        .map(|(name, _)| name.clone().unwrap())
        .collect();
    assert_eq!(
        sent,
        ["a.txt", "edge.txt", "c.txt"],
        "the large one is not sent"
    );
}

#[tokio::test]
async fn concurrency_bound_is_respected() {
    let mut behaviour = Behaviour::new(saas_metadata());
    // Each request waits until three are in flight: a client sending fewer at once would
    // leave the maximum below 3; one sending more would raise it above.
    behaviour.gate = 3;
    let server = ScanServer::start(behaviour).await;
    let options = ScanOptions::new()
        .max_documents_per_request(1)
        .concurrency(3);
    let scans = server
        .client()
        .scan_with(numbered(10), &options)
        .await
        .unwrap();

    assert_eq!(server.seen().len(), 10);
    assert_eq!(server.max_in_flight(), 3);
    assert!(scans.iter().all(|scan| scan.is_scanned()));
}

#[tokio::test]
async fn concurrency_one_sends_requests_one_after_the_other() {
    let server = ScanServer::start(Behaviour::new(saas_metadata())).await;
    let options = ScanOptions::new()
        .max_documents_per_request(2)
        .concurrency(1);
    server
        .client()
        .scan_with(numbered(6), &options)
        .await
        .unwrap();

    assert_eq!(server.sizes(), vec![2, 2, 2]);
    assert_eq!(server.max_in_flight(), 1);
}

#[tokio::test]
async fn default_concurrency_is_four() {
    let mut behaviour = Behaviour::new(saas_metadata());
    behaviour.gate = 4;
    let server = ScanServer::start(behaviour).await;
    let options = ScanOptions::new().max_documents_per_request(1);
    assert_eq!(options.get_concurrency(), 4);
    server
        .client()
        .scan_with(numbered(9), &options)
        .await
        .unwrap();

    assert_eq!(server.max_in_flight(), 4);
}

#[tokio::test]
async fn nul_bytes_are_replaced_and_filenames_cut_to_their_last_256_characters() {
    let server = ScanServer::start(Behaviour::new(saas_metadata())).await;
    // 300 characters, 2 bytes each for the first 100: cut by characters, not bytes.
    let long_name = format!("{}{}", "é".repeat(100), "n".repeat(200));
    let documents = vec![Document::named(long_name.clone(), "key\0value\0")];
    let scans = server.client().scan(documents).await.unwrap();

    let (filename, content) = server.seen()[0].documents[0].clone();
    assert_eq!(content, "key\u{1a}value\u{1a}");
    let expected: String = long_name.chars().skip(44).collect();
    assert_eq!(filename.as_deref(), Some(expected.as_str()));
    assert_eq!(expected.chars().count(), 256);
    assert_eq!(scans[0].filename.as_deref(), Some(expected.as_str()));
}

#[tokio::test]
async fn a_failed_request_keeps_the_other_results() {
    let mut behaviour = Behaviour::new(saas_metadata());
    behaviour.fail = Some((
        "doc-2".to_string(),
        400,
        json!({"detail": "Invalid document."}),
    ));
    let server = ScanServer::start(behaviour).await;
    let options = ScanOptions::new().max_documents_per_request(2);
    let scans = server
        .client()
        .scan_with(numbered(6), &options)
        .await
        .unwrap();

    assert_eq!(server.seen().len(), 3);
    for i in [0, 1, 4, 5] {
        assert_eq!(echoed(&scans[i]), Ok(format!("doc-{i}")));
    }
    for i in [2, 3] {
        let Err(DocumentError::Request(error)) = &scans[i].result else {
            panic!(
                "document {i}: expected a request error, got {:?}",
                scans[i].result
            );
        };
        assert!(matches!(**error, Error::Validation { .. }), "{error}");
        assert_eq!(error.status().map(|s| s.as_u16()), Some(400));
        assert!(scans[i].policy_breaks().is_empty());
    }
}

#[tokio::test]
async fn exhausted_quota_stops_the_requests_not_yet_sent() {
    let mut behaviour = Behaviour::new(saas_metadata());
    behaviour.fail_all = Some((403, json!({"detail": "Quota limit reached."})));
    let server = ScanServer::start(behaviour).await;
    let options = ScanOptions::new()
        .max_documents_per_request(2)
        .concurrency(1);
    let scans = server
        .client()
        .scan_with(numbered(6), &options)
        .await
        .unwrap();

    assert_eq!(server.seen().len(), 1, "no request after the quota ran out");
    assert_eq!(scans.len(), 6, "every document accounted for");
    for scan in &scans[..2] {
        let Err(DocumentError::Request(error)) = &scan.result else {
            panic!("expected the request's error, got {:?}", scan.result);
        };
        assert!(matches!(**error, Error::QuotaExceeded { .. }));
    }
    for scan in &scans[2..] {
        let Err(DocumentError::NotSent(error)) = &scan.result else {
            panic!("expected NotSent, got {:?}", scan.result);
        };
        assert!(matches!(**error, Error::QuotaExceeded { .. }));
        assert!(scan.result.as_ref().unwrap_err().request_error().is_some());
    }
}

#[tokio::test]
async fn a_result_count_that_does_not_match_is_an_error_for_the_whole_request() {
    let mut behaviour = Behaviour::new(saas_metadata());
    behaviour.drop_one_result = true;
    let server = ScanServer::start(behaviour).await;
    let scans = server.client().scan(numbered(3)).await.unwrap();

    for scan in &scans {
        assert!(matches!(
            scan.result,
            Err(DocumentError::Mismatch {
                sent: 3,
                received: 2
            })
        ));
    }
}

#[tokio::test]
async fn missing_metadata_falls_back_to_the_documented_defaults_once() {
    let mut behaviour = Behaviour::new(json!({"detail": "Not found."}));
    behaviour.metadata.0 = 404;
    let server = ScanServer::start(behaviour).await;
    let client = server.client();

    let limits = client.scan_limits().await.unwrap();
    assert_eq!(limits, gitguardian_api_ext::scan::ScanLimits::DEFAULT);
    let options = ScanOptions::new().concurrency(1);
    client.scan_with(numbered(45), &options).await.unwrap();
    assert_eq!(server.sizes(), vec![20, 20, 5]);
    assert_eq!(server.metadata_calls(), 1, "the fallback is cached too");
}

#[tokio::test]
async fn a_transient_metadata_failure_uses_the_defaults_without_caching_them() {
    let mut behaviour = Behaviour::new(json!({"detail": "Internal error."}));
    behaviour.metadata.0 = 500;
    let server = ScanServer::start(behaviour).await;
    let client = no_retry_client(&server.base_url);

    for _ in 0..2 {
        let limits = client.scan_limits().await.unwrap();
        assert_eq!(limits, gitguardian_api_ext::scan::ScanLimits::DEFAULT);
    }
    assert_eq!(
        server.metadata_calls(),
        2,
        "asked again after a transient failure"
    );
}

#[tokio::test]
async fn a_refused_key_on_metadata_fails_the_scan_before_any_request() {
    let mut behaviour = Behaviour::new(json!({"detail": "Invalid API key."}));
    behaviour.metadata.0 = 401;
    let server = ScanServer::start(behaviour).await;
    let error = server.client().scan(numbered(3)).await.unwrap_err();

    assert!(matches!(error, Error::Unauthorized { .. }), "{error}");
    assert!(server.seen().is_empty());
}

#[tokio::test]
async fn limits_are_read_once_per_client_and_shared_by_clones() {
    let server = ScanServer::start(Behaviour::new(metadata_body(7, 2048, 100_000))).await;
    let client = server.client();
    let limits = client.scan_limits().await.unwrap();
    assert_eq!(limits.max_documents_per_request, 7);
    assert_eq!(limits.max_document_size, 2048);
    assert_eq!(limits.max_payload_size, 100_000);

    client.scan(numbered(2)).await.unwrap();
    client.clone().scan(numbered(2)).await.unwrap();
    assert_eq!(server.metadata_calls(), 1);
}

#[tokio::test]
async fn progress_counts_documents_and_requests() {
    let server = ScanServer::start(Behaviour::new(metadata_body(20, 100, 26_214_400))).await;
    let events: Arc<Mutex<Vec<ScanProgress>>> = Arc::default();
    let sink = events.clone();
    let options = ScanOptions::new()
        .max_documents_per_request(2)
        .on_progress(move |progress| sink.lock().unwrap().push(progress));
    let mut documents = numbered(5);
    documents.push(Document::new("z".repeat(101)));
    server
        .client()
        .scan_with(documents, &options)
        .await
        .unwrap();

    let events = events.lock().unwrap().clone();
    assert_eq!(events[0].documents_done, 0);
    assert!(events.iter().all(|e| e.documents_total == 6));
    assert!(events
        .windows(2)
        .all(|w| w[0].documents_done <= w[1].documents_done));
    let last = events.last().unwrap();
    assert_eq!(last.documents_done, 6);
    assert_eq!(
        last.requests_done, 3,
        "2 + 2 + 1 documents sent, 1 rejected"
    );
}

#[tokio::test]
async fn api_flags_are_sent_as_query_parameters() {
    let server = ScanServer::start(Behaviour::new(saas_metadata())).await;
    let options = ScanOptions::new()
        .all_secrets(true)
        .ignore_known_secrets(false);
    server
        .client()
        .scan_with(numbered(1), &options)
        .await
        .unwrap();

    let query = server.seen()[0].query.clone().unwrap_or_default();
    assert!(query.contains("all_secrets=true"), "{query}");
    assert!(query.contains("ignore_known_secrets=false"), "{query}");
}

#[tokio::test]
async fn unusable_options_and_empty_input_send_nothing() {
    let server = ScanServer::start(Behaviour::new(saas_metadata())).await;
    let client = server.client();

    let zero = ScanOptions::new().concurrency(0);
    assert!(matches!(
        client.scan_with(numbered(1), &zero).await,
        Err(Error::InvalidInput(_))
    ));
    let empty_requests = ScanOptions::new().max_documents_per_request(0);
    assert!(matches!(
        client.scan_with(numbered(1), &empty_requests).await,
        Err(Error::InvalidInput(_))
    ));
    assert!(client
        .scan(Vec::<Document>::new())
        .await
        .unwrap()
        .is_empty());
    assert_eq!(server.metadata_calls(), 0);
    assert!(server.seen().is_empty());
}

#[test]
fn a_scan_can_be_spawned() {
    fn assert_send<T: Send>(_: &T) {}
    let client = GitGuardian::builder().api_key("k").build().unwrap();
    let options = ScanOptions::new();
    assert_send(&client.scan_with(numbered(1), &options));
    assert_send(&client.scan_directory(".", &options));
}

#[test]
fn documents_do_not_show_their_content_in_debug() {
    let document = Document::named("a.env", "PASSWORD=hunter2");
    let debug = format!("{document:?}");
    assert!(!debug.contains("hunter2"), "{debug}");
    assert!(debug.contains("a.env"));
}

#[tokio::test]
async fn a_directory_scan_names_files_by_relative_path_and_lists_what_it_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("sub/deeper")).unwrap();
    std::fs::create_dir_all(root.join(".git")).unwrap();
    std::fs::write(root.join("a.txt"), "alpha").unwrap();
    std::fs::write(root.join("sub/b.env"), "beta").unwrap();
    std::fs::write(root.join("sub/deeper/c.txt"), b"gamma \xff").unwrap();
    std::fs::write(root.join("big.txt"), "x".repeat(101)).unwrap();
    std::fs::write(root.join("image.png"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    std::fs::write(root.join(".git/config"), "[core]").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(root.join("a.txt"), root.join("link.txt")).unwrap();

    let server = ScanServer::start(Behaviour::new(metadata_body(20, 100, 26_214_400))).await;
    let events: Arc<Mutex<Vec<ScanProgress>>> = Arc::default();
    let sink = events.clone();
    let options = ScanOptions::new().on_progress(move |p| sink.lock().unwrap().push(p));
    let report = server
        .client()
        .scan_directory(root, &options)
        .await
        .unwrap();

    let paths: Vec<_> = report.files.iter().map(|f| f.path.clone()).collect();
    let expected: Vec<std::path::PathBuf> = ["a.txt", "big.txt", "sub/b.env", "sub/deeper/c.txt"]
        .iter()
        .map(Into::into)
        .collect();
    assert_eq!(paths, expected);
    assert_eq!(echoed(&report.files[0].scan), Ok("alpha".to_string()));
    assert!(matches!(
        report.files[1].scan.result,
        Err(DocumentError::TooLarge {
            size: 101,
            limit: 100
        })
    ));
    assert_eq!(report.files[2].scan.filename.as_deref(), Some("sub/b.env"));
    assert_eq!(echoed(&report.files[2].scan), Ok("beta".to_string()));
    assert_eq!(
        echoed(&report.files[3].scan),
        Ok("gamma \u{fffd}".to_string()),
        "invalid UTF-8 is replaced, not a reason to skip"
    );

    let mut skipped = vec![("image.png".into(), SkipReason::Binary)];
    #[cfg(unix)]
    skipped.push(("link.txt".into(), SkipReason::Symlink));
    let got: Vec<(std::path::PathBuf, SkipReason)> = report
        .skipped
        .iter()
        .map(|s| (s.path.clone(), s.reason.clone()))
        .collect();
    assert_eq!(got, skipped);

    let sent: Vec<_> = server
        .seen()
        .iter()
        .flat_map(|s| s.documents.clone())
        .map(|(name, _)| name.unwrap())
        .collect();
    assert_eq!(sent, ["a.txt", "sub/b.env", "sub/deeper/c.txt"]);
    assert_eq!(report.requests, 1);
    let last = *events.lock().unwrap().last().unwrap();
    assert_eq!((last.documents_done, last.documents_total), (5, 5));
}

#[tokio::test]
async fn a_directory_that_cannot_be_listed_is_invalid_input() {
    let server = ScanServer::start(Behaviour::new(saas_metadata())).await;
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing");
    let error = server
        .client()
        .scan_directory(&missing, &ScanOptions::new())
        .await
        .unwrap_err();

    assert!(matches!(error, Error::InvalidInput(_)), "{error}");
    assert!(error.to_string().contains("missing"), "{error}");
    assert_eq!(server.metadata_calls(), 0);
}
