//! GitHub's `Link` header: where the next page is.
//!
//! GitHub pages its lists with RFC 8288 links: `<URL>; rel="next"`. The next URL carries
//! either a cursor (`after=...`, enterprise listings and cursor-paged organization and
//! repository listings) or a page number (`page=N`, GitHub Enterprise Server and location
//! lists). [`next_page`] reads which, so one loop serves both.

use reqwest::header::{HeaderMap, LINK};
use url::Url;

/// Where a list continues: the resume point after a page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NextPage {
    /// Cursor pagination: send it as `after`.
    After(String),
    /// Page-numbered pagination: send it as `page`.
    Page(i64),
}

/// The next page announced by a response's `Link` header; `None` on the last page (or when
/// the header is absent or unreadable).
pub fn next_page(headers: &HeaderMap) -> Option<NextPage> {
    headers
        .get_all(LINK)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find_map(next_in)
}

/// The `rel="next"` target of one `Link` value, as a [`NextPage`].
fn next_in(value: &str) -> Option<NextPage> {
    value.split(',').find_map(|link| {
        let (target, params) = link.trim().strip_prefix('<')?.split_once('>')?;
        let is_next = params.split(';').any(|param| {
            param.trim().strip_prefix("rel=").is_some_and(|rel| {
                rel.trim_matches('"')
                    .split_whitespace()
                    .any(|r| r.eq_ignore_ascii_case("next"))
            })
        });
        if !is_next {
            return None;
        }
        let url = Url::parse(target).ok()?;
        let query: Vec<(String, String)> = url.query_pairs().into_owned().collect();
        let value_of = |name: &str| query.iter().find(|(k, _)| k == name).map(|(_, v)| v);
        if let Some(cursor) = value_of("after").filter(|c| !c.is_empty()) {
            return Some(NextPage::After(cursor.clone()));
        }
        value_of("page")?.parse().ok().map(NextPage::Page)
    })
}
