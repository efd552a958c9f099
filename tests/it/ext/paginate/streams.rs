//! Streams of items and pages: following `Link` to the configured host, filters and page sizes
//! on every page, the end of the list.

use futures::{StreamExt, TryStreamExt};
use gitguardian_api_ext::{types, Page, DEFAULT_PER_PAGE};
use gitguardian_standin::{Route, Rule};
use httpmock::MockServer;
use serde_json::json;

use super::{audit_log, incident, members, next_link, MockPage, AUDIT_LOGS, INCIDENTS, MEMBERS};
use crate::ext::support::{builder, canned, cursors, members_workspace, stand_in};

/// The `n`-th request for the members list (from 1) answered `200` with members `ids` and
/// `link` as given: the stand-in's own `Link` is never empty or oddly encoded.
fn members_page(n: u64, ids: &[i64], link: Option<&str>) -> Rule {
    let headers: Vec<_> = link.map(|link| ("link", link)).into_iter().collect();
    let body = members(ids.to_vec()).to_string();
    Rule::new(Route::get(MEMBERS))
        .nth(n)
        .answer(canned(200, &headers, &body))
}

#[tokio::test]
async fn follows_next_links_on_the_configured_host_only() {
    let server = MockServer::start_async().await;
    let first = MockPage::new(INCIDENTS, None, json!([incident(1), incident(2)]))
        .link(next_link("c2"))
        .mount(&server)
        .await;
    let second = MockPage::new(INCIDENTS, Some("c2"), json!([incident(3), incident(4)]))
        .link(r#"<https://wrong.example.com/v1/incidents/secrets?cursor=c3>; rel="next""#)
        .mount(&server)
        .await;
    let last = MockPage::new(INCIDENTS, Some("c3"), json!([incident(5)]))
        .mount(&server)
        .await;
    let client = builder(&server.base_url()).build().unwrap();

    let incidents = client
        .paginate(client.raw().list_incidents())
        .collect_all()
        .await
        .unwrap();

    let ids: Vec<i64> = incidents.iter().map(|i| i.id).collect();
    assert_eq!(ids, [1, 2, 3, 4, 5]);
    // Every page came from the mock (`localhost:1` refuses connections, `wrong.example.com`
    // does not resolve), once, with `per_page=100`.
    assert_eq!(first.calls_async().await, 1);
    assert_eq!(second.calls_async().await, 1);
    assert_eq!(last.calls_async().await, 1);
}

#[tokio::test]
async fn a_self_hosted_prefix_is_kept_whatever_the_link_says() {
    let server = MockServer::start_async().await;
    let path = "/exposed/v1/members";
    let first = MockPage::new(path, None, members([1, 2]))
        .link(r#"<http://localhost/exposed/v1/members?cursor=c2>; rel="next""#)
        .mount(&server)
        .await;
    let second = MockPage::new(path, Some("c2"), members([3]))
        .link(r#"<http://localhost/v1/members?cursor=c3>; rel="next""#)
        .mount(&server)
        .await;
    let last = MockPage::new(path, Some("c3"), members([4]))
        .mount(&server)
        .await;
    let client = builder(&format!("{}/exposed", server.base_url()))
        .build()
        .unwrap();

    let found = client
        .paginate(client.raw().list_members())
        .collect_all()
        .await
        .unwrap();

    assert_eq!(found.iter().map(|m| m.id).collect::<Vec<_>>(), [1, 2, 3, 4]);
    for mock in [first, second, last] {
        assert_eq!(mock.calls_async().await, 1);
    }
}

#[tokio::test]
async fn filters_are_sent_with_every_page() {
    let server = MockServer::start_async().await;
    let filters: &[(&str, &str)] = &[
        ("status", "TRIGGERED"),
        ("severity", "critical"),
        ("ordering", "-date"),
    ];
    let cursors = [None, Some("c2"), Some("c3"), Some("c4")];
    let mut mocks = Vec::new();
    for (n, cursor) in cursors.iter().enumerate() {
        let id = n as i64 + 1;
        let mut page = MockPage::new(INCIDENTS, *cursor, json!([incident(id)])).filters(filters);
        if let Some(Some(next)) = cursors.get(n + 1) {
            page = page.link(next_link(next));
        }
        mocks.push(page.mount(&server).await);
    }
    let client = builder(&server.base_url()).build().unwrap();

    let request = client
        .raw()
        .list_incidents()
        .status(types::IncidentStatus::Triggered)
        .severity(types::Severity::Critical)
        .ordering(types::ListIncidentsOrdering::DateDesc);
    let incidents = client.paginate(request).collect_all().await.unwrap();

    assert_eq!(
        incidents.iter().map(|i| i.id).collect::<Vec<_>>(),
        [1, 2, 3, 4]
    );
    for mock in &mocks {
        assert_eq!(mock.calls_async().await, 1);
    }
}

#[tokio::test]
async fn next_is_found_beside_prev_in_either_order() {
    let server = MockServer::start_async().await;
    let url = |cursor: &str| format!("<https://api.gitguardian.com/v1/audit_logs?cursor={cursor}>");
    let mut mocks = Vec::new();
    for (cursor, ids, link) in [
        (None, [1, 2], Some(format!(r#"{}; rel="next""#, url("c2")))),
        (
            Some("c2"),
            [3, 4],
            Some(format!(
                r#"{}; rel="prev", {}; rel="next""#,
                url("p1"),
                url("c3")
            )),
        ),
        (
            Some("c3"),
            [5, 6],
            Some(format!(
                r#"{}; rel="next", {}; rel="prev""#,
                url("c4"),
                url("p2")
            )),
        ),
        (
            Some("c4"),
            [7, 8],
            Some(format!(r#"{}; rel="prev""#, url("p3"))),
        ),
    ] {
        let mut page = MockPage::new(AUDIT_LOGS, cursor, json!(ids.map(audit_log)));
        if let Some(link) = link {
            page = page.link(link);
        }
        mocks.push(page.mount(&server).await);
    }
    let client = builder(&server.base_url()).build().unwrap();

    let logs = client
        .paginate(client.raw().list_audit_logs())
        .collect_all()
        .await
        .unwrap();

    // Never a `prev` cursor (no mock answers those: the stream would have failed).
    assert_eq!(
        logs.iter().map(|l| l.id).collect::<Vec<_>>(),
        [1, 2, 3, 4, 5, 6, 7, 8]
    );
    for mock in &mocks {
        assert_eq!(mock.calls_async().await, 1);
    }
}

#[tokio::test]
async fn an_empty_link_header_ends_the_list() {
    let server = stand_in()
        .workspace(members_workspace(1..=3))
        .page_cap(2)
        .fault(members_page(2, &[3], Some("")))
        .start()
        .await
        .unwrap();
    let client = builder(&server.api_url()).build().unwrap();

    let mut stream = client.paginate(client.raw().list_members());
    let mut ids = Vec::new();
    while let Some(member) = stream.next().await {
        ids.push(member.unwrap().id);
    }

    assert_eq!(ids, [1, 2, 3]);
    let seen = server.requests();
    // `cD0y`: the stand-in's cursor for offset 2.
    assert_eq!(cursors(&seen), [None, Some("cD0y".to_string())]);
    assert!(seen.iter().all(|r| r.path == MEMBERS));
    assert_eq!(stream.resume_cursor(), None);
}

#[tokio::test]
async fn the_cursor_is_decoded_once_and_encoded_once_on_the_wire() {
    let server = stand_in()
        .fault(members_page(
            1,
            &[1],
            Some(r#"<http://localhost/v1/members?cursor=cD0yMDI0LTA2LTAz%3D&per_page=100>; rel="next""#),
        ))
        .fault(members_page(
            2,
            &[2],
            Some(r#"<https://wrong.example.com/v1/members?per_page=100&cursor=YS%2BYi%2Fc%3D%3D>; rel="next""#),
        ))
        .fault(members_page(
            3,
            &[3],
            Some(r#"<https://wrong.example.com/v1/members?cursor=abc%253D>; rel="next""#),
        ))
        .fault(members_page(4, &[4], None))
        .start()
        .await
        .unwrap();
    let client = builder(&server.api_url()).build().unwrap();

    let found = client
        .paginate(client.raw().list_members())
        .collect_all()
        .await
        .unwrap();

    assert_eq!(found.iter().map(|m| m.id).collect::<Vec<_>>(), [1, 2, 3, 4]);
    let seen = server.requests();
    assert_eq!(
        cursors(&seen),
        [
            None,
            Some("cD0yMDI0LTA2LTAz=".to_string()),
            Some("YS+Yi/c==".to_string()),
            Some("abc%3D".to_string()),
        ]
    );
    let raw_queries: Vec<&str> = seen
        .iter()
        .map(|r| r.query.as_deref().unwrap_or_default())
        .collect();
    assert!(
        raw_queries[1].contains("cursor=cD0yMDI0LTA2LTAz%3D"),
        "{raw_queries:?}"
    );
    assert!(
        raw_queries[2].contains("cursor=YS%2BYi%2Fc%3D%3D"),
        "{raw_queries:?}"
    );
    assert!(
        raw_queries[3].contains("cursor=abc%253D"),
        "{raw_queries:?}"
    );
    for request in &seen {
        assert_eq!(request.path, MEMBERS);
        assert_eq!(request.params["per_page"], "100");
    }
}

#[tokio::test]
async fn paginate_asks_for_100_per_page() {
    assert_eq!(DEFAULT_PER_PAGE, 100);
    let server = MockServer::start_async().await;
    let page = MockPage::new(MEMBERS, None, members([1]))
        .per_page("100")
        .mount(&server)
        .await;
    let client = builder(&server.base_url()).build().unwrap();

    // Whatever the request asked: `pages` is the way to choose the page size.
    for request in [
        client.raw().list_members(),
        client.raw().list_members().per_page(7),
    ] {
        let found = client.paginate(request).collect_all().await.unwrap();
        assert_eq!(found.len(), 1);
    }
    assert_eq!(page.calls_async().await, 2);
}

#[tokio::test]
async fn pages_keep_the_requests_per_page_and_say_the_next_cursor() {
    let server = MockServer::start_async().await;
    let mut mocks = Vec::new();
    for (cursor, ids, next) in [
        (None, vec![1, 2], Some("c2")),
        (Some("c2"), vec![3, 4], Some("c3")),
        (Some("c3"), vec![5], None),
    ] {
        let mut page = MockPage::new(MEMBERS, cursor, members(ids)).per_page("2");
        if let Some(next) = next {
            page = page.link(next_link(next));
        }
        mocks.push(page.mount(&server).await);
    }
    let client = builder(&server.base_url()).build().unwrap();

    let mut pages = client.pages(client.raw().list_members().per_page(2));
    let mut seen: Vec<(Vec<i64>, Option<String>)> = Vec::new();
    while let Some(page) = pages.try_next().await.unwrap() {
        let Page { items, next_cursor } = page;
        assert_eq!(pages.resume_cursor(), next_cursor);
        seen.push((items.iter().map(|m| m.id).collect(), next_cursor));
    }

    assert_eq!(
        seen,
        [
            (vec![1, 2], Some("c2".to_string())),
            (vec![3, 4], Some("c3".to_string())),
            (vec![5], None),
        ]
    );
    assert_eq!(pages.resume_cursor(), None);
    for mock in &mocks {
        assert_eq!(mock.calls_async().await, 1);
    }
}

#[tokio::test]
async fn pages_without_per_page_leave_the_apis_default() {
    let server = stand_in()
        .workspace(members_workspace([1]))
        .start()
        .await
        .unwrap();
    let client = builder(&server.api_url()).build().unwrap();

    let pages: Vec<_> = client
        .pages(client.raw().list_members())
        .try_collect()
        .await
        .unwrap();

    assert_eq!(pages.len(), 1);
    let seen = server.requests();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].params.get("per_page"), None);
}

#[tokio::test]
async fn an_empty_list_is_one_request_and_no_item() {
    let server = MockServer::start_async().await;
    let page = MockPage::new(AUDIT_LOGS, None, json!([]))
        .mount(&server)
        .await;
    let client = builder(&server.base_url()).build().unwrap();

    let logs = client
        .paginate(client.raw().list_audit_logs())
        .collect_all()
        .await
        .unwrap();

    assert!(logs.is_empty());
    assert_eq!(page.calls_async().await, 1);
}

#[tokio::test]
async fn a_next_link_to_the_same_page_does_not_loop() {
    let server = MockServer::start_async().await;
    let first = MockPage::new(MEMBERS, None, members([1, 2]))
        .link(next_link("c2"))
        .mount(&server)
        .await;
    let stuck = MockPage::new(MEMBERS, Some("c2"), members([3, 4]))
        .link(next_link("c2"))
        .mount(&server)
        .await;
    let client = builder(&server.base_url()).build().unwrap();

    // The limit only keeps a regression from running forever.
    let found = client
        .paginate(client.raw().list_members())
        .limit(10)
        .collect_all()
        .await
        .unwrap();

    assert_eq!(found.iter().map(|m| m.id).collect::<Vec<_>>(), [1, 2, 3, 4]);
    assert_eq!(first.calls_async().await, 1);
    assert_eq!(stuck.calls_async().await, 1);
}

#[test]
fn streams_can_move_between_threads() {
    fn assert_send<T: Send>(_: &T) {}
    let client = builder("http://127.0.0.1:9").build().unwrap();
    assert_send(&client.paginate(client.raw().list_members()));
    assert_send(&client.pages(client.raw().list_incidents()));
}
