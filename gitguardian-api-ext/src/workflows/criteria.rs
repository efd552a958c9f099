//! A filter's criteria into a generated list request, one line a criterion.
//!
//! The list builders of internal incidents, public incidents and their occurrences are
//! distinct generated types with no common trait, but every criterion goes through the same
//! steps: skipped when unset, checked (see [`validate`]), then given to the builder's setter.
//! [`Criteria`] holds those steps once; each filter passes only its setters, as closures.

use chrono::{DateTime, Utc};

use super::validate::{self, Invalid};
use super::Assignee;

/// The shortest author, sha and file path searches the API accepts (`minLength`).
const MIN_SEARCH_CHARS: usize = 3;

/// A generated request being given a filter's criteria.
pub(crate) struct Criteria<R>(R);

impl<R> Criteria<R> {
    /// Starts from `request`.
    pub(crate) fn new(request: R) -> Criteria<R> {
        Criteria(request)
    }

    /// Checks a date range, either end optional: one that ends before it starts would list
    /// nothing. Its ends are set like any other [`value`](Self::value).
    pub(crate) fn range(
        self,
        after: Option<DateTime<Utc>>,
        before: Option<DateTime<Utc>>,
    ) -> Result<Self, Invalid> {
        validate::range("the date range", after, before)?;
        Ok(self)
    }

    /// The request with every criterion given.
    pub(crate) fn into_request(self) -> R {
        self.0
    }

    /// A value sent as it is, when set.
    pub(crate) fn value<V: Clone>(self, value: &Option<V>, set: impl FnOnce(R, V) -> R) -> Self {
        match value {
            Some(value) => Criteria(set(self.0, value.clone())),
            None => self,
        }
    }

    /// A value checked by `check`, when set.
    pub(crate) fn checked<V, W>(
        self,
        value: &Option<V>,
        check: impl FnOnce(&V) -> Result<W, Invalid>,
        set: impl FnOnce(R, W) -> R,
    ) -> Result<Self, Invalid> {
        Ok(match value {
            Some(value) => Criteria(set(self.0, check(value)?)),
            None => self,
        })
    }

    /// A value of one of the spec's enums, when set: see [`validate::known`].
    pub(crate) fn known<V: Clone + ToString>(
        self,
        what: &str,
        value: &Option<V>,
        set: impl FnOnce(R, V) -> R,
    ) -> Result<Self, Invalid> {
        self.checked(value, |value| validate::known(what, value.clone()), set)
    }

    /// Values that leave as one comma-separated parameter, when there are any: see
    /// [`validate::joinable`].
    pub(crate) fn values<V: Clone + ToString>(
        self,
        what: &str,
        values: &[V],
        set: impl FnOnce(R, Vec<V>) -> R,
    ) -> Result<Self, Invalid> {
        if values.is_empty() {
            return Ok(self);
        }
        validate::joinable(what, values)?;
        Ok(Criteria(set(self.0, values.to_vec())))
    }

    /// A positive id, when set.
    pub(crate) fn id(
        self,
        what: &str,
        value: Option<i64>,
        set: impl FnOnce(R, i64) -> R,
    ) -> Result<Self, Invalid> {
        self.checked(&value, |id| validate::id(what, *id), set)
    }

    /// A text that is not blank, trimmed, when set.
    pub(crate) fn text(
        self,
        what: &str,
        value: &Option<String>,
        set: impl FnOnce(R, String) -> R,
    ) -> Result<Self, Invalid> {
        self.checked(value, |text| validate::text(what, text), set)
    }

    /// An email address, trimmed, when set: see [`validate::email`].
    pub(crate) fn email(
        self,
        what: &str,
        value: &Option<String>,
        set: impl FnOnce(R, String) -> R,
    ) -> Result<Self, Invalid> {
        self.checked(value, |email| validate::email(what, email), set)
    }

    /// A search of at least [`MIN_SEARCH_CHARS`] characters, trimmed, when set.
    pub(crate) fn search(
        self,
        what: &str,
        value: &Option<String>,
        set: impl FnOnce(R, String) -> R,
    ) -> Result<Self, Invalid> {
        self.checked(
            value,
            |text| validate::at_least(what, text, MIN_SEARCH_CHARS),
            set,
        )
    }

    /// A member by email or by id, whichever it was given as, when set (checked).
    pub(crate) fn assignee(
        self,
        value: &Option<Assignee>,
        by_email: impl FnOnce(R, String) -> R,
        by_id: impl FnOnce(R, i64) -> R,
    ) -> Result<Self, Invalid> {
        Ok(match value.as_ref().map(Assignee::checked).transpose()? {
            Some(Assignee::Email(email)) => Criteria(by_email(self.0, email)),
            Some(Assignee::MemberId(id)) => Criteria(by_id(self.0, id)),
            None => self,
        })
    }
}
