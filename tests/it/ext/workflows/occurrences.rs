//! Occurrences of internal incidents (with filters) and of public incidents.

use gitguardian_api_ext::{
    types,
    workflows::{OccurrenceFilter, PublicOccurrenceFilter},
};
use httpmock::prelude::*;

use super::{answer, any_request, at, client, invalid_input, query, refused_stream};

#[tokio::test]
async fn occurrences_maps_the_filter_onto_the_query_and_decodes() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            query(
                when.method(GET).path("/v1/occurrences/secrets"),
                &[
                    ("incident_id", "81234"),
                    ("source_id", "9120"),
                    ("source_name", "acme/payments-api"),
                    ("presence", "present"),
                    ("author_name", "Dana Lee"),
                    ("author_info", "dana.lee@example.com"),
                    ("sha", "9d2c4e6"),
                    ("filepath", "deploy/"),
                    ("status", "TRIGGERED,ASSIGNED"),
                    ("severity", "critical,high"),
                    ("validity", "valid,failed_to_check"),
                    ("tags", "DEFAULT_BRANCH,REGRESSION"),
                    ("exclude_tags", "TEST_FILE,FALSE_POSITIVE"),
                    ("date_after", "2024-03-01T00:00:00Z"),
                    ("date_before", "2024-03-31T00:00:00Z"),
                    ("ordering", "-date"),
                    ("per_page", "100"),
                ],
            );
            answer(then, 200, "list-occs");
        })
        .await;
    let filter = OccurrenceFilter::new()
        .incident(81234)
        .source(9120)
        .source_name("acme/payments-api")
        .presence(types::OccurrencePresence::Present)
        .author_name("Dana Lee")
        .author_email("dana.lee@example.com")
        .sha("9d2c4e6")
        .filepath("deploy/")
        .statuses([
            types::IncidentStatus::Triggered,
            types::IncidentStatus::Assigned,
        ])
        .severities([types::Severity::Critical, types::Severity::High])
        .validities([types::Validity::Valid, types::Validity::FailedToCheck])
        .tags([
            types::IncidentTag::DefaultBranch,
            types::IncidentTag::Regression,
        ])
        .exclude_tags([
            types::IncidentTag::TestFile,
            types::IncidentTag::FalsePositive,
        ])
        .date_after(at("2024-03-01T00:00:00Z"))
        .date_before(at("2024-03-31T00:00:00Z"))
        .ordering(types::ListOccsOrdering::DateDesc);
    let client = client(&server);
    let occurrences = client
        .incidents()
        .occurrences(filter)
        .collect_all()
        .await
        .unwrap();

    assert_eq!(mock.calls_async().await, 1);
    let found: Vec<(i64, i64)> = occurrences.iter().map(|o| (o.id, o.incident_id)).collect();
    assert_eq!(found, [(340021, 81234), (340077, 81251)]);
    assert_eq!(
        occurrences[0].source.as_ref().unwrap().full_name,
        "acme/payments-api"
    );
    assert_eq!(
        occurrences[0].filepath.as_deref(),
        Some("deploy/release.sh")
    );
    assert_eq!(occurrences[0].presence, types::OccurrencePresence::Present);
    assert_eq!(occurrences[0].author_name, "Dana Lee");
}

#[tokio::test]
async fn occurrences_refuses_short_searches_and_bad_ids_without_sending() {
    let server = MockServer::start_async().await;
    let mock = any_request(&server).await;
    let client = client(&server);
    let incidents = client.incidents();

    for (filter, needle) in [
        (
            OccurrenceFilter::new().author_name("ab"),
            "author name must be at least 3",
        ),
        (
            OccurrenceFilter::new().author_email(" a@ "),
            "author email must be at least 3",
        ),
        (OccurrenceFilter::new().sha("9d"), "sha must be at least 3"),
        (OccurrenceFilter::new().filepath(""), "file path is empty"),
        (OccurrenceFilter::new().incident(0), "incident id"),
        (OccurrenceFilter::new().source(-1), "source id"),
        (
            OccurrenceFilter::new().source_name("  "),
            "source name is empty",
        ),
        (
            OccurrenceFilter::new()
                .date_after(at("2024-03-02T00:00:00Z"))
                .date_before(at("2024-03-01T00:00:00Z")),
            "date range",
        ),
    ] {
        let message = refused_stream(incidents.occurrences(filter)).await;
        assert!(message.contains(needle), "{needle}: {message}");
    }
    assert_eq!(mock.calls_async().await, 0);
}

#[tokio::test]
async fn public_occurrences_streams_those_of_one_incident() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            query(
                when.method(GET)
                    .path("/v1/public-incidents/secrets/90412/occurrences"),
                &[("per_page", "100")],
            );
            answer(then, 200, "list-public-secret-occurrences");
        })
        .await;
    let client = client(&server);
    let occurrences = client
        .public_incidents()
        .occurrences(90412, PublicOccurrenceFilter::new())
        .collect_all()
        .await
        .unwrap();
    assert_eq!(mock.calls_async().await, 1);
    let found: Vec<(i64, Option<&str>)> = occurrences
        .iter()
        .map(|o| (o.id, o.filepath.as_deref()))
        .collect();
    assert_eq!(
        found,
        [
            (660021, Some("deploy/.env.production")),
            (660087, Some("scripts/bootstrap.sh"))
        ]
    );
}

