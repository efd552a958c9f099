//! The record of a call's final answer, handed from the executor to the error mapping.
//!
//! Progenitor's errors for an undecodable body carry no status or headers, so the mapping
//! needs this side channel: the executor leaves a [`CallRecord`] in a task-local
//! [`CallSlot`] that only [`GitGuardian::send_with_headers`](crate::GitGuardian::send_with_headers)
//! sets up. Raw calls made outside it find no slot and are only retried.

use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError};

use reqwest::header::HeaderMap;
use reqwest::StatusCode;

/// What the last attempt of one operation produced.
#[derive(Clone, Debug)]
pub(crate) struct CallRecord {
    /// Spec `operationId`.
    pub(crate) operation: &'static str,
    /// Attempts made, counting the first.
    pub(crate) attempts: u32,
    /// Status and headers of the final answer; `None` when no answer came.
    pub(crate) response: Option<(StatusCode, HeaderMap)>,
}

/// Where the executor leaves the [`CallRecord`] of the operation run inside a
/// [`CallSlot::scope`].
#[derive(Clone, Default)]
pub(crate) struct CallSlot(Arc<Mutex<Option<CallRecord>>>);

tokio::task_local! {
    static CALL_SLOT: CallSlot;
}

impl CallSlot {
    /// Runs `future` with this slot installed for the executor.
    pub(crate) async fn scope<F: Future>(&self, future: F) -> F::Output {
        CALL_SLOT.scope(self.clone(), future).await
    }

    /// The record left by the last operation run in the scope.
    pub(crate) fn take(&self) -> Option<CallRecord> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).take()
    }

    /// Stores `record` in the slot of the current task, if there is one.
    pub(crate) fn record(record: CallRecord) {
        // Outside `scope` (a raw call made directly) there is no slot: nothing to do.
        let _ = CALL_SLOT.try_with(|slot| {
            *slot.0.lock().unwrap_or_else(PoisonError::into_inner) = Some(record);
        });
    }
}
