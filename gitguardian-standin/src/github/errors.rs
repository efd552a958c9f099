//! GitHub's error answers: `{"message", "documentation_url", "status"}`, serialized with the
//! generated client's own `Error` type so the shape cannot drift from what clients parse.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use github_secret_scanning::types;

/// Where GitHub points error bodies of the secret scanning routes.
pub(crate) const DOCUMENTATION_URL: &str =
    "https://docs.github.com/rest/secret-scanning/secret-scanning";

/// A request refused with GitHub's error body; handlers return it with `?`.
#[derive(Debug)]
pub(crate) struct Refusal {
    status: StatusCode,
    message: String,
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let body = types::Error {
            code: None,
            documentation_url: Some(DOCUMENTATION_URL.into()),
            message: Some(self.message),
            status: Some(self.status.as_u16().to_string()),
            url: None,
        };
        (self.status, Json(body)).into_response()
    }
}

/// What a handler answers.
pub(crate) type Answer = Result<Response, Refusal>;

/// An error with `status` and `message`.
pub(crate) fn error(status: StatusCode, message: &str) -> Refusal {
    Refusal {
        status,
        message: message.into(),
    }
}

/// `401 Bad credentials`.
pub(crate) fn bad_credentials() -> Refusal {
    error(StatusCode::UNAUTHORIZED, "Bad credentials")
}

/// `404 Not Found`: no such repository, organization, enterprise or alert.
pub(crate) fn not_found() -> Refusal {
    error(StatusCode::NOT_FOUND, "Not Found")
}

/// `404` for a repository whose secret scanning is off.
pub(crate) fn disabled() -> Refusal {
    error(
        StatusCode::NOT_FOUND,
        "Secret scanning is disabled on this repository.",
    )
}

/// `422` for a parameter or body value GitHub does not accept.
pub(crate) fn unprocessable(message: impl Into<String>) -> Refusal {
    Refusal {
        status: StatusCode::UNPROCESSABLE_ENTITY,
        message: message.into(),
    }
}

/// `400` for a body that is not a JSON object.
pub(crate) fn problems_parsing_json() -> Refusal {
    error(StatusCode::BAD_REQUEST, "Problems parsing JSON")
}
