//! `cargo xtask check`: is the checked-in raw client what the spec generates?

use crate::{generate, normalize, paths, provenance, spec, summary};
use anyhow::Result;
use std::path::Path;

/// The outcome of a drift check.
pub enum Outcome {
    /// The checked-in code is up to date.
    Clean { operations: usize, types: usize },
    /// The code differs; `report` says what and how.
    Drift { report: String },
}

/// Regenerates from `spec_path` in memory, with the default normalization, and compares with
/// `generated_path`.
pub fn check(spec_path: &Path, generated_path: &Path) -> Result<Outcome> {
    check_with(spec_path, generated_path, normalize::Options::default())
}

/// [`check`] with the normalization an API's manifest entry selects.
pub fn check_with(
    spec_path: &Path,
    generated_path: &Path,
    options: normalize::Options,
) -> Result<Outcome> {
    let value = spec::load_value(spec_path)?;
    let fresh = generate::generate_with(&value, &source_name(spec_path), options)?;
    let current = std::fs::read_to_string(generated_path).unwrap_or_default();
    let record = provenance::mismatch(spec_path)?;
    if current == fresh.code && record.is_none() {
        return Ok(Outcome::Clean {
            operations: fresh.operations,
            types: fresh.types,
        });
    }
    let changes = summary::code_changes(&current, &fresh.code);
    let mut report = format!(
        "{} is out of date with {}.\nRun `cargo xtask regen` and review the snapshot tests.\n",
        generated_path.display(),
        spec_path.display()
    );
    if let Some(record) = record {
        report.push_str(&format!("  {record}\n"));
    }
    let listed = changes.to_string();
    if current == fresh.code {
        return Ok(Outcome::Drift { report });
    }
    if listed.is_empty() {
        report.push_str("  (only comments, formatting or the header differ)\n");
    } else {
        report.push_str(&listed);
    }
    report.push('\n');
    report.push_str(&summary::unified_diff(
        &current,
        &fresh.code,
        "checked-in",
        "regenerated",
    ));
    Ok(Outcome::Drift { report })
}

/// How the spec is named in the generated header: relative to the workspace when inside it,
/// so that the header (and so the check) does not depend on where the checkout lives.
pub fn source_name(spec_path: &Path) -> String {
    let root = paths::workspace_root();
    let absolute = spec_path
        .canonicalize()
        .unwrap_or_else(|_| spec_path.to_path_buf());
    let root = root.canonicalize().unwrap_or(root);
    match absolute.strip_prefix(&root) {
        Ok(relative) => relative.display().to_string(),
        Err(_) => spec_path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| spec_path.display().to_string()),
    }
}
