//! The flow of the closing check, as a user's crate writes it (the same code runs in
//! a scratch crate outside the workspace): seed 250 incidents, list them through
//! `GitGuardian`, resolve 3, and check both what the stand-in now holds and what it was sent.

use futures::TryStreamExt;
use gitguardian_api_ext::{types, workflows::IncidentFilter, GitGuardian};
use gitguardian_standin::{StandIn, Status, Workspace, STAND_IN_TOKEN_ID};

#[tokio::test]
async fn list_250_incidents_and_resolve_the_3_newest_triggered() {
    let stand_in = StandIn::builder()
        .workspace(Workspace::generated(250))
        .start()
        .await
        .expect("stand-in starts");
    let resolved_before = stand_in.workspace().with_status(Status::Resolved).count();
    let client = GitGuardian::builder()
        .api_key(stand_in.api_key())
        .api_url(stand_in.api_url())
        .build()
        .expect("client");

    let listed: Vec<types::IncidentWithoutOccurrences> = client
        .incidents()
        .list(IncidentFilter::new())
        .try_collect()
        .await
        .expect("listing");
    assert_eq!(listed.len(), 250);
    let mut ids: Vec<i64> = listed.iter().map(|incident| incident.id).collect();
    assert!(
        ids.windows(2).all(|w| w[0] > w[1]),
        "newest (highest id) first, each once"
    );
    ids.dedup();
    assert_eq!(ids.len(), 250);

    let chosen: Vec<i64> = listed
        .iter()
        .filter(|incident| incident.status == types::IncidentStatus::Triggered)
        .take(3)
        .map(|incident| incident.id)
        .collect();
    for id in &chosen {
        let answer = client
            .incidents()
            .resolve(*id, true)
            .await
            .expect("resolve");
        assert_eq!(answer.status, types::IncidentStatus::Resolved);
        assert!(answer.secret_revoked);
    }

    // The stand-in's state.
    for id in &chosen {
        let incident = stand_in.incident(*id).expect("still there");
        assert_eq!(incident.status, Status::Resolved);
        assert!(incident.secret_revoked);
        assert_eq!(
            incident.resolver_api_token_id.as_deref(),
            Some(STAND_IN_TOKEN_ID)
        );
    }
    let workspace = stand_in.workspace();
    assert_eq!(
        workspace.with_status(Status::Resolved).count(),
        resolved_before + 3
    );
    let audited: Vec<&str> = workspace
        .audit_logs
        .iter()
        .filter(|event| event.event_name == "incident.resolve")
        .flat_map(|event| event.target_ids.iter().map(String::as_str))
        .collect();
    let chosen_text: Vec<String> = chosen.iter().map(i64::to_string).collect();
    assert_eq!(audited, chosen_text);

    // The stand-in's log: three pages of 100, then the three resolves.
    let log = stand_in.requests();
    let lines: Vec<String> = log.iter().map(|request| request.line()).collect();
    let mut expected = vec!["GET /v1/incidents/secrets".to_string(); 3];
    expected.extend(
        chosen
            .iter()
            .map(|id| format!("POST /v1/incidents/secrets/{id}/resolve")),
    );
    assert_eq!(lines, expected);
    assert!(log.iter().all(|request| request.status == 200), "{log:?}");
    assert_eq!(log[0].params.get("cursor"), None);
    assert!(log[1..3]
        .iter()
        .all(|page| page.params.contains_key("cursor")));
    for resolve in &log[3..] {
        assert_eq!(
            resolve.body,
            Some(serde_json::json!({ "secret_revoked": true }))
        );
    }
}
