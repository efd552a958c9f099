//! Every list operation of the spec that takes a `cursor` streams through the one generic
//! paginator: the `Paginated` impls cover exactly the spec's cursor-paginated operations, and
//! each of them follows a `Link` to a second page on its own path, with 100 per page.

use std::collections::BTreeSet;

use gitguardian_api_ext::{types, GitGuardian};
use gitguardian_openapi::Paginated;
use httpmock::MockServer;
use serde_json::Value;

use crate::api::fixture;
use crate::ext::support::builder;

/// Calls `$check($args.., request).await` with a request of every paginated list operation of
/// `$raw`, path parameters set, and gathers the results.
macro_rules! every_list {
    ($raw:expr => $check:ident($($args:expr),*)) => {{
        let raw = $raw;
        let honeytoken = uuid::Uuid::from_u128(7);
        vec![
            $check($($args,)* raw.list_incidents()).await,
            $check($($args,)* raw.list_incident_notes().incident_id(7)).await,
            $check($($args,)* raw.list_incident_members().incident_id(7)).await,
            $check($($args,)* raw.list_incident_teams().incident_id(7)).await,
            $check($($args,)* raw.list_incident_invitations().incident_id(7)).await,
            $check($($args,)* raw.list_secret_incident_member_access().incident_id(7)).await,
            $check($($args,)* raw.list_secret_incident_team_access().incident_id(7)).await,
            $check($($args,)* raw.list_secret_incident_invitation_access().incident_id(7)).await,
            $check($($args,)* raw.list_occs()).await,
            $check($($args,)* raw.list_public_incidents()).await,
            $check($($args,)* raw.list_public_secret_occurrences().incident_id(7)).await,
            $check($($args,)* raw.list_public_incident_notes().incident_id(7)).await,
            $check($($args,)* raw.list_secret_detectors()).await,
            $check($($args,)* raw.list_invitations()).await,
            $check($($args,)* raw.list_invitation_secret_incident_access().invitation_id(7)).await,
            $check($($args,)* raw.list_members()).await,
            $check($($args,)* raw.list_member_teams().member_id(7)).await,
            $check($($args,)* raw.list_member_secret_incident_access().member_id(7)).await,
            $check($($args,)* raw.list_member_team_memberships().member_id(7)).await,
            $check($($args,)* raw.list_member_team_requests().member_id(7)).await,
            $check($($args,)* raw.list_teams()).await,
            $check($($args,)* raw.list_team_incidents().team_id(7)).await,
            $check($($args,)* raw.list_team_secret_incident_access().team_id(7)).await,
            $check($($args,)* raw.list_team_invitation().team_id(7)).await,
            $check($($args,)* raw.list_team_memberships().team_id(7)).await,
            $check($($args,)* raw.list_team_requests().team_id(7)).await,
            $check($($args,)* raw.list_team_sources().team_id(7)).await,
            $check($($args,)* raw.list_honeytoken()).await,
            $check($($args,)* raw.list_honeytoken_labels()).await,
            $check($($args,)* raw.list_honeytoken_notes().honeytoken_id(honeytoken)).await,
            $check($($args,)* raw.list_honeytoken_sources().honeytoken_id(honeytoken)).await,
            $check($($args,)* raw.list_honeytokens_events()).await,
            $check($($args,)* raw.list_custom_tags()).await,
            $check($($args,)* raw.list_api_tokens()).await,
            $check($($args,)* raw.list_sources()).await,
            $check($($args,)* raw.list_sources_incidents().source_id(7)).await,
            $check($($args,)* raw.list_custom_sources()).await,
            $check($($args,)* raw.list_audit_logs()).await,
            $check($($args,)* raw.list_health_checks()).await,
            $check($($args,)*
                raw.list_health_check_instance_history()
                    .type_(types::HealthCheckIntegrationType::GithubInstallation)
                    .instance_id(7),
            )
            .await,
            $check($($args,)* raw.list_ip_allowlist()).await,
            $check($($args,)* raw.list_incident_activity_logs().incident_id(7)).await,
            $check($($args,)* raw.list_public_incident_activity_logs().incident_id(7)).await,
        ]
    }};
}

