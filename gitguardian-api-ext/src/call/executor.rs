//! The retry loop, plugged into the generated client as its executor.
//!
//! The generated client hands each request to [`gitguardian_openapi::Execute`], so the loop
//! applies to raw operations called through [`GitGuardian::raw`](crate::GitGuardian::raw)
//! too. Each answer is classified by the table in [`classify`](super::classify); the
//! [`RetryPolicy`] says whether and how long to wait; the final answer's status and headers
//! are recorded ([`record`](super::record)) before progenitor reads its body.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use gitguardian_openapi::{Execute, OperationInfo};
use governor::DefaultDirectRateLimiter;
use reqwest::header::HeaderMap;
use reqwest::Method;

use super::classify::{classify, transport_kind, transport_retry, Answer, Retry};
use super::event::{DisplayDuration, RetryEvent};
use super::headers::{request_id, retry_after};
use super::policy::RetryPolicy;
use super::record::{CallRecord, CallSlot};

/// The `tracing` target of the loop's events, kept from the crate's first layout so that
/// existing log filters keep working.
const TARGET: &str = "gitguardian_api_ext::execute";

/// Retries after a wait the server asked for do not count toward `max_attempts`; this
/// bounds them anyway (`max_attempts * ASKED_FACTOR` attempts in all), for a server that
/// keeps answering `Retry-After: 0`.
const ASKED_FACTOR: u32 = 10;

/// The callback told about each retry.
pub(crate) type RetryHook = Arc<dyn Fn(&RetryEvent) + Send + Sync>;

/// Sends requests with the retry policy; installed with `gitguardian_openapi::Executor::new`.
/// Clones of a client share it (the generated client holds it in an `Arc`), and with it the
/// rate limiter.
pub(crate) struct RetryExecutor {
    pub(crate) policy: RetryPolicy,
    pub(crate) on_retry: Option<RetryHook>,
    /// The client-side budget of requests per minute; every attempt waits for its turn.
    pub(crate) limiter: Option<Arc<DefaultDirectRateLimiter>>,
    /// Headers to add to each request (key, user agent, defaults) when the transport is the
    /// caller's own `reqwest::Client`, which does not carry them.
    pub(crate) headers: Option<HeaderMap>,
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

/// The same loop for the GitHub secret scanning client, whose generated code has its own
/// copy of the executor seam.
impl github_secret_scanning::Execute for RetryExecutor {
    fn execute<'a>(
        &'a self,
        client: &'a reqwest::Client,
        request: reqwest::Request,
        info: &'a OperationInfo,
    ) -> Pin<Box<dyn Future<Output = reqwest::Result<reqwest::Response>> + Send + 'a>> {
        Box::pin(self.run(client, request, info.operation_id))
    }
}

/// A failed attempt worth another one, with what the answer said about it.
struct Failure {
    retry: Retry,
    status: Option<reqwest::StatusCode>,
    retry_after: Option<Duration>,
    request_id: Option<String>,
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
        if let Some(headers) = &self.headers {
            for (name, value) in headers {
                pending.headers_mut().insert(name.clone(), value.clone());
            }
        }
        // Attempts made, and those that count toward `max_attempts`: a retry after a wait the
        // server asked for (`Retry-After`) is bounded by `max_total_wait` alone.
        let mut attempt: u32 = 1;
        let mut counted: u32 = 1;
        let mut waited = Duration::ZERO;
        loop {
            // Keep a copy for the next attempt; a request whose body is a stream cannot be
            // copied and is sent once.
            let spare = if self.policy.is_enabled() {
                pending.try_clone()
            } else {
                None
            };
            if let Some(limiter) = &self.limiter {
                limiter.until_ready().await;
            }
            let result = client.execute(pending).await;
            let failure = failure(&result, operation, &method, attempt).filter(|f| {
                if f.retry_after.is_some() {
                    attempt < max_attempts.saturating_mul(ASKED_FACTOR)
                } else {
                    counted < max_attempts
                }
            });

            let next = match (failure, spare) {
                (Some(failure), Some(next))
                    if self.policy.allows(failure.retry.repeat, &method, operation) =>
                {
                    let wait = self.policy.wait_before(attempt, failure.retry_after);
                    if waited.saturating_add(wait) > self.policy.get_max_total_wait() {
                        tracing::debug!(
                        target: TARGET,
                                        operation,
                                        attempt,
                                        wait_ms = duration_ms(wait),
                                        "not retrying: the total wait would exceed the retry policy's limit"
                                    );
                        None
                    } else {
                        let event = RetryEvent {
                            operation,
                            method: method.clone(),
                            attempt,
                            max_attempts,
                            wait,
                            cause: failure.retry.cause,
                            status: failure.status,
                            retry_after: failure.retry_after,
                            request_id: failure.request_id,
                        };
                        Some((next, event))
                    }
                }
                _ => None,
            };

            let Some((next, event)) = next else {
                // The final answer: seen here, status and headers, before its body is read.
                let next_page = result.as_ref().is_ok_and(|response| {
                    crate::paginate::announce(response.status(), response.headers())
                });
                CallSlot::record(CallRecord {
                    operation,
                    attempts: attempt,
                    response: result
                        .as_ref()
                        .ok()
                        .map(|r| (r.status(), r.headers().clone())),
                });
                if next_page {
                    // A pipelined listing asks for its next page now, while this one's body
                    // is read and decoded (see `paginate::announce`).
                    tokio::task::yield_now().await;
                }
                return result;
            };
            self.report(&event);
            // Let the failed answer go before waiting, freeing its connection.
            drop(result);
            if !event.wait.is_zero() {
                tokio::time::sleep(event.wait).await;
            }
            waited = waited.saturating_add(event.wait);
            if event.retry_after.is_none() {
                counted += 1;
            }
            pending = next;
            attempt += 1;
        }
    }

    /// Logs a retry and tells the callback.
    fn report(&self, event: &RetryEvent) {
        tracing::info!(
            target: TARGET,
            operation = event.operation,
            method = %event.method,
            attempt = event.attempt,
            max_attempts = event.max_attempts,
            wait_ms = duration_ms(event.wait),
            cause = %event.cause,
            status = event.status.map(|s| s.as_u16()),
            request_id = event.request_id.as_deref(),
            "retrying GitGuardian API request in {}",
            DisplayDuration(event.wait)
        );
        if let Some(hook) = &self.on_retry {
            hook(event);
        }
    }
}

/// What one attempt's result says about retrying, by the classification table.
fn failure(
    result: &reqwest::Result<reqwest::Response>,
    operation: &'static str,
    method: &Method,
    attempt: u32,
) -> Option<Failure> {
    match result {
        Ok(response) => {
            let status = response.status();
            let headers = response.headers();
            tracing::debug!(
            target: TARGET,
                operation,
                method = %method,
                status = status.as_u16(),
                attempt,
                "GitGuardian API answered"
            );
            let answer = Answer {
                status,
                headers,
                detail: None,
            };
            classify(&answer).1.map(|retry| Failure {
                retry,
                status: Some(status),
                retry_after: retry_after(headers),
                request_id: request_id(headers),
            })
        }
        Err(error) => {
            tracing::debug!(
            target: TARGET,
                operation,
                method = %method,
                attempt,
                error = %error,
                "GitGuardian API request failed"
            );
            let retry = transport_retry(transport_kind(error)?)?;
            Some(Failure {
                retry,
                status: None,
                retry_after: None,
                request_id: None,
            })
        }
    }
}

fn duration_ms(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}
