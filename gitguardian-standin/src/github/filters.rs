//! The query of an alert listing: filters and order, checked as GitHub checks them (`422`
//! for a value it does not know).

use std::collections::HashMap;

use super::alert::{Alert, AlertState};
use super::errors::{unprocessable, Refusal};
use super::paging::Key;

/// Resolutions a listing may filter on.
const RESOLUTIONS: &[&str] = &[
    "false_positive",
    "wont_fix",
    "revoked",
    "pattern_edited",
    "pattern_deleted",
    "used_in_tests",
];
const VALIDITIES: &[&str] = &["active", "inactive", "unknown"];

/// What an alert listing asks for.
#[derive(Debug)]
pub(crate) struct ListQuery {
    state: Option<AlertState>,
    secret_types: Option<Vec<String>>,
    excluded_secret_types: Option<Vec<String>>,
    resolutions: Option<Vec<String>>,
    validities: Option<Vec<String>>,
    /// Sort by `updated_at` rather than `created_at`.
    by_update: bool,
    pub descending: bool,
    pub hide_secret: bool,
}

impl ListQuery {
    /// Reads and checks the query parameters.
    pub fn parse(params: &HashMap<String, String>) -> Result<ListQuery, Refusal> {
        let state = match params.get("state") {
            None => None,
            Some(text) => Some(AlertState::parse(text).ok_or_else(|| {
                unprocessable(format!("Invalid state {text:?}: use open or resolved."))
            })?),
        };
        let secret_types = list(params, "secret_type");
        let excluded_secret_types = list(params, "exclude_secret_types");
        if secret_types.is_some() && excluded_secret_types.is_some() {
            return Err(unprocessable(
                "secret_type and exclude_secret_types cannot be combined.",
            ));
        }
        let by_update = match params.get("sort").map(String::as_str) {
            None | Some("created") => false,
            Some("updated") => true,
            Some(other) => {
                return Err(unprocessable(format!(
                    "Invalid sort {other:?}: use created or updated."
                )))
            }
        };
        let descending = match params.get("direction").map(String::as_str) {
            None | Some("desc") => true,
            Some("asc") => false,
            Some(other) => {
                return Err(unprocessable(format!(
                    "Invalid direction {other:?}: use asc or desc."
                )))
            }
        };
        let hide_secret = match params.get("hide_secret").map(String::as_str) {
            None | Some("false") => false,
            Some("true") => true,
            Some(other) => {
                return Err(unprocessable(format!(
                    "Invalid hide_secret {other:?}: use true or false."
                )))
            }
        };
        Ok(ListQuery {
            state,
            secret_types,
            excluded_secret_types,
            resolutions: known(params, "resolution", RESOLUTIONS)?,
            validities: known(params, "validity", VALIDITIES)?,
            by_update,
            descending,
            hide_secret,
        })
    }

    /// Whether `alert` passes the filters.
    pub fn keeps(&self, alert: &Alert) -> bool {
        let listed = |values: &Option<Vec<String>>, value: &str| {
            values
                .as_ref()
                .is_none_or(|values| values.iter().any(|v| v == value))
        };
        self.state.is_none_or(|state| alert.state == state)
            && listed(&self.secret_types, &alert.secret_type)
            && self
                .excluded_secret_types
                .as_ref()
                .is_none_or(|excluded| !excluded.contains(&alert.secret_type))
            && self.resolutions.as_ref().is_none_or(|resolutions| {
                alert
                    .resolution
                    .as_ref()
                    .is_some_and(|resolution| resolutions.contains(resolution))
            })
            && listed(&self.validities, &alert.validity)
    }

    /// Where `alert` sits in the asked order.
    pub fn key(&self, alert: &Alert) -> Key {
        let at = if self.by_update {
            alert.updated_at
        } else {
            alert.created_at
        };
        Key {
            at: at.timestamp_micros(),
            repository: alert.repository.to_ascii_lowercase(),
            number: alert.number,
        }
    }

    /// Sorts `alerts` in the asked order.
    pub fn sort(&self, alerts: &mut [&Alert]) {
        alerts.sort_by(|a, b| {
            let order = self.key(a).cmp(&self.key(b));
            if self.descending {
                order.reverse()
            } else {
                order
            }
        });
    }
}

/// A comma-separated list parameter (empty entries dropped).
fn list(params: &HashMap<String, String>, name: &str) -> Option<Vec<String>> {
    params.get(name).map(|value| {
        value
            .split(',')
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
            .collect()
    })
}

/// A comma-separated list whose values must be among `allowed`.
fn known(
    params: &HashMap<String, String>,
    name: &str,
    allowed: &[&str],
) -> Result<Option<Vec<String>>, Refusal> {
    let Some(values) = list(params, name) else {
        return Ok(None);
    };
    if let Some(unknown) = values.iter().find(|v| !allowed.contains(&v.as_str())) {
        return Err(unprocessable(format!(
            "Invalid {name} {unknown:?}: use {}.",
            allowed.join(", ")
        )));
    }
    Ok(Some(values))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn unknown_values_are_refused() {
        for bad in [
            ("state", "closed"),
            ("sort", "name"),
            ("direction", "up"),
            ("resolution", "revoked,fixed"),
            ("validity", "valid"),
            ("hide_secret", "yes"),
        ] {
            assert!(ListQuery::parse(&params(&[bad])).is_err(), "{bad:?}");
        }
        let both = params(&[("secret_type", "a"), ("exclude_secret_types", "b")]);
        assert!(ListQuery::parse(&both).is_err());
    }

    #[test]
    fn filters_combine_and_the_order_follows_sort_and_direction() {
        let mut open = Alert::sample(1, "acme/a");
        open.validity = "active".into();
        let mut revoked = Alert::sample(2, "acme/a");
        revoked.state = AlertState::Resolved;
        revoked.resolution = Some("revoked".into());
        let query = ListQuery::parse(&params(&[("resolution", "revoked,wont_fix")])).unwrap();
        assert!(!query.keeps(&open) && query.keeps(&revoked));
        let query =
            ListQuery::parse(&params(&[("state", "open"), ("validity", "active")])).unwrap();
        assert!(query.keeps(&open) && !query.keeps(&revoked));

        let query = ListQuery::parse(&params(&[])).unwrap();
        let mut alerts = vec![&open, &revoked];
        query.sort(&mut alerts);
        assert_eq!(alerts[0].number, 2, "newest first by default");
        let query = ListQuery::parse(&params(&[("direction", "asc")])).unwrap();
        query.sort(&mut alerts);
        assert_eq!(alerts[0].number, 1);
    }
}
