//! Maintainer tasks for the GitGuardian API workspace.
//!
//! The binary (`cargo xtask ...`) only parses arguments; everything it does lives here so that
//! the workspace tests can drive the same code paths (normalization, generation, drift checks)
//! on small specs.

pub mod bench;
pub mod check;
pub mod drift;
pub mod fetch;
pub mod files;
pub mod generate;
pub mod keywords;
pub mod manifest;
pub mod normalize;
pub mod paths;
pub mod provenance;
pub mod spec;
pub mod standalone;
pub mod summary;
pub mod upstream;
