use super::{error_schema, get_op, spec};
use serde_json::{json, Value};
use xtask::normalize::openapi31::downgrade;

/// A 3.1 document with one GET answering `schema`, and `schemas` as components.
fn spec31(schema: Value, schemas: Value) -> Value {
    let mut value = spec(
        json!({"/v1/things": get_op("list-things", schema)}),
        schemas,
    );
    value["openapi"] = json!("3.1.0");
    value
}

fn thing(value: &Value) -> &Value {
    &value["components"]["schemas"]["Thing"]
}

#[test]
fn a_3_0_document_is_left_alone() {
    let value = spec(json!({}), json!({"Error": error_schema()}));
    let (out, fixes) = downgrade(&value);
    assert_eq!(out, value);
    assert!(fixes.is_empty());
}

#[test]
fn type_arrays_with_null_become_nullable() {
    let value = spec31(
        json!({"$ref": "#/components/schemas/Thing"}),
        json!({"Error": error_schema(), "Thing": {"type": "object", "properties": {
            "name": {"type": ["string", "null"]},
            "size": {"type": ["integer", "string"]},
            "type": {"type": "string"}
        }}}),
    );
    let (out, fixes) = downgrade(&value);
    assert_eq!(out["openapi"], "3.0.3");
    let properties = &thing(&out)["properties"];
    assert_eq!(
        properties["name"],
        json!({"type": "string", "nullable": true})
    );
    assert_eq!(
        properties["size"]["anyOf"],
        json!([{"type": "integer"}, {"type": "string"}])
    );
    assert_eq!(
        properties["type"],
        json!({"type": "string"}),
        "a property named `type` is a name"
    );
    assert!(fixes.iter().all(|f| f.step == "openapi-3.1"));
    assert!(fixes
        .iter()
        .any(|f| f.pointer == "/components/schemas/Thing/properties/name/type"));
    let code = xtask::generate::generate(&value, "t.json").unwrap().code;
    assert!(code.contains("pub name: ::std::option::Option<::std::string::String>"));
}

#[test]
fn const_examples_ref_siblings_bounds_and_content_keywords() {
    let value = spec31(
        json!({"$ref": "#/components/schemas/Thing"}),
        json!({"Error": error_schema(),
        "Kind": {"type": "string", "enum": ["a", "b"]},
        "Thing": {"type": "object", "properties": {
            "version": {"const": "v2", "type": "string"},
            "count": {"type": "integer", "exclusiveMinimum": 0, "examples": [3, 4]},
            "kind": {"$ref": "#/components/schemas/Kind", "nullable": true, "description": "prose"},
            "other": {"$ref": "#/components/schemas/Kind", "description": "only prose"},
            "blob": {"type": "string", "contentEncoding": "base64"},
            "file": {"type": "string", "contentMediaType": "image/png"},
            "tuple": {"type": "array", "prefixItems": [{"type": "string"}], "items": {"type": "string"}}
        }}}),
    );
    let (out, fixes) = downgrade(&value);
    let properties = &thing(&out)["properties"];
    assert_eq!(properties["version"]["enum"], json!(["v2"]));
    assert_eq!(properties["count"]["minimum"], 0);
    assert_eq!(properties["count"]["exclusiveMinimum"], true);
    assert_eq!(properties["count"]["example"], 3);
    assert!(properties["count"].get("examples").is_none());
    assert_eq!(
        properties["kind"]["allOf"],
        json!([{"$ref": "#/components/schemas/Kind"}])
    );
    assert_eq!(properties["kind"]["nullable"], true);
    assert_eq!(
        properties["other"],
        json!({"$ref": "#/components/schemas/Kind"})
    );
    assert_eq!(properties["blob"]["format"], "byte");
    assert_eq!(properties["file"]["format"], "binary");
    assert!(properties["tuple"].get("prefixItems").is_none());
    for keyword in [
        "const",
        "exclusiveMinimum",
        "examples",
        "$ref",
        "contentEncoding",
        "contentMediaType",
        "prefixItems",
    ] {
        assert!(
            fixes.iter().any(|f| f.pointer.ends_with(keyword)),
            "{keyword} not reported: {fixes:#?}"
        );
    }
    // The result reads as 3.0 and generates.
    let generated = xtask::generate::generate(&value, "t.json").unwrap();
    assert!(generated.fixes.iter().any(|f| f.step == "openapi-3.1"));
}

#[test]
fn null_members_webhooks_and_3_1_only_document_parts() {
    let mut value = spec31(
        json!({"oneOf": [{"$ref": "#/components/schemas/Error"}, {"type": "null"}]}),
        json!({"Error": error_schema()}),
    );
    value["webhooks"] = json!({"ping": {}});
    value["info"]["summary"] = json!("x");
    value["info"]["license"] = json!({"name": "MIT", "identifier": "MIT"});
    let (out, fixes) = downgrade(&value);
    let schema = &out["paths"]["/v1/things"]["get"]["responses"]["200"]["content"]
        ["application/json"]["schema"];
    assert_eq!(
        schema["oneOf"],
        json!([{"$ref": "#/components/schemas/Error"}])
    );
    assert_eq!(schema["nullable"], true);
    assert!(out.get("webhooks").is_none());
    assert!(out["info"].get("summary").is_none());
    assert!(out["info"]["license"].get("identifier").is_none());
    assert!(fixes.iter().any(|f| f.pointer == "/webhooks"));
    // Idempotent: the 3.0 result has nothing left to rewrite.
    assert!(downgrade(&out).1.is_empty());
}

#[test]
fn other_versions_are_still_refused() {
    for version in ["2.0", "3.2.0"] {
        let mut value = spec(json!({}), json!({}));
        value["openapi"] = json!(version);
        let error = xtask::generate::generate(&value, "t.json")
            .err()
            .unwrap()
            .to_string();
        assert!(error.contains("only OpenAPI 3.0.x"), "{error}");
    }
}
