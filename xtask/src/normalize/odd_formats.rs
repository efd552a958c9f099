//! Formats that make no sense for their type (an `object` with `format: tar`, a `boolean`
//! with a format). openapiv3 then falls back to an untyped schema that typify cannot name.
//! The format is dropped and the schema re-read as the type it declares.

use super::{
    walk::{each_schema, Slot},
    Change, Step,
};
use openapiv3::{OpenAPI, Schema, SchemaKind};

pub struct OddFormats;

impl Step for OddFormats {
    fn name(&self) -> &'static str {
        "odd-formats"
    }

    fn apply(&self, spec: &mut OpenAPI) -> Vec<Change> {
        let mut changes = Vec::new();
        each_schema(spec, &mut |site, slot| {
            let Slot::Item(schema) = slot.slot() else {
                return;
            };
            let SchemaKind::Any(any) = &schema.schema_kind else {
                return;
            };
            let (Some(typ), Some(format)) = (any.typ.clone(), any.format.clone()) else {
                return;
            };
            if !matches!(typ.as_str(), "object" | "array" | "boolean") {
                return;
            }
            let mut value = serde_json::to_value(&*schema).expect("schemas serialize");
            if let Some(map) = value.as_object_mut() {
                map.remove("format");
            }
            if let Ok(fixed) = serde_json::from_value::<Schema>(value) {
                *schema = fixed;
                changes.push(Change::at(
                    site,
                    format!("`format: {format}` is meaningless on type `{typ}`: removed"),
                ));
            }
        });
        changes
    }
}
