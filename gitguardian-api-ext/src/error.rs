//! The crate's error type, and the mapping from the generated client's errors to it.

use std::collections::BTreeMap;
use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

use gitguardian_api::types;
use reqwest::header::{HeaderMap, CONTENT_TYPE};
use reqwest::StatusCode;
use serde::de::{DeserializeOwned, IgnoredAny};
use serde_json::Value;

use crate::execute::{request_id, CallRecord};
use crate::retry::{is_maintenance, retry_after, DisplayDuration};

/// The detail GitGuardian sends with a 403 when the API quota is used up.
const QUOTA_DETAIL: &str = "quota limit reached";
/// The longest body excerpt kept in an error.
const EXCERPT_CHARS: usize = 160;

/// What is known about the answer an error came from.
///
/// ```no_run
/// # async fn run(client: gitguardian_api_ext::GitGuardian) {
/// if let Err(err) = client.member(42).await {
///     if let Some(response) = err.response() {
///         eprintln!("{} answered {} (request id {:?})",
///             response.operation, response.status, response.request_id);
///     }
/// }
/// # }
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ResponseInfo {
    /// The spec `operationId` of the request, e.g. `retrieve_member`.
    pub operation: &'static str,
    /// The HTTP status of the final answer.
    pub status: StatusCode,
    /// The server's `X-Request-ID`, to quote to GitGuardian support.
    pub request_id: Option<String>,
    /// Attempts made, counting the first (more than one when retries happened).
    pub attempts: u32,
}

/// What failed while sending a request, for [`Error::Transport`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportKind {
    /// No connection could be made (refused, DNS failure, TLS handshake failure).
    Connect,
    /// The connect or request timeout elapsed.
    Timeout,
    /// A redirect was refused (too many, or to a URL that is not https).
    Redirect,
    /// The answer's body could not be read to its end.
    Body,
    /// Anything else.
    Other,
}

impl fmt::Display for TransportKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TransportKind::Connect => "could not connect",
            TransportKind::Timeout => "timed out",
            TransportKind::Redirect => "redirect refused",
            TransportKind::Body => "the answer was cut short",
            TransportKind::Other => "network error",
        })
    }
}

