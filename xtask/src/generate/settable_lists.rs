//! Optional lists of request bodies can be sent empty.
//!
//! Typify models an optional array as a plain `Vec` skipped when empty, so "not set" and
//! "set to `[]`" serialize alike and a caller cannot clear a list (`"ip_ranges": []`,
//! `"sources_to_remove": []`). Marking those arrays nullable makes typify use
//! `Option<Vec<T>>` skipped only when `None`: `Some(vec![])` is sent as `[]`.
//!
//! Only schemas reached from request bodies and from no response are changed, so that
//! decoded values keep their plain `Vec` fields.

use serde_json::{Map, Value};
use std::collections::BTreeSet;

const PREFIX: &str = "#/components/schemas/";

/// Marks the optional array properties of request-only component schemas nullable. Returns
/// how many properties were changed.
pub fn keep_empty_lists(spec: &mut Value) -> usize {
    let schemas = spec["components"]["schemas"].clone();
    let (mut requests, mut responses) = (BTreeSet::new(), BTreeSet::new());
    if let Some(paths) = spec["paths"].as_object() {
        for operation in paths
            .values()
            .filter_map(Value::as_object)
            .flat_map(Map::values)
        {
            reach(&operation["requestBody"], &schemas, &mut requests);
            reach(&operation["responses"], &schemas, &mut responses);
        }
    }
    let mut changed = 0;
    for name in requests.difference(&responses) {
        let Some(schema) = spec["components"]["schemas"][name].as_object_mut() else {
            continue;
        };
        let required: BTreeSet<String> = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|r| {
                r.iter()
                    .filter_map(Value::as_str)
                    .map(String::from)
                    .collect()
            })
            .unwrap_or_default();
        let Some(properties) = schema.get_mut("properties").and_then(Value::as_object_mut) else {
            continue;
        };
        for (field, property) in properties.iter_mut() {
            let is_array = property.get("type").and_then(Value::as_str) == Some("array");
            if is_array && !required.contains(field) && property.get("nullable").is_none() {
                property["nullable"] = Value::Bool(true);
                changed += 1;
            }
        }
    }
    changed
}

/// Adds to `found` every component schema `value` refers to, directly or through others.
fn reach(value: &Value, schemas: &Value, found: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            if let Some(name) = map
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix(PREFIX))
            {
                if found.insert(name.to_string()) {
                    reach(&schemas[name], schemas, found);
                }
            }
            map.values().for_each(|v| reach(v, schemas, found));
        }
        Value::Array(items) => items.iter().for_each(|v| reach(v, schemas, found)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn request_only_optional_arrays_become_nullable() {
        let mut spec = json!({
            "paths": {"/x": {"post": {
                "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Req"}}}},
                "responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Both"}}}}}
            }, "patch": {
                "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Both"}}}},
                "responses": {}
            }}},
            "components": {"schemas": {
                "Req": {"type": "object", "required": ["must"], "properties": {
                    "ids": {"type": "array", "items": {"type": "integer"}},
                    "must": {"type": "array", "items": {"type": "integer"}},
                    "name": {"type": "string"}
                }},
                "Both": {"type": "object", "properties": {"ids": {"type": "array", "items": {}}}}
            }}
        });
        assert_eq!(keep_empty_lists(&mut spec), 1);
        let schemas = &spec["components"]["schemas"];
        assert_eq!(schemas["Req"]["properties"]["ids"]["nullable"], json!(true));
        assert!(schemas["Req"]["properties"]["must"]
            .get("nullable")
            .is_none());
        assert!(schemas["Both"]["properties"]["ids"]
            .get("nullable")
            .is_none());
    }
}
