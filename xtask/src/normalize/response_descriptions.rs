//! OpenAPI 3.0 requires a `description` on every response; vendor documents (and our stored
//! upstreams, whose prose is stripped) often lack it, and the 3.0 model refuses to read them.
//! An empty description is filled in before the document is read, and reported.

use super::{walk::escape, Fix};
use serde_json::Value;

const STEP: &str = "response-descriptions";

/// Adds `description: ""` to every response object (in operations and `components.responses`)
/// that has none.
pub fn fill(spec: &mut Value) -> Vec<Fix> {
    let mut fixes = Vec::new();
    let mut fill_one = |pointer: String, response: &mut Value| {
        if let Some(object) = response.as_object_mut() {
            if !object.contains_key("$ref") && !object.contains_key("description") {
                object.insert("description".into(), Value::String(String::new()));
                fixes.push(Fix {
                    step: STEP,
                    operation_id: None,
                    pointer,
                    message: "response without the required `description`: an empty one added"
                        .into(),
                });
            }
        }
    };
    if let Some(responses) = spec
        .pointer_mut("/components/responses")
        .and_then(Value::as_object_mut)
    {
        for (name, response) in responses.iter_mut() {
            fill_one(format!("/components/responses/{}", escape(name)), response);
        }
    }
    if let Some(paths) = spec.get_mut("paths").and_then(Value::as_object_mut) {
        for (path, item) in paths.iter_mut() {
            let Some(item) = item.as_object_mut() else {
                continue;
            };
            for (method, operation) in item.iter_mut() {
                let Some(responses) = operation
                    .get_mut("responses")
                    .and_then(Value::as_object_mut)
                else {
                    continue;
                };
                for (code, response) in responses.iter_mut() {
                    let pointer = format!(
                        "/paths/{}/{method}/responses/{}",
                        escape(path),
                        escape(code)
                    );
                    fill_one(pointer, response);
                }
            }
        }
    }
    fixes
}
