//! Packing documents into requests: as many as fit, in input order.
//!
//! Every request costs one quota unit whatever it carries, so requests are filled up to the
//! document count limit and the payload budget. Packing is greedy and keeps the input order
//! (a document never waits for a later one to fill a gap): simple, predictable, and within
//! one request of the best packing for documents of similar size.

use super::document::Prepared;

/// Fills requests one after the other.
pub(crate) struct Packer {
    max_documents: usize,
    budget: u64,
    current: Vec<Prepared>,
    /// JSON-encoded size of `current` as an array: brackets, documents and commas.
    current_size: u64,
}

impl Packer {
    /// A packer for requests of at most `max_documents` documents (at least one) and
    /// `budget` bytes of JSON.
    pub(crate) fn new(max_documents: usize, budget: u64) -> Packer {
        Packer {
            max_documents: max_documents.max(1),
            budget,
            current: Vec::new(),
            current_size: 2,
        }
    }

    /// Adds a document (one whose own size fits the budget); returns the requests that are
    /// complete as a result, in order.
    pub(crate) fn push(&mut self, document: Prepared) -> Vec<Vec<Prepared>> {
        let mut full = Vec::new();
        if !self.current.is_empty() && self.current_size + 1 + document.encoded_size > self.budget {
            full.extend(self.take());
        }
        let separator = u64::from(!self.current.is_empty());
        self.current_size += separator + document.encoded_size;
        self.current.push(document);
        if self.current.len() >= self.max_documents {
            full.extend(self.take());
        }
        full
    }

    /// The last, partly filled request, if any.
    pub(crate) fn finish(&mut self) -> Option<Vec<Prepared>> {
        self.take()
    }

    fn take(&mut self) -> Option<Vec<Prepared>> {
        self.current_size = 2;
        (!self.current.is_empty()).then(|| std::mem::take(&mut self.current))
    }
}
