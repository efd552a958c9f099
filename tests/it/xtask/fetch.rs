use super::{error_schema, get_op, spec};
use httpmock::prelude::*;
use serde_json::json;
use xtask::fetch::{check_url, fetch};

fn served_spec() -> serde_json::Value {
    spec(
        json!({"/v1/health": get_op("api_health", json!({"$ref": "#/components/schemas/Error"}))}),
        json!({"Error": error_schema()}),
    )
}

/// `upstream.json` and its record in a fresh directory.
fn outputs(dir: &tempfile::TempDir) -> (std::path::PathBuf, std::path::PathBuf) {
    (
        dir.path().join("upstream.json"),
        dir.path().join("upstream.source.json"),
    )
}

#[test]
fn fetch_writes_a_stable_pretty_spec_and_a_source_record() {
    let server = MockServer::start();
    let mock = server.mock(|when, then| {
        when.method(GET).path("/v1/openapi.json");
        then.status(200)
            .header("content-type", "application/json")
            .body(served_spec().to_string());
    });
    let dir = tempfile::tempdir().unwrap();
    let (out, record_path) = outputs(&dir);
    let fetched = fetch(&server.url("/v1/openapi.json"), &out, &record_path).unwrap();
    mock.assert();
    assert_eq!(fetched.operations, 1);
    assert!(fetched.changes.is_none(), "no previous file");
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.starts_with("{\n  \"openapi\": \"3.0.3\""), "{text}");
    assert!(text.ends_with("}\n"));
    let record: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&record_path).unwrap()).unwrap();
    assert_eq!(record["sha256"], fetched.sha256);
    assert_eq!(record["sha256_downloaded"], fetched.sha256_downloaded);
    assert_eq!(record["url"], server.url("/v1/openapi.json"));
    // Fetching the same document again writes the same bytes and reports no change.
    let again = fetch(&server.url("/v1/openapi.json"), &out, &record_path).unwrap();
    assert_eq!(again.sha256, fetched.sha256);
    assert!(again.changes.unwrap().is_empty());
}

#[test]
fn fetch_reports_added_removed_and_changed_operations() {
    let dir = tempfile::tempdir().unwrap();
    let (out, record) = outputs(&dir);
    let mut old = served_spec();
    old["paths"]["/v1/gone"] = get_op("gone", json!({"type": "string"}));
    std::fs::write(&out, old.to_string()).unwrap();
    let mut new = served_spec();
    new["paths"]["/v1/health"]["get"]["parameters"] =
        json!([{"name": "verbose", "in": "query", "schema": {"type": "boolean"}}]);
    new["paths"]["/v1/quotas"] = get_op("quotas", json!({"type": "string"}));
    let server = MockServer::start();
    server.mock(|when, then| {
        when.method(GET).path("/spec");
        then.status(200).body(new.to_string());
    });
    let delta = fetch(&server.url("/spec"), &out, &record)
        .unwrap()
        .changes
        .unwrap();
    assert_eq!(delta.added, ["quotas"]);
    assert_eq!(delta.removed, ["gone"]);
    assert_eq!(delta.changed, ["api_health"]);
}

fn fetch_error(status: u16, content_type: &str, body: &str) -> String {
    let server = MockServer::start();
    server.mock(|when, then| {
        when.method(GET).path("/spec");
        then.status(status)
            .header("content-type", content_type)
            .body(body);
    });
    let dir = tempfile::tempdir().unwrap();
    let (out, record) = outputs(&dir);
    // A previous upstream and record stay exactly as they were.
    std::fs::write(&out, "previous upstream").unwrap();
    std::fs::write(&record, "previous record").unwrap();
    let error = format!(
        "{:#}",
        fetch(&server.url("/spec"), &out, &record).unwrap_err()
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "previous upstream");
    assert_eq!(std::fs::read_to_string(&record).unwrap(), "previous record");
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 2, "no temporary file is left behind");
    error
}

