//! A mutable walk over every schema of a spec, with the JSON pointer and operation of each.
//!
//! Normalization steps are small because they only say what to do with one schema; where the
//! schema sits (and which operation it belongs to, for messages) is this module's business.

use openapiv3::{
    AdditionalProperties, MediaType, OpenAPI, Parameter, ParameterSchemaOrContent, ReferenceOr,
    RequestBody, Response, Schema, SchemaKind, Type,
};

/// Where a schema sits: the operation it belongs to (if any) and its JSON pointer.
#[derive(Clone, Debug)]
pub struct Site {
    pub operation_id: Option<String>,
    pub pointer: String,
}

impl Site {
    fn child(&self, token: &str) -> Site {
        Site {
            operation_id: self.operation_id.clone(),
            pointer: format!("{}/{}", self.pointer, escape(token)),
        }
    }
}

/// Escapes one JSON pointer token (RFC 6901).
pub fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// A slot holding either a `$ref` or an inline schema, whatever its boxing.
pub enum Slot<'a> {
    Ref(&'a mut String),
    Item(&'a mut Schema),
}

/// The two shapes openapiv3 uses for schema slots.
pub trait SchemaSlot {
    fn slot(&mut self) -> Slot<'_>;
    /// Replaces the slot's content (used to swap a broken `$ref` for an inline schema).
    fn replace(&mut self, schema: Schema);
}

impl SchemaSlot for ReferenceOr<Schema> {
    fn slot(&mut self) -> Slot<'_> {
        match self {
            ReferenceOr::Reference { reference } => Slot::Ref(reference),
            ReferenceOr::Item(schema) => Slot::Item(schema),
        }
    }
    fn replace(&mut self, schema: Schema) {
        *self = ReferenceOr::Item(schema);
    }
}

impl SchemaSlot for ReferenceOr<Box<Schema>> {
    fn slot(&mut self) -> Slot<'_> {
        match self {
            ReferenceOr::Reference { reference } => Slot::Ref(reference),
            ReferenceOr::Item(schema) => Slot::Item(schema),
        }
    }
    fn replace(&mut self, schema: Schema) {
        *self = ReferenceOr::Item(Box::new(schema));
    }
}

/// Calls `f` on every schema slot of the spec, parents before children.
pub fn each_schema(spec: &mut OpenAPI, f: &mut dyn FnMut(&Site, &mut dyn SchemaSlot)) {
    let root = Site {
        operation_id: None,
        pointer: String::new(),
    };
    if let Some(components) = spec.components.as_mut() {
        let site = root.child("components");
        let schemas = site.child("schemas");
        for (name, schema) in components.schemas.iter_mut() {
            walk_slot(&schemas.child(name), schema, f);
        }
        let parameters = site.child("parameters");
        for (name, parameter) in components.parameters.iter_mut() {
            if let ReferenceOr::Item(parameter) = parameter {
                walk_parameter(&parameters.child(name), parameter, f);
            }
        }
        let bodies = site.child("requestBodies");
        for (name, body) in components.request_bodies.iter_mut() {
            if let ReferenceOr::Item(body) = body {
                walk_body(&bodies.child(name), body, f);
            }
        }
        let responses = site.child("responses");
        for (name, response) in components.responses.iter_mut() {
            if let ReferenceOr::Item(response) = response {
                walk_response(&responses.child(name), response, f);
            }
        }
    }
    let paths = root.child("paths");
    for (path, item) in spec.paths.paths.iter_mut() {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        let path_site = paths.child(path);
        for (index, parameter) in item.parameters.iter_mut().enumerate() {
            if let ReferenceOr::Item(parameter) = parameter {
                walk_parameter(
                    &path_site.child("parameters").child(&index.to_string()),
                    parameter,
                    f,
                );
            }
        }
        for (method, operation) in item.iter_mut() {
            let site = Site {
                operation_id: operation.operation_id.clone(),
                pointer: path_site.child(method).pointer,
            };
            for (index, parameter) in operation.parameters.iter_mut().enumerate() {
                if let ReferenceOr::Item(parameter) = parameter {
                    walk_parameter(
                        &site.child("parameters").child(&index.to_string()),
                        parameter,
                        f,
                    );
                }
            }
            if let Some(ReferenceOr::Item(body)) = operation.request_body.as_mut() {
                walk_body(&site.child("requestBody"), body, f);
            }
            let responses = site.child("responses");
            if let Some(ReferenceOr::Item(response)) = operation.responses.default.as_mut() {
                walk_response(&responses.child("default"), response, f);
            }
            for (code, response) in operation.responses.responses.iter_mut() {
                if let ReferenceOr::Item(response) = response {
                    walk_response(&responses.child(&code.to_string()), response, f);
                }
            }
        }
    }
}

