//! Cursor-paginated list operations, as a trait the ext crate can stream over.
//!
//! `cargo xtask regen` implements [`Paginated`] for the builder of every operation that takes a
//! `cursor` query parameter and answers with a JSON array, so one generic paginator serves all
//! of them with the builder's filters intact.

use crate::{types, Error, ResponseValue};
use std::future::Future;

/// A list request that can be sent page by page.
pub trait Paginated<'a>: Clone + Send + 'a {
    /// What one page holds a list of.
    type Item: serde::de::DeserializeOwned + Send + 'a;

    /// The `operationId` of the operation, for messages.
    const OPERATION_ID: &'static str;

    /// The same request, asking for the page at `cursor` (taken from a `Link` header).
    fn with_cursor(self, cursor: String) -> Self;

    /// The same request, asking for `per_page` items (ignored by operations without it).
    fn with_per_page(self, per_page: u64) -> Self;

    /// Sends the request for one page.
    fn send_page(
        self,
    ) -> impl Future<Output = Result<ResponseValue<Vec<Self::Item>>, Error<types::Error>>> + Send + 'a;
}
