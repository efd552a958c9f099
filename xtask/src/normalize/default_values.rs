//! Does a `default` validate against its schema? References are resolved, objects are checked
//! member by member (required members present, each member against its own schema), arrays
//! item by item, `allOf` against every member and `oneOf`/`anyOf` against at least one.

use openapiv3::{AdditionalProperties, Components, ReferenceOr, Schema, SchemaKind, Type};
use serde_json::Value;

/// How deep references and nesting are followed before a value is accepted as is.
const MAX_DEPTH: usize = 24;

/// `None` when `value` validates against `schema`, else what is wrong (with a JSON-pointer-like
/// path inside the value when the problem is nested).
pub fn violation(
    value: &Value,
    schema: &Schema,
    components: Option<&Components>,
) -> Option<String> {
    Checker { components }.schema(value, schema, "", 0)
}

struct Checker<'a> {
    components: Option<&'a Components>,
}

impl Checker<'_> {
    fn slot<S: AsSchema>(
        &self,
        value: &Value,
        slot: &ReferenceOr<S>,
        at: &str,
        depth: usize,
    ) -> Option<String> {
        if depth > MAX_DEPTH {
            return None;
        }
        match slot {
            ReferenceOr::Item(schema) => self.schema(value, schema.as_schema(), at, depth + 1),
            ReferenceOr::Reference { reference } => {
                let target = reference
                    .strip_prefix("#/components/schemas/")
                    .and_then(|name| self.components?.schemas.get(name))?;
                self.slot(value, target, at, depth + 1)
            }
        }
    }

    fn schema(&self, value: &Value, schema: &Schema, at: &str, depth: usize) -> Option<String> {
        let here = |what: &str| {
            if at.is_empty() {
                what.to_string()
            } else {
                format!("{what} at {at}")
            }
        };
        if value.is_null() {
            return (!schema.schema_data.nullable && !accepts_null(schema))
                .then(|| here("null on a non-nullable schema"));
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => match value.as_str() {
                None => Some(here("not a string")),
                Some(v)
                    if !s.enumeration.is_empty()
                        && !s.enumeration.iter().any(|e| e.as_deref() == Some(v)) =>
                {
                    Some(here("not one of the enum values"))
                }
                Some(_) => None,
            },
            SchemaKind::Type(Type::Integer(i)) => match value.as_i64() {
                None => Some(here("not an integer")),
                Some(v) if !i.enumeration.is_empty() && !i.enumeration.contains(&Some(v)) => {
                    Some(here("not one of the enum values"))
                }
                Some(v) if i.minimum.is_some_and(|m| v < m) || i.maximum.is_some_and(|m| v > m) => {
                    Some(here("outside the declared range"))
                }
                Some(_) => None,
            },
            SchemaKind::Type(Type::Number(_)) => (!value.is_number()).then(|| here("not a number")),
            SchemaKind::Type(Type::Boolean(_)) => {
                (!value.is_boolean()).then(|| here("not a boolean"))
            }
            SchemaKind::Type(Type::Array(array)) => {
                let Some(items) = value.as_array() else {
                    return Some(here("not an array"));
                };
                let schema = array.items.as_ref()?;
                items.iter().enumerate().find_map(|(index, item)| {
                    self.slot(item, schema, &format!("{at}/{index}"), depth)
                })
            }
            SchemaKind::Type(Type::Object(object)) => self.object(
                value,
                &object.properties,
                &object.required,
                object.additional_properties.as_ref(),
                at,
                depth,
            ),
            SchemaKind::AllOf { all_of } => all_of
                .iter()
                .find_map(|member| self.slot(value, member, at, depth)),
            SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members } => {
                let errors: Vec<String> = members
                    .iter()
                    .filter_map(|member| self.slot(value, member, at, depth))
                    .collect();
                (!members.is_empty() && errors.len() == members.len())
                    .then(|| here("matches none of the alternatives"))
            }
            SchemaKind::Not { .. } => None,
            SchemaKind::Any(any) => {
                if let Some(problem) = any
                    .all_of
                    .iter()
                    .find_map(|member| self.slot(value, member, at, depth))
                {
                    return Some(problem);
                }
                for alternatives in [&any.one_of, &any.any_of] {
                    if !alternatives.is_empty()
                        && alternatives
                            .iter()
                            .all(|member| self.slot(value, member, at, depth).is_some())
                    {
                        return Some(here("matches none of the alternatives"));
                    }
                }
                if !any.properties.is_empty() || !any.required.is_empty() {
                    return self.object(
                        value,
                        &any.properties,
                        &any.required,
                        any.additional_properties.as_ref(),
                        at,
                        depth,
                    );
                }
                None
            }
        }
    }

    fn object(
        &self,
        value: &Value,
        properties: &indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        additional: Option<&AdditionalProperties>,
        at: &str,
        depth: usize,
    ) -> Option<String> {
        let Some(members) = value.as_object() else {
            return Some(if at.is_empty() {
                "not an object".to_string()
            } else {
                format!("not an object at {at}")
            });
        };
        if let Some(missing) = required.iter().find(|name| !members.contains_key(*name)) {
            return Some(format!("required member `{missing}` missing at {at}/"));
        }
        members.iter().find_map(|(name, member)| {
            let at = format!("{at}/{name}");
            match (properties.get(name), additional) {
                (Some(schema), _) => self.slot(member, schema, &at, depth),
                (None, Some(AdditionalProperties::Schema(schema))) => {
                    self.slot(member, schema.as_ref(), &at, depth)
                }
                _ => None,
            }
        })
    }
}

/// A string/number/... enum that lists `null` accepts it even without `nullable`.
fn accepts_null(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => s.enumeration.contains(&None),
        SchemaKind::Type(Type::Integer(i)) => i.enumeration.contains(&None),
        SchemaKind::Type(Type::Number(n)) => n.enumeration.contains(&None),
        SchemaKind::Type(Type::Boolean(b)) => b.enumeration.contains(&None),
        SchemaKind::Any(_) => true,
        _ => false,
    }
}

/// The two boxings openapiv3 uses for schemas in slots.
trait AsSchema {
    fn as_schema(&self) -> &Schema;
}

impl AsSchema for Schema {
    fn as_schema(&self) -> &Schema {
        self
    }
}

impl AsSchema for Box<Schema> {
    fn as_schema(&self) -> &Schema {
        self
    }
}
