//! The vendor's spec as we store it: structure only.
//!
//! `upstream.json` keeps what the comparison needs (paths, operations, parameters, schemas,
//! enums, formats, responses, security) and drops the vendor's prose, which is theirs and under
//! their terms: `description`, `summary`, `example`/`examples`, `externalDocs`, documentation
//! extensions (`x-*`) and the text of OAuth scopes. Keys that are names (properties, paths,
//! components, status codes, media types) are kept whatever they are called.

use crate::keywords::{DATA, NAMED};
use serde_json::{Map, Value};

/// Keywords whose value is prose or documentation only.
const PROSE: [&str; 5] = [
    "description",
    "summary",
    "example",
    "examples",
    "externalDocs",
];

/// Returns `spec` without the vendor's prose.
pub fn strip_prose(spec: &Value) -> Value {
    keywords(spec)
}

/// A keyword object: prose and extensions removed, children visited by what they hold.
fn keywords(value: &Value) -> Value {
    match value {
        Value::Object(object) => {
            let mut out = Map::new();
            for (key, child) in object {
                if PROSE.contains(&key.as_str()) || key.starts_with("x-") {
                    continue;
                }
                let kept = if DATA.contains(&key.as_str()) {
                    child.clone()
                } else if key == "scopes" {
                    scopes(child)
                } else if key == "components" {
                    components(child)
                } else if NAMED.contains(&key.as_str()) {
                    named(child)
                } else {
                    keywords(child)
                };
                out.insert(key.clone(), kept);
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(keywords).collect()),
        other => other.clone(),
    }
}

/// An object keyed by names: the names stay, each value is a keyword object.
fn named(value: &Value) -> Value {
    match value {
        Value::Object(object) => Value::Object(
            object
                .iter()
                .filter(|(key, _)| !key.starts_with("x-"))
                .map(|(key, child)| (key.clone(), keywords(child)))
                .collect(),
        ),
        other => keywords(other),
    }
}

/// `components`: groups of named members; the `examples` group is prose only.
fn components(value: &Value) -> Value {
    match value {
        Value::Object(object) => Value::Object(
            object
                .iter()
                .filter(|(group, _)| *group != "examples" && !group.starts_with("x-"))
                .map(|(group, members)| (group.clone(), named(members)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// OAuth scopes map a scope name to its description: keep the names, drop the text.
fn scopes(value: &Value) -> Value {
    match value {
        Value::Object(object) => Value::Object(
            object
                .keys()
                .map(|k| (k.clone(), Value::String(String::new())))
                .collect(),
        ),
        other => other.clone(),
    }
}