#[test]
fn fetch_fails_clearly_on_404() {
    let error = fetch_error(404, "application/json", r#"{"detail":"Not found."}"#);
    assert!(
        error.contains("404 Not Found") && error.contains("Not found."),
        "{error}"
    );
}

#[test]
fn fetch_fails_clearly_on_html() {
    let error = fetch_error(
        200,
        "text/html",
        "<!doctype html><html><body>Sign in</body></html>",
    );
    assert!(
        error.contains("HTML, not a JSON spec") && error.contains("Sign in"),
        "{error}"
    );
}

#[test]
fn fetch_fails_clearly_on_invalid_json() {
    let error = fetch_error(200, "application/json", r#"{"openapi": "3.0.3", "paths": "#);
    assert!(error.contains("not valid JSON"), "{error}");
}

#[test]
fn fetch_refuses_specs_that_are_not_openapi_3_0() {
    let error = fetch_error(200, "application/json", r#"{"swagger": "2.0"}"#);
    assert!(error.contains("not an OpenAPI spec"), "{error}");
}

#[test]
fn fetch_refuses_openapi_3_2_and_json_that_is_not_a_spec() {
    let error = fetch_error(
        200,
        "application/json",
        r#"{"openapi": "3.2.0", "paths": {}}"#,
    );
    assert!(error.contains("only OpenAPI 3.0.x and 3.1.x"), "{error}");
    let error = fetch_error(200, "application/json", "[1, 2, 3]");
    assert!(error.contains("not an OpenAPI spec"), "{error}");
}

#[test]
fn fetch_accepts_openapi_3_1_for_the_downgrade() {
    let mut served = served_spec();
    served["openapi"] = json!("3.1.0");
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("github.json");
    std::fs::write(&source, served.to_string()).unwrap();
    let (out, record) = outputs(&dir);
    let fetched = fetch(source.to_str().unwrap(), &out, &record).unwrap();
    assert_eq!(fetched.operations, 1);
    let stored = xtask::spec::load_any_value(&out).unwrap();
    assert_eq!(
        stored["openapi"], "3.1.0",
        "stored as published; downgraded when read"
    );
}

#[test]
fn the_stored_upstream_has_no_vendor_prose() {
    let mut served = served_spec();
    served["info"]["description"] = json!("Vendor intro text.");
    served["tags"] = json!([{"name": "Health", "description": "Vendor tag text."}]);
    served["x-tagGroups"] = json!([{"name": "Group"}]);
    let op = &mut served["paths"]["/v1/health"]["get"];
    op["summary"] = json!("Vendor summary");
    op["description"] = json!("Vendor description");
    op["x-codeSamples"] = json!([{"lang": "sh"}]);
    op["parameters"] = json!([{"name": "q", "in": "query", "description": "Vendor", "example": "x",
        "schema": {"type": "string", "enum": ["a", "b"], "default": "a"}}]);
    served["components"]["schemas"]["Note"] = json!({
        "type": "object",
        "description": "Vendor schema text",
        "example": {"description": "sample"},
        "required": ["description"],
        "properties": {"description": {"type": "string", "description": "Vendor field text"}}
    });
    served["components"]["examples"] = json!({"one": {"value": 1}});
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("vendor.json");
    std::fs::write(&source, served.to_string()).unwrap();
    let (out, record) = outputs(&dir);
    fetch(source.to_str().unwrap(), &out, &record).unwrap();
    let stored: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let text = stored.to_string();
    assert!(!text.contains("Vendor"), "{text}");
    assert!(!text.contains("x-"), "{text}");
    assert!(stored["components"].get("examples").is_none());
    // Structure stays: names, enums, defaults, required lists, a field called `description`.
    let note = &stored["components"]["schemas"]["Note"];
    assert_eq!(note["required"], json!(["description"]));
    assert_eq!(note["properties"]["description"], json!({"type": "string"}));
    let parameter = &stored["paths"]["/v1/health"]["get"]["parameters"][0];
    assert_eq!(
        parameter,
        &json!({"name": "q", "in": "query", "schema": {"type": "string", "enum": ["a", "b"], "default": "a"}})
    );
    assert_eq!(stored["tags"], json!([{"name": "Health"}]));
    let provenance: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&record).unwrap()).unwrap();
    assert_eq!(provenance["url"], "local copy vendor.json");
    assert_ne!(provenance["sha256"], provenance["sha256_downloaded"]);
}

#[test]
fn plain_http_is_allowed_only_for_loopback() {
    assert!(check_url("http://127.0.0.1:8080/v1/openapi.json").is_ok());
    assert!(check_url("http://localhost/v1/openapi.json").is_ok());
    assert!(check_url("http://[::1]:9/v1/openapi.json").is_ok());
    assert!(check_url("https://api.eu1.gitguardian.com/v1/openapi.json").is_ok());
    let error = check_url("http://api.gitguardian.com/v1/openapi.json")
        .unwrap_err()
        .to_string();
    assert!(error.contains("use https"), "{error}");
    assert!(check_url("ftp://example.com/spec").is_err());
    assert!(check_url("not a url").is_err());
}

#[test]
fn a_tag_selection_keeps_those_operations_and_the_components_they_use() {
    let op = |id: &str, tag: &str, schema: &str| {
        json!({"operationId": id, "tags": [tag], "responses": {"200": {"description": "ok",
            "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{schema}")}}}}}})
    };
    let mut served = super::spec(
        json!({
            "/alerts": {"get": op("list-alerts", "secret-scanning", "Alert"), "post": op("other", "repos", "Repo")},
            "/repos": {"get": op("list-repos", "repos", "Repo")}
        }),
        json!({
            "Alert": {"type": "object", "properties": {"location": {"$ref": "#/components/schemas/Location"}}},
            "Location": {"type": "object", "properties": {"path": {"type": "string"}}},
            "Repo": {"type": "object"}
        }),
    );
    served["components"]["securitySchemes"] =
        json!({"token": {"type": "http", "scheme": "bearer"}});
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("api.json");
    std::fs::write(&source, served.to_string()).unwrap();
    let (out, record) = outputs(&dir);
    let tags = ["secret-scanning".to_string()];
    let fetched = xtask::fetch::fetch_tags(source.to_str().unwrap(), &tags, &out, &record).unwrap();
    assert_eq!(fetched.operations, 1);
    let stored = xtask::spec::load_any_value(&out).unwrap();
    let paths: Vec<&String> = stored["paths"].as_object().unwrap().keys().collect();
    assert_eq!(paths, ["/alerts"]);
    assert!(stored["paths"]["/alerts"].get("post").is_none());
    let schemas: Vec<&String> = stored["components"]["schemas"]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    assert_eq!(schemas, ["Alert", "Location"], "referenced through Alert");
    assert!(stored["components"]["responses"]
        .as_object()
        .unwrap()
        .is_empty());
    assert!(stored["components"]["securitySchemes"]
        .get("token")
        .is_some());
}
