//! What every request goes through, whichever API the stand-in plays: the credential check,
//! the fault rules, and the request log. Each API wraps it in its own middleware for its own
//! headers and counters.

use std::borrow::Cow;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Query, Request};
use axum::http::{header, HeaderMap};
use axum::middleware::Next;
use axum::response::Response;
use serde_json::Value;

use crate::fault::{Dialect, Fault, Route, Rule, Until, HOLD_CAP};
use crate::log::{LoggedRequest, RequestLog, Ticket};

/// Largest request body read: GitGuardian's payload limit plus room for framing.
pub(crate) const MAX_BODY: usize = 27 * 1024 * 1024;

/// The shared part of a stand-in's middleware.
pub(crate) struct Gate<'a> {
    pub rules: &'a [Rule],
    pub log: &'a RequestLog,
    pub keep_bodies: bool,
    /// How injected faults word their error bodies.
    pub dialect: Dialect,
}

/// What became of a request at the gate.
pub(crate) struct Passed<'a> {
    pub response: Response,
    pub authorized: bool,
    /// The injected fault that answered, if one did.
    pub fault: Option<Cow<'a, Fault>>,
}

impl<'a> Gate<'a> {
    /// Refuses the request with `refuse()` unless `authorized` accepts its headers; otherwise
    /// applies the fault rules (holds are waited in turn, delays add up, the first other
    /// fault answers) or hands the request on. The request is in flight from when its body
    /// is read until it is logged with its answer: at once, or when the last part of a held
    /// body ([`Fault::HoldBodyUntil`]) is sent.
    pub async fn pass(
        &self,
        request: Request,
        next: Next,
        authorized: impl FnOnce(&HeaderMap) -> bool,
        refuse: impl FnOnce() -> Response,
    ) -> Passed<'a> {
        let (parts, body) = request.into_parts();
        let bytes = axum::body::to_bytes(body, MAX_BODY)
            .await
            .unwrap_or_default();
        let ticket = self
            .log
            .arrive(&parts.method, parts.uri.path(), parts.uri.query());
        let authorized = authorized(&parts.headers);

        let mut fault = None;
        let mut hold_timed_out = false;
        let mut body_holds = Vec::new();
        let response = if authorized {
            let query = parts.uri.query();
            let mut delay = Duration::ZERO;
            for rule in self.rules {
                let Some(checked) = rule.check(&parts.method, parts.uri.path(), query, &bytes)
                else {
                    continue;
                };
                match checked.as_ref() {
                    Fault::Delay(extra) => delay = delay.saturating_add(*extra),
                    Fault::HoldUntil(until) => {
                        let met = self.log.wait(rule.route(), until.clone(), HOLD_CAP).await;
                        hold_timed_out |= !met;
                    }
                    Fault::HoldBodyUntil(until) => {
                        body_holds.push((rule.route().clone(), until.clone()));
                    }
                    _ if fault.is_none() => fault = Some(checked),
                    _ => {}
                }
            }
            if !delay.is_zero() {
                wait_exactly(delay).await;
            }
            match fault
                .as_ref()
                .and_then(|fault| fault.response(self.dialect))
            {
                Some(answer) => answer,
                None => {
                    next.run(Request::from_parts(
                        parts.clone(),
                        Body::from(bytes.clone()),
                    ))
                    .await
                }
            }
        } else {
            refuse()
        };

        let status = match fault.as_deref() {
            Some(Fault::ConnectionReset) => 0,
            _ => response.status().as_u16(),
        };
        let body = (self.keep_bodies && !bytes.is_empty()).then(|| {
            serde_json::from_slice(&bytes)
                .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()))
        });
        let entry = LoggedRequest {
            method: parts.method.to_string(),
            path: parts.uri.path().to_string(),
            query: parts.uri.query().map(str::to_string),
            params: Query::try_from_uri(&parts.uri)
                .map(|Query(params)| params)
                .unwrap_or_default(),
            host: header_text(&parts.headers, header::HOST),
            user_agent: header_text(&parts.headers, header::USER_AGENT),
            body,
            body_size: bytes.len(),
            status,
            fault: fault.as_deref().map(Fault::name),
            hold_timed_out,
            span: (0, 0),
        };
        let response = if body_holds.is_empty() {
            ticket.answer(entry);
            response
        } else {
            let (head, body) = response.into_parts();
            let bytes = axum::body::to_bytes(body, usize::MAX)
                .await
                .unwrap_or_default();
            let held = held_body(
                bytes,
                self.log.clone(),
                body_holds,
                HOLD_CAP,
                (ticket, entry),
            );
            Response::from_parts(head, Body::from_stream(held))
        };
        Passed {
            response,
            authorized,
            fault,
        }
    }
}

