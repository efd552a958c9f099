//! `client.teams()`: list, search, get, create.

use gitguardian_api_ext::workflows::NewTeam;
use httpmock::prelude::*;
use serde_json::json;

use super::{answer, any_request, client, fixture, invalid_input, query, refused_stream};

#[tokio::test]
async fn list_and_search_stream_teams() {
    let server = MockServer::start_async().await;
    let list = server
        .mock_async(|when, then| {
            query(when.method(GET).path("/v1/teams"), &[("per_page", "100")]);
            answer(then, 200, "list-teams");
        })
        .await;
    let search = server
        .mock_async(|when, then| {
            query(
                when.method(GET).path("/v1/teams"),
                &[("search", "payments"), ("per_page", "100")],
            );
            then.status(200)
                .header("content-type", "application/json")
                .json_body(json!([fixture("list-teams")[1]]));
        })
        .await;
    let client = client(&server);
    let teams = client.teams();

    let all = teams.list().collect_all().await.unwrap();
    let names: Vec<&str> = all.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["All-incidents", "payments-backend", "mobile-apps"]);
    assert!(all[0].is_global);
    let found = teams.search(" payments ").collect_all().await.unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].id, 4410);
    assert_eq!(
        found[0].external_provider_id.as_deref(),
        Some("grp-7f3e-2291-aa10")
    );
    assert_eq!(list.calls_async().await, 1);
    assert_eq!(search.calls_async().await, 1);
}

#[tokio::test]
async fn get_decodes_the_team() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/teams/4410");
            answer(then, 200, "retrieve-team");
        })
        .await;
    let client = client(&server);
    let team = client.teams().get(4410).await.unwrap();
    assert_eq!(mock.calls_async().await, 1);
    assert_eq!(team.name, "payments-backend");
    assert_eq!(
        team.description.as_deref(),
        Some("Owns the billing and payment services")
    );
}

#[tokio::test]
async fn create_posts_the_name_only_when_nothing_else_is_set() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/teams")
                .json_body(json!({"name": "data-platform"}));
            answer(then, 201, "create-teams");
        })
        .await;
    let client = client(&server);
    let team = client
        .teams()
        .create(NewTeam::new("  data-platform "))
        .await
        .unwrap();
    assert_eq!(mock.calls_async().await, 1);
    assert_eq!(team.id, 4431);
    assert_eq!(team.name, "data-platform");
    assert!(!team.is_global);
}

#[tokio::test]
async fn create_posts_description_and_provider_id() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path("/v1/teams").json_body(json!({
                "name": "payments-backend",
                "description": "Owns the billing and payment services",
                "external_provider_id": "grp-7f3e-2291-aa10"
            }));
            answer(then, 201, "retrieve-team");
        })
        .await;
    let client = client(&server);
    let team = client
        .teams()
        .create(
            NewTeam::new("payments-backend")
                .description("Owns the billing and payment services")
                .external_provider_id("grp-7f3e-2291-aa10"),
        )
        .await
        .unwrap();
    assert_eq!(mock.calls_async().await, 1);
    assert_eq!(team.id, 4410);
}

#[tokio::test]
async fn teams_refuse_bad_arguments_without_sending() {
    let server = MockServer::start_async().await;
    let mock = any_request(&server).await;
    let client = client(&server);
    let teams = client.teams();

    let message = invalid_input(teams.create(NewTeam::new(" ")).await);
    assert!(message.contains("team name is empty"), "{message}");
    let message = invalid_input(
        teams
            .create(NewTeam::new("ok").external_provider_id(""))
            .await,
    );
    assert!(
        message.contains("external provider id is empty"),
        "{message}"
    );
    let message = invalid_input(teams.get(0).await);
    assert!(message.contains("team id"), "{message}");
    let message = refused_stream(teams.search("")).await;
    assert!(message.contains("team search is empty"), "{message}");
    assert_eq!(mock.calls_async().await, 0);
}
