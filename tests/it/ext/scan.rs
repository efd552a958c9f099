//! Scanning many documents: limits from `/v1/metadata`, packing by count and by payload size,
//! input order, per-document errors, bounded concurrency, directory scans.
//!
//! The server is the shared stand-in with the scan limits each test needs. Each document's
//! text is planted as a secret, so the policy break a result carries names its document and
//! results can be matched to inputs. Its request log gives what each multiscan sent (in the
//! order answered) and how many were in flight at once; its holds arrange orderings as
//! conditions with a cap (a broken client fails an assertion instead of hanging), never as
//! assertions on timing.

use std::sync::{Arc, Mutex};

use gitguardian_api_ext::scan::{
    Document, DocumentError, ScanOptions, ScanProgress, SkipReason, PAYLOAD_MARGIN,
};
use gitguardian_api_ext::{Error, GitGuardian};
use gitguardian_standin::{Fault, Route, Rule, ScanLimits, StandIn, StandInBuilder, Until};

use super::support::{builder, canned, no_retry_client, stand_in};

fn multiscan() -> Route {
    Route::post("/v1/multiscan")
}

fn metadata() -> Route {
    Route::get("/v1/metadata")
}

/// The scan limits an instance announces and enforces.
fn limits(max_documents: usize, max_document_size: usize, max_payload: u64) -> ScanLimits {
    ScanLimits {
        max_documents,
        max_document_size,
        max_payload: usize::try_from(max_payload).expect("a payload size"),
    }
}

/// A stand-in for the test key with `limits` that reports each of `texts` wherever a document
/// holds it: a document planted whole comes back naming itself.
fn scanning<T: Into<String>>(
    limits: ScanLimits,
    texts: impl IntoIterator<Item = T>,
) -> StandInBuilder {
    texts
        .into_iter()
        .fold(stand_in().scan_limits(limits), |stand_in, text| {
            stand_in.plant_secret(text, "Echo")
        })
}

/// Starts `builder`.
async fn start(builder: StandInBuilder) -> StandIn {
    builder.start().await.expect("the stand-in starts")
}

fn client(stand_in: &StandIn) -> GitGuardian {
    builder(&stand_in.api_url()).build().expect("client builds")
}

/// A client that has read the instance's limits already, as every scan after a client's
/// first one: its requests are packed by those limits from the start.
async fn knowing_limits(stand_in: &StandIn) -> GitGuardian {
    let client = client(stand_in);
    client.scan_limits().await.expect("the limits are read");
    client
}

/// The text of document `i` of [`numbered`]: bracketed, so that no text holds another
/// (`doc-1` would be found in `doc-10`).
fn text(i: usize) -> String {
    format!("<doc-{i}>")
}

fn texts(count: usize) -> impl Iterator<Item = String> {
    (0..count).map(text)
}

/// `<doc-0>`, `<doc-1>`, ... named `file-0.txt`, `file-1.txt`, ...
fn numbered(count: usize) -> Vec<Document> {
    (0..count)
        .map(|i| Document::named(format!("file-{i}.txt"), text(i)))
        .collect()
}

/// `(filename, document)` of each document of each multiscan, in the order answered.
fn sent(stand_in: &StandIn) -> Vec<Vec<(Option<String>, String)>> {
    let route = multiscan();
    stand_in
        .requests()
        .iter()
        .filter(|request| request.matches(&route))
        .map(|request| {
            let body = request.body.as_ref().expect("a multiscan body");
            let documents = body.as_array().expect("a JSON array");
            documents
                .iter()
                .map(|doc| {
                    let filename = doc["filename"].as_str().map(str::to_string);
                    let content = doc["document"].as_str().expect("document").to_string();
                    (filename, content)
                })
                .collect()
        })
        .collect()
}

/// Documents per multiscan request, in the order answered.
fn sizes(stand_in: &StandIn) -> Vec<usize> {
    sent(stand_in).iter().map(Vec::len).collect()
}

/// Documents per multiscan request, largest first (requests run concurrently may be answered
/// in any order).
fn sizes_desc(stand_in: &StandIn) -> Vec<usize> {
    let mut sizes = sizes(stand_in);
    sizes.sort_unstable_by(|a, b| b.cmp(a));
    sizes
}

fn metadata_calls(stand_in: &StandIn) -> u64 {
    stand_in.count(&metadata()).requests
}

