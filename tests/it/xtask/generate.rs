use super::{error_schema, get_op, spec};
use serde_json::json;

#[test]
fn generation_of_every_workspace_spec_is_deterministic() {
    let manifest = xtask::manifest::Manifest::workspace().unwrap();
    for api in &manifest.apis {
        let value = xtask::spec::load_value(&api.spec()).unwrap();
        let run = || xtask::generate::generate_with(&value, "spec.json", api.normalization());
        let (first, second) = (run().unwrap(), run().unwrap());
        assert!(
            first.code == second.code,
            "{}: two runs must give identical bytes",
            api.name
        );
        assert!(first.operations > 0 && first.types > 0, "{}", api.name);
        if api.mocks.is_some() {
            let mocks = || xtask::generate::httpmock::generate(&value, "spec.json", api);
            assert!(
                mocks().unwrap() == mocks().unwrap(),
                "{}: two runs of the httpmock helpers must give identical bytes",
                api.name
            );
        }
    }
}

#[test]
fn string_enums_get_a_catch_all_variant_that_does_not_collide() {
    let value = spec(
        json!({"/v1/things": get_op("list-things", json!({"$ref": "#/components/schemas/Thing"}))}),
        json!({
            "Error": error_schema(),
            "Thing": {"type": "object", "properties": {
                "status": {"$ref": "#/components/schemas/Status"},
                "kind": {"$ref": "#/components/schemas/Kind"}
            }},
            "Status": {"type": "string", "enum": ["OPEN", "CLOSED"]},
            "Kind": {"type": "string", "enum": ["unrecognized", "other"]}
        }),
    );
    let generated = xtask::generate::generate(&value, "test.json").unwrap();
    assert_eq!(generated.open_enums, 2);
    let file = syn::parse_file(&generated.code).unwrap();
    let variants = |name: &str| -> Vec<String> {
        let types = file
            .items
            .iter()
            .find_map(|i| match i {
                syn::Item::Mod(m) if m.ident == "types" => m.content.as_ref(),
                _ => None,
            })
            .unwrap();
        types
            .1
            .iter()
            .find_map(|i| match i {
                syn::Item::Enum(e) if e.ident == name => {
                    Some(e.variants.iter().map(|v| v.ident.to_string()).collect())
                }
                _ => None,
            })
            .unwrap()
    };
    assert_eq!(variants("Status"), ["Open", "Closed", "Unrecognized"]);
    assert_eq!(
        variants("Kind"),
        ["Unrecognized", "Other", "UnrecognizedValue"]
    );
    assert!(generated
        .code
        .contains("Self::UnrecognizedValue(value.to_string())"));
}

#[test]
fn header_names_the_spec_and_says_do_not_edit() {
    let value = spec(
        json!({"/v1/health": get_op("api_health", json!({"$ref": "#/components/schemas/Error"}))}),
        json!({"Error": error_schema()}),
    );
    let code = xtask::generate::generate(&value, "openapi/x.json")
        .unwrap()
        .code;
    let first = code.lines().next().unwrap();
    assert!(
        first.contains("openapi/x.json") && first.contains("DO NOT EDIT"),
        "{first}"
    );
}

#[test]
fn descending_sort_orders_get_readable_variant_names() {
    let value = spec(
        json!({"/v1/things": {"get": {
            "operationId": "list-things",
            "parameters": [{"name": "ordering", "in": "query", "schema": {
                "type": "string", "enum": ["date", "-date", "resolved_at", "-resolved_at"]
            }}],
            "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}
        }}}),
        json!({"Error": error_schema()}),
    );
    let code = xtask::generate::generate(&value, "test.json").unwrap().code;
    for name in ["Date,", "DateDesc,", "ResolvedAt,", "ResolvedAtDesc,"] {
        assert!(code.contains(name), "{name} missing");
    }
    assert!(code.contains(r#"Self::ResolvedAtDesc => f.write_str("-resolved_at")"#));
    assert!(code.contains(r#""-date" => Ok(Self::DateDesc)"#));
    assert!(!code.contains("Xdate") && !code.contains("ResolvedXat"));
}
