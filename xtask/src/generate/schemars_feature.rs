//! `schemars::JsonSchema` behind the raw crate's `schemars` feature.
//!
//! Progenitor derives `JsonSchema` on every generated type when asked to, unconditionally.
//! Those derives are about a quarter of the raw crate's build time and few users need them,
//! so each one is moved out of the type's `#[derive(...)]` into
//! `#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]`.

use syn::punctuated::Punctuated;
use syn::visit_mut::VisitMut;
use syn::{parse_quote, Attribute, Meta, Path, Token};

/// Gates every `JsonSchema` derive of `file`; returns how many were gated.
pub fn gate_json_schema(file: &mut syn::File) -> usize {
    let mut gate = Gate { count: 0 };
    gate.visit_file_mut(file);
    gate.count
}

struct Gate {
    count: usize,
}

impl VisitMut for Gate {
    fn visit_item_struct_mut(&mut self, item: &mut syn::ItemStruct) {
        self.count += usize::from(gate(&mut item.attrs));
        syn::visit_mut::visit_item_struct_mut(self, item);
    }

    fn visit_item_enum_mut(&mut self, item: &mut syn::ItemEnum) {
        self.count += usize::from(gate(&mut item.attrs));
        syn::visit_mut::visit_item_enum_mut(self, item);
    }
}

/// Takes `JsonSchema` out of the derives in `attrs`; adds the gated derive if it was there.
fn gate(attrs: &mut Vec<Attribute>) -> bool {
    let mut found = None;
    for (at, attr) in attrs.iter_mut().enumerate() {
        if !attr.path().is_ident("derive") {
            continue;
        }
        let Ok(paths) = attr.parse_args_with(Punctuated::<Path, Token![,]>::parse_terminated)
        else {
            continue;
        };
        let kept: Punctuated<Path, Token![,]> = paths
            .iter()
            .filter(|path| !is_json_schema(path))
            .cloned()
            .collect();
        if kept.len() == paths.len() {
            continue;
        }
        found = Some(at);
        if let Meta::List(list) = &mut attr.meta {
            list.tokens = quote::quote!(#kept);
        }
    }
    if let Some(at) = found {
        let gated = parse_quote!(#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]);
        attrs.insert(at + 1, gated);
    }
    found.is_some()
}

fn is_json_schema(path: &Path) -> bool {
    path.segments
        .last()
        .is_some_and(|segment| segment.ident == "JsonSchema")
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::ToTokens;

    fn gated(source: &str) -> (usize, String) {
        let mut file: syn::File = syn::parse_str(source).unwrap();
        let count = gate_json_schema(&mut file);
        (count, file.to_token_stream().to_string())
    }

    #[test]
    fn json_schema_derives_move_behind_the_feature() {
        let (count, code) = gated(
            "mod types { #[derive(Clone, schemars::JsonSchema, Debug)] #[serde(rename_all = \"snake_case\")] pub enum E { A } \
             #[derive(Clone)] pub struct Plain; }",
        );
        assert_eq!(count, 1);
        let expected: syn::File = syn::parse_str(
            "mod types { #[derive(Clone, Debug)] #[cfg_attr(feature = \"schemars\", derive(schemars::JsonSchema))] \
             #[serde(rename_all = \"snake_case\")] pub enum E { A } #[derive(Clone)] pub struct Plain; }",
        )
        .unwrap();
        assert_eq!(code, expected.to_token_stream().to_string());
    }

    #[test]
    fn a_file_without_json_schema_is_unchanged() {
        let source = "#[derive(Debug)] struct S { a: u8 }";
        let (count, code) = gated(source);
        assert_eq!(count, 0);
        assert_eq!(
            code,
            syn::parse_str::<syn::File>(source)
                .unwrap()
                .to_token_stream()
                .to_string()
        );
    }
}
