//! Request bodies progenitor cannot take: several media types on one operation (it panics), or
//! a `multipart/form-data` body (it has no encoder for it).
//!
//! With several media types, JSON is kept. A body that is only multipart becomes a raw
//! `application/octet-stream` body, so the operation stays callable with a body the caller
//! encodes; the report says so.

use super::{walk::each_operation, Change, Step};
use openapiv3::{
    MediaType, OpenAPI, ReferenceOr, Schema, SchemaData, SchemaKind, StringFormat, StringType,
    Type, VariantOrUnknownOrEmpty,
};

pub struct RequestMediaTypes;

/// What progenitor can encode, in order of preference.
const SUPPORTED: [&str; 4] = [
    "application/json",
    "application/x-www-form-urlencoded",
    "application/octet-stream",
    "text/plain",
];

impl Step for RequestMediaTypes {
    fn name(&self) -> &'static str {
        "request-media-types"
    }

    fn apply(&self, spec: &mut OpenAPI) -> Vec<Change> {
        let mut changes = Vec::new();
        each_operation(spec, &mut |site, _, _, operation| {
            let Some(ReferenceOr::Item(body)) = operation.request_body.as_mut() else {
                return;
            };
            let is_plain = body.content.len() == 1
                && body.content.keys().all(|k| SUPPORTED.contains(&k.as_str()));
            if body.content.is_empty() || is_plain {
                return;
            }
            let was: Vec<String> = body.content.keys().cloned().collect();
            let keep = SUPPORTED
                .iter()
                .find(|t| body.content.contains_key(**t))
                .map(|t| t.to_string());
            match keep {
                Some(keep) => {
                    body.content.retain(|k, _| *k == keep);
                    changes.push(Change::at(
                        site,
                        format!("request media types {was:?}: kept only `{keep}`"),
                    ));
                }
                None => {
                    body.content.clear();
                    body.content.insert(
                        "application/octet-stream".into(),
                        MediaType {
                            schema: Some(ReferenceOr::Item(binary_schema())),
                            ..Default::default()
                        },
                    );
                    changes.push(Change::at(
                        site,
                        format!(
                            "request media types {was:?} cannot be generated: the body is sent \
                             as raw bytes (`application/octet-stream`) the caller encodes"
                        ),
                    ));
                }
            }
        });
        changes
    }
}

fn binary_schema() -> Schema {
    Schema {
        schema_data: SchemaData::default(),
        schema_kind: SchemaKind::Type(Type::String(StringType {
            format: VariantOrUnknownOrEmpty::Item(StringFormat::Binary),
            ..Default::default()
        })),
    }
}
