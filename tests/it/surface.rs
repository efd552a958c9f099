//! Snapshots of the API surface: every operation as the spec describes it, and every generated
//! Rust item with its fields. Any spec change that alters what users can call or receive fails
//! here with a readable diff; review it with `cargo insta review` after `cargo xtask regen`.

use quote::ToTokens;
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt::Write;

fn gitguardian() -> xtask::manifest::Api {
    let manifest = xtask::manifest::Manifest::workspace().unwrap();
    manifest.get("gitguardian").unwrap().clone()
}

fn spec() -> Value {
    xtask::spec::load_value(&gitguardian().spec()).unwrap()
}

fn generated() -> syn::File {
    syn::parse_file(&std::fs::read_to_string(gitguardian().generated_file()).unwrap()).unwrap()
}

/// Follows a local `$ref` (`#/components/...`).
fn resolve<'a>(spec: &'a Value, node: &'a Value) -> &'a Value {
    match node.get("$ref").and_then(Value::as_str) {
        Some(r) => spec.pointer(r.trim_start_matches('#')).unwrap_or(node),
        None => node,
    }
}

/// A schema as one short line: `$ref` names, arrays, formats, enums, ranges, nullability.
fn describe(schema: &Value) -> String {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        return r.rsplit('/').next().unwrap().to_string();
    }
    let mut out = match schema.get("type").and_then(Value::as_str) {
        Some("array") => format!("[{}]", describe(&schema["items"])),
        Some(t) => t.to_string(),
        None => ["allOf", "oneOf", "anyOf"]
            .iter()
            .find_map(|k| schema.get(*k).and_then(Value::as_array).map(|l| (k, l)))
            .map(|(k, l)| {
                let parts: Vec<String> = l.iter().map(describe).collect();
                format!("{k}({})", parts.join(", "))
            })
            .unwrap_or_else(|| "any".into()),
    };
    if let Some(f) = schema.get("format").and_then(Value::as_str) {
        write!(out, "<{f}>").unwrap();
    }
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        let v: Vec<String> = values.iter().map(|v| v.to_string()).collect();
        write!(out, " enum({})", v.join("|")).unwrap();
    }
    for (key, label) in [
        ("minimum", "min"),
        ("maximum", "max"),
        ("maxItems", "max_items"),
        ("maxLength", "max_len"),
        ("default", "default"),
    ] {
        if let Some(v) = schema.get(key) {
            write!(out, " {label}={v}").unwrap();
        }
    }
    if schema.get("nullable") == Some(&Value::Bool(true)) {
        out.push_str(" nullable");
    }
    out
}

/// One line per operation element, grouped by first tag.
pub(crate) fn operations_by_tag(spec: &Value) -> BTreeMap<String, String> {
    let mut by_tag: BTreeMap<String, String> = BTreeMap::new();
    let mut ops: Vec<(String, String, &Value)> = Vec::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            if op.get("operationId").is_some() {
                ops.push((path.clone(), method.clone(), op));
            }
        }
    }
    ops.sort_by(|a, b| {
        a.2["operationId"]
            .as_str()
            .cmp(&b.2["operationId"].as_str())
    });
    for (path, method, op) in ops {
        let tags: Vec<&str> = op["tags"]
            .as_array()
            .map(|t| t.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let text = by_tag
            .entry(tags.first().copied().unwrap_or("untagged").to_string())
            .or_default();
        writeln!(
            text,
            "{} {} {path}",
            op["operationId"].as_str().unwrap(),
            method.to_uppercase()
        )
        .unwrap();
        if tags.len() > 1 {
            writeln!(text, "  tags: {}", tags.join(", ")).unwrap();
        }
        if op.get("deprecated") == Some(&Value::Bool(true)) {
            writeln!(text, "  deprecated").unwrap();
        }
        for p in op
            .get("parameters")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let p = resolve(spec, p);
            let required = if p.get("required") == Some(&Value::Bool(true)) {
                "required"
            } else {
                "optional"
            };
            let deprecated = if p.get("deprecated") == Some(&Value::Bool(true)) {
                " deprecated"
            } else {
                ""
            };
            writeln!(
                text,
                "  {} {}: {} ({required}{deprecated})",
                p["in"].as_str().unwrap_or("?"),
                p["name"].as_str().unwrap_or("?"),
                describe(&p["schema"])
            )
            .unwrap();
        }
        if let Some(body) = op.get("requestBody") {
            let body = resolve(spec, body);
            for (media, content) in body["content"].as_object().into_iter().flatten() {
                let required = if body.get("required") == Some(&Value::Bool(true)) {
                    "required"
                } else {
                    "optional"
                };
                writeln!(
                    text,
                    "  body {media}: {} ({required})",
                    describe(&content["schema"])
                )
                .unwrap();
            }
        }
        for (code, response) in op["responses"].as_object().unwrap() {
            let response = resolve(spec, response);
            let body = response
                .get("content")
                .and_then(Value::as_object)
                .and_then(|c| c.iter().next())
                .map(|(media, c)| {
                    format!(
                        "{media} {}",
                        c.get("schema").map(describe).unwrap_or_default()
                    )
                })
                .unwrap_or_else(|| "no body".into());
            let headers: Vec<&String> = response
                .get("headers")
                .and_then(Value::as_object)
                .map(|h| h.keys().collect())
                .unwrap_or_default();
            let headers = if headers.is_empty() {
                String::new()
            } else {
                format!(
                    " headers: {}",
                    headers
                        .iter()
                        .map(|h| h.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            writeln!(text, "  {code}: {body}{headers}").unwrap();
        }
    }
    by_tag
}

pub(crate) fn module<'a>(file: &'a syn::File, name: &str) -> &'a [syn::Item] {
    file.items
        .iter()
        .find_map(|i| match i {
            syn::Item::Mod(m) if m.ident == name => m.content.as_ref().map(|c| c.1.as_slice()),
            _ => None,
        })
        .unwrap_or(&[])
}

