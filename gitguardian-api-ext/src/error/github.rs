//! GitHub's error answers as [`Error::GitHub`]: what GitHub said (`message`,
//! `documentation_url`), what kind of failure it is, and the answer it came with.
//!
//! GitHub's error body is `{"message": ..., "documentation_url": ..., "status": ...}` (503
//! answers add a `code`), unlike GitGuardian's `{"detail": ...}`; its statuses mean other
//! things too (404 is also "secret scanning is disabled", 422 "the state does not match the
//! resolution"). The retry decision still comes from the shared table in
//! [`classify`](crate::call::classify), so rate limits read the same on both APIs.

use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::display::{Attempts, RootCause};
use super::generated::{decode_failure, excerpt, looks_like_html};
use super::map::Dialect;
use super::{Error, ResponseInfo};
use crate::call::classify::{classify, Answer, Class};
use crate::call::headers::{content_type, request_id, retry_after};
use crate::call::DisplayDuration;

/// What kind of failure a GitHub error answer is, decided from its status (and, for `403`,
/// its rate-limit headers).
///
/// ```
/// use gitguardian_api_ext::github::GitHubErrorKind;
/// assert!(GitHubErrorKind::RateLimited.is_transient());
/// assert!(!GitHubErrorKind::StateMismatch.is_transient());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum GitHubErrorKind {
    /// `400`: the request was malformed, e.g. an invalid resolution comment, or a resolution
    /// that does not change anything.
    BadRequest,
    /// `401`: the token is missing, wrong, expired or revoked.
    Unauthorized,
    /// `403` (not a rate limit): the token may not do this (missing `security_events` or
    /// `repo` scope, or no access to the repository).
    Forbidden,
    /// `404`: the repository, organization, enterprise or alert does not exist or is not
    /// visible to the token, the repository is public, or secret scanning is disabled on it.
    NotFound,
    /// `422`: the state does not match the resolution or resolution comment (e.g. resolving
    /// without a resolution, or a comment when reopening).
    StateMismatch,
    /// `429`, or `403` with `x-ratelimit-remaining: 0` or `Retry-After`: still rate limited
    /// after the retry policy gave up.
    RateLimited,
    /// `503`: the service is unavailable (after the retries the policy allowed).
    Unavailable,
    /// Another `5xx` answer.
    Server,
    /// A status no other kind covers.
    UnexpectedStatus,
    /// The body is not GitHub API JSON (an HTML page from a proxy or a wrong host).
    UnexpectedContent,
}

impl GitHubErrorKind {
    /// Whether trying again later may succeed (rate limits, `503`, other `5xx`).
    pub fn is_transient(self) -> bool {
        matches!(
            self,
            GitHubErrorKind::RateLimited | GitHubErrorKind::Unavailable | GitHubErrorKind::Server
        )
    }

    /// The kind of an answer with this status and headers.
    fn of(status: StatusCode, headers: &HeaderMap) -> GitHubErrorKind {
        match status.as_u16() {
            404 => return GitHubErrorKind::NotFound,
            422 => return GitHubErrorKind::StateMismatch,
            503 => return GitHubErrorKind::Unavailable,
            _ => {}
        }
        let answer = Answer {
            status,
            headers,
            detail: None,
        };
        match classify(&answer).0 {
            Class::Validation => GitHubErrorKind::BadRequest,
            Class::Unauthorized => GitHubErrorKind::Unauthorized,
            Class::QuotaExceeded | Class::Forbidden => GitHubErrorKind::Forbidden,
            Class::RateLimited => GitHubErrorKind::RateLimited,
            Class::Maintenance | Class::Server => GitHubErrorKind::Server,
            Class::NotFound | Class::Conflict | Class::Unexpected => {
                GitHubErrorKind::UnexpectedStatus
            }
        }
    }

    /// What the kind means for the user, for [`GitHubError`]'s `Display`.
    fn sentence(self) -> &'static str {
        match self {
            GitHubErrorKind::BadRequest => "GitHub rejected the request as invalid",
            GitHubErrorKind::Unauthorized => {
                "GitHub rejected the token; check GITHUB_TOKEN or the token given to the \
                 client, and that it is neither expired nor revoked"
            }
            GitHubErrorKind::Forbidden => {
                "the GitHub token may not do this; it needs the `security_events` scope (or \
                 `repo` for private repositories) and access to the repository"
            }
            GitHubErrorKind::NotFound => {
                "not found on GitHub: the repository, organization, enterprise or alert does \
                 not exist or is not visible to the token, or secret scanning is disabled on \
                 it"
            }
            GitHubErrorKind::StateMismatch => {
                "GitHub refused the change: the state does not match the resolution or the \
                 resolution comment"
            }
            GitHubErrorKind::RateLimited => "still rate limited by GitHub",
            GitHubErrorKind::Unavailable => "GitHub's API is unavailable",
            GitHubErrorKind::Server => "GitHub's API failed",
            GitHubErrorKind::UnexpectedStatus => "unexpected answer from GitHub",
            GitHubErrorKind::UnexpectedContent => {
                "the answer is not GitHub API JSON; check the base URL (a GitHub Enterprise \
                 Server API lives under /api/v3) and any proxy in between"
            }
        }
    }
}

