use super::{error_schema, get_op, spec};
use serde_json::{json, Value};
use xtask::normalize::{normalize, validate, Fix, Options};

/// [`run_with`] the default options (the steps every spec goes through).
fn run(value: &Value) -> (Vec<Fix>, Value) {
    run_with(value, Options::default())
}

/// Normalizes `value` with `options`, asserting that a second pass changes nothing (idempotence) and that the
/// result generates without error. Returns the fixes of the first pass and the fixed spec.
fn run_with(value: &Value, options: Options) -> (Vec<Fix>, Value) {
    let mut openapi = xtask::spec::to_openapi(value).expect("test spec is valid OpenAPI");
    let fixes = normalize(&mut openapi, options);
    let mut again = openapi.clone();
    assert_eq!(
        normalize(&mut again, options),
        vec![],
        "normalization must be idempotent"
    );
    let fixed = serde_json::to_value(&openapi).unwrap();
    xtask::generate::generate_with(value, "test.json", options).expect("normalized spec generates");
    (fixes, fixed)
}

fn only_fix<'a>(fixes: &'a [Fix], step: &str) -> &'a Fix {
    let of_step: Vec<&Fix> = fixes.iter().filter(|f| f.step == step).collect();
    assert_eq!(of_step.len(), 1, "expected one `{step}` fix in {fixes:#?}");
    of_step[0]
}

#[test]
fn clean_spec_needs_no_fix() {
    let value = spec(
        json!({"/v1/health": get_op("api_health", json!({"$ref": "#/components/schemas/Error"}))}),
        json!({"Error": error_schema()}),
    );
    let (fixes, fixed) = run(&value);
    assert!(fixes.is_empty(), "{fixes:#?}");
    assert_eq!(fixed["paths"], value["paths"]);
}

#[test]
fn dangling_schema_ref_becomes_free_form() {
    let value = spec(
        json!({"/v1/things": get_op("list-things", json!({
            "type": "object",
            "properties": {"owner": {"$ref": "#/components/schemas/Missing"}}
        }))}),
        json!({"Error": error_schema()}),
    );
    let (fixes, fixed) = run(&value);
    let fix = only_fix(&fixes, "dangling-refs");
    assert_eq!(fix.operation_id.as_deref(), Some("list-things"));
    assert_eq!(
        fix.pointer,
        "/paths/~1v1~1things/get/responses/200/content/application~1json/schema/properties/owner"
    );
    let owner = &fixed["paths"]["/v1/things"]["get"]["responses"]["200"]["content"]
        ["application/json"]["schema"]["properties"]["owner"];
    assert!(owner.get("$ref").is_none());
}

#[test]
fn dangling_parameter_and_response_refs_are_dropped() {
    let value = spec(
        json!({"/v1/things": {"get": {
            "operationId": "list-things",
            "parameters": [{"$ref": "#/components/parameters/Nope"}],
            "responses": {
                "200": {"$ref": "#/components/responses/Gone"},
                "401": {"$ref": "#/components/responses/Error"}
            }
        }}}),
        json!({"Error": error_schema()}),
    );
    let (fixes, fixed) = run(&value);
    assert_eq!(
        fixes.iter().filter(|f| f.step == "dangling-refs").count(),
        2,
        "{fixes:#?}"
    );
    let op = &fixed["paths"]["/v1/things"]["get"];
    assert!(op
        .get("parameters")
        .is_none_or(|p| p.as_array().unwrap().is_empty()));
    assert!(op["responses"]["200"].get("$ref").is_none());
}

