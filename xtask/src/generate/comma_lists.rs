//! List-valued query parameters declared `style: form, explode: false` are sent as one
//! comma-joined value (`tags=a,b`), as the API documents them.
//!
//! Progenitor ignores `explode` and sends a list as repeated parameters (`tags=a&tags=b`), of
//! which the server reads one value. The builders keep their typed `Vec<T>` setters; only what
//! `send` puts in the query changes, through a `comma_joined` helper added to the file:
//!
//! ```text
//! .query(&QueryParam::new("tags", &tags.as_deref().map(super::comma_joined)))
//! ```

use quote::ToTokens;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use syn::visit_mut::{self, VisitMut};
use syn::{parse_quote, Expr, ExprLit, Item, Lit};

/// Rewrites the query of every operation with comma-joined list parameters. Returns how many
/// parameters were rewritten.
pub fn join_comma_lists(spec: &Value, file: &mut syn::File) -> usize {
    let lists = comma_lists(spec);
    let Some(builders) = file.items.iter_mut().find_map(|item| match item {
        Item::Mod(m) if m.ident == "builder" => m.content.as_mut().map(|c| &mut c.1),
        _ => None,
    }) else {
        return 0;
    };
    let mut rewritten = 0;
    for item in builders.iter_mut() {
        let Item::Impl(imp) = item else { continue };
        let Some(params) = operation_id(imp).and_then(|id| lists.get(&key(&id))) else {
            continue;
        };
        let mut rewrite = Rewrite {
            params,
            rewritten: 0,
        };
        rewrite.visit_item_impl_mut(imp);
        rewritten += rewrite.rewritten;
    }
    if rewritten > 0 {
        file.items.push(parse_quote! {
            /// One query value holding every item of a list, separated by commas.
            fn comma_joined<T: ::std::fmt::Display>(values: &[T]) -> ::std::string::String {
                values
                    .iter()
                    .map(::std::string::ToString::to_string)
                    .collect::<::std::vec::Vec<_>>()
                    .join(",")
            }
        });
    }
    rewritten
}

/// Operation id (normalized by [`key`]) to its comma-joined list parameters.
fn comma_lists(spec: &Value) -> BTreeMap<String, BTreeSet<String>> {
    let mut lists: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let Some(paths) = spec["paths"].as_object() else {
        return lists;
    };
    for operation in paths
        .values()
        .filter_map(Value::as_object)
        .flat_map(|m| m.values())
    {
        let Some(id) = operation["operationId"].as_str() else {
            continue;
        };
        for param in operation["parameters"].as_array().into_iter().flatten() {
            let param = resolve(spec, param);
            let is_list = param["schema"]["type"].as_str() == Some("array");
            if param["in"] == "query" && param["explode"] == Value::Bool(false) && is_list {
                if let Some(name) = param["name"].as_str() {
                    lists.entry(key(id)).or_default().insert(name.to_string());
                }
            }
        }
    }
    lists
}

fn resolve<'a>(spec: &'a Value, param: &'a Value) -> &'a Value {
    match param["$ref"]
        .as_str()
        .and_then(|r| r.strip_prefix("#/components/parameters/"))
    {
        Some(name) => &spec["components"]["parameters"][name],
        None => param,
    }
}

/// Operation ids compared without case or separators (`list-occs` is `list_occs` in code).
fn key(id: &str) -> String {
    id.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The `operation_id: "..."` literal of a builder's `send`.
fn operation_id(imp: &syn::ItemImpl) -> Option<String> {
    let text = imp.to_token_stream().to_string();
    let start = text.find("operation_id : \"")? + "operation_id : \"".len();
    let end = text[start..].find('"')?;
    Some(text[start..start + end].to_string())
}

struct Rewrite<'a> {
    params: &'a BTreeSet<String>,
    rewritten: usize,
}

impl VisitMut for Rewrite<'_> {
    fn visit_expr_call_mut(&mut self, call: &mut syn::ExprCall) {
        visit_mut::visit_expr_call_mut(self, call);
        let is_query_param = matches!(call.func.as_ref(), Expr::Path(p)
            if p.path.segments.iter().map(|s| s.ident.to_string()).collect::<Vec<_>>()
                .ends_with(&["QueryParam".to_string(), "new".to_string()]));
        if !is_query_param || call.args.len() != 2 {
            return;
        }
        let Some(Expr::Lit(ExprLit {
            lit: Lit::Str(name),
            ..
        })) = call.args.first()
        else {
            return;
        };
        if !self.params.contains(&name.value()) {
            return;
        }
        let Some(Expr::Reference(value)) = call.args.last() else {
            return;
        };
        let value = value.expr.clone();
        *call.args.last_mut().expect("two arguments") =
            parse_quote!(&#value.as_deref().map(super::comma_joined));
        self.rewritten += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_declared_lists_of_the_operation_are_joined() {
        let spec = json!({"paths": {"/x": {"get": {"operationId": "list-x", "parameters": [
            {"name": "tags", "in": "query", "explode": false, "schema": {"type": "array"}},
            {"name": "ids", "in": "query", "schema": {"type": "array"}}
        ]}}}});
        let mut file: syn::File = parse_quote! {
            pub mod builder {
                impl<'a> ListX<'a> {
                    pub async fn send(self) {
                        let info = OperationInfo { operation_id: "list_x" };
                        request
                            .query(&progenitor_client::QueryParam::new("tags", &tags))
                            .query(&progenitor_client::QueryParam::new("ids", &ids));
                    }
                }
            }
        };
        assert_eq!(join_comma_lists(&spec, &mut file), 1);
        let text = file.to_token_stream().to_string();
        assert!(text.contains("\"tags\" , & tags . as_deref () . map (super :: comma_joined)"));
        assert!(text.contains("\"ids\" , & ids)"));
        assert!(text.contains("fn comma_joined"));
    }
}
