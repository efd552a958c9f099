//! A `nullable: true` enum whose values lack `null` rejects the `null` the server sends.

use super::{
    walk::{each_schema, Slot},
    Change, Step,
};
use openapiv3::{OpenAPI, SchemaKind, Type};

pub struct NullableEnums;

impl Step for NullableEnums {
    fn name(&self) -> &'static str {
        "nullable-enums"
    }

    fn apply(&self, spec: &mut OpenAPI) -> Vec<Change> {
        let mut changes = Vec::new();
        each_schema(spec, &mut |site, slot| {
            let Slot::Item(schema) = slot.slot() else {
                return;
            };
            if !schema.schema_data.nullable {
                return;
            }
            let added = match &mut schema.schema_kind {
                SchemaKind::Type(Type::String(s)) => push_none(&mut s.enumeration),
                SchemaKind::Type(Type::Integer(i)) => push_none(&mut i.enumeration),
                SchemaKind::Type(Type::Number(n)) => push_none(&mut n.enumeration),
                SchemaKind::Type(Type::Boolean(b)) => push_none(&mut b.enumeration),
                _ => false,
            };
            if added {
                changes.push(Change::at(
                    site,
                    "nullable enum: `null` added to its values",
                ));
            }
        });
        changes
    }
}

fn push_none<T>(values: &mut Vec<Option<T>>) -> bool {
    if values.is_empty() || values.iter().any(Option::is_none) {
        return false;
    }
    values.push(None);
    true
}
