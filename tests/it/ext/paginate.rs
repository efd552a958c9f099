//! Pagination streams (`GitGuardian::paginate` and friends): `Link` parsing, the cursor sent to
//! the configured host with the request's filters, page sizes, limits, retries mid-stream and
//! resuming after a failure, for every cursor-paginated list operation of the spec.

mod every_list;
mod export;
mod limits;
mod link;
mod pipeline;
mod resume;
mod streams;

use gitguardian_standin::{Fault, LoggedRequest, Route, Rule, Until};
use serde_json::{json, Value};

use super::support::member_json;
use crate::api::fixture;

/// The mock-relative path of `list_incidents`.
pub const INCIDENTS: &str = "/v1/incidents/secrets";
/// The mock-relative path of `list_members`.
pub const MEMBERS: &str = "/v1/members";
/// The mock-relative path of `list_audit_logs`.
pub const AUDIT_LOGS: &str = "/v1/audit_logs";

/// A stand-in's log in the order the requests arrived (it is kept in the order answered,
/// which differs when bodies are held).
pub fn by_arrival(mut log: Vec<LoggedRequest>) -> Vec<LoggedRequest> {
    log.sort_by_key(LoggedRequest::arrival);
    log
}

/// The `n`-th request of `route` (from 1): its body is finished only once `arrived` requests
/// of `route` have arrived, e.g. the next page (see [`Fault::HoldBodyUntil`]).
pub fn hold_body(route: Route, n: u64, arrived: u64) -> Rule {
    Rule::new(route)
        .nth(n)
        .answer(Fault::HoldBodyUntil(Until::Arrived(arrived)))
}

/// An incident of `list_incidents` (our fixture's first one) with id `id`.
pub fn incident(id: i64) -> Value {
    with_id(&fixture("list-incidents")[0], id)
}

/// An audit log entry of `list_audit_logs` (our fixture's first one) with id `id`.
pub fn audit_log(id: i64) -> Value {
    with_id(&fixture("list-audit-logs")[0], id)
}

/// Members `ids`, as one page of `list_members`.
pub fn members(ids: impl IntoIterator<Item = i64>) -> Value {
    Value::Array(ids.into_iter().map(member_json).collect())
}

fn with_id(item: &Value, id: i64) -> Value {
    let mut item = item.clone();
    item["id"] = json!(id);
    item
}

/// A `Link` value announcing `cursor` as the next page, on a URL whose host is not the mock's
/// (as self-hosted instances do): the client must take the cursor and ignore the rest.
pub fn next_link(cursor: &str) -> String {
    format!("<http://localhost:1/v1/somewhere/else?cursor={cursor}&per_page=100>; rel=\"next\"")
}

/// What one mocked page answers to, and with what.
pub struct MockPage<'a> {
    /// Request path, e.g. [`MEMBERS`].
    pub path: &'a str,
    /// The `cursor` the request must carry; `None`: it must carry none (the first page).
    pub cursor: Option<&'a str>,
    /// The `per_page` the request must carry.
    pub per_page: &'a str,
    /// Other query parameters the request must carry.
    pub filters: &'a [(&'a str, &'a str)],
    /// The page's items.
    pub body: Value,
    /// The `Link` header of the answer, if any.
    pub link: Option<String>,
}

impl<'a> MockPage<'a> {
    /// A page of `path` at `cursor`, 100 per page, no filters, no `Link`.
    pub fn new(path: &'a str, cursor: Option<&'a str>, body: Value) -> Self {
        MockPage {
            path,
            cursor,
            per_page: "100",
            filters: &[],
            body,
            link: None,
        }
    }

    /// With `link` as its `Link` header.
    pub fn link(mut self, link: impl Into<String>) -> Self {
        self.link = Some(link.into());
        self
    }

    /// Answering only requests with `per_page`.
    pub fn per_page(mut self, per_page: &'a str) -> Self {
        self.per_page = per_page;
        self
    }

    /// Answering only requests with these query parameters.
    pub fn filters(mut self, filters: &'a [(&'a str, &'a str)]) -> Self {
        self.filters = filters;
        self
    }

    /// Installs the page on `server`.
    pub async fn mount(self, server: &httpmock::MockServer) -> httpmock::Mock<'_> {
        server
            .mock_async(|when, then| {
                let mut when = when
                    .method(httpmock::Method::GET)
                    .path(self.path)
                    .query_param("per_page", self.per_page);
                when = match self.cursor {
                    Some(cursor) => when.query_param("cursor", cursor),
                    None => when.query_param_missing("cursor"),
                };
                for (name, value) in self.filters {
                    when = when.query_param(*name, *value);
                }
                let mut then = then.status(200).header("content-type", "application/json");
                if let Some(link) = &self.link {
                    then = then.header("link", link.as_str());
                }
                then.body(self.body.to_string());
            })
            .await
    }
}
