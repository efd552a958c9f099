//! The life of one call, from the generated builder's future to this crate's `Result`.
//!
//! This folder answers "where do retries happen":
//! - [`classify`]: what an answer means, as one table from status, headers and detail to a
//!   class, from which both the retry decision and the [`Error`](crate::Error) variant are
//!   derived;
//! - [`headers`]: every response header the client reads;
//! - [`policy`] and [`executor`]: the [`RetryPolicy`] and the loop that applies it to every
//!   request, raw operations included, reporting each [`RetryEvent`];
//! - [`record`]: the final answer's status and headers, kept for the error mapping;
//! - [`send`]: [`GitGuardian::send`](crate::GitGuardian::send) and
//!   [`send_with_headers`](crate::GitGuardian::send_with_headers).
//!
//! Unlike octocrab's tower stack of one middleware per file, the steps run inside
//! progenitor's single `Execute` hook, so they are plain functions called in order from the
//! executor rather than layers: there is one transport and one place to read.

pub(crate) mod classify;
mod event;
pub(crate) mod executor;
pub(crate) mod headers;
mod policy;
pub(crate) mod record;
pub(crate) mod send;

pub(crate) use event::DisplayDuration;
pub use event::{RetryCause, RetryEvent};
pub use headers::parse_retry_after;
pub use policy::RetryPolicy;
