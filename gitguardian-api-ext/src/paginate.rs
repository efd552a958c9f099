//! Every cursor-paginated list as a stream of items (or of pages).
//!
//! One mechanism serves all list operations: the generated builders implement
//! [`Paginated`](gitguardian_openapi::Paginated) (emitted by `cargo xtask regen`), so the request
//! keeps every filter the caller set; only `cursor` and `per_page` change from page to page.
//!
//! The next page is announced by the `Link` header (`<URL>; rel="next"`). Its URL can carry a
//! wrong host (self-hosted instances have been seen to answer `http://localhost/...`), so only
//! the `cursor` value is taken from it and sent to the configured base URL. Each page goes
//! through the client's retry policy: a 429 or 503 mid-stream waits and asks for the same
//! cursor again, so no item is lost or yielded twice.
//!
//! Paging is pipelined (see `pipeline`): page k+1 is asked for as soon as page k's headers
//! are in, while page k's body is read and decoded, at most one page ahead.

pub(crate) mod link;
pub(crate) mod pipeline;

pub(crate) use pipeline::announce;

use crate::{Error, GitGuardian};
use futures::stream::Stream;
use gitguardian_openapi::{Paginated, ResponseValue};
use pipeline::{lock, Lister, Pipeline, Position};
use reqwest::header::HeaderMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

/// Items per page unless the caller says otherwise (the API's maximum).
pub const DEFAULT_PER_PAGE: u64 = 100;

/// One page of a list, with the cursor of the page after it.
#[derive(Clone, Debug)]
pub struct Page<T> {
    /// The page's items, in the server's order.
    pub items: Vec<T>,
    /// The cursor of the next page; `None` on the last page.
    pub next_cursor: Option<String>,
}

/// A stream of pages. Build it with [`GitGuardian::pages`].
///
/// Pages are pipelined: the next page is asked for as soon as the current one's `Link` header
/// is in, while its body is still read and decoded, never more than one page ahead. Pages
/// still come in the server's order, each once; see [`sequential`](Self::sequential) to send
/// one request at a time.
pub struct Pages<'a, T> {
    source: Box<dyn PageSource<T> + 'a>,
    position: Arc<Mutex<Position<String>>>,
}

/// A stream of items, page after page. Build it with [`GitGuardian::paginate`].
///
/// Items come in the server's order, each once. A failure that exhausts the retry policy ends
/// the stream with that error; [`resume_cursor`](Self::resume_cursor) then says where to start
/// again with [`GitGuardian::paginate_from`]. Like [`Pages`], the next page is fetched while
/// the current one is read (at most one page ahead).
pub struct Items<'a, T> {
    pages: Pages<'a, T>,
    /// The items of the page being handed out.
    buffer: std::vec::IntoIter<T>,
    /// Items still wanted, under [`limit`](Self::limit).
    remaining: Option<usize>,
    /// Set after the last item or an error.
    ended: bool,
}

impl<T> Pages<'_, T> {
    /// The cursor of the page not yet received: after an error, the page to ask for again.
    /// `None` before the second page (start over) and after the last one.
    pub fn resume_cursor(&self) -> Option<String> {
        lock(&self.position).cursor.clone()
    }

    /// One request at a time: the next page is asked for only when the stream is polled for
    /// it. For callers that share a tight rate limit with other work.
    ///
    /// ```no_run
    /// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
    /// let pages = client.pages(client.raw().list_members()).sequential();
    /// # drop(pages);
    /// # Ok(())
    /// # }
    /// ```
    pub fn sequential(mut self) -> Self {
        self.source.set_lookahead(false);
        self
    }
}

impl<'a, T: Send + 'a> Items<'a, T> {
    /// After the stream ended with an error, the cursor of the page that failed: resuming
    /// there with [`GitGuardian::paginate_from`] yields exactly the items not yet yielded.
    /// (While items are still flowing it is the cursor of the next page to hand out.)
    ///
    /// ```no_run
    /// use futures::StreamExt;
    ///
    /// # async fn run(client: gitguardian_api_ext::GitGuardian) {
    /// let mut members = client.paginate(client.raw().list_members());
    /// while let Some(item) = members.next().await {
    ///     if let Err(error) = item {
    ///         eprintln!("{error}; resume later from {:?}", members.resume_cursor());
    ///         break;
    ///     }
    /// }
    /// # }
    /// ```
    pub fn resume_cursor(&self) -> Option<String> {
        self.pages.resume_cursor()
    }

    /// At most `n` items, fetching no page beyond the one holding the `n`-th item (pages are
    /// then fetched one at a time). Pair with a `per_page` of at most `n` (as
    /// [`GitGuardian::paginate_limit`] does) to fetch no extra items either.
    ///
    /// ```no_run
    /// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
    /// let first_ten = client.paginate(client.raw().list_teams()).limit(10).collect_all().await?;
    /// assert!(first_ten.len() <= 10);
    /// # Ok(())
    /// # }
    /// ```
    pub fn limit(mut self, n: usize) -> Items<'a, T> {
        self.remaining = Some(self.remaining.map_or(n, |left| left.min(n)));
        self.pages = self.pages.sequential();
        self
    }

    /// One request at a time, as [`Pages::sequential`].
    pub fn sequential(mut self) -> Items<'a, T> {
        self.pages = self.pages.sequential();
        self
    }

    /// Every item, in order, or the first error.
    ///
    /// ```no_run
    /// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
    /// let teams = client.paginate(client.raw().list_teams()).collect_all().await?;
    /// println!("{} teams", teams.len());
    /// # Ok(())
    /// # }
    /// ```
    pub async fn collect_all(self) -> Result<Vec<T>, Error> {
        futures::TryStreamExt::try_collect(self).await
    }
}

