//! Readable variant names for sort-order enums.
//!
//! The API spells descending orders with a leading minus (`date`, `-date`). Typify turns the
//! colliding names into `Date` / `Xdate` and `resolved_at` into `ResolvedXat`. For every string
//! enum with such values, variants are renamed from their wire values instead: `date` ->
//! `Date`, `-date` -> `DateDesc`, `-resolved_at` -> `ResolvedAtDesc`. The wire values (serde
//! renames, `Display`, `FromStr`) are untouched; only the Rust names change, everywhere they
//! are used in the generated file.

use std::collections::BTreeMap;
use syn::visit_mut::VisitMut;
use syn::{Item, ItemEnum};

/// Renames the variants of sort-order enums; returns how many enums were renamed.
pub fn rename_ordering_variants(file: &mut syn::File) -> usize {
    let mut renames: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for item in file.items.iter_mut() {
        let Item::Mod(m) = item else { continue };
        let Some((_, items)) = m.content.as_mut() else {
            continue;
        };
        for item in items.iter_mut() {
            if let Item::Enum(e) = item {
                if let Some(map) = plan(e) {
                    renames.insert(e.ident.to_string(), map);
                }
            }
        }
    }
    let count = renames.len();
    Renamer {
        renames,
        current: None,
    }
    .visit_file_mut(file);
    count
}

/// Old name -> new name for an enum whose wire values include a descending order, if the new
/// names are all distinct.
fn plan(e: &ItemEnum) -> Option<BTreeMap<String, String>> {
    let values: Vec<(String, String)> = e
        .variants
        .iter()
        .map(|v| Some((v.ident.to_string(), wire_value(v)?)))
        .collect::<Option<_>>()?;
    if !values.iter().any(|(_, wire)| wire.starts_with('-')) {
        return None;
    }
    let map: BTreeMap<String, String> = values
        .iter()
        .map(|(old, wire)| (old.clone(), name_for(wire)))
        .collect();
    let distinct: std::collections::BTreeSet<&String> = map.values().collect();
    (distinct.len() == map.len()).then_some(map)
}

/// The `#[serde(rename = "...")]` value of a unit variant.
fn wire_value(variant: &syn::Variant) -> Option<String> {
    if !matches!(variant.fields, syn::Fields::Unit) {
        return None;
    }
    variant.attrs.iter().find_map(|attr| {
        if !attr.path().is_ident("serde") {
            return None;
        }
        let mut value = None;
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                value = Some(meta.value()?.parse::<syn::LitStr>()?.value());
            }
            Ok(())
        });
        value
    })
}

/// `-resolved_at` -> `ResolvedAtDesc`.
fn name_for(wire: &str) -> String {
    let (body, suffix) = match wire.strip_prefix('-') {
        Some(rest) => (rest, "Desc"),
        None => (wire, ""),
    };
    let mut name: String = body
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|part| !part.is_empty())
        .map(|part| {
            let mut chars = part.chars();
            chars
                .next()
                .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'V');
    }
    name + suffix
}

/// Applies the renames to variant declarations, `Self::Old` inside the enum's impls, and
/// `Enum::Old` anywhere.
struct Renamer {
    renames: BTreeMap<String, BTreeMap<String, String>>,
    /// The enum whose impl is being visited, for `Self::` paths.
    current: Option<String>,
}

impl VisitMut for Renamer {
    fn visit_item_enum_mut(&mut self, e: &mut ItemEnum) {
        if let Some(map) = self.renames.get(&e.ident.to_string()) {
            for variant in e.variants.iter_mut() {
                if let Some(new) = map.get(&variant.ident.to_string()) {
                    variant.ident = syn::Ident::new(new, variant.ident.span());
                }
            }
        }
        syn::visit_mut::visit_item_enum_mut(self, e);
    }

    fn visit_item_impl_mut(&mut self, imp: &mut syn::ItemImpl) {
        let previous = self.current.take();
        if let syn::Type::Path(p) = imp.self_ty.as_ref() {
            self.current = p.path.segments.last().map(|s| s.ident.to_string());
        }
        syn::visit_mut::visit_item_impl_mut(self, imp);
        self.current = previous;
    }

    fn visit_path_mut(&mut self, path: &mut syn::Path) {
        let n = path.segments.len();
        if n >= 2 {
            let owner = path.segments[n - 2].ident.to_string();
            let owner = if owner == "Self" {
                self.current.clone()
            } else {
                Some(owner)
            };
            if let Some(map) = owner.and_then(|o| self.renames.get(&o)) {
                let last = &mut path.segments[n - 1].ident;
                if let Some(new) = map.get(&last.to_string()) {
                    *last = syn::Ident::new(new, last.span());
                }
            }
        }
        syn::visit_mut::visit_path_mut(self, path);
    }
}
