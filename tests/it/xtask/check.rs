use super::{error_schema, get_op, spec};
use serde_json::{json, Value};
use std::path::Path;
use xtask::check::{check, check_with, Outcome};

fn base() -> Value {
    spec(
        json!({
            "/v1/health": get_op("api_health", json!({"$ref": "#/components/schemas/Error"})),
            "/v1/things": {"get": {
                "operationId": "list-things",
                "parameters": [{"name": "cursor", "in": "query", "schema": {"type": "string"}}],
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}
            }}
        }),
        json!({"Error": error_schema()}),
    )
}

/// Writes `value` as the spec and generates code from it, as `regen` would.
fn regen(dir: &Path, value: &Value) {
    std::fs::write(dir.join("spec.json"), value.to_string()).unwrap();
    let name = xtask::check::source_name(&dir.join("spec.json"));
    let code = xtask::generate::generate(value, &name).unwrap().code;
    std::fs::write(dir.join("generated.rs"), code).unwrap();
    xtask::provenance::refresh(&dir.join("spec.json")).unwrap();
}

fn drift(dir: &Path) -> String {
    match check(&dir.join("spec.json"), &dir.join("generated.rs")).unwrap() {
        Outcome::Drift { report } => report,
        Outcome::Clean { .. } => panic!("expected drift"),
    }
}

#[test]
fn up_to_date_code_is_clean() {
    let dir = tempfile::tempdir().unwrap();
    regen(dir.path(), &base());
    match check(
        &dir.path().join("spec.json"),
        &dir.path().join("generated.rs"),
    )
    .unwrap()
    {
        Outcome::Clean { operations, .. } => assert_eq!(operations, 2),
        Outcome::Drift { report } => panic!("unexpected drift:\n{report}"),
    }
}

#[test]
fn a_new_operation_is_drift_until_regen() {
    let dir = tempfile::tempdir().unwrap();
    regen(dir.path(), &base());
    let mut changed = base();
    changed["paths"]["/v1/quotas"] =
        get_op("quotas", json!({"$ref": "#/components/schemas/Error"}));
    std::fs::write(dir.path().join("spec.json"), changed.to_string()).unwrap();
    let report = drift(dir.path());
    assert!(report.contains("operations added (1): quotas"), "{report}");
    assert!(report.contains("cargo xtask regen"), "{report}");
    assert!(
        report.contains("+++ regenerated"),
        "a unified diff follows:\n{report}"
    );
    regen(dir.path(), &changed);
    assert!(matches!(
        check(
            &dir.path().join("spec.json"),
            &dir.path().join("generated.rs")
        )
        .unwrap(),
        Outcome::Clean { .. }
    ));
}

#[test]
fn a_new_optional_query_parameter_is_drift() {
    let dir = tempfile::tempdir().unwrap();
    regen(dir.path(), &base());
    let mut changed = base();
    changed["paths"]["/v1/things"]["get"]["parameters"]
        .as_array_mut()
        .unwrap()
        .push(json!({"name": "search", "in": "query", "schema": {"type": "string"}}));
    std::fs::write(dir.path().join("spec.json"), changed.to_string()).unwrap();
    let report = drift(dir.path());
    assert!(
        report.contains("operations changed (1): list_things"),
        "{report}"
    );
    assert!(report.contains("search"), "{report}");
}

#[test]
fn every_checked_in_client_matches_its_workspace_spec() {
    let manifest = xtask::manifest::Manifest::workspace().unwrap();
    for api in &manifest.apis {
        match check_with(&api.spec(), &api.generated_file(), api.normalization()).unwrap() {
            Outcome::Clean { .. } => {}
            Outcome::Drift { report } => panic!("{}: {report}", api.name),
        }
    }
}

#[test]
fn a_spec_edit_that_changes_no_code_is_still_caught_by_the_record() {
    let dir = tempfile::tempdir().unwrap();
    regen(dir.path(), &base());
    let pretty = serde_json::to_string_pretty(&base()).unwrap();
    std::fs::write(dir.path().join("spec.json"), pretty).unwrap();
    let report = drift(dir.path());
    assert!(
        report.contains("the spec changed without `cargo xtask regen`"),
        "{report}"
    );
    xtask::provenance::refresh(&dir.path().join("spec.json")).unwrap();
    assert!(matches!(
        check(
            &dir.path().join("spec.json"),
            &dir.path().join("generated.rs")
        )
        .unwrap(),
        Outcome::Clean { .. }
    ));
}
