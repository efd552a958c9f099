//! `POST /v1/scan` and `/v1/multiscan`: the `/v1/metadata` limits enforced, a quota spent per
//! request, and the planted secrets found wherever they appear.

use axum::body::Bytes;
use axum::http::StatusCode;
use serde::Deserialize;
use serde_json::{json, Value};

use super::{detail, invalid, ok, Answer, AppState, Refusal};

/// Longest filename, in characters.
const MAX_FILENAME: usize = 256;

/// The scan limits of an instance: announced by `GET /v1/metadata`, enforced by `/v1/scan`
/// and `/v1/multiscan`. Clients are meant to read them rather than assume the SaaS values,
/// which self-hosted instances may change; a stand-in with other limits shows whether they do.
///
/// A payload limit above 27 MiB acts as 27 MiB: larger bodies are not read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ScanLimits {
    /// Most documents in one multiscan (`maximum_documents_per_scan`).
    pub max_documents: usize,
    /// Largest document, in bytes (`maximum_document_size`).
    pub max_document_size: usize,
    /// Largest request body, in bytes (`general__maximum_payload_size`).
    pub max_payload: usize,
}

impl ScanLimits {
    /// GitGuardian SaaS: 20 documents, 1 MiB each, 25 MiB a request.
    pub const SAAS: ScanLimits = ScanLimits {
        max_documents: 20,
        max_document_size: 1_048_576,
        max_payload: 26_214_400,
    };
}

impl Default for ScanLimits {
    fn default() -> ScanLimits {
        ScanLimits::SAAS
    }
}

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
    pub limits: ScanLimits,
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
fn refuse(limits: &ScanLimits, document: &Document) -> Option<Refusal> {
    if document.document.len() > limits.max_document_size {
        let message = format!(
            "The file is too large (more than {} bytes).",
            limits.max_document_size
        );
        return Some(invalid("document", &message));
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
                    // Byte offsets: `end` may fall inside a multi-byte character, so lines
                    // are counted on bytes, not on a `str` slice.
                    let line = |at: usize| {
                        1 + text.as_bytes()[..at]
                            .iter()
                            .filter(|b| **b == b'\n')
                            .count()
                    };
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
    if let Some(refused) = refuse(&state.scan.limits, &document) {
        return Err(refused);
    }
    spend(&state, 1)?;
    ok(result(&state.scan.planted, &document))
}

/// `POST /v1/multiscan` with 1 to [`ScanLimits::max_documents`] documents.
pub(crate) async fn multiscan(state: AppState, body: Bytes) -> Answer {
    let limits = &state.scan.limits;
    if body.len() > limits.max_payload {
        return Err(detail(
            StatusCode::PAYLOAD_TOO_LARGE,
            "Request payload is too large.",
        ));
    }
    let documents: Vec<Document> = match serde_json::from_slice(&body) {
        Ok(documents) => documents,
        Err(_) => return Err(invalid("non_field_errors", "Expected a list of documents.")),
    };
    if documents.is_empty() || documents.len() > limits.max_documents {
        let message = format!(
            "Ensure this list has 1 to {} documents.",
            limits.max_documents
        );
        return Err(invalid("non_field_errors", &message));
    }
    if let Some(refused) = documents.iter().find_map(|d| refuse(limits, d)) {
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

    fn planted(secret: &str, detector: &str) -> [PlantedSecret; 1] {
        [PlantedSecret {
            secret: secret.into(),
            detector: detector.into(),
        }]
    }

    fn document(text: &str) -> Document {
        Document {
            filename: None,
            document: text.into(),
        }
    }

    #[test]
    fn planted_secrets_are_found_with_their_positions() {
        let planted = planted("AKIAFAKE", "AWS Keys");
        let found = result(
            &planted,
            &document("line one\nkey = AKIAFAKE\nagain AKIAFAKE"),
        );
        assert_eq!(found["policy_break_count"], 1);
        let matches = &found["policy_breaks"][0]["matches"];
        assert_eq!(matches[0]["index_start"], 15);
        assert_eq!(matches[0]["index_end"], 22);
        assert_eq!(matches[0]["line_start"], 2);
        assert_eq!(matches[1]["line_end"], 3);
        let clean = document("nothing here");
        assert_eq!(result(&planted, &clean)["policy_break_count"], 0);
    }

    #[test]
    fn a_secret_ending_in_a_multi_byte_character_is_found_without_a_panic() {
        let planted = planted("gamma \u{fffd}", "Echo");
        let found = result(&planted, &document("one\ngamma \u{fffd}"));
        let matches = &found["policy_breaks"][0]["matches"];
        assert_eq!(matches[0]["match"], "gamma \u{fffd}");
        assert_eq!(
            (&matches[0]["line_start"], &matches[0]["line_end"]),
            (&2.into(), &2.into())
        );
    }

    #[test]
    fn limits_set_by_the_builder_are_the_ones_enforced() {
        let limits = ScanLimits {
            max_document_size: 4,
            ..ScanLimits::SAAS
        };
        assert!(refuse(&limits, &document("four")).is_none());
        let refused = refuse(&limits, &document("fives")).expect("too large");
        assert_eq!(refused.status, StatusCode::BAD_REQUEST);
        assert_eq!(
            refused.body["extra"]["document"][0],
            "The file is too large (more than 4 bytes)."
        );
        assert!(refuse(&ScanLimits::default(), &document("fives")).is_none());
    }
}
