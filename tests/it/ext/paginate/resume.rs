//! Retries mid-stream (same cursor, nothing lost or repeated), and failures that end a stream:
//! the typed error, the items before it, and resuming from `resume_cursor`.

use futures::{StreamExt, TryStreamExt};
use gitguardian_api_ext::{Error, RetryCause};
use gitguardian_standin::{Fault, Route, Rule};
use httpmock::MockServer;
use reqwest::StatusCode;
use serde_json::json;

use super::{incident, next_link, MockPage, INCIDENTS};
use crate::ext::support::{
    builder, canned, cursors, members_workspace, no_retry_client, request_id, stand_in, Events,
};

/// The stand-in's cursors for the pages at offsets 2, 4, 6 and 8 (base64 of `p=<offset>`).
const AT_2: &str = "cD0y";
const AT_4: &str = "cD00";
const AT_6: &str = "cD02";
const AT_8: &str = "cD04";

fn some(cursors: &[Option<&str>]) -> Vec<Option<String>> {
    cursors.iter().map(|c| c.map(str::to_string)).collect()
}

fn members_route() -> Route {
    Route::get("/v1/members")
}

#[tokio::test]
async fn a_429_and_a_503_mid_stream_resume_at_the_same_cursor() {
    let server = stand_in()
        .workspace(members_workspace(1..=9))
        .page_cap(2)
        .fault(
            Rule::new(members_route())
                .nth(2)
                .answer(Fault::TooManyRequests {
                    retry_after: Some(0),
                }),
        )
        .fault(Rule::new(members_route()).nth(4).answer(Fault::Maintenance))
        .start()
        .await
        .unwrap();
    let events = Events::default();
    let client = events.install(builder(&server.api_url())).build().unwrap();

    let request = client.raw().list_members().search("ada");
    let mut stream = client.paginate(request);
    let mut ids = Vec::new();
    while let Some(member) = stream.next().await {
        ids.push(member.unwrap().id);
    }

    assert_eq!(ids, [1, 2, 3, 4, 5, 6, 7, 8, 9]);
    let seen = server.requests();
    assert_eq!(
        cursors(&seen),
        some(&[
            None,
            Some(AT_2),
            Some(AT_2),
            Some(AT_4),
            Some(AT_4),
            Some(AT_6),
            Some(AT_8)
        ])
    );
    for request in &seen {
        assert_eq!(request.params["search"], "ada");
        assert_eq!(request.params["per_page"], "100");
    }
    let causes: Vec<RetryCause> = events.get().iter().map(|e| e.cause).collect();
    assert_eq!(causes, [RetryCause::RateLimited, RetryCause::Maintenance]);
    assert!(events.get().iter().all(|e| e.operation == "list_members"));
}

#[tokio::test]
async fn an_exhausted_rate_limit_ends_the_stream_and_resume_yields_the_rest() {
    // No `Retry-After`: backoff retries, which count toward `max_attempts` (waits the server
    // asks for do not, since issue 12).
    let server = stand_in()
        .workspace(members_workspace(1..=5))
        .page_cap(2)
        .fault(
            Rule::new(members_route().with_param("cursor"))
                .first(3)
                .answer(Fault::TooManyRequests { retry_after: None }),
        )
        .start()
        .await
        .unwrap();
    let client = builder(&server.api_url()).build().unwrap();
    let request = client.raw().list_members().search("ada");

    let mut stream = client.paginate(request.clone());
    let mut ids = Vec::new();
    let error = loop {
        match stream.next().await.expect("the stream ends with an error") {
            Ok(member) => ids.push(member.id),
            Err(error) => break error,
        }
    };
    assert_eq!(ids, [1, 2]);
    match &error {
        Error::RateLimited {
            retry_after,
            response,
            ..
        } => {
            assert_eq!(*retry_after, None);
            assert_eq!(response.status, StatusCode::TOO_MANY_REQUESTS);
            assert_eq!(response.operation, "list_members");
            assert_eq!(response.attempts, 3);
            // The last attempt's (the fourth request's), not an earlier one's.
            assert_eq!(response.request_id, Some(request_id(3)));
        }
        other => panic!("expected RateLimited, got {other:?}"),
    }
    assert!(stream.next().await.is_none(), "nothing after the error");
    let resume = stream.resume_cursor();
    assert_eq!(resume.as_deref(), Some(AT_2));

    let rest = client
        .paginate_from(request, resume)
        .collect_all()
        .await
        .unwrap();

    assert_eq!(rest.iter().map(|m| m.id).collect::<Vec<_>>(), [3, 4, 5]);
    let seen = server.requests();
    assert_eq!(
        cursors(&seen),
        some(&[
            None,
            Some(AT_2),
            Some(AT_2),
            Some(AT_2),
            Some(AT_2),
            Some(AT_4)
        ])
    );
    assert!(seen.iter().all(|r| r.params["search"] == "ada"));
}

