//! Emits `impl Paginated for builder::X` for every cursor-paginated list operation.
//!
//! The list is read from the generated builders themselves: a builder with a cursor setter
//! ([`CURSOR_SETTERS`]) whose `send` answers `ResponseValue<Vec<T>>` is a paginated list of `T`. Generating the impls
//! keeps them in step with the spec; the one generic paginator in `gitguardian-api-ext` does
//! the rest.

use quote::{format_ident, quote, ToTokens};
use syn::{GenericArgument, ImplItem, Item, PathArguments, ReturnType, Type};

/// The query parameters that carry the next page's cursor, by API: GitGuardian's `cursor`,
/// GitHub's `after` (its `Link` header's next URL sets it). The first one a builder has wins.
pub const CURSOR_SETTERS: [&str; 2] = ["cursor", "after"];

/// Adds a `pagination_impls` module to the generated file; returns how many impls it holds.
pub fn add_pagination_impls(file: &mut syn::File) -> usize {
    let Some(builders) = file.items.iter().find_map(|item| match item {
        Item::Mod(m) if m.ident == "builder" => m.content.as_ref().map(|c| &c.1),
        _ => None,
    }) else {
        return 0;
    };
    let mut impls = Vec::new();
    for item in builders {
        let Item::Impl(imp) = item else { continue };
        if imp.trait_.is_some() {
            continue;
        }
        let Type::Path(self_ty) = imp.self_ty.as_ref() else {
            continue;
        };
        let Some(name) = self_ty.path.segments.last().map(|s| s.ident.clone()) else {
            continue;
        };
        let methods: Vec<&syn::ImplItemFn> = imp
            .items
            .iter()
            .filter_map(|i| match i {
                ImplItem::Fn(f) => Some(f),
                _ => None,
            })
            .collect();
        let has = |n: &str| methods.iter().any(|f| f.sig.ident == n);
        let Some(item_ty) = methods
            .iter()
            .find(|f| f.sig.ident == "send")
            .and_then(|f| vec_item(&f.sig.output))
        else {
            continue;
        };
        let Some(cursor) = CURSOR_SETTERS.iter().find(|n| has(n)) else {
            continue;
        };
        let cursor = format_ident!("{}", cursor);
        let Some(operation_id) = operation_id(imp) else {
            continue;
        };
        let per_page = if has("per_page") {
            quote!(self.per_page(per_page))
        } else {
            quote!({
                let _ = per_page;
                self
            })
        };
        let name = format_ident!("{}", name);
        impls.push(quote! {
            impl<'a> crate::Paginated<'a> for super::builder::#name<'a> {
                type Item = #item_ty;
                const OPERATION_ID: &'static str = #operation_id;
                fn with_cursor(self, cursor: ::std::string::String) -> Self {
                    self.#cursor(cursor)
                }
                fn with_per_page(self, per_page: u64) -> Self {
                    #per_page
                }
                fn send_page(
                    self,
                ) -> impl ::std::future::Future<
                    Output = Result<
                        super::ResponseValue<::std::vec::Vec<Self::Item>>,
                        super::Error<super::types::Error>,
                    >,
                > + Send + 'a {
                    self.send()
                }
            }
        });
    }
    let count = impls.len();
    file.items.push(syn::parse_quote! {
        /// `Paginated` for every cursor-paginated list operation.
        mod pagination_impls {
            #[allow(unused_imports)]
            use super::types;
            #(#impls)*
        }
    });
    count
}

/// `T` in `Result<ResponseValue<Vec<T>>, _>`.
fn vec_item(output: &ReturnType) -> Option<Type> {
    let ReturnType::Type(_, ty) = output else {
        return None;
    };
    let result = first_generic(ty, "Result")?;
    let value = first_generic(&result, "ResponseValue")?;
    first_generic(&value, "Vec")
}

fn first_generic(ty: &Type, outer: &str) -> Option<Type> {
    let Type::Path(p) = ty else { return None };
    let last = p.path.segments.last()?;
    if last.ident != outer {
        return None;
    }
    let PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    args.args.iter().find_map(|a| match a {
        GenericArgument::Type(t) => Some(t.clone()),
        _ => None,
    })
}

/// The `operation_id: "..."` literal in the builder's `send`.
fn operation_id(imp: &syn::ItemImpl) -> Option<String> {
    let text = imp.to_token_stream().to_string();
    let start = text.find("operation_id : \"")? + "operation_id : \"".len();
    let end = text[start..].find('"')?;
    Some(text[start..start + end].to_string())
}
