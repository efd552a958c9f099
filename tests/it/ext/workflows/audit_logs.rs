//! `client.audit_logs(filter)`.

use gitguardian_api_ext::workflows::AuditLogFilter;
use httpmock::prelude::*;
use uuid::Uuid;

use super::{answer, any_request, at, client, query, refused_stream};

#[tokio::test]
async fn audit_logs_maps_the_filter_onto_the_query_and_decodes() {
    let token: Uuid = "8b0e2f4c-31a7-4d52-9c1e-6a0f5e7d2b19".parse().unwrap();
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            query(
                when.method(GET).path("/v1/audit_logs"),
                &[
                    ("date_after", "2024-06-01T00:00:00Z"),
                    ("date_before", "2024-06-04T00:00:00Z"),
                    ("event_name", "incident.assigned"),
                    ("member_id", "3310"),
                    ("member_email", "dana.lee@example.com"),
                    ("member_name", "Dana Lee"),
                    ("api_token_id", "8b0e2f4c-31a7-4d52-9c1e-6a0f5e7d2b19"),
                    ("ip_address", "198.51.100.42"),
                    ("per_page", "100"),
                ],
            );
            answer(then, 200, "list-audit-logs");
        })
        .await;
    let filter = AuditLogFilter::new()
        .date_after(at("2024-06-01T00:00:00Z"))
        .date_before(at("2024-06-04T00:00:00Z"))
        .event_name("incident.assigned")
        .member(3310)
        .member_email("dana.lee@example.com")
        .member_name("Dana Lee")
        .api_token(token)
        .ip_address("198.51.100.42");
    let client = client(&server);
    let entries = client.audit_logs(filter).collect_all().await.unwrap();

    assert_eq!(mock.calls_async().await, 1);
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0].event_name, "user.logged_in");
    assert_eq!(
        entries[0].member_email.as_deref(),
        Some("dana.lee@example.com")
    );
    assert_eq!(entries[1].id, 61880);
    assert_eq!(entries[1].api_token_id, Some(token));
    assert_eq!(
        entries[1].target_ids,
        ["88213", "9a1d7c3e-2b4f-4e6a-8c0d-5f7e9b1a3c2d"]
    );
    assert_eq!(entries[1].date, at("2024-06-03T08:14:51Z"));
}

#[tokio::test]
async fn audit_logs_without_filter_sends_only_the_page_size() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            query(
                when.method(GET).path("/v1/audit_logs"),
                &[("per_page", "100")],
            );
            answer(then, 200, "list-audit-logs");
        })
        .await;
    let client = client(&server);
    let entries = client
        .audit_logs(AuditLogFilter::new())
        .collect_all()
        .await
        .unwrap();
    assert_eq!(entries.len(), 2);
    assert_eq!(mock.calls_async().await, 1);
}

#[tokio::test]
async fn audit_logs_refuses_an_unusable_filter_without_sending() {
    let server = MockServer::start_async().await;
    let mock = any_request(&server).await;
    let client = client(&server);

    for (filter, needle) in [
        (AuditLogFilter::new().ip_address("198.51.100"), "IP address"),
        (
            AuditLogFilter::new().member_email("dana"),
            "not an email address",
        ),
        (AuditLogFilter::new().member(0), "member id"),
        (AuditLogFilter::new().event_name(""), "event name is empty"),
        (
            AuditLogFilter::new().member_name(" "),
            "member name is empty",
        ),
        (
            AuditLogFilter::new()
                .date_after(at("2024-06-05T00:00:00Z"))
                .date_before(at("2024-06-04T00:00:00Z")),
            "date range",
        ),
    ] {
        let message = refused_stream(client.audit_logs(filter)).await;
        assert!(message.contains(needle), "{needle}: {message}");
    }
    assert_eq!(mock.calls_async().await, 0);
}
