//! Cursor pagination as the API does it: an opaque `cursor`, `per_page` from 1 to 100, and the
//! next and previous pages announced in one `Link` header.

use std::collections::HashMap;
use std::ops::Range;

use axum::body::Body;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::IntoResponse;
use base64::Engine;
use serde_json::Value;

use crate::routes::{detail, invalid, Answer};
use crate::workspace::{json_array, Listed};

/// How pages are cut and announced.
#[derive(Clone, Debug)]
pub(crate) struct Paging {
    /// Most items on a page whatever `per_page` asks (100, the API's maximum, by default).
    pub cap: usize,
    /// The origin written in `Link` URLs, e.g. `http://127.0.0.1:4321`, or a wrong one on
    /// purpose such as `http://localhost/exposed`.
    pub link_origin: String,
}

/// Cursors look like the API's: base64 of `p=<offset>`, whose `=` padding must be
/// URL-encoded in the `Link` header.
pub(crate) fn encode_cursor(offset: usize) -> String {
    base64::engine::general_purpose::STANDARD.encode(format!("p={offset}"))
}

/// The `cursor` of the page that starts at item `offset` of a list, as the stand-in's `Link`
/// headers carry it (not URL-encoded): to assert which pages a client asked for, or to
/// resume at a known one.
///
/// ```
/// assert_eq!(gitguardian_standin::page_cursor(100), "cD0xMDA=");
/// ```
pub fn page_cursor(offset: usize) -> String {
    encode_cursor(offset)
}

/// The offset in a cursor made by [`encode_cursor`]; `None` for anything else.
pub(crate) fn decode_cursor(cursor: &str) -> Option<usize> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(cursor)
        .ok()?;
    std::str::from_utf8(&bytes)
        .ok()?
        .strip_prefix("p=")?
        .parse()
        .ok()
}

/// Encodes everything but unreserved characters, for a query value.
pub(crate) fn percent_encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

impl Paging {
    /// The page of `items` the request's `cursor` and `per_page` ask for, with `Link` and
    /// `X-Per-Page`; `path` is the list's path under `/v1`, for the `Link` URLs.
    pub fn page(&self, items: Vec<Value>, params: &HashMap<String, String>, path: &str) -> Answer {
        self.answer(items.len(), params, path, |page| {
            // Writing a `Value` into memory cannot fail (its keys are strings).
            serde_json::to_vec(&items[page]).unwrap_or_default()
        })
    }

    /// Like [`page`](Self::page), for the large lists: only the records on the page are
    /// looked at (`view` picks what each sends), and each record's JSON is reused from the
    /// last time it was sent while it is unchanged (see [`Listed`]). A page of a list of
    /// 10,000 records costs one page of copying, not the whole list's rendering.
    pub fn page_of<T, V: Listed>(
        &self,
        items: &[T],
        view: impl Fn(&T) -> V,
        params: &HashMap<String, String>,
        path: &str,
    ) -> Answer {
        self.answer(items.len(), params, path, |page| {
            json_array(items[page].iter().map(view))
        })
    }

    /// Cuts a list of `len` items into the page asked for; `body` writes that page's JSON.
    fn answer(
        &self,
        len: usize,
        params: &HashMap<String, String>,
        path: &str,
        body: impl FnOnce(Range<usize>) -> Vec<u8>,
    ) -> Answer {
        let per_page = match params.get("per_page").map(|n| n.parse::<usize>()) {
            None => 20,
            Some(Ok(n)) if (1..=100).contains(&n) => n,
            Some(_) => {
                return Err(invalid(
                    "per_page",
                    "Ensure this value is between 1 and 100.",
                ))
            }
        }
        .min(self.cap.max(1));
        let offset = match params.get("cursor") {
            None => 0,
            Some(cursor) => match decode_cursor(cursor) {
                Some(offset) => offset,
                None => return Err(detail(StatusCode::BAD_REQUEST, "Invalid cursor.")),
            },
        };
        let end = (offset + per_page).min(len);
        // A cursor past the end gives an empty page.
        let body = body(offset.min(end)..end);

        let link_to = |offset: usize, rel: &str| {
            let mut query = format!("cursor={}", percent_encode(&encode_cursor(offset)));
            let mut others: Vec<_> = params.iter().filter(|(k, _)| *k != "cursor").collect();
            others.sort();
            for (key, value) in others {
                query.push_str(&format!(
                    "&{}={}",
                    percent_encode(key),
                    percent_encode(value)
                ));
            }
            format!("<{}/v1/{path}?{query}>; rel=\"{rel}\"", self.link_origin)
        };
        let mut links = Vec::new();
        if offset > 0 {
            links.push(link_to(offset.saturating_sub(per_page), "prev"));
        }
        if end < len {
            links.push(link_to(end, "next"));
        }
        let mut response = Body::from(body).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        headers.insert("x-per-page", HeaderValue::from(per_page));
        if let Ok(link) = HeaderValue::from_str(&links.join(", ")) {
            if !links.is_empty() {
                headers.insert(header::LINK, link);
            }
        }
        Ok(response)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_reject_anything_else() {
        assert_eq!(encode_cursor(10), "cD0xMA==");
        for offset in [0, 1, 99, 12_345] {
            assert_eq!(decode_cursor(&encode_cursor(offset)), Some(offset));
        }
        for bogus in ["", "bogus", "cD0=", "eD0x"] {
            assert_eq!(decode_cursor(bogus), None, "{bogus}");
        }
        assert_eq!(percent_encode("cD0xMA=="), "cD0xMA%3D%3D");
    }
}
