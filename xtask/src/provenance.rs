//! `source.json` beside a spec records where it came from (URL or "hand-written"), when, and
//! the sha256 of its bytes. `fetch` writes it, `regen` refreshes the hash, and `check` fails
//! when the spec was edited without regenerating.

use anyhow::{Context, Result};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// The record that belongs to `spec`.
pub fn record_path(spec: &Path) -> PathBuf {
    spec.with_file_name("source.json")
}

/// sha256 of a file's bytes, as lowercase hex.
pub fn sha256_of(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    Ok(format!("{:x}", Sha256::digest(bytes)))
}

/// Sets the record's `sha256` to the spec's, creating a "hand-written" record if none exists.
pub fn refresh(spec: &Path) -> Result<()> {
    let path = record_path(spec);
    let mut record: Value = std::fs::read_to_string(&path)
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_else(|| json!({"url": "hand-written from the public API reference"}));
    record["sha256"] = json!(sha256_of(spec)?);
    record["file"] = json!(spec.file_name().map(|n| n.to_string_lossy().into_owned()));
    crate::files::write_atomically(&path, crate::spec::to_stable_text(&record))
}

/// A sentence saying how the record disagrees with the spec, or `None` when it agrees or
/// there is no record.
pub fn mismatch(spec: &Path) -> Result<Option<String>> {
    let Ok(text) = std::fs::read_to_string(record_path(spec)) else {
        return Ok(None);
    };
    let record: Value = serde_json::from_str(&text)
        .with_context(|| format!("{} is not valid JSON", record_path(spec).display()))?;
    let recorded = record.get("sha256").and_then(Value::as_str).unwrap_or("");
    let actual = sha256_of(spec)?;
    Ok((recorded != actual).then(|| {
        format!(
            "{} records sha256 {recorded} but {} has {actual}: the spec changed without \
             `cargo xtask regen`",
            record_path(spec).display(),
            spec.display()
        )
    }))
}
