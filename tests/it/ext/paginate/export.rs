//! Parallel export of a date window: the same items as paging the whole window, in date
//! order, whatever the server's rule for bounds, with no more requests in flight than asked,
//! and refusals before any request.

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use futures::TryStreamExt;
use gitguardian_api_ext::{DateOrder, Error, Export, GitGuardian};
use gitguardian_standin::{AuditEvent, DateBounds, Fault, Route, Rule, Until, Workspace};

use super::by_arrival;
use crate::ext::support::{builder, stand_in};

fn audit_logs() -> Route {
    Route::get("/v1/audit_logs")
}

/// Audit logs dated `dates` (ids 1.., in that order; dates must not decrease).
fn logs(dates: Vec<DateTime<Utc>>) -> Workspace {
    let events = dates.into_iter().zip(1..).map(|(date, id)| AuditEvent {
        id,
        date,
        event_name: "member.login".into(),
        action_type: "READ".into(),
        member_id: Some(1),
        api_token_id: None,
        target_ids: vec![],
        ip_address: "127.0.0.1".into(),
    });
    Workspace {
        audit_logs: events.collect(),
        ..Workspace::default()
    }
}

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap()
}

/// Dates crowding the edges of a 600 s window cut in six: every 7 s, plus three entries on
/// each edge (the window's own bounds included), and entries a millisecond either side.
fn crowded_dates() -> Vec<DateTime<Utc>> {
    let mut dates: Vec<DateTime<Utc>> = (0..=600 / 7)
        .map(|k| start() + TimeDelta::seconds(k * 7))
        .collect();
    for edge in (0..=600).step_by(100) {
        let at = start() + TimeDelta::seconds(edge);
        dates.extend([at, at, at]);
        dates.push(at - TimeDelta::milliseconds(1));
        dates.push(at + TimeDelta::milliseconds(1));
    }
    dates.sort();
    dates
}

/// The whole window paged as one list, one request at a time: the reference.
async fn paged_whole(client: &GitGuardian) -> Vec<i64> {
    let request = client
        .raw()
        .list_audit_logs()
        .date_after(start())
        .date_before(start() + TimeDelta::seconds(600));
    client
        .paginate(request)
        .sequential()
        .collect_all()
        .await
        .unwrap()
        .iter()
        .map(|log| log.id)
        .collect()
}

async fn exported(client: &GitGuardian, export: Export) -> Vec<i64> {
    client
        .export(client.raw().list_audit_logs().per_page(5), export)
        .unwrap()
        .try_collect::<Vec<_>>()
        .await
        .unwrap()
        .iter()
        .map(|log| log.id)
        .collect()
}

#[tokio::test]
async fn an_export_yields_what_paging_the_window_yields_whatever_the_bound_rule() {
    for bounds in [DateBounds::Inclusive, DateBounds::Exclusive] {
        // The first three answers' bodies are finished only once 4 requests have been in
        // flight at once, which a client keeping to 3 never lets happen: their holds must
        // run to their cap, all three in flight together.
        let mut server = stand_in()
            .workspace(logs(crowded_dates()))
            .date_bounds(bounds);
        for n in 1..=3 {
            let hold = Fault::HoldBodyUntil(Until::InFlight(4));
            server = server.fault(Rule::new(audit_logs()).nth(n).answer(hold));
        }
        let server = server.start().await.unwrap();
        let client = builder(&server.api_url()).build().unwrap();
        let window = Export::new(start(), start() + TimeDelta::seconds(600))
            .concurrency(3)
            .split_into(6);
        let newest_first = exported(&client, window.clone()).await;
        let in_flight = server.in_flight(&audit_logs());
        assert_eq!(in_flight.max, 3, "{bounds:?}");
        assert!(
            by_arrival(server.requests())[0].hold_timed_out,
            "{bounds:?}"
        );

        let reference = paged_whole(&client).await;
        let (first, last) = (start(), start() + TimeDelta::seconds(600));
        let expected = crowded_dates()
            .into_iter()
            .filter(|d| match bounds {
                DateBounds::Inclusive => *d >= first && *d <= last,
                DateBounds::Exclusive => *d > first && *d < last,
            })
            .count();
        assert_eq!(reference.len(), expected, "{bounds:?}");
        assert_eq!(newest_first, reference, "{bounds:?}");
    }
}

#[tokio::test]
async fn oldest_first_merges_the_windows_forwards() {
    let server = stand_in()
        .workspace(logs(crowded_dates()))
        .audit_logs_oldest_first(true)
        .start()
        .await
        .unwrap();
    let client = builder(&server.api_url()).build().unwrap();
    let reference = paged_whole(&client).await;

    // Audit logs take no `ordering`: the caller states the server's order.
    let window = Export::new(start(), start() + TimeDelta::seconds(600))
        .concurrency(4)
        .order(DateOrder::OldestFirst);
    let ids = exported(&client, window).await;

    assert_eq!(ids, reference);
    // Inclusive bounds: all but the entries a millisecond outside the window.
    assert_eq!(ids.len(), crowded_dates().len() - 2);
}

#[tokio::test]
async fn sub_windows_ask_for_their_edges_with_a_margin_and_the_outer_bounds_as_given() {
    let server = stand_in()
        .workspace(logs(crowded_dates()))
        .start()
        .await
        .unwrap();
    let client = builder(&server.api_url()).build().unwrap();
    let window = Export::new(start(), start() + TimeDelta::seconds(200))
        .concurrency(1)
        .split_into(2)
        .order(DateOrder::OldestFirst);
    exported(&client, window).await;

    let firsts: Vec<(String, String)> = by_arrival(server.requests())
        .iter()
        .filter(|s| !s.params.contains_key("cursor"))
        .map(|s| {
            (
                s.params["date_after"].clone(),
                s.params["date_before"].clone(),
            )
        })
        .collect();
    let at = |seconds: i64| start() + TimeDelta::seconds(seconds);
    let parse = |text: &str| DateTime::parse_from_rfc3339(text).unwrap().to_utc();
    let asked: Vec<(DateTime<Utc>, DateTime<Utc>)> =
        firsts.iter().map(|(a, b)| (parse(a), parse(b))).collect();
    assert_eq!(asked, [(at(0), at(101)), (at(99), at(200))]);
}

#[tokio::test]
async fn bad_windows_and_concurrency_are_refused_before_any_request() {
    let server = stand_in().start().await.unwrap();
    let client = builder(&server.api_url()).build().unwrap();
    let bad = [
        Export::new(start(), start()),
        Export::new(start() + TimeDelta::seconds(1), start()),
        Export::new(start(), start() + TimeDelta::days(1)).concurrency(0),
        Export::new(start(), start() + TimeDelta::days(1)).concurrency(17),
        Export::new(start(), start() + TimeDelta::days(1)).split_into(0),
    ];
    for export in bad {
        let refused = client.export(client.raw().list_audit_logs(), export.clone());
        assert!(
            matches!(refused, Err(Error::InvalidInput(_))),
            "{export:?} was accepted"
        );
    }
    assert_eq!(server.arrived(&Route::any()), 0, "{:?}", server.requests());
}