/// Everything that can go wrong using the client.
///
/// Variants derived from an answer carry a [`ResponseInfo`] with the status, the operation
/// and the server's `X-Request-ID`. `Display` is a sentence saying what happened and what to
/// do; it never includes the API key.
///
/// ```no_run
/// use gitguardian_api_ext::{Error, GitGuardian};
///
/// # async fn run() -> Result<(), Error> {
/// let client = GitGuardian::from_env()?;
/// match client.member(42).await {
///     Ok(member) => println!("{}", member.email),
///     Err(Error::NotFound { .. }) => println!("no such member"),
///     Err(Error::RateLimited { retry_after, .. }) => println!("slow down: {retry_after:?}"),
///     Err(other) => return Err(other),
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// `401`: the API key is missing, wrong, expired or revoked.
    Unauthorized {
        /// The server's explanation, e.g. `Invalid API key.`.
        detail: String,
        /// The answer.
        response: ResponseInfo,
    },
    /// `403 Quota limit reached.`: the workspace's scan quota is used up.
    QuotaExceeded {
        /// The server's explanation.
        detail: String,
        /// The answer.
        response: ResponseInfo,
    },
    /// `403`: the key lacks the scope or access level for this operation.
    Forbidden {
        /// The server's explanation.
        detail: String,
        /// The answer.
        response: ResponseInfo,
    },
    /// `404`: no such resource (or not visible to this key).
    NotFound {
        /// The server's explanation.
        detail: String,
        /// The answer.
        response: ResponseInfo,
    },
    /// `409`: the request conflicts with the resource's current state.
    Conflict {
        /// The server's explanation.
        detail: String,
        /// The answer.
        response: ResponseInfo,
    },
    /// `400`: the server rejected the request's parameters or body.
    Validation {
        /// The server's explanation.
        detail: String,
        /// Messages per field (`non_field_errors` for the request as a whole).
        extra: BTreeMap<String, Vec<String>>,
        /// The answer.
        response: ResponseInfo,
    },
    /// `429`: still rate limited after the retry policy gave up.
    RateLimited {
        /// How long the server asked to wait (`Retry-After`), if it said.
        retry_after: Option<Duration>,
        /// The server's explanation, if any.
        detail: Option<String>,
        /// The answer.
        response: ResponseInfo,
    },
    /// `503` during scheduled maintenance (`X-Maintenance: true`).
    Maintenance {
        /// The server's explanation.
        detail: String,
        /// How long the server asked to wait, if it said.
        retry_after: Option<Duration>,
        /// The answer.
        response: ResponseInfo,
    },
    /// Another `5xx` answer.
    Server {
        /// The server's explanation, if the body had one.
        detail: Option<String>,
        /// The answer.
        response: ResponseInfo,
    },
    /// A status the operation does not document and that no other variant covers.
    UnexpectedStatus {
        /// The server's explanation, if the body had one.
        detail: Option<String>,
        /// The answer.
        response: ResponseInfo,
    },
    /// The body is not GitGuardian API JSON: typically an HTML page from a wrong instance URL
    /// or a proxy.
    UnexpectedContent {
        /// The answer's `Content-Type`, if any.
        content_type: Option<String>,
        /// The start of the body, for a human to recognise.
        excerpt: String,
        /// The answer.
        response: ResponseInfo,
    },
    /// The body is JSON but does not match the operation's response type.
    Decode {
        /// Where decoding failed, as a JSON path such as `results[0].created_at` (`.` for the
        /// top level).
        path: String,
        /// What was wrong there.
        message: String,
        /// The answer.
        response: ResponseInfo,
    },
    /// No usable answer: connection failure, timeout, interrupted body.
    Transport {
        /// The spec `operationId` of the request, or `request` when unknown.
        operation: &'static str,
        /// What failed.
        kind: TransportKind,
        /// Attempts made, counting the first.
        attempts: u32,
        /// The underlying error.
        #[source]
        source: Box<dyn StdError + Send + Sync>,
    },
    /// The client's configuration is unusable (URL, API key, header, timeout); nothing was sent.
    InvalidConfig(String),
    /// A request could not be built from the given arguments; nothing was sent.
    InvalidInput(String),
}

impl Error {
    /// The answer the error came from, for variants derived from one.
    pub fn response(&self) -> Option<&ResponseInfo> {
        match self {
            Error::Unauthorized { response, .. }
            | Error::QuotaExceeded { response, .. }
            | Error::Forbidden { response, .. }
            | Error::NotFound { response, .. }
            | Error::Conflict { response, .. }
            | Error::Validation { response, .. }
            | Error::RateLimited { response, .. }
            | Error::Maintenance { response, .. }
            | Error::Server { response, .. }
            | Error::UnexpectedStatus { response, .. }
            | Error::UnexpectedContent { response, .. }
            | Error::Decode { response, .. } => Some(response),
            Error::Transport { .. } | Error::InvalidConfig(_) | Error::InvalidInput(_) => None,
        }
    }

    /// The HTTP status of the answer, if there was one.
    pub fn status(&self) -> Option<StatusCode> {
        self.response().map(|r| r.status)
    }

    /// The server's `X-Request-ID`, if it sent one.
    pub fn request_id(&self) -> Option<&str> {
        self.response().and_then(|r| r.request_id.as_deref())
    }

