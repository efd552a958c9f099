//! The messages of [`Error`]: a sentence that says what happened and what to do, never the
//! API key.

use std::error::Error as StdError;
use std::fmt;

use super::{Error, ResponseInfo, TransportKind};
use crate::call::DisplayDuration;

impl fmt::Display for TransportKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TransportKind::Connect => "could not connect",
            TransportKind::Tls => "TLS handshake failed",
            TransportKind::Timeout => "timed out",
            TransportKind::Redirect => "redirect refused",
            TransportKind::Body => "the answer was cut short",
            TransportKind::Other => "network error",
        })
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
            } => {
                write!(
                    f,
                    "{operation}: could not reach the GitGuardian API ({kind}: {}) after {}; ",
                    RootCause(source.as_ref()),
                    Attempts(*attempts)
                )?;
                if *kind == TransportKind::Tls {
                    f.write_str(
                        "if the instance uses a private or corporate CA, set \
                         GITGUARDIAN_CA_BUNDLE to its PEM bundle or pass it to \
                         ClientBuilder::add_root_certificates_pem",
                    )
                } else {
                    f.write_str("check the network, the instance URL and the timeouts")
                }
            }
            Error::GitHub(error) => write!(f, "{error}"),
            Error::GitHubTransport {
                operation,
                kind,
                attempts,
                source,
            } => super::github::fmt_transport(f, operation, *kind, *attempts, source.as_ref()),
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
pub(super) struct RootCause<'a>(pub(super) &'a (dyn StdError + 'static));

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
pub(super) struct Attempts(pub(super) u32);

impl fmt::Display for Attempts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            1 => f.write_str("1 attempt"),
            n => write!(f, "{n} attempts"),
        }
    }
}
