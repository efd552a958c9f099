//! The reference seldom states success codes, so the generated client accepts any 2xx for an
//! operation's documented success response (see `accept_any_success_status` in xtask).

use httpmock::prelude::*;

#[tokio::test]
async fn a_delete_documented_as_204_also_succeeds_on_200() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(DELETE).path("/v1/members/7");
            then.status(200)
                .header("content-type", "application/json")
                .body("{}");
        })
        .await;
    let response = super::client(&server)
        .delete_member()
        .member_id(7)
        .send()
        .await
        .expect("a 200 is a success too");
    assert_eq!(response.status(), 200);
    mock.assert_async().await;
}

#[tokio::test]
async fn a_create_documented_as_201_decodes_a_200_answer() {
    let server = MockServer::start_async().await;
    let team = super::fixture("create-teams");
    server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/teams")
                .json_body(serde_json::json!({"name": "Platform"}));
            then.status(200).json_body(team.clone());
        })
        .await;
    let created = super::client(&server)
        .create_teams()
        .body_map(|b| b.name("Platform"))
        .send()
        .await
        .expect("decoded")
        .into_inner();
    assert_eq!(serde_json::to_value(&created).unwrap()["id"], team["id"]);
}

#[tokio::test]
async fn a_redirect_or_client_error_is_still_an_error() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(DELETE).path("/v1/members/8");
            then.status(404)
                .json_body(serde_json::json!({"detail": "Not found."}));
        })
        .await;
    let error = super::client(&server)
        .delete_member()
        .member_id(8)
        .send()
        .await
        .expect_err("404 is an error");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
}
