//! Forward compatibility for string enums.
//!
//! GitGuardian adds enum values over time (a new incident status, a new detector category).
//! Typify's enums reject values they do not know, so one new value on the server would make a
//! whole list call fail. Every string enum gets a last variant that keeps such a value as sent:
//!
//! ```text
//! #[serde(untagged)]
//! Unrecognized(String),
//! ```
//!
//! Known values still (de)serialize to their own variants, and `Unrecognized` serializes back
//! to the exact string received. `Display` and `FromStr` are completed to match, and `Copy` is
//! dropped since the enum now owns a `String`.

use quote::format_ident;
use std::collections::BTreeSet;
use syn::{parse_quote, Arm, Expr, ImplItem, Item, ItemEnum, Pat};

/// Preferred names for the catch-all variant, in order; the first one free is used.
const CATCH_ALL: [&str; 3] = ["Unrecognized", "UnrecognizedValue", "UnknownValue"];

/// Opens every string enum of the `types` module. Returns how many were opened.
pub fn open_string_enums(file: &mut syn::File) -> usize {
    let Some(items) = types_module(file) else {
        return 0;
    };
    let string_enums: BTreeSet<String> = items
        .iter()
        .filter_map(|item| match item {
            Item::Impl(imp) if implements(imp, "FromStr") => self_ident(imp),
            _ => None,
        })
        .collect();
    let mut catch_all_of = std::collections::BTreeMap::new();
    for item in items.iter_mut() {
        if let Item::Enum(e) = item {
            if string_enums.contains(&e.ident.to_string()) && is_unit_only(e) {
                catch_all_of.insert(e.ident.to_string(), open_enum(e));
            }
        }
    }
    for item in items.iter_mut() {
        let Item::Impl(imp) = item else { continue };
        let Some(name) = self_ident(imp) else {
            continue;
        };
        let Some(variant) = catch_all_of.get(&name) else {
            continue;
        };
        let variant = format_ident!("{}", variant);
        if implements(imp, "Display") {
            for arms in match_arms(imp) {
                arms.push(parse_quote!(Self::#variant(ref value) => f.write_str(value)));
            }
        } else if implements(imp, "FromStr") {
            for arms in match_arms(imp) {
                for arm in arms.iter_mut() {
                    if matches!(arm.pat, Pat::Wild(_)) {
                        *arm.body = parse_quote!(Ok(Self::#variant(value.to_string())));
                    }
                }
            }
        }
    }
    catch_all_of.len()
}

fn types_module(file: &mut syn::File) -> Option<&mut Vec<Item>> {
    file.items.iter_mut().find_map(|item| match item {
        Item::Mod(m) if m.ident == "types" => m.content.as_mut().map(|(_, items)| items),
        _ => None,
    })
}

fn is_unit_only(e: &ItemEnum) -> bool {
    !e.variants.is_empty()
        && e.variants
            .iter()
            .all(|v| matches!(v.fields, syn::Fields::Unit))
}

/// Adds the catch-all variant and drops `Copy`; returns the variant's name.
fn open_enum(e: &mut ItemEnum) -> &'static str {
    let taken: BTreeSet<String> = e.variants.iter().map(|v| v.ident.to_string()).collect();
    let name = CATCH_ALL
        .into_iter()
        .find(|n| !taken.contains(*n))
        .expect("an enum never uses all three catch-all names");
    let ident = format_ident!("{}", name);
    e.variants.push(parse_quote! {
        /// A value this version of the spec does not know, kept exactly as the server sent it.
        #[serde(untagged)]
        #ident(::std::string::String)
    });
    for attr in e.attrs.iter_mut() {
        if attr.path().is_ident("derive") {
            if let Ok(list) = attr.parse_args_with(
                syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated,
            ) {
                let kept: Vec<&syn::Path> = list.iter().filter(|p| !p.is_ident("Copy")).collect();
                *attr = parse_quote!(#[derive(#(#kept),*)]);
            }
        }
    }
    name
}

fn implements(imp: &syn::ItemImpl, trait_name: &str) -> bool {
    imp.trait_
        .as_ref()
        .and_then(|(_, path, _)| path.segments.last())
        .is_some_and(|s| s.ident == trait_name)
}

fn self_ident(imp: &syn::ItemImpl) -> Option<String> {
    match imp.self_ty.as_ref() {
        syn::Type::Path(p) if p.qself.is_none() && p.path.segments.len() == 1 => {
            Some(p.path.segments[0].ident.to_string())
        }
        _ => None,
    }
}

/// The arms of every top-level `match` in the impl's methods.
fn match_arms(imp: &mut syn::ItemImpl) -> Vec<&mut Vec<Arm>> {
    let mut found = Vec::new();
    for item in imp.items.iter_mut() {
        if let ImplItem::Fn(f) = item {
            for stmt in f.block.stmts.iter_mut() {
                if let syn::Stmt::Expr(Expr::Match(m), _) = stmt {
                    found.push(&mut m.arms);
                }
            }
        }
    }
    found
}
