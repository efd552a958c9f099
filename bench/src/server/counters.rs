//! What the server saw, counted per route: requests are the quota the clients spend, and the
//! only count that every contender (Rust or Python) is measured by in the same way.

use std::sync::atomic::{AtomicU64, Ordering};

/// Live counters, shared by the handlers.
#[derive(Debug, Default)]
pub struct Counters {
    pub list_requests: AtomicU64,
    pub list_throttled: AtomicU64,
    pub metadata_requests: AtomicU64,
    pub multiscan_requests: AtomicU64,
    pub multiscan_documents: AtomicU64,
    pub rejected: AtomicU64,
}

/// The counters at one moment.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Snapshot {
    /// `GET /v1/members` requests, throttled ones included.
    pub list_requests: u64,
    /// Of those, the ones answered `429`.
    pub list_throttled: u64,
    pub metadata_requests: u64,
    /// `POST /v1/multiscan` requests: one quota unit each.
    pub multiscan_requests: u64,
    pub multiscan_documents: u64,
    /// Requests refused as malformed (`400`, `401`, `404`).
    pub rejected: u64,
}

impl Counters {
    pub fn add(counter: &AtomicU64, n: u64) {
        counter.fetch_add(n, Ordering::Relaxed);
    }

    pub fn snapshot(&self) -> Snapshot {
        let get = |c: &AtomicU64| c.load(Ordering::Relaxed);
        Snapshot {
            list_requests: get(&self.list_requests),
            list_throttled: get(&self.list_throttled),
            metadata_requests: get(&self.metadata_requests),
            multiscan_requests: get(&self.multiscan_requests),
            multiscan_documents: get(&self.multiscan_documents),
            rejected: get(&self.rejected),
        }
    }
}

impl Snapshot {
    /// What happened between `earlier` and `self`.
    pub fn since(self, earlier: Snapshot) -> Snapshot {
        Snapshot {
            list_requests: self.list_requests - earlier.list_requests,
            list_throttled: self.list_throttled - earlier.list_throttled,
            metadata_requests: self.metadata_requests - earlier.metadata_requests,
            multiscan_requests: self.multiscan_requests - earlier.multiscan_requests,
            multiscan_documents: self.multiscan_documents - earlier.multiscan_documents,
            rejected: self.rejected - earlier.rejected,
        }
    }
}
