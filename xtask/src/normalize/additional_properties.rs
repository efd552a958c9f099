//! `additionalProperties: false` makes typify emit `deny_unknown_fields`, so a field the server
//! adds tomorrow would break decoding today. Unknown fields must be ignored instead.

use super::{
    walk::{each_schema, Slot},
    Change, Step,
};
use openapiv3::{AdditionalProperties, OpenAPI, SchemaKind, Type};

pub struct AdditionalPropertiesFalse;

impl Step for AdditionalPropertiesFalse {
    fn name(&self) -> &'static str {
        "additional-properties-false"
    }

    fn apply(&self, spec: &mut OpenAPI) -> Vec<Change> {
        let mut changes = Vec::new();
        each_schema(spec, &mut |site, slot| {
            let Slot::Item(schema) = slot.slot() else {
                return;
            };
            let extra = match &mut schema.schema_kind {
                SchemaKind::Type(Type::Object(object)) => &mut object.additional_properties,
                SchemaKind::Any(any) => &mut any.additional_properties,
                _ => return,
            };
            if matches!(extra, Some(AdditionalProperties::Any(false))) {
                *extra = None;
                changes.push(Change::at(
                    site,
                    "`additionalProperties: false` removed so that fields added by the server are ignored",
                ));
            }
        });
        changes
    }
}
