//! Actions change the stand-in's incidents the way the API does, notes live on them, and
//! every change lands in the audit log.

use gitguardian_api_ext::types::{IncidentIgnoreReason, IncidentStatus};
use gitguardian_api_ext::workflows::{Assignee, ShareOptions};
use gitguardian_api_ext::Error;
use gitguardian_standin::{StandIn, Status, Workspace, FIRST_INCIDENT_ID, STAND_IN_TOKEN_ID};

use super::client;

/// The first generated incident: `TRIGGERED`, unassigned.
const ID: i64 = FIRST_INCIDENT_ID;

#[tokio::test]
async fn an_incident_goes_through_assign_ignore_reopen_unassign_and_share() {
    let stand_in = StandIn::builder()
        .workspace(Workspace::generated(3))
        .start()
        .await
        .unwrap();
    let client = client(&stand_in);
    let incidents = client.incidents();

    let assigned = incidents
        .assign(ID, Assignee::email("member2@example.com"))
        .await
        .expect("assign");
    assert_eq!(assigned.status, IncidentStatus::Assigned);
    assert_eq!(stand_in.incident(ID).unwrap().assignee_id, Some(1003));
    // Member 3 is inactive (every fourth): the API refuses it.
    let inactive = incidents
        .assign(ID, Assignee::email("member3@example.com"))
        .await;
    assert!(
        matches!(inactive, Err(Error::Validation { .. })),
        "{inactive:?}"
    );

    let ignored = incidents
        .ignore(ID, IncidentIgnoreReason::LowRisk)
        .await
        .expect("ignore");
    assert_eq!(ignored.status, IncidentStatus::Ignored);
    let state = stand_in.incident(ID).unwrap();
    assert_eq!(state.ignore_reason.as_deref(), Some("low_risk"));
    assert_eq!(
        state.ignorer_api_token_id.as_deref(),
        Some(STAND_IN_TOKEN_ID)
    );
    let again = incidents.resolve(ID, false).await;
    assert!(matches!(again, Err(Error::Conflict { .. })), "{again:?}");

    let reopened = incidents.reopen(ID).await.expect("reopen");
    assert_eq!(
        reopened.status,
        IncidentStatus::Assigned,
        "it kept its assignee"
    );
    assert_eq!(stand_in.incident(ID).unwrap().ignore_reason, None);
    let unassigned = incidents.unassign(ID).await.expect("unassign");
    assert_eq!(unassigned.status, IncidentStatus::Triggered);

    let share = incidents
        .share(ID, ShareOptions::new().lifespan_hours(24))
        .await
        .expect("share");
    assert!(
        share.share_url.starts_with(stand_in.origin()),
        "{}",
        share.share_url
    );
    assert_eq!(
        stand_in.incident(ID).unwrap().share_url,
        Some(share.share_url.clone())
    );
    let twice = incidents.share(ID, ShareOptions::new()).await;
    assert!(matches!(twice, Err(Error::Conflict { .. })), "{twice:?}");
    incidents.unshare(ID).await.expect("unshare");
    assert_eq!(stand_in.incident(ID).unwrap().share_url, None);

    let audited: Vec<String> = stand_in
        .workspace()
        .audit_logs
        .iter()
        .filter(|event| event.api_token_id.as_deref() == Some(STAND_IN_TOKEN_ID))
        .map(|event| event.event_name.clone())
        .collect();
    assert_eq!(
        audited,
        [
            "incident.assign",
            "incident.ignore",
            "incident.reopen",
            "incident.unassign",
            "incident.share",
            "incident.unshare"
        ]
    );
    // Refused actions changed nothing and were not audited, but were logged.
    let refused: Vec<u16> = stand_in
        .requests()
        .iter()
        .map(|r| r.status)
        .filter(|status| *status != 200)
        .collect();
    assert_eq!(refused, [400, 409, 409]);
}

#[tokio::test]
async fn notes_are_added_edited_listed_and_deleted() {
    let stand_in = StandIn::builder()
        .workspace(Workspace::generated(1))
        .start()
        .await
        .unwrap();
    let client = client(&stand_in);
    let incidents = client.incidents();

    let first = incidents
        .add_note(ID, "Owner contacted.")
        .await
        .expect("add");
    let second = incidents
        .add_note(ID, "Rotation planned.")
        .await
        .expect("add");
    assert_ne!(first.id, second.id);
    incidents
        .update_note(ID, first.id, "Owner rotated the key.")
        .await
        .expect("update");
    let listed = incidents.notes(ID).collect_all().await.expect("list");
    let comments: Vec<&str> = listed.iter().map(|n| n.comment.as_str()).collect();
    assert_eq!(comments, ["Owner rotated the key.", "Rotation planned."]);

    incidents.delete_note(ID, second.id).await.expect("delete");
    let notes = stand_in.incident(ID).unwrap().notes;
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].comment, "Owner rotated the key.");
    assert!(notes[0].updated_at.is_some());
    let gone = incidents.delete_note(ID, second.id).await;
    assert!(matches!(gone, Err(Error::NotFound { .. })), "{gone:?}");
    let empty = incidents.add_note(ID, " ").await;
    assert!(empty.is_err(), "{empty:?}");
    assert_eq!(
        stand_in.workspace().with_status(Status::Triggered).count(),
        1,
        "notes do not change the status"
    );
}
