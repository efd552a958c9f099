//! A list request that may already be known to be wrong.
//!
//! List workflows return a stream, not a `Result`, so a filter refused by
//! [`validate`](super::validate) cannot fail at the call. It fails at the first poll instead,
//! exactly like a generated builder given a bad value: the stream yields one
//! [`Error::InvalidInput`](crate::Error::InvalidInput) and nothing is sent.

use gitguardian_api::{types, Paginated, ResponseValue};

use super::validate::Invalid;

/// A list request, or the reason it must not be sent.
#[derive(Clone, Debug)]
pub(crate) enum Checked<B> {
    /// The request, ready to send page by page.
    Ready(B),
    /// What was wrong with the arguments.
    Refused(String),
}

impl<B> From<Result<B, Invalid>> for Checked<B> {
    fn from(result: Result<B, Invalid>) -> Self {
        match result {
            Ok(request) => Checked::Ready(request),
            Err(Invalid(reason)) => Checked::Refused(reason),
        }
    }
}

impl<'a, B: Paginated<'a>> Paginated<'a> for Checked<B> {
    type Item = B::Item;

    const OPERATION_ID: &'static str = B::OPERATION_ID;

    fn with_cursor(self, cursor: String) -> Self {
        match self {
            Checked::Ready(request) => Checked::Ready(request.with_cursor(cursor)),
            refused => refused,
        }
    }

    fn with_per_page(self, per_page: u64) -> Self {
        match self {
            Checked::Ready(request) => Checked::Ready(request.with_per_page(per_page)),
            refused => refused,
        }
    }

    async fn send_page(
        self,
    ) -> Result<ResponseValue<Vec<Self::Item>>, gitguardian_api::Error<types::Error>> {
        match self {
            Checked::Ready(request) => request.send_page().await,
            // Mapped to `Error::InvalidInput` by `GitGuardian::send_with_headers`.
            Checked::Refused(reason) => Err(gitguardian_api::Error::InvalidRequest(reason)),
        }
    }
}