    /// How long the server asked to wait (`Retry-After`), for rate limits and maintenance.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::RateLimited { retry_after, .. } | Error::Maintenance { retry_after, .. } => {
                *retry_after
            }
            _ => None,
        }
    }

    /// The spec `operationId` of the failed request, when known.
    pub fn operation(&self) -> Option<&'static str> {
        match self {
            Error::Transport { operation, .. } => Some(operation),
            _ => self.response().map(|r| r.operation),
        }
    }

    /// Attempts made, counting the first, when a request was sent.
    pub fn attempts(&self) -> Option<u32> {
        match self {
            Error::Transport { attempts, .. } => Some(*attempts),
            _ => self.response().map(|r| r.attempts),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Unauthorized { detail, response } => write!(
                f,
                "{}: the GitGuardian API rejected the API key (HTTP 401: {detail}); check \
                 GITGUARDIAN_API_KEY or the key given to the client, that it belongs to this \
                 instance and that it is neither expired nor revoked{}",
                response.operation,
                Suffix(response)
            ),
            Error::QuotaExceeded { detail, response } => write!(
                f,
                "{}: the workspace's API quota is used up (HTTP 403: {detail}); wait for it to \
                 reset or ask a workspace manager to raise it{}",
                response.operation,
                Suffix(response)
            ),
            Error::Forbidden { detail, response } => write!(
                f,
                "{}: the API key is not allowed to do this (HTTP 403: {detail}); use a token \
                 with the scope and access level this operation needs{}",
                response.operation,
                Suffix(response)
            ),
            Error::NotFound { detail, response } => write!(
                f,
                "{}: not found (HTTP 404: {detail}); check the id, and that the client points \
                 at the instance that holds it{}",
                response.operation,
                Suffix(response)
            ),
            Error::Conflict { detail, response } => write!(
                f,
                "{}: the request conflicts with the current state of the resource (HTTP 409: \
                 {detail}){}",
                response.operation,
                Suffix(response)
            ),
            Error::Validation {
                detail,
                extra,
                response,
            } => {
                write!(
                    f,
                    "{}: the request was rejected as invalid (HTTP 400: {detail})",
                    response.operation
                )?;
                for (field, messages) in extra {
                    write!(f, "; {field}: {}", messages.join(" "))?;
                }
                write!(f, "{}", Suffix(response))
            }
            Error::RateLimited {
                retry_after,
                detail,
                response,
            } => {
                write!(
                    f,
                    "{}: rate limited by the GitGuardian API (HTTP 429",
                    response.operation
                )?;
                if let Some(detail) = detail {
                    write!(f, ": {detail}")?;
                }
                write!(f, ") after {}", Attempts(response.attempts))?;
                match retry_after {
                    Some(wait) => write!(f, "; retry in {}", DisplayDuration(*wait))?,
                    None => f.write_str("; retry later")?,
                }
                write!(f, " or make fewer requests{}", Suffix(response))
            }
            Error::Maintenance {
                detail,
                retry_after,
                response,
            } => {
                write!(
                    f,
                    "{}: the GitGuardian API is under scheduled maintenance (HTTP 503: {detail}); \
                     try again ",
                    response.operation
                )?;
                match retry_after {
                    Some(wait) => write!(f, "in {}", DisplayDuration(*wait))?,
                    None => f.write_str("later")?,
                }
                write!(f, "{}", Suffix(response))
            }
            Error::Server { detail, response } => {
                write!(
                    f,
                    "{}: the GitGuardian API failed (HTTP {}",
                    response.operation,
                    response.status.as_u16()
                )?;
                if let Some(detail) = detail {
                    write!(f, ": {detail}")?;
                }
                write!(
                    f,
                    ") after {}; try again later and quote the request id if it persists{}",
                    Attempts(response.attempts),
                    Suffix(response)
                )
            }
            Error::UnexpectedStatus { detail, response } => {
                write!(
                    f,
                    "{}: unexpected answer from the GitGuardian API (HTTP {}",
                    response.operation,
                    response.status.as_u16()
                )?;
                if let Some(detail) = detail {
                    write!(f, ": {detail}")?;
                }
                write!(f, "){}", Suffix(response))
            }
            Error::UnexpectedContent {
                content_type,
                excerpt,
                response,
            } => {
                write!(
                    f,
                    "{}: the server answered HTTP {} with ",
                    response.operation,
                    response.status.as_u16()
                )?;
                match content_type {
                    Some(ct) => write!(f, "`{ct}` content")?,
                    None => f.write_str("content")?,
                }
                if excerpt.is_empty() {
                    f.write_str(" and an empty body")?;
                } else {
                    write!(f, " starting with {excerpt:?}")?;
                }
                write!(
                    f,
                    ", not GitGuardian API JSON; check the instance or API URL (a self-hosted \
                     API lives under /exposed) and any proxy in between{}",
                    Suffix(response)
                )
            }
            Error::Decode {
                path,
                message,
                response,
            } => write!(
                f,
                "{}: could not decode the answer (HTTP {}) at `{path}`: {message}; the API may \
                 have changed in a way this client does not know yet{}",
                response.operation,
                response.status.as_u16(),
                Suffix(response)
            ),
            Error::Transport {
                operation,
                kind,
                attempts,
                source,
            } => write!(
                f,
                "{operation}: could not reach the GitGuardian API ({kind}: {}) after {}; check \
                 the network, the instance URL and the timeouts",
                RootCause(source.as_ref()),
                Attempts(*attempts)
            ),
            Error::InvalidConfig(message) => {
                write!(f, "invalid GitGuardian client configuration: {message}")
            }
            Error::InvalidInput(message) => {
                write!(
                    f,
                    "invalid GitGuardian API request: {message}; nothing was sent"
                )
            }
        }
    }
}

