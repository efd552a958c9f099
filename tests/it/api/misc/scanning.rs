//! Scan Methods: one document, a batch, and a scan that files incidents for a custom source.

use super::{client, query, reply, uuid};
use gitguardian_openapi::types;
use httpmock::prelude::*;
use serde_json::json;

const ENV_DOC: &str = "DB_URL=postgres://db.example.com/app\n\nDATABASE=https://alice_dev:not-a-real-password@db.example.com\n";

fn document(filename: &str, text: &str) -> types::ScanDocument {
    types::ScanDocument {
        document: text.to_string(),
        filename: Some(filename.parse().unwrap()),
    }
}

/// The first result of every scan fixture: a filename break and a basic-auth secret.
fn assert_env_file_breaks(count: u64, policies: &[String], breaks: &[types::PolicyBreak]) {
    assert_eq!(count, 2);
    assert_eq!(
        policies,
        ["Filename", "File extensions", "Secrets detection"]
    );
    assert_eq!(breaks.len(), 2);
    let filename = &breaks[0];
    assert_eq!(
        (filename.type_.as_str(), filename.policy.as_str()),
        (".env", "Filenames")
    );
    assert_eq!(filename.validity, None);
    assert_eq!(
        (filename.known_secret, filename.incident_url.as_deref()),
        (None, None)
    );
    assert_eq!(filename.matches.len(), 1);
    assert_eq!(filename.matches[0].match_, "config/.env");
    assert_eq!(filename.matches[0].index_start, None);

    let secret = &breaks[1];
    assert_eq!(secret.type_, "Basic Auth String");
    assert_eq!(secret.policy, "Secrets detection");
    assert_eq!(secret.validity.as_deref(), Some("cannot_check"));
    assert_eq!(secret.known_secret, Some(false));
    assert_eq!(secret.incident_url.as_deref(), Some(""));
    assert_eq!(
        (secret.is_excluded, secret.exclude_reason.as_deref()),
        (Some(false), None)
    );
    assert!(secret.diff_kind.is_none());
    let kinds: Vec<_> = secret.matches.iter().map(|m| m.type_.as_str()).collect();
    assert_eq!(kinds, ["username", "password", "host"]);
    let password = &secret.matches[1];
    assert_eq!(password.match_, "not-a-real-password");
    assert_eq!(
        (password.index_start, password.index_end),
        (Some(51), Some(69))
    );
    assert_eq!((password.line_start, password.line_end), (Some(3), Some(3)));
    assert_eq!(password.pre_line_start, None);
}

#[tokio::test]
async fn content_scan_posts_the_document_with_ggshield_headers() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            let when = when
                .method(POST)
                .path("/v1/scan")
                .header("GGShield-Version", "1.30.1")
                .header("GGShield-Command-Path", "ggshield secret scan path")
                .header("mode", "path")
                .json_body(json!({"filename": "config/.env", "document": ENV_DOC}));
            query(when, &[("all_secrets", "true")]);
            reply(then, 200, "content_scan");
        })
        .await;

    let result = client(&server)
        .content_scan()
        .all_secrets(true)
        .gg_shield_version("1.30.1")
        .gg_shield_command_path("ggshield secret scan path")
        .mode("path")
        .body(document("config/.env", ENV_DOC))
        .send()
        .await;
    mock.assert_async().await;
    let scan = result.unwrap().into_inner();
    assert_eq!(scan.is_diff, None);
    assert_env_file_breaks(scan.policy_break_count, &scan.policies, &scan.policy_breaks);
}

