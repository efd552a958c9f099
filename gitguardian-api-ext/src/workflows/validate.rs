//! Checks made on arguments before a request leaves.
//!
//! A mistake caught here costs no round trip and no rate-limit budget, and it reads as an
//! [`Error::InvalidInput`] that names the argument, where the server would answer a terse
//! `400` (or, for an empty path segment, a `404` that points nowhere near the cause).

use chrono::{DateTime, Utc};

use crate::Error;

/// The longest note the API accepts, in characters (`maxLength` of the note `comment`).
pub const NOTE_MAX_CHARS: usize = 10_000;

/// Why an argument was refused; becomes [`Error::InvalidInput`].
#[derive(Debug)]
pub(crate) struct Invalid(pub(crate) String);

impl From<Invalid> for Error {
    fn from(invalid: Invalid) -> Error {
        Error::InvalidInput(invalid.0)
    }
}

/// GitGuardian ids are positive: `0` or a negative id is a bug in the caller.
pub(crate) fn id(what: &str, id: i64) -> Result<i64, Invalid> {
    if id > 0 {
        Ok(id)
    } else {
        Err(Invalid(format!("{what} must be a positive id, got {id}")))
    }
}

/// A free-text argument with something in it besides whitespace, trimmed.
pub(crate) fn text(what: &str, value: &str) -> Result<String, Invalid> {
    let value = value.trim();
    if value.is_empty() {
        Err(Invalid(format!("{what} is empty")))
    } else {
        Ok(value.to_string())
    }
}

/// A search string the API wants at least `min` characters long (`minLength`).
pub(crate) fn at_least(what: &str, value: &str, min: usize) -> Result<String, Invalid> {
    let value = text(what, value)?;
    if value.chars().count() < min {
        Err(Invalid(format!(
            "{what} must be at least {min} characters long, got {value:?}"
        )))
    } else {
        Ok(value)
    }
}

/// An email address, trimmed: one `@` with something on each side and no whitespace. The
/// server does the real check; this one catches empty and obviously wrong values.
pub(crate) fn email(what: &str, value: &str) -> Result<String, Invalid> {
    let value = text(what, value)?;
    let well_formed = match value.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.is_empty()
                && !domain.contains('@')
                && !value.chars().any(char::is_whitespace)
        }
        None => false,
    };
    if well_formed {
        Ok(value)
    } else {
        Err(Invalid(format!(
            "{what} is not an email address: {value:?}"
        )))
    }
}

/// The text of a note: not blank and at most [`NOTE_MAX_CHARS`] characters. Kept as given
/// (not trimmed): a note's layout is the author's.
pub(crate) fn note(value: &str) -> Result<String, Invalid> {
    if value.trim().is_empty() {
        return Err(Invalid("the note text is empty".to_string()));
    }
    let chars = value.chars().count();
    if chars > NOTE_MAX_CHARS {
        return Err(Invalid(format!(
            "the note text is {chars} characters long; the API accepts at most {NOTE_MAX_CHARS}"
        )));
    }
    Ok(value.to_string())
}

/// Values the generated builder sends joined into one comma-separated parameter: none may be
/// empty or hold a comma, or the server would read different values than were given.
pub(crate) fn joinable<T: ToString>(what: &str, values: &[T]) -> Result<(), Invalid> {
    match values
        .iter()
        .map(ToString::to_string)
        .find(|v| v.trim().is_empty() || v.contains(','))
    {
        Some(bad) => Err(Invalid(format!(
            "{what} holds {bad:?}; values must be non-empty and without commas"
        ))),
        None => Ok(()),
    }
}

/// A date range whose start is not after its end (an empty range would list nothing).
pub(crate) fn range(
    what: &str,
    after: Option<DateTime<Utc>>,
    before: Option<DateTime<Utc>>,
) -> Result<(), Invalid> {
    match (after, before) {
        (Some(after), Some(before)) if after > before => Err(Invalid(format!(
            "{what}: the start ({after}) is after the end ({before})"
        ))),
        _ => Ok(()),
    }
}

/// An enum value of the spec: [`Unrecognized`](crate::types::IncidentStatus::Unrecognized)
/// values pass (the server may know them), but an empty one is a mistake.
pub(crate) fn known<T: ToString>(what: &str, value: T) -> Result<T, Invalid> {
    if value.to_string().trim().is_empty() {
        Err(Invalid(format!("{what} is empty")))
    } else {
        Ok(value)
    }
}