/// ` (request id X)` when the server sent one.
struct Suffix<'a>(&'a ResponseInfo);

impl fmt::Display for Suffix<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0.request_id {
            Some(id) => write!(f, " (request id {id})"),
            None => Ok(()),
        }
    }
}

/// The innermost error of a chain (`Connection refused` rather than reqwest's generic
/// `error sending request`), which is what a user can act on.
struct RootCause<'a>(&'a (dyn StdError + 'static));

impl fmt::Display for RootCause<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut current = self.0;
        while let Some(next) = current.source() {
            current = next;
        }
        write!(f, "{current}")
    }
}

/// `1 attempt`, `3 attempts`.
struct Attempts(u32);

impl fmt::Display for Attempts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            1 => f.write_str("1 attempt"),
            n => write!(f, "{n} attempts"),
        }
    }
}

/// The outcome of mapping an error of the generated client: a typed error, or (for an answer
/// with an undocumented 2xx status whose body still decodes) a value.
pub(crate) enum Mapped<T> {
    Value(T, StatusCode, HeaderMap),
    Error(Error),
}

/// Maps an error of the generated client, using the executor's record of the final answer.
pub(crate) async fn map_generated<T: DeserializeOwned>(
    error: progenitor_client::Error<types::Error>,
    record: Option<CallRecord>,
) -> Mapped<T> {
    use progenitor_client::Error as Gen;

    let operation = record.as_ref().map_or("request", |r| r.operation);
    let attempts = record.as_ref().map_or(1, |r| r.attempts);
    let info = |status: StatusCode, headers: &HeaderMap| ResponseInfo {
        operation,
        status,
        request_id: request_id(headers),
        attempts,
    };

    match error {
        Gen::InvalidRequest(message) | Gen::Custom(message) => {
            Mapped::Error(Error::InvalidInput(message))
        }
        Gen::CommunicationError(e) | Gen::InvalidUpgrade(e) | Gen::ResponseBodyError(e) => {
            Mapped::Error(transport(e, operation, attempts))
        }
        Gen::ErrorResponse(value) => {
            let status = value.status();
            let headers = value.headers().clone();
            // `detail` or `error`, and `extra` of any shape: read like an undecoded body.
            let (detail, extra) = match serde_json::to_value(value.into_inner()) {
                Ok(Value::Object(map)) => detail_and_extra(map),
                _ => (None, BTreeMap::new()),
            };
            Mapped::Error(from_status(info(status, &headers), &headers, detail, extra))
        }
        Gen::InvalidResponsePayload(bytes, json_error) => {
            let (status, headers) = record
                .and_then(|r| r.response)
                .unwrap_or((StatusCode::OK, HeaderMap::new()));
            let info = info(status, &headers);
            if status.is_success() {
                Mapped::Error(decode_failure::<T>(info, &headers, &bytes, &json_error))
            } else {
                Mapped::Error(from_error_body(info, &headers, &bytes))
            }
        }
        Gen::UnexpectedResponse(response) => {
            let status = response.status();
            let headers = response.headers().clone();
            let bytes = match response.bytes().await {
                Ok(bytes) => bytes,
                Err(e) => return Mapped::Error(transport(e, operation, attempts)),
            };
            let info = info(status, &headers);
            if status.is_success() {
                // A success status the spec does not list (say 201 for 200): accept the body
                // when it decodes, with `null` standing for an empty one.
                let body: &[u8] = if bytes.iter().all(u8::is_ascii_whitespace) {
                    b"null"
                } else {
                    &bytes
                };
                match serde_json::from_slice::<T>(body) {
                    Ok(value) => Mapped::Value(value, status, headers),
                    Err(e) => Mapped::Error(decode_failure::<T>(info, &headers, &bytes, &e)),
                }
            } else {
                Mapped::Error(from_error_body(info, &headers, &bytes))
            }
        }
    }
}