/// `PathItem::iter` only lends shared references; the steps need to edit operations.
pub trait PathItemExt {
    fn iter_mut(&mut self) -> Vec<(&'static str, &mut openapiv3::Operation)>;
}

impl PathItemExt for openapiv3::PathItem {
    fn iter_mut(&mut self) -> Vec<(&'static str, &mut openapiv3::Operation)> {
        [
            ("get", &mut self.get),
            ("put", &mut self.put),
            ("post", &mut self.post),
            ("delete", &mut self.delete),
            ("options", &mut self.options),
            ("head", &mut self.head),
            ("patch", &mut self.patch),
            ("trace", &mut self.trace),
        ]
        .into_iter()
        .filter_map(|(method, op)| op.as_mut().map(|op| (method, op)))
        .collect()
    }
}

/// Calls `f` on every operation with its method, path and JSON pointer.
pub fn each_operation(
    spec: &mut OpenAPI,
    f: &mut dyn FnMut(&Site, &str, &str, &mut openapiv3::Operation),
) {
    for (path, item) in spec.paths.paths.iter_mut() {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        for (method, operation) in item.iter_mut() {
            let site = Site {
                operation_id: operation.operation_id.clone(),
                pointer: format!("/paths/{}/{}", escape(path), method),
            };
            f(&site, method, path, operation);
        }
    }
}

fn walk_parameter(
    site: &Site,
    parameter: &mut Parameter,
    f: &mut dyn FnMut(&Site, &mut dyn SchemaSlot),
) {
    let data = match parameter {
        Parameter::Query { parameter_data, .. }
        | Parameter::Header { parameter_data, .. }
        | Parameter::Path { parameter_data, .. }
        | Parameter::Cookie { parameter_data, .. } => parameter_data,
    };
    match &mut data.format {
        ParameterSchemaOrContent::Schema(schema) => walk_slot(&site.child("schema"), schema, f),
        ParameterSchemaOrContent::Content(content) => {
            walk_content(&site.child("content"), content, f)
        }
    }
}

fn walk_body(site: &Site, body: &mut RequestBody, f: &mut dyn FnMut(&Site, &mut dyn SchemaSlot)) {
    walk_content(&site.child("content"), &mut body.content, f);
}

fn walk_response(
    site: &Site,
    response: &mut Response,
    f: &mut dyn FnMut(&Site, &mut dyn SchemaSlot),
) {
    walk_content(&site.child("content"), &mut response.content, f);
    for (name, header) in response.headers.iter_mut() {
        if let ReferenceOr::Item(header) = header {
            if let ParameterSchemaOrContent::Schema(schema) = &mut header.format {
                walk_slot(
                    &site.child("headers").child(name).child("schema"),
                    schema,
                    f,
                );
            }
        }
    }
}

fn walk_content(
    site: &Site,
    content: &mut indexmap::IndexMap<String, MediaType>,
    f: &mut dyn FnMut(&Site, &mut dyn SchemaSlot),
) {
    for (media_type, media) in content.iter_mut() {
        if let Some(schema) = media.schema.as_mut() {
            walk_slot(&site.child(media_type).child("schema"), schema, f);
        }
    }
}

fn walk_slot<S: SchemaSlot>(
    site: &Site,
    slot: &mut S,
    f: &mut dyn FnMut(&Site, &mut dyn SchemaSlot),
) {
    f(site, slot);
    if let Slot::Item(schema) = slot.slot() {
        walk_children(site, schema, f);
    }
}

fn walk_list(
    site: &Site,
    list: &mut [ReferenceOr<Schema>],
    f: &mut dyn FnMut(&Site, &mut dyn SchemaSlot),
) {
    for (index, schema) in list.iter_mut().enumerate() {
        walk_slot(&site.child(&index.to_string()), schema, f);
    }
}

fn walk_children(site: &Site, schema: &mut Schema, f: &mut dyn FnMut(&Site, &mut dyn SchemaSlot)) {
    match &mut schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => {
            for (name, property) in object.properties.iter_mut() {
                walk_slot(&site.child("properties").child(name), property, f);
            }
            if let Some(AdditionalProperties::Schema(extra)) = object.additional_properties.as_mut()
            {
                walk_slot(&site.child("additionalProperties"), extra.as_mut(), f);
            }
        }
        SchemaKind::Type(Type::Array(array)) => {
            if let Some(items) = array.items.as_mut() {
                walk_slot(&site.child("items"), items, f);
            }
        }
        SchemaKind::Type(_) => {}
        SchemaKind::OneOf { one_of } => walk_list(&site.child("oneOf"), one_of, f),
        SchemaKind::AllOf { all_of } => walk_list(&site.child("allOf"), all_of, f),
        SchemaKind::AnyOf { any_of } => walk_list(&site.child("anyOf"), any_of, f),
        SchemaKind::Not { not } => walk_slot(&site.child("not"), not.as_mut(), f),
        SchemaKind::Any(any) => {
            for (name, property) in any.properties.iter_mut() {
                walk_slot(&site.child("properties").child(name), property, f);
            }
            if let Some(AdditionalProperties::Schema(extra)) = any.additional_properties.as_mut() {
                walk_slot(&site.child("additionalProperties"), extra.as_mut(), f);
            }
            if let Some(items) = any.items.as_mut() {
                walk_slot(&site.child("items"), items, f);
            }
            walk_list(&site.child("oneOf"), &mut any.one_of, f);
            walk_list(&site.child("allOf"), &mut any.all_of, f);
            walk_list(&site.child("anyOf"), &mut any.any_of, f);
            if let Some(not) = any.not.as_mut() {
                walk_slot(&site.child("not"), not.as_mut(), f);
            }
        }
    }
}
