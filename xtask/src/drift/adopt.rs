//! `cargo xtask drift API --adopt`: the unexplained upstream-only items written into our spec.
//!
//! New operations come with the components they use, renamed to our convention (PascalCase;
//! a name we already use for something else gets an `Upstream` suffix); new parameters, body
//! fields (always optional: ours only claims what it knows) and enum values go where the same
//! operation of ours keeps them. The upstream carries no prose, so every adopted operation is
//! marked `x-adopted-from-upstream` and its responses say they are to be documented.
//! Explained divergences and `differs` items are never touched.

use super::{Difference, Kind, Report};
use crate::normalize::walk::escape;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// The description an adopted response gets until someone writes ours.
pub const TO_DOCUMENT: &str =
    "Adopted from the vendor's spec by `cargo xtask drift --adopt`; to be documented.";

/// What an adoption did.
#[derive(Debug, Default)]
pub struct Adopted {
    /// Item paths written into our spec.
    pub items: Vec<String>,
    /// Items that could not be placed, with the reason (left for a person).
    pub skipped: Vec<(String, String)>,
}

/// Writes every unexplained upstream-only item of `report` into `ours`.
pub fn adopt(report: &Report, upstream: &Value, ours: &mut Value) -> Adopted {
    let (upstream, _) = crate::normalize::openapi31::downgrade(upstream);
    let mut adopted = Adopted::default();
    let mut importer = Importer::default();
    for difference in report.unexplained() {
        if difference.kind != Kind::UpstreamOnly {
            continue;
        }
        let result = if difference.field.is_empty() {
            adopt_operation(&upstream, ours, &mut importer, difference)
        } else if difference.aspect == Some("enum") {
            adopt_enum_value(ours, difference)
        } else if difference.field.starts_with("request")
            || difference.field.starts_with("response")
        {
            adopt_field(&upstream, ours, &mut importer, difference)
        } else {
            adopt_parameter(&upstream, ours, &mut importer, difference)
        };
        match result {
            Ok(()) => adopted
                .items
                .push(match (&difference.aspect, &difference.upstream) {
                    (Some(_), Some(value)) => format!("{} = {value}", difference.item),
                    _ => difference.item.clone(),
                }),
            Err(reason) => adopted.skipped.push((difference.item.clone(), reason)),
        }
    }
    adopted
}

fn split_operation(operation: &str) -> Result<(String, String), String> {
    let (method, path) = operation
        .split_once(' ')
        .ok_or_else(|| format!("`{operation}` is not `METHOD /path`"))?;
    Ok((method.to_ascii_lowercase(), path.to_string()))
}

fn operation_pointer(operation: &str) -> Result<String, String> {
    let (method, path) = split_operation(operation)?;
    Ok(format!("/paths/{}/{method}", escape(&path)))
}

fn adopt_operation(
    upstream: &Value,
    ours: &mut Value,
    importer: &mut Importer,
    difference: &Difference,
) -> Result<(), String> {
    let (method, path) = split_operation(&difference.operation)?;
    let item = upstream
        .pointer(&format!("/paths/{}", escape(&path)))
        .ok_or("not in upstream")?;
    let mut operation = item.get(&method).cloned().ok_or("not in upstream")?;
    if let Some(shared) = item.get("parameters").and_then(Value::as_array) {
        let own = operation
            .as_object_mut()
            .ok_or("operation is not an object")?
            .entry("parameters")
            .or_insert_with(|| json!([]));
        if let Some(own) = own.as_array_mut() {
            for parameter in shared.iter().rev() {
                own.insert(0, parameter.clone());
            }
        }
    }
    let used: Vec<String> = ours
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|paths| paths.values())
        .filter_map(Value::as_object)
        .flat_map(|item| item.values())
        .filter_map(|op| op.get("operationId").and_then(Value::as_str))
        .map(String::from)
        .collect();
    if let Some(id) = operation.get("operationId").and_then(Value::as_str) {
        if used.iter().any(|u| u == id) {
            operation["operationId"] = json!(format!("{id}-upstream"));
        }
    }
    let mut operation = importer.import(upstream, ours, &operation);
    operation["x-adopted-from-upstream"] = json!(true);
    if let Some(responses) = operation
        .get_mut("responses")
        .and_then(Value::as_object_mut)
    {
        for response in responses.values_mut() {
            if response.get("$ref").is_none() && response.get("description").is_none() {
                response["description"] = json!(TO_DOCUMENT);
            }
        }
    }
    let paths = ours
        .as_object_mut()
        .ok_or("our spec is not an object")?
        .entry("paths")
        .or_insert_with(|| json!({}));
    let slot = paths
        .as_object_mut()
        .ok_or("our `paths` is not an object")?
        .entry(path)
        .or_insert_with(|| json!({}));
    slot[method.as_str()] = operation;
    Ok(())
}

