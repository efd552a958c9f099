//! GitHub's `Link` header: where the next page is.
//!
//! GitHub pages its lists with RFC 8288 links: `<URL>; rel="next"`. The next URL carries
//! either a cursor (`after=...`, enterprise listings and cursor-paged organization and
//! repository listings) or a page number (`page=N`, GitHub Enterprise Server and location
//! lists). [`next_page`] reads which, so one loop serves both. The header is split as
//! GitGuardian's is: a next URL keeps the comma-joined filters it repeats
//! (`resolution=false_positive,wont_fix`).

use reqwest::header::HeaderMap;
use url::Url;

use crate::paginate::link::next_targets;

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
///
/// ```
/// use gitguardian_api_ext::github::{link::next_page, NextPage};
/// use reqwest::header::{HeaderMap, HeaderValue, LINK};
///
/// let mut headers = HeaderMap::new();
/// headers.insert(
///     LINK,
///     HeaderValue::from_static(
///         r#"<https://api.github.com/orgs/o/secret-scanning/alerts?resolution=false_positive,wont_fix&after=Y3Vyc29y>; rel="next""#,
///     ),
/// );
/// assert_eq!(next_page(&headers), Some(NextPage::After("Y3Vyc29y".into())));
/// ```
pub fn next_page(headers: &HeaderMap) -> Option<NextPage> {
    next_targets(headers).find_map(|url| position(&url))
}

/// The `after` cursor or `page` number in a next URL's query.
fn position(url: &Url) -> Option<NextPage> {
    let value_of = |name: &str| {
        url.query_pairs()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value)
    };
    if let Some(cursor) = value_of("after").filter(|cursor| !cursor.is_empty()) {
        return Some(NextPage::After(cursor.into_owned()));
    }
    value_of("page")?.parse().ok().map(NextPage::Page)
}
