//! Tests of the maintainer pipeline: normalization (3.0 and 3.1), generation, the generated-code
//! check, fetch of the upstream, drift against it and adoption, standalone crates.

mod check;
mod divergences;
mod drift;
mod fetch;
mod generate;
mod httpmock;
mod normalize;
mod openapi31;
mod standalone;

use serde_json::{json, Value};

/// A minimal OpenAPI 3.0.3 document with the given paths and component schemas.
pub fn spec(paths: Value, schemas: Value) -> Value {
    json!({
        "openapi": "3.0.3",
        "info": {"title": "GitGuardian API", "version": "1.1.0"},
        "paths": paths,
        "components": {
            "schemas": schemas,
            "responses": {
                "Error": {
                    "description": "error",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
                }
            }
        }
    })
}

/// The error schema every small spec shares.
pub fn error_schema() -> Value {
    json!({"type": "object", "required": ["detail"], "properties": {"detail": {"type": "string"}}})
}

/// One GET operation answering 200 with `schema`.
pub fn get_op(operation_id: &str, schema: Value) -> Value {
    json!({
        "get": {
            "operationId": operation_id,
            "responses": {
                "200": {"description": "ok", "content": {"application/json": {"schema": schema}}},
                "401": {"$ref": "#/components/responses/Error"}
            }
        }
    })
}
