//! The executor plugged into the generated client: it applies the retry policy to every
//! request, and records what the final answer looked like for the typed-error mapping.
//!
//! The generated client hands each request to [`gitguardian_api::Execute`]; everything here
//! therefore applies to raw operations called through
//! [`GitGuardian::raw`](crate::GitGuardian::raw) too. The record of the final answer (status,
//! headers, attempts) is kept in a task-local slot that only
//! [`GitGuardian::send`](crate::GitGuardian::send) sets up: progenitor's errors for an
//! undecodable body carry no status or headers, so the mapping needs this side channel. Raw
//! calls made outside the helper find no slot and are only retried.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use gitguardian_api::{Execute, OperationInfo};
use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use crate::retry::{retry_after, DisplayDuration, RetryCause, RetryEvent, RetryPolicy};

/// The callback told about each retry.
pub(crate) type RetryHook = Arc<dyn Fn(&RetryEvent) + Send + Sync>;

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
    fn record(record: CallRecord) {
        // Outside `scope` (a raw call made directly) there is no slot: nothing to do.
        let _ = CALL_SLOT.try_with(|slot| {
            *slot.0.lock().unwrap_or_else(PoisonError::into_inner) = Some(record);
        });
    }
}

/// Sends requests with the retry policy; installed with `gitguardian_api::Executor::new`.
pub(crate) struct RetryExecutor {
    pub(crate) policy: RetryPolicy,
    pub(crate) on_retry: Option<RetryHook>,
}

impl Execute for RetryExecutor {
    fn execute<'a>(
        &'a self,
        client: &'a reqwest::Client,
        request: reqwest::Request,
        info: &'a OperationInfo,
    ) -> Pin<Box<dyn Future<Output = reqwest::Result<reqwest::Response>> + Send + 'a>> {
        Box::pin(self.run(client, request, info.operation_id))
    }
}

impl RetryExecutor {
    async fn run(
        &self,
        client: &reqwest::Client,
        request: reqwest::Request,
        operation: &'static str,
    ) -> reqwest::Result<reqwest::Response> {
        let method = request.method().clone();
        let max_attempts = self.policy.get_max_attempts();
        let mut pending = request;
        let mut attempt: u32 = 1;
        let mut waited = Duration::ZERO;
        loop {
            // Keep a copy for the next attempt; a request whose body is a stream cannot be
            // copied and is sent once.
            let spare = if attempt < max_attempts {
                pending.try_clone()
            } else {
                None
            };
            let result = client.execute(pending).await;
            let failure = match &result {
                Ok(response) => {
                    let status = response.status();
                    tracing::debug!(
                        operation,
                        method = %method,
                        status = status.as_u16(),
                        attempt,
                        "GitGuardian API answered"
                    );
                    RetryCause::from_response(status, response.headers()).map(|cause| {
                        (
                            cause,
                            Some(status),
                            retry_after(response.headers()),
                            request_id(response.headers()),
                        )
                    })
                }
                Err(error) => {
                    tracing::debug!(
                        operation,
                        method = %method,
                        attempt,
                        error = %error,
                        "GitGuardian API request failed"
                    );
                    RetryCause::from_transport(error).map(|cause| (cause, None, None, None))
                }
            };

            let next = match (failure, spare) {
                (Some((cause, status, after, request_id)), Some(next))
                    if self.policy.allows(&cause, &method) =>
                {
                    let wait = self.policy.wait_before(attempt, after);
                    if waited.saturating_add(wait) > self.policy.get_max_total_wait() {
                        tracing::debug!(
                            operation,
                            attempt,
                            wait_ms = duration_ms(wait),
                            "not retrying: the total wait would exceed the retry policy's limit"
                        );
                        None
                    } else {
                        Some((
                            next,
                            RetryEvent {
                                operation,
                                method: method.clone(),
                                attempt,
                                max_attempts,
                                wait,
                                cause,
                                status,
                                retry_after: after,
                                request_id,
                            },
                        ))
                    }
                }
                _ => None,
            };

            match next {
                Some((next, event)) => {
                    tracing::info!(
                        operation,
                        method = %method,
                        attempt,
                        max_attempts,
                        wait_ms = duration_ms(event.wait),
                        cause = %event.cause,
                        status = event.status.map(|s| s.as_u16()),
                        request_id = event.request_id.as_deref(),
                        "retrying GitGuardian API request in {}",
                        DisplayDuration(event.wait)
                    );
                    if let Some(hook) = &self.on_retry {
                        hook(&event);
                    }
                    // Let the failed answer go before waiting, freeing its connection.
                    drop(result);
                    if !event.wait.is_zero() {
                        tokio::time::sleep(event.wait).await;
                    }
                    waited = waited.saturating_add(event.wait);
                    pending = next;
                    attempt += 1;
                }
                None => {
                    if let Ok(response) = &result {
                        crate::paginate::announce(response.status(), response.headers());
                    }
                    CallSlot::record(CallRecord {
                        operation,
                        attempts: attempt,
                        response: result
                            .as_ref()
                            .ok()
                            .map(|r| (r.status(), r.headers().clone())),
                    });
                    return result;
                }
            }
        }
    }
}

/// The `X-Request-ID` of a response, if present and printable.
pub(crate) fn request_id(headers: &HeaderMap) -> Option<String> {
    headers
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

fn duration_ms(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}
