//! GitHub's two pagination styles over a sorted list: `before`/`after` cursors (api.github.com)
//! and `page` numbers (Enterprise Server, and every locations listing), both announced in a
//! `Link` header of absolute URLs on the stand-in's origin.

use std::collections::HashMap;
use std::ops::Range;

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::Engine;
use serde_json::Value;

use super::errors::{unprocessable, Refusal};
use crate::page::percent_encode;

/// Items on a page when `per_page` is absent.
const DEFAULT_PER_PAGE: usize = 30;
/// GitHub's largest `per_page`; larger values are served as this.
const MAX_PER_PAGE: usize = 100;

/// Where an item sits in a list's order: its sort time (microseconds), then its repository
/// and number, so no two alerts tie. Cursors carry a key, not an offset: a page after a
/// cursor starts after that alert wherever it now is, even when earlier alerts left the list.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Key {
    pub at: i64,
    pub repository: String,
    pub number: i64,
}

impl Key {
    fn cursor(&self) -> String {
        let text = format!("{}:{}:{}", self.at, self.number, self.repository);
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(text)
    }

    fn from_cursor(cursor: &str) -> Option<Key> {
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(cursor)
            .ok()?;
        let text = String::from_utf8(bytes).ok()?;
        let mut parts = text.splitn(3, ':');
        Some(Key {
            at: parts.next()?.parse().ok()?,
            number: parts.next()?.parse().ok()?,
            repository: parts.next()?.to_string(),
        })
    }
}

/// Which page style a list is cut in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Style {
    Cursor,
    PageNumbers,
}

/// A page of a list: which items, and the `Link` header announcing its neighbours.
pub(crate) struct Page {
    pub range: Range<usize>,
    links: Vec<String>,
}

/// How a request's page is found.
pub(crate) struct Pager<'a> {
    /// The API root, `http://127.0.0.1:<port>` and its prefix if any.
    pub origin: &'a str,
    /// The list's path under the root, e.g. `/orgs/acme/secret-scanning/alerts`.
    pub path: &'a str,
    pub params: &'a HashMap<String, String>,
    /// Most items on a page, whatever `per_page` asks.
    pub cap: usize,
}

