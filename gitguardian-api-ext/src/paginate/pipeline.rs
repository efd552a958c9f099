//! Pipelined paging: the request for page k+1 leaves as soon as page k's `Link` header is in,
//! while page k's body is still being read and decoded.
//!
//! The cursor of the next page is known from the headers alone, but the generated client
//! only hands a response back once its body is decoded. The executor therefore announces the
//! final answer's headers (see [`announce`]) to the page being fetched, through a task-local
//! slot installed around that page's request only.
//!
//! Guarantees, whatever the server does:
//! * at most one page ahead: two requests at most are in flight, the page asked for and the
//!   one after it; memory stays bounded by two pages;
//! * pages come out in the server's order, each once: a retried page (429, 503) is retried
//!   in place, and a later page never overtakes an earlier one;
//! * after a failure, the resume cursor is the failed page's: pages fetched ahead of it are
//!   dropped, never yielded.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::task::{Context, Poll};

use futures::task::{waker_ref, ArcWake, AtomicWaker};

use gitguardian_openapi::{Paginated, ResponseValue};
use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use super::{next_cursor, Page};
use crate::{Error, GitGuardian};

/// The next cursor announced by one page's final answer: `Some(None)` for "no next page".
type Announced = Arc<OnceLock<Option<String>>>;

tokio::task_local! {
    static ANNOUNCE: Announced;
}

/// Called by the executor with the final answer of every request (after retries). Inside a
/// page fetch it records the next cursor announced by a successful answer; anywhere else it
/// does nothing.
pub(crate) fn announce(status: StatusCode, headers: &HeaderMap) {
    if !status.is_success() {
        return;
    }
    let _ = ANNOUNCE.try_with(|slot| {
        let _ = slot.set(next_cursor(headers));
    });
}

/// Where a stream stands, shared between the stream and its handle.
#[derive(Debug, Default)]
pub(super) struct Position {
    /// The cursor of the first page not yet handed out (`None`: the first page).
    pub(super) cursor: Option<String>,
    /// Whether the last page has been handed out.
    pub(super) finished: bool,
}

pub(super) fn lock(position: &Mutex<Position>) -> std::sync::MutexGuard<'_, Position> {
    position
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

type PageFuture<'a, T> =
    Pin<Box<dyn Future<Output = Result<ResponseValue<Vec<T>>, Error>> + Send + 'a>>;

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

/// One page being fetched.
struct Fetch<'a, T> {
    /// The cursor asked for (`None`: the first page).
    cursor: Option<String>,
    future: PageFuture<'a, T>,
    announced: Announced,
    wakeup: Arc<Wakeup>,
    /// The outcome, once the future completed.
    done: Option<Result<ResponseValue<Vec<T>>, Error>>,
}

impl<T> Fetch<'_, T> {
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

    /// The next cursor, as soon as this page's headers announced it.
    fn announced_next(&self) -> Option<&Option<String>> {
        self.announced.get()
    }
}

/// What [`Pages`](super::Pages) and [`Items`](super::Items) read pages from, with the
/// request type erased.
pub(super) trait PageSource<T>: Send {
    /// The next page, in order.
    fn poll_page(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Page<T>, Error>>>;
    /// Lets the fetches in flight progress without handing anything out or starting any.
    fn drive(&mut self, cx: &mut Context<'_>);
    /// Turns fetching ahead on or off (off: one request at a time).
    fn set_lookahead(&mut self, on: bool);
}

/// The pages of one list request.
pub(super) struct Pipeline<'a, B: Paginated<'a>> {
    client: &'a GitGuardian,
    request: B,
    position: Arc<Mutex<Position>>,
    lookahead: bool,
    /// The page to hand out next, once fetched.
    front: Option<Fetch<'a, B::Item>>,
    /// The page after it, asked for as soon as `front`'s headers announced its cursor.
    ahead: Option<Fetch<'a, B::Item>>,
    /// Set after an error or the last page: nothing more is fetched.
    ended: bool,
}

impl<'a, B: Paginated<'a>> Pipeline<'a, B> {
    pub(super) fn new(client: &'a GitGuardian, request: B, position: Arc<Mutex<Position>>) -> Self {
        Pipeline {
            client,
            request,
            position,
            lookahead: true,
            front: None,
            ahead: None,
            ended: false,
        }
    }

    fn start(&self, cursor: Option<String>) -> Fetch<'a, B::Item> {
        let request = match &cursor {
            Some(cursor) => self.request.clone().with_cursor(cursor.clone()),
            None => self.request.clone(),
        };
        let announced = Announced::default();
        let send = ANNOUNCE.scope(announced.clone(), request.send_page());
        Fetch {
            cursor,
            future: Box::pin(self.client.send_with_headers(send)),
            announced,
            wakeup: Arc::new(Wakeup {
                woken: AtomicBool::new(true),
                task: AtomicWaker::new(),
            }),
            done: None,
        }
    }

