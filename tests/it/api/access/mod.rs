//! Who can do what in the workspace, and the decoys and tags around it: invitations, members,
//! teams with their invitations, memberships, requests and sources, honeytokens with their notes,
//! sources, events and (deprecated) labels, and custom tags.
//!
//! One file per area; the helpers in `api` (and `no_query` below) keep each test to "mock, call,
//! assert".

mod custom_tags;
mod honeytokens;
mod invitations;
mod members;
mod team_links;
mod teams;

use httpmock::When;

use super::{at, no_content, nonzero, query, serve, uuid};

/// Requires no query string at all.
fn no_query(when: When) -> When {
    when.query_param_count(".*", ".*", 0)
}
