//! Tests of gitguardian-api-ext (helper-owned): configuration and regions, secrets, retries,
//! typed errors, and raw operations through the ext client.

mod config;
mod doc_operations;
mod errors;
pub(crate) mod paginate;
mod production;
mod raw;
mod region;
mod retry;
mod scan;
mod secrets;
pub(crate) mod support;
mod workflows;
