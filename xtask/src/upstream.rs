//! The vendor's spec as we store it: structure only.
//!
//! `upstream.json` keeps what the comparison needs (paths, operations, parameters, schemas,
//! enums, formats, responses, security) and drops the vendor's prose, which is theirs and under
//! their terms: `description`, `summary`, `example`/`examples`, `externalDocs`, documentation
//! extensions (`x-*`) and the text of OAuth scopes. Keys that are names (properties, paths,
//! components, status codes, media types) are kept whatever they are called.

use crate::keywords::{DATA, NAMED};
use serde_json::{Map, Value};
use std::collections::BTreeSet;

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

/// Keeps the operations tagged with one of `tags` (all of them when `tags` is empty) and the
/// components they reference, directly or through other components. For vendors whose one
/// document describes far more than the API we generate (GitHub's REST description, of which
/// we take the `secret-scanning` operations).
pub fn select_tags(spec: &Value, tags: &[String]) -> Value {
    if tags.is_empty() {
        return spec.clone();
    }
    let mut selected = spec.clone();
    if let Some(paths) = selected.get_mut("paths").and_then(Value::as_object_mut) {
        for item in paths.values_mut() {
            if let Some(item) = item.as_object_mut() {
                item.retain(|key, operation| {
                    !crate::drift::surface::METHODS.contains(&key.as_str())
                        || operation
                            .get("tags")
                            .and_then(Value::as_array)
                            .is_some_and(|t| t.iter().any(|t| tags.iter().any(|w| t == w)))
                });
            }
        }
        paths.retain(|_, item| {
            item.as_object().is_some_and(|item| {
                item.keys()
                    .any(|k| crate::drift::surface::METHODS.contains(&k.as_str()))
            })
        });
    }
    // Components reachable from what is left (paths and security), to a fixed point.
    let mut reachable = BTreeSet::new();
    let mut pending = references(selected.get("paths").unwrap_or(&Value::Null));
    while let Some(reference) = pending.pop() {
        if !reachable.insert(reference.clone()) {
            continue;
        }
        if let Some(target) = reference.strip_prefix('#').and_then(|p| spec.pointer(p)) {
            pending.extend(references(target));
        }
    }
    if let Some(components) = selected
        .get_mut("components")
        .and_then(Value::as_object_mut)
    {
        for (group, members) in components.iter_mut() {
            if group == "securitySchemes" {
                continue;
            }
            if let Some(members) = members.as_object_mut() {
                members.retain(|name, _| {
                    reachable.contains(&format!(
                        "#/components/{group}/{}",
                        crate::normalize::walk::escape(name)
                    ))
                });
            }
        }
    }
    selected
}

/// Every `$ref` under `value`.
fn references(value: &Value) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![value];
    while let Some(value) = stack.pop() {
        match value {
            Value::Object(object) => {
                if let Some(Value::String(reference)) = object.get("$ref") {
                    found.push(reference.clone());
                }
                stack.extend(object.values());
            }
            Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    found
}
