//! Lists: filters, ordering, dates, pagination with `Link`, refusals.

use chrono::{TimeZone, Utc};
use futures::TryStreamExt;
use gitguardian_api_ext::{types, workflows::IncidentFilter, Error};
use gitguardian_standin::{
    Incident, Member, Route, StandIn, Status, Workspace, FIRST_INCIDENT_ID, WRONG_LINK_ORIGIN,
};
use serde_json::Value;

use super::{client, get};

/// Five incidents one day apart (1 June to 5 June 2025), with chosen severities and statuses.
fn five() -> Workspace {
    let rows = [
        (1, "critical", Status::Triggered),
        (2, "high", Status::Resolved),
        (3, "critical", Status::Assigned),
        (4, "low", Status::Triggered),
        (5, "critical", Status::Ignored),
    ];
    let incidents = rows
        .iter()
        .map(|&(id, severity, status)| Incident {
            date: Utc.with_ymd_and_hms(2025, 6, id as u32, 12, 0, 0).unwrap(),
            severity: severity.into(),
            status,
            ..Incident::sample(id)
        })
        .collect();
    Workspace {
        incidents,
        ..Workspace::default()
    }
}

async fn ids(stand_in: &StandIn, query: &str) -> Vec<i64> {
    let answer = get(stand_in, &format!("/incidents/secrets?{query}")).await;
    assert_eq!(answer.status(), 200, "{query}");
    let items: Vec<Value> = answer.json().await.expect("JSON list");
    items
        .iter()
        .map(|item| item["id"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn incident_filters_combine_and_ordering_sorts_both_ways() {
    let stand_in = StandIn::builder().workspace(five()).start().await.unwrap();
    assert_eq!(ids(&stand_in, "").await, [5, 4, 3, 2, 1], "default -date");
    assert_eq!(ids(&stand_in, "ordering=date").await, [1, 2, 3, 4, 5]);
    assert_eq!(ids(&stand_in, "severity=critical").await, [5, 3, 1]);
    assert_eq!(
        ids(&stand_in, "severity=critical&status=TRIGGERED,ASSIGNED").await,
        [3, 1]
    );
    assert_eq!(
        ids(
            &stand_in,
            "date_after=2025-06-02&date_before=2025-06-04T12:00:00Z"
        )
        .await,
        [4, 3, 2]
    );
    for bad in [
        "status=OPEN",
        "date_after=yesterday",
        "ordering=severity",
        "per_page=0",
    ] {
        let answer = get(&stand_in, &format!("/incidents/secrets?{bad}")).await;
        assert_eq!(answer.status(), 400, "{bad}");
    }
}

#[tokio::test]
async fn the_client_filter_reaches_the_stand_in_and_gets_what_it_asked_for() {
    let stand_in = StandIn::builder().workspace(five()).start().await.unwrap();
    let listed: Vec<_> = client(&stand_in)
        .incidents()
        .list(
            IncidentFilter::new()
                .status(types::IncidentStatus::Triggered)
                .ordering(types::ListIncidentsOrdering::Date),
        )
        .try_collect()
        .await
        .expect("listing");
    let ids: Vec<i64> = listed.iter().map(|i| i.id).collect();
    assert_eq!(ids, [1, 4]);
    let request = &stand_in.requests()[0];
    assert_eq!(request.params["status"], "TRIGGERED");
    assert_eq!(request.params["ordering"], "date");
}

#[tokio::test]
async fn pages_link_the_next_cursor_on_the_wrong_host_and_the_client_keeps_only_the_cursor() {
    let stand_in = StandIn::builder()
        .workspace(Workspace::generated(25))
        .page_cap(10)
        .link_origin(WRONG_LINK_ORIGIN)
        .start()
        .await
        .unwrap();
    let first = get(
        &stand_in,
        "/incidents/secrets?per_page=100&status=TRIGGERED",
    )
    .await;
    assert_eq!(first.headers()["x-per-page"], "10");
    let link = first.headers()["link"].to_str().unwrap().to_string();
    assert_eq!(
        link,
        format!(
            "<{WRONG_LINK_ORIGIN}/v1/incidents/secrets?cursor=cD0xMA%3D%3D&per_page=100&status=TRIGGERED>; rel=\"next\""
        )
    );
    stand_in.clear_requests();

    let listed: Vec<_> = client(&stand_in)
        .incidents()
        .list(IncidentFilter::new())
        .try_collect()
        .await
        .expect("listing");
    let mut ids: Vec<i64> = listed.iter().map(|i| i.id).collect();
    let expected: Vec<i64> = (FIRST_INCIDENT_ID..FIRST_INCIDENT_ID + 25).rev().collect();
    assert_eq!(ids, expected);
    ids.dedup();
    assert_eq!(ids.len(), 25);
    let cursors: Vec<Option<String>> = stand_in
        .requests()
        .iter()
        .map(|r| r.params.get("cursor").cloned())
        .collect();
    assert_eq!(
        cursors,
        [None, Some("cD0xMA==".into()), Some("cD0yMA==".into())]
    );
    let host = stand_in.origin().trim_start_matches("http://");
    assert!(stand_in
        .requests()
        .iter()
        .all(|r| r.host.as_deref() == Some(host)));
}

#[tokio::test]
async fn a_wrong_key_is_401_with_the_token_challenge_and_is_logged() {
    let stand_in = StandIn::builder().start().await.unwrap();
    let answer = super::http()
        .get(format!("{}/health", stand_in.api_url()))
        .header("authorization", "Token wrong")
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 401);
    assert_eq!(answer.headers()["www-authenticate"], "Token");
    let body: Value = answer.json().await.unwrap();
    assert_eq!(body["detail"], "Invalid API key.");
    assert_eq!(stand_in.counters().unauthorized, 1);
    assert_eq!(stand_in.requests()[0].status, 401);

    let bad_cursor = get(&stand_in, "/incidents/secrets?cursor=bogus").await;
    assert_eq!(bad_cursor.status(), 400);
    let unknown = get(&stand_in, "/incidents/secrets/999").await;
    assert_eq!(unknown.status(), 404);
}

#[tokio::test]
async fn members_teams_honeytokens_and_audit_logs_filter_like_the_api() {
    let mut workspace = Workspace::generated(0);
    workspace.members.push(Member {
        id: 9,
        name: "Zoé Quinn".into(),
        email: "zoe@example.com".into(),
        access_level: "manager".into(),
        active: false,
        created_at: Utc::now(),
        last_login: None,
    });
    let stand_in = StandIn::builder()
        .workspace(workspace)
        .start()
        .await
        .unwrap();
    let count = |query: &'static str| {
        let stand_in = &stand_in;
        async move {
            let answer = get(stand_in, query).await;
            assert_eq!(answer.status(), 200, "{query}");
            answer.json::<Vec<Value>>().await.unwrap().len()
        }
    };
    // Generated: 10 members of which 2 inactive (every fourth), plus Zoé.
    assert_eq!(count("/members").await, 11);
    assert_eq!(count("/members?active=false").await, 3);
    assert_eq!(count("/members?search=ZOÉ").await, 1);
    assert_eq!(count("/members?access_level=owner").await, 1);
    assert_eq!(count("/teams?is_global=true").await, 1);
    assert_eq!(count("/honeytokens?status=triggered").await, 1);
    assert_eq!(count("/audit_logs?event_name=user.logged_in").await, 10);
    assert_eq!(count("/audit_logs?date_after=2025-06-01").await, 0);

    let zoe = client(&stand_in).members().get(9).await.expect("member 9");
    assert_eq!(zoe.email, "zoe@example.com");
    let missing = client(&stand_in).members().get(10_000).await;
    assert!(
        matches!(missing, Err(Error::NotFound { .. })),
        "{missing:?}"
    );
}

#[test]
fn a_stand_in_on_its_own_thread_serves_any_runtime_and_stops_when_dropped() {
    let stand_in = StandIn::builder()
        .workspace(Workspace::generated(3))
        .start_on_own_thread()
        .expect("starts without a runtime");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let origin = stand_in.origin().to_string();
    let listed = runtime.block_on(async { ids(&stand_in, "ordering=date").await });
    assert_eq!(
        listed,
        [
            FIRST_INCIDENT_ID,
            FIRST_INCIDENT_ID + 1,
            FIRST_INCIDENT_ID + 2
        ]
    );
    drop(stand_in);
    let address = origin.trim_start_matches("http://");
    assert!(
        std::net::TcpStream::connect(address).is_err(),
        "the port is closed once the stand-in is dropped"
    );
}

#[tokio::test]
async fn long_member_and_audit_log_lists_page_through_every_record_once_in_order() {
    let workspace = gitguardian_standin::Generate {
        members: 1_050,
        audit_logs: 1_050,
        incidents: 0,
        ..gitguardian_standin::Generate::default()
    }
    .workspace();
    let window = (
        workspace.audit_logs[25].date,
        workspace.audit_logs[1_024].date,
    );
    let stand_in = StandIn::builder()
        .workspace(workspace)
        .start()
        .await
        .unwrap();
    let client = client(&stand_in);
    let per_page = std::num::NonZeroU64::new(100).unwrap();

    let members: Vec<i64> = client
        .paginate(client.raw().list_members().per_page(per_page))
        .map_ok(|member| member.id)
        .try_collect()
        .await
        .expect("every member");
    let first = gitguardian_standin::FIRST_MEMBER_ID;
    assert_eq!(members, (first..first + 1_050).collect::<Vec<_>>());
    assert_eq!(stand_in.count(&Route::get("/v1/members")).requests, 11);

    // Both date bounds are included; the newest entry comes first.
    let entries: Vec<i64> = client
        .paginate(
            client
                .raw()
                .list_audit_logs()
                .per_page(per_page)
                .date_after(window.0)
                .date_before(window.1),
        )
        .map_ok(|entry| entry.id)
        .try_collect()
        .await
        .expect("every entry of the window");
    assert_eq!(entries, (26..=1_025).rev().collect::<Vec<_>>());
    assert_eq!(stand_in.count(&Route::get("/v1/audit_logs")).requests, 10);
}

#[tokio::test]
async fn a_stand_in_on_its_own_thread_starts_from_within_a_runtime() {
    let stand_in = StandIn::builder()
        .workspace(Workspace::generated(2))
        .start_on_own_thread()
        .expect("starts inside a tokio runtime");
    assert_eq!(
        ids(&stand_in, "ordering=date").await,
        [FIRST_INCIDENT_ID, FIRST_INCIDENT_ID + 1]
    );
    // Dropped here, inside the runtime: its own runtime is shut down on its own thread.
}
