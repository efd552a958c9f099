//! Health, metadata (the scan limits) and quotas.

use axum::extract::State;
use serde_json::json;

use super::{ok, Answer, AppState};

/// `GET /v1/health`: reached only with the right key.
pub(crate) async fn health() -> Answer {
    ok(json!({ "detail": "Valid API key." }))
}

/// `GET /v1/metadata`, with the limits `/v1/scan` and `/v1/multiscan` enforce.
pub(crate) async fn metadata(State(state): AppState) -> Answer {
    let limits = state.scan.limits;
    ok(json!({
        "version": "stand-in",
        "preferences": {
            "general__maximum_payload_size": limits.max_payload,
            "marketplaces__aws_product_url": null,
            "public_api__scan_rate_limit": 200,
        },
        "secret_scan_preferences": {
            "maximum_documents_per_scan": limits.max_documents,
            "maximum_document_size": limits.max_document_size,
        },
        "remediation_messages": {
            "pre_commit": "A secret was found.",
            "pre_push": "A secret was found.",
            "pre_receive": "A secret was found.",
        },
    }))
}

/// `GET /v1/quotas`: the scan quota and what was spent of it.
pub(crate) async fn quotas(State(state): AppState) -> Answer {
    let used = super::lock(&state.counters).quota_used;
    let limit = state.scan.quota.unwrap_or(10_000);
    ok(json!({
        "content": {
            "count": used,
            "limit": limit,
            "remaining": limit.saturating_sub(used),
            "since": chrono::Utc::now().format("%Y-%m-01").to_string(),
        }
    }))
}
