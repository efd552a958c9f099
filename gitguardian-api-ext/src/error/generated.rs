//! How GitGuardian's error answers read ([`GitGuardianAnswers`], the [`Dialect`] that
//! [`map_error`](super::map_error) walks with), and some sniffing of bodies the generated code
//! could not decode.

use std::collections::BTreeMap;

use gitguardian_openapi::types;
use reqwest::header::HeaderMap;
use serde::de::{DeserializeOwned, IgnoredAny};
use serde_json::Value;

use super::map::Dialect;
use super::{Error, ResponseInfo};
use crate::call::classify::{classify, Answer, Class};
use crate::call::headers::{content_type, request_id, retry_after};

/// The longest body excerpt kept in an error.
const EXCERPT_CHARS: usize = 160;

/// GitGuardian's answers: `X-Request-ID`, `{"detail": ...}` bodies (or `error`, with per-field
/// `extra`), classified by the shared table.
pub(crate) struct GitGuardianAnswers;

impl Dialect for GitGuardianAnswers {
    type Body = types::Error;

    fn request_id(headers: &HeaderMap) -> Option<String> {
        request_id(headers)
    }

    fn transport(
        operation: &'static str,
        kind: super::TransportKind,
        attempts: u32,
        source: reqwest::Error,
    ) -> Error {
        Error::Transport {
            operation,
            kind,
            attempts,
            source: Box::new(source),
        }
    }

    fn from_error_response(
        response: ResponseInfo,
        headers: &HeaderMap,
        body: types::Error,
    ) -> Error {
        // `detail` or `error`, and `extra` of any shape: read like an undecoded body.
        let (detail, extra) = match serde_json::to_value(body) {
            Ok(Value::Object(map)) => detail_and_extra(map),
            _ => (None, BTreeMap::new()),
        };
        from_status(response, headers, detail, extra)
    }

    fn from_error_body(response: ResponseInfo, headers: &HeaderMap, body: &[u8]) -> Error {
        from_error_body(response, headers, body)
    }

    fn decode_failure<T: DeserializeOwned>(
        response: ResponseInfo,
        headers: &HeaderMap,
        body: &[u8],
        error: &serde_json::Error,
    ) -> Error {
        decode_failure::<T>(response, headers, body, error)
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