#[tokio::test]
async fn public_occurrence_gets_one() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/public-incidents/secrets/90412/occurrences/660021");
            answer(then, 200, "retrieve-public-secret-occurrence");
        })
        .await;
    let client = client(&server);
    let occurrence = client
        .public_incidents()
        .occurrence(90412, 660021)
        .await
        .unwrap();
    assert_eq!(mock.calls_async().await, 1);
    assert_eq!(occurrence.id, 660021);
    assert_eq!(occurrence.incident_id, 90412);
    assert_eq!(
        occurrence.sha.as_deref(),
        Some("a41c9e07d2b8f35e6c1d0a9b8e7f6d5c4b3a2910")
    );

    let message = invalid_input(client.public_incidents().occurrence(90412, 0).await);
    assert!(message.contains("occurrence id"), "{message}");
    let message = refused_stream(
        client
            .public_incidents()
            .occurrences(0, PublicOccurrenceFilter::new()),
    )
    .await;
    assert!(message.contains("incident id"), "{message}");
    assert_eq!(mock.calls_async().await, 1);
}

#[tokio::test]
async fn public_occurrences_send_multi_value_filters_comma_joined() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            query(
                when.method(GET)
                    .path("/v1/public-incidents/secrets/90412/occurrences"),
                &[
                    ("severity", "critical,high"),
                    ("status", "TRIGGERED,ASSIGNED"),
                    ("validity", "valid,unknown"),
                    (
                        "attachment_reason",
                        "by_dev_from_perimeter,on_github_org_in_perimeter",
                    ),
                    ("source_id", "81234"),
                    ("presence", "present"),
                    ("sha", "a41c9e0"),
                    ("filepath", "deploy/"),
                    ("date_after", "2024-02-01T00:00:00Z"),
                    ("date_before", "2024-02-29T00:00:00Z"),
                    ("ordering", "-date"),
                    ("per_page", "100"),
                ],
            );
            answer(then, 200, "list-public-secret-occurrences");
        })
        .await;
    let filter = PublicOccurrenceFilter::new()
        .severities([
            types::PublicIncidentSeverity::Critical,
            types::PublicIncidentSeverity::High,
        ])
        .statuses([
            types::PublicIncidentStatus::Triggered,
            types::PublicIncidentStatus::Assigned,
        ])
        .validities([types::Validity::Valid, types::Validity::Unknown])
        .attachment_reasons([
            types::PublicOccurrenceAttachmentReason::ByDevFromPerimeter,
            types::PublicOccurrenceAttachmentReason::OnGithubOrgInPerimeter,
        ])
        .source(81234)
        .presence(types::PublicOccurrencePresence::Present)
        .sha(" a41c9e0 ")
        .filepath("deploy/")
        .date_after(at("2024-02-01T00:00:00Z"))
        .date_before(at("2024-02-29T00:00:00Z"))
        .ordering(types::ListPublicSecretOccurrencesOrdering::DateDesc);
    let client = client(&server);
    let occurrences = client
        .public_incidents()
        .occurrences(90412, filter)
        .collect_all()
        .await
        .unwrap();
    assert_eq!(mock.calls_async().await, 1);
    let ids: Vec<i64> = occurrences.iter().map(|o| o.id).collect();
    assert_eq!(ids, [660021, 660087]);
    assert!(occurrences.iter().all(|o| o.incident_id == 90412));
}

#[tokio::test]
async fn public_occurrence_filters_that_cannot_be_sent_are_refused() {
    let server = MockServer::start_async().await;
    let mock = any_request(&server).await;
    let client = client(&server);
    let public = client.public_incidents();
    for (filter, needle) in [
        (
            PublicOccurrenceFilter::new().sha("a4"),
            "sha must be at least 3",
        ),
        (
            PublicOccurrenceFilter::new().filepath("  "),
            "file path is empty",
        ),
        (PublicOccurrenceFilter::new().source(0), "source id"),
        (
            PublicOccurrenceFilter::new().severities([
                types::PublicIncidentSeverity::High,
                types::PublicIncidentSeverity::Unrecognized("low,info".into()),
            ]),
            "severities",
        ),
        (
            PublicOccurrenceFilter::new().attachment_reasons([
                types::PublicOccurrenceAttachmentReason::Unrecognized(String::new()),
            ]),
            "attachment reasons",
        ),
        (
            PublicOccurrenceFilter::new()
                .date_after(at("2024-03-02T00:00:00Z"))
                .date_before(at("2024-03-01T00:00:00Z")),
            "date range",
        ),
    ] {
        let message = refused_stream(public.occurrences(90412, filter)).await;
        assert!(message.contains(needle), "{needle}: {message}");
    }
    assert_eq!(mock.calls_async().await, 0);
}