#[tokio::test]
async fn exhausted_server_errors_end_the_stream_and_resume_yields_the_rest() {
    let server = MockServer::start_async().await;
    MockPage::new(INCIDENTS, None, json!([incident(1), incident(2)]))
        .link(next_link("c2"))
        .mount(&server)
        .await;
    MockPage::new(INCIDENTS, Some("c2"), json!([incident(3)]))
        .link(next_link("c3"))
        .mount(&server)
        .await;
    let failing = server
        .mock_async(|when, then| {
            when.path(INCIDENTS).query_param("cursor", "c3");
            then.status(503)
                .header("content-type", "application/json")
                .body(r#"{"detail":"upstream unavailable"}"#);
        })
        .await;
    let client = builder(&server.base_url()).build().unwrap();

    let mut stream = client.paginate(client.raw().list_incidents());
    let mut ids = Vec::new();
    let mut errors = Vec::new();
    while let Some(item) = stream.next().await {
        match item {
            Ok(incident) => ids.push(incident.id),
            Err(error) => errors.push(error),
        }
    }

    assert_eq!(ids, [1, 2, 3]);
    assert_eq!(errors.len(), 1, "{errors:?}");
    match &errors[0] {
        Error::Server { detail, response } => {
            assert_eq!(detail.as_deref(), Some("upstream unavailable"));
            assert_eq!(response.status, StatusCode::SERVICE_UNAVAILABLE);
            assert_eq!(response.attempts, 3);
        }
        other => panic!("expected Server, got {other:?}"),
    }
    assert_eq!(failing.calls_async().await, 3);
    let resume = stream.resume_cursor();
    assert_eq!(resume.as_deref(), Some("c3"));

    failing.delete_async().await;
    let recovered = MockPage::new(INCIDENTS, Some("c3"), json!([incident(4), incident(5)]))
        .mount(&server)
        .await;
    let rest = client
        .paginate_from(client.raw().list_incidents(), resume)
        .collect_all()
        .await
        .unwrap();

    assert_eq!(rest.iter().map(|i| i.id).collect::<Vec<_>>(), [4, 5]);
    assert_eq!(recovered.calls_async().await, 1);
}

#[tokio::test]
async fn collect_all_returns_the_error() {
    let server = MockServer::start_async().await;
    MockPage::new(INCIDENTS, None, json!([incident(1)]))
        .link(next_link("c2"))
        .mount(&server)
        .await;
    server
        .mock_async(|when, then| {
            when.path(INCIDENTS).query_param("cursor", "c2");
            then.status(500)
                .header("content-type", "application/json")
                .body(r#"{"detail":"boom"}"#);
        })
        .await;
    let client = no_retry_client(&server.base_url());

    let error = client
        .paginate(client.raw().list_incidents())
        .collect_all()
        .await
        .unwrap_err();

    assert_eq!(error.status(), Some(StatusCode::INTERNAL_SERVER_ERROR));
    assert!(matches!(error, Error::Server { .. }), "{error:?}");
}

#[tokio::test]
async fn a_failed_first_page_resumes_from_the_start() {
    let server = stand_in()
        .workspace(members_workspace([1]))
        .fault(Rule::new(members_route()).once().answer(canned(
            401,
            &[],
            r#"{"detail":"Invalid API key."}"#,
        )))
        .start()
        .await
        .unwrap();
    let client = builder(&server.api_url()).build().unwrap();

    let mut stream = client.paginate(client.raw().list_members());
    let error = stream.next().await.unwrap().unwrap_err();
    assert!(matches!(error, Error::Unauthorized { .. }), "{error:?}");
    assert!(stream.next().await.is_none());
    assert_eq!(stream.resume_cursor(), None);

    let all = client
        .paginate_from(client.raw().list_members(), stream.resume_cursor())
        .collect_all()
        .await
        .unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(cursors(&server.requests()), [None, None]);
}

#[tokio::test]
async fn pages_report_where_to_resume_too() {
    let server = stand_in()
        .workspace(members_workspace(1..=3))
        .fault(Rule::new(members_route()).nth(2).answer(canned(
            404,
            &[],
            r#"{"detail":"Not found."}"#,
        )))
        .start()
        .await
        .unwrap();
    let client = builder(&server.api_url()).build().unwrap();

    let mut pages = client.pages(client.raw().list_members().per_page(2));
    let first = pages.try_next().await.unwrap().unwrap();
    assert_eq!(first.items.len(), 2);
    let error = pages.try_next().await.unwrap_err();
    assert!(matches!(error, Error::NotFound { .. }), "{error:?}");
    assert!(pages.next().await.is_none());
    let resume = pages.resume_cursor();
    assert_eq!(resume.as_deref(), Some(AT_2));

    let rest: Vec<_> = client
        .pages_from(client.raw().list_members().per_page(2), resume)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(rest.len(), 1);
    assert_eq!(rest[0].items[0].id, 3);
    assert_eq!(rest[0].next_cursor, None);
    let seen = server.requests();
    assert_eq!(cursors(&seen), some(&[None, Some(AT_2), Some(AT_2)]));
    assert!(seen.iter().all(|r| r.params["per_page"] == "2"));
}
