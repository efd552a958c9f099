//! A stream of pages for any GitHub list, following the `Link` header.

use std::future::Future;

use futures::Stream;
use github_secret_scanning::ResponseValue;

use super::link::{next_page, NextPage};

/// One page of a GitHub list, with where the list continues.
#[derive(Clone, Debug)]
pub struct GitHubPage<T> {
    /// The items of this page, in the server's order.
    pub items: Vec<T>,
    /// The resume point: pass it to [`pages`] to continue after this page later. `None` on
    /// the last page.
    pub next: Option<NextPage>,
}

/// Streams the pages of a list, starting at `start` (`None` for the first page, or the
/// [`GitHubPage::next`] of an earlier run to resume). `fetch` sends one page's request with
/// the given position set (`after` or `page`); each answer's `Link` header says where the
/// next one is. The stream ends after the last page, or at the first error (which it yields).
///
/// ```no_run
/// # async fn run(github: gitguardian_api_ext::github::GitHub) -> Result<(), Box<dyn std::error::Error>> {
/// use futures::TryStreamExt;
/// use gitguardian_api_ext::github::{pages, NextPage};
/// let mut stream = std::pin::pin!(pages(None, |next| {
///     let request = github.raw().list_organization_alerts().org("octo-org").per_page(100);
///     match next {
///         Some(NextPage::After(cursor)) => request.after(cursor),
///         Some(NextPage::Page(page)) => request.page(page),
///         None => request,
///     }
///     .send()
/// }));
/// while let Some(page) = stream.try_next().await? {
///     println!("{} alerts; resume with {:?}", page.items.len(), page.next);
/// }
/// # Ok(()) }
/// ```
pub fn pages<T, E, F, Fut>(
    start: Option<NextPage>,
    fetch: F,
) -> impl Stream<Item = Result<GitHubPage<T>, E>>
where
    F: FnMut(Option<NextPage>) -> Fut,
    Fut: Future<Output = Result<ResponseValue<Vec<T>>, E>>,
{
    // State: the position to fetch next, or `None` once the list is done.
    futures::stream::try_unfold((Some(start), fetch), |(position, mut fetch)| async move {
        let Some(current) = position else {
            return Ok(None);
        };
        let response = fetch(current.clone()).await?;
        let next = next_page(response.headers());
        // A server that points back at the page just read would loop forever: stop there.
        let following = match &next {
            Some(n) if Some(n) == current.as_ref() => None,
            Some(n) => Some(Some(n.clone())),
            None => None,
        };
        let page = GitHubPage {
            items: response.into_inner(),
            next,
        };
        Ok(Some((page, (following, fetch))))
    })
}