fn adopt_parameter(
    upstream: &Value,
    ours: &mut Value,
    importer: &mut Importer,
    difference: &Difference,
) -> Result<(), String> {
    let (location, name) = difference.field.split_once('.').ok_or("not a parameter")?;
    let (method, path) = split_operation(&difference.operation)?;
    let item = upstream
        .pointer(&format!("/paths/{}", escape(&path)))
        .ok_or("not in upstream")?;
    let parameter = [
        item.get("parameters"),
        item.pointer(&format!("/{method}/parameters")),
    ]
    .into_iter()
    .flatten()
    .filter_map(Value::as_array)
    .flatten()
    .map(|p| super::surface::resolve(upstream, p))
    .find(|p| {
        p.get("in").and_then(Value::as_str) == Some(location)
            && p.get("name").and_then(Value::as_str) == Some(name)
    })
    .cloned()
    .ok_or("parameter not found in upstream")?;
    let parameter = importer.import(upstream, ours, &parameter);
    let pointer = operation_pointer(&difference.operation)?;
    let operation = ours
        .pointer_mut(&pointer)
        .and_then(Value::as_object_mut)
        .ok_or("operation not found in ours")?;
    let list = operation
        .entry("parameters")
        .or_insert_with(|| json!([]))
        .as_array_mut()
        .ok_or("our `parameters` is not a list")?;
    list.push(parameter);
    Ok(())
}

fn adopt_field(
    upstream: &Value,
    ours: &mut Value,
    importer: &mut Importer,
    difference: &Difference,
) -> Result<(), String> {
    let parent = super::parent_of(&difference.field).ok_or("a body root cannot be adopted")?;
    let name = difference.field[parent.len()..]
        .strip_prefix('.')
        .ok_or("array items are adopted with their field")?;
    let theirs = locate(upstream, &difference.operation, &difference.field)
        .ok_or("field not found in upstream")?;
    let schema = upstream
        .pointer(&theirs)
        .cloned()
        .ok_or("field not found in upstream")?;
    let schema = importer.import(upstream, ours, &schema);
    let parent_pointer =
        locate(ours, &difference.operation, parent).ok_or("parent not found in ours")?;
    let holder = properties_holder(ours, &parent_pointer);
    let object = ours
        .pointer_mut(&holder)
        .and_then(Value::as_object_mut)
        .ok_or("parent is not an object in ours")?;
    let properties = object
        .entry("properties")
        .or_insert_with(|| json!({}))
        .as_object_mut()
        .ok_or("our `properties` is not an object")?;
    // A component shared by several operations gets the field once.
    properties.entry(name.to_string()).or_insert(schema);
    Ok(())
}

fn adopt_enum_value(ours: &mut Value, difference: &Difference) -> Result<(), String> {
    let value = difference.upstream.clone().ok_or("no value")?;
    let pointer =
        locate(ours, &difference.operation, &difference.field).ok_or("field not found in ours")?;
    let holder = enum_holder(ours, &pointer).ok_or("no enum in ours to extend")?;
    let values = ours
        .pointer_mut(&format!("{holder}/enum"))
        .and_then(Value::as_array_mut)
        .ok_or("no enum in ours to extend")?;
    let typed = if values.iter().any(Value::is_string) {
        Value::String(value)
    } else {
        serde_json::from_str(&value).unwrap_or(Value::String(value))
    };
    // An enum shared by several operations gets the value once.
    if values.contains(&typed) {
        return Ok(());
    }
    // Keep `null` (of nullable enums) last.
    let at = values
        .iter()
        .position(Value::is_null)
        .unwrap_or(values.len());
    values.insert(at, typed);
    Ok(())
}

