//! `default` values that do not validate against their own schema: an enum default that is not
//! one of the values, `null` on a non-nullable schema, a value of the wrong type, or a default
//! on an `allOf`/`oneOf`/`anyOf` wrapper. Typify rejects or mis-generates all of these; the
//! default only documents the server's behaviour, so dropping it loses nothing on the wire.

use super::{
    walk::{each_schema, Slot},
    Change, Step,
};
use openapiv3::{OpenAPI, Schema, SchemaKind, Type};
use serde_json::Value;

pub struct InvalidDefaults;

impl Step for InvalidDefaults {
    fn name(&self) -> &'static str {
        "invalid-defaults"
    }

    fn apply(&self, spec: &mut OpenAPI) -> Vec<Change> {
        let mut changes = Vec::new();
        each_schema(spec, &mut |site, slot| {
            let Slot::Item(schema) = slot.slot() else {
                return;
            };
            let Some(default) = schema.schema_data.default.clone() else {
                return;
            };
            if let Some(reason) = why_invalid(schema, &default) {
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

fn why_invalid(schema: &Schema, default: &Value) -> Option<String> {
    if default.is_null() {
        return (!schema.schema_data.nullable).then(|| "null on a non-nullable schema".into());
    }
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => match default.as_str() {
            None => Some("not a string".into()),
            Some(v)
                if !s.enumeration.is_empty()
                    && !s.enumeration.iter().any(|e| e.as_deref() == Some(v)) =>
            {
                Some("not one of the enum values".into())
            }
            Some(_) => None,
        },
        SchemaKind::Type(Type::Integer(i)) => match default.as_i64() {
            None => Some("not an integer".into()),
            Some(v) if !i.enumeration.is_empty() && !i.enumeration.contains(&Some(v)) => {
                Some("not one of the enum values".into())
            }
            Some(v) if i.minimum.is_some_and(|m| v < m) || i.maximum.is_some_and(|m| v > m) => {
                Some("outside the declared range".into())
            }
            Some(_) => None,
        },
        SchemaKind::Type(Type::Number(_)) => (!default.is_number()).then(|| "not a number".into()),
        SchemaKind::Type(Type::Boolean(_)) => {
            (!default.is_boolean()).then(|| "not a boolean".into())
        }
        SchemaKind::Type(Type::Array(_)) => (!default.is_array()).then(|| "not an array".into()),
        SchemaKind::Type(Type::Object(_)) => (!default.is_object()).then(|| "not an object".into()),
        SchemaKind::AllOf { .. } | SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => {
            Some("defaults on composed schemas are not supported by the generator".into())
        }
        SchemaKind::Not { .. } | SchemaKind::Any(_) => None,
    }
}
