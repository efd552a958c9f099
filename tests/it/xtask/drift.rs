use super::{error_schema, get_op, spec};
use serde_json::{json, Value};
use xtask::drift::{self, adopt, record, Explanation, Kind};

/// Our small spec: a corrected `Thing` (nullable label, an extra `owner_email`).
fn ours() -> Value {
    spec(
        json!({
            "/v1/things": get_op("list-things", json!({"type": "array", "items": {"$ref": "#/components/schemas/Thing"}})),
            "/v1/things/{id}": {"get": {
                "operationId": "get-thing",
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}}
            }}
        }),
        json!({
            "Error": error_schema(),
            "Status": {"type": "string", "enum": ["open", "closed"]},
            "Thing": {"type": "object", "required": ["id"], "properties": {
                "id": {"type": "integer"},
                "status": {"$ref": "#/components/schemas/Status"},
                "label": {"type": "string", "nullable": true},
                "owner_email": {"type": "string"}
            }}
        }),
    )
}

/// The vendor's spec as `fetch` stores it (prose stripped), with other component names, and
/// four changes against ours: a new operation, a new enum value, a new optional response
/// field, a changed type.
fn upstream() -> Value {
    xtask::upstream::strip_prose(&spec(
        json!({
            "/v1/things": get_op("list-things", json!({"type": "array", "items": {"$ref": "#/components/schemas/thing"}})),
            "/v1/things/{id}": {"get": {
                "operationId": "get-thing",
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
                "responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/thing"}}}}}
            }},
            "/v1/widgets": get_op("list-widgets", json!({"type": "array", "items": {"$ref": "#/components/schemas/widget"}}))
        }),
        json!({
            "Error": error_schema(),
            "thing": {"type": "object", "required": ["id"], "properties": {
                "id": {"type": "string"},
                "status": {"allOf": [{"$ref": "#/components/schemas/statusEnum"}]},
                "label": {"type": "string"},
                "created_at": {"type": "string", "format": "date-time"}
            }},
            "statusEnum": {"type": "string", "enum": ["open", "closed", "archived"]},
            "widget": {"type": "object", "properties": {
                "name": {"type": "string"},
                "kind": {"$ref": "#/components/schemas/widget_kind"}
            }},
            "widget_kind": {"type": "string", "enum": ["round", "square"]}
        }),
    ))
}

const RECORD: &str = r#"
- id: owner-email
  kind: ours-only
  match: "* /v1/things* response*.owner_email"
  reason: Things carry their owner's e-mail.
  evidence:
    - "reference: test sample"
"#;

fn entries() -> Vec<record::Entry> {
    record::parse(RECORD, "divergences.yaml").unwrap()
}

fn unexplained(report: &drift::Report) -> Vec<(Kind, String)> {
    report
        .unexplained()
        .map(|d| (d.kind, d.item.clone()))
        .collect()
}

#[test]
fn drift_reports_the_new_operation_enum_value_field_and_type_change() {
    let report = drift::drift("small", &upstream(), &ours(), &entries());
    let mut found = unexplained(&report);
    found.sort();
    let expected = vec![
        (
            Kind::UpstreamOnly,
            "GET /v1/things response[].created_at".to_string(),
        ),
        (
            Kind::UpstreamOnly,
            "GET /v1/things response[].status (enum)".to_string(),
        ),
        (
            Kind::UpstreamOnly,
            "GET /v1/things/{id} response.created_at".to_string(),
        ),
        (
            Kind::UpstreamOnly,
            "GET /v1/things/{id} response.status (enum)".to_string(),
        ),
        (Kind::UpstreamOnly, "GET /v1/widgets".to_string()),
        (
            Kind::Differs,
            "GET /v1/things response[].id (type)".to_string(),
        ),
        (
            Kind::Differs,
            "GET /v1/things/{id} response.id (type)".to_string(),
        ),
    ];
    assert_eq!(found, expected, "{}", report.render(true));
    let enum_value = report
        .unexplained()
        .find(|d| d.aspect == Some("enum"))
        .unwrap();
    assert_eq!(enum_value.upstream.as_deref(), Some("archived"));
    // The corrections are explained: the extra field by the record, the nullable label by policy.
    let explanation = |item: &str| {
        report
            .differences
            .iter()
            .find(|(d, _)| d.item == item)
            .and_then(|(_, e)| e.clone())
    };
    assert_eq!(
        explanation("GET /v1/things response[].owner_email"),
        Some(Explanation::Entry("owner-email".into()))
    );
    assert_eq!(
        explanation("GET /v1/things response[].label (nullable)"),
        Some(Explanation::Policy("lenient-nullable"))
    );
    assert_eq!(
        report.summary(),
        "drift: 5 upstream-only, 2 ours-only, 4 differs; 7 unexplained"
    );
    let text = report.render(false);
    assert!(
        text.contains("\nGET /v1/widgets\n"),
        "grouped by operation:\n{text}"
    );
    assert!(text.contains("UNEXPLAINED"), "{text}");
    assert!(text.ends_with("drift: 5 upstream-only, 2 ours-only, 4 differs; 7 unexplained\n"));
    assert!(report.stale.is_empty());
}