impl<T> Stream for Pages<'_, T> {
    type Item = Result<Page<T>, Error>;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.source.poll_page(cx)
    }
}

// Items are moved out of the buffer, never pinned in place.
impl<T> Unpin for Items<'_, T> {}

impl<T> Stream for Items<'_, T> {
    type Item = Result<T, Error>;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if this.ended || this.remaining == Some(0) {
                return Poll::Ready(None);
            }
            if let Some(item) = this.buffer.next() {
                // Let the page fetched ahead progress while this one is handed out.
                this.pages.source.drive(cx);
                if let Some(left) = &mut this.remaining {
                    *left -= 1;
                }
                return Poll::Ready(Some(Ok(item)));
            }
            match this.pages.source.poll_page(cx) {
                Poll::Ready(Some(Ok(page))) => this.buffer = page.items.into_iter(),
                Poll::Ready(Some(Err(error))) => {
                    this.ended = true;
                    return Poll::Ready(Some(Err(error)));
                }
                Poll::Ready(None) => {
                    this.ended = true;
                    return Poll::Ready(None);
                }
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}

impl GitGuardian {
    /// Streams every item of a list operation, 100 per page (the API's maximum, whatever
    /// `per_page` the request set: use [`pages`](Self::pages) to choose the page size),
    /// following `Link` headers until the last page.
    ///
    /// ```no_run
    /// use futures::TryStreamExt;
    /// use gitguardian_api_ext::{types, GitGuardian};
    ///
    /// # async fn run(client: GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
    /// let request = client.raw().list_incidents().status(types::IncidentStatus::Triggered);
    /// let mut incidents = client.paginate(request);
    /// while let Some(incident) = incidents.try_next().await? {
    ///     println!("{} {}", incident.id, incident.detector.name);
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn paginate<'a, B: Paginated<'a>>(&'a self, request: B) -> Items<'a, B::Item> {
        self.paginate_from(request, None)
    }

    /// Like [`paginate`](Self::paginate), starting at `cursor` (from
    /// [`Items::resume_cursor`]).
    ///
    /// ```no_run
    /// # async fn run(client: gitguardian_api_ext::GitGuardian, saved: Option<String>) -> Result<(), gitguardian_api_ext::Error> {
    /// let rest = client
    ///     .paginate_from(client.raw().list_audit_logs(), saved)
    ///     .collect_all()
    ///     .await?;
    /// # drop(rest);
    /// # Ok(())
    /// # }
    /// ```
    pub fn paginate_from<'a, B: Paginated<'a>>(
        &'a self,
        request: B,
        cursor: Option<String>,
    ) -> Items<'a, B::Item> {
        items_of(self.pages_from(request.with_per_page(DEFAULT_PER_PAGE), cursor))
    }

    /// At most `n` items: `per_page` is lowered to `n` (when under 100) so no item beyond the
    /// `n`-th is fetched.
    ///
    /// ```no_run
    /// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
    /// // One request with per_page=5.
    /// let latest = client.paginate_limit(client.raw().list_incidents(), 5).collect_all().await?;
    /// # drop(latest);
    /// # Ok(())
    /// # }
    /// ```
    pub fn paginate_limit<'a, B: Paginated<'a>>(
        &'a self,
        request: B,
        n: usize,
    ) -> Items<'a, B::Item> {
        let per_page = (n as u64).clamp(1, DEFAULT_PER_PAGE);
        items_of(self.pages_from(request.with_per_page(per_page), None)).limit(n)
    }

    /// Streams the pages of a list operation, as sent (the request's own `per_page`, or the
    /// API's default of 20).
    ///
    /// ```no_run
    /// use futures::TryStreamExt;
    ///
    /// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
    /// let mut pages = client.pages(client.raw().list_members().per_page(50));
    /// while let Some(page) = pages.try_next().await? {
    ///     println!("{} members, more: {}", page.items.len(), page.next_cursor.is_some());
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn pages<'a, B: Paginated<'a>>(&'a self, request: B) -> Pages<'a, B::Item> {
        self.pages_from(request, None)
    }

    /// Like [`pages`](Self::pages), starting at `cursor`.
    /// `None` starts at the first page, as [`pages`](Self::pages) does.
    pub fn pages_from<'a, B: Paginated<'a>>(
        &'a self,
        request: B,
        cursor: Option<String>,
    ) -> Pages<'a, B::Item> {
        let position = Arc::new(Mutex::new(Position {
            cursor,
            finished: false,
        }));
        let lister = Request {
            client: self,
            request,
        };
        Pages {
            source: Box::new(Pipeline::new(lister, position.clone())),
            position,
        }
    }
}

