//! A GitGuardian API client that is safe to use by default: regions and self-hosted
//! instances, `Token` authentication that never leaks the key, retries on `429` that honour
//! `Retry-After`, and one typed [`Error`].
//!
//! It wraps the generated client of the `gitguardian-api` crate, whose every operation stays
//! reachable through [`GitGuardian::raw`] with the same configuration (base URL, key, user
//! agent, timeouts and retry policy).
//!
//! # Getting started
//!
//! ```no_run
//! use gitguardian_api_ext::GitGuardian;
//!
//! # async fn run() -> Result<(), gitguardian_api_ext::Error> {
//! // GITGUARDIAN_API_KEY, and optionally GITGUARDIAN_INSTANCE or GITGUARDIAN_API_URL.
//! let client = GitGuardian::from_env()?;
//! println!("{}", client.health().await?.detail);
//!
//! // Any operation of the API, with typed errors:
//! let member = client.send(client.raw().retrieve_member().member_id(42).send()).await?;
//! println!("{}", member.email);
//! # Ok(())
//! # }
//! ```
//!
//! # Regions and instances
//!
//! The US region is the default. [`Region`] also takes the EU region, a self-hosted instance
//! by its dashboard URL, or an explicit API URL; URLs are accepted the way users paste them.
//! Only `https` is accepted, except for loopback hosts.
//!
//! ```
//! use gitguardian_api_ext::{GitGuardian, Region};
//!
//! let client = GitGuardian::builder()
//!     .api_key("my-api-key")
//!     .region(Region::instance("https://gitguardian.example.com/"))
//!     .build()?;
//! assert_eq!(client.endpoint().api_url(), "https://gitguardian.example.com/exposed/v1");
//!
//! let refused = GitGuardian::builder()
//!     .api_key("my-api-key")
//!     .api_url("http://gitguardian.example.com")
//!     .build();
//! assert!(refused.unwrap_err().to_string().contains("https"));
//! # Ok::<(), gitguardian_api_ext::Error>(())
//! ```
//!
//! # Retries
//!
//! One [`RetryPolicy`] applies to every request, raw operations included: `429` always (after
//! `Retry-After`, or with exponential backoff and jitter), `502`/`503`/`504` and connection
//! failures for idempotent methods and scans. A wait the server asked for does not use up
//! `max_attempts`; `max_total_wait` bounds it. Each retry is logged with `tracing` and
//! reported to an optional callback. All of it lives in one place, `call/`: the table that
//! says what an answer means, the policy, and the loop.
//!
//! # Enterprise networks and rate limits
//!
//! A private CA (`GITGUARDIAN_CA_BUNDLE` or [`ClientBuilder::add_root_certificates_pem`]), a
//! proxy ([`ClientBuilder::proxy`], or `HTTPS_PROXY`), one's own `reqwest::Client`
//! ([`ClientBuilder::http_client`]), the per-attempt timeout (`GITGUARDIAN_API_TIMEOUT`) and
//! a client-side budget of requests per minute shared by clones
//! ([`ClientBuilder::requests_per_minute`]) for bulk work such as
//! [`Incidents::bulk`](workflows::Incidents::bulk).
//!
//! ```no_run
//! # fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let client = gitguardian_api_ext::ClientBuilder::from_env()
//!     .add_root_certificates_pem(std::fs::read("/etc/ssl/corp-ca.pem")?)
//!     .proxy("http://proxy.corp.example:3128")
//!     .requests_per_minute(200)
//!     .build()?;
//! # drop(client);
//! # Ok(())
//! # }
//! ```
//!
//! ```
//! use std::time::Duration;
//! use gitguardian_api_ext::{GitGuardian, RetryPolicy};
//!
//! let client = GitGuardian::builder()
//!     .api_key("my-api-key")
//!     .retry_policy(RetryPolicy::standard().max_attempts(4).max_delay(Duration::from_secs(30)))
//!     .on_retry(|event| eprintln!("{event}"))
//!     .build()?;
//! # drop(client);
//! # Ok::<(), gitguardian_api_ext::Error>(())
//! ```
//!
//! # Lists as streams
//!
//! Every cursor-paginated list operation (41 of them) streams its items with
//! [`GitGuardian::paginate`], keeping the request's filters, following `Link` headers by their
//! cursor only, and resuming at the same page after a retried `429` or `503`.
//!
//! ```no_run
//! use futures::TryStreamExt;
//! use gitguardian_api_ext::{types, GitGuardian};
//!
//! # async fn run(client: GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
//! let request = client.raw().list_incidents().severity(types::Severity::Critical);
//! let critical: Vec<_> = client.paginate(request).try_collect().await?;
//! println!("{} critical incidents", critical.len());
//! # Ok(())
//! # }
//! ```
//!
//! # Workflows and scanning
//!
//! [`workflows`] wraps the remediation flow (list, assign, share, resolve or ignore incidents,
//! notes, members, teams, honeytokens, audit logs, quota) in typed calls, and [`scan`] scans
//! many documents or a directory within the instance's limits:
//!
//! ```no_run
//! use gitguardian_api_ext::workflows::{Assignee, IncidentFilter};
//! use gitguardian_api_ext::{types, GitGuardian};
//! use futures::TryStreamExt;
//!
//! # async fn run(client: GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
//! let filter = IncidentFilter::new().status(types::IncidentStatus::Triggered);
//! let mut incidents = client.incidents().list(filter);
//! while let Some(incident) = incidents.try_next().await? {
//!     client.incidents().assign(incident.id, Assignee::Email("sec@example.com".into())).await?;
//! }
//! let results = client.scan(["password = 'hunter2'"]).await?;
//! println!("{} policy breaks", results[0].policy_breaks().len());
//! # Ok(())
//! # }
//! ```
//!
//! # Errors
//!
//! Every failure is an [`Error`] whose `Display` says what to do; variants derived from an
//! answer carry the status and `X-Request-ID` ([`Error::response`]).

#![deny(missing_docs)]

mod auth;
mod call;
mod client;
mod config;
mod error;
mod export;
pub mod github;
mod paginate;
mod region;
pub mod scan;
mod tls;
pub mod workflows;

pub use auth::ApiKey;
pub use call::{parse_retry_after, RetryCause, RetryEvent, RetryPolicy};
pub use client::GitGuardian;
pub use config::{
    ClientBuilder, DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT, ENV_API_KEY, ENV_API_TIMEOUT,
    ENV_API_URL, ENV_CA_BUNDLE, ENV_INSTANCE, ENV_REQUESTS_PER_MINUTE,
};
pub use error::{Error, ResponseInfo, TransportKind};
pub use export::{DateOrder, DateWindowed, Export, EDGE_MARGIN, MAX_CONCURRENCY};
pub use paginate::{next_cursor, Items, Page, Pages, DEFAULT_PER_PAGE};
pub use region::{Endpoint, Region};

/// The generated client crate: its `Client`, operation builders and `Error`.
pub use gitguardian_openapi as raw;
/// The API's request and response types.
pub use gitguardian_openapi::types;
/// A decoded answer with its status and headers, as returned by
/// [`GitGuardian::send_with_headers`].
pub use gitguardian_openapi::ResponseValue;

/// Date and time types used by filters (`DateTime<Utc>`).
pub use chrono;
/// UUIDs, as used by honeytoken and API token ids.
pub use uuid;

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The README's Rust samples, compiled as doctests so that they stay true.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
