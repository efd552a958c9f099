//! Pipelined paging: the request for page k+1 leaves as soon as page k's `Link` header is in,
//! while page k's body is still being read and decoded.
//!
//! The position of the next page is known from the headers alone, but the generated clients
//! only hand a response back once its body is decoded. The executor therefore announces the
//! final answer's headers (see [`announce`]) to the page being fetched, through a task-local
//! slot installed around that page's request only.
//!
//! One [`Pipeline`] serves every API: a [`Lister`] says how a page is asked for and where an
//! answer says the list continues (GitGuardian's `cursor`, GitHub's `after` or `page`).
//!
//! Guarantees, whatever the server does:
//! * at most one page ahead: two requests at most are in flight, the page asked for and the
//!   one after it; memory stays bounded by two pages;
//! * pages come out in the server's order, each once: a retried page (429, 503) is retried
//!   in place, and a later page never overtakes an earlier one;
//! * after a failure, the resume position is the failed page's: pages fetched ahead of it are
//!   dropped, never yielded.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::task::{Context, Poll};

use futures::task::{waker_ref, ArcWake, AtomicWaker};
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use tokio::task::futures::TaskLocalFuture;

/// How one list's pages are asked for and read: what a [`Pipeline`] needs from an API.
pub(crate) trait Lister {
    /// Where a page starts (`None` stands for the first page).
    type Position: Clone + PartialEq + Send + Sync + 'static;
    type Item;
    type Error;
    /// One page's decoded answer, headers included.
    type Answer;
    type Fetch: Future<Output = Result<Self::Answer, Self::Error>>;

    /// The list's name, for messages.
    fn name(&self) -> &'static str;
    /// Sends the request for the page at `at`.
    fn fetch(&mut self, at: Option<&Self::Position>) -> Self::Fetch;
    /// Where the list continues, by an answer's headers; `None` after the last page.
    fn next(headers: &HeaderMap) -> Option<Self::Position>;
    /// The headers of an answer.
    fn headers(answer: &Self::Answer) -> &HeaderMap;
    /// The items of an answer.
    fn items(answer: Self::Answer) -> Vec<Self::Item>;
}

/// A page handed out by a [`Pipeline`].
pub(crate) struct Handed<T, P> {
    pub(crate) items: Vec<T>,
    /// Where the list continues; `None` on the last page.
    pub(crate) next: Option<P>,
}

/// Told the headers of the final answer to a page's request, before its body is read.
trait Listen: Send + Sync {
    /// Whether the headers announce a next page.
    fn hear(&self, headers: &HeaderMap) -> bool;
}

/// The next position announced by one page's final answer: `Some(None)` for "no next page".
struct Heard<P> {
    parse: fn(&HeaderMap) -> Option<P>,
    next: OnceLock<Option<P>>,
}

impl<P: Send + Sync> Listen for Heard<P> {
    fn hear(&self, headers: &HeaderMap) -> bool {
        // The first final answer of the page's request is the page's.
        self.next.get_or_init(|| (self.parse)(headers)).is_some()
    }
}

tokio::task_local! {
    static ANNOUNCE: Arc<dyn Listen>;
}

/// Called by the executor with the final answer of every request (after retries). Inside a
/// page fetch it records where the list continues, from a successful answer, and says
/// whether there is a next page; anywhere else it does nothing and says no.
///
/// When it says yes, the executor yields once before the body is read: a body that arrived
/// with its headers (any small page) is otherwise read and decoded in the same poll, before
/// the pipeline gets the chance to ask for the next page, and nothing would overlap.
pub(crate) fn announce(status: StatusCode, headers: &HeaderMap) -> bool {
    status.is_success()
        && ANNOUNCE
            .try_with(|listener| listener.hear(headers))
            .unwrap_or(false)
}

/// Where a stream stands, shared between the stream and its handle.
#[derive(Debug)]
pub(crate) struct Position<P> {
    /// The position of the first page not yet handed out (`None`: the first page).
    pub(crate) cursor: Option<P>,
    /// Whether the last page has been handed out.
    pub(crate) finished: bool,
}

impl<P> Default for Position<P> {
    fn default() -> Self {
        Position {
            cursor: None,
            finished: false,
        }
    }
}

pub(super) fn lock<P>(position: &Mutex<Position<P>>) -> std::sync::MutexGuard<'_, Position<P>> {
    position
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Whether a fetch's future was woken since it was last polled, and the task to tell.
///
/// Items are handed out one poll at a time while the next page is in flight; polling that
/// page's future for every item would cost more than the item. Its future is polled with
/// this waker instead, and only after it fired.
struct Wakeup {
    woken: AtomicBool,
    task: AtomicWaker,
}

impl ArcWake for Wakeup {
    fn wake_by_ref(wakeup: &Arc<Self>) {
        wakeup.woken.store(true, Ordering::Release);
        wakeup.task.wake();
    }
}

/// A page's request, with the slot its final answer's headers are announced to.
type Listening<F> = Pin<Box<TaskLocalFuture<Arc<dyn Listen>, F>>>;

/// A page handed out, or why the list stopped.
type Outcome<L> =
    Result<Handed<<L as Lister>::Item, <L as Lister>::Position>, <L as Lister>::Error>;

/// One page being fetched.
struct Fetch<L: Lister> {
    /// The position asked for (`None`: the first page).
    at: Option<L::Position>,
    future: Listening<L::Fetch>,
    heard: Arc<Heard<L::Position>>,
    wakeup: Arc<Wakeup>,
    /// The outcome, once the future completed.
    done: Option<Result<L::Answer, L::Error>>,
}

