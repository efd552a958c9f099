//! Scenario 5: export 10,000 audit log entries of a date window at 50 ms per request. Our
//! parallel export (4 sub-windows at a time, merged newest first) against paging the same
//! window one request at a time, and our pipelined item stream as a reference. Every run is
//! checked: each entry once, in the list's order.

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use futures::StreamExt;
use gitguardian_api_ext::{DateOrder, Error, Export, GitGuardian};

use super::{ratio, rotation, Context};
use crate::clients;
use crate::clients::list::Seen;
use crate::measure::{per_second, Samples};
use crate::report::{Goal, Report};
use crate::standin::{self, ServerConfig};

const SCENARIO: &str = "5 export";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Exporter {
    Parallel,
    Sequential,
    Pipelined,
}

impl Exporter {
    const ALL: [Exporter; 3] = [
        Exporter::Parallel,
        Exporter::Sequential,
        Exporter::Pipelined,
    ];

    fn label(self, concurrency: usize) -> String {
        match self {
            Exporter::Parallel => {
                format!("ours: `export(list_audit_logs(), ..)`, concurrency {concurrency}")
            }
            Exporter::Sequential => {
                "ours: `paginate(..).sequential()`, one request at a time".to_owned()
            }
            Exporter::Pipelined => "ours: `paginate(..)`, pipelined (one page ahead)".to_owned(),
        }
    }
}

/// What one export delivered: each entry's count, and whether they came newest first.
struct Delivered {
    seen: Seen,
    in_order: bool,
    error: Option<String>,
}

/// Exports the `n` entries dated from `after` to `before` (both included) in one of the ways.
async fn export(
    client: &GitGuardian,
    how: Exporter,
    window: &Export,
    (after, before): (DateTime<Utc>, DateTime<Utc>),
    n: usize,
) -> Delivered {
    let request = client
        .raw()
        .list_audit_logs()
        .per_page(std::num::NonZeroU64::new(100).expect("100 is not zero"));
    let whole = || request.clone().date_after(after).date_before(before);
    let mut stream: futures::stream::BoxStream<'_, Result<_, Error>> = match how {
        Exporter::Parallel => match client.export(request.clone(), window.clone()) {
            Ok(stream) => stream.boxed(),
            Err(error) => futures::stream::iter([Err(error)]).boxed(),
        },
        Exporter::Sequential => client.paginate(whole()).sequential().boxed(),
        Exporter::Pipelined => client.paginate(whole()).boxed(),
    };
    let mut delivered = Delivered {
        // The stand-in numbers audit log entries from 1.
        seen: Seen::new(1, n),
        in_order: true,
        error: None,
    };
    let mut previous = None;
    while let Some(item) = stream.next().await {
        match item {
            Ok(entry) => {
                delivered.seen.record(entry.id as u64);
                if previous.is_some_and(|p| entry.date > p) {
                    delivered.in_order = false;
                }
                previous = Some(entry.date);
            }
            Err(error) => {
                delivered.error = Some(error.to_string());
                break;
            }
        }
    }
    delivered
}

pub fn run(context: &Context, report: &mut Report) -> Result<(), String> {
    let settings = &context.settings;
    let n = settings.export_items;
    let server = standin::start(ServerConfig {
        members: 0,
        audit_logs: n,
        latency: settings.export_latency,
        throttle_per_mille: 0,
    })?;
    // The window is exactly the entries' dates: the first and the last are on its edges.
    let dates: Vec<DateTime<Utc>> = server
        .workspace()
        .audit_logs
        .iter()
        .map(|e| e.date)
        .collect();
    let (Some(&first), Some(&last)) = (dates.iter().min(), dates.iter().max()) else {
        return Err("the stand-in serves no audit log".to_owned());
    };
    let client = clients::ext(&server.api_url())?;
    let window = Export::new(first, last)
        .concurrency(settings.export_concurrency)
        .order(DateOrder::NewestFirst);

    let mut throughput: [Samples; 3] = Default::default();
    let mut requests = [0u64; 3];
    let mut failures: [Option<String>; 3] = Default::default();
    let (mut lost, mut repeated) = (0usize, 0usize);
    for run in 0..=settings.export_runs {
        for how in rotation(&Exporter::ALL, run) {
            let slot = how as usize;
            let before = server.count(&standin::audit_logs());
            let started = Instant::now();
            let delivered =
                context
                    .runtime
                    .block_on(export(&client, how, &window, (first, last), n));
            let elapsed: Duration = started.elapsed();
            requests[slot] = server.count(&standin::audit_logs()).since(before).requests;
            if how == Exporter::Parallel {
                lost += delivered.seen.missing();
                repeated += delivered.seen.extra();
            }
            let problem = match (
                &delivered.error,
                delivered.seen.is_exact(),
                delivered.in_order,
            ) {
                (Some(error), _, _) => Some(error.clone()),
                (None, false, _) => Some(format!(
                    "{} missing, {} extra",
                    delivered.seen.missing(),
                    delivered.seen.extra()
                )),
                (None, true, false) => Some("entries out of order".to_owned()),
                (None, true, true) => None,
            };
            match problem {
                Some(problem) => {
                    failures[slot].get_or_insert(problem);
                }
                None if run > 0 => throughput[slot].push(per_second(n, elapsed)),
                None => {}
            }
        }
    }
    for how in Exporter::ALL {
        let slot = how as usize;
        let note = match &failures[slot] {
            Some(error) => format!("FAILED: {error}"),
            None => format!(
                "{} requests per export, every entry once, newest first",
                requests[slot]
            ),
        };
        report.row(
            SCENARIO,
            how.label(settings.export_concurrency),
            "items/s",
            throughput[slot].clone(),
            note,
        );
    }
    let median = |how: Exporter| match failures[how as usize] {
        Some(_) => f64::NAN,
        None => throughput[how as usize].median(),
    };
    report.ratio(
        "export_ext_over_sequential",
        ratio(median(Exporter::Parallel), median(Exporter::Sequential)),
        Goal::AtLeast(3.0),
        format!(
            "median items/s, export with concurrency {} / paging one request at a time, {} ms per request",
            settings.export_concurrency,
            settings.export_latency.as_millis()
        ),
    );
    let runs = settings.export_runs + 1;
    report.ratio(
        "export_items_lost",
        lost as f64,
        Goal::AtMost(0.0),
        format!("entries never delivered by the export, summed over {runs} exports of {n}"),
    );
    report.ratio(
        "export_items_repeated",
        repeated as f64,
        Goal::AtMost(0.0),
        format!("entries delivered more than once by the export, over {runs} exports"),
    );
    Ok(())
}
