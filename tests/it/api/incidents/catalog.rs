//! What incidents refer to: Severity Rules, Secret Detectors, perimeter Developers, and
//! Code Fixing requests.

use super::{at, nonzero, query, serve};
use gitguardian_openapi::types;
use httpmock::prelude::*;
use serde_json::json;

#[tokio::test]
async fn list_severity_rules_sends_no_query_and_decodes() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            query(when.method(GET).path("/v1/severity-rules"), &[]);
            then.status(200)
                .json_body(super::super::fixture("list-severity-rules"));
        })
        .await;

    let result = super::super::client(&server)
        .list_severity_rules()
        .send()
        .await;
    mock.assert_async().await;
    let rules = result.unwrap().into_inner();
    assert_eq!(rules.len(), 3);
    assert_eq!(
        (rules[0].id, rules[0].name.as_str()),
        (14, "Valid cloud keys are critical")
    );
    assert_eq!(
        rules[0].description.as_deref(),
        Some("Any valid cloud provider key is raised as critical.")
    );
    assert_eq!(rules[0].severity, types::SeverityRuleSeverity::Critical);
    assert_eq!(rules[0].scope.as_deref(), Some("public"));
    assert_eq!(rules[1].description, None);
    assert_eq!(rules[1].severity, types::SeverityRuleSeverity::Info);
    assert_eq!(rules[1].scope.as_deref(), Some("internal"));
    assert_eq!(
        rules[2].severity,
        types::SeverityRuleSeverity::Unrecognized("urgent".into())
    );
}

#[tokio::test]
async fn create_code_fix_request_posts_locations_and_accepts_201() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/code-fix-requests")
                .json_body(json!({
                    "locations": [
                        {"issue_id": 81234, "location_ids": [340021, 340058]},
                        {"issue_id": 81251, "location_ids": [340077]}
                    ]
                }));
            then.status(201)
                .json_body(super::super::fixture("create-code-fix-request"));
        })
        .await;

    let result = super::super::client(&server)
        .create_code_fix_request()
        .body_map(|b| {
            b.locations(vec![
                types::CodeFixLocation {
                    issue_id: 81234,
                    location_ids: vec![340021, 340058],
                },
                types::CodeFixLocation {
                    issue_id: 81251,
                    location_ids: vec![340077],
                },
            ])
        })
        .send()
        .await;
    mock.assert_async().await;
    let created = result.unwrap();
    assert_eq!(created.status(), 201);
    assert_eq!(
        created.into_inner().message.as_deref(),
        Some("2 code fix requests created for 3 locations.")
    );
}

#[tokio::test]
async fn list_secret_detectors_filters_and_decodes() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            let when = when.method(GET).path("/v1/secret_detectors");
            query(
                when,
                &[
                    ("is_active", "true"),
                    ("type", "specific"),
                    ("search", "aws"),
                    ("ordering", "-name"),
                    ("per_page", "3"),
                ],
            );
            then.status(200)
                .json_body(super::super::fixture("list-secret-detectors"));
        })
        .await;

    let result = super::super::client(&server)
        .list_secret_detectors()
        .is_active(true)
        .type_(types::SecretDetectorType::Specific)
        .search("aws")
        .ordering(types::ListSecretDetectorsOrdering::NameDesc)
        .per_page(nonzero(3))
        .send()
        .await;
    mock.assert_async().await;
    let detectors = result.unwrap().into_inner();
    assert_eq!(detectors.len(), 3);

    let aws = &detectors[0];
    assert_eq!(aws.name, "aws_iam");
    assert_eq!(aws.type_, Some(types::SecretDetectorType::Specific));
    assert_eq!(aws.frequency, Some(json!(98.12)));
    assert_eq!(aws.removed_at, None);
    assert_eq!(
        (
            aws.open_incidents_count,
            aws.ignored_incidents_count,
            aws.resolved_incidents_count
        ),
        (Some(12), Some(3), Some(57))
    );

    let generic = &detectors[1];
    assert_eq!(generic.type_, Some(types::SecretDetectorType::Generic));
    assert_eq!(generic.category, None);
    assert_eq!(
        (generic.is_active, generic.scans_code_only),
        (Some(false), Some(true))
    );
    assert_eq!(generic.checkable, Some(false));

    let custom = &detectors[2];
    assert_eq!(custom.display_name.as_deref(), Some("ACME Internal Token"));
    assert_eq!(
        custom.type_,
        Some(types::SecretDetectorType::Unrecognized(
            "ai_assisted".into()
        ))
    );
    assert_eq!(custom.removed_at, Some(at("2024-01-05T00:00:00Z")));
}

#[tokio::test]
async fn get_secret_detector_puts_the_name_in_the_path() {
    let server = MockServer::start_async().await;
    let mock = serve(
        &server,
        GET,
        "/v1/secret_detectors/aws_iam",
        200,
        "get-secret-detector",
    )
    .await;

    let result = super::super::client(&server)
        .get_secret_detector()
        .detector_name("aws_iam")
        .send()
        .await;
    mock.assert_async().await;
    let detector = result.unwrap().into_inner();
    assert_eq!(detector.name, "aws_iam");
    assert_eq!(detector.display_name.as_deref(), Some("AWS Keys"));
    assert_eq!(detector.category.as_deref(), Some("Cloud Provider"));
    assert_eq!(detector.use_with_validity_check_disabled, Some(true));
    assert_eq!(detector.resolved_incidents_count, Some(57));
}

#[tokio::test]
async fn list_developers_filters_and_decodes() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            let when = when.method(GET).path("/v1/public-perimeter/developers");
            query(when, &[("search", "example"), ("ordering", "-is_active")]);
            then.status(200)
                .json_body(super::super::fixture("list-developers"));
        })
        .await;

    let result = super::super::client(&server)
        .list_developers()
        .search("example")
        .ordering(types::ListDevelopersOrdering::IsActiveDesc)
        .send()
        .await;
    mock.assert_async().await;
    let developers = result.unwrap().into_inner();
    assert_eq!(developers.len(), 2);

    let dana = &developers[0];
    assert_eq!(
        (dana.id, dana.type_.as_deref()),
        (120045, Some("github_user"))
    );
    assert_eq!(dana.emails, ["dana.lee@example.com", "dlee@example.com"]);
    assert_eq!(dana.first_linked_at, Some(at("2023-06-01T09:00:00Z")));
    assert_eq!(
        (dana.github_id, dana.is_active),
        (Some(4410028), Some(true))
    );
    assert_eq!(dana.github_login.as_deref(), Some("dana-lee-example"));
    let reason = &dana.reasons[0];
    assert_eq!(reason.reason.as_deref(), Some("github_organization"));
    assert_eq!(reason.deactivated_at, None);
    assert_eq!(reason.metadata["organization"], "acme-dev");

    let gone = &developers[1];
    assert_eq!(gone.name.as_deref(), None);
    assert!(gone.emails.is_empty());
    assert_eq!(gone.is_active, Some(false));
    assert_eq!(
        gone.reasons[0].deactivated_at,
        Some(at("2024-01-02T00:00:00Z"))
    );
    assert!(gone.reasons[0].metadata.is_empty());
}
