//! Progenitor asserts that all success responses of an operation share one type, and all error
//! responses another: `200` + `204`, `200` + a differently shaped `default`, or a JSON `400`
//! next to a text `404` make it panic. These steps bring every operation to one success shape
//! and one error shape, without losing bodies.

use super::{walk::each_operation, Change, Step};
use indexmap::IndexMap;
use openapiv3::{MediaType, OpenAPI, ReferenceOr, Response, StatusCode};

/// What progenitor would make of a response: no body, a JSON type, or raw bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Shape {
    Empty,
    /// The `$ref` of the schema, or the inline schema's JSON (inline schemas each get a type of
    /// their own, so two inline schemas never count as the same shape).
    Json(String, bool),
    Raw,
}

fn shape(
    response: &ReferenceOr<Response>,
    components: &IndexMap<String, ReferenceOr<Response>>,
) -> Shape {
    let response = match response {
        ReferenceOr::Item(r) => r,
        ReferenceOr::Reference { reference } => {
            match reference
                .strip_prefix("#/components/responses/")
                .and_then(|name| components.get(name))
            {
                Some(ReferenceOr::Item(r)) => r,
                _ => return Shape::Empty,
            }
        }
    };
    let json = response
        .content
        .iter()
        .find(|(k, _)| *k == "application/json" || k.starts_with("application/json;"));
    match json {
        Some((_, media)) => match &media.schema {
            Some(ReferenceOr::Reference { reference }) => Shape::Json(reference.clone(), true),
            Some(schema) => Shape::Json(serde_json::to_string(schema).unwrap_or_default(), false),
            None => Shape::Raw,
        },
        None if response.content.is_empty() => Shape::Empty,
        None => Shape::Raw,
    }
}

fn same(a: &Shape, b: &Shape) -> bool {
    match (a, b) {
        (Shape::Json(x, true), Shape::Json(y, true)) => x == y,
        (Shape::Json(..), Shape::Json(..)) => false,
        _ => a == b,
    }
}

/// Whether a response key describes a success (`2xx` or `2XX`).
pub(crate) fn is_success(code: &StatusCode) -> bool {
    match code {
        StatusCode::Code(c) => (200..300).contains(c),
        StatusCode::Range(r) => *r == 2,
    }
}

fn response_components(spec: &OpenAPI) -> IndexMap<String, ReferenceOr<Response>> {
    spec.components
        .as_ref()
        .map(|c| c.responses.clone())
        .unwrap_or_default()
}

pub struct SingleSuccessResponse;

impl Step for SingleSuccessResponse {
    fn name(&self) -> &'static str {
        "single-success-response"
    }

    fn apply(&self, spec: &mut OpenAPI) -> Vec<Change> {
        let components = response_components(spec);
        let mut changes = Vec::new();
        each_operation(spec, &mut |site, _, _, operation| {
            let responses = &mut operation.responses;
            let successes: Vec<StatusCode> = responses
                .responses
                .keys()
                .filter(|c| is_success(c))
                .cloned()
                .collect();
            if successes.is_empty() {
                return;
            }
            // `default` counts as a success for progenitor too: with explicit 2xx answers it
            // can only describe errors, which the client reports from the status anyway.
            if let Some(default) = &responses.default {
                let first = &responses.responses[&successes[0]];
                if !same(&shape(default, &components), &shape(first, &components)) {
                    responses.default = None;
                    changes.push(Change::at(
                        site,
                        "`default` response removed: its shape differs from the success response",
                    ));
                }
            }
            if successes.len() < 2 {
                return;
            }
            let keep = successes
                .iter()
                .find(|c| {
                    matches!(
                        shape(&responses.responses[*c], &components),
                        Shape::Json(..)
                    )
                })
                .unwrap_or(&successes[0])
                .clone();
            let kept = shape(&responses.responses[&keep], &components);
            for code in successes {
                if code != keep && !same(&shape(&responses.responses[&code], &components), &kept) {
                    responses.responses.shift_remove(&code);
                    changes.push(Change::at(
                        site,
                        format!("success response {code} removed: it differs from {keep}, which is kept"),
                    ));
                }
            }
        });
        changes
    }
}

pub struct SingleErrorShape;

impl Step for SingleErrorShape {
    fn name(&self) -> &'static str {
        "single-error-shape"
    }

    fn apply(&self, spec: &mut OpenAPI) -> Vec<Change> {
        let components = response_components(spec);
        let mut changes = Vec::new();
        each_operation(spec, &mut |site, _, _, operation| {
            let responses = &mut operation.responses;
            let has_success = responses.responses.keys().any(is_success);
            let mut errors: Vec<&mut ReferenceOr<Response>> = responses
                .responses
                .iter_mut()
                .filter(|(c, _)| !is_success(c))
                .map(|(_, r)| r)
                .collect();
            if has_success {
                errors.extend(responses.default.as_mut());
            }
            let shapes: Vec<Shape> = errors.iter().map(|r| shape(r, &components)).collect();
            if shapes.iter().all(|s| same(s, &shapes[0])) {
                return;
            }
            // Raw bodies keep every byte: the ext crate reads `detail` from JSON bodies and
            // reports anything else (HTML, text) as unexpected content.
            for response in errors {
                let mut item = match response {
                    ReferenceOr::Item(r) => r.clone(),
                    ReferenceOr::Reference { reference } => match reference
                        .strip_prefix("#/components/responses/")
                        .and_then(|name| components.get(name))
                    {
                        Some(ReferenceOr::Item(r)) => r.clone(),
                        _ => Response::default(),
                    },
                };
                item.content = IndexMap::from([("*/*".to_string(), MediaType::default())]);
                *response = ReferenceOr::Item(item);
            }
            changes.push(Change::at(
                site,
                "error responses have different shapes: all are read as raw bytes",
            ));
        });
        changes
    }
}