/// The spec's operations taking a `cursor` query parameter: operationId (snake case) and path.
fn cursor_operations() -> Vec<(String, String)> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../openapi/gitguardian/spec.json"
    );
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let spec: Value = serde_json::from_str(&text).expect("the spec is JSON");
    let resolve = |param: &Value| -> Value {
        match param["$ref"].as_str() {
            Some(reference) => {
                let name = reference.rsplit('/').next().unwrap_or_default();
                spec["components"]["parameters"][name].clone()
            }
            None => param.clone(),
        }
    };
    let mut found = Vec::new();
    for (path, item) in spec["paths"].as_object().expect("paths") {
        let shared = item["parameters"].as_array().cloned().unwrap_or_default();
        for (_, operation) in item.as_object().expect("path item") {
            let Some(id) = operation["operationId"].as_str() else {
                continue;
            };
            let own = operation["parameters"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            let takes_cursor = own
                .iter()
                .chain(&shared)
                .map(resolve)
                .any(|p| p["name"] == "cursor" && p["in"] == "query");
            if takes_cursor {
                found.push((id.replace('-', "_"), path.clone()));
            }
        }
    }
    found
}

/// A regex matching `template` with any value in its `{parameters}`.
fn path_pattern(template: &str) -> String {
    let mut pattern = String::from("^");
    for segment in template.split('/').skip(1) {
        pattern.push('/');
        if segment.starts_with('{') {
            pattern.push_str("[^/]+");
        } else {
            pattern.push_str(segment);
        }
    }
    pattern.push('$');
    pattern
}

#[tokio::test]
async fn every_cursor_operation_of_the_spec_streams_its_pages() {
    let spec = cursor_operations();
    assert_eq!(spec.len(), 43, "the spec's cursor-paginated operations");
    let server = MockServer::start_async().await;
    let client: GitGuardian = builder(&server.base_url()).build().unwrap();

    let streamed: BTreeSet<&'static str> =
        every_list!(client.raw() => two_pages(&server, &client, &spec))
            .into_iter()
            .collect();

    let expected: BTreeSet<&str> = spec.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(streamed, expected);
}

/// Streams `request` over two pages of its operation's fixture (the second reached through a
/// `Link` naming another host) and checks every item arrived; returns the operation's id.
async fn two_pages<'a, B: Paginated<'a>>(
    server: &MockServer,
    client: &'a GitGuardian,
    spec: &[(String, String)],
    request: B,
) -> &'static str {
    let operation = B::OPERATION_ID;
    let template = spec
        .iter()
        .find(|(id, _)| id == operation)
        .map(|(_, path)| path.clone())
        .unwrap_or_else(|| panic!("{operation} takes no cursor in the spec"));
    let items = fixture(&operation.replace('_', "-"));
    let per_page = items.as_array().map_or(0, Vec::len);
    assert!(per_page > 0, "{operation}: the fixture holds items");

    let pattern = path_pattern(&template);
    let first = server
        .mock_async(|when, then| {
            when.method(httpmock::Method::GET)
                .path_matches(pattern.as_str())
                .query_param("per_page", "100")
                .query_param_missing("cursor");
            then.status(200)
                .header("content-type", "application/json")
                .header(
                    "link",
                    r#"<https://wrong.example.com/v1/elsewhere?cursor=page%3D2>; rel="next""#,
                )
                .body(items.to_string());
        })
        .await;
    let second = server
        .mock_async(|when, then| {
            when.method(httpmock::Method::GET)
                .path_matches(pattern.as_str())
                .query_param("per_page", "100")
                .query_param("cursor", "page=2");
            then.status(200)
                .header("content-type", "application/json")
                .body(items.to_string());
        })
        .await;

    let found = client
        .paginate(request)
        .collect_all()
        .await
        .unwrap_or_else(|e| panic!("{operation}: {e}"));

    assert_eq!(found.len(), 2 * per_page, "{operation}");
    assert_eq!(first.calls_async().await, 1, "{operation}: first page");
    assert_eq!(second.calls_async().await, 1, "{operation}: second page");
    first.delete_async().await;
    second.delete_async().await;
    operation
}
