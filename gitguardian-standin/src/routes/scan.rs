//! `POST /v1/scan` and `/v1/multiscan`: the `/v1/metadata` limits enforced, a quota spent per
//! request, and the planted secrets found wherever they appear.

use axum::body::Bytes;
use axum::http::StatusCode;
use serde::Deserialize;
use serde_json::{json, Value};

use super::{detail, invalid, ok, Answer, AppState, Refusal};

/// Largest request payload, as `/v1/metadata` states it.
pub(crate) const MAX_PAYLOAD: usize = 26_214_400;
/// Most documents in one multiscan.
pub(crate) const MAX_DOCUMENTS: usize = 20;
/// Largest document, in bytes.
pub(crate) const MAX_DOCUMENT_SIZE: usize = 1_048_576;
/// Longest filename, in characters.
const MAX_FILENAME: usize = 256;

/// A string the scanner reports wherever a document holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlantedSecret {
    /// The exact text to find.
    pub secret: String,
    /// The detector reported, e.g. `AWS Keys`.
    pub detector: String,
}

/// How scans behave.
#[derive(Clone, Debug, Default)]
pub(crate) struct ScanSettings {
    pub planted: Vec<PlantedSecret>,
    /// Scan requests allowed before `403 Quota limit reached.`; `None` for no limit.
    pub quota: Option<u64>,
}

#[derive(Deserialize)]
struct Document {
    #[serde(default)]
    filename: Option<String>,
    document: String,
}

/// The first limit `document` breaks, as the `400` to answer.
fn refuse(document: &Document) -> Option<Refusal> {
    if document.document.len() > MAX_DOCUMENT_SIZE {
        return Some(invalid(
            "document",
            "The file is too large (more than 1048576 bytes).",
        ));
    }
    if document.document.contains('\0') {
        return Some(invalid("document", "Null characters are not allowed."));
    }
    if document
        .filename
        .as_ref()
        .is_some_and(|name| name.chars().count() > MAX_FILENAME)
    {
        return Some(invalid(
            "filename",
            "Ensure this field has no more than 256 characters.",
        ));
    }
    None
}

/// One document's result: a policy break per planted secret found, with every match.
fn result(planted: &[PlantedSecret], document: &Document) -> Value {
    let text = &document.document;
    let breaks: Vec<Value> = planted
        .iter()
        .filter_map(|planted| {
            let matches: Vec<Value> = text
                .match_indices(planted.secret.as_str())
                .map(|(start, found)| {
                    let end = start + found.len() - 1;
                    let line = |at: usize| 1 + text[..at].matches('\n').count();
                    json!({
                        "type": "apikey",
                        "match": found,
                        "index_start": start,
                        "index_end": end,
                        "line_start": line(start),
                        "line_end": line(end),
                    })
                })
                .collect();
            (!matches.is_empty()).then(|| {
                json!({
                    "type": planted.detector,
                    "policy": "Secrets detection",
                    "validity": "valid",
                    "known_secret": false,
                    "incident_url": "",
                    "is_excluded": false,
                    "exclude_reason": null,
                    "matches": matches,
                })
            })
        })
        .collect();
    json!({
        "policy_break_count": breaks.len(),
        "policies": ["Secrets detection"],
        "policy_breaks": breaks,
    })
}

/// Spends one quota unit, or answers `403` when none is left.
fn spend(state: &AppState, documents: usize) -> Result<(), Refusal> {
    let mut counters = super::lock(&state.counters);
    if state
        .scan
        .quota
        .is_some_and(|quota| counters.quota_used >= quota)
    {
        return Err(detail(StatusCode::FORBIDDEN, "Quota limit reached."));
    }
    counters.quota_used += 1;
    counters.documents_scanned += documents as u64;
    Ok(())
}

/// `POST /v1/scan` with one document.
pub(crate) async fn scan(state: AppState, body: Bytes) -> Answer {
    let document: Document = match serde_json::from_slice(&body) {
        Ok(document) => document,
        Err(_) => return Err(invalid("document", "This field is required.")),
    };
    if let Some(refused) = refuse(&document) {
        return Err(refused);
    }
    spend(&state, 1)?;
    ok(result(&state.scan.planted, &document))
}

/// `POST /v1/multiscan` with 1 to 20 documents.
pub(crate) async fn multiscan(state: AppState, body: Bytes) -> Answer {
    if body.len() > MAX_PAYLOAD {
        return Err(detail(
            StatusCode::PAYLOAD_TOO_LARGE,
            "Request payload is too large.",
        ));
    }
    let documents: Vec<Document> = match serde_json::from_slice(&body) {
        Ok(documents) => documents,
        Err(_) => return Err(invalid("non_field_errors", "Expected a list of documents.")),
    };
    if documents.is_empty() || documents.len() > MAX_DOCUMENTS {
        return Err(invalid(
            "non_field_errors",
            "Ensure this list has 1 to 20 documents.",
        ));
    }
    if let Some(refused) = documents.iter().find_map(refuse) {
        return Err(refused);
    }
    spend(&state, documents.len())?;
    let planted = &state.scan.planted;
    ok(Value::Array(
        documents.iter().map(|d| result(planted, d)).collect(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn planted_secrets_are_found_with_their_positions() {
        let planted = [PlantedSecret {
            secret: "AKIAFAKE".into(),
            detector: "AWS Keys".into(),
        }];
        let document = Document {
            filename: None,
            document: "line one\nkey = AKIAFAKE\nagain AKIAFAKE".into(),
        };
        let found = result(&planted, &document);
        assert_eq!(found["policy_break_count"], 1);
        let matches = &found["policy_breaks"][0]["matches"];
        assert_eq!(matches[0]["index_start"], 15);
        assert_eq!(matches[0]["index_end"], 22);
        assert_eq!(matches[0]["line_start"], 2);
        assert_eq!(matches[1]["line_end"], 3);
        let clean = Document {
            filename: None,
            document: "nothing here".into(),
        };
        assert_eq!(result(&planted, &clean)["policy_break_count"], 0);
    }
}
