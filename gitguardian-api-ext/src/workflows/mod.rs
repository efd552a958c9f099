//! Typed, thin wrappers for the everyday workflows of the API: triaging and remediating
//! secret incidents (internal and public), finding members, teams, honeytokens, the audit log,
//! the quota and the client's own token.
//!
//! Each resource is a small handle borrowed from the client ([`GitGuardian::incidents`],
//! [`GitGuardian::public_incidents`], [`GitGuardian::members`], [`GitGuardian::teams`],
//! [`GitGuardian::honeytokens`]), or a method on the client itself
//! ([`GitGuardian::audit_logs`], [`GitGuardian::quota`], [`GitGuardian::api_token`],
//! [`GitGuardian::health`]). Every method is one operation of the API (its documentation names
//! the method, path and `operationId`) and goes through [`GitGuardian::send`] or
//! [`GitGuardian::paginate`], so retries, typed errors and pagination behave as everywhere
//! else in the crate.
//!
//! What the wrappers add over the generated builders:
//! - arguments in the API's own vocabulary ([`Assignee`], [`ShareOptions`],
//!   [`IncidentFilter`], the spec's enums such as
//!   [`IncidentIgnoreReason`](crate::types::IncidentIgnoreReason)), without builder details;
//! - checks before sending: ids that are not positive, empty or malformed emails, blank or
//!   too long notes (over [`NOTE_MAX_CHARS`]), empty date ranges and the like are an
//!   [`Error::InvalidInput`](crate::Error::InvalidInput) and nothing goes out. For list
//!   methods, which return a stream, that error is the stream's first and only item;
//! - lists as streams of items, 100 per page ([`Items`](crate::Items)).
//!
//! Anything not wrapped here stays one call away through the raw client, with the same
//! configuration:
//!
//! ```no_run
//! use gitguardian_api_ext::{types, workflows::IncidentFilter, GitGuardian};
//!
//! # async fn run(client: GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
//! // Wrapped:
//! let critical = IncidentFilter::new().severity(types::Severity::Critical);
//! let incidents = client.incidents().list(critical).limit(50).collect_all().await?;
//!
//! // Not wrapped: the generated builder, through `send` or `paginate`.
//! let leaks = client
//!     .send(client.raw().retrieve_incidents_leaks().incident_id(incidents[0].id).send())
//!     .await?;
//! # drop(leaks);
//! # Ok(())
//! # }
//! ```
//!
//! # A remediation pass
//!
//! ```no_run
//! use futures::TryStreamExt;
//! use gitguardian_api_ext::{types, workflows::{Assignee, IncidentFilter, ShareOptions}};
//!
//! # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
//! let owner = client
//!     .members()
//!     .find_by_email("dana.lee@example.com")
//!     .await?
//!     .expect("a member of the workspace");
//! let incidents = client.incidents();
//! let triggered = IncidentFilter::new().status(types::IncidentStatus::Triggered);
//! let mut open = incidents.list(triggered);
//! while let Some(incident) = open.try_next().await? {
//!     incidents.assign(incident.id, Assignee::from(&owner)).await?;
//!     let share = incidents.share(incident.id, ShareOptions::new().lifespan_hours(24)).await?;
//!     incidents.add_note(incident.id, "Shared with the committer for feedback.").await?;
//!     # drop(share);
//! }
//! # Ok(())
//! # }
//! ```
//!
//! [`GitGuardian::incidents`]: crate::GitGuardian::incidents
//! [`GitGuardian::public_incidents`]: crate::GitGuardian::public_incidents
//! [`GitGuardian::members`]: crate::GitGuardian::members
//! [`GitGuardian::teams`]: crate::GitGuardian::teams
//! [`GitGuardian::honeytokens`]: crate::GitGuardian::honeytokens
//! [`GitGuardian::audit_logs`]: crate::GitGuardian::audit_logs
//! [`GitGuardian::quota`]: crate::GitGuardian::quota
//! [`GitGuardian::api_token`]: crate::GitGuardian::api_token
//! [`GitGuardian::health`]: crate::GitGuardian::health
//! [`GitGuardian::send`]: crate::GitGuardian::send
//! [`GitGuardian::paginate`]: crate::GitGuardian::paginate

mod account;
mod assignee;
mod audit_logs;
mod checked;
mod honeytokens;
mod incidents;
mod members;
mod public_incidents;
mod share;
mod teams;
mod validate;

pub use assignee::Assignee;
pub use audit_logs::AuditLogFilter;
pub use honeytokens::{HoneytokenContext, HoneytokenFilter, Honeytokens, NewHoneytoken};
pub use incidents::{
    BulkAction, BulkOutcome, IncidentFilter, Incidents, OccurrenceFilter, MAX_INCIDENT_OCCURRENCES,
};
pub use members::Members;
pub use public_incidents::{
    PublicIgnoreReason, PublicIncidentFilter, PublicIncidents, PublicResolveReason,
};
pub use share::ShareOptions;
pub use teams::{NewTeam, Teams};
pub use validate::NOTE_MAX_CHARS;