#[test]
fn adopt_brings_the_upstream_only_items_and_leaves_the_type_change() {
    let upstream = upstream();
    let mut ours = ours();
    let report = drift::drift("small", &upstream, &ours, &entries());
    let adopted = adopt::adopt(&report, &upstream, &mut ours);
    assert!(adopted.skipped.is_empty(), "{:?}", adopted.skipped);
    assert!(adopted.items.contains(&"GET /v1/widgets".to_string()));
    assert!(adopted
        .items
        .contains(&"GET /v1/things response[].status (enum) = archived".to_string()));
    // Upstream names are brought under ours: PascalCase components.
    let schemas = &ours["components"]["schemas"];
    assert_eq!(
        schemas["Widget"]["properties"]["kind"]["$ref"],
        "#/components/schemas/WidgetKind"
    );
    assert_eq!(schemas["WidgetKind"]["enum"], json!(["round", "square"]));
    assert_eq!(
        schemas["Status"]["enum"],
        json!(["open", "closed", "archived"])
    );
    assert_eq!(
        schemas["Thing"]["properties"]["created_at"]["format"],
        "date-time"
    );
    let widgets = &ours["paths"]["/v1/widgets"]["get"];
    assert_eq!(widgets["x-adopted-from-upstream"], true);
    assert_eq!(
        widgets["responses"]["200"]["description"],
        adopt::TO_DOCUMENT
    );
    // Every correction is kept.
    assert_eq!(schemas["Thing"]["properties"]["id"]["type"], "integer");
    assert_eq!(schemas["Thing"]["properties"]["label"]["nullable"], true);
    assert!(schemas["Thing"]["properties"].get("owner_email").is_some());
    assert_eq!(
        schemas["Thing"]["required"],
        json!(["id"]),
        "adopted fields are optional"
    );
    // What is left is the type change, for a person.
    let after = drift::drift("small", &upstream, &ours, &entries());
    assert_eq!(
        unexplained(&after),
        [
            (
                Kind::Differs,
                "GET /v1/things response[].id (type)".to_string()
            ),
            (
                Kind::Differs,
                "GET /v1/things/{id} response.id (type)".to_string()
            ),
        ]
    );
    // Adopting again changes nothing.
    let again = adopt::adopt(&after, &upstream, &mut ours.clone());
    assert!(again.items.is_empty(), "{:?}", again.items);
}

#[test]
fn regen_generates_the_adopted_operation() {
    let upstream = upstream();
    let mut ours = ours();
    let report = drift::drift("small", &upstream, &ours, &entries());
    adopt::adopt(&report, &upstream, &mut ours);
    let code = xtask::generate::generate(&ours, "spec.json").unwrap().code;
    assert!(code.contains("pub fn list_widgets(&self)"), "new operation");
    assert!(code.contains("pub struct Widget {"));
    assert!(code.contains("Archived,"), "new enum value");
    assert!(
        code.contains("pub created_at: ::std::option::Option<"),
        "new optional field"
    );
    assert!(
        code.contains("pub owner_email: ::std::option::Option<"),
        "correction kept"
    );
}

#[test]
fn explained_divergences_are_not_adopted() {
    let upstream = upstream();
    let mut ours = ours();
    let record = record::parse(
        r#"
- id: no-widgets
  kind: upstream-only
  match: "GET /v1/widgets"
  reason: Widgets are not part of the current API.
  evidence: ["reference: operation list"]
"#,
        "divergences.yaml",
    )
    .unwrap();
    let report = drift::drift("small", &upstream, &ours, &record);
    let adopted = adopt::adopt(&report, &upstream, &mut ours);
    assert!(!adopted.items.iter().any(|i| i.contains("widgets")));
    assert!(ours["paths"].get("/v1/widgets").is_none());
    assert!(ours["components"]["schemas"].get("Widget").is_none());
}

