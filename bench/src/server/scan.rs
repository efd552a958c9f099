//! `GET /v1/metadata` and `POST /v1/multiscan`, with the API's limits enforced: at most 20
//! documents per request, 1 MiB per document, filenames of at most 256 characters, no NUL.
//! A client that breaks a limit gets `400`, which the benchmark reports as a failure.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;

use super::{admit, detail, json_body, AppState, Counters};
use crate::corpus::PLANTED_SECRET;

/// Documents per multiscan request.
pub const MAX_DOCUMENTS: usize = 20;
/// Bytes per document.
pub const MAX_DOCUMENT_SIZE: usize = 1_048_576;

const METADATA: &str = r#"{"version":"2024.06.0","preferences":{"general__maximum_payload_size":26214400,"public_api__scan_rate_limit":200},"secret_scan_preferences":{"maximum_documents_per_scan":20,"maximum_document_size":1048576},"remediation_messages":{"pre_commit":"A secret was found in your staged changes.","pre_push":"A secret was found in the commits you are pushing.","pre_receive":"This push was rejected because it contains a secret."}}"#;

const CLEAN: &str = r#"{"policy_break_count":0,"policies":["Filename","File extensions","Secrets detection"],"policy_breaks":[]}"#;

const LEAK: &str = r#"{"policy_break_count":1,"policies":["Filename","File extensions","Secrets detection"],"policy_breaks":[{"type":"AWS Keys","policy":"Secrets detection","validity":"no_checker","known_secret":false,"incident_url":"","is_excluded":false,"exclude_reason":null,"matches":[{"type":"client_id","match":"AKIABENCHMARK0FAKE00","index_start":90,"index_end":109,"line_start":5,"line_end":5}]}]}"#;

#[derive(Deserialize)]
struct ScanDocument {
    document: String,
    filename: Option<String>,
}

pub(super) async fn metadata(State(state): State<Arc<AppState>>, headers: HeaderMap) -> Response {
    if let Err(refused) = admit(&state, &headers).await {
        return refused;
    }
    Counters::add(&state.counters.metadata_requests, 1);
    json_body(METADATA.to_owned())
}

pub(super) async fn multiscan(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Err(refused) = admit(&state, &headers).await {
        return refused;
    }
    let documents: Vec<ScanDocument> = match serde_json::from_slice(&body) {
        Ok(documents) => documents,
        Err(error) => {
            return detail(&state, StatusCode::BAD_REQUEST, &format!("JSON: {error}"));
        }
    };
    if documents.is_empty() || documents.len() > MAX_DOCUMENTS {
        return detail(
            &state,
            StatusCode::BAD_REQUEST,
            "Too many documents to scan (or none).",
        );
    }
    for document in &documents {
        if document.document.len() > MAX_DOCUMENT_SIZE {
            return detail(&state, StatusCode::BAD_REQUEST, "Document too large.");
        }
        if document.document.contains('\0') {
            return detail(&state, StatusCode::BAD_REQUEST, "NUL byte in a document.");
        }
        if document
            .filename
            .as_ref()
            .is_some_and(|name| name.chars().count() > 256)
        {
            return detail(&state, StatusCode::BAD_REQUEST, "Filename too long.");
        }
    }
    Counters::add(&state.counters.multiscan_requests, 1);
    Counters::add(&state.counters.multiscan_documents, documents.len() as u64);
    let mut out = String::with_capacity(documents.len() * (CLEAN.len() + 1) + 2);
    out.push('[');
    for (i, document) in documents.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(if document.document.contains(PLANTED_SECRET) {
            LEAK
        } else {
            CLEAN
        });
    }
    out.push(']');
    json_body(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_decode_as_ours_and_the_official_clients() {
        for body in [CLEAN, LEAK] {
            let ours: gitguardian_openapi::types::ScanResult = serde_json::from_str(body).unwrap();
            let theirs: gitguardian_client::api::models::scan_result::ScanResult =
                serde_json::from_str(body).unwrap();
            assert_eq!(ours.policy_breaks.len(), theirs.policy_breaks.len());
        }
        let limits: gitguardian_openapi::types::Metadata = serde_json::from_str(METADATA).unwrap();
        assert_eq!(
            limits
                .secret_scan_preferences
                .maximum_documents_per_scan
                .get(),
            MAX_DOCUMENTS as u64
        );
    }
}
