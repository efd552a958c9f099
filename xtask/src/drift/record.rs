//! The divergence record: `openapi/<api>/divergences.yaml`, every deliberate difference between
//! the vendor's spec and ours, with the reason and the evidence.
//!
//! ```yaml
//! - id: token-scheme                     # unique kebab-case
//!   kind: differs                        # ours-only | upstream-only | differs
//!   match: "security"                    # glob over drift item paths (`*`, `?`)
//!   reason: The API wants `Authorization: Token <key>`, not a bearer token.
//!   evidence:
//!     - "facts: reference/api-facts.md (Authentication)"
//! ```
//!
//! Item paths: `GET /v1/x` (operation), `GET /v1/x query.cursor` (parameter),
//! `POST /v1/x request.a.b`, `GET /v1/x response[].id` (body fields, `[]` for array items),
//! `security`. A `differs` item ends with its aspect (` (type)`, ` (format)`, ` (nullable)`,
//! ` (required)`, ` (enum)`), and so do enum values present on one side only; a pattern
//! without an aspect matches every aspect.

use super::Kind;
use anyhow::{anyhow, bail, Result};
use serde::Deserialize;
use std::collections::BTreeSet;
use std::path::Path;

/// The aspects a `differs` item (or a one-sided enum value) can carry.
pub const ASPECTS: [&str; 5] = ["type", "format", "nullable", "required", "enum"];

/// One entry of the record.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub id: String,
    pub kind: Kind,
    #[serde(rename = "match")]
    pub pattern: String,
    pub reason: String,
    pub evidence: Vec<String>,
    /// The line of the entry in its file (for messages); not part of the YAML.
    #[serde(skip)]
    pub line: usize,
}

impl Entry {
    /// Whether this entry explains a difference of `kind` at `item` (which may end in an aspect).
    pub fn explains(&self, kind: Kind, item: &str) -> bool {
        if kind != self.kind {
            return false;
        }
        let target = if aspect_of(&self.pattern).is_some() {
            item
        } else {
            without_aspect(item)
        };
        glob(&self.pattern, target)
    }
}

/// Reads and checks a record. A missing file is an empty record.
pub fn load(path: &Path) -> Result<Vec<Entry>> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(anyhow!("reading {}: {e}", path.display())),
    };
    parse(&text, &path.display().to_string())
}

/// Parses record text; `file` names it in errors (`file:line:column: message`).
pub fn parse(text: &str, file: &str) -> Result<Vec<Entry>> {
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    let mut entries: Vec<Entry> = serde_norway::from_str(text).map_err(|e| match e.location() {
        Some(at) => anyhow!("{file}:{}:{}: {e}", at.line(), at.column()),
        None => anyhow!("{file}: {e}"),
    })?;
    let mut ids = BTreeSet::new();
    for entry in &mut entries {
        entry.line = line_of(text, &entry.id);
        let at = format!("{file}:{}", entry.line);
        if !crate::keywords::is_kebab_case(&entry.id) {
            bail!("{at}: id `{}` must be kebab-case", entry.id);
        }
        if !ids.insert(entry.id.clone()) {
            bail!("{at}: id `{}` is used twice", entry.id);
        }
        if entry.pattern.trim().is_empty() {
            bail!("{at}: entry `{}` has an empty `match`", entry.id);
        }
        if let Some(aspect) = aspect_of(&entry.pattern) {
            if entry.kind != Kind::Differs && aspect != "enum" {
                bail!(
                    "{at}: entry `{}`: the aspect ({aspect}) only exists on `differs` items",
                    entry.id
                );
            }
        }
        if entry.reason.trim().is_empty() {
            bail!("{at}: entry `{}` has no reason", entry.id);
        }
        if entry.evidence.iter().all(|e| e.trim().is_empty()) {
            bail!("{at}: entry `{}` has no evidence", entry.id);
        }
    }
    Ok(entries)
}

/// The 1-based line where the entry with `id` starts.
fn line_of(text: &str, id: &str) -> usize {
    text.lines()
        .position(|line| {
            let line = line.trim_start().trim_start_matches("- ").trim_start();
            line.strip_prefix("id:")
                .map(|rest| rest.trim().trim_matches(['"', '\'']) == id)
                .unwrap_or(false)
        })
        .map_or(0, |index| index + 1)
}

/// The aspect a pattern or item ends with, if any.
pub fn aspect_of(path: &str) -> Option<&'static str> {
    ASPECTS
        .into_iter()
        .find(|aspect| path.ends_with(&format!(" ({aspect})")))
}

/// An item path without its aspect.
pub fn without_aspect(path: &str) -> &str {
    match aspect_of(path) {
        Some(aspect) => &path[..path.len() - aspect.len() - 3],
        None => path,
    }
}

/// `*` matches any run of characters (also empty), `?` exactly one; the rest is literal.
pub fn glob(pattern: &str, text: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || (p[pi] != '*' && p[pi] == t[ti])) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
        } else if let Some((star_p, star_t)) = star {
            pi = star_p + 1;
            ti = star_t + 1;
            star = Some((star_p, star_t + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}
