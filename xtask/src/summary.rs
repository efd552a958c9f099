//! Human summaries of what changed: between two generated sources (`check`) and between two
//! specs (`fetch`).

use quote::ToTokens;
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt;

/// Names added, removed and changed between two versions of a set of named things.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Delta {
    pub added: Vec<String>,
    pub removed: Vec<String>,
    pub changed: Vec<String>,
}

impl Delta {
    /// Compares two maps of name to content.
    pub fn between(old: &BTreeMap<String, String>, new: &BTreeMap<String, String>) -> Self {
        let mut delta = Delta::default();
        for (name, content) in new {
            match old.get(name) {
                None => delta.added.push(name.clone()),
                Some(before) if before != content => delta.changed.push(name.clone()),
                Some(_) => {}
            }
        }
        delta.removed = old
            .keys()
            .filter(|k| !new.contains_key(*k))
            .cloned()
            .collect();
        delta
    }

    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }

    fn write(&self, f: &mut fmt::Formatter<'_>, what: &str) -> fmt::Result {
        for (verb, names) in [
            ("added", &self.added),
            ("removed", &self.removed),
            ("changed", &self.changed),
        ] {
            if !names.is_empty() {
                writeln!(f, "  {what} {verb} ({}): {}", names.len(), names.join(", "))?;
            }
        }
        Ok(())
    }
}

/// What differs between two generated sources, by operation and by type.
#[derive(Debug, Default)]
pub struct CodeChanges {
    pub operations: Delta,
    pub types: Delta,
}

impl fmt::Display for CodeChanges {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.operations.write(f, "operations")?;
        self.types.write(f, "types")
    }
}

/// Compares generated sources item by item. Sources that do not parse count as one change.
pub fn code_changes(old: &str, new: &str) -> CodeChanges {
    let (old, new) = (items(old), items(new));
    CodeChanges {
        operations: Delta::between(&old.0, &new.0),
        types: Delta::between(&old.1, &new.1),
    }
}

/// (operations: client method name -> tokens of method and builder, types: name -> tokens).
fn items(source: &str) -> (BTreeMap<String, String>, BTreeMap<String, String>) {
    let mut operations = BTreeMap::new();
    let mut types = BTreeMap::new();
    let Ok(file) = syn::parse_file(source) else {
        types.insert("<unparsable source>".into(), source.to_string());
        return (operations, types);
    };
    let mut builders = BTreeMap::new();
    for item in &file.items {
        match item {
            syn::Item::Impl(imp) if is_client(&imp.self_ty) => {
                for item in &imp.items {
                    if let syn::ImplItem::Fn(f) = item {
                        operations.insert(f.sig.ident.to_string(), f.to_token_stream().to_string());
                    }
                }
            }
            syn::Item::Mod(m) if m.ident == "types" => {
                for (name, tokens) in named_items(m) {
                    types
                        .entry(name)
                        .or_insert_with(String::new)
                        .push_str(&tokens);
                }
            }
            syn::Item::Mod(m) if m.ident == "builder" => {
                for (name, tokens) in named_items(m) {
                    builders
                        .entry(name)
                        .or_insert_with(String::new)
                        .push_str(&tokens);
                }
            }
            _ => {}
        }
    }
    // A builder is named after its operation in PascalCase; fold it into the operation.
    for (method, tokens) in operations.iter_mut() {
        let pascal: String = method
            .split('_')
            .map(|w| {
                let mut c = w.chars();
                c.next()
                    .map(|h| h.to_uppercase().chain(c).collect::<String>())
                    .unwrap_or_default()
            })
            .collect();
        if let Some(builder) = builders.get(&pascal) {
            tokens.push_str(builder);
        }
    }
    (operations, types)
}

fn is_client(ty: &syn::Type) -> bool {
    matches!(ty, syn::Type::Path(p) if p.path.is_ident("Client"))
}

/// Structs, enums and their impls in a module, keyed by type name.
fn named_items(m: &syn::ItemMod) -> Vec<(String, String)> {
    let Some((_, items)) = &m.content else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| {
            let name = match item {
                syn::Item::Struct(s) => s.ident.to_string(),
                syn::Item::Enum(e) => e.ident.to_string(),
                syn::Item::Impl(imp) => match imp.self_ty.as_ref() {
                    syn::Type::Path(p) => p.path.segments.last()?.ident.to_string(),
                    _ => return None,
                },
                _ => return None,
            };
            Some((name, item.to_token_stream().to_string()))
        })
        .collect()
}

/// What differs between two specs, by operation (`operationId`, or `METHOD path`).
pub fn spec_changes(old: &Value, new: &Value) -> Delta {
    Delta::between(&operations(old), &operations(new))
}

fn operations(spec: &Value) -> BTreeMap<String, String> {
    let mut ops = BTreeMap::new();
    let Some(paths) = spec.get("paths").and_then(Value::as_object) else {
        return ops;
    };
    for (path, item) in paths {
        let Some(item) = item.as_object() else {
            continue;
        };
        for (method, op) in item {
            if ![
                "get", "put", "post", "delete", "options", "head", "patch", "trace",
            ]
            .contains(&method.as_str())
            {
                continue;
            }
            let name = op
                .get("operationId")
                .and_then(Value::as_str)
                .map(str::to_string)
                .unwrap_or_else(|| format!("{} {path}", method.to_uppercase()));
            ops.insert(name, op.to_string());
        }
    }
    ops
}

/// A unified diff of two texts, with three lines of context.
pub fn unified_diff(old: &str, new: &str, old_name: &str, new_name: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(old_name, new_name)
        .to_string()
}