#[test]
fn object_with_tar_format_loses_the_format() {
    let value = spec(
        json!({"/v1/upload": {"post": {
            "operationId": "upload",
            "requestBody": {"content": {"application/json": {"schema": {
                "type": "object", "format": "tar", "properties": {"name": {"type": "string"}}
            }}}},
            "responses": {"204": {"description": "done"}}
        }}}),
        json!({"Error": error_schema()}),
    );
    let (fixes, fixed) = run(&value);
    let fix = only_fix(&fixes, "odd-formats");
    assert!(fix.message.contains("tar"), "{}", fix.message);
    let schema = &fixed["paths"]["/v1/upload"]["post"]["requestBody"]["content"]
        ["application/json"]["schema"];
    assert_eq!(schema["type"], "object");
    assert!(schema.get("format").is_none());
}

#[test]
fn multipart_only_body_becomes_raw_bytes() {
    let value = spec(
        json!({"/v1/upload": {"post": {
            "operationId": "upload",
            "requestBody": {"content": {"multipart/form-data": {"schema": {
                "type": "object", "properties": {"file": {"type": "string", "format": "binary"}}
            }}}},
            "responses": {"204": {"description": "done"}}
        }}}),
        json!({"Error": error_schema()}),
    );
    let (fixes, fixed) = run(&value);
    let fix = only_fix(&fixes, "request-media-types");
    assert_eq!(fix.operation_id.as_deref(), Some("upload"));
    let content = fixed["paths"]["/v1/upload"]["post"]["requestBody"]["content"]
        .as_object()
        .unwrap();
    assert_eq!(
        content.keys().collect::<Vec<_>>(),
        ["application/octet-stream"]
    );
}

#[test]
fn several_request_media_types_keep_json() {
    let body = json!({"type": "object", "properties": {"name": {"type": "string"}}});
    let value = spec(
        json!({"/v1/things": {"post": {
            "operationId": "create-thing",
            "requestBody": {"content": {
                "multipart/form-data": {"schema": body},
                "application/json": {"schema": body}
            }},
            "responses": {"201": {"description": "created"}}
        }}}),
        json!({"Error": error_schema()}),
    );
    let (fixes, fixed) = run(&value);
    only_fix(&fixes, "request-media-types");
    let content = fixed["paths"]["/v1/things"]["post"]["requestBody"]["content"]
        .as_object()
        .unwrap();
    assert_eq!(content.keys().collect::<Vec<_>>(), ["application/json"]);
}

