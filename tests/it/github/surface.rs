//! Snapshots of the GitHub crate's surface, drawn the same way as the GitGuardian ones.

use crate::surface::{client_surface, items_surface, module, operations_by_tag};

fn root() -> std::path::PathBuf {
    xtask::paths::workspace_root()
}

fn spec() -> serde_json::Value {
    xtask::spec::load_value(&root().join("openapi/github/spec.json")).unwrap()
}

fn generated() -> syn::File {
    let path = root().join("github-secret-scanning/src/generated.rs");
    syn::parse_file(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn github_operations_surface() {
    let by_tag = operations_by_tag(&spec());
    assert_eq!(by_tag.keys().collect::<Vec<_>>(), ["secret-scanning"]);
    insta::assert_snapshot!("operations", by_tag["secret-scanning"].clone());
}

#[test]
fn github_types_surface() {
    insta::assert_snapshot!("types", items_surface(module(&generated(), "types")));
}

#[test]
fn github_client_surface() {
    insta::assert_snapshot!("client", client_surface(&generated()));
}