impl<L: Lister> Fetch<L> {
    /// Polls the fetch if it was woken and has not completed; true once it has.
    fn poll(&mut self, cx: &mut Context<'_>) -> bool {
        if self.done.is_none() {
            self.wakeup.task.register(cx.waker());
            if self.wakeup.woken.swap(false, Ordering::AcqRel) {
                let waker = waker_ref(&self.wakeup);
                let mut inner = Context::from_waker(&waker);
                if let Poll::Ready(outcome) = self.future.as_mut().poll(&mut inner) {
                    self.done = Some(outcome);
                }
            }
        }
        self.done.is_some()
    }
}

/// The pages of one list, fetched at most one page ahead.
pub(crate) struct Pipeline<L: Lister> {
    lister: L,
    position: Arc<Mutex<Position<L::Position>>>,
    lookahead: bool,
    /// The page to hand out next, once fetched.
    front: Option<Fetch<L>>,
    /// The page after it, asked for as soon as `front`'s headers announced where it is.
    ahead: Option<Fetch<L>>,
    /// Set after an error or the last page: nothing more is fetched.
    ended: bool,
}

impl<L: Lister> Pipeline<L> {
    /// Starts at the position in `position` (nothing is sent before the first poll).
    pub(crate) fn new(lister: L, position: Arc<Mutex<Position<L::Position>>>) -> Self {
        Pipeline {
            lister,
            position,
            lookahead: true,
            front: None,
            ahead: None,
            ended: false,
        }
    }

    fn start(&mut self, at: Option<L::Position>) -> Fetch<L> {
        let heard = Arc::new(Heard {
            parse: L::next,
            next: OnceLock::new(),
        });
        let listener: Arc<dyn Listen> = heard.clone();
        let send = ANNOUNCE.scope(listener, self.lister.fetch(at.as_ref()));
        Fetch {
            at,
            future: Box::pin(send),
            heard,
            wakeup: Arc::new(Wakeup {
                woken: AtomicBool::new(true),
                task: AtomicWaker::new(),
            }),
            done: None,
        }
    }

    /// Starts the page after `front` when its position is known and nothing is ahead yet.
    fn start_ahead(&mut self, cx: &mut Context<'_>) {
        if !self.lookahead || self.ahead.is_some() {
            return;
        }
        let Some(front) = &self.front else { return };
        let Some(Some(next)) = front.heard.next.get() else {
            return;
        };
        if front.at.as_ref() == Some(next) {
            return; // A page announcing itself: handled when it completes.
        }
        let next = next.clone();
        let mut ahead = self.start(Some(next));
        ahead.poll(cx);
        self.ahead = Some(ahead);
    }

    /// Hands out a completed `front`, promoting the page fetched ahead of it.
    fn hand_out(&mut self, front: Fetch<L>, outcome: Result<L::Answer, L::Error>) -> Outcome<L> {
        let answer = match outcome {
            Ok(answer) => answer,
            Err(error) => {
                // The position keeps the failed page's, to resume from; whatever was fetched
                // ahead is dropped unseen.
                self.ended = true;
                self.ahead = None;
                return Err(error);
            }
        };
        // The answer's own headers decide (what was announced only started the page ahead).
        let next = match L::next(L::headers(&answer)) {
            // Asking for the same page again would loop forever.
            Some(next) if front.at.as_ref() == Some(&next) => {
                tracing::warn!(
                    operation = self.lister.name(),
                    "the API announced the page it just sent as the next one; stopping there"
                );
                None
            }
            next => next,
        };
        {
            let mut position = lock(&self.position);
            position.finished = next.is_none();
            position.cursor = next.clone();
        }
        match self.ahead.take() {
            Some(ahead) if ahead.at == next && next.is_some() => self.front = Some(ahead),
            // Fetched ahead for a position the final answer does not confirm: not this list.
            _ => {}
        }
        self.ended = next.is_none();
        Ok(Handed {
            items: L::items(answer),
            next,
        })
    }

    /// The next page, in order.
    pub(crate) fn poll_page(&mut self, cx: &mut Context<'_>) -> Poll<Option<Outcome<L>>> {
        if self.front.is_none() {
            let position = lock(&self.position);
            if self.ended || position.finished {
                return Poll::Ready(None);
            }
            let at = position.cursor.clone();
            drop(position);
            self.front = Some(self.start(at));
        }
        let completed = self.front.as_mut().is_some_and(|front| front.poll(cx));
        self.start_ahead(cx);
        if let Some(ahead) = &mut self.ahead {
            ahead.poll(cx);
        }
        if !completed {
            return Poll::Pending;
        }
        let Some(mut front) = self.front.take() else {
            return Poll::Pending;
        };
        let Some(outcome) = front.done.take() else {
            return Poll::Pending;
        };
        Poll::Ready(Some(self.hand_out(front, outcome)))
    }

    /// Lets the fetches in flight progress without handing anything out or starting any.
    pub(crate) fn drive(&mut self, cx: &mut Context<'_>) {
        for fetch in [&mut self.front, &mut self.ahead].into_iter().flatten() {
            fetch.poll(cx);
        }
    }

    /// Turns fetching ahead on or off (off: one request at a time).
    pub(crate) fn set_lookahead(&mut self, on: bool) {
        self.lookahead = on;
        if !on {
            self.ahead = None;
        }
    }
}

// Futures are boxed and outcomes moved out: nothing is pinned in place.
impl<L: Lister> Unpin for Pipeline<L> {}