fn multiscans(stand_in: &StandIn) -> u64 {
    stand_in.count(&multiscan()).requests
}

/// Most multiscan requests the stand-in was answering at once.
fn max_in_flight(stand_in: &StandIn) -> u64 {
    stand_in.in_flight(&multiscan()).max
}

/// The planted text a scan's one policy break names, or the error.
fn echoed(scan: &gitguardian_api_ext::scan::DocumentScan) -> Result<String, String> {
    match &scan.result {
        Ok(result) => {
            let [found] = result.policy_breaks.as_slice() else {
                return Err(format!(
                    "{} policy breaks instead of one",
                    result.policy_breaks.len()
                ));
            };
            Ok(found.matches[0].match_.clone())
        }
        Err(error) => Err(error.to_string()),
    }
}

#[tokio::test]
async fn chunks_by_the_instance_document_count() {
    let stand_in = start(scanning(limits(5, 1_048_576, 26_214_400), texts(12))).await;
    let scans = knowing_limits(&stand_in)
        .await
        .scan(numbered(12))
        .await
        .unwrap();

    assert_eq!(
        sizes_desc(&stand_in),
        vec![5, 5, 2],
        "one request per 5 documents"
    );
    assert_eq!(metadata_calls(&stand_in), 1);
    assert_eq!(scans.len(), 12);
    for (i, scan) in scans.iter().enumerate() {
        assert_eq!(echoed(scan), Ok(text(i)));
        assert_eq!(
            scan.filename.as_deref(),
            Some(format!("file-{i}.txt").as_str())
        );
    }
}

#[tokio::test]
async fn a_lower_request_size_can_be_set_but_not_a_higher_one() {
    let stand_in = start(scanning(limits(5, 1_048_576, 26_214_400), texts(0))).await;
    let client = client(&stand_in);

    let lower = ScanOptions::new().max_documents_per_request(3);
    client.scan_with(numbered(7), &lower).await.unwrap();
    assert_eq!(sizes_desc(&stand_in), vec![3, 3, 1]);

    let higher = ScanOptions::new()
        .max_documents_per_request(50)
        .concurrency(1);
    client.scan_with(numbered(7), &higher).await.unwrap();
    assert_eq!(
        sizes(&stand_in)[3..],
        [5, 2],
        "the instance limit still applies"
    );
}

#[tokio::test]
async fn chunks_by_payload_size() {
    // Room for 3500 bytes of documents per request: three of the ~1030-byte documents below.
    let budget = 3500;
    let stand_in = start(scanning(
        limits(20, 1_048_576, PAYLOAD_MARGIN + budget),
        texts(0),
    ))
    .await;
    let documents: Vec<Document> = (0..10)
        .map(|i| Document::named(format!("f{i}"), format!("{i}{}", "a".repeat(999))))
        .collect();
    let scans = knowing_limits(&stand_in)
        .await
        .scan(documents)
        .await
        .unwrap();

    let requests: Vec<_> = stand_in
        .requests()
        .into_iter()
        .filter(|request| request.matches(&multiscan()))
        .collect();
    assert_eq!(
        requests.len(),
        4,
        "3 + 3 + 3 + 1 documents: {:?}",
        sizes(&stand_in)
    );
    for request in &requests {
        assert!(
            request.body_size as u64 <= budget,
            "a request body of {} bytes exceeds the budget of {budget}",
            request.body_size
        );
    }
    let mut firsts: Vec<String> = sent(&stand_in)
        .concat()
        .into_iter()
        .map(|(name, _)| name.unwrap())
        .collect();
    firsts.sort();
    let expected: Vec<String> = (0..10).map(|i| format!("f{i}")).collect();
    assert_eq!(firsts, expected, "every document sent once");
    assert!(scans.iter().all(|scan| scan.is_scanned()));
}

#[tokio::test]
async fn a_document_alone_over_the_payload_budget_is_an_error() {
    let stand_in = start(scanning(
        limits(20, 1_048_576, PAYLOAD_MARGIN + 500),
        ["small"],
    ))
    .await;
    let documents = vec![Document::new("small"), Document::new("x".repeat(600))];
    let scans = knowing_limits(&stand_in)
        .await
        .scan(documents)
        .await
        .unwrap();

    assert_eq!(echoed(&scans[0]), Ok("small".to_string()));
    assert!(matches!(
        scans[1].result,
        Err(DocumentError::PayloadTooLarge { limit: 498, .. })
    ));
    assert_eq!(sizes(&stand_in), vec![1]);
}

