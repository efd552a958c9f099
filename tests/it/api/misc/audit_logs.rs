//! Audit Logs: the workspace's audit trail and the event names it can hold.

use super::{at, client, nonzero, query, reply, uuid};
use gitguardian_openapi_httpmock::MockServerExt;
use httpmock::prelude::*;
use serde_json::json;

#[tokio::test]
async fn list_audit_logs_sends_filters_and_decodes_member_and_token_events() {
    let server = MockServer::start_async().await;
    let mock = server.list_audit_logs(|when, then| {
        let when = when.date_after(&at("2024-06-03T00:00:00Z"));
        let when = when.date_before(&at("2024-06-04T00:00:00Z"));
        let when = when.member_email("dana.lee@example.com");
        let when = when.api_token_id(&uuid("8b0e2f4c-31a7-4d52-9c1e-6a0f5e7d2b19"));
        let when = when.ip_address("198.51.100.42").per_page(nonzero(100));
        when.into_inner().query_param_count(".*", ".*", 6);
        reply(then.into_inner(), 200, "list-audit-logs");
    });

    let result = client(&server)
        .list_audit_logs()
        .date_after(at("2024-06-03T00:00:00Z"))
        .date_before(at("2024-06-04T00:00:00Z"))
        .member_email("dana.lee@example.com")
        .api_token_id(uuid("8b0e2f4c-31a7-4d52-9c1e-6a0f5e7d2b19"))
        .ip_address("198.51.100.42")
        .per_page(nonzero(100))
        .send()
        .await;
    mock.assert_async().await;
    let logs = result.unwrap().into_inner();
    assert_eq!(logs.len(), 2);
    let login = &logs[0];
    assert_eq!((login.id, login.date), (61872, at("2024-06-03T07:58:12Z")));
    assert_eq!(login.member_email.as_deref(), Some("dana.lee@example.com"));
    assert_eq!(login.member_name.as_deref(), Some("Dana Lee"));
    assert_eq!((login.member_id, login.api_token_id), (Some(3310), None));
    assert_eq!(login.ip_address.as_deref(), Some("203.0.113.17"));
    assert!(login.target_ids.is_empty());
    assert_eq!(login.action_type.as_deref(), Some("READ"));
    assert_eq!(login.event_name, "user.logged_in");
    assert_eq!(login.data, Some(json!({"type": "saml_sso"})));

    let by_token = &logs[1];
    assert_eq!(by_token.id, 61880);
    assert_eq!(
        (
            by_token.member_email.as_deref(),
            by_token.member_name.as_deref()
        ),
        (None, None)
    );
    assert_eq!(by_token.member_id, None);
    assert_eq!(
        by_token.api_token_id,
        Some(uuid("8b0e2f4c-31a7-4d52-9c1e-6a0f5e7d2b19"))
    );
    assert_eq!(
        by_token.target_ids,
        ["88213", "9a1d7c3e-2b4f-4e6a-8c0d-5f7e9b1a3c2d"]
    );
    assert_eq!(by_token.action_type.as_deref(), Some("UPDATE"));
    assert_eq!(by_token.event_name, "incident.assigned");
    assert_eq!(by_token.data, Some(json!("{assignee: 3310}")));
}

#[tokio::test]
async fn list_audit_logs_sends_event_and_member_filters() {
    let server = MockServer::start_async().await;
    let mock = server.list_audit_logs(|when, then| {
        let when = when.event_name("api_token.revoked").member_id(3310);
        let when = when.member_name("Dana Lee").cursor("cj0xJnA9NjE4ODA=");
        when.into_inner().query_param_count(".*", ".*", 4);
        then.success(200, &vec![]);
    });

    let result = client(&server)
        .list_audit_logs()
        .event_name("api_token.revoked")
        .member_id(3310)
        .member_name("Dana Lee")
        .cursor("cj0xJnA9NjE4ODA=")
        .send()
        .await;
    mock.assert_async().await;
    assert!(result.unwrap().into_inner().is_empty());
}

#[tokio::test]
async fn list_audit_log_event_names_decodes_the_names() {
    let server = MockServer::start_async().await;
    let mock = server.list_audit_log_event_names(|when, then| {
        query(when.into_inner(), &[]);
        reply(then.into_inner(), 200, "list-audit-log-event-names");
    });

    let result = client(&server).list_audit_log_event_names().send().await;
    mock.assert_async().await;
    assert_eq!(
        result.unwrap().into_inner(),
        [
            "api_token.created",
            "api_token.revoked",
            "incident.assigned",
            "user.logged_in"
        ]
    );
}
