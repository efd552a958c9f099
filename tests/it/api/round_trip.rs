//! "The spec has a place for everything the server sends", checked on the bodies we have:
//! every response fixture is decoded through the generated type of its operation's success
//! response, encoded again, and compared key by key. A key present in the body and absent
//! after the round trip is a field the types dropped silently.
//!
//! The operation of a fixture is its file name (`<operationId>.json`), and the type comes from
//! the spec itself, so a new fixture or a changed response schema is checked without editing
//! this file (unless the response uses a type missing from [`round_trip`], which fails loudly).
//! `GG_EXTRA_SAMPLES=<dir>` adds a directory of more `<operationId>.json` bodies (one body, or
//! `{"samples": [...]}`), e.g. samples taken from the reference by a maintainer.

use gitguardian_api::types;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Decodes `body` as `$ty` (or a list of it) and encodes it again.
macro_rules! through {
    ($ty:ty, $body:expr, $list:expr) => {{
        let body: Value = $body.clone();
        if $list {
            serde_json::from_value::<Vec<$ty>>(body).map(|v| serde_json::to_value(v).unwrap())
        } else {
            serde_json::from_value::<$ty>(body).map(|v| serde_json::to_value(v).unwrap())
        }
        .map_err(|e| e.to_string())
    }};
}

/// Round-trips `body` through the generated type named `name`; `None` when the name is not in
/// the table below.
macro_rules! round_trip_table {
    ($($name:ident),* $(,)?) => {
        fn round_trip(name: &str, body: &Value, list: bool) -> Option<Result<Value, String>> {
            match name {
                $(stringify!($name) => Some(through!(types::$name, body, list)),)*
                _ => None,
            }
        }
    };
}

round_trip_table!(
    ApiHealthStatus,
    ApiToken,
    ApiTokenJwt,
    ApiTokenOAuthToken,
    AuditLog,
    CodeFixCreateResult,
    CustomSource,
    CustomTag,
    Developer,
    HealthCheck,
    HealthCheckTrigger,
    Honeytoken,
    HoneytokenEvent,
    HoneytokenLabel,
    HoneytokenNote,
    HoneytokenPrefixMatches,
    HoneytokenSource,
    HoneytokenWithContext,
    Incident,
    IncidentImpactedPerimeter,
    IncidentInvitationAccess,
    IncidentLeak,
    IncidentMemberAccess,
    IncidentNote,
    IncidentShare,
    IncidentTeamAccess,
    IncidentVault,
    IncidentWithoutOccurrences,
    Invitation,
    InvitationResendResult,
    IpAddresses,
    IpAllowlistRule,
    Member,
    MemberEmailSettings,
    Metadata,
    Occurrence,
    PublicIncident,
    PublicIncidentNote,
    PublicIncidentShare,
    PublicOccurrence,
    QuotaOverview,
    ResourceAccess,
    ScanResult,
    ScimGroup,
    ScimGroupList,
    ScimResourceType,
    ScimResourceTypeList,
    ScimSchema,
    ScimSchemaList,
    ScimServiceProviderConfig,
    ScimUser,
    ScimUserList,
    Secret,
    SecretDetector,
    SeverityRule,
    Source,
    Team,
    TeamInvitation,
    TeamMembership,
    TeamRequest,
    TeamResourceAccess,
    ScanCreateIncidentsResponse,
    AiDiscovery,
    McpActivityVerdict,
    McpActivityBulkResult,
    AgentActivityResult,
    EndpointDeploymentList,
    EndpointDeployment,
    EndpointPlugin,
    LegacyTokenInfo,
    CreatedApiToken,
    DetectorCustomHosts,
    ActivityLog,
    RemediationWorkflow,
    SecretRevocation,
    McpIncidentPage,
    McpIncidentCount,
);

/// The type name, and whether the body is a list of it, of an operation's success response.
fn response_type(spec: &Value, operation_id: &str) -> Result<(String, bool), String> {
    let operation = spec["paths"]
        .as_object()
        .into_iter()
        .flat_map(|paths| paths.values())
        .filter_map(Value::as_object)
        .flat_map(|item| item.values())
        .find(|op| op["operationId"] == operation_id)
        .ok_or_else(|| format!("no operation `{operation_id}` in the spec"))?;
    let schema = operation["responses"]
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(code, _)| code.starts_with('2'))
        .find_map(|(_, r)| r["content"]["application/json"].get("schema"))
        .ok_or_else(|| format!("`{operation_id}` has no JSON success response"))?;
    let name_of = |s: &Value| {
        s["$ref"]
            .as_str()
            .and_then(|r| r.strip_prefix("#/components/schemas/"))
            .map(str::to_string)
    };
    if let Some(name) = name_of(schema) {
        return Ok((name, false));
    }
    if schema["type"] == "array" {
        if let Some(name) = name_of(&schema["items"]) {
            return Ok((name, true));
        }
        if schema["items"]["type"] == "string" {
            return Ok(("String".into(), true));
        }
    }
    if schema["type"] == "object" && schema.get("properties").is_none() {
        return Ok(("Map".into(), false));
    }
    // Other inline schemas are named by progenitor after the operation: `<Operation>Response`.
    let pascal: String = operation_id
        .split(['-', '_'])
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect();
    Ok((format!("{pascal}Response"), false))
}