#[tokio::test]
async fn results_keep_input_order_when_requests_finish_out_of_order() {
    // The first request is answered only after another one has been.
    let hold_first = Rule::new(multiscan())
        .with_body_containing(text(0))
        .answer(Fault::HoldUntil(Until::Answered(1)));
    let stand_in = start(scanning(ScanLimits::SAAS, texts(8)).fault(hold_first)).await;
    let options = ScanOptions::new()
        .max_documents_per_request(2)
        .concurrency(4);
    let scans = client(&stand_in)
        .scan_with(numbered(8), &options)
        .await
        .unwrap();

    let order: Vec<String> = sent(&stand_in)
        .iter()
        .map(|documents| documents[0].1.clone())
        .collect();
    assert_eq!(order.len(), 4);
    assert_ne!(
        order[0],
        text(0),
        "the first request completed later: {order:?}"
    );
    let echoed: Vec<_> = scans.iter().map(|scan| echoed(scan).unwrap()).collect();
    let expected: Vec<_> = texts(8).collect();
    assert_eq!(echoed, expected);
}

#[tokio::test]
async fn an_oversize_document_is_reported_not_dropped() {
    let planted = ["before".to_string(), "y".repeat(100), "after".to_string()];
    let stand_in = start(scanning(limits(20, 100, 26_214_400), planted)).await;
    let documents = vec![
        Document::named("a.txt", "before"),
        Document::named("big.txt", "x".repeat(101)),
        Document::named("edge.txt", "y".repeat(100)),
        Document::named("c.txt", "after"),
    ];
    let scans = knowing_limits(&stand_in)
        .await
        .scan(documents)
        .await
        .unwrap();

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
    let names: Vec<_> = sent(&stand_in)
        .concat()
        .into_iter()
        .map(|(name, _)| name.unwrap())
        .collect();
    assert_eq!(
        names,
        ["a.txt", "edge.txt", "c.txt"],
        "the large one is not sent"
    );
}

#[tokio::test]
async fn concurrency_bound_is_respected() {
    // Each request waits until three are in flight: a client sending fewer at once would
    // leave the maximum below 3; one sending more would raise it above.
    let together = Rule::new(multiscan()).answer(Fault::HoldUntil(Until::InFlight(3)));
    let stand_in = start(scanning(ScanLimits::SAAS, texts(10)).fault(together)).await;
    let options = ScanOptions::new()
        .max_documents_per_request(1)
        .concurrency(3);
    let scans = client(&stand_in)
        .scan_with(numbered(10), &options)
        .await
        .unwrap();

    assert_eq!(multiscans(&stand_in), 10);
    assert_eq!(max_in_flight(&stand_in), 3);
    for (i, scan) in scans.iter().enumerate() {
        assert_eq!(echoed(scan), Ok(text(i)));
    }
}

#[tokio::test]
async fn concurrency_one_sends_requests_one_after_the_other() {
    let stand_in = start(scanning(ScanLimits::SAAS, texts(0))).await;
    let options = ScanOptions::new()
        .max_documents_per_request(2)
        .concurrency(1);
    client(&stand_in)
        .scan_with(numbered(6), &options)
        .await
        .unwrap();

    assert_eq!(sizes(&stand_in), vec![2, 2, 2]);
    let firsts: Vec<_> = sent(&stand_in).iter().map(|d| d[0].1.clone()).collect();
    assert_eq!(firsts, [text(0), text(2), text(4)], "in input order");
    assert_eq!(max_in_flight(&stand_in), 1);
}

#[tokio::test]
async fn default_concurrency_is_four() {
    let together = Rule::new(multiscan()).answer(Fault::HoldUntil(Until::InFlight(4)));
    let stand_in = start(scanning(ScanLimits::SAAS, texts(0)).fault(together)).await;
    let options = ScanOptions::new().max_documents_per_request(1);
    assert_eq!(options.get_concurrency(), 4);
    client(&stand_in)
        .scan_with(numbered(9), &options)
        .await
        .unwrap();

    assert_eq!(multiscans(&stand_in), 9);
    assert_eq!(max_in_flight(&stand_in), 4);
}

