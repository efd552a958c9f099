//! Loading and writing spec files.

use anyhow::{bail, Context, Result};
use openapiv3::OpenAPI;
use serde_json::Value;
use std::path::Path;

/// Reads a spec file as JSON, checking that it is an OpenAPI 3.0.x document.
pub fn load_value(path: &Path) -> Result<Value> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    parse_value(&text).with_context(|| format!("in {}", path.display()))
}

/// Reads a spec file as JSON, accepting OpenAPI 3.0.x and 3.1.x (3.1 is brought down to 3.0
/// where it is generated from or compared).
pub fn load_any_value(path: &Path) -> Result<Value> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let value: Value = serde_json::from_str(&text)
        .with_context(|| format!("{} is not valid JSON", path.display()))?;
    check_fetchable_version(&value).with_context(|| format!("in {}", path.display()))?;
    Ok(value)
}

/// Parses spec text, checking that it is an OpenAPI 3.0.x JSON document.
pub fn parse_value(text: &str) -> Result<Value> {
    let value: Value = serde_json::from_str(text).context("the spec is not valid JSON")?;
    check_version(&value)?;
    Ok(value)
}

/// Progenitor reads OpenAPI 3.0.x only: say so plainly instead of failing deep inside it.
pub fn check_version(value: &Value) -> Result<()> {
    match value.get("openapi").and_then(Value::as_str) {
        Some(v) if v.starts_with("3.0.") => Ok(()),
        Some(v) => bail!("the spec is OpenAPI {v}; only OpenAPI 3.0.x is supported"),
        None => bail!("the document has no \"openapi\" version field: it is not an OpenAPI spec"),
    }
}

/// What `fetch` accepts as an upstream: OpenAPI 3.0.x, or 3.1.x (read through the 3.1
/// downgrade when compared or generated from).
pub fn check_fetchable_version(value: &Value) -> Result<()> {
    match value.get("openapi").and_then(Value::as_str) {
        Some(v) if v.starts_with("3.0.") || v.starts_with("3.1.") => Ok(()),
        Some(v) => bail!("the document is OpenAPI {v}; only OpenAPI 3.0.x and 3.1.x are supported"),
        None => bail!("the document has no \"openapi\" version field: it is not an OpenAPI spec"),
    }
}

/// Converts a JSON spec into the typed model the normalization steps work on.
pub fn to_openapi(value: &Value) -> Result<OpenAPI> {
    serde_json::from_value(value.clone()).context("the spec does not match the OpenAPI 3.0 model")
}

/// Pretty-prints a spec the same way every time (key order as given, 2-space indent,
/// trailing newline), so that files written by `fetch` diff cleanly.
pub fn to_stable_text(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).expect("JSON values always serialize");
    text.push('\n');
    text
}
