//! Parallel export of a date window: the same items as paging the whole window, in date
//! order, whatever the server's rule for bounds, with no more requests in flight than asked,
//! and refusals before any request.

use std::time::Duration;

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use futures::TryStreamExt;
use gitguardian_api_ext::{DateOrder, Error, Export, GitGuardian};

use super::paged_server::{Bounds, PagedServer};
use crate::ext::support::builder;

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
    for bounds in [Bounds::Inclusive, Bounds::Exclusive] {
        let server = PagedServer::builder(0)
            .pause(Duration::from_millis(5))
            .logs(crowded_dates())
            .bounds(bounds)
            .start()
            .await;
        let client = builder(&server.base_url).build().unwrap();
        let reference = paged_whole(&client).await;
        let (first, last) = (start(), start() + TimeDelta::seconds(600));
        let expected = crowded_dates()
            .into_iter()
            .filter(|d| match bounds {
                Bounds::Inclusive => *d >= first && *d <= last,
                Bounds::Exclusive => *d > first && *d < last,
            })
            .count();
        assert_eq!(reference.len(), expected, "{bounds:?}");

        let window = Export::new(start(), start() + TimeDelta::seconds(600))
            .concurrency(3)
            .split_into(6);
        let newest_first = exported(&client, window.clone()).await;
        assert_eq!(newest_first, reference, "{bounds:?}");
        assert!(server.max_in_flight() <= 3, "{}", server.max_in_flight());
        assert!(
            server.max_in_flight() >= 2,
            "sub-windows were not paged concurrently"
        );
    }
}

#[tokio::test]
async fn oldest_first_merges_the_windows_forwards() {
    let server = PagedServer::builder(0)
        .pause(Duration::ZERO)
        .logs(crowded_dates())
        .oldest_first()
        .start()
        .await;
    let client = builder(&server.base_url).build().unwrap();
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
    let server = PagedServer::builder(0).logs(crowded_dates()).start().await;
    let client = builder(&server.base_url).build().unwrap();
    let window = Export::new(start(), start() + TimeDelta::seconds(200))
        .concurrency(1)
        .split_into(2)
        .order(DateOrder::OldestFirst);
    exported(&client, window).await;

    let firsts: Vec<(String, String)> = server
        .seen()
        .iter()
        .filter(|s| !s.query.contains_key("cursor"))
        .map(|s| {
            (
                s.query["date_after"].clone(),
                s.query["date_before"].clone(),
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
    let server = PagedServer::builder(0).start().await;
    let client = builder(&server.base_url).build().unwrap();
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
    assert!(server.seen().is_empty());
}
