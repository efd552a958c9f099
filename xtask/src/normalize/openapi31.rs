//! OpenAPI 3.1 brought down to the 3.0 that progenitor reads.
//!
//! Vendors increasingly publish 3.1 (JSON Schema 2020-12 schemas). This step runs on the JSON
//! document before it is read into the 3.0 model and rewrites what 3.0 spells differently:
//!
//! - `type: [T, "null"]` becomes `type: T` + `nullable: true`; a `null` member of `oneOf` /
//!   `anyOf` becomes `nullable: true` on the wrapper; several non-null types become an `anyOf`;
//! - `const: v` becomes a one-value `enum: [v]`;
//! - a schema's `examples` array becomes its first `example`;
//! - `$ref` with siblings becomes `allOf: [{$ref}]` beside them (3.0 ignores `$ref` siblings;
//!   siblings that are only prose are dropped instead);
//! - numeric `exclusiveMinimum` / `exclusiveMaximum` become the bound plus a boolean flag;
//! - `contentEncoding: base64` becomes `format: byte`, `contentMediaType` is dropped (a binary
//!   string gets `format: binary`);
//! - 3.1-only keywords 3.0 has no place for (`$schema`, `$id`, `$defs`, `prefixItems`,
//!   `unevaluatedProperties`, `dependentRequired`, ...) and documents parts (`webhooks`,
//!   `jsonSchemaDialect`, `components.pathItems`, `info.summary`, `license.identifier`) are
//!   removed.
//!
//! Every change is reported with its JSON pointer, like the other steps.

use super::{walk::escape, Fix};
use crate::keywords::{DATA, NAMED};
use serde_json::{json, Map, Value};

const STEP: &str = "openapi-3.1";

/// 3.1 / JSON Schema 2020-12 keywords without a 3.0 equivalent.
const UNSUPPORTED: [&str; 12] = [
    "$schema",
    "$id",
    "$anchor",
    "$dynamicRef",
    "$dynamicAnchor",
    "$defs",
    "$comment",
    "prefixItems",
    "unevaluatedProperties",
    "unevaluatedItems",
    "dependentRequired",
    "propertyNames",
];

/// Whether `spec` is an OpenAPI 3.1 document.
pub fn is_3_1(spec: &Value) -> bool {
    spec.get("openapi")
        .and_then(Value::as_str)
        .is_some_and(|v| v.starts_with("3.1."))
}

/// Rewrites a 3.1 document as 3.0.3; a 3.0 document is returned unchanged with no fixes.
pub fn downgrade(spec: &Value) -> (Value, Vec<Fix>) {
    let mut spec = spec.clone();
    let mut fixes = Vec::new();
    if !is_3_1(&spec) {
        return (spec, fixes);
    }
    let mut report = |pointer: &str, message: String| {
        fixes.push(Fix {
            step: STEP,
            operation_id: None,
            pointer: pointer.to_string(),
            message,
        })
    };
    let was = spec["openapi"].as_str().unwrap_or_default().to_string();
    spec["openapi"] = json!("3.0.3");
    report("/openapi", format!("version {was} rewritten as 3.0.3"));
    if let Some(root) = spec.as_object_mut() {
        for key in ["webhooks", "jsonSchemaDialect"] {
            if root.remove(key).is_some() {
                report(&format!("/{key}"), format!("`{key}` removed (3.1 only)"));
            }
        }
        if !root.contains_key("paths") {
            root.insert("paths".into(), json!({}));
            report("/paths", "empty `paths` added (required in 3.0)".into());
        }
    }
    for (parent, key) in [
        ("info", "summary"),
        ("components", "pathItems"),
        ("license", "identifier"),
    ] {
        let target = if parent == "license" {
            spec.pointer_mut("/info/license")
        } else {
            spec.get_mut(parent)
        };
        if let Some(object) = target.and_then(Value::as_object_mut) {
            if object.remove(key).is_some() {
                report(
                    &format!("/{parent}/{key}"),
                    format!("`{key}` removed (3.1 only)"),
                );
            }
        }
    }
    visit_keywords(&mut spec, "", &mut report);
    (spec, fixes)
}