/// Maps a transport failure.
fn transport(error: reqwest::Error, operation: &'static str, attempts: u32) -> Error {
    if error.is_builder() {
        return Error::InvalidInput(format!("the request could not be built ({error})"));
    }
    let kind = if error.is_timeout() {
        TransportKind::Timeout
    } else if error.is_connect() {
        TransportKind::Connect
    } else if error.is_redirect() {
        TransportKind::Redirect
    } else if error.is_body() || error.is_decode() {
        TransportKind::Body
    } else {
        TransportKind::Other
    };
    Error::Transport {
        operation,
        kind,
        attempts,
        source: Box::new(error),
    }
}

/// Maps an error status and its (possibly absent) detail to a variant.
fn from_status(
    response: ResponseInfo,
    headers: &HeaderMap,
    detail: Option<String>,
    extra: BTreeMap<String, Vec<String>>,
) -> Error {
    let status = response.status;
    let detail_or_reason = |detail: Option<String>| {
        detail.unwrap_or_else(|| status.canonical_reason().unwrap_or("no detail").to_string())
    };
    match status.as_u16() {
        400 => Error::Validation {
            detail: detail_or_reason(detail),
            extra,
            response,
        },
        401 => Error::Unauthorized {
            detail: detail_or_reason(detail),
            response,
        },
        403 if detail
            .as_deref()
            .is_some_and(|d| d.to_ascii_lowercase().contains(QUOTA_DETAIL)) =>
        {
            Error::QuotaExceeded {
                detail: detail_or_reason(detail),
                response,
            }
        }
        403 => Error::Forbidden {
            detail: detail_or_reason(detail),
            response,
        },
        404 => Error::NotFound {
            detail: detail_or_reason(detail),
            response,
        },
        409 => Error::Conflict {
            detail: detail_or_reason(detail),
            response,
        },
        429 => Error::RateLimited {
            retry_after: retry_after(headers),
            detail,
            response,
        },
        503 if is_maintenance(headers)
            || detail
                .as_deref()
                .is_some_and(|d| d.to_ascii_lowercase().contains("maintenance")) =>
        {
            Error::Maintenance {
                detail: detail_or_reason(detail),
                retry_after: retry_after(headers),
                response,
            }
        }
        500..=599 => Error::Server { detail, response },
        _ => Error::UnexpectedStatus { detail, response },
    }
}

