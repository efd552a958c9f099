//! The mapping from the generated client's errors to [`Error`], with the executor's record of
//! the final answer and some sniffing of bodies the generated code could not decode.

use std::collections::BTreeMap;

use gitguardian_openapi::types;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde::de::{DeserializeOwned, IgnoredAny};
use serde_json::Value;

use super::{Error, ResponseInfo};
use crate::call::classify::{classify, transport_kind, Answer, Class};
use crate::call::headers::{content_type, request_id, retry_after};
use crate::call::record::CallRecord;

/// The longest body excerpt kept in an error.
const EXCERPT_CHARS: usize = 160;

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
                match undocumented_success::<T>(&bytes) {
                    Ok(value) => Mapped::Value(value, status, headers),
                    Err(e) => Mapped::Error(decode_failure::<T>(info, &headers, &bytes, &e)),
                }
            } else {
                Mapped::Error(from_error_body(info, &headers, &bytes))
            }
        }
    }
}

/// The body of a success status the spec does not list (say 201 for 200): accepted when it
/// decodes, with `null` standing for an empty one.
pub(super) fn undocumented_success<T: DeserializeOwned>(bytes: &[u8]) -> serde_json::Result<T> {
    let body: &[u8] = if bytes.iter().all(u8::is_ascii_whitespace) {
        b"null"
    } else {
        bytes
    };
    serde_json::from_slice::<T>(body)
}

/// Maps a transport failure.
fn transport(error: reqwest::Error, operation: &'static str, attempts: u32) -> Error {
    match transport_kind(&error) {
        None => Error::InvalidInput(format!("the request could not be built ({error})")),
        Some(kind) => Error::Transport {
            operation,
            kind,
            attempts,
            source: Box::new(error),
        },
    }
}

/// Maps an error status and its (possibly absent) detail to the variant of its class.
fn from_status(
    response: ResponseInfo,
    headers: &HeaderMap,
    detail: Option<String>,
    extra: BTreeMap<String, Vec<String>>,
) -> Error {
    let status = response.status;
    let answer = Answer {
        status,
        headers,
        detail: detail.as_deref(),
    };
    let (class, _) = classify(&answer);
    let detail_or_reason = |detail: Option<String>| {
        detail.unwrap_or_else(|| status.canonical_reason().unwrap_or("no detail").to_string())
    };
    match class {
        Class::Validation => Error::Validation {
            detail: detail_or_reason(detail),
            extra,
            response,
        },
        Class::Unauthorized => Error::Unauthorized {
            detail: detail_or_reason(detail),
            response,
        },
        Class::QuotaExceeded => Error::QuotaExceeded {
            detail: detail_or_reason(detail),
            response,
        },
        Class::Forbidden => Error::Forbidden {
            detail: detail_or_reason(detail),
            response,
        },
        Class::NotFound => Error::NotFound {
            detail: detail_or_reason(detail),
            response,
        },
        Class::Conflict => Error::Conflict {
            detail: detail_or_reason(detail),
            response,
        },
        Class::RateLimited => Error::RateLimited {
            retry_after: retry_after(headers),
            detail,
            response,
        },
        Class::Maintenance => Error::Maintenance {
            detail: detail_or_reason(detail),
            retry_after: retry_after(headers),
            response,
        },
        Class::Server => Error::Server { detail, response },
        Class::Unexpected => Error::UnexpectedStatus { detail, response },
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
            let bare = Answer {
                status: response.status,
                headers,
                detail: None,
            };
            if classify(&bare).0.survives_foreign_body() {
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
pub(super) fn decode_failure<T: DeserializeOwned>(
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

pub(super) fn looks_like_html(body: &[u8]) -> bool {
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