fn tokens(t: &impl ToTokens) -> String {
    let compact: String = t.to_token_stream().to_string().split_whitespace().collect();
    let mut text = compact
        .replace(",>", ">")
        .replace(',', ", ")
        .replace("&'a", "&'a ");
    for prefix in [
        "::std::string::",
        "::std::option::",
        "::std::vec::",
        "::std::collections::",
        "::std::num::",
        "::chrono::offset::",
        "::chrono::",
        "::uuid::",
        "::serde_json::",
    ] {
        text = text.replace(prefix, "");
    }
    text
}

/// Structs with their fields and enums with their variants, as Rust sees them.
pub(crate) fn items_surface(items: &[syn::Item]) -> String {
    let mut out = String::new();
    for item in items {
        match item {
            syn::Item::Struct(s) => {
                writeln!(out, "struct {}", s.ident).unwrap();
                for field in &s.fields {
                    let name = field
                        .ident
                        .as_ref()
                        .map(ToString::to_string)
                        .unwrap_or_else(|| "0".into());
                    writeln!(out, "  {name}: {}", tokens(&field.ty)).unwrap();
                }
            }
            syn::Item::Enum(e) => {
                writeln!(out, "enum {}", e.ident).unwrap();
                for v in &e.variants {
                    let rename = v
                        .attrs
                        .iter()
                        .find(|a| a.path().is_ident("serde"))
                        .map(|a| format!(" {}", tokens(&a.meta)))
                        .unwrap_or_default();
                    let fields = if v.fields.is_empty() {
                        String::new()
                    } else {
                        tokens(&v.fields)
                    };
                    writeln!(out, "  {}{fields}{rename}", v.ident).unwrap();
                }
            }
            _ => {}
        }
    }
    out
}

#[test]
fn operations_surface() {
    let spec = spec();
    let by_tag = operations_by_tag(&spec);
    let count: usize = by_tag
        .values()
        .map(|t| t.lines().filter(|l| !l.starts_with(' ')).count())
        .sum();
    insta::assert_snapshot!("operation_count", count.to_string());
    for (tag, text) in by_tag {
        let name = tag.to_lowercase().replace(' ', "_");
        insta::assert_snapshot!(format!("operations__{name}"), text);
    }
}

#[test]
fn generated_types_surface() {
    insta::assert_snapshot!("types", items_surface(module(&generated(), "types")));
}

#[test]
fn generated_client_surface() {
    insta::assert_snapshot!("client", client_surface(&generated()));
}

/// The `Client` methods, then the builders (one per operation, one field per parameter).
pub(crate) fn client_surface(file: &syn::File) -> String {
    let mut out = String::new();
    for item in &file.items {
        if let syn::Item::Impl(imp) = item {
            if tokens(&imp.self_ty) == "Client" && imp.trait_.is_none() {
                for f in &imp.items {
                    if let syn::ImplItem::Fn(f) = f {
                        writeln!(out, "Client::{}", f.sig.ident).unwrap();
                    }
                }
            }
        }
    }
    out.push('\n');
    out.push_str(&items_surface(module(file, "builder")));
    out
}
