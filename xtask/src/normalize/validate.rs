//! Problems no step can fix safely. They are reported, with the operation and the JSON pointer,
//! before progenitor sees the spec: progenitor would panic on most of them.

use super::walk::escape;
use openapiv3::{OpenAPI, Parameter, ReferenceOr};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// A problem that stops generation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub operation_id: Option<String>,
    pub pointer: String,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.operation_id {
            Some(id) => write!(f, "{id}: {} (at #{})", self.message, self.pointer),
            None => write!(f, "{} (at #{})", self.message, self.pointer),
        }
    }
}

/// Checks what progenitor assumes without checking. Empty when the spec is safe.
pub fn validate(spec: &OpenAPI) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    for (path, item) in spec.paths.paths.iter() {
        let path_pointer = format!("/paths/{}", escape(path));
        let item = match item {
            ReferenceOr::Item(item) => item,
            ReferenceOr::Reference { reference } => {
                problems.push(Problem {
                    operation_id: None,
                    pointer: path_pointer,
                    message: format!("path items by reference (`{reference}`) are not supported"),
                });
                continue;
            }
        };
        let template: BTreeSet<String> = path
            .split('{')
            .skip(1)
            .filter_map(|s| s.split_once('}').map(|(name, _)| name.to_string()))
            .collect();
        for (method, operation) in item.iter() {
            let pointer = format!("{path_pointer}/{method}");
            let Some(id) = operation.operation_id.clone() else {
                problems.push(Problem {
                    operation_id: None,
                    pointer,
                    message: format!("{} {path} has no operationId", method.to_uppercase()),
                });
                continue;
            };
            if let Some(other) = seen.insert(id.clone(), pointer.clone()) {
                problems.push(Problem {
                    operation_id: Some(id.clone()),
                    pointer: pointer.clone(),
                    message: format!("operationId already used at #{other}"),
                });
            }
            let mut declared = BTreeSet::new();
            let parameters = item.parameters.iter().chain(operation.parameters.iter());
            for parameter in parameters {
                let parameter = match parameter {
                    ReferenceOr::Item(p) => Some(p),
                    ReferenceOr::Reference { reference } => reference
                        .strip_prefix("#/components/parameters/")
                        .and_then(|n| spec.components.as_ref()?.parameters.get(n))
                        .and_then(|p| p.as_item()),
                };
                if let Some(Parameter::Path { parameter_data, .. }) = parameter {
                    declared.insert(parameter_data.name.clone());
                    if !parameter_data.required {
                        problems.push(Problem {
                            operation_id: Some(id.clone()),
                            pointer: pointer.clone(),
                            message: format!(
                                "path parameter `{}` must be `required: true`",
                                parameter_data.name
                            ),
                        });
                    }
                }
            }
            for missing in template.difference(&declared) {
                problems.push(Problem {
                    operation_id: Some(id.clone()),
                    pointer: pointer.clone(),
                    message: format!("`{{{missing}}}` in the path has no path parameter"),
                });
            }
            for extra in declared.difference(&template) {
                problems.push(Problem {
                    operation_id: Some(id.clone()),
                    pointer: pointer.clone(),
                    message: format!("path parameter `{extra}` does not appear in the path"),
                });
            }
        }
    }
    problems
}
