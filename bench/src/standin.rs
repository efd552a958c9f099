//! The bench's GitGuardian: the workspace's stand-in (`gitguardian-standin`), configured per
//! scenario. It serves `GET /v1/members` and `GET /v1/audit_logs` (cursor pagination with
//! `Link`, date filters on audit logs), `GET /v1/metadata` and `POST /v1/multiscan`, and counts
//! what every contender asked for, Rust or Python, in the same way.
//!
//! It runs on a runtime and thread of its own, so a client that blocks (or loads the bench's
//! runtime) cannot slow it down. Every answer can be delayed by a fixed latency, and a share of
//! member list answers can be `429` with `Retry-After: 0`.

use std::time::Duration;

use gitguardian_standin::{Fault, Generate, Route, Rule, StandIn};

use crate::corpus::PLANTED_SECRET;

/// The API key clients must send (`Authorization: Token <KEY>`).
pub const API_KEY: &str = "bench-key-0123456789";

/// Seeds the choice of throttled requests: the same ones on every run.
const THROTTLE_SEED: u64 = 0x5eed_6167_6261_6e63;

/// What a scenario's server holds and how it behaves.
#[derive(Clone, Copy, Debug)]
pub struct ServerConfig {
    /// Members served by `GET /v1/members`, ids from
    /// [`FIRST_MEMBER_ID`](gitguardian_standin::FIRST_MEMBER_ID).
    pub members: usize,
    /// Entries served by `GET /v1/audit_logs`, ids from 1, oldest first, one an hour apart.
    pub audit_logs: usize,
    /// Added to every answer.
    pub latency: Duration,
    /// Share of member list answers that are `429` (per mille), chosen by a seeded hash of
    /// the request's sequence number: reproducible from run to run.
    pub throttle_per_mille: u64,
}

/// Binds 127.0.0.1 on a free port and starts serving on a thread of its own; stopped when
/// the [`StandIn`] is dropped.
pub fn start(config: ServerConfig) -> Result<StandIn, String> {
    let workspace = Generate {
        members: config.members,
        audit_logs: config.audit_logs,
        incidents: 0,
        teams: 0,
        honeytokens: 0,
        ..Generate::default()
    }
    .workspace();
    let mut builder = StandIn::builder()
        .api_key(API_KEY)
        .workspace(workspace)
        .plant_secret(PLANTED_SECRET, "AWS Keys")
        // The scan scenario sends 20 MB per run: the log needs the routes, not the bodies.
        .keep_bodies(false);
    if !config.latency.is_zero() {
        builder = builder.fault(Rule::new(Route::any()).answer(Fault::Delay(config.latency)));
    }
    if config.throttle_per_mille > 0 {
        builder = builder.fault(
            Rule::new(members())
                .answer(Fault::TooManyRequests {
                    retry_after: Some(0),
                })
                .per_mille(config.throttle_per_mille, THROTTLE_SEED),
        );
    }
    builder
        .start_on_own_thread()
        .map_err(|e| format!("starting the stand-in: {e}"))
}

/// `GET /v1/members`, for [`StandIn::count`].
pub fn members() -> Route {
    Route::get("/v1/members")
}

/// `GET /v1/audit_logs`, for [`StandIn::count`].
pub fn audit_logs() -> Route {
    Route::get("/v1/audit_logs")
}

