//! A stream of pages for any GitHub list, following the `Link` header, pipelined like
//! GitGuardian's lists (the same machinery: `crate::paginate::pipeline`).

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use futures::Stream;
use github_secret_scanning::{builder, ResponseValue};
use reqwest::header::HeaderMap;

use super::link::{next_page, NextPage};
use crate::paginate::pipeline::{Lister, Pipeline, Position};

/// One page of a GitHub list, with where the list continues.
#[derive(Clone, Debug)]
pub struct GitHubPage<T> {
    /// The items of this page, in the server's order.
    pub items: Vec<T>,
    /// The resume point: pass it to [`pages`] to continue after this page later. `None` on
    /// the last page (and when a server announces the page it just sent as the next one,
    /// where following it would loop).
    pub next: Option<NextPage>,
}

/// Streams the pages of a list, starting at `start` (`None` for the first page, or the
/// [`GitHubPage::next`] of an earlier run to resume). `fetch` sends one page's request with
/// the given position set (`after` or `page`); each answer's `Link` header says where the
/// next one is. The stream ends after the last page, or at the first error (which it yields).
///
/// Paging is pipelined: when `fetch` sends its request through a [`GitHub`](super::GitHub)
/// client, the request for page k+1 leaves as soon as page k's `Link` header is in, while
/// page k's body is still read and decoded, never more than one page ahead. `fetch` may
/// therefore be called for the next page before the current page is yielded. Pages still
/// come in the server's order, each once; after an error, the page fetched ahead is dropped
/// unseen, so the last yielded page's [`next`](GitHubPage::next) resumes exactly at the page
/// that failed. (Through another transport, pages are fetched one after the other.)
///
/// ```no_run
/// # async fn run(github: gitguardian_api_ext::github::GitHub) -> Result<(), Box<dyn std::error::Error>> {
/// use futures::TryStreamExt;
/// use gitguardian_api_ext::github::{pages, AtPage};
/// let mut stream = pages(None, |next| {
///     let request = github.raw().list_organization_alerts().org("octo-org").per_page(100);
///     request.at_page(next).send()
/// });
/// while let Some(page) = stream.try_next().await? {
///     println!("{} alerts; resume with {:?}", page.items.len(), page.next);
/// }
/// # Ok(()) }
/// ```
pub fn pages<T, E, F, Fut>(
    start: Option<NextPage>,
    fetch: F,
) -> impl Stream<Item = Result<GitHubPage<T>, E>> + Unpin
where
    F: FnMut(Option<NextPage>) -> Fut,
    Fut: Future<Output = Result<ResponseValue<Vec<T>>, E>>,
{
    let position = Position {
        cursor: start,
        finished: false,
    };
    Pages(Pipeline::new(Fetcher(fetch), Arc::new(position.into())))
}

/// A generated list request that can be pointed at a page a `Link` header announced: what a
/// [`pages`] closure does with the position it is given.
///
/// The alert listings take either kind of position. The enterprise listing pages by cursor
/// only and the location listing by number only, so they have no blanket answer: their
/// closures say what to do with the other kind.
pub trait AtPage: Sized {
    /// This request for `next`: after a cursor, a page number, or the first page for `None`.
    fn at_page(self, next: Option<NextPage>) -> Self;
}

impl AtPage for builder::ListOrganizationAlerts<'_> {
    fn at_page(self, next: Option<NextPage>) -> Self {
        match next {
            Some(NextPage::After(cursor)) => self.after(cursor),
            Some(NextPage::Page(page)) => self.page(page),
            None => self,
        }
    }
}

impl AtPage for builder::ListRepositoryAlerts<'_> {
    fn at_page(self, next: Option<NextPage>) -> Self {
        match next {
            Some(NextPage::After(cursor)) => self.after(cursor),
            Some(NextPage::Page(page)) => self.page(page),
            None => self,
        }
    }
}

/// A caller's closure sending one page's request.
struct Fetcher<F>(F);

impl<T, E, F, Fut> Lister for Fetcher<F>
where
    F: FnMut(Option<NextPage>) -> Fut,
    Fut: Future<Output = Result<ResponseValue<Vec<T>>, E>>,
{
    type Position = NextPage;
    type Item = T;
    type Error = E;
    type Answer = ResponseValue<Vec<T>>;
    type Fetch = Fut;

    fn name(&self) -> &'static str {
        "github list"
    }

    fn fetch(&mut self, at: Option<&NextPage>) -> Fut {
        (self.0)(at.cloned())
    }

    fn next(headers: &HeaderMap) -> Option<NextPage> {
        next_page(headers)
    }

    fn headers(answer: &Self::Answer) -> &HeaderMap {
        answer.headers()
    }

    fn items(answer: Self::Answer) -> Vec<T> {
        answer.into_inner()
    }
}

/// The stream [`pages`] returns.
struct Pages<L: Lister>(Pipeline<L>);

impl<L: Lister<Position = NextPage>> Stream for Pages<L> {
    type Item = Result<GitHubPage<L::Item>, L::Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.0.poll_page(cx).map(|page| {
            page.map(|page| {
                page.map(|page| GitHubPage {
                    items: page.items,
                    next: page.next,
                })
            })
        })
    }
}
