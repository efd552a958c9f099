//! From an error of a generated client to [`Error`]: one walk over progenitor's error
//! variants for both APIs. What differs per API (its request-id header, how its error bodies
//! read, which transport variant names it) is a [`Dialect`].

use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;

use super::{Error, ResponseInfo};
use crate::call::classify::transport_kind;
use crate::call::record::CallRecord;

/// The outcome of mapping an error of a generated client: a typed error, or (for an answer
/// with an undocumented 2xx status whose body still decodes) a value.
pub(crate) enum Mapped<T> {
    Value(T, StatusCode, HeaderMap),
    Error(Error),
}

/// How one API's answers read, for [`map_error`].
pub(crate) trait Dialect {
    /// The error body type its generated client decodes.
    type Body;

    /// The id the API (or a proxy before it) gave the answer.
    fn request_id(headers: &HeaderMap) -> Option<String>;

    /// A request that got no answer (`kind` and `source` as [`transport_kind`] read them).
    fn transport(
        operation: &'static str,
        kind: super::TransportKind,
        attempts: u32,
        source: reqwest::Error,
    ) -> Error;

    /// An error answer whose body the generated client decoded.
    fn from_error_response(response: ResponseInfo, headers: &HeaderMap, body: Self::Body) -> Error;

    /// An error answer whose body the generated client did not decode.
    fn from_error_body(response: ResponseInfo, headers: &HeaderMap, body: &[u8]) -> Error;

    /// A success answer whose body did not decode into `T`.
    fn decode_failure<T: DeserializeOwned>(
        response: ResponseInfo,
        headers: &HeaderMap,
        body: &[u8],
        error: &serde_json::Error,
    ) -> Error;
}

/// Maps an error of a generated client, using the executor's record of the final answer.
pub(crate) async fn map_error<D: Dialect, T: DeserializeOwned>(
    error: progenitor_client::Error<D::Body>,
    record: Option<CallRecord>,
) -> Mapped<T> {
    use progenitor_client::Error as Gen;

    let operation = record.as_ref().map_or("request", |r| r.operation);
    let attempts = record.as_ref().map_or(1, |r| r.attempts);
    let info = |status: StatusCode, headers: &HeaderMap| ResponseInfo {
        operation,
        status,
        request_id: D::request_id(headers),
        attempts,
    };
    let transport = |e: reqwest::Error| match transport_kind(&e) {
        None => Error::InvalidInput(format!("the request could not be built ({e})")),
        Some(kind) => D::transport(operation, kind, attempts, e),
    };
    match error {
        Gen::InvalidRequest(message) | Gen::Custom(message) => {
            Mapped::Error(Error::InvalidInput(message))
        }
        Gen::CommunicationError(e) | Gen::InvalidUpgrade(e) | Gen::ResponseBodyError(e) => {
            Mapped::Error(transport(e))
        }
        Gen::ErrorResponse(value) => {
            let status = value.status();
            let headers = value.headers().clone();
            let info = info(status, &headers);
            Mapped::Error(D::from_error_response(info, &headers, value.into_inner()))
        }
        Gen::InvalidResponsePayload(bytes, json_error) => {
            let (status, headers) = record
                .and_then(|r| r.response)
                .unwrap_or((StatusCode::OK, HeaderMap::new()));
            let info = info(status, &headers);
            Mapped::Error(if status.is_success() {
                D::decode_failure::<T>(info, &headers, &bytes, &json_error)
            } else {
                D::from_error_body(info, &headers, &bytes)
            })
        }
        Gen::UnexpectedResponse(response) => {
            let status = response.status();
            let headers = response.headers().clone();
            let bytes = match response.bytes().await {
                Ok(bytes) => bytes,
                Err(e) => return Mapped::Error(transport(e)),
            };
            let info = info(status, &headers);
            if !status.is_success() {
                return Mapped::Error(D::from_error_body(info, &headers, &bytes));
            }
            match undocumented_success::<T>(&bytes) {
                Ok(value) => Mapped::Value(value, status, headers),
                Err(e) => Mapped::Error(D::decode_failure::<T>(info, &headers, &bytes, &e)),
            }
        }
    }
}

/// The body of a success status the spec does not list (say 201 for 200): accepted when it
/// decodes, with `null` standing for an empty one.
fn undocumented_success<T: DeserializeOwned>(bytes: &[u8]) -> serde_json::Result<T> {
    let body: &[u8] = if bytes.iter().all(u8::is_ascii_whitespace) {
        b"null"
    } else {
        bytes
    };
    serde_json::from_slice::<T>(body)
}
