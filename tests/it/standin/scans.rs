//! Scans: limits from `/v1/metadata`, the quota, planted secrets.

use gitguardian_api_ext::scan::Document;
use gitguardian_api_ext::Error;
use gitguardian_standin::StandIn;
use serde_json::{json, Value};

use super::client;

const PLANTED: &str = "AKIASTANDINPLANTED00";

async fn post(stand_in: &StandIn, path: &str, body: &Value) -> reqwest::Response {
    super::http()
        .post(format!("{}{path}", stand_in.api_url()))
        .header("authorization", format!("Token {}", stand_in.api_key()))
        .json(body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn the_client_finds_planted_secrets_and_each_request_spends_one_quota_unit() {
    let stand_in = StandIn::builder()
        .plant_secret(PLANTED, "AWS Keys")
        .start()
        .await
        .unwrap();
    let documents: Vec<Document> = (0..45)
        .map(|i| {
            let text = if i % 10 == 3 {
                format!("line\naws_key = \"{PLANTED}\"\n")
            } else {
                format!("nothing in file {i}")
            };
            Document::named(format!("src/file{i}.py"), text)
        })
        .collect();
    let scans = client(&stand_in).scan(documents).await.expect("scan");
    let leaking: Vec<&str> = scans
        .iter()
        .filter(|scan| !scan.policy_breaks().is_empty())
        .filter_map(|scan| scan.filename.as_deref())
        .collect();
    assert_eq!(
        leaking,
        [
            "src/file3.py",
            "src/file13.py",
            "src/file23.py",
            "src/file33.py",
            "src/file43.py"
        ]
    );
    let found = &scans[3].policy_breaks()[0];
    assert_eq!(found.type_, "AWS Keys");
    assert_eq!(found.matches[0].match_, PLANTED);
    assert_eq!(found.matches[0].line_start, Some(2));
    // 45 documents, 20 per request: 3 requests, 3 quota units.
    let counters = stand_in.counters();
    assert_eq!((counters.quota_used, counters.documents_scanned), (3, 45));
    let quota: Value = super::get(&stand_in, "/quotas").await.json().await.unwrap();
    assert_eq!(quota["content"]["count"], 3);
}

#[tokio::test]
async fn the_quota_runs_out_with_403_and_limits_are_refused_before_spending_it() {
    let stand_in = StandIn::builder().scan_quota(1).start().await.unwrap();
    let too_many: Vec<Value> = (0..21)
        .map(|i| json!({ "document": format!("{i}") }))
        .collect();
    assert_eq!(
        post(&stand_in, "/multiscan", &json!(too_many))
            .await
            .status(),
        400
    );
    let large = "x".repeat(1_048_577);
    assert_eq!(
        post(&stand_in, "/scan", &json!({ "document": large }))
            .await
            .status(),
        400
    );
    let nul = json!({ "document": "a\u{0}b" });
    assert_eq!(post(&stand_in, "/scan", &nul).await.status(), 400);
    let long_name = json!({ "document": "a", "filename": "n".repeat(257) });
    assert_eq!(post(&stand_in, "/scan", &long_name).await.status(), 400);
    assert_eq!(stand_in.counters().quota_used, 0);

    assert_eq!(
        post(&stand_in, "/scan", &json!({ "document": "a" }))
            .await
            .status(),
        200
    );
    let spent = post(&stand_in, "/scan", &json!({ "document": "b" })).await;
    assert_eq!(spent.status(), 403);
    let body: Value = spent.json().await.unwrap();
    assert_eq!(body["detail"], "Quota limit reached.");
    let error = client(&stand_in)
        .scan([Document::new("c")])
        .await
        .map(|scans| scans[0].result.clone());
    let refused = match error {
        Ok(Err(gitguardian_api_ext::scan::DocumentError::Request(error))) => error,
        Err(error) => std::sync::Arc::new(error),
        other => panic!("{other:?}"),
    };
    assert!(
        matches!(*refused, Error::QuotaExceeded { .. }),
        "{refused:?}"
    );
}