/// Maps an error answer whose body the generated code did not decode.
fn from_error_body(response: ResponseInfo, headers: &HeaderMap, body: &[u8]) -> Error {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => {
            let (detail, extra) = detail_and_extra(map);
            from_status(response, headers, detail, extra)
        }
        Ok(other) => from_status(
            response,
            headers,
            Some(excerpt(other.to_string().as_bytes())),
            BTreeMap::new(),
        ),
        Err(_) => {
            let status = response.status.as_u16();
            // Rate limits, auth failures and server errors keep their meaning whatever the
            // body (proxies answer `429:Too many requests` or an HTML error page); any other
            // status with a non-JSON body is most likely not the GitGuardian API at all.
            if matches!(status, 401 | 403 | 429 | 500..=599) {
                let text = excerpt(body);
                let detail = (!text.is_empty() && !looks_like_html(body)).then_some(text);
                from_status(response, headers, detail, BTreeMap::new())
            } else {
                unexpected_content(response, headers, body)
            }
        }
    }
}

/// `detail` (or `error`, `message`) and per-field messages of an error body.
fn detail_and_extra(
    mut map: serde_json::Map<String, Value>,
) -> (Option<String>, BTreeMap<String, Vec<String>>) {
    let detail = ["detail", "error", "message"]
        .iter()
        .find_map(|key| map.remove(*key))
        .map(|value| match value {
            Value::String(s) => s,
            other => other.to_string(),
        });
    let extra_value = match map.remove("extra") {
        Some(Value::Object(extra)) => Some(extra),
        _ if detail.is_none() => Some(map), // a bare `{"field": ["message"]}` body
        _ => None,
    };
    let extra = extra_value
        .into_iter()
        .flatten()
        .map(|(field, value)| (field, messages(value)))
        .collect();
    (detail, extra)
}

/// A field's messages: a string, a list of strings, or anything else printed as JSON.
fn messages(value: Value) -> Vec<String> {
    match value {
        Value::String(s) => vec![s],
        Value::Array(items) => items
            .into_iter()
            .map(|item| match item {
                Value::String(s) => s,
                other => other.to_string(),
            })
            .collect(),
        other => vec![other.to_string()],
    }
}

/// A success answer whose body did not decode into the expected type.
fn decode_failure<T: DeserializeOwned>(
    response: ResponseInfo,
    headers: &HeaderMap,
    body: &[u8],
    original: &serde_json::Error,
) -> Error {
    let is_json = serde_json::from_slice::<IgnoredAny>(body).is_ok();
    let declared_json = content_type(headers).is_some_and(|ct| is_json_media_type(&ct));
    if !is_json && (!declared_json || looks_like_html(body) || body.is_empty()) {
        return unexpected_content(response, headers, body);
    }
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let (path, message) = match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
        Err(e) => (e.path().to_string(), e.inner().to_string()),
        // The generated code failed where a direct decode succeeds: report its error.
        Ok(_) => (".".to_string(), original.to_string()),
    };
    Error::Decode {
        path,
        message,
        response,
    }
}

fn unexpected_content(response: ResponseInfo, headers: &HeaderMap, body: &[u8]) -> Error {
    Error::UnexpectedContent {
        content_type: content_type(headers),
        excerpt: excerpt(body),
        response,
    }
}

fn content_type(headers: &HeaderMap) -> Option<String> {
    headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

/// `application/json`, `application/problem+json` and the like.
fn is_json_media_type(content_type: &str) -> bool {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json")
}

fn looks_like_html(body: &[u8]) -> bool {
    body.iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|b| *b == b'<')
}

/// The start of a body as one line of text, at most [`EXCERPT_CHARS`] characters.
pub(crate) fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let mut out = String::new();
    let mut count = 0;
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
            count += 1;
        }
        for c in word.chars() {
            if count >= EXCERPT_CHARS {
                out.push('…');
                return out;
            }
            out.push(c);
            count += 1;
        }
    }
    out
}