/// An error answer of GitHub's API, as [`Error::GitHub`] carries it.
///
/// `message` and `documentation_url` are GitHub's own (`message` falls back to the status'
/// reason, or a body excerpt when the body was not JSON). `Display` says what happened and
/// what to do; it never includes the token.
///
/// ```no_run
/// use gitguardian_api_ext::github::{GitHub, GitHubErrorKind};
/// use gitguardian_api_ext::Error;
///
/// # async fn run(github: GitHub) -> Result<(), Error> {
/// let request = github.raw().list_repository_alerts().owner("octo-org").repo("octo-repo");
/// match github.send(request.send()).await {
///     Ok(alerts) => println!("{} alerts", alerts.len()),
///     Err(Error::GitHub(e)) if e.kind == GitHubErrorKind::NotFound => {
///         println!("secret scanning is off here: {}", e.message);
///     }
///     Err(other) => return Err(other),
/// }
/// # Ok(()) }
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct GitHubError {
    /// What kind of failure it is.
    pub kind: GitHubErrorKind,
    /// GitHub's `message`, e.g. `Secret scanning is disabled on this repository.`.
    pub message: String,
    /// GitHub's `documentation_url`, the page that documents the operation or the error.
    pub documentation_url: Option<String>,
    /// GitHub's machine-readable `code` (sent with `503` answers).
    pub code: Option<String>,
    /// How long GitHub asked to wait (`Retry-After`, or until `x-ratelimit-reset`).
    pub retry_after: Option<Duration>,
    /// The answer (status, operation, `X-GitHub-Request-Id`, attempts).
    pub response: ResponseInfo,
}

impl fmt::Display for GitHubError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let status = self.response.status.as_u16();
        write!(
            f,
            "{}: {} (HTTP {status}: {})",
            self.response.operation,
            self.kind.sentence(),
            self.message
        )?;
        if self.kind.is_transient() {
            write!(f, " after {}", Attempts(self.response.attempts))?;
            match self.retry_after {
                Some(wait) => write!(f, "; retry in {}", DisplayDuration(wait))?,
                None => f.write_str("; retry later")?,
            }
        }
        if let Some(url) = &self.documentation_url {
            write!(f, "; see {url}")?;
        }
        if let Some(id) = &self.response.request_id {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}

impl StdError for GitHubError {}

