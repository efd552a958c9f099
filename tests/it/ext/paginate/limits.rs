//! `limit`, `paginate_limit` and `collect_all`: no page is fetched beyond the one holding the
//! last item asked for.

use futures::StreamExt;
use httpmock::MockServer;
use serde_json::Value;

use super::{members, next_link, MockPage, MEMBERS};
use crate::ext::support::builder;

/// Three pages of 100 members (ids 1 to 300), at no cursor, `c2` and `c3`.
async fn three_full_pages(server: &MockServer) -> [httpmock::Mock<'_>; 3] {
    let page = |n: i64| -> Value { members((n * 100 + 1)..=(n * 100 + 100)) };
    [
        MockPage::new(MEMBERS, None, page(0))
            .link(next_link("c2"))
            .mount(server)
            .await,
        MockPage::new(MEMBERS, Some("c2"), page(1))
            .link(next_link("c3"))
            .mount(server)
            .await,
        MockPage::new(MEMBERS, Some("c3"), page(2))
            .mount(server)
            .await,
    ]
}

async fn calls(mocks: &[httpmock::Mock<'_>]) -> Vec<usize> {
    let mut calls = Vec::new();
    for mock in mocks {
        calls.push(mock.calls_async().await);
    }
    calls
}

#[tokio::test]
async fn limit_fetches_no_page_beyond_the_last_item() {
    let server = MockServer::start_async().await;
    let mocks = three_full_pages(&server).await;
    let client = builder(&server.base_url()).build().unwrap();

    let found = client
        .paginate(client.raw().list_members())
        .limit(150)
        .collect_all()
        .await
        .unwrap();

    assert_eq!(
        found.iter().map(|m| m.id).collect::<Vec<_>>(),
        (1..=150).collect::<Vec<_>>()
    );
    assert_eq!(calls(&mocks).await, [1, 1, 0]);
}

#[tokio::test]
async fn limit_at_a_page_boundary_stops_there() {
    let server = MockServer::start_async().await;
    let mocks = three_full_pages(&server).await;
    let client = builder(&server.base_url()).build().unwrap();

    let mut stream = client.paginate(client.raw().list_members()).limit(100);
    let mut count = 0;
    while let Some(member) = stream.next().await {
        member.unwrap();
        count += 1;
    }

    assert_eq!(count, 100);
    assert_eq!(calls(&mocks).await, [1, 0, 0]);
}

#[tokio::test]
async fn limit_beyond_the_list_yields_it_all() {
    let server = MockServer::start_async().await;
    let mocks = three_full_pages(&server).await;
    let client = builder(&server.base_url()).build().unwrap();

    let found = client
        .paginate(client.raw().list_members())
        .limit(1000)
        .collect_all()
        .await
        .unwrap();

    assert_eq!(
        found.iter().map(|m| m.id).collect::<Vec<_>>(),
        (1..=300).collect::<Vec<_>>()
    );
    assert_eq!(calls(&mocks).await, [1, 1, 1]);
}

#[tokio::test]
async fn paginate_limit_asks_for_no_more_than_it_needs() {
    let server = MockServer::start_async().await;
    let first = MockPage::new(MEMBERS, None, members(1..=5))
        .per_page("5")
        .filters(&[("search", "ada")])
        .link(next_link("c2"))
        .mount(&server)
        .await;
    let second = MockPage::new(MEMBERS, Some("c2"), members(6..=10))
        .per_page("5")
        .mount(&server)
        .await;
    let client = builder(&server.base_url()).build().unwrap();

    let found = client
        .paginate_limit(client.raw().list_members().search("ada"), 5)
        .collect_all()
        .await
        .unwrap();

    assert_eq!(
        found.iter().map(|m| m.id).collect::<Vec<_>>(),
        [1, 2, 3, 4, 5]
    );
    assert_eq!(first.calls_async().await, 1);
    assert_eq!(second.calls_async().await, 0);
}

#[tokio::test]
async fn paginate_limit_over_100_asks_for_100_per_page() {
    let server = MockServer::start_async().await;
    let mocks = three_full_pages(&server).await;
    let client = builder(&server.base_url()).build().unwrap();

    let found = client
        .paginate_limit(client.raw().list_members(), 250)
        .collect_all()
        .await
        .unwrap();

    assert_eq!(found.len(), 250);
    assert_eq!(found.last().map(|m| m.id), Some(250));
    assert_eq!(calls(&mocks).await, [1, 1, 1]);
}

#[tokio::test]
async fn paginate_limit_zero_sends_nothing() {
    let server = MockServer::start_async().await;
    let mocks = three_full_pages(&server).await;
    let client = builder(&server.base_url()).build().unwrap();

    let found = client
        .paginate_limit(client.raw().list_members(), 0)
        .collect_all()
        .await
        .unwrap();

    assert!(found.is_empty());
    assert_eq!(calls(&mocks).await, [0, 0, 0]);
}

#[tokio::test]
async fn collect_all_keeps_the_servers_order() {
    let server = MockServer::start_async().await;
    let mocks = three_full_pages(&server).await;
    let client = builder(&server.base_url()).build().unwrap();

    let found = client
        .paginate(client.raw().list_members())
        .collect_all()
        .await
        .unwrap();

    assert_eq!(
        found.iter().map(|m| m.id).collect::<Vec<_>>(),
        (1..=300).collect::<Vec<_>>()
    );
    assert_eq!(calls(&mocks).await, [1, 1, 1]);
}