#[tokio::test]
async fn multiple_scan_posts_the_batch_and_decodes_each_result() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            let when = when.method(POST).path("/v1/multiscan").json_body(json!([
                {"filename": "config/.env", "document": ENV_DOC},
                {"filename": "README.md", "document": "# payments-api\n"},
                {"filename": "src/client.py", "document": "API_KEY = 'x9Qm2Lr7Tz4Kp8Wv1Nc5'\n"}
            ]));
            query(when, &[("ignore_known_secrets", "true")]);
            reply(then, 200, "multiple_scan");
        })
        .await;

    let batch = types::ScanDocumentBatch(vec![
        document("config/.env", ENV_DOC),
        document("README.md", "# payments-api\n"),
        document("src/client.py", "API_KEY = 'x9Qm2Lr7Tz4Kp8Wv1Nc5'\n"),
    ]);
    let result = client(&server)
        .multiple_scan()
        .ignore_known_secrets(true)
        .body(batch)
        .send()
        .await;
    mock.assert_async().await;
    let scans = result.unwrap().into_inner();
    assert_eq!(scans.len(), 3);
    assert_env_file_breaks(
        scans[0].policy_break_count,
        &scans[0].policies,
        &scans[0].policy_breaks,
    );
    assert_eq!(scans[1].policy_break_count, 0);
    assert!(scans[1].policy_breaks.is_empty());

    let diff = &scans[2];
    assert_eq!((diff.is_diff, diff.policy_break_count), (Some(true), 1));
    let known = &diff.policy_breaks[0];
    assert_eq!(known.type_, "Generic High Entropy Secret");
    assert_eq!(known.validity.as_deref(), Some("no_checker"));
    assert_eq!(known.known_secret, Some(true));
    assert_eq!(
        known.incident_url.as_deref(),
        Some("https://dashboard.gitguardian.com/workspace/4127/incidents/88213")
    );
    let kind = known.diff_kind.clone().unwrap().0;
    assert_eq!(
        kind,
        Some(types::PolicyBreakDiffKindInner::Unrecognized(
            "moved".into()
        ))
    );
    let apikey = &known.matches[0];
    assert_eq!(
        (apikey.type_.as_str(), apikey.match_.as_str()),
        ("apikey", "x9Qm2Lr7Tz4Kp8Wv1Nc5")
    );
    assert_eq!(
        (apikey.index_start, apikey.index_end),
        (Some(112), Some(131))
    );
    assert_eq!((apikey.pre_line_start, apikey.pre_line_end), (None, None));
    assert_eq!(
        (apikey.post_line_start, apikey.post_line_end),
        (Some(5), Some(5))
    );
}

#[tokio::test]
async fn scan_create_incidents_posts_documents_of_a_custom_source() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            let when = when
                .method(POST)
                .path("/v1/scan/create-incidents")
                .json_body(json!({
                    "source_uuid": "b7e4a2d9-03c1-4f68-9e5b-c1a8d6f2e307",
                    "documents": [
                        {
                            "document": ENV_DOC,
                            "filename": "config/.env",
                            "location": {"url": "https://support.example.com/tickets/4411"}
                        },
                        {"document": "Thanks, all good now."}
                    ]
                }));
            query(when, &[]);
            reply(then, 200, "scan_create_incidents");
        })
        .await;

    let result = client(&server)
        .scan_create_incidents()
        .body_map(|b| {
            b.source_uuid(uuid("b7e4a2d9-03c1-4f68-9e5b-c1a8d6f2e307"))
                .documents(vec![
                    types::ScanCreateIncidentsDocument {
                        document: ENV_DOC.to_string(),
                        filename: Some("config/.env".parse().unwrap()),
                        location: Some(types::ScanDocumentLocation {
                            url: "https://support.example.com/tickets/4411".to_string(),
                        }),
                    },
                    types::ScanCreateIncidentsDocument {
                        document: "Thanks, all good now.".to_string(),
                        filename: None,
                        location: None,
                    },
                ])
        })
        .send()
        .await;
    mock.assert_async().await;
    let types::ScanCreateIncidentsResponse::Array(results) = result.unwrap().into_inner() else {
        panic!("a list of results was sent");
    };
    assert_eq!(results.len(), 2);
    let leaked = &results[0];
    assert_env_file_breaks(
        leaked.policy_break_count,
        &leaked.policies,
        &leaked.policy_breaks,
    );
    assert_eq!(leaked.created_incidents.len(), 1);
    let incident = &leaked.created_incidents[0];
    assert_eq!(incident.incident_id, 90117);
    assert_eq!(
        (incident.severity.clone(), incident.status.clone()),
        (None, None)
    );
    let clean = &results[1];
    assert_eq!(clean.policy_break_count, 0);
    assert!(clean.policy_breaks.is_empty());
    assert!(clean.created_incidents.is_empty());
}