impl Pager<'_> {
    /// `per_page`: 30 when absent, at most 100 (and the stand-in's cap); `422` when it is not
    /// a positive integer.
    fn per_page(&self) -> Result<usize, Refusal> {
        let asked = match self.params.get("per_page") {
            None => DEFAULT_PER_PAGE,
            Some(text) => match text.parse::<usize>() {
                Ok(n) if n >= 1 => n,
                _ => {
                    return Err(unprocessable(format!(
                    "per_page must be a positive integer (at most {MAX_PER_PAGE}), not {text:?}."
                )))
                }
            },
        };
        Ok(asked.min(MAX_PER_PAGE).min(self.cap.max(1)))
    }

    /// The page a cursor request asks for, of `len` items in display order whose keys
    /// `key_at` gives; `descending` is the display order of keys.
    pub fn cursor_page(
        &self,
        len: usize,
        key_at: impl Fn(usize) -> Key,
        descending: bool,
    ) -> Result<Page, Refusal> {
        if self.params.contains_key("page") {
            return Err(unprocessable(
                "This list is paged with cursors: follow the `before`/`after` links of the Link header instead of `page`.",
            ));
        }
        let per_page = self.per_page()?;
        let cursor = |name: &str| -> Result<Option<Key>, Refusal> {
            match self.params.get(name) {
                None => Ok(None),
                Some(text) => Key::from_cursor(text)
                    .map(Some)
                    .ok_or_else(|| unprocessable(format!("Invalid `{name}` cursor: {text:?}."))),
            }
        };
        let (before, after) = (cursor("before")?, cursor("after")?);
        // `later(k, c)`: `k` is displayed after `c`.
        let later = |k: &Key, c: &Key| if descending { k < c } else { k > c };
        let range = match (before, after) {
            (Some(_), Some(_)) => {
                return Err(unprocessable(
                    "Only one of `before` and `after` may be given.",
                ))
            }
            (None, Some(after)) => {
                let start = partition(len, |i| !later(&key_at(i), &after));
                start..(start + per_page).min(len)
            }
            (Some(before), None) => {
                let end = partition(len, |i| later(&before, &key_at(i)));
                end.saturating_sub(per_page)..end
            }
            (None, None) => 0..per_page.min(len),
        };
        let mut links = Vec::new();
        if range.start > 0 && range.start < len {
            links.push(self.link("before", &key_at(range.start).cursor(), "prev"));
        }
        if range.end < len && !range.is_empty() {
            links.push(self.link("after", &key_at(range.end - 1).cursor(), "next"));
        }
        Ok(Page { range, links })
    }

    /// The page a page-numbered request asks for, of `len` items; `cursors_refused` answers
    /// `before`/`after` with `422` (they are simply not read otherwise).
    pub fn numbered_page(&self, len: usize, cursors_refused: bool) -> Result<Page, Refusal> {
        if cursors_refused
            && (self.params.contains_key("before") || self.params.contains_key("after"))
        {
            return Err(unprocessable(
                "This list is paged by page number: follow the `page` links of the Link header instead of cursors.",
            ));
        }
        let per_page = self.per_page()?;
        let page = match self.params.get("page") {
            None => 1,
            Some(text) => match text.parse::<usize>() {
                Ok(n) if n >= 1 => n,
                _ => {
                    return Err(unprocessable(format!(
                        "page must be a positive integer, not {text:?}."
                    )))
                }
            },
        };
        let last = len.div_ceil(per_page).max(1);
        let start = (page - 1).saturating_mul(per_page).min(len);
        let range = start..(start + per_page).min(len);
        let mut links = Vec::new();
        if page > 1 {
            links.push(self.link("page", &(page - 1).min(last).to_string(), "prev"));
        }
        if page < last {
            links.push(self.link("page", &(page + 1).to_string(), "next"));
            links.push(self.link("page", &last.to_string(), "last"));
        }
        if page > 1 {
            links.push(self.link("page", "1", "first"));
        }
        Ok(Page { range, links })
    }

    /// `<origin/path?...&name=value>; rel="rel"`, keeping the request's other parameters
    /// (in a stable order) and dropping its position parameters.
    fn link(&self, name: &str, value: &str, rel: &str) -> String {
        let mut others: Vec<_> = self
            .params
            .iter()
            .filter(|(key, _)| !matches!(key.as_str(), "page" | "before" | "after"))
            .collect();
        others.sort();
        let mut query: Vec<String> = others
            .into_iter()
            .map(|(key, value)| format!("{}={}", percent_encode(key), percent_encode(value)))
            .collect();
        query.push(format!("{name}={}", percent_encode(value)));
        format!(
            "<{}{}?{}>; rel=\"{rel}\"",
            self.origin,
            self.path,
            query.join("&")
        )
    }
}

impl Page {
    /// The JSON array of the page's `items`, with its `Link` header.
    pub fn respond(self, items: Vec<Value>) -> Response {
        let mut response = Json(items).into_response();
        if !self.links.is_empty() {
            if let Ok(link) = HeaderValue::from_str(&self.links.join(", ")) {
                response.headers_mut().insert(header::LINK, link);
            }
        }
        response
    }
}

/// The first index in `0..len` where `before_it` stops holding (it must hold on a prefix).
fn partition(len: usize, before_it: impl Fn(usize) -> bool) -> usize {
    let (mut low, mut high) = (0, len);
    while low < high {
        let middle = low + (high - low) / 2;
        if before_it(middle) {
            low = middle + 1;
        } else {
            high = middle;
        }
    }
    low
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_reject_anything_else() {
        let key = Key {
            at: 1_750_000_000_000_000,
            repository: "acme/payments-api".into(),
            number: 12,
        };
        assert_eq!(Key::from_cursor(&key.cursor()), Some(key));
        for bogus in ["", "bogus", "MTI6YQ", "!!"] {
            assert_eq!(Key::from_cursor(bogus), None, "{bogus}");
        }
    }

    #[test]
    fn partition_finds_the_end_of_the_prefix() {
        let values = [1, 3, 5, 7];
        assert_eq!(partition(4, |i| values[i] < 5), 2);
        assert_eq!(partition(4, |_| true), 4);
        assert_eq!(partition(4, |_| false), 0);
        assert_eq!(partition(0, |_| true), 0);
    }
}
