//! Scenario 3: a 429 storm. 30% of list answers are `429` with `Retry-After: 0`; our item
//! stream, with its default retry policy, must deliver every member exactly once. Its
//! throughput is compared with the same listing on a calm server, measured alongside
//! (alternating runs), so the ratio does not depend on scenario 1 having run.
//!
//! The official client, which does not retry, is run once in the storm for reference.

use std::time::Duration;

use super::pagination::Lister;
use super::{ratio, Context};
use crate::measure::{per_second, Samples};
use crate::report::{Goal, Report};
use crate::standin::{self, ServerConfig};

const SCENARIO: &str = "3 storm";

pub fn run(context: &Context, report: &mut Report) -> Result<(), String> {
    let settings = &context.settings;
    let n = settings.list_items;
    let start = |throttle_per_mille| {
        standin::start(ServerConfig {
            members: n,
            audit_logs: 0,
            latency: Duration::ZERO,
            throttle_per_mille,
        })
    };
    let calm = start(0)?;
    let storm = start(settings.storm_per_mille)?;

    let (mut calm_rate, mut storm_rate) = (Samples::default(), Samples::default());
    let (mut lost, mut extra, mut resumes, mut throttled, mut requests) = (0, 0, 0, 0, 0);
    let mut failure = None;
    for run in 0..=settings.storm_runs {
        // Alternate which goes first; run 0 is a warm-up (checked, not timed).
        let order = if run % 2 == 0 {
            [(&calm, false), (&storm, true)]
        } else {
            [(&storm, true), (&calm, false)]
        };
        for (server, stormy) in order {
            let before = server.count(&standin::members());
            let outcome = context
                .runtime
                .block_on(Lister::Ext.list(&server.api_url(), n, stormy));
            let seen = server.count(&standin::members()).since(before);
            let (listing, elapsed) = match outcome {
                Ok(done) => done,
                Err(error) => {
                    failure.get_or_insert(error);
                    continue;
                }
            };
            if stormy {
                lost += listing.seen.missing();
                extra += listing.seen.extra();
                resumes += listing.resumes;
                throttled += seen.faults;
                requests += seen.requests;
            }
            match listing.check() {
                Ok(()) if run > 0 => {
                    let rate = per_second(n, elapsed);
                    if stormy {
                        storm_rate.push(rate);
                    } else {
                        calm_rate.push(rate);
                    }
                }
                Ok(()) => {}
                Err(error) => {
                    failure.get_or_insert(error);
                }
            }
        }
    }
    let listings = settings.storm_runs as u64 + 1;
    report.row(
        SCENARIO,
        Lister::Ext.label(),
        "items/s, calm server",
        calm_rate.clone(),
        "same server, no 429",
    );
    report.row(
        SCENARIO,
        Lister::Ext.label(),
        "items/s, 30% 429",
        storm_rate.clone(),
        format!(
            "{}; per listing: {} requests, {} answered 429; {} resume(s) from the cursor in {} listings{}",
            if lost == 0 && extra == 0 {
                "every item exactly once in every listing".to_owned()
            } else {
                format!("{lost} items lost, {extra} extra")
            },
            requests / listings,
            throttled / listings,
            resumes,
            listings,
            failure
                .as_ref()
                .map(|e| format!("; FAILED: {e}"))
                .unwrap_or_default()
        ),
    );

    // The official client in the same storm, once: it has no retry.
    let before = storm.count(&standin::members());
    match context
        .runtime
        .block_on(Lister::Official.list(&storm.api_url(), n, false))
    {
        Ok((listing, _)) => {
            let mut delivered = Samples::default();
            delivered.push(listing.seen.received() as f64);
            report.row(
                SCENARIO,
                Lister::Official.label(),
                "items delivered, 30% 429",
                delivered,
                format!(
                    "of {n}, after {} request(s); stream ended with: {}",
                    storm.count(&standin::members()).since(before).requests,
                    listing.error.as_deref().unwrap_or("no error")
                ),
            );
        }
        Err(error) => report.note(format!("official client in the storm: {error}")),
    }

    let valid = failure.is_none();
    report.ratio(
        "storm_items_lost",
        if valid { lost as f64 } else { f64::NAN },
        Goal::AtMost(0.0),
        format!("items never delivered, summed over {listings} stormy listings of {n}"),
    );
    report.ratio(
        "storm_items_duplicated",
        if valid { extra as f64 } else { f64::NAN },
        Goal::AtMost(0.0),
        format!("items delivered more than once, summed over {listings} listings"),
    );
    report.ratio(
        "storm_throughput_over_calm",
        ratio(storm_rate.median(), calm_rate.median()),
        Goal::None,
        "median items/s with 30% 429 / without (30% of requests wasted: about 0.7 expected)",
    );
    Ok(())
}