#[test]
fn defaults_that_do_not_validate_are_removed() {
    // (`default: null` never reaches the steps: the OpenAPI model reads it as no default.)
    let value = spec(
        json!({"/v1/things": {"get": {
            "operationId": "list-things",
            "parameters": [
                {"name": "ordering", "in": "query", "schema": {"type": "string", "enum": ["date", "-date"], "default": "id"}},
                {"name": "limit", "in": "query", "schema": {"type": "integer", "default": "ten"}},
                {"name": "per_page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}}
            ],
            "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}}
        }}}),
        json!({
            "Error": error_schema(),
            "Kind": {"type": "string", "enum": ["a", "b"]},
            "Thing": {"type": "object", "properties": {
                "kind": {"allOf": [{"$ref": "#/components/schemas/Kind"}], "default": "a"}
            }}
        }),
    );
    let (fixes, fixed) = run(&value);
    let defaults: Vec<&Fix> = fixes
        .iter()
        .filter(|f| f.step == "invalid-defaults")
        .collect();
    assert_eq!(defaults.len(), 3, "{fixes:#?}");
    let params = &fixed["paths"]["/v1/things"]["get"]["parameters"];
    assert!(params[0]["schema"].get("default").is_none());
    assert!(params[1]["schema"].get("default").is_none());
    assert_eq!(params[2]["schema"]["default"], 20, "a valid default stays");
}

#[test]
fn nullable_enum_gains_null() {
    let value = spec(
        json!({"/v1/things": get_op("list-things", json!({"$ref": "#/components/schemas/Thing"}))}),
        json!({
            "Error": error_schema(),
            "Thing": {"type": "object", "properties": {
                "validity": {"type": "string", "nullable": true, "enum": ["valid", "invalid"]}
            }}
        }),
    );
    let (fixes, fixed) = run(&value);
    only_fix(&fixes, "nullable-enums");
    let values = &fixed["components"]["schemas"]["Thing"]["properties"]["validity"]["enum"];
    assert_eq!(values, &json!(["valid", "invalid", null]));
}

#[test]
fn additional_properties_false_is_removed_and_unknown_fields_pass() {
    let value = spec(
        json!({"/v1/things": get_op("list-things", json!({"$ref": "#/components/schemas/Thing"}))}),
        json!({
            "Error": error_schema(),
            "Thing": {"type": "object", "additionalProperties": false,
                      "properties": {"id": {"type": "integer"}}}
        }),
    );
    let (fixes, _) = run(&value);
    let fix = only_fix(&fixes, "additional-properties-false");
    assert_eq!(fix.pointer, "/components/schemas/Thing");
    let code = xtask::generate::generate(&value, "test.json").unwrap().code;
    assert!(!code.contains("deny_unknown_fields"));
}

fn bearer_spec() -> Value {
    let mut value = spec(
        json!({"/v1/health": get_op("api_health", json!({"$ref": "#/components/schemas/Error"}))}),
        json!({"Error": error_schema()}),
    );
    value["components"]["securitySchemes"] =
        json!({"BearerAuth": {"type": "http", "scheme": "bearer"}});
    value
}

#[test]
fn bearer_scheme_becomes_token_api_key_when_the_api_opts_in() {
    let options = Options {
        bearer_as_token: true,
    };
    let (fixes, fixed) = run_with(&bearer_spec(), options);
    only_fix(&fixes, "security-scheme");
    let scheme = &fixed["components"]["securitySchemes"]["BearerAuth"];
    assert_eq!(scheme["type"], "apiKey");
    assert_eq!(scheme["in"], "header");
    assert_eq!(scheme["name"], "Authorization");
}

#[test]
fn bearer_scheme_is_kept_by_default() {
    let (fixes, fixed) = run(&bearer_spec());
    assert!(
        fixes.iter().all(|f| f.step != "security-scheme"),
        "{fixes:#?}"
    );
    let scheme = &fixed["components"]["securitySchemes"]["BearerAuth"];
    assert_eq!(scheme["type"], "http");
    assert_eq!(scheme["scheme"], "bearer");
}

#[test]
fn differently_shaped_success_responses_keep_the_json_one() {
    let value = spec(
        json!({"/v1/things/{id}": {"delete": {
            "operationId": "delete-thing",
            "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
            "responses": {
                "200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                "204": {"description": "gone"},
                "default": {"description": "other", "content": {"text/plain": {"schema": {"type": "string"}}}}
            }
        }}}),
        json!({"Error": error_schema()}),
    );
    let (fixes, fixed) = run(&value);
    let steps: Vec<&str> = fixes.iter().map(|f| f.step).collect();
    assert_eq!(
        steps,
        ["single-success-response", "single-success-response"],
        "{fixes:#?}"
    );
    let responses = fixed["paths"]["/v1/things/{id}"]["delete"]["responses"]
        .as_object()
        .unwrap();
    assert_eq!(responses.keys().collect::<Vec<_>>(), ["200"]);
}

#[test]
fn mixed_error_shapes_are_read_as_raw_bytes() {
    let value = spec(
        json!({"/v1/things": {"get": {
            "operationId": "list-things",
            "responses": {
                "200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                "400": {"$ref": "#/components/responses/Error"},
                "404": {"description": "nope", "content": {"text/html": {"schema": {"type": "string"}}}}
            }
        }}}),
        json!({"Error": error_schema()}),
    );
    let (fixes, fixed) = run(&value);
    only_fix(&fixes, "single-error-shape");
    let responses = &fixed["paths"]["/v1/things"]["get"]["responses"];
    for code in ["400", "404"] {
        let content = responses[code]["content"].as_object().unwrap();
        assert_eq!(content.keys().collect::<Vec<_>>(), ["*/*"], "{code}");
    }
}

#[test]
fn validation_names_operation_and_pointer() {
    let value = spec(
        json!({
            "/v1/things/{id}": {"get": {
                "operationId": "get-thing",
                "responses": {"200": {"description": "ok"}}
            }},
            "/v1/other": {"post": {"responses": {"204": {"description": "ok"}}}}
        }),
        json!({"Error": error_schema()}),
    );
    let openapi = xtask::spec::to_openapi(&value).unwrap();
    let problems = validate(&openapi);
    let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(problems.len(), 2, "{text:#?}");
    assert!(text[0].starts_with("get-thing: `{id}` in the path has no path parameter"));
    assert!(text[0].ends_with("(at #/paths/~1v1~1things~1{id}/get)"));
    assert!(text[1].contains("POST /v1/other has no operationId"));
    let error = xtask::generate::generate(&value, "test.json")
        .err()
        .unwrap()
        .to_string();
    assert!(error.contains("2 problem(s)"), "{error}");
    assert!(error.contains("get-thing"), "{error}");
}

#[test]
fn progenitor_panic_becomes_an_error_naming_the_operation() {
    // A JSON response without a schema hits a `todo!()` inside progenitor.
    let value = spec(
        json!({
            "/v1/health": get_op("api_health", json!({"$ref": "#/components/schemas/Error"})),
            "/v1/odd": {"get": {
                "operationId": "odd-one",
                "responses": {"200": {"description": "ok", "content": {"application/json": {}}}}
            }}
        }),
        json!({"Error": error_schema()}),
    );
    let error = xtask::generate::generate(&value, "test.json")
        .err()
        .unwrap()
        .to_string();
    assert!(error.contains("progenitor panicked"), "{error}");
    assert!(
        error.contains("odd-one (at #/paths/~1v1~1odd/get)"),
        "{error}"
    );
}

#[test]
fn object_defaults_are_checked_member_by_member() {
    let value = spec(
        json!({"/v1/scan": {"post": {
            "operationId": "scan",
            "requestBody": {"content": {"application/json": {"schema": {"type": "object", "properties": {
                "bad": {"$ref": "#/components/schemas/Params"},
                "params": {"type": "object", "properties": {
                    "severity": {"$ref": "#/components/schemas/Severity"},
                    "ignored": {"type": "array", "items": {"type": "string"}}
                }, "default": {"severity": null, "ignored": []}},
                "good": {"type": "object", "properties": {
                    "severity": {"$ref": "#/components/schemas/Severity"}
                }, "default": {"severity": "low"}},
                "wrapped": {"type": "object", "allOf": [{"$ref": "#/components/schemas/Params"}],
                    "default": {"severity": "low"}}
            }}}}},
            "responses": {"204": {"description": "done"}}
        }}}),
        json!({
            "Error": error_schema(),
            "Severity": {"type": "string", "enum": ["low", "high"]},
            "Params": {"type": "object", "required": ["severity"], "properties": {
                "severity": {"$ref": "#/components/schemas/Severity"}
            }, "default": {"ignored": ["x"]}}
        }),
    );
    let (fixes, fixed) = run(&value);
    let defaults: Vec<&Fix> = fixes
        .iter()
        .filter(|f| f.step == "invalid-defaults")
        .collect();
    let messages: Vec<String> = defaults.iter().map(|f| f.to_string()).collect();
    assert_eq!(defaults.len(), 3, "{messages:#?}");
    assert!(
        messages
            .iter()
            .any(|m| m.contains("required member `severity` missing")),
        "{messages:#?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("null on a non-nullable schema at /severity")),
        "{messages:#?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("composed schemas") && m.contains("wrapped")),
        "{messages:#?}"
    );
    let body = &fixed["paths"]["/v1/scan"]["post"]["requestBody"]["content"]["application/json"]
        ["schema"]["properties"];
    assert_eq!(
        body["good"]["default"],
        json!({"severity": "low"}),
        "a valid object default stays"
    );
}
