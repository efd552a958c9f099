//! Parallel export of lists filtered by date: the date window is cut into sub-windows that are
//! paged concurrently, and their items come out merged in the list's date order.
//!
//! Incidents, occurrences and audit logs take `date_after` / `date_before` filters. Paging one
//! long window is one request at a time; cut into sub-windows, `concurrency` of them are paged
//! at once, each one request at a time, so no more than `concurrency` requests are in flight
//! (every one of them under the client's retry policy, 429s included).
//!
//! Edges: the API does not say whether its date filters include their bounds. So each inner
//! edge is asked for with a margin of [`EDGE_MARGIN`] on both sides, and each sub-window then
//! keeps only the items dated in its own half-open range `[start, end)`: an item dated exactly
//! on an edge belongs to exactly one sub-window, whatever the server's rule. The outer bounds
//! are sent as given, so an export yields the same items as paging the whole window.

use std::time::Duration;

use chrono::{DateTime, Utc};
use futures::stream::{self, Stream, StreamExt, TryStreamExt};
use gitguardian_openapi::{builder, types, Paginated};

use crate::{Error, GitGuardian};

/// How far beyond each inner edge a sub-window asks, so that no filter rounding or bound
/// rule can drop an item dated on the edge; the overlap is filtered out on our side.
pub const EDGE_MARGIN: Duration = Duration::from_secs(1);

/// Most sub-windows paged at once.
pub const MAX_CONCURRENCY: usize = 16;

/// The order of an export's items, by date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum DateOrder {
    /// Oldest first (`ordering=date`).
    OldestFirst,
    /// Newest first (`ordering=-date`).
    #[default]
    NewestFirst,
}

/// A list request that can be restricted to a date window and ordered by date.
///
/// Implemented for `list_incidents`, `list_occs` (occurrences) and `list_audit_logs`.
pub trait DateWindowed<'a>: Paginated<'a> {
    /// The same request, for items dated after `after` and before `before`.
    fn with_window(self, after: DateTime<Utc>, before: DateTime<Utc>) -> Self;

    /// The same request, sorted by date in `order`. Lists without an `ordering` parameter
    /// (audit logs) keep the server's own order, which the caller states with
    /// [`Export::order`].
    fn with_order(self, order: DateOrder) -> Self;

    /// The date the window filters on.
    fn date_of(item: &Self::Item) -> DateTime<Utc>;
}

impl<'a> DateWindowed<'a> for builder::ListIncidents<'a> {
    fn with_window(self, after: DateTime<Utc>, before: DateTime<Utc>) -> Self {
        self.date_after(after).date_before(before)
    }
    fn with_order(self, order: DateOrder) -> Self {
        self.ordering(match order {
            DateOrder::OldestFirst => types::ListIncidentsOrdering::Date,
            DateOrder::NewestFirst => types::ListIncidentsOrdering::DateDesc,
        })
    }
    fn date_of(item: &types::IncidentWithoutOccurrences) -> DateTime<Utc> {
        item.date
    }
}

impl<'a> DateWindowed<'a> for builder::ListOccs<'a> {
    fn with_window(self, after: DateTime<Utc>, before: DateTime<Utc>) -> Self {
        self.date_after(after).date_before(before)
    }
    fn with_order(self, order: DateOrder) -> Self {
        self.ordering(match order {
            DateOrder::OldestFirst => types::ListOccsOrdering::Date,
            DateOrder::NewestFirst => types::ListOccsOrdering::DateDesc,
        })
    }
    fn date_of(item: &types::Occurrence) -> DateTime<Utc> {
        item.date
    }
}

impl<'a> DateWindowed<'a> for builder::ListAuditLogs<'a> {
    fn with_window(self, after: DateTime<Utc>, before: DateTime<Utc>) -> Self {
        self.date_after(after).date_before(before)
    }
    fn with_order(self, _order: DateOrder) -> Self {
        self
    }
    fn date_of(item: &types::AuditLog) -> DateTime<Utc> {
        item.date
    }
}

/// How to export one date window.
///
/// ```
/// use gitguardian_api_ext::chrono::{TimeZone, Utc};
/// use gitguardian_api_ext::{DateOrder, Export};
///
/// let year = Export::new(
///     Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap(),
///     Utc.with_ymd_and_hms(2027, 1, 1, 0, 0, 0).unwrap(),
/// )
/// .concurrency(4)
/// .order(DateOrder::OldestFirst);
/// assert_eq!(year.sub_windows(), 8);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Export {
    after: DateTime<Utc>,
    before: DateTime<Utc>,
    concurrency: usize,
    sub_windows: Option<usize>,
    order: DateOrder,
}

impl Export {
    /// Items dated between `after` and `before`, newest first, 4 sub-windows at a time.
    pub fn new(after: DateTime<Utc>, before: DateTime<Utc>) -> Self {
        Export {
            after,
            before,
            concurrency: 4,
            sub_windows: None,
            order: DateOrder::default(),
        }
    }

