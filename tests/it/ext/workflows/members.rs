//! `client.members()`: find by email (exact, case-insensitive, stopping at the match), list,
//! search, get.

use httpmock::prelude::*;
use serde_json::json;

use super::{answer, any_request, client, fixture, invalid_input, query, refused_stream};

#[tokio::test]
async fn find_by_email_searches_and_matches_exactly_without_regard_to_case() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            query(
                when.method(GET).path("/v1/members"),
                &[("search", "Chen.Wei@Example.com"), ("per_page", "100")],
            );
            answer(then, 200, "list-members");
        })
        .await;
    let client = client(&server);
    let member = client
        .members()
        .find_by_email(" Chen.Wei@Example.com ")
        .await
        .unwrap()
        .expect("found");
    assert_eq!(mock.calls_async().await, 1);
    assert_eq!(member.id, 5240);
    assert_eq!(member.name, "Chen Wei");
    assert_eq!(member.email, "chen.wei@example.com");
}

#[tokio::test]
async fn find_by_email_ignores_substring_matches() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            query(
                when.method(GET).path("/v1/members"),
                &[("search", "wei@example.com"), ("per_page", "100")],
            );
            // The search matches `chen.wei@example.com`, which is someone else.
            answer(then, 200, "list-members");
        })
        .await;
    let client = client(&server);
    let found = client
        .members()
        .find_by_email("wei@example.com")
        .await
        .unwrap();
    assert!(found.is_none(), "{found:?}");
    assert_eq!(mock.calls_async().await, 1);
}

#[tokio::test]
async fn find_by_email_fetches_no_page_after_the_match() {
    let server = MockServer::start_async().await;
    let next = format!(
        "<{}/v1/members?cursor=cGFnZTI%3D&per_page=100&search=alice.martin%40example.com>; rel=\"next\"",
        server.base_url()
    );
    let first = server
        .mock_async(|when, then| {
            query(
                when.method(GET).path("/v1/members"),
                &[("search", "alice.martin@example.com"), ("per_page", "100")],
            );
            answer(then, 200, "list-members").header("link", next.as_str());
        })
        .await;
    let second = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/members")
                .query_param("cursor", "cGFnZTI=");
            then.status(200)
                .header("content-type", "application/json")
                .json_body(json!([]));
        })
        .await;
    let client = client(&server);
    let member = client
        .members()
        .find_by_email("alice.martin@example.com")
        .await
        .unwrap()
        .expect("found");
    assert_eq!(member.id, 5101);
    assert_eq!(first.calls_async().await, 1);
    assert_eq!(second.calls_async().await, 0);
}

#[tokio::test]
async fn find_by_email_reads_on_until_the_last_page_when_absent() {
    let server = MockServer::start_async().await;
    let next = format!(
        "<{}/v1/members?cursor=cGFnZTI%3D&per_page=100&search=nobody%40example.com>; rel=\"next\"",
        server.base_url()
    );
    let first = server
        .mock_async(|when, then| {
            query(
                when.method(GET).path("/v1/members"),
                &[("search", "nobody@example.com"), ("per_page", "100")],
            );
            answer(then, 200, "list-members").header("link", next.as_str());
        })
        .await;
    let second = server
        .mock_async(|when, then| {
            query(
                when.method(GET).path("/v1/members"),
                &[
                    ("search", "nobody@example.com"),
                    ("cursor", "cGFnZTI="),
                    ("per_page", "100"),
                ],
            );
            then.status(200)
                .header("content-type", "application/json")
                .json_body(json!([fixture("list-members")[1]]));
        })
        .await;
    let client = client(&server);
    let found = client
        .members()
        .find_by_email("nobody@example.com")
        .await
        .unwrap();
    assert!(found.is_none(), "{found:?}");
    assert_eq!(first.calls_async().await, 1);
    assert_eq!(second.calls_async().await, 1);
}

#[tokio::test]
async fn find_by_email_refuses_empty_and_malformed_emails_without_sending() {
    let server = MockServer::start_async().await;
    let mock = any_request(&server).await;
    let client = client(&server);
    let members = client.members();

    let message = invalid_input(members.find_by_email("").await);
    assert!(message.contains("member email is empty"), "{message}");
    let message = invalid_input(members.find_by_email("   ").await);
    assert!(message.contains("member email is empty"), "{message}");
    for bad in ["chen.wei", "@example.com", "chen@", "chen wei@example.com"] {
        let message = invalid_input(members.find_by_email(bad).await);
        assert!(message.contains("not an email address"), "{bad}: {message}");
    }
    let message = invalid_input(members.get(0).await);
    assert!(message.contains("member id"), "{message}");
    let message = refused_stream(members.search(" ")).await;
    assert!(message.contains("member search is empty"), "{message}");
    assert_eq!(mock.calls_async().await, 0);
}

#[tokio::test]
async fn list_search_and_get_send_their_requests() {
    let server = MockServer::start_async().await;
    let list = server
        .mock_async(|when, then| {
            query(when.method(GET).path("/v1/members"), &[("per_page", "100")]);
            answer(then, 200, "list-members");
        })
        .await;
    let search = server
        .mock_async(|when, then| {
            query(
                when.method(GET).path("/v1/members"),
                &[("search", "keller"), ("per_page", "100")],
            );
            then.status(200)
                .header("content-type", "application/json")
                .json_body(json!([fixture("list-members")[1]]));
        })
        .await;
    let get = server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/members/5101");
            answer(then, 200, "retrieve-member");
        })
        .await;
    let client = client(&server);
    let members = client.members();

    let everyone = members.list().collect_all().await.unwrap();
    let ids: Vec<i64> = everyone.iter().map(|m| m.id).collect();
    assert_eq!(ids, [5101, 5188, 5240]);
    let kellers = members.search("keller").collect_all().await.unwrap();
    assert_eq!(kellers.len(), 1);
    assert_eq!(kellers[0].email, "bruno.keller@example.com");
    assert!(!kellers[0].active);
    let member = members.get(5101).await.unwrap();
    assert_eq!((member.id, member.name.as_str()), (5101, "Alice Martin"));

    assert_eq!(list.calls_async().await, 1);
    assert_eq!(search.calls_async().await, 1);
    assert_eq!(get.calls_async().await, 1);
}
