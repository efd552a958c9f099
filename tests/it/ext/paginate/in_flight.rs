//! What the pipelining tests' servers measure, for GitGuardian's lists and GitHub's alike:
//! requests in arrival order, answers in flight (headers sent, body not finished), and
//! bodies held open until the request after them arrives.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use futures::StreamExt as _;

/// How long a held body waits for the request after it before giving up.
const HOLD_LIMIT: Duration = Duration::from_secs(2);

/// A server's counters, shared by its handlers.
#[derive(Default)]
pub struct Gauge {
    requests: AtomicUsize,
    arrived: tokio::sync::Notify,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
    missed_pipeline: AtomicBool,
}

impl Gauge {
    /// Counts a request in; its sequence number (0-based).
    pub fn arrive(&self) -> usize {
        let sequence = self.requests.fetch_add(1, Ordering::SeqCst);
        self.arrived.notify_waiters();
        sequence
    }

    /// The most answers that were being sent at once.
    pub fn max_in_flight(&self) -> usize {
        self.max_in_flight.load(Ordering::SeqCst)
    }

    /// Whether a held body gave up waiting for the request after it.
    pub fn missed_pipeline(&self) -> bool {
        self.missed_pipeline.load(Ordering::SeqCst)
    }
}

/// `body` in two chunks, the second after `pause`, or once `held` requests have arrived in
/// all (after [`HOLD_LIMIT`], recorded as a missed pipeline); counted in flight until its end.
pub fn two_chunks(
    gauge: Arc<Gauge>,
    body: String,
    held: Option<usize>,
    pause: Duration,
) -> impl futures::Stream<Item = Result<Bytes, std::io::Error>> + Send {
    let now = gauge.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    gauge.max_in_flight.fetch_max(now, Ordering::SeqCst);
    let guard = InFlight(gauge.clone());
    let bytes = Bytes::from(body);
    let half = bytes.len() / 2;
    let (first, second) = (bytes.slice(..half), bytes.slice(half..));
    let rest = async move {
        let _guard = guard;
        match held {
            Some(n) => {
                let waited = tokio::time::timeout(HOLD_LIMIT, async {
                    loop {
                        let arrived = gauge.arrived.notified();
                        if gauge.requests.load(Ordering::SeqCst) >= n {
                            break;
                        }
                        arrived.await;
                    }
                })
                .await;
                if waited.is_err() {
                    gauge.missed_pipeline.store(true, Ordering::SeqCst);
                }
            }
            None => tokio::time::sleep(pause).await,
        }
        Ok(second)
    };
    futures::stream::iter([Ok(first)]).chain(futures::stream::once(rest))
}

/// An answer in flight, until its body ends (or is dropped).
struct InFlight(Arc<Gauge>);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}