    /// Sub-windows paged at once (1..=[`MAX_CONCURRENCY`]): the most requests in flight.
    pub fn concurrency(mut self, concurrency: usize) -> Self {
        self.concurrency = concurrency;
        self
    }

    /// How many sub-windows to cut the window into (default: twice the concurrency, which
    /// evens out windows that hold more items than others).
    pub fn split_into(mut self, sub_windows: usize) -> Self {
        self.sub_windows = Some(sub_windows);
        self
    }

    /// The order of the items (for audit logs: the order the server sends them in).
    pub fn order(mut self, order: DateOrder) -> Self {
        self.order = order;
        self
    }

    /// The number of sub-windows the export will use.
    pub fn sub_windows(&self) -> usize {
        self.sub_windows
            .unwrap_or(self.concurrency.saturating_mul(2))
    }

    fn check(&self) -> Result<(), Error> {
        if self.after >= self.before {
            return Err(Error::InvalidInput(format!(
                "export window: the start ({}) must be before the end ({})",
                self.after, self.before
            )));
        }
        if !(1..=MAX_CONCURRENCY).contains(&self.concurrency) {
            return Err(Error::InvalidInput(format!(
                "export concurrency must be between 1 and {MAX_CONCURRENCY}, not {}",
                self.concurrency
            )));
        }
        if self.sub_windows() == 0 {
            return Err(Error::InvalidInput(
                "an export needs at least one sub-window".to_owned(),
            ));
        }
        Ok(())
    }

    /// The sub-windows, oldest first: `(start, end)` with the first start and the last end
    /// the export's own bounds.
    fn edges(&self) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
        let n = self.sub_windows() as i128;
        let span = i128::from((self.before - self.after).num_milliseconds());
        let mut bounds: Vec<DateTime<Utc>> = (0..n)
            .filter_map(|k| {
                let offset = i64::try_from(span * k / n).ok()?;
                self.after
                    .checked_add_signed(chrono::TimeDelta::milliseconds(offset))
            })
            .collect();
        bounds.push(self.before);
        bounds.dedup();
        bounds.windows(2).map(|w| (w[0], w[1])).collect()
    }
}

impl GitGuardian {
    /// Every item of a date-filtered list within `export`'s window, paging sub-windows
    /// concurrently, in date order (oldest or newest first), each item once.
    ///
    /// The window replaces any `date_after` / `date_before` set on `request`; its other filters
    /// apply to every sub-window. Each sub-window is paged one request at a time.
    ///
    /// Each sub-window's items are collected before they are handed out, so memory holds up to
    /// `concurrency` sub-windows; more sub-windows ([`Export::split_into`]) means less memory.
    /// The first error ends the stream, after the items of the sub-windows before it.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] (before any request) for an empty window or a concurrency out
    /// of range; then any error of a page, as for [`paginate`](Self::paginate).
    ///
    /// ```no_run
    /// use futures::TryStreamExt;
    /// use gitguardian_api_ext::chrono::{Duration, Utc};
    /// use gitguardian_api_ext::{DateOrder, Export};
    ///
    /// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
    /// let now = Utc::now();
    /// let window = Export::new(now - Duration::days(90), now).order(DateOrder::OldestFirst);
    /// let mut logs = client.export(client.raw().list_audit_logs(), window)?;
    /// while let Some(entry) = logs.try_next().await? {
    ///     println!("{} {}", entry.date, entry.event_name);
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn export<'a, B: DateWindowed<'a>>(
        &'a self,
        request: B,
        export: Export,
    ) -> Result<impl Stream<Item = Result<B::Item, Error>> + Send + 'a, Error> {
        export.check()?;
        let mut windows = export.edges();
        let last = windows.len() - 1;
        let request = request.with_order(export.order);
        let fetches: Vec<_> = windows
            .drain(..)
            .enumerate()
            .map(|(k, (start, end))| {
                let margin = chrono::Duration::from_std(EDGE_MARGIN).unwrap_or_default();
                let ask_after = match k {
                    0 => start,
                    _ => start.checked_sub_signed(margin).unwrap_or(start),
                };
                let ask_before = match k == last {
                    true => end,
                    false => end.checked_add_signed(margin).unwrap_or(end),
                };
                let keep = move |item: &B::Item| {
                    let date = B::date_of(item);
                    (k == 0 || date >= start) && (k == last || date < end)
                };
                let pages = self
                    .paginate(request.clone().with_window(ask_after, ask_before))
                    .sequential();
                async move {
                    pages
                        .try_filter(move |item| std::future::ready(keep(item)))
                        .try_collect::<Vec<_>>()
                        .await
                }
            })
            .collect();
        let ordered: Box<dyn Iterator<Item = _> + Send> = match export.order {
            DateOrder::OldestFirst => Box::new(fetches.into_iter()),
            DateOrder::NewestFirst => Box::new(fetches.into_iter().rev()),
        };
        Ok(stream::iter(ordered)
            .buffered(export.concurrency)
            .map_ok(|items| stream::iter(items.into_iter().map(Ok)))
            .try_flatten())
    }
}
