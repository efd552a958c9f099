//! Paging through every member: our item stream, the hand-written loop, the official page
//! stream. Each records which ids it received, so a lost or repeated item is caught.

use futures::StreamExt;
use gitguardian_api_ext::GitGuardian;
use gitguardian_client::api::api::v1::member::ListMembers;
use gitguardian_client::api::models::pagination::Pagination;

/// The id of the first member the stand-in serves; the others follow one by one.
const FIRST_MEMBER_ID: u64 = gitguardian_standin::FIRST_MEMBER_ID.unsigned_abs();

/// How often each id of a run of consecutive ids was received.
#[derive(Clone, Debug)]
pub struct Seen {
    first: u64,
    counts: Vec<u32>,
    received: usize,
    unexpected: usize,
}

impl Seen {
    /// Expects ids `first..first + expected`.
    pub fn new(first: u64, expected: usize) -> Seen {
        Seen {
            first,
            counts: vec![0; expected],
            received: 0,
            unexpected: 0,
        }
    }

    /// Expects the first `expected` members.
    pub fn members(expected: usize) -> Seen {
        Seen::new(FIRST_MEMBER_ID, expected)
    }

    pub fn record(&mut self, id: u64) {
        self.received += 1;
        match id
            .checked_sub(self.first)
            .and_then(|i| self.counts.get_mut(i as usize))
        {
            Some(count) => *count += 1,
            None => self.unexpected += 1,
        }
    }

    /// Items received, repeats included.
    pub fn received(&self) -> usize {
        self.received
    }

    /// Expected items never received.
    pub fn missing(&self) -> usize {
        self.counts.iter().filter(|&&c| c == 0).count()
    }

    /// Items received more than once (each extra copy counts), plus ids never served.
    pub fn extra(&self) -> usize {
        self.counts
            .iter()
            .map(|&c| c.saturating_sub(1) as usize)
            .sum::<usize>()
            + self.unexpected
    }

    /// Every expected item, each once.
    pub fn is_exact(&self) -> bool {
        self.missing() == 0 && self.extra() == 0
    }
}

/// The outcome of one listing.
#[derive(Debug)]
pub struct ListRun {
    pub seen: Seen,
    /// The error that ended the listing early, if any.
    pub error: Option<String>,
    /// Times the listing was resumed from its cursor after an error.
    pub resumes: u32,
}

impl ListRun {
    /// `Ok` when every item came exactly once; else what went wrong.
    pub fn check(&self) -> Result<(), String> {
        if let Some(error) = &self.error {
            return Err(format!(
                "stopped after {} items: {error}",
                self.seen.received()
            ));
        }
        if !self.seen.is_exact() {
            return Err(format!(
                "{} missing, {} extra",
                self.seen.missing(),
                self.seen.extra()
            ));
        }
        Ok(())
    }
}

/// Most times a listing resumes after errors before giving up (bounds the storm loop).
const MAX_RESUMES: u32 = 50;

/// Our client: `client.paginate(client.raw().list_members())`, item by item. With `resume`,
/// a stream that ends in an error (retries exhausted) is restarted from
/// [`resume_cursor`](gitguardian_api_ext::Items::resume_cursor), as the crate documents.
pub async fn ext(client: &GitGuardian, expected: usize, resume: bool) -> ListRun {
    let mut seen = Seen::members(expected);
    let mut cursor = None;
    let mut resumes = 0;
    loop {
        let mut items = client.paginate_from(client.raw().list_members(), cursor.take());
        let mut failure = None;
        while let Some(item) = items.next().await {
            match item {
                Ok(member) => seen.record(member.id as u64),
                Err(error) => {
                    failure = Some(error.to_string());
                    break;
                }
            }
            if seen.received() > expected * 2 {
                failure = Some("far more items than served; stopped".to_owned());
                break;
            }
        }
        match failure {
            None => break,
            Some(error) if !resume || resumes >= MAX_RESUMES => {
                return ListRun {
                    seen,
                    error: Some(error),
                    resumes,
                }
            }
            Some(_) => {
                resumes += 1;
                cursor = items.resume_cursor();
            }
        }
    }
    ListRun {
        seen,
        error: None,
        resumes,
    }
}