/// The JSON pointer of the schema at `field` of `operation` in `spec`, `$ref`s followed.
pub fn locate(spec: &Value, operation: &str, field: &str) -> Option<String> {
    let op = operation_pointer(operation).ok()?;
    if !field.starts_with("request") && !field.starts_with("response") {
        return parameter_schema(spec, &op, field);
    }
    let (root, mut rest) = if let Some(rest) = field.strip_prefix("request") {
        let body = deref(spec, &format!("{op}/requestBody"))?;
        (media_schema(spec, &body)?, rest)
    } else {
        let rest = field.strip_prefix("response")?;
        let responses = spec.pointer(&format!("{op}/responses"))?.as_object()?;
        let pointer = responses
            .keys()
            .filter(|code| code.starts_with('2'))
            .find_map(|code| {
                let response = deref(spec, &format!("{op}/responses/{}", escape(code)))?;
                media_schema(spec, &response)
            })?;
        (pointer, rest)
    };
    let mut pointer = root;
    while !rest.is_empty() {
        // (Body fields only: parameters were handled above.)
        if let Some(after) = rest.strip_prefix("[]") {
            pointer = find_in(spec, &pointer, &|node| node.get("items").is_some())? + "/items";
            rest = after;
        } else {
            let after = rest.strip_prefix('.')?;
            let end = after.find(['.', '[']).unwrap_or(after.len());
            let name = &after[..end];
            let holder = find_in(spec, &pointer, &|node| {
                node.pointer(&format!("/properties/{}", escape(name)))
                    .is_some()
            })?;
            pointer = format!("{holder}/properties/{}", escape(name));
            rest = &after[end..];
        }
    }
    deref(spec, &pointer)
}

/// The pointer of the schema of parameter `location.name` (operation or path level).
fn parameter_schema(spec: &Value, op: &str, field: &str) -> Option<String> {
    let (location, name) = field.split_once('.')?;
    let path_item = &op[..op.rfind('/')?];
    [op, path_item].into_iter().find_map(|owner| {
        let count = spec
            .pointer(&format!("{owner}/parameters"))?
            .as_array()?
            .len();
        (0..count).find_map(|index| {
            let pointer = deref(spec, &format!("{owner}/parameters/{index}"))?;
            let parameter = spec.pointer(&pointer)?;
            (parameter.get("in").and_then(Value::as_str) == Some(location)
                && parameter.get("name").and_then(Value::as_str) == Some(name))
            .then(|| deref(spec, &format!("{pointer}/schema")))?
        })
    })
}

/// The pointer of the schema of a body's JSON (or first) media type.
fn media_schema(spec: &Value, body: &str) -> Option<String> {
    let content = spec.pointer(&format!("{body}/content"))?.as_object()?;
    let media = content
        .keys()
        .find(|m| m.contains("json"))
        .or_else(|| content.keys().next())?;
    deref(spec, &format!("{body}/content/{}/schema", escape(media)))
}

/// Follows `$ref`s from the node at `pointer` to the pointer of a non-reference node.
fn deref(spec: &Value, pointer: &str) -> Option<String> {
    let mut pointer = pointer.to_string();
    for _ in 0..16 {
        let node = spec.pointer(&pointer)?;
        match node.get("$ref").and_then(Value::as_str) {
            Some(reference) => pointer = reference.strip_prefix('#')?.to_string(),
            None => return Some(pointer),
        }
    }
    None
}

/// The node at `pointer`, or the first `allOf`/`oneOf`/`anyOf` member (references followed,
/// depth first) that satisfies `test`.
fn find_in(spec: &Value, pointer: &str, test: &dyn Fn(&Value) -> bool) -> Option<String> {
    let pointer = deref(spec, pointer)?;
    let node = spec.pointer(&pointer)?;
    if test(node) {
        return Some(pointer);
    }
    for wrapper in ["allOf", "oneOf", "anyOf"] {
        let count = node
            .get(wrapper)
            .and_then(Value::as_array)
            .map_or(0, Vec::len);
        for index in 0..count {
            if let Some(found) = find_in(spec, &format!("{pointer}/{wrapper}/{index}"), test) {
                return Some(found);
            }
        }
    }
    None
}

