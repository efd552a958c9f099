//! Internal Secret Occurrences (`/v1/occurrences/secrets`) and Public Secret Occurrences
//! (occurrences of one public incident).

use super::{at, nonzero, query, serve};
use gitguardian_openapi::types;
use httpmock::prelude::*;

const PUBLIC_OCCURRENCES: &str = "/v1/public-incidents/secrets/90412/occurrences";

#[tokio::test]
async fn list_occurrences_sends_its_filters() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            let when = when.method(GET).path("/v1/occurrences/secrets");
            query(
                when,
                &[
                    ("source_id", "9120"),
                    ("source_type", "github"),
                    ("presence", "present"),
                    ("sha", "9d2c4e"),
                    ("filepath", "deploy/"),
                    ("severity", "critical,high"),
                    ("status", "TRIGGERED,ASSIGNED"),
                    ("exclude_tags", "TEST_FILE"),
                    ("date_before", "2024-03-31T00:00:00Z"),
                    ("ordering", "-date"),
                    ("per_page", "100"),
                ],
            );
            then.status(200).json_body(serde_json::json!([]));
        })
        .await;

    let result = super::super::client(&server)
        .list_occs()
        .source_id(9120)
        .source_type(types::ListOccsSourceType::Github)
        .presence(types::OccurrencePresence::Present)
        .sha("9d2c4e")
        .filepath("deploy/")
        .severity(vec![types::Severity::Critical, types::Severity::High])
        .status(vec![
            types::IncidentStatus::Triggered,
            types::IncidentStatus::Assigned,
        ])
        .exclude_tags(vec![types::IncidentTag::TestFile])
        .date_before(at("2024-03-31T00:00:00Z"))
        .ordering(types::ListOccsOrdering::DateDesc)
        .per_page(nonzero(100))
        .send()
        .await;
    mock.assert_async().await;
    assert!(result.unwrap().into_inner().is_empty());
}

#[tokio::test]
async fn list_occurrences_decodes_fixture() {
    let server = MockServer::start_async().await;
    serve(&server, GET, "/v1/occurrences/secrets", 200, "list-occs").await;

    let resp = super::super::client(&server)
        .list_occs()
        .send()
        .await
        .unwrap();
    let occurrences = resp.into_inner();
    assert_eq!(occurrences.len(), 2);

    let first = &occurrences[0];
    assert_eq!((first.id, first.incident_id), (340021, 81234));
    assert_eq!(first.kind, types::OccurrenceKind::Realtime);
    assert_eq!(first.author_info, "dana.lee@example.com");
    assert_eq!(
        first.change_type,
        Some(types::OccurrenceChangeType::Addition)
    );
    assert_eq!(
        first.source.as_ref().unwrap().external_id.as_deref(),
        Some("30417")
    );
    assert_eq!(
        first.source.as_ref().unwrap().default_branch.as_deref(),
        Some("main")
    );
    assert_eq!(first.source.as_ref().unwrap().monitoring_status, None);
    assert_eq!(first.source.as_ref().unwrap().url, None);

    let second = &occurrences[1];
    assert_eq!((second.id, second.incident_id), (340077, 81251));
    assert_eq!(
        second.kind,
        types::OccurrenceKind::Unrecognized("scheduled_rescan".into())
    );
    assert_eq!(second.author_name, "Noor Haddad");
    assert_eq!(second.date, at("2024-03-13T18:21:09.300200Z"));
    assert_eq!(
        second.incident_name.as_deref(),
        Some("Generic Password in acme/payments-api")
    );
    assert_eq!(
        second.filepath.as_deref(),
        Some("tests/fixtures/creds.json")
    );
    assert_eq!(second.change_type, None);
    let hit = &second.matches[0];
    assert_eq!(
        (hit.name.as_str(), hit.indice_start, hit.indice_end),
        ("password", 40, 62)
    );
    assert_eq!((hit.pre_line_start, hit.pre_line_end), (Some(3), Some(3)));
    assert_eq!((hit.post_line_start, hit.post_line_end), (None, None));
    assert_eq!(
        second.tags,
        [
            types::IncidentTag::FromHistoricalScan,
            types::IncidentTag::TestFile
        ]
    );
}