/// `bytes` as a body in two parts: the first half at once, the rest once every hold in
/// `holds` is met (each at most `cap`), when the request is logged as answered. A
/// client that goes away before the end leaves the request out of the log, as any request
/// whose answer it did not wait for.
fn held_body(
    bytes: Bytes,
    log: RequestLog,
    holds: Vec<(Route, Until)>,
    cap: Duration,
    (ticket, mut entry): (Ticket, LoggedRequest),
) -> impl futures::Stream<Item = Result<Bytes, std::io::Error>> + Send + 'static {
    let half = bytes.len() / 2;
    let (first, rest) = (bytes.slice(..half), bytes.slice(half..));
    let finish = async move {
        for (route, until) in holds {
            entry.hold_timed_out |= !log.wait(&route, until, cap).await;
        }
        ticket.answer(entry);
        Ok(rest)
    };
    futures::StreamExt::chain(
        futures::stream::iter([Ok(first)]),
        futures::stream::once(finish),
    )
}

/// A request header's value, if sent and readable as text.
fn header_text(headers: &HeaderMap, name: header::HeaderName) -> Option<String> {
    headers
        .get(name)
        .and_then(|value| value.to_str().ok())
        .map(str::to_string)
}

/// Waits `delay`, give or take a tenth of a millisecond.
///
/// tokio's timer fires on whole milliseconds, rounded up: a 20 ms delay took 21 to 22 ms, and
/// every answer waited for the next tick, which erased any difference under a millisecond
/// between two clients (the bench's pipelining, for one). So the timer covers all but the
/// last [`TIMER_SLACK`], and a blocking thread's sleep, precise to tens of microseconds,
/// covers the rest. That sleep is short, so a runtime that shuts down never waits long for it.
async fn wait_exactly(delay: Duration) {
    let Some(deadline) = tokio::time::Instant::now().checked_add(delay) else {
        // Beyond what the clock can count: as good as never, which tokio's timer can wait.
        return tokio::time::sleep(delay).await;
    };
    tokio::time::sleep_until(deadline - delay.min(TIMER_SLACK)).await;
    let rest = deadline.saturating_duration_since(tokio::time::Instant::now());
    if !rest.is_zero() {
        let _ = tokio::task::spawn_blocking(move || std::thread::sleep(rest)).await;
    }
}

/// How late tokio's timer may fire.
const TIMER_SLACK: Duration = Duration::from_millis(2);

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::Method;
    use futures::StreamExt as _;

    fn members(log: &RequestLog) -> (Ticket, LoggedRequest) {
        let ticket = log.arrive(&Method::GET, "/v1/members", None);
        (ticket, crate::log::tests::entry("GET", "/v1/members"))
    }

    #[tokio::test]
    async fn a_delay_lasts_at_least_as_long_as_asked_below_and_above_the_timer_slack() {
        // Below the slack the timer has no part; above it, the sleep makes up what the
        // timer left. Either part missing would end these waits early.
        for micros in [300, 1_000, 2_000, 2_700, 7_300] {
            let delay = Duration::from_micros(micros);
            let started = std::time::Instant::now();
            wait_exactly(delay).await;
            let waited = started.elapsed();
            assert!(waited >= delay, "{delay:?} asked, {waited:?} waited");
        }
        // A delay past the clock's range waits (it does not overflow the deadline).
        let never = tokio::time::timeout(Duration::from_millis(20), wait_exactly(Duration::MAX));
        assert!(never.await.is_err());
    }

    #[tokio::test]
    async fn a_held_body_sends_its_first_half_and_the_rest_once_the_condition_holds() {
        let log = RequestLog::default();
        let route = Route::get("/v1/members");
        let holds = vec![(route.clone(), Until::Arrived(2))];
        let mut body = Box::pin(held_body(
            Bytes::from_static(b"[1,2,3]"),
            log.clone(),
            holds,
            Duration::from_secs(30),
            members(&log),
        ));
        assert_eq!(body.next().await.unwrap().unwrap(), "[1,");
        assert_eq!(
            log.in_flight(&route).now,
            1,
            "in flight while the body is held"
        );
        let rest = tokio::spawn(async move { body.next().await.unwrap().unwrap() });
        tokio::task::yield_now().await;
        assert!(!rest.is_finished(), "held until a second request arrives");
        assert!(log.entries().is_empty(), "logged only when the body ends");
        let (next, _) = members(&log);
        assert_eq!(rest.await.unwrap(), "2,3]");
        let entries = log.entries();
        assert_eq!(entries.len(), 1);
        assert!(!entries[0].hold_timed_out);
        assert_eq!(log.in_flight(&route), crate::InFlight { now: 1, max: 2 });
        drop(next);
    }

    #[tokio::test]
    async fn a_held_body_that_waits_past_its_cap_ends_and_says_so() {
        let log = RequestLog::default();
        let holds = vec![(Route::get("/v1/members"), Until::Arrived(2))];
        let body = held_body(
            Bytes::from_static(b"[]"),
            log.clone(),
            holds,
            Duration::ZERO,
            members(&log),
        );
        let parts: Vec<Bytes> = body.map(Result::unwrap).collect().await;
        assert_eq!(parts.concat(), b"[]");
        assert!(log.entries()[0].hold_timed_out);
    }
}
