//! Planning requests: documents packed by the limits in force, which can change once during
//! a scan.
//!
//! A client's first [`scan_with`](crate::GitGuardian::scan_with) does not wait for
//! `/v1/metadata` before sending: while the instance's answer is on its way, requests are
//! packed by the documented defaults ([`ScanLimits::DEFAULT`]) and sent at once. That saves a
//! round trip on every first scan, which for a pre-commit hook is the only one. When the
//! answer arrives, what is left is packed by the instance's own limits.
//!
//! Nothing depends on the guess being right:
//! * a document over the default size limit is not refused on the defaults' word: planning
//!   waits for the instance's limits, which may be larger;
//! * documents still waiting to be packed when the answer arrives are packed again by it;
//! * a provisional request that the instance refuses (`400`, `413`) and that breaks its
//!   stricter limits is packed again and resent (see [`super::run`]).

use futures::future::{BoxFuture, Shared};

use super::chunk::Packer;
use super::document::{prepare, Document, Prepared};
use super::limits::ScanLimits;
use super::outcome::DocumentError;

/// The instance's limits once `/v1/metadata` has had its say (the defaults when it has
/// none); `None` when it refused the key.
pub(crate) type Answer<'a> = Shared<BoxFuture<'a, Option<ScanLimits>>>;

/// The limits of one scan: known from the start, or on their way.
#[derive(Clone)]
pub(crate) enum Limits<'a> {
    Known(ScanLimits),
    Pending(Answer<'a>),
}

impl Limits<'_> {
    /// The limits in force now, and whether they are final (not the provisional defaults).
    fn now(&self) -> (ScanLimits, bool) {
        match self {
            Limits::Known(limits) => (*limits, true),
            Limits::Pending(answer) => match answer.peek() {
                Some(answered) => (answered.unwrap_or(ScanLimits::DEFAULT), true),
                None => (ScanLimits::DEFAULT, false),
            },
        }
    }

    /// The final limits, waiting for the instance's answer if it is not in yet.
    pub(crate) async fn settled(&self) -> ScanLimits {
        match self {
            Limits::Known(limits) => *limits,
            Limits::Pending(answer) => answer.clone().await.unwrap_or(ScanLimits::DEFAULT),
        }
    }
}

/// One document of the input, or one already known not to be sendable (a file over the
/// size limit is not even read).
pub(crate) enum Input {
    Document(Document),
    Rejected {
        filename: Option<String>,
        error: DocumentError,
    },
}

/// A unit of work for the request stage.
pub(crate) enum Work {
    /// The documents of one request; `provisional` when they were packed by the defaults
    /// before the instance's limits were known.
    Request {
        documents: Vec<Prepared>,
        provisional: bool,
    },
    /// A document that is not sent, with the reason.
    Rejected(usize, Option<String>, DocumentError),
}

/// Turns the input, one document at a time, into requests as full as the limits allow.
pub(crate) struct Planner<'a> {
    limits: Limits<'a>,
    /// The limits `packer` packs by.
    current: ScanLimits,
    /// Whether `current` is final.
    settled: bool,
    /// The caller's own cap on documents per request.
    own_max: Option<usize>,
    packer: Packer,
}

impl<'a> Planner<'a> {
    pub(crate) fn new(limits: Limits<'a>, own_max: Option<usize>) -> Planner<'a> {
        let (current, settled) = limits.now();
        Planner {
            packer: packer_for(&current, own_max),
            limits,
            current,
            settled,
            own_max,
        }
    }

    /// The work `item` makes ready, in order; `None` marks the end of the input and flushes
    /// the last, partly filled request.
    pub(crate) async fn plan(&mut self, item: Option<(usize, Input)>) -> Vec<Work> {
        let mut works = self.refresh();
        match item {
            Some((index, Input::Document(document))) => {
                let size = document.content().len() as u64;
                if !self.settled && size > self.current.max_document_size {
                    // Too large for the defaults, but perhaps not for this instance.
                    self.limits.settled().await;
                    works.extend(self.refresh());
                }
                works.extend(self.push(index, document));
            }
            Some((index, Input::Rejected { filename, error })) => {
                works.push(Work::Rejected(index, filename, error));
            }
            None => works.extend(
                self.packer
                    .finish()
                    .map(|documents| self.request(documents)),
            ),
        }
        works
    }

    /// Packs one document, or says why it cannot be sent.
    fn push(&mut self, index: usize, document: Document) -> Vec<Work> {
        match prepare(index, document, &self.current) {
            Ok(prepared) => {
                let full = self.packer.push(prepared);
                full.into_iter().map(|docs| self.request(docs)).collect()
            }
            Err((filename, error)) => vec![Work::Rejected(index, filename, error)],
        }
    }

    /// Moves to the instance's limits once they are in; documents waiting in the packer are
    /// checked and packed again by them.
    fn refresh(&mut self) -> Vec<Work> {
        if self.settled {
            return Vec::new();
        }
        let (limits, settled) = self.limits.now();
        if !settled {
            return Vec::new();
        }
        self.settled = true;
        if limits == self.current {
            return Vec::new();
        }
        let waiting = self.packer.finish().unwrap_or_default();
        self.current = limits;
        self.packer = packer_for(&limits, self.own_max);
        let mut works = Vec::new();
        for prepared in waiting {
            works.extend(self.push(prepared.index, Document::from(prepared.body)));
        }
        works
    }

    fn request(&self, documents: Vec<Prepared>) -> Work {
        Work::Request {
            documents,
            provisional: !self.settled,
        }
    }
}

/// A packer for `limits`, capped by the caller's own maximum.
fn packer_for(limits: &ScanLimits, own_max: Option<usize>) -> Packer {
    let max_documents = own_max.map_or(limits.max_documents_per_request, |own| {
        own.min(limits.max_documents_per_request)
    });
    Packer::new(max_documents, limits.payload_budget())
}

/// Whether one request's documents respect `limits` (a provisional request may not).
pub(crate) fn fits(documents: &[Prepared], limits: &ScanLimits) -> bool {
    let commas = documents.len().saturating_sub(1) as u64;
    let encoded: u64 = documents.iter().map(|doc| doc.encoded_size).sum();
    documents.len() <= limits.max_documents_per_request
        && 2 + commas + encoded <= limits.payload_budget()
        && documents
            .iter()
            .all(|doc| doc.body.document.len() as u64 <= limits.max_document_size)
}

#[cfg(test)]
mod tests {
    use futures::FutureExt;

