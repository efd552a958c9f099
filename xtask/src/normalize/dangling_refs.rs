//! `$ref`s to components that do not exist. Typify and progenitor fail (or panic) on them.
//!
//! A dangling schema reference becomes a free-form schema (any JSON value), so the data is
//! still delivered; a dangling parameter or request body reference is dropped; a dangling
//! response reference becomes a response without a declared body.

use super::{
    walk::{each_operation, each_schema, Slot},
    Change, Step,
};
use openapiv3::{OpenAPI, ReferenceOr, Response, Schema, SchemaData, SchemaKind};
use std::collections::BTreeSet;

pub struct DanglingRefs;

impl Step for DanglingRefs {
    fn name(&self) -> &'static str {
        "dangling-refs"
    }

    fn apply(&self, spec: &mut OpenAPI) -> Vec<Change> {
        let known = Known::of(spec);
        let mut changes = Vec::new();
        each_schema(spec, &mut |site, slot| {
            let reference = match slot.slot() {
                Slot::Ref(reference) if !known.schemas.contains(reference.as_str()) => {
                    reference.clone()
                }
                _ => return,
            };
            let message =
                format!("`$ref` to missing `{reference}` replaced by a free-form JSON value");
            slot.replace(Schema {
                schema_data: SchemaData {
                    description: Some(format!("Unresolved `{reference}` in the source spec.")),
                    ..Default::default()
                },
                schema_kind: SchemaKind::Any(Default::default()),
            });
            changes.push(Change::at(site, message));
        });
        each_operation(spec, &mut |site, _, _, operation| {
            operation.parameters.retain(|parameter| match parameter {
                ReferenceOr::Reference { reference } if !known.parameters.contains(reference) => {
                    changes.push(Change::at(
                        site,
                        format!("parameter `$ref` to missing `{reference}` removed"),
                    ));
                    false
                }
                _ => true,
            });
            if let Some(ReferenceOr::Reference { reference }) = &operation.request_body {
                if !known.bodies.contains(reference) {
                    changes.push(Change::at(
                        site,
                        format!("request body `$ref` to missing `{reference}` removed"),
                    ));
                    operation.request_body = None;
                }
            }
            let responses = operation
                .responses
                .responses
                .values_mut()
                .chain(operation.responses.default.as_mut());
            for response in responses {
                if let ReferenceOr::Reference { reference } = response {
                    if !known.responses.contains(reference) {
                        changes.push(Change::at(
                            site,
                            format!("response `$ref` to missing `{reference}` replaced by an undocumented response"),
                        ));
                        *response = ReferenceOr::Item(Response {
                            description: format!("Unresolved `{reference}` in the source spec."),
                            ..Default::default()
                        });
                    }
                }
            }
        });
        changes
    }
}

/// The `$ref` targets that exist.
struct Known {
    schemas: BTreeSet<String>,
    parameters: BTreeSet<String>,
    bodies: BTreeSet<String>,
    responses: BTreeSet<String>,
}

impl Known {
    fn of(spec: &OpenAPI) -> Self {
        let names = |prefix: &str, keys: Vec<&String>| {
            keys.into_iter()
                .map(|k| format!("#/components/{prefix}/{k}"))
                .collect()
        };
        match &spec.components {
            Some(c) => Known {
                schemas: names("schemas", c.schemas.keys().collect()),
                parameters: names("parameters", c.parameters.keys().collect()),
                bodies: names("requestBodies", c.request_bodies.keys().collect()),
                responses: names("responses", c.responses.keys().collect()),
            },
            None => Known {
                schemas: BTreeSet::new(),
                parameters: BTreeSet::new(),
                bodies: BTreeSet::new(),
                responses: BTreeSet::new(),
            },
        }
    }
}