/// The stored upstream of the workspace against our spec, with the workspace's record.
fn workspace() -> (Value, Value, Vec<record::Entry>) {
    let manifest = xtask::manifest::Manifest::workspace().unwrap();
    let api = manifest.get("gitguardian").unwrap();
    (
        xtask::spec::load_any_value(&api.upstream()).unwrap(),
        xtask::spec::load_any_value(&api.spec()).unwrap(),
        record::load(&api.divergences()).unwrap(),
    )
}

#[test]
fn every_difference_against_the_stored_upstream_is_explained() {
    let (upstream, ours, entries) = workspace();
    let report = drift::drift("gitguardian", &upstream, &ours, &entries);
    let (u, o, d, x) = report.counts();
    assert_eq!(x, 0, "{}", report.render(false));
    assert!(u > 0 && o > 0 && d > 0, "{}", report.summary());
    assert!(report.stale.is_empty(), "stale entries: {:?}", report.stale);
    // Every policy and every entry is used, and ours keeps all 175 operations.
    assert!(
        report
            .differences
            .iter()
            .filter(|(d, _)| d.kind == Kind::OursOnly && d.field.is_empty())
            .count()
            >= 85
    );
}

#[test]
fn a_changed_real_upstream_is_reported_adopted_and_generated() {
    let (mut upstream, ours_before, entries) = workspace();
    let before = drift::drift("gitguardian", &upstream, &ours_before, &entries);
    // The vendor adds a member field, a role and an operation, and changes the member id's type.
    let schemas = &mut upstream["components"]["schemas"];
    schemas["member"]["properties"]["nickname"] = json!({"type": "string"});
    schemas["member"]["properties"]["id"] = json!({"type": "string", "readOnly": true});
    schemas["MemberRoleEnum"]["enum"]
        .as_array_mut()
        .unwrap()
        .push(json!("auditor"));
    upstream["paths"]["/v1/members/{member_id}/badges"] = json!({"get": {
        "operationId": "list-member-badges",
        "parameters": [{"name": "member_id", "in": "path", "required": true, "schema": {"type": "integer"}}],
        "responses": {"200": {"content": {"application/json": {"schema": {
            "type": "array", "items": {"$ref": "#/components/schemas/member"}
        }}}}}
    }});

    let report = drift::drift("gitguardian", &upstream, &ours_before, &entries);
    let mut seen = [false; 4];
    for difference in report.unexplained() {
        let class = match (difference.kind, difference.aspect) {
            (Kind::UpstreamOnly, None)
                if difference.item == "GET /v1/members/{member_id}/badges" =>
            {
                0
            }
            (Kind::UpstreamOnly, None) if difference.field.ends_with(".nickname") => 1,
            (Kind::UpstreamOnly, Some("enum"))
                if difference.upstream.as_deref() == Some("auditor") =>
            {
                2
            }
            (Kind::Differs, Some("type")) if difference.field.ends_with(".id") => 3,
            _ => panic!("unexpected difference {difference:?}"),
        };
        seen[class] = true;
    }
    assert_eq!(seen, [true; 4], "{}", report.render(false));

    let mut ours = ours_before.clone();
    let adopted = adopt::adopt(&report, &upstream, &mut ours);
    assert!(adopted.skipped.is_empty(), "{:?}", adopted.skipped);
    let after = drift::drift("gitguardian", &upstream, &ours, &entries);
    assert!(after.unexplained().count() > 0);
    for difference in after.unexplained() {
        assert_eq!(
            (difference.kind, difference.aspect),
            (Kind::Differs, Some("type")),
            "only the type change is left: {difference:?}"
        );
    }
    // Every difference explained before is explained the same way after: corrections kept.
    for (difference, explanation) in before.differences.iter().filter(|(_, e)| e.is_some()) {
        let now = after
            .differences
            .iter()
            .find(|(d, _)| d == difference)
            .map(|(_, e)| e.clone());
        assert_eq!(now, Some(explanation.clone()), "{}", difference.item);
    }
    assert_eq!(
        ours["components"]["schemas"]["Member"]["properties"]["id"]["type"],
        "integer"
    );
    let generated = xtask::generate::generate(&ours, "openapi/gitguardian/spec.json").unwrap();
    let operations_before: usize = ours_before["paths"]
        .as_object()
        .unwrap()
        .values()
        .map(|item| {
            [
                "get", "put", "post", "delete", "patch", "head", "options", "trace",
            ]
            .iter()
            .filter(|method| item.get(**method).is_some())
            .count()
        })
        .sum();
    assert_eq!(
        generated.operations,
        operations_before + 1,
        "one adopted operation"
    );
    assert!(generated.code.contains("pub fn list_member_badges(&self"));
    assert!(generated.code.contains("Auditor,"));
    assert!(generated
        .code
        .contains("pub nickname: ::std::option::Option<"));
}
