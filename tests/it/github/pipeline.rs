//! The pipeline's guarantees for the second API: the manifest entry, the stored upstream (only
//! the `secret-scanning` operations), drift explained, generated code up to date, and the
//! `Paginated` impls keyed on GitHub's `after` cursor.

use serde_json::{json, Value};
use xtask::manifest::Manifest;

fn github() -> xtask::manifest::Api {
    Manifest::workspace()
        .unwrap()
        .get("github")
        .unwrap()
        .clone()
}

#[test]
fn manifest_lists_github_with_its_crate_and_tag_filter() {
    let api = github();
    assert_eq!(api.crate_name, "github-secret-scanning");
    assert_eq!(api.upstream_tags, ["secret-scanning"]);
    assert_eq!(api.server, "https://api.github.com");
    assert!(api
        .generated_file()
        .ends_with("github-secret-scanning/src/generated.rs"));
}

#[test]
fn stored_upstream_holds_only_secret_scanning_operations_without_prose() {
    let upstream = xtask::spec::load_any_value(&github().upstream()).unwrap();
    let mut operations = 0;
    for item in upstream["paths"].as_object().unwrap().values() {
        for (method, operation) in item.as_object().unwrap() {
            assert!(xtask::drift::surface::METHODS.contains(&method.as_str()));
            assert_eq!(operation["tags"], json!(["secret-scanning"]));
            // Prose stripped (a property may still be *named* `description`).
            assert!(operation.get("description").is_none() && operation.get("summary").is_none());
            operations += 1;
        }
    }
    // Enterprise Cloud's description: 35 secret-scanning operations (issue 13).
    assert_eq!(operations, 35);
    for schema in upstream["components"]["schemas"]
        .as_object()
        .unwrap()
        .values()
    {
        assert!(schema.get("description").is_none());
    }
    // Only reachable components are kept: nothing of the rest of the REST API.
    assert!(upstream
        .pointer("/components/schemas/full-repository")
        .is_none());
    assert!(upstream
        .pointer("/components/schemas/secret-scanning-alert")
        .is_some());
}

#[test]
fn drift_against_the_stored_upstream_is_fully_explained() {
    let api = github();
    let entries = xtask::drift::record::load(&api.divergences()).unwrap();
    let upstream = xtask::spec::load_any_value(&api.upstream()).unwrap();
    let ours = xtask::spec::load_any_value(&api.spec()).unwrap();
    let report = xtask::drift::drift("github", &upstream, &ours, &entries);
    let (upstream_only, ours_only, differs, unexplained) = report.counts();
    assert_eq!(unexplained, 0, "{}", report.render(false));
    // 35 upstream operations, 6 of them ours; the bearer scheme is the one `differs`.
    assert_eq!((upstream_only, ours_only, differs), (29, 0, 1));
}

#[test]
fn generated_crate_is_what_the_spec_generates() {
    let api = github();
    match xtask::check::check(&api.spec(), &api.generated_file()).unwrap() {
        xtask::check::Outcome::Clean { operations, .. } => assert_eq!(operations, 6),
        xtask::check::Outcome::Drift { report } => panic!("{report}"),
    }
}

/// A one-operation spec: `GET /items` answering a list, with the given query parameters.
fn list_spec(query: &[&str]) -> Value {
    let parameters: Vec<Value> = query
        .iter()
        .map(|name| json!({"name": name, "in": "query", "schema": {"type": "string"}}))
        .collect();
    json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {"/items": {"get": {
            "operationId": "list_items",
            "parameters": parameters,
            "responses": {
                "200": {"description": "ok", "content": {"application/json": {"schema": {
                    "type": "array", "items": {"$ref": "#/components/schemas/Item"}}}}},
                "404": {"description": "no", "content": {"application/json": {"schema": {
                    "$ref": "#/components/schemas/Error"}}}}
            }
        }}},
        "components": {"schemas": {
            "Item": {"type": "object", "properties": {"id": {"type": "integer"}}},
            "Error": {"type": "object", "properties": {"message": {"type": "string"}}}
        }}
    })
}

fn paginated_impl(code: &str) -> Option<String> {
    let start = code.find("impl<'a> crate::Paginated<'a> for super::builder::ListItems")?;
    Some(code[start..].split("fn with_per_page").next()?.to_string())
}

#[test]
fn after_cursor_lists_get_a_paginated_impl_that_sets_after() {
    let generated = xtask::generate::generate(&list_spec(&["after", "before"]), "t.json").unwrap();
    assert_eq!(generated.paginated, 1);
    let imp = paginated_impl(&generated.code).unwrap();
    assert!(imp.contains("self.after(cursor)"), "{imp}");
}

#[test]
fn cursor_wins_over_after_and_page_only_lists_are_not_cursor_paginated() {
    let both = xtask::generate::generate(&list_spec(&["cursor", "after"]), "t.json").unwrap();
    assert!(paginated_impl(&both.code)
        .unwrap()
        .contains("self.cursor(cursor)"));
    let pages = xtask::generate::generate(&list_spec(&["page", "per_page"]), "t.json").unwrap();
    assert_eq!(pages.paginated, 0);
    assert!(paginated_impl(&pages.code).is_none());
}

/// The GitHub crate holds its own copies of the raw crates' request seam and pagination trait
/// (a published package carries its own sources): they must stay the GitGuardian crate's.
#[test]
fn support_modules_are_the_gitguardian_crates() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    for file in ["executor.rs", "pagination.rs"] {
        let ours = std::fs::read_to_string(root.join("gitguardian-api/src").join(file)).unwrap();
        let copy =
            std::fs::read_to_string(root.join("github-secret-scanning/src").join(file)).unwrap();
        assert_eq!(ours, copy, "github-secret-scanning/src/{file} drifted");
    }
}
