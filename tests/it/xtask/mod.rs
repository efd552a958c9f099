//! Tests of the maintainer pipeline: normalization (3.0 and 3.1), generation, the generated-code
//! check, fetch of the upstream, drift against it and adoption, standalone crates.

mod check;
mod divergences;
mod drift;
mod fetch;
mod generate;
mod httpmock;
mod manifest;
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

/// One manifest entry named `name` for a crate `crate_name`, with `extra` TOML lines appended.
pub fn manifest_entry(name: &str, crate_name: &str, extra: &str) -> String {
    format!(
        "[[api]]\nname = \"{name}\"\ncrate = \"{crate_name}\"\n\
         generated = \"{crate_name}/src/generated.rs\"\n\
         upstream_url = \"https://x\"\nserver = \"https://x\"\n{extra}"
    )
}

/// Loads `text` as `openapi/apis.toml` of a scratch workspace in `dir`; the error with its
/// causes when it is refused.
pub fn load_manifest(
    dir: &std::path::Path,
    text: &str,
) -> Result<xtask::manifest::Manifest, String> {
    let path = dir.join("openapi").join(xtask::manifest::FILE);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    xtask::manifest::Manifest::load(&path).map_err(|e| format!("{e:#}"))
}