/// Where a new property of the object at `pointer` goes: the node itself, or the `allOf`
/// member that already holds properties.
fn properties_holder(spec: &Value, pointer: &str) -> String {
    find_in(spec, pointer, &|node| node.get("properties").is_some())
        .unwrap_or_else(|| pointer.to_string())
}

/// The node holding the `enum` of the schema at `pointer`.
fn enum_holder(spec: &Value, pointer: &str) -> Option<String> {
    find_in(spec, pointer, &|node| node.get("enum").is_some()).or_else(|| {
        let items = format!("{pointer}/items");
        spec.pointer(&items)?;
        find_in(spec, &items, &|node| node.get("enum").is_some())
    })
}

/// Copies upstream components into ours as adopted values reference them.
#[derive(Default)]
struct Importer {
    /// `#/components/<group>/<upstream name>` -> our reference.
    renamed: BTreeMap<String, String>,
}

impl Importer {
    /// `value` with every `$ref` into upstream's components pointing at a copy in ours.
    fn import(&mut self, upstream: &Value, ours: &mut Value, value: &Value) -> Value {
        match value {
            Value::Object(object) => {
                let mut out = Map::new();
                for (key, child) in object {
                    let child = match (key.as_str(), child.as_str()) {
                        ("$ref", Some(reference)) => {
                            json!(self.reference(upstream, ours, reference))
                        }
                        _ => self.import(upstream, ours, child),
                    };
                    out.insert(key.clone(), child);
                }
                Value::Object(out)
            }
            Value::Array(items) => Value::Array(
                items
                    .iter()
                    .map(|item| self.import(upstream, ours, item))
                    .collect(),
            ),
            other => other.clone(),
        }
    }

    fn reference(&mut self, upstream: &Value, ours: &mut Value, reference: &str) -> String {
        if let Some(done) = self.renamed.get(reference) {
            return done.clone();
        }
        let Some((group, name)) = reference
            .strip_prefix("#/components/")
            .and_then(|rest| rest.split_once('/'))
        else {
            return reference.to_string();
        };
        let Some(target) = upstream.pointer(&reference[1..]).cloned() else {
            return reference.to_string();
        };
        let base = pascal_case(name);
        let mut chosen = base.clone();
        let mut suffix = 0;
        loop {
            match ours.pointer(&format!("/components/{group}/{}", escape(&chosen))) {
                None => break,
                // The same thing under the same name: reuse ours.
                Some(existing) if *existing == target => {
                    let ours_ref = format!("#/components/{group}/{chosen}");
                    self.renamed.insert(reference.to_string(), ours_ref.clone());
                    return ours_ref;
                }
                Some(_) => {
                    suffix += 1;
                    chosen = match suffix {
                        1 => format!("{base}Upstream"),
                        n => format!("{base}Upstream{n}"),
                    };
                }
            }
        }
        let ours_ref = format!("#/components/{group}/{chosen}");
        self.renamed.insert(reference.to_string(), ours_ref.clone());
        // Reserve the name before importing the body, so recursive schemas terminate.
        insert_component(ours, group, &chosen, json!({}));
        let mut body = self.import(upstream, ours, &target);
        if group == "responses" && body.get("description").is_none() {
            body["description"] = json!(TO_DOCUMENT);
        }
        insert_component(ours, group, &chosen, body);
        ours_ref
    }
}

fn insert_component(ours: &mut Value, group: &str, name: &str, value: Value) {
    if let Some(root) = ours.as_object_mut() {
        let components = root.entry("components").or_insert_with(|| json!({}));
        if let Some(components) = components.as_object_mut() {
            let members = components.entry(group).or_insert_with(|| json!({}));
            if let Some(members) = members.as_object_mut() {
                members.insert(name.to_string(), value);
            }
        }
    }
}

/// `iacScanResult` -> `IacScanResult`, `_base_incident` -> `BaseIncident`.
pub fn pascal_case(name: &str) -> String {
    name.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}
