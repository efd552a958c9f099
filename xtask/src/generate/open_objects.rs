//! Objects that declare properties and also allow any other key (`additionalProperties: true`)
//! keep those other keys.
//!
//! Typify ignores unknown keys of such objects, so a settings map that grows on the server
//! (instance preferences, notification switches) would lose every key the spec does not name.
//! An equivalent permissive schema, `{}`, makes typify add a flattened map instead:
//!
//! ```text
//! #[serde(flatten)]
//! pub extra: serde_json::Map<String, serde_json::Value>,
//! ```

use serde_json::{json, Value};

/// Rewrites every `additionalProperties: true` beside non-empty `properties` as
/// `additionalProperties: {}`. Returns how many objects were opened.
pub fn keep_unknown_keys(spec: &mut Value) -> usize {
    let mut opened = 0;
    visit(spec, &mut opened);
    opened
}

fn visit(value: &mut Value, opened: &mut usize) {
    match value {
        Value::Object(map) => {
            let has_properties = map
                .get("properties")
                .and_then(Value::as_object)
                .is_some_and(|p| !p.is_empty());
            if has_properties && map.get("additionalProperties") == Some(&Value::Bool(true)) {
                map.insert("additionalProperties".into(), json!({}));
                *opened += 1;
            }
            map.values_mut().for_each(|v| visit(v, opened));
        }
        Value::Array(items) => items.iter_mut().for_each(|v| visit(v, opened)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_objects_with_properties_are_opened() {
        let mut spec = json!({
            "a": {"type": "object", "additionalProperties": true, "properties": {"x": {}}},
            "b": {"type": "object", "additionalProperties": true},
            "c": {"type": "object", "additionalProperties": false, "properties": {"x": {}}}
        });
        assert_eq!(keep_unknown_keys(&mut spec), 1);
        assert_eq!(spec["a"]["additionalProperties"], json!({}));
        assert_eq!(spec["b"]["additionalProperties"], json!(true));
        assert_eq!(spec["c"]["additionalProperties"], json!(false));
    }
}