/// The `Display` of [`Error::GitHubTransport`].
pub(super) fn fmt_transport(
    f: &mut fmt::Formatter<'_>,
    operation: &str,
    kind: super::TransportKind,
    attempts: u32,
    source: &(dyn StdError + 'static),
) -> fmt::Result {
    write!(
        f,
        "{operation}: could not reach the GitHub API ({kind}: {}) after {}; check the network, \
         the base URL (GitHub Enterprise Server: https://HOST/api/v3) and any proxy",
        RootCause(source),
        Attempts(attempts)
    )
}

/// GitHub's answers: `X-GitHub-Request-Id`, `{"message", "documentation_url"}` bodies, all
/// as [`Error::GitHub`].
pub(crate) struct GitHubAnswers;

impl Dialect for GitHubAnswers {
    type Body = github_secret_scanning::types::Error;

    fn request_id(headers: &HeaderMap) -> Option<String> {
        github_request_id(headers)
    }

    fn transport(
        operation: &'static str,
        kind: super::TransportKind,
        attempts: u32,
        source: reqwest::Error,
    ) -> Error {
        Error::GitHubTransport {
            operation,
            kind,
            attempts,
            source: Box::new(source),
        }
    }

    fn from_error_response(response: ResponseInfo, headers: &HeaderMap, body: Self::Body) -> Error {
        from_answer(
            response,
            headers,
            body.message,
            body.documentation_url,
            body.code,
        )
    }

    fn from_error_body(response: ResponseInfo, headers: &HeaderMap, body: &[u8]) -> Error {
        from_body(response, headers, body)
    }

    fn decode_failure<T: DeserializeOwned>(
        response: ResponseInfo,
        headers: &HeaderMap,
        body: &[u8],
        error: &serde_json::Error,
    ) -> Error {
        decode_or_foreign::<T>(response, headers, body, error)
    }
}

/// GitHub's `X-GitHub-Request-Id`, or a proxy's `X-Request-ID`.
fn github_request_id(headers: &HeaderMap) -> Option<String> {
    headers
        .get("x-github-request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .or_else(|| request_id(headers))
}

/// An error answer with what its body said.
fn from_answer(
    response: ResponseInfo,
    headers: &HeaderMap,
    message: Option<String>,
    documentation_url: Option<String>,
    code: Option<String>,
) -> Error {
    let status = response.status;
    let message = message.filter(|m| !m.trim().is_empty()).unwrap_or_else(|| {
        status
            .canonical_reason()
            .unwrap_or("no message")
            .to_string()
    });
    Error::GitHub(Box::new(GitHubError {
        kind: GitHubErrorKind::of(status, headers),
        message,
        documentation_url,
        code,
        retry_after: retry_after(headers),
        response,
    }))
}

/// An error answer whose body the generated code did not decode: JSON of another shape, or
/// not JSON at all (an HTML page from a proxy).
fn from_body(response: ResponseInfo, headers: &HeaderMap, body: &[u8]) -> Error {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(mut map)) => {
            let mut text = |key: &str| match map.remove(key) {
                Some(Value::String(s)) => Some(s),
                Some(Value::Null) | None => None,
                Some(other) => Some(other.to_string()),
            };
            let message = text("message");
            let documentation_url = text("documentation_url");
            let code = text("code");
            from_answer(response, headers, message, documentation_url, code)
        }
        Ok(other) => from_answer(
            response,
            headers,
            Some(excerpt(other.to_string().as_bytes())),
            None,
            None,
        ),
        Err(_) => {
            let kind = GitHubErrorKind::of(response.status, headers);
            // A rate limit, auth failure or server error keeps its meaning whatever the body;
            // any other status with a page that is not JSON is most likely not GitHub's API.
            let keeps_meaning = matches!(
                kind,
                GitHubErrorKind::Unauthorized
                    | GitHubErrorKind::Forbidden
                    | GitHubErrorKind::RateLimited
                    | GitHubErrorKind::Unavailable
                    | GitHubErrorKind::Server
            );
            let text = excerpt(body);
            let message = if text.is_empty() {
                None
            } else if looks_like_html(body) {
                Some(format!("an HTML page starting with {text:?}"))
            } else {
                Some(text)
            };
            match from_answer(response, headers, message, None, None) {
                Error::GitHub(mut e) if !keeps_meaning => {
                    e.kind = GitHubErrorKind::UnexpectedContent;
                    if let Some(ct) = content_type(headers) {
                        e.message = format!("`{ct}` content: {}", e.message);
                    }
                    Error::GitHub(e)
                }
                other => other,
            }
        }
    }
}