#[tokio::test]
async fn list_public_occurrences_filters_and_decodes() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            let when = when.method(GET).path(PUBLIC_OCCURRENCES);
            // Several values of one filter travel comma-joined in a single parameter.
            query(
                when,
                &[
                    ("attachment_reason", "by_dev_from_perimeter"),
                    ("severity", "critical,high"),
                    ("presence", "present"),
                    ("filepath", ".env"),
                    ("date_after", "2024-02-01T00:00:00Z"),
                    ("ordering", "-id"),
                ],
            );
            then.status(200)
                .json_body(super::super::fixture("list-public-secret-occurrences"));
        })
        .await;

    let result = super::super::client(&server)
        .list_public_secret_occurrences()
        .incident_id(90412)
        .attachment_reason(vec![
            types::PublicOccurrenceAttachmentReason::ByDevFromPerimeter,
        ])
        .severity(vec![
            types::PublicIncidentSeverity::Critical,
            types::PublicIncidentSeverity::High,
        ])
        .presence(types::PublicOccurrencePresence::Present)
        .filepath(".env")
        .date_after(at("2024-02-01T00:00:00Z"))
        .ordering(types::ListPublicSecretOccurrencesOrdering::IdDesc)
        .send()
        .await;
    mock.assert_async().await;
    let occurrences = result.unwrap().into_inner();
    assert_eq!(occurrences.len(), 2);

    let first = &occurrences[0];
    assert_eq!((first.id, first.incident_id), (660021, 90412));
    assert_eq!(first.date, at("2024-02-10T17:44:09Z"));
    assert_eq!(first.kind.as_deref(), Some("realtime"));
    assert_eq!(
        first.presence,
        Some(types::PublicOccurrencePresence::Present)
    );
    assert_eq!(first.matches.len(), 2);
    assert_eq!(first.matches[1].name, "client_secret");
    assert_eq!(first.matches[1].post_line_start, Some(4));
    assert_eq!(first.tags, [types::PublicIncidentTag::SensitiveFile]);
    let source = first.source.as_ref().unwrap();
    assert_eq!(
        source.full_name.as_deref(),
        Some("acme-dev/payments-sandbox")
    );
    assert_eq!(source.visibility, Some(types::SourceVisibility::Public));
    assert_eq!(
        source.source_criticality,
        Some(types::SourceCriticality::Unknown)
    );
    assert_eq!(source.monitored, Some(false));
    // The live API sends the short form: id, type, name and url only.
    let short = occurrences[1].source.as_ref().unwrap();
    assert_eq!(
        (short.id, short.name.as_deref(), short.full_name.as_deref()),
        (81234, Some("acme-dev/payments-sandbox"), None)
    );
    assert_eq!(short.type_, Some(types::SourceType::Github));
    let actor = first.actor.as_ref().unwrap();
    assert_eq!(
        (actor.id, actor.type_.as_deref()),
        (Some(4410028), Some("github_user"))
    );
    assert_eq!(actor.name.as_deref(), Some("Dana Lee"));
    assert_eq!(
        first.attachment_reasons,
        [
            types::PublicOccurrenceAttachmentReason::ByDevFromPerimeter,
            types::PublicOccurrenceAttachmentReason::OnGithubOrgInPerimeter,
        ]
    );

    let second = &occurrences[1];
    assert_eq!(second.id, 660087);
    assert_eq!(second.kind.as_deref(), Some("historical"));
    assert_eq!(
        second.presence,
        Some(types::PublicOccurrencePresence::Unrecognized(
            "quarantined".into()
        ))
    );
    assert!(second.matches.is_empty() && second.tags.is_empty());
    assert_eq!(second.url, None);
    let actor = second.actor.as_ref().unwrap();
    assert_eq!(
        (actor.name.as_deref(), actor.email.as_deref()),
        (None, None)
    );
    assert_eq!(
        second.attachment_reasons,
        [types::PublicOccurrenceAttachmentReason::Unrecognized(
            "from_gist_watch".into()
        )]
    );
}

#[tokio::test]
async fn retrieve_public_occurrence_decodes_fixture() {
    let server = MockServer::start_async().await;
    let mock = serve(
        &server,
        GET,
        &format!("{PUBLIC_OCCURRENCES}/660021"),
        200,
        "retrieve-public-secret-occurrence",
    )
    .await;

    let result = super::super::client(&server)
        .retrieve_public_secret_occurrence()
        .incident_id(90412)
        .occurrence_id(660021)
        .send()
        .await;
    mock.assert_async().await;
    let occurrence = result.unwrap().into_inner();
    assert_eq!(occurrence.id, 660021);
    assert_eq!(
        occurrence.filepath.as_deref(),
        Some("deploy/.env.production")
    );
    assert_eq!(
        occurrence.sha.as_deref(),
        Some("a41c9e07d2b8f35e6c1d0a9b8e7f6d5c4b3a2910")
    );
    assert_eq!(occurrence.matches[0].name, "client_id");
    assert_eq!(occurrence.matches[0].pre_line_start, None);
    let source = occurrence.source.unwrap();
    assert_eq!(
        (source.id, source.type_),
        (81234, Some(types::SourceType::Github))
    );
    let scan = source.last_scan.unwrap();
    assert_eq!(scan.date, at("2024-02-11T08:02:13.120044Z"));
    assert_eq!(
        (scan.commits_scanned, scan.branches_scanned),
        (Some(412), Some(3))
    );
    let open = source
        .secret_incidents_breakdown
        .unwrap()
        .open_secret_incidents
        .unwrap();
    assert_eq!(open.total, 1);
    assert_eq!(open.severity_breakdown.unwrap().high, Some(1));
    assert_eq!(
        occurrence.actor.unwrap().url.as_deref(),
        Some("https://github.com/dana-lee-example")
    );
}
