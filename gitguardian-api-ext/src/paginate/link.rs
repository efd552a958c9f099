//! The `Link` header (RFC 8288) as both APIs send it: the targets of its `rel="next"` links.
//! Each API then reads where the list continues from the target's query (GitGuardian's
//! `cursor`, GitHub's `after` or `page`).

use reqwest::header::{HeaderMap, LINK};
use url::Url;

/// The `rel="next"` targets of every `Link` header of a response, in order. A relative
/// target is resolved against a placeholder origin: only its query matters.
pub(crate) fn next_targets(headers: &HeaderMap) -> impl Iterator<Item = Url> + '_ {
    headers
        .get_all(LINK)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(link_values)
        .filter_map(next_target)
}

/// Splits a `Link` header into its link-values, on the commas outside `<URL>` and outside
/// quoted parameters: a URL may hold a comma (`status=TRIGGERED,ASSIGNED`).
fn link_values(header: &str) -> Vec<&str> {
    let mut values = Vec::new();
    let (mut start, mut in_url, mut in_quotes) = (0, false, false);
    for (at, c) in header.char_indices() {
        match c {
            '<' if !in_quotes => in_url = true,
            '>' if !in_quotes => in_url = false,
            '"' if !in_url => in_quotes = !in_quotes,
            ',' if !in_url && !in_quotes => {
                values.push(&header[start..at]);
                start = at + 1;
            }
            _ => {}
        }
    }
    values.push(&header[start..]);
    values
}

/// The target of one `<URL>; rel="next"` link value (parameter names and relation types
/// compare case-insensitively, as RFC 8288 says); `None` for any other relation.
fn next_target(link: &str) -> Option<Url> {
    let (target, params) = link.trim().strip_prefix('<')?.split_once('>')?;
    let is_next = params.split(';').any(|param| {
        param.split_once('=').is_some_and(|(name, value)| {
            name.trim().eq_ignore_ascii_case("rel")
                && value
                    .trim()
                    .trim_matches('"')
                    .split_whitespace()
                    .any(|rel| rel.eq_ignore_ascii_case("next"))
        })
    });
    if !is_next {
        return None;
    }
    Url::parse(target)
        .or_else(|_| Url::parse("http://placeholder.invalid/")?.join(target))
        .ok()
}