/// A success answer whose body did not decode: [`Error::Decode`] for JSON of another shape,
/// [`GitHubErrorKind::UnexpectedContent`] for a body that is not JSON.
fn decode_or_foreign<T: DeserializeOwned>(
    response: ResponseInfo,
    headers: &HeaderMap,
    body: &[u8],
    original: &serde_json::Error,
) -> Error {
    match decode_failure::<T>(response, headers, body, original) {
        Error::UnexpectedContent {
            content_type,
            excerpt,
            response,
        } => Error::GitHub(Box::new(GitHubError {
            kind: GitHubErrorKind::UnexpectedContent,
            message: match content_type {
                Some(ct) => format!("`{ct}` content starting with {excerpt:?}"),
                None => format!("content starting with {excerpt:?}"),
            },
            documentation_url: None,
            code: None,
            retry_after: None,
            response,
        })),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(status: u16) -> ResponseInfo {
        ResponseInfo {
            operation: "update_alert",
            status: StatusCode::from_u16(status).unwrap(),
            request_id: Some("0C1D:2E3F".into()),
            attempts: 1,
        }
    }

    fn github(error: Error) -> GitHubError {
        match error {
            Error::GitHub(e) => *e,
            other => panic!("not a GitHub error: {other:?}"),
        }
    }

    #[test]
    fn the_three_documented_statuses_have_their_kind_message_and_link() {
        let body = br#"{"message":"Secret scanning is disabled on this repository.","documentation_url":"https://docs.github.com/rest/secret-scanning","status":"404"}"#;
        let e = github(from_body(info(404), &HeaderMap::new(), body));
        assert_eq!(e.kind, GitHubErrorKind::NotFound);
        assert_eq!(e.message, "Secret scanning is disabled on this repository.");
        assert_eq!(
            e.documentation_url.as_deref(),
            Some("https://docs.github.com/rest/secret-scanning")
        );
        let text = e.to_string();
        assert!(
            text.starts_with("update_alert: not found on GitHub"),
            "{text}"
        );
        assert!(text.contains("secret scanning is disabled"), "{text}");
        assert!(
            text.contains("(HTTP 404: Secret scanning is disabled"),
            "{text}"
        );
        assert!(text.contains("see https://docs.github.com/rest/secret-scanning"));
        assert!(text.ends_with("(request id 0C1D:2E3F)"), "{text}");

        let body = br#"{"message":"State does not match the resolution","documentation_url":"https://docs.github.com/x"}"#;
        let e = github(from_body(info(422), &HeaderMap::new(), body));
        assert_eq!(e.kind, GitHubErrorKind::StateMismatch);
        assert!(e.to_string().contains("does not match the resolution"));
        assert!(!e.kind.is_transient());

        let body = br#"{"message":"Service unavailable","code":"unavailable"}"#;
        let e = github(from_body(info(503), &HeaderMap::new(), body));
        assert_eq!(e.kind, GitHubErrorKind::Unavailable);
        assert_eq!(e.code.as_deref(), Some("unavailable"));
        assert!(
            e.to_string().contains("after 1 attempt; retry later"),
            "{e}"
        );
    }

    #[test]
    fn a_403_with_an_exhausted_rate_limit_is_a_rate_limit_and_a_plain_403_is_forbidden() {
        let mut headers = HeaderMap::new();
        headers.insert("x-ratelimit-remaining", "0".parse().unwrap());
        headers.insert("retry-after", "7".parse().unwrap());
        let body = br#"{"message":"API rate limit exceeded"}"#;
        let e = github(from_body(info(403), &headers, body));
        assert_eq!(e.kind, GitHubErrorKind::RateLimited);
        assert_eq!(e.retry_after, Some(Duration::from_secs(7)));
        assert!(e.to_string().contains("retry in 7 s"), "{e}");

        let e = github(from_body(info(403), &HeaderMap::new(), body));
        assert_eq!(e.kind, GitHubErrorKind::Forbidden);
        assert!(e.to_string().contains("security_events"), "{e}");
    }

    #[test]
    fn an_html_page_is_foreign_content_unless_its_status_keeps_its_meaning() {
        let page = b"<html><body>Not Found</body></html>";
        let e = github(from_body(info(404), &HeaderMap::new(), page));
        assert_eq!(e.kind, GitHubErrorKind::UnexpectedContent);
        assert!(e.to_string().contains("/api/v3"), "{e}");
        let e = github(from_body(info(502), &HeaderMap::new(), page));
        assert_eq!(e.kind, GitHubErrorKind::Server);
        assert!(e.message.contains("HTML page"), "{}", e.message);
    }

    #[test]
    fn an_empty_message_falls_back_to_the_status_reason() {
        let e = github(from_body(info(422), &HeaderMap::new(), b"{}"));
        assert_eq!(e.message, "Unprocessable Entity");
        assert_eq!(e.documentation_url, None);
    }

    #[tokio::test]
    async fn no_answer_is_a_github_transport_error_that_names_github() {
        // A port nothing listens on (bound, then released).
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .unwrap()
            .port();
        let github = crate::github::GitHub::builder()
            .token("ghp_not_a_real_token_0123456789")
            .base_url(format!("http://127.0.0.1:{port}"))
            .retry_policy(crate::RetryPolicy::standard().max_attempts(1))
            .build()
            .unwrap();
        let request = github
            .raw()
            .get_alert()
            .owner("o")
            .repo("r")
            .alert_number(1);
        let error = github.send(request.send()).await.unwrap_err();
        assert!(
            matches!(
                error,
                Error::GitHubTransport {
                    operation: "get_alert",
                    attempts: 1,
                    ..
                }
            ),
            "{error:?}"
        );
        assert!(error.is_transient());
        let text = error.to_string();
        assert!(
            text.starts_with("get_alert: could not reach the GitHub API"),
            "{text}"
        );
        assert!(!text.contains("ghp_not_a_real_token"), "{text}");
    }

    #[test]
    fn the_github_request_id_is_preferred() {
        let mut headers = HeaderMap::new();
        headers.insert("x-github-request-id", "AB12:34".parse().unwrap());
        headers.insert("x-request-id", "proxy".parse().unwrap());
        assert_eq!(github_request_id(&headers).as_deref(), Some("AB12:34"));
    }
}