/// The limit: the same requests by hand on a bare `reqwest::Client`, decoding pages into the
/// same generated `Member` type, taking the cursor from `Link`.
pub async fn raw(http: &reqwest::Client, api_url: &str, expected: usize) -> ListRun {
    let mut seen = Seen::members(expected);
    let authorization = super::authorization();
    let url = format!("{api_url}/members");
    let mut cursor: Option<String> = None;
    // Bounded: never more pages than the list can have, plus slack.
    for _ in 0..expected / 100 + 10 {
        let mut request = http
            .get(&url)
            .header(reqwest::header::AUTHORIZATION, &authorization)
            .query(&[("per_page", "100")]);
        if let Some(cursor) = &cursor {
            request = request.query(&[("cursor", cursor)]);
        }
        let response = match request.send().await {
            Ok(response) if response.status().is_success() => response,
            Ok(response) => return failed(seen, format!("HTTP {}", response.status())),
            Err(error) => return failed(seen, error.to_string()),
        };
        let next = next_cursor(response.headers());
        match response
            .json::<Vec<gitguardian_openapi::types::Member>>()
            .await
        {
            Ok(page) => page.iter().for_each(|m| seen.record(m.id as u64)),
            Err(error) => return failed(seen, error.to_string()),
        }
        match next {
            Some(next) => cursor = Some(next),
            None => {
                return ListRun {
                    seen,
                    error: None,
                    resumes: 0,
                }
            }
        }
    }
    failed(seen, "more pages than the list can have".to_owned())
}

/// Diagnostic: our generated client page by page (`client.raw().list_members()...send()`),
/// without the item stream or the typed-error layer, but with the same executor (retries).
/// Between [`raw`] and [`ext`], it tells which layer costs what.
pub async fn generated(client: &GitGuardian, expected: usize) -> ListRun {
    let mut seen = Seen::members(expected);
    let per_page = std::num::NonZeroU64::new(100).expect("100 is not zero");
    let mut cursor: Option<String> = None;
    for _ in 0..expected / 100 + 10 {
        let mut request = client.raw().list_members().per_page(per_page);
        if let Some(cursor) = cursor.take() {
            request = request.cursor(cursor);
        }
        let page = match request.send().await {
            Ok(page) => page,
            Err(error) => return failed(seen, error.to_string()),
        };
        let next = gitguardian_api_ext::next_cursor(page.headers());
        page.into_inner()
            .iter()
            .for_each(|m| seen.record(m.id as u64));
        match next {
            Some(next) => cursor = Some(next),
            None => {
                return ListRun {
                    seen,
                    error: None,
                    resumes: 0,
                }
            }
        }
    }
    failed(seen, "more pages than the list can have".to_owned())
}

/// The official client: `client.paginate(ListMembers)` with `per_page` 100, page by page. It
/// has no retry: a `429` ends its stream with an error.
pub async fn official(client: &gitguardian_client::reqwest::Client, expected: usize) -> ListRun {
    let mut seen = Seen::members(expected);
    let call = ListMembers {
        page: Pagination {
            cursor: None,
            per_page: Some(100),
        },
        ..ListMembers::default()
    };
    let mut pages = client.paginate(call);
    let mut count = 0;
    while let Some(page) = pages.next().await {
        match page {
            Ok(page) => page.items.iter().for_each(|m| seen.record(u64::from(m.id))),
            Err(error) => return failed(seen, error.to_string()),
        }
        count += 1;
        if count > expected / 100 + 10 {
            return failed(seen, "more pages than the list can have".to_owned());
        }
    }
    ListRun {
        seen,
        error: None,
        resumes: 0,
    }
}

fn failed(seen: Seen, error: String) -> ListRun {
    ListRun {
        seen,
        error: Some(error),
        resumes: 0,
    }
}

/// The `cursor` of the `rel="next"` URL of `Link`, as a hand-written loop would find it.
fn next_cursor(headers: &reqwest::header::HeaderMap) -> Option<String> {
    let link = headers.get(reqwest::header::LINK)?.to_str().ok()?;
    let next = link.split(',').find(|part| part.contains("rel=\"next\""))?;
    let url = next.split_once('<')?.1.split_once('>')?.0;
    let url = reqwest::Url::parse(url).ok()?;
    let cursor = url
        .query_pairs()
        .find(|(name, _)| name == "cursor")
        .map(|(_, value)| value.into_owned());
    cursor
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seen_counts_missing_and_extra_items() {
        let mut seen = Seen::members(3);
        seen.record(FIRST_MEMBER_ID);
        seen.record(FIRST_MEMBER_ID + 1);
        seen.record(FIRST_MEMBER_ID + 1);
        seen.record(FIRST_MEMBER_ID + 99);
        assert_eq!((seen.missing(), seen.extra(), seen.received()), (1, 2, 4));
        assert!(!seen.is_exact());
    }
}