    /// Starts the page after `front` when its cursor is known and nothing is ahead yet.
    fn start_ahead(&mut self, cx: &mut Context<'_>) {
        if !self.lookahead || self.ahead.is_some() {
            return;
        }
        let Some(front) = &self.front else { return };
        let Some(Some(next)) = front.announced_next() else {
            return;
        };
        if front.cursor.as_ref() == Some(next) {
            return; // A page announcing itself: handled when it completes.
        }
        let mut ahead = self.start(Some(next.clone()));
        ahead.poll(cx);
        self.ahead = Some(ahead);
    }

    /// Hands out a completed `front`, promoting the page fetched ahead of it.
    fn hand_out(
        &mut self,
        front: Fetch<'a, B::Item>,
        outcome: Result<ResponseValue<Vec<B::Item>>, Error>,
    ) -> Result<Page<B::Item>, Error> {
        let answer = match outcome {
            Ok(answer) => answer,
            Err(error) => {
                // The position keeps the failed page's cursor, to resume from; whatever was
                // fetched ahead is dropped unseen.
                self.ended = true;
                self.ahead = None;
                return Err(error);
            }
        };
        // Announced from the same final answer's headers when it was fetched through the
        // executor; parsed again otherwise.
        let announced = front.announced_next().cloned();
        let next_cursor = match announced.unwrap_or_else(|| next_cursor(answer.headers())) {
            // Asking for the same page again would loop forever.
            Some(next) if front.cursor.as_ref() == Some(&next) => {
                tracing::warn!(
                    operation = B::OPERATION_ID,
                    "the API announced the page it just sent as the next one; stopping there"
                );
                None
            }
            next => next,
        };
        {
            let mut position = lock(&self.position);
            position.finished = next_cursor.is_none();
            position.cursor = next_cursor.clone();
        }
        match self.ahead.take() {
            Some(ahead) if ahead.cursor == next_cursor && next_cursor.is_some() => {
                self.front = Some(ahead);
            }
            // Fetched ahead for a cursor the final answer does not confirm: not this list.
            _ => {}
        }
        self.ended = next_cursor.is_none();
        Ok(Page {
            items: answer.into_inner(),
            next_cursor,
        })
    }
}

impl<'a, B: Paginated<'a>> PageSource<B::Item> for Pipeline<'a, B> {
    fn poll_page(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Page<B::Item>, Error>>> {
        if self.front.is_none() {
            let position = lock(&self.position);
            if self.ended || position.finished {
                return Poll::Ready(None);
            }
            let cursor = position.cursor.clone();
            drop(position);
            self.front = Some(self.start(cursor));
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

    fn drive(&mut self, cx: &mut Context<'_>) {
        for fetch in [&mut self.front, &mut self.ahead].into_iter().flatten() {
            fetch.poll(cx);
        }
    }

    fn set_lookahead(&mut self, on: bool) {
        self.lookahead = on;
        if !on {
            self.ahead = None;
        }
    }
}
