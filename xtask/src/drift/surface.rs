//! A spec's surface by meaning, independent of component names: per operation (method and
//! path) its parameters and the fields of its request and success-response bodies as flattened
//! paths, with `$ref` and `allOf` resolved; and the security schemes.

use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// The HTTP methods an OpenAPI path item can hold.
pub const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// How deep nested bodies are flattened (recursive schemas stop earlier, at the cycle).
const MAX_DEPTH: usize = 12;

/// What a spec says about one parameter or body field.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Facets {
    /// `string`, `integer`, `number`, `boolean`, `object`, `array`, or `any` (free-form).
    pub ty: String,
    pub format: Option<String>,
    pub nullable: bool,
    /// `None` for body roots, which are neither required nor optional.
    pub required: Option<bool>,
    /// The closed set of values, or `None` for an open value.
    pub values: Option<BTreeSet<String>>,
}

/// One operation's items, keyed by the path after `METHOD /path ` (`query.cursor`,
/// `request.documents[].filename`, `response[].id`, `request`, `response`).
#[derive(Clone, Debug, Default)]
pub struct Operation {
    pub items: BTreeMap<String, Facets>,
}

/// A whole spec's surface.
#[derive(Clone, Debug, Default)]
pub struct Surface {
    /// Keyed by `METHOD /path`.
    pub operations: BTreeMap<String, Operation>,
    /// The schemes of the top-level security requirement, described by meaning.
    pub security: BTreeSet<String>,
}

/// Reads the surface of a spec (3.0 or 3.1; schema keywords are read as 3.0 spells them).
pub fn surface(spec: &Value) -> Surface {
    let mut surface = Surface::default();
    let empty = Map::new();
    let paths = spec
        .get("paths")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    for (path, item) in paths {
        let Some(item) = item.as_object() else {
            continue;
        };
        for method in METHODS {
            let Some(operation) = item.get(method) else {
                continue;
            };
            let mut items = BTreeMap::new();
            let shared = item.get("parameters").and_then(Value::as_array);
            let own = operation.get("parameters").and_then(Value::as_array);
            for parameter in shared.into_iter().chain(own).flatten() {
                let parameter = resolve(spec, parameter);
                let (Some(name), Some(location)) = (
                    parameter.get("name").and_then(Value::as_str),
                    parameter.get("in").and_then(Value::as_str),
                ) else {
                    continue;
                };
                let schema = parameter.get("schema").cloned().unwrap_or(Value::Null);
                let mut facets = Reader::new(spec, "readOnly").facets(&schema);
                facets.required = Some(parameter.get("required") == Some(&Value::Bool(true)));
                items.insert(format!("{location}.{name}"), facets);
            }
            if let Some(body) = operation.get("requestBody") {
                if let Some(schema) = body_schema(spec, body) {
                    Reader::new(spec, "readOnly").flatten("request", &schema, None, 0, &mut items);
                }
            }
            if let Some(schema) = success_schema(spec, operation) {
                Reader::new(spec, "writeOnly").flatten("response", &schema, None, 0, &mut items);
            }
            surface.operations.insert(
                format!("{} {path}", method.to_uppercase()),
                Operation { items },
            );
        }
    }
    surface.security = security(spec);
    surface
}

/// Follows a `$ref` (to anything in the document) until a non-reference object.
pub fn resolve<'a>(spec: &'a Value, value: &'a Value) -> &'a Value {
    let mut current = value;
    for _ in 0..16 {
        match current.get("$ref").and_then(Value::as_str) {
            Some(reference) => match reference
                .strip_prefix('#')
                .and_then(|pointer| spec.pointer(pointer))
            {
                Some(target) => current = target,
                None => return current,
            },
            None => return current,
        }
    }
    current
}

/// The schema of a request body or response: JSON when offered, else the first media type.
fn body_schema(spec: &Value, body: &Value) -> Option<Value> {
    let content = resolve(spec, body).get("content")?.as_object()?;
    content
        .iter()
        .find(|(media, _)| media.contains("json"))
        .or_else(|| content.iter().next())
        .and_then(|(_, media)| media.get("schema").cloned())
}

/// The schema of the first 2xx response that has one.
fn success_schema(spec: &Value, operation: &Value) -> Option<Value> {
    let responses = operation.get("responses")?.as_object()?;
    responses
        .iter()
        .filter(|(code, _)| code.starts_with('2'))
        .find_map(|(_, response)| body_schema(spec, response))
}

fn security(spec: &Value) -> BTreeSet<String> {
    let schemes = spec.pointer("/components/securitySchemes");
    spec.get("security")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_object)
        .flat_map(|requirement| requirement.keys())
        .map(|name| {
            let scheme = schemes
                .and_then(|s| s.get(name))
                .map(|s| resolve(spec, s))
                .cloned()
                .unwrap_or(Value::Null);
            let field = |key: &str| scheme.get(key).and_then(Value::as_str).unwrap_or("");
            match field("type") {
                "apiKey" => format!("apiKey {} {}", field("in"), field("name")),
                "http" => format!("http {}", field("scheme").to_ascii_lowercase()),
                "" => format!("undeclared scheme {name}"),
                other => other.to_string(),
            }
        })
        .collect()
}

/// A schema seen through its `$ref`s and `allOf`/`oneOf`/`anyOf` wrappers.
#[derive(Default)]
struct Merged {
    types: BTreeSet<String>,
    format: Option<String>,
    nullable: bool,
    values: Option<BTreeSet<String>>,
    properties: BTreeMap<String, Value>,
    required: BTreeSet<String>,
    items: Option<Value>,
}

