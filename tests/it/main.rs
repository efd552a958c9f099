//! One test binary for the whole workspace (faster to link on small machines).

mod api;
mod examples;
mod ext;
mod github;
mod standin;
mod surface;
mod xtask;