/// Visits an object whose keys are keywords (a schema, an operation, a path item...).
fn visit_keywords(value: &mut Value, pointer: &str, report: &mut dyn FnMut(&str, String)) {
    match value {
        Value::Object(object) => {
            rewrite_schema(object, pointer, report);
            for (key, child) in object.iter_mut() {
                let at = format!("{pointer}/{}", escape(key));
                if DATA.contains(&key.as_str()) {
                    continue;
                }
                if NAMED.contains(&key.as_str()) || key == "components" {
                    visit_named(child, &at, key == "components", report);
                } else {
                    visit_keywords(child, &at, report);
                }
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter_mut().enumerate() {
                visit_keywords(item, &format!("{pointer}/{index}"), report);
            }
        }
        _ => {}
    }
}

/// Visits an object keyed by names; `groups` for `components`, whose members are named maps.
fn visit_named(
    value: &mut Value,
    pointer: &str,
    groups: bool,
    report: &mut dyn FnMut(&str, String),
) {
    let Value::Object(object) = value else {
        return;
    };
    for (name, child) in object.iter_mut() {
        let at = format!("{pointer}/{}", escape(name));
        if groups {
            visit_named(child, &at, false, report);
        } else {
            visit_keywords(child, &at, report);
        }
    }
}

/// The 3.1 spellings of one object, rewritten in place. Harmless on non-schema objects: the
/// keywords it looks at only occur in schemas (and `$ref` in reference objects).
fn rewrite_schema(
    object: &mut Map<String, Value>,
    pointer: &str,
    report: &mut dyn FnMut(&str, String),
) {
    let at = |key: &str| format!("{pointer}/{key}");
    if let Some(Value::Array(types)) = object.get("type").cloned() {
        let nullable = types.iter().any(|t| t == "null");
        let others: Vec<Value> = types.into_iter().filter(|t| t != "null").collect();
        match others.as_slice() {
            [] => {
                object.remove("type");
            }
            [one] => {
                object.insert("type".into(), one.clone());
            }
            many => {
                object.remove("type");
                let variants: Vec<Value> = many.iter().map(|t| json!({ "type": t })).collect();
                object.insert("anyOf".into(), Value::Array(variants));
            }
        }
        if nullable {
            object.insert("nullable".into(), Value::Bool(true));
        }
        report(
            &at("type"),
            "type array rewritten as one type (+ `nullable`)".into(),
        );
    }
    if object.get("type").is_some_and(|t| t == "null") {
        object.remove("type");
        object.insert("nullable".into(), Value::Bool(true));
        object.insert("enum".into(), json!([null]));
        report(
            &at("type"),
            "`type: null` rewritten as a nullable `enum: [null]`".into(),
        );
    }
    for wrapper in ["oneOf", "anyOf"] {
        let Some(Value::Array(members)) = object.get_mut(wrapper) else {
            continue;
        };
        let before = members.len();
        members.retain(|m| {
            m.get("type").is_none_or(|t| t != "null") || m.as_object().is_some_and(|o| o.len() > 1)
        });
        if members.len() < before {
            object.insert("nullable".into(), Value::Bool(true));
            report(
                &at(wrapper),
                format!("`null` member of `{wrapper}` rewritten as `nullable: true`"),
            );
        }
    }
    if let Some(value) = object.remove("const") {
        object.insert("enum".into(), Value::Array(vec![value]));
        report(
            &at("const"),
            "`const` rewritten as a one-value `enum`".into(),
        );
    }
    if let Some(Value::Array(examples)) = object.get("examples").cloned() {
        object.remove("examples");
        if let Some(first) = examples.into_iter().next() {
            object.entry("example").or_insert(first);
        }
        report(
            &at("examples"),
            "`examples` array rewritten as one `example`".into(),
        );
    }
    if object.contains_key("$ref") && object.len() > 1 {
        let reference = object.remove("$ref").expect("checked above");
        let prose_only = object.keys().all(|k| k == "description" || k == "summary");
        if prose_only {
            object.retain(|_, _| false);
            object.insert("$ref".into(), reference);
            report(
                &at("$ref"),
                "prose beside `$ref` removed (3.0 ignores it)".into(),
            );
        } else {
            object.insert("allOf".into(), json!([{ "$ref": reference }]));
            report(
                &at("$ref"),
                "`$ref` with sibling keywords wrapped in `allOf` so that the siblings count".into(),
            );
        }
    }
    for (exclusive, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if let Some(limit) = object.get(exclusive).filter(|v| v.is_number()).cloned() {
            object.insert(bound.into(), limit);
            object.insert(exclusive.into(), Value::Bool(true));
            report(
                &at(exclusive),
                format!("numeric `{exclusive}` rewritten as `{bound}` + `{exclusive}: true`"),
            );
        }
    }
    if let Some(encoding) = object.remove("contentEncoding") {
        if encoding == "base64" {
            object.insert("format".into(), json!("byte"));
        }
        report(
            &at("contentEncoding"),
            format!("`contentEncoding: {encoding}` rewritten as a format"),
        );
    }
    if let Some(media) = object.remove("contentMediaType") {
        if !object.contains_key("format") {
            object.insert("format".into(), json!("binary"));
        }
        report(
            &at("contentMediaType"),
            format!("`contentMediaType: {media}` removed"),
        );
    }
    for keyword in UNSUPPORTED {
        if object.remove(keyword).is_some() {
            report(
                &at(keyword),
                format!("`{keyword}` removed (no OpenAPI 3.0 equivalent)"),
            );
        }
    }
}