struct Reader<'a> {
    spec: &'a Value,
    /// `$ref`s being expanded, to stop at recursive schemas.
    expanding: Vec<String>,
    /// Properties flagged with this keyword are not part of the body read (`readOnly` ones
    /// are never sent in requests, `writeOnly` ones never come back in responses).
    skip: &'static str,
}

impl<'a> Reader<'a> {
    fn new(spec: &'a Value, skip: &'static str) -> Self {
        Reader {
            spec,
            expanding: Vec::new(),
            skip,
        }
    }

    fn facets(&mut self, schema: &Value) -> Facets {
        let merged = self.merge(schema);
        facets_of(&merged)
    }

    fn flatten(
        &mut self,
        at: &str,
        schema: &Value,
        required: Option<bool>,
        depth: usize,
        out: &mut BTreeMap<String, Facets>,
    ) {
        let reference = schema.get("$ref").and_then(Value::as_str).map(String::from);
        if let Some(reference) = &reference {
            if self.expanding.contains(reference) {
                out.insert(
                    at.to_string(),
                    Facets {
                        ty: "object".into(),
                        required,
                        ..Facets::default()
                    },
                );
                return;
            }
            self.expanding.push(reference.clone());
        }
        let merged = self.merge(schema);
        let mut facets = facets_of(&merged);
        facets.required = required;
        out.insert(at.to_string(), facets);
        if depth < MAX_DEPTH {
            for (name, property) in &merged.properties {
                if resolve(self.spec, property).get(self.skip) == Some(&Value::Bool(true)) {
                    continue;
                }
                let required = merged.required.contains(name);
                self.flatten(
                    &format!("{at}.{name}"),
                    property,
                    Some(required),
                    depth + 1,
                    out,
                );
            }
            if let Some(items) = &merged.items {
                self.flatten(&format!("{at}[]"), items, None, depth + 1, out);
            }
        }
        if reference.is_some() {
            self.expanding.pop();
        }
    }

    /// Resolves references and merges composition keywords into one view.
    fn merge(&mut self, schema: &Value) -> Merged {
        let mut merged = Merged::default();
        self.merge_into(schema, &mut merged, 0);
        merged
    }

    fn merge_into(&mut self, schema: &Value, merged: &mut Merged, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        let schema = resolve(self.spec, schema);
        let Some(object) = schema.as_object() else {
            return;
        };
        match object.get("type") {
            Some(Value::String(ty)) => {
                merged.types.insert(ty.clone());
            }
            Some(Value::Array(types)) => {
                for ty in types.iter().filter_map(Value::as_str) {
                    if ty == "null" {
                        merged.nullable = true;
                    } else {
                        merged.types.insert(ty.to_string());
                    }
                }
            }
            _ => {}
        }
        if let Some(format) = object.get("format").and_then(Value::as_str) {
            merged.format.get_or_insert_with(|| format.to_string());
        }
        if object.get("nullable") == Some(&Value::Bool(true)) {
            merged.nullable = true;
        }
        let values = object
            .get("enum")
            .and_then(Value::as_array)
            .cloned()
            .or_else(|| object.get("const").map(|c| vec![c.clone()]));
        if let Some(values) = values {
            let set = merged.values.get_or_insert_with(BTreeSet::new);
            for value in values {
                match value {
                    Value::Null => merged.nullable = true,
                    Value::String(s) => {
                        set.insert(s);
                    }
                    other => {
                        set.insert(other.to_string());
                    }
                }
            }
        }
        if let Some(properties) = object.get("properties").and_then(Value::as_object) {
            for (name, property) in properties {
                merged
                    .properties
                    .entry(name.clone())
                    .or_insert_with(|| property.clone());
            }
        }
        if let Some(required) = object.get("required").and_then(Value::as_array) {
            merged
                .required
                .extend(required.iter().filter_map(Value::as_str).map(String::from));
        }
        if let Some(items) = object.get("items") {
            merged.items.get_or_insert_with(|| items.clone());
        }
        if let Some(all) = object.get("allOf").and_then(Value::as_array) {
            for member in all {
                self.merge_into(member, merged, depth + 1);
            }
        }
        for wrapper in ["oneOf", "anyOf"] {
            let Some(members) = object.get(wrapper).and_then(Value::as_array) else {
                continue;
            };
            // A field of one alternative is present in some bodies only: optional.
            let before = merged.required.clone();
            let mut alternatives = Merged::default();
            for member in members {
                self.merge_into(member, &mut alternatives, depth + 1);
            }
            merged.types.extend(alternatives.types);
            merged.nullable |= alternatives.nullable;
            for (name, property) in alternatives.properties {
                merged.properties.entry(name).or_insert(property);
            }
            merged.required = before;
            if merged.items.is_none() {
                merged.items = alternatives.items;
            }
        }
    }
}

fn facets_of(merged: &Merged) -> Facets {
    let ty = match merged.types.len() {
        1 => merged.types.iter().next().cloned().unwrap_or_default(),
        0 if !merged.properties.is_empty() => "object".into(),
        0 if merged.items.is_some() => "array".into(),
        _ => "any".into(),
    };
    Facets {
        ty,
        format: merged.format.clone(),
        nullable: merged.nullable,
        required: None,
        values: merged.values.clone(),
    }
}