/// Paths of keys of `sent` that are missing from `kept`. A key whose value is `null`, `[]` or
/// `{}` may be left out when encoding (the field is skipped when empty), so it only counts as
/// dropped when it held something.
fn dropped_keys(sent: &Value, kept: &Value, path: &str, out: &mut Vec<String>) {
    match (sent, kept) {
        (Value::Object(sent), Value::Object(kept)) => {
            for (key, value) in sent {
                let here = format!("{path}.{key}");
                match kept.get(key) {
                    Some(k) => dropped_keys(value, k, &here, out),
                    None if is_empty(value) => {}
                    None => out.push(here),
                }
            }
        }
        (Value::Array(sent), Value::Array(kept)) => {
            for (i, (s, k)) in sent.iter().zip(kept).enumerate() {
                dropped_keys(s, k, &format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Array(items) => items.is_empty(),
        Value::Object(map) => map.is_empty(),
        _ => false,
    }
}

/// Every problem found for the bodies in `dir`: undecodable bodies and dropped keys.
fn check_dir(spec: &Value, dir: &Path) -> (usize, Vec<String>) {
    let mut problems = Vec::new();
    let mut bodies = 0;
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    for file in files {
        let operation_id = file.file_stem().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&file).unwrap();
        let body: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{file:?}: {e}"));
        let samples = match body.get("samples") {
            Some(Value::Array(samples)) => samples.clone(),
            _ => vec![body],
        };
        let (name, list) = match response_type(spec, &operation_id) {
            Ok(found) => found,
            Err(e) => {
                problems.push(format!("{operation_id}: {e}"));
                continue;
            }
        };
        for (i, sample) in samples.iter().enumerate() {
            bodies += 1;
            let encoded = if name == "String" {
                Some(through!(String, sample, list))
            } else if name == "Map" {
                Some(through!(serde_json::Map<String, Value>, sample, list))
            } else {
                round_trip(&name, sample, list)
            };
            match encoded {
                None => problems.push(format!(
                    "{operation_id}: type `{name}` is missing from the round-trip table"
                )),
                Some(Err(e)) => problems.push(format!("{operation_id}#{i}: does not decode: {e}")),
                Some(Ok(kept)) => {
                    let mut dropped = Vec::new();
                    dropped_keys(sample, &kept, "", &mut dropped);
                    problems.extend(
                        dropped
                            .into_iter()
                            .map(|p| format!("{operation_id}#{i}: key {p} dropped by `{name}`")),
                    );
                }
            }
        }
    }
    (bodies, problems)
}

fn spec() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../openapi/gitguardian/spec.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn every_fixture_decodes_and_encodes_again_without_dropping_a_key() {
    let spec = spec();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/responses");
    let (mut bodies, mut problems) = check_dir(&spec, &fixtures);
    if let Some(extra) = std::env::var_os("GG_EXTRA_SAMPLES") {
        let (more, found) = check_dir(&spec, Path::new(&extra));
        bodies += more;
        problems.extend(found);
    }
    assert!(bodies >= 162, "only {bodies} bodies were checked");
    assert!(
        problems.is_empty(),
        "{} problem(s) in {bodies} bodies:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn a_dropped_key_is_reported_with_its_path() {
    let sent = serde_json::json!({"id": 1, "source": {"id": 2, "progress": 100}, "gone": null});
    let kept = serde_json::json!({"id": 1, "source": {"id": 2}});
    let mut dropped = Vec::new();
    dropped_keys(&sent, &kept, "", &mut dropped);
    assert_eq!(dropped, [".source.progress"]);
}

#[test]
fn the_response_type_comes_from_the_spec() {
    let spec = spec();
    assert_eq!(
        response_type(&spec, "list-occs").unwrap(),
        ("Occurrence".to_string(), true)
    );
    assert_eq!(
        response_type(&spec, "scan_create_incidents").unwrap(),
        ("ScanCreateIncidentsResponse".to_string(), false)
    );
    assert!(response_type(&spec, "no-such-operation").is_err());
}
