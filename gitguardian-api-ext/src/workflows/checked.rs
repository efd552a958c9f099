//! A list request that may already be known to be wrong.
//!
//! List workflows return a stream, not a `Result`, so arguments refused by
//! [`validate`](super::validate) cannot fail at the call. They fail at the first poll
//! instead: the stream yields one [`Error::InvalidInput`](crate::Error::InvalidInput), built
//! here directly, and nothing is sent.

use gitguardian_openapi::Paginated;

use super::validate::Invalid;
use crate::{GitGuardian, Items};

impl GitGuardian {
    /// [`paginate`](GitGuardian::paginate) for a request whose arguments passed their
    /// checks, or a stream of the one error that says which did not.
    pub(crate) fn paginate_checked<'a, B: Paginated<'a>>(
        &'a self,
        request: Result<B, Invalid>,
    ) -> Items<'a, B::Item> {
        match request {
            Ok(request) => self.paginate(request),
            Err(invalid) => Items::refused(invalid.into()),
        }
    }
}