    use super::*;

    fn document(index: usize, size: usize) -> Input {
        Input::Document(Document::named(format!("f{index}"), "x".repeat(size)))
    }

    fn requests(works: &[Work]) -> Vec<(Vec<usize>, bool)> {
        works
            .iter()
            .filter_map(|work| match work {
                Work::Request {
                    documents,
                    provisional,
                } => Some((documents.iter().map(|d| d.index).collect(), *provisional)),
                Work::Rejected(..) => None,
            })
            .collect()
    }

    fn strict() -> ScanLimits {
        ScanLimits {
            max_documents_per_request: 2,
            ..ScanLimits::DEFAULT
        }
    }

    #[tokio::test]
    async fn waiting_documents_are_packed_again_by_the_instance_limits() {
        let (send, receive) = futures::channel::oneshot::channel::<ScanLimits>();
        let answer = receive.map(Result::ok).boxed().shared();
        let mut planner = Planner::new(Limits::Pending(answer.clone()), None);

        let mut works = Vec::new();
        for index in 0..3 {
            works.extend(planner.plan(Some((index, document(index, 10)))).await);
        }
        assert!(works.is_empty(), "20 documents fit a default request");

        send.send(strict()).unwrap();
        assert_eq!(answer.clone().await, Some(strict()));
        works.extend(planner.plan(Some((3, document(3, 10)))).await);
        works.extend(planner.plan(None).await);
        assert_eq!(
            requests(&works),
            vec![(vec![0, 1], false), (vec![2, 3], false)]
        );
    }

    #[tokio::test]
    async fn requests_packed_before_the_answer_are_provisional() {
        let (_send, receive) = futures::channel::oneshot::channel::<ScanLimits>();
        let answer = receive.map(Result::ok).boxed().shared();
        let mut planner = Planner::new(Limits::Pending(answer), Some(1));
        let works = planner.plan(Some((0, document(0, 10)))).await;
        assert_eq!(requests(&works), vec![(vec![0], true)]);
    }

    #[tokio::test]
    async fn a_document_too_large_for_the_defaults_waits_for_the_instance() {
        let larger = ScanLimits {
            max_document_size: 2 * ScanLimits::DEFAULT.max_document_size,
            ..ScanLimits::DEFAULT
        };
        let answer = async move { Some(larger) }.boxed().shared();
        let mut planner = Planner::new(Limits::Pending(answer), None);
        let size = ScanLimits::DEFAULT.max_document_size as usize + 1;
        let mut works = planner.plan(Some((0, document(0, size)))).await;
        works.extend(planner.plan(None).await);
        assert_eq!(requests(&works), vec![(vec![0], false)]);
    }

    #[test]
    fn fits_checks_count_payload_and_document_size() {
        let prepared = |index| prepare(index, Document::new("abc"), &ScanLimits::DEFAULT).unwrap();
        let two = vec![prepared(0), prepared(1)];
        assert!(fits(&two, &ScanLimits::DEFAULT));
        let one_per_request = ScanLimits {
            max_documents_per_request: 1,
            ..ScanLimits::DEFAULT
        };
        assert!(!fits(&two, &one_per_request));
        let tiny_documents = ScanLimits {
            max_document_size: 2,
            ..ScanLimits::DEFAULT
        };
        assert!(!fits(&two, &tiny_documents));
        // One byte short of `[first,second]`.
        let needed = 2 + two[0].encoded_size + 1 + two[1].encoded_size;
        let tight_payload = ScanLimits {
            max_payload_size: super::super::limits::PAYLOAD_MARGIN + needed - 1,
            ..ScanLimits::DEFAULT
        };
        assert!(fits(
            &two,
            &ScanLimits {
                max_payload_size: tight_payload.max_payload_size + 1,
                ..ScanLimits::DEFAULT
            }
        ));
        assert!(!fits(&two, &tight_payload));
    }
}
