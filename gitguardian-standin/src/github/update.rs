//! `PATCH .../alerts/{alert_number}`: the body GitHub accepts, the `422`s it answers when the
//! state and resolution do not fit together, and what a valid update changes.

use chrono::Utc;
use serde_json::{Map, Value};

use super::alert::{Alert, AlertState};
use super::errors::{error, problems_parsing_json, unprocessable, Refusal};
use super::server::STANDIN_LOGIN;

/// Resolutions a PATCH may set (GitHub sets `pattern_edited` and `pattern_deleted` itself).
const SETTABLE: &[&str] = &["false_positive", "wont_fix", "revoked", "used_in_tests"];

/// GitHub's message when state, resolution and comment do not fit together.
const MISMATCH: &str = "State does not match the resolution or resolution comment.";

/// A checked update body.
#[derive(Debug, PartialEq)]
pub(crate) struct Update {
    state: Option<AlertState>,
    resolution: Option<String>,
    resolution_comment: Option<String>,
    /// `active` or `inactive`.
    validity: Option<String>,
}

impl Update {
    /// Reads the body: `400` when it is not a JSON object, `422` for values GitHub refuses
    /// or a state its resolution does not fit.
    pub fn parse(body: &[u8]) -> Result<Update, Refusal> {
        let Ok(Value::Object(fields)) = serde_json::from_slice::<Value>(body) else {
            return Err(problems_parsing_json());
        };
        let state = match text(&fields, "state")? {
            None => None,
            Some(name) => Some(AlertState::parse(&name).ok_or_else(|| {
                unprocessable(format!("Invalid state {name:?}: use open or resolved."))
            })?),
        };
        // GitHub accepts an empty resolution as none.
        let resolution = text(&fields, "resolution")?.filter(|r| !r.is_empty());
        if let Some(resolution) = &resolution {
            if !SETTABLE.contains(&resolution.as_str()) {
                return Err(unprocessable(format!(
                    "Invalid resolution {resolution:?}: use {}.",
                    SETTABLE.join(", ")
                )));
            }
        }
        let resolution_comment = text(&fields, "resolution_comment")?;
        let validity = text(&fields, "validity")?;
        if let Some(validity) = &validity {
            if !matches!(validity.as_str(), "active" | "inactive") {
                return Err(unprocessable(format!(
                    "Invalid validity {validity:?}: use active or inactive."
                )));
            }
        }
        let has_assignee = fields.contains_key("assignee");
        match state {
            None if validity.is_none() && !has_assignee => {
                return Err(unprocessable(
                    "Validation Failed: give a state, an assignee or a validity.",
                ))
            }
            Some(AlertState::Resolved) if resolution.is_none() => {
                return Err(unprocessable(MISMATCH))
            }
            Some(AlertState::Open) | None
                if resolution.is_some() || resolution_comment.is_some() =>
            {
                return Err(unprocessable(MISMATCH))
            }
            _ => {}
        }
        Ok(Update {
            state,
            resolution,
            resolution_comment,
            validity,
        })
    }

    /// Changes `alert`: resolving sets the resolution, comment, `resolved_at` and
    /// `resolved_by` ([`STANDIN_LOGIN`]); reopening clears them. Resolving an alert again with
    /// the resolution it already has is GitHub's `400` "the resolution was not changed".
    /// (`assignee` is accepted and not kept.)
    pub fn apply(self, alert: &mut Alert) -> Result<(), Refusal> {
        let now = Utc::now();
        match self.state {
            Some(AlertState::Resolved) => {
                if alert.state == AlertState::Resolved && alert.resolution == self.resolution {
                    return Err(error(
                        axum::http::StatusCode::BAD_REQUEST,
                        "The resolution was not changed.",
                    ));
                }
                alert.state = AlertState::Resolved;
                alert.resolution = self.resolution;
                alert.resolution_comment = self.resolution_comment;
                alert.resolved_at = Some(now);
                alert.resolved_by = Some(STANDIN_LOGIN.into());
            }
            Some(AlertState::Open) => {
                alert.state = AlertState::Open;
                alert.resolution = None;
                alert.resolution_comment = None;
                alert.resolved_at = None;
                alert.resolved_by = None;
            }
            None => {}
        }
        if let Some(validity) = self.validity {
            alert.validity = validity;
        }
        alert.updated_at = now;
        Ok(())
    }
}

/// A string field; `null` and absent are `None`, another type is a `422`.
fn text(fields: &Map<String, Value>, name: &str) -> Result<Option<String>, Refusal> {
    match fields.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(value)) => Ok(Some(value.clone())),
        Some(other) => Err(unprocessable(format!(
            "Invalid {name}: expected a string, got {other}."
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(body: &str) -> Result<Update, Refusal> {
        Update::parse(body.as_bytes())
    }

    #[test]
    fn state_and_resolution_must_fit_together() {
        for mismatched in [
            r#"{"state":"resolved"}"#,
            r#"{"state":"resolved","resolution":""}"#,
            r#"{"state":"open","resolution":"revoked"}"#,
            r#"{"state":"open","resolution_comment":"why"}"#,
            r#"{"resolution":"revoked"}"#,
            r#"{"state":"resolved","resolution":"fixed"}"#,
            r#"{"state":"closed"}"#,
            r#"{"state":1}"#,
            r#"{}"#,
        ] {
            assert!(parse(mismatched).is_err(), "{mismatched}");
        }
        assert!(parse("[]").is_err() && parse("not json").is_err());
        assert!(
            parse(r#"{"state":"resolved","resolution":"revoked","resolution_comment":"x"}"#)
                .is_ok()
        );
        assert!(parse(r#"{"state":"open","resolution":null}"#).is_ok());
        assert!(parse(r#"{"validity":"inactive"}"#).is_ok());
    }

    #[test]
    fn resolving_records_who_and_when_and_reopening_clears_it() {
        let mut alert = Alert::sample(1, "acme/a");
        parse(
            r#"{"state":"resolved","resolution":"used_in_tests","resolution_comment":"fixture"}"#,
        )
        .unwrap()
        .apply(&mut alert)
        .unwrap();
        assert_eq!(alert.state, AlertState::Resolved);
        assert_eq!(alert.resolution.as_deref(), Some("used_in_tests"));
        assert_eq!(alert.resolution_comment.as_deref(), Some("fixture"));
        assert_eq!(alert.resolved_by.as_deref(), Some(STANDIN_LOGIN));
        assert!(alert.resolved_at.is_some() && alert.updated_at > alert.created_at);

        let again = parse(r#"{"state":"resolved","resolution":"used_in_tests"}"#).unwrap();
        assert!(again.apply(&mut alert).is_err());

        parse(r#"{"state":"open"}"#)
            .unwrap()
            .apply(&mut alert)
            .unwrap();
        assert_eq!(alert.state, AlertState::Open);
        assert_eq!(
            (alert.resolution, alert.resolved_at, alert.resolved_by),
            (None, None, None)
        );
    }
}