/// Hands the items of `pages` out one by one; an error ends the stream after the items before
/// it.
fn items_of<'a, T: Send + 'a>(pages: Pages<'a, T>) -> Items<'a, T> {
    Items {
        pages,
        buffer: Vec::new().into_iter(),
        remaining: None,
        ended: false,
    }
}

/// The `cursor` of the `rel="next"` link of a response, URL-decoded once; `None` when there is
/// no next page (no or empty `Link`, no `next` relation, a next URL without `cursor`).
///
/// Only the cursor is taken: the link's host and path are ignored, since self-hosted
/// instances have been seen to announce a wrong host.
///
/// ```
/// use gitguardian_api_ext::next_cursor;
/// use reqwest::header::{HeaderMap, HeaderValue, LINK};
///
/// let mut headers = HeaderMap::new();
/// headers.insert(
///     LINK,
///     HeaderValue::from_static(
///         r#"<http://localhost/v1/members?cursor=cD0x>; rel="prev", <http://localhost/v1/members?cursor=cD0yMDI0%3D>; rel="next""#,
///     ),
/// );
/// assert_eq!(next_cursor(&headers).as_deref(), Some("cD0yMDI0="));
/// ```
pub fn next_cursor(headers: &reqwest::header::HeaderMap) -> Option<String> {
    link::next_targets(headers).find_map(|url| {
        url.query_pairs()
            .find(|(key, _)| key == "cursor")
            .map(|(_, value)| value.into_owned())
            .filter(|cursor| !cursor.is_empty())
    })
}

impl<'a, T: Send + 'a> Items<'a, T> {
    /// A stream whose first and only item is `error`, for a list whose arguments were refused
    /// before anything was sent (see `workflows::checked`).
    pub(crate) fn refused(error: Error) -> Items<'a, T> {
        items_of(Pages {
            source: Box::new(Refused(Some(error))),
            position: Arc::default(),
        })
    }
}

/// What [`Pages`] and [`Items`] read pages from, with the request type erased.
trait PageSource<T>: Send {
    /// The next page, in order.
    fn poll_page(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Page<T>, Error>>>;
    /// Lets the fetches in flight progress without handing anything out or starting any.
    fn drive(&mut self, cx: &mut Context<'_>);
    /// Turns fetching ahead on or off (off: one request at a time).
    fn set_lookahead(&mut self, on: bool);
}

/// One GitGuardian list request, paged by `cursor` through the client's retry policy.
struct Request<'a, B> {
    client: &'a GitGuardian,
    request: B,
}

type PageFuture<'a, T> =
    Pin<Box<dyn Future<Output = Result<ResponseValue<Vec<T>>, Error>> + Send + 'a>>;

impl<'a, B: Paginated<'a>> Lister for Request<'a, B> {
    type Position = String;
    type Item = B::Item;
    type Error = Error;
    type Answer = ResponseValue<Vec<B::Item>>;
    type Fetch = PageFuture<'a, B::Item>;

    fn name(&self) -> &'static str {
        B::OPERATION_ID
    }

    fn fetch(&mut self, at: Option<&String>) -> Self::Fetch {
        let request = match at {
            Some(cursor) => self.request.clone().with_cursor(cursor.clone()),
            None => self.request.clone(),
        };
        Box::pin(self.client.send_with_headers(request.send_page()))
    }

    fn next(headers: &HeaderMap) -> Option<String> {
        next_cursor(headers)
    }

    fn headers(answer: &Self::Answer) -> &HeaderMap {
        answer.headers()
    }

    fn items(answer: Self::Answer) -> Vec<B::Item> {
        answer.into_inner()
    }
}

impl<'a, B: Paginated<'a>> PageSource<B::Item> for Pipeline<Request<'a, B>> {
    fn poll_page(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Page<B::Item>, Error>>> {
        Pipeline::poll_page(self, cx).map(|page| {
            page.map(|page| {
                page.map(|page| Page {
                    items: page.items,
                    next_cursor: page.next,
                })
            })
        })
    }

    fn drive(&mut self, cx: &mut Context<'_>) {
        Pipeline::drive(self, cx);
    }

    fn set_lookahead(&mut self, on: bool) {
        Pipeline::set_lookahead(self, on);
    }
}

/// The pages of a list refused before anything was sent: its error, then the end.
struct Refused(Option<Error>);

impl<T> PageSource<T> for Refused {
    fn poll_page(&mut self, _: &mut Context<'_>) -> Poll<Option<Result<Page<T>, Error>>> {
        Poll::Ready(self.0.take().map(Err))
    }
    fn drive(&mut self, _: &mut Context<'_>) {}
    fn set_lookahead(&mut self, _: bool) {}
}