/// `GET /v1/metadata`, for [`StandIn::count`].
pub fn metadata() -> Route {
    Route::get("/v1/metadata")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(members: usize, audit_logs: usize, throttle_per_mille: u64) -> ServerConfig {
        ServerConfig {
            members,
            audit_logs,
            latency: Duration::ZERO,
            throttle_per_mille,
        }
    }

    async fn get(url: &str) -> reqwest::Response {
        static HTTP: std::sync::OnceLock<reqwest::Client> = std::sync::OnceLock::new();
        HTTP.get_or_init(reqwest::Client::new)
            .get(url)
            .header("authorization", format!("Token {API_KEY}"))
            .send()
            .await
            .unwrap()
    }

    /// The URL in the `rel="next"` part of a `Link` header.
    fn next_url(response: &reqwest::Response) -> Option<String> {
        let link = response.headers().get("link")?.to_str().ok()?;
        let next = link
            .split(", ")
            .find(|part| part.ends_with("rel=\"next\""))?;
        Some(next.split(['<', '>']).nth(1)?.to_owned())
    }

    #[tokio::test]
    async fn members_decode_as_ours_and_the_official_clients_page_by_page() {
        let server = start(config(250, 0, 0)).unwrap();
        let mut url = Some(format!("{}/members?per_page=100", server.api_url()));
        let mut ids = Vec::new();
        while let Some(next) = url.take() {
            let page = get(&next).await;
            assert_eq!(page.status(), 200);
            url = next_url(&page);
            let body = page.text().await.unwrap();
            let ours: Vec<gitguardian_openapi::types::Member> =
                serde_json::from_str(&body).unwrap();
            let theirs: Vec<gitguardian_client::api::models::member::Member> =
                serde_json::from_str(&body).unwrap();
            assert_eq!(ours.len(), theirs.len());
            ids.extend(ours.iter().map(|m| m.id));
        }
        let first = gitguardian_standin::FIRST_MEMBER_ID;
        assert_eq!(ids, (first..first + 250).collect::<Vec<_>>());
        assert_eq!(server.count(&members()).requests, 3);
    }

    #[tokio::test]
    async fn audit_logs_are_newest_first_within_inclusive_date_bounds() {
        let server = start(config(0, 250, 0)).unwrap();
        let dates: Vec<_> = server
            .workspace()
            .audit_logs
            .iter()
            .map(|e| e.date)
            .collect();
        let at = |i: usize| dates[i].format("%Y-%m-%dT%H:%M:%SZ").to_string();
        let mut url = Some(format!(
            "{}/audit_logs?per_page=100&date_after={}&date_before={}",
            server.api_url(),
            at(10),
            at(209)
        ));
        let mut ids = Vec::new();
        while let Some(next) = url.take() {
            let page = get(&next).await;
            url = next_url(&page);
            let items: Vec<gitguardian_openapi::types::AuditLog> = page.json().await.unwrap();
            ids.extend(items.iter().map(|e| e.id));
        }
        // Entries 10..=209 (ids 11..=210), both bounds included, newest first.
        assert_eq!(ids, (11..=210).rev().collect::<Vec<_>>());
        assert_eq!(server.count(&audit_logs()).requests, 2);
    }

    #[tokio::test]
    async fn the_storm_throttles_about_the_configured_share_of_member_lists() {
        let server = start(config(10, 0, 300)).unwrap();
        let mut throttled = 0;
        for _ in 0..400 {
            let answer = get(&format!("{}/members", server.api_url())).await;
            if answer.status() == 429 {
                assert_eq!(answer.headers()["retry-after"], "0");
                throttled += 1;
            }
        }
        assert!((80..160).contains(&throttled), "{throttled}");
        let seen = server.count(&members());
        assert_eq!((seen.requests, seen.faults), (400, throttled));
        // Other routes are never throttled.
        assert_eq!(
            get(&format!("{}/metadata", server.api_url()))
                .await
                .status(),
            200
        );
    }

    #[tokio::test]
    async fn scans_find_the_planted_secret_and_decode_as_ours_and_the_official_clients() {
        let server = start(config(0, 0, 0)).unwrap();
        let documents = serde_json::json!([
            { "filename": "clean.py", "document": "import os\n" },
            { "filename": "leak.py", "document": format!("KEY = \"{PLANTED_SECRET}\"\n") },
        ]);
        let answer = reqwest::Client::new()
            .post(format!("{}/multiscan", server.api_url()))
            .header("authorization", format!("Token {API_KEY}"))
            .json(&documents)
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 200);
        let body = answer.text().await.unwrap();
        let ours: Vec<gitguardian_openapi::types::ScanResult> =
            serde_json::from_str(&body).unwrap();
        let theirs: Vec<gitguardian_client::api::models::scan_result::ScanResult> =
            serde_json::from_str(&body).unwrap();
        let breaks: Vec<usize> = ours.iter().map(|r| r.policy_breaks.len()).collect();
        assert_eq!(breaks, [0, 1]);
        assert_eq!(theirs[1].policy_breaks.len(), 1);

        let answer = get(&format!("{}/metadata", server.api_url())).await;
        let limits: gitguardian_openapi::types::Metadata = answer.json().await.unwrap();
        let per_scan = limits.secret_scan_preferences.maximum_documents_per_scan;
        assert_eq!(per_scan.get(), 20);
        let counters = server.counters();
        assert_eq!((counters.quota_used, counters.documents_scanned), (1, 2));
        assert_eq!(server.count(&metadata()).requests, 1);
    }

    #[tokio::test]
    async fn a_wrong_key_is_refused() {
        let server = start(config(10, 0, 0)).unwrap();
        let anonymous = reqwest::get(format!("{}/members", server.api_url()))
            .await
            .unwrap();
        assert_eq!(anonymous.status(), 401);
        assert_eq!(server.count(&Route::any()).refused, 1);
    }
}
