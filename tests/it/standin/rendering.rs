//! The stand-in keeps each listed record's JSON from one page to the next: what it serves is
//! still exactly each record's own rendering, after changes made through the API, through
//! `StandIn::edit`, to a record a rendering depends on (an assignee's email), and with two
//! stand-ins serving different records under the same ids.

use gitguardian_standin::{Incident, StandIn, Status, Workspace, FIRST_INCIDENT_ID};
use serde_json::Value;

use super::{client, http};

/// Every page of `path` (100 a page), following the `Link` URLs as given.
async fn list(stand_in: &StandIn, path: &str) -> Vec<Value> {
    let mut items = Vec::new();
    let mut url = Some(format!("{}{path}?per_page=100", stand_in.api_url()));
    while let Some(next) = url.take() {
        let answer = http()
            .get(&next)
            .header("authorization", format!("Token {}", stand_in.api_key()))
            .send()
            .await
            .expect("request reaches the stand-in");
        assert_eq!(answer.status(), 200, "{next}");
        assert_eq!(answer.headers()["content-type"], "application/json");
        url = answer
            .headers()
            .get("link")
            .and_then(|link| link.to_str().ok())
            .and_then(|link| {
                let next = link.split(", ").find(|l| l.ends_with("rel=\"next\""))?;
                Some(next.trim_start_matches('<').split('>').next()?.to_string())
            });
        items.extend(answer.json::<Vec<Value>>().await.expect("a JSON list"));
    }
    items
}

/// The incident list as each incident renders itself now (newest first, no occurrences).
fn expected_incidents(workspace: &Workspace) -> Vec<Value> {
    let mut incidents: Vec<&Incident> = workspace.incidents.iter().collect();
    incidents.sort_by_key(|i| std::cmp::Reverse((i.date, i.id)));
    incidents
        .iter()
        .map(|i| i.to_json(&workspace.members, false))
        .collect()
}

#[tokio::test]
async fn a_resolved_incident_is_listed_as_it_is_now() {
    let stand_in = StandIn::builder()
        .workspace(Workspace::generated(250))
        .start()
        .await
        .unwrap();
    let first = list(&stand_in, "/incidents/secrets").await;
    assert_eq!(first, expected_incidents(&stand_in.workspace()));
    let id = FIRST_INCIDENT_ID + 7;
    let before = first.iter().find(|i| i["id"] == id).unwrap().clone();
    assert_eq!(before["status"], "TRIGGERED");

    client(&stand_in)
        .incidents()
        .resolve(id, true)
        .await
        .expect("resolve");

    let second = list(&stand_in, "/incidents/secrets").await;
    let after = second.iter().find(|i| i["id"] == id).unwrap();
    assert_eq!(after["status"], "RESOLVED");
    assert_eq!(after["secret_revoked"], true);
    assert!(after["resolved_at"].is_string());
    assert_eq!(second, expected_incidents(&stand_in.workspace()));
    // Only the resolved incident changed.
    let changed: Vec<_> = first
        .iter()
        .zip(&second)
        .filter(|(a, b)| a != b)
        .map(|(a, _)| a["id"].clone())
        .collect();
    assert_eq!(changed, [id]);
    // The change is in the audit log's list too, newest first.
    let logs = list(&stand_in, "/audit_logs").await;
    assert_eq!(logs[0]["event_name"], "incident.resolve");
}

#[tokio::test]
async fn edits_to_records_and_to_what_they_show_are_listed() {
    let stand_in = StandIn::builder()
        .workspace(Workspace::generated(40))
        .start()
        .await
        .unwrap();
    let assigned = stand_in
        .workspace()
        .with_status(Status::Assigned)
        .next()
        .map(|i| (i.id, i.assignee_id.unwrap()))
        .expect("an assigned incident");
    let listed = list(&stand_in, "/incidents/secrets").await;
    let old_email =
        listed.iter().find(|i| i["id"] == assigned.0).unwrap()["assignee_email"].clone();
    let members = list(&stand_in, "/members").await;
    assert_eq!(
        members.iter().find(|m| m["id"] == assigned.1).unwrap()["email"],
        old_email
    );

    // The assignee's email changes: the incident is unchanged, but shows it.
    stand_in.edit(|workspace| {
        let member = workspace
            .members
            .iter_mut()
            .find(|m| m.id == assigned.1)
            .unwrap();
        member.email = "renamed@example.com".into();
        workspace.incidents[3].severity = "low".into();
    });

    let listed = list(&stand_in, "/incidents/secrets").await;
    let incident = listed.iter().find(|i| i["id"] == assigned.0).unwrap();
    assert_eq!(incident["assignee_email"], "renamed@example.com");
    assert_eq!(listed, expected_incidents(&stand_in.workspace()));
    let members = list(&stand_in, "/members").await;
    let member = members.iter().find(|m| m["id"] == assigned.1).unwrap();
    assert_eq!(member["email"], "renamed@example.com");
    let workspace = stand_in.workspace();
    let expected: Vec<Value> = workspace.members.iter().map(|m| m.to_json()).collect();
    assert_eq!(members, expected);
}

#[tokio::test]
async fn stand_ins_with_different_records_under_the_same_ids_serve_their_own() {
    let severities = ["critical", "info"];
    let mut stand_ins = Vec::new();
    for severity in severities {
        let mut workspace = Workspace::generated(30);
        for incident in &mut workspace.incidents {
            incident.severity = severity.into();
        }
        let stand_in = StandIn::builder()
            .workspace(workspace)
            .start()
            .await
            .unwrap();
        stand_ins.push(stand_in);
    }
    // Interleaved, twice: each one's page is rendered from its own records.
    for _ in 0..2 {
        for (stand_in, severity) in stand_ins.iter().zip(severities) {
            let listed = list(stand_in, "/incidents/secrets").await;
            assert_eq!(listed.len(), 30);
            assert!(
                listed.iter().all(|i| i["severity"] == severity),
                "{severity}"
            );
            assert_eq!(listed, expected_incidents(&stand_in.workspace()));
        }
    }
}
