//! Secret incidents and everything hanging off them: internal and public incidents, their notes,
//! occurrences and access lists, plus the small catalogues they point to (severity rules,
//! detectors, perimeter developers, code fix requests).
//!
//! One file per area; the helpers in `api` keep each test to "mock, call, assert".

mod catalog;
mod internal;
mod internal_access;
mod notes;
mod occurrences;
mod public;

use super::{at, no_content, nonzero, query, serve, uuid};
