//! What every request goes through, whichever API the stand-in plays: the credential check,
//! the fault rules, and the request log. Each API wraps it in its own middleware for its own
//! headers and counters.

use std::borrow::Cow;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Query, Request};
use axum::http::{header, HeaderMap};
use axum::middleware::Next;
use axum::response::Response;
use serde_json::Value;

use crate::fault::{Dialect, Fault, Rule, HOLD_CAP};
use crate::log::{LoggedRequest, RequestLog};

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
    /// is read until it is logged with its answer.
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
        let response = if authorized {
            let query = parts.uri.query();
            let mut delay = Duration::ZERO;
            for rule in self.rules {
                let Some(checked) = rule.check(&parts.method, parts.uri.path(), query, &bytes)
                else {
                    continue;
                };
                match checked.as_ref() {
                    Fault::Delay(extra) => delay += *extra,
                    Fault::HoldUntil(until) => {
                        self.log.wait(rule.route(), until.clone(), HOLD_CAP).await;
                    }
                    _ if fault.is_none() => fault = Some(checked),
                    _ => {}
                }
            }
            if !delay.is_zero() {
                tokio::time::sleep(delay).await;
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
        ticket.answer(LoggedRequest {
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
            span: (0, 0),
        });
        Passed {
            response,
            authorized,
            fault,
        }
    }
}

/// A request header's value, if sent and readable as text.
fn header_text(headers: &HeaderMap, name: header::HeaderName) -> Option<String> {
    headers
        .get(name)
        .and_then(|value| value.to_str().ok())
        .map(str::to_string)
}
