//! `default` values that do not validate against their own schema: an enum default that is not
//! one of the values, `null` on a non-nullable schema, a value of the wrong type, an object
//! whose members break their own (referenced) schemas, or a default on an
//! `allOf`/`oneOf`/`anyOf` wrapper (also one beside a `type`). Typify rejects or mis-generates
//! all of these; the default only documents the server's behaviour, so dropping it loses
//! nothing on the wire. The check itself is [`super::default_values`].

use super::{
    walk::{each_schema, Slot},
    Change, Step,
};
use openapiv3::{OpenAPI, Schema, SchemaKind};

pub struct InvalidDefaults;

impl Step for InvalidDefaults {
    fn name(&self) -> &'static str {
        "invalid-defaults"
    }

    fn apply(&self, spec: &mut OpenAPI) -> Vec<Change> {
        let mut changes = Vec::new();
        let components = spec.components.clone();
        each_schema(spec, &mut |site, slot| {
            let Slot::Item(schema) = slot.slot() else {
                return;
            };
            let Some(default) = schema.schema_data.default.clone() else {
                return;
            };
            let reason = composed(schema).or_else(|| {
                super::default_values::violation(&default, schema, components.as_ref())
            });
            if let Some(reason) = reason {
                schema.schema_data.default = None;
                changes.push(Change::at(
                    site,
                    format!("default {default} removed: {reason}"),
                ));
            }
        });
        changes
    }
}

/// Typify cannot apply a default to a composed schema, whether or not the value is valid.
fn composed(schema: &Schema) -> Option<String> {
    let wrapper = match &schema.schema_kind {
        SchemaKind::AllOf { .. } | SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => true,
        SchemaKind::Any(any) => {
            !any.all_of.is_empty() || !any.one_of.is_empty() || !any.any_of.is_empty()
        }
        _ => false,
    };
    wrapper.then(|| "defaults on composed schemas are not supported by the generator".into())
}
