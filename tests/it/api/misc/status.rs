//! Status: the health endpoint that checks the key, and the instance metadata that carries the
//! scan limits (served, though absent from the published spec).

use super::{client, query, reply};
use gitguardian_openapi_httpmock::MockServerExt;
use httpmock::prelude::*;

#[tokio::test]
async fn api_health_decodes_the_detail() {
    let server = MockServer::start_async().await;
    let mock = server.api_health(|when, then| {
        query(when.into_inner(), &[]);
        reply(then.into_inner(), 200, "api_health");
    });

    let result = client(&server).api_health().send().await;
    mock.assert_async().await;
    assert_eq!(result.unwrap().into_inner().detail, "Valid API key.");
}

#[tokio::test]
async fn retrieve_metadata_decodes_scan_limits_and_messages() {
    let server = MockServer::start_async().await;
    let mock = server.retrieve_metadata(|when, then| {
        query(when.into_inner(), &[]);
        reply(then.into_inner(), 200, "retrieve-metadata");
    });

    let result = client(&server).retrieve_metadata().send().await;
    mock.assert_async().await;
    let metadata = result.unwrap().into_inner();
    assert_eq!(metadata.version, "2024.06.0");
    let limits = &metadata.secret_scan_preferences;
    assert_eq!(limits.maximum_documents_per_scan.get(), 20);
    assert_eq!(limits.maximum_document_size.get(), 1_048_576);
    let preferences = metadata.preferences.unwrap();
    assert_eq!(
        preferences.general_maximum_payload_size.map(|n| n.get()),
        Some(26_214_400)
    );
    let messages = metadata.remediation_messages.unwrap();
    assert_eq!(
        messages.pre_commit.as_deref(),
        Some("A secret was found in your staged changes. Remove it before committing.")
    );
    assert_eq!(
        messages.pre_push.as_deref(),
        Some(
            "A secret was found in the commits you are pushing. Rewrite them before pushing again."
        )
    );
    assert_eq!(
        messages.pre_receive.as_deref(),
        Some("This push was rejected because it contains a secret.")
    );
}