#[tokio::test]
async fn nul_bytes_are_replaced_and_filenames_cut_to_their_last_256_characters() {
    let stand_in = start(scanning(ScanLimits::SAAS, texts(0))).await;
    // 300 characters, 2 bytes each for the first 100: cut by characters, not bytes.
    let long_name = format!("{}{}", "é".repeat(100), "n".repeat(200));
    let documents = vec![Document::named(long_name.clone(), "key\0value\0")];
    let scans = client(&stand_in).scan(documents).await.unwrap();

    assert!(scans[0].is_scanned(), "{:?}", scans[0].result);
    let (filename, content) = sent(&stand_in)[0][0].clone();
    assert_eq!(content, "key\u{1a}value\u{1a}");
    let expected: String = long_name.chars().skip(44).collect();
    assert_eq!(filename.as_deref(), Some(expected.as_str()));
    assert_eq!(expected.chars().count(), 256);
    assert_eq!(scans[0].filename.as_deref(), Some(expected.as_str()));
}

#[tokio::test]
async fn a_failed_request_keeps_the_other_results() {
    let invalid = Rule::new(multiscan())
        .with_body_containing(text(2))
        .answer(canned(400, &[], r#"{"detail": "Invalid document."}"#));
    let stand_in = start(scanning(ScanLimits::SAAS, texts(6)).fault(invalid)).await;
    let options = ScanOptions::new().max_documents_per_request(2);
    let scans = client(&stand_in)
        .scan_with(numbered(6), &options)
        .await
        .unwrap();

    assert_eq!(multiscans(&stand_in), 3);
    assert_eq!(stand_in.count(&multiscan()).faults, 1, "one chunk failed");
    for i in [0, 1, 4, 5] {
        assert_eq!(echoed(&scans[i]), Ok(text(i)));
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
    // No quota left: the stand-in answers every scan `403 Quota limit reached.`
    let stand_in = start(scanning(ScanLimits::SAAS, texts(0)).scan_quota(0)).await;
    let options = ScanOptions::new()
        .max_documents_per_request(2)
        .concurrency(1);
    let scans = client(&stand_in)
        .scan_with(numbered(6), &options)
        .await
        .unwrap();

    assert_eq!(
        stand_in.count(&multiscan()),
        gitguardian_standin::RouteCount {
            requests: 1,
            faults: 0,
            refused: 1
        },
        "no request after the quota ran out"
    );
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
    // Two clean results for three documents.
    let clean =
        r#"{"policy_break_count": 0, "policies": ["Secrets detection"], "policy_breaks": []}"#;
    let short = Rule::new(multiscan()).answer(canned(200, &[], &format!("[{clean}, {clean}]")));
    let stand_in = start(scanning(ScanLimits::SAAS, texts(0)).fault(short)).await;
    let scans = client(&stand_in).scan(numbered(3)).await.unwrap();

    assert_eq!(sizes(&stand_in), vec![3]);
    assert_eq!(scans.len(), 3);

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
    let missing = Rule::new(metadata()).answer(canned(404, &[], r#"{"detail": "Not found."}"#));
    let stand_in = start(scanning(ScanLimits::SAAS, texts(0)).fault(missing)).await;
    let client = client(&stand_in);

    let limits = client.scan_limits().await.unwrap();
    assert_eq!(limits, gitguardian_api_ext::scan::ScanLimits::DEFAULT);
    let options = ScanOptions::new().concurrency(1);
    client.scan_with(numbered(45), &options).await.unwrap();
    assert_eq!(sizes(&stand_in), vec![20, 20, 5]);
    assert_eq!(metadata_calls(&stand_in), 1, "the fallback is cached too");
}

#[tokio::test]
async fn a_transient_metadata_failure_uses_the_defaults_without_caching_them() {
    let failing =
        Rule::new(metadata()).answer(canned(500, &[], r#"{"detail": "Internal error."}"#));
    let stand_in = start(scanning(ScanLimits::SAAS, texts(0)).fault(failing)).await;
    let client = no_retry_client(&stand_in.api_url());

    for _ in 0..2 {
        let limits = client.scan_limits().await.unwrap();
        assert_eq!(limits, gitguardian_api_ext::scan::ScanLimits::DEFAULT);
    }
    assert_eq!(
        metadata_calls(&stand_in),
        2,
        "asked again after a transient failure"
    );
}

#[tokio::test]
async fn a_refused_key_fails_the_scan_and_stops_the_requests_at_the_first_refusal() {
    let stand_in = start(scanning(ScanLimits::SAAS, texts(0))).await;
    let client = GitGuardian::builder()
        .api_key("ggtest_not_the_workspace_key")
        .api_url(stand_in.api_url())
        .build()
        .expect("client builds");
    let options = ScanOptions::new().concurrency(1);
    let error = client.scan_with(numbered(100), &options).await.unwrap_err();

    assert!(matches!(error, Error::Unauthorized { .. }), "{error}");
    assert_eq!(metadata_calls(&stand_in), 1);
    assert_eq!(
        multiscans(&stand_in),
        1,
        "the first request went out with the limits; none after its 401"
    );
    assert_eq!(stand_in.counters().quota_used, 0);
}

#[tokio::test]
async fn a_first_scan_sends_its_requests_while_the_limits_are_on_their_way() {
    // `/v1/metadata` is answered only once a scan has been: a client that waited for the
    // limits before scanning would see it answered after the hold's cap, first.
    let after_a_scan =
        Rule::new(metadata()).answer(Fault::HoldUntil(Until::AnsweredOn(multiscan(), 1)));
    let stand_in = start(scanning(ScanLimits::SAAS, texts(3)).fault(after_a_scan)).await;
    let client = client(&stand_in);
    let scans = client.scan(numbered(3)).await.unwrap();

    let answered: Vec<String> = stand_in.requests().iter().map(|r| r.path.clone()).collect();
    assert_eq!(answered, ["/v1/multiscan", "/v1/metadata"]);
    let echoed: Vec<_> = scans.iter().map(echoed).collect();
    assert_eq!(echoed, texts(3).map(Ok).collect::<Vec<_>>());

    client.scan(numbered(3)).await.unwrap();
    assert_eq!(
        metadata_calls(&stand_in),
        1,
        "the limits are kept for the next scan"
    );
}

#[tokio::test]
async fn a_first_scan_packs_again_what_stricter_limits_refuse() {
    // Five documents a request, announced only after the first scan request is answered:
    // packed by the defaults, that request carries all twelve documents and is refused.
    let after_a_scan =
        Rule::new(metadata()).answer(Fault::HoldUntil(Until::AnsweredOn(multiscan(), 1)));
    let stand_in =
        start(scanning(limits(5, 1_048_576, 26_214_400), texts(12)).fault(after_a_scan)).await;
    let scans = client(&stand_in).scan(numbered(12)).await.unwrap();

    let answers: Vec<(usize, u16)> = stand_in
        .requests()
        .iter()
        .filter(|request| request.matches(&multiscan()))
        .map(|request| {
            let documents = request
                .body
                .as_ref()
                .and_then(|b| b.as_array())
                .map_or(0, Vec::len);
            (documents, request.status)
        })
        .collect();
    assert_eq!(
        answers[0],
        (12, 400),
        "the provisional request: {answers:?}"
    );
    let mut resent: Vec<_> = answers[1..].to_vec();
    resent.sort_unstable();
    assert_eq!(resent, [(2, 200), (5, 200), (5, 200)]);
    assert_eq!(
        stand_in.counters().quota_used,
        3,
        "the refused request cost nothing"
    );
    let echoed: Vec<_> = scans.iter().map(echoed).collect();
    assert_eq!(
        echoed,
        texts(12).map(Ok).collect::<Vec<_>>(),
        "every document in input order"
    );

    // The second scan knows the limits: no request is refused.
    stand_in.clear_requests();
    let scans = client(&stand_in).scan(numbered(12)).await.unwrap();
    assert!(scans.iter().all(|scan| scan.is_scanned()));
}

#[tokio::test]
async fn a_document_over_the_default_size_waits_for_the_instance_limits() {
    // This instance takes documents of up to 2 MiB, twice the documented default.
    let stand_in = start(scanning(
        limits(20, 2 * 1_048_576, 26_214_400),
        ["<big>", "<small>"],
    ))
    .await;
    let big = format!("<big>{}", "x".repeat(1_500_000));
    let documents = vec![Document::new("<small>"), Document::new(big)];
    let scans = client(&stand_in).scan(documents).await.unwrap();

    assert_eq!(echoed(&scans[0]), Ok("<small>".to_string()));
    assert_eq!(
        echoed(&scans[1]),
        Ok("<big>".to_string()),
        "not refused on the defaults' word"
    );
    let statuses: Vec<u16> = stand_in
        .requests()
        .iter()
        .filter(|request| request.matches(&multiscan()))
        .map(|request| request.status)
        .collect();
    assert_eq!(
        statuses,
        [200],
        "both documents in one request, packed by the instance's limits"
    );
}

#[tokio::test]
async fn limits_are_read_once_per_client_and_shared_by_clones() {
    let stand_in = start(scanning(limits(7, 2048, 100_000), texts(0))).await;
    let client = client(&stand_in);
    let limits = client.scan_limits().await.unwrap();
    assert_eq!(limits.max_documents_per_request, 7);
    assert_eq!(limits.max_document_size, 2048);
    assert_eq!(limits.max_payload_size, 100_000);

    client.scan(numbered(2)).await.unwrap();
    client.clone().scan(numbered(2)).await.unwrap();
    assert_eq!(metadata_calls(&stand_in), 1);
    assert_eq!(multiscans(&stand_in), 2);
}

#[tokio::test]
async fn progress_counts_documents_and_requests() {
    let stand_in = start(scanning(limits(20, 100, 26_214_400), texts(0))).await;
    let events: Arc<Mutex<Vec<ScanProgress>>> = Arc::default();
    let sink = events.clone();
    let options = ScanOptions::new()
        .max_documents_per_request(2)
        .on_progress(move |progress| sink.lock().unwrap().push(progress));
    let mut documents = numbered(5);
    documents.push(Document::new("z".repeat(101)));
    knowing_limits(&stand_in)
        .await
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
    assert_eq!(sizes_desc(&stand_in), vec![2, 2, 1]);
}

#[tokio::test]
async fn api_flags_are_sent_as_query_parameters() {
    let stand_in = start(scanning(ScanLimits::SAAS, texts(0))).await;
    let options = ScanOptions::new()
        .all_secrets(true)
        .ignore_known_secrets(false);
    client(&stand_in)
        .scan_with(numbered(1), &options)
        .await
        .unwrap();

    let scans: Vec<_> = stand_in
        .requests()
        .into_iter()
        .filter(|request| request.matches(&multiscan()))
        .collect();
    assert_eq!(scans.len(), 1);
    let query = scans[0].query.clone().unwrap_or_default();
    assert!(query.contains("all_secrets=true"), "{query}");
    assert!(query.contains("ignore_known_secrets=false"), "{query}");
}

#[tokio::test]
async fn unusable_options_and_empty_input_send_nothing() {
    let stand_in = start(scanning(ScanLimits::SAAS, texts(0))).await;
    let client = client(&stand_in);

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
    assert!(stand_in.requests().is_empty(), "{:?}", stand_in.requests());
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

    let planted = ["alpha", "beta", "gamma \u{fffd}"];
    let stand_in = start(scanning(limits(20, 100, 26_214_400), planted)).await;
    let events: Arc<Mutex<Vec<ScanProgress>>> = Arc::default();
    let sink = events.clone();
    let options = ScanOptions::new().on_progress(move |p| sink.lock().unwrap().push(p));
    let report = client(&stand_in)
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

    let names: Vec<_> = sent(&stand_in)
        .concat()
        .into_iter()
        .map(|(name, _)| name.unwrap())
        .collect();
    assert_eq!(names, ["a.txt", "sub/b.env", "sub/deeper/c.txt"]);
    assert_eq!(report.requests, 1);
    let last = *events.lock().unwrap().last().unwrap();
    assert_eq!((last.documents_done, last.documents_total), (5, 5));
}

#[tokio::test]
async fn a_directory_that_cannot_be_listed_is_invalid_input() {
    let stand_in = start(scanning(ScanLimits::SAAS, texts(0))).await;
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing");
    let error = client(&stand_in)
        .scan_directory(&missing, &ScanOptions::new())
        .await
        .unwrap_err();

    assert!(matches!(error, Error::InvalidInput(_)), "{error}");
    assert!(error.to_string().contains("missing"), "{error}");
    assert!(stand_in.requests().is_empty(), "{:?}", stand_in.requests());
}
