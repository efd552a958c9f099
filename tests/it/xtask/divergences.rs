use xtask::drift::record::{glob, load, parse};
use xtask::drift::Kind;

#[test]
fn a_yaml_error_names_the_file_and_line() {
    let text = "- id: one\n  kind: ours-only\n  match: \"GET /v1/x\"\n  reason: [unclosed\n";
    let error = parse(text, "openapi/x/divergences.yaml")
        .unwrap_err()
        .to_string();
    assert!(error.starts_with("openapi/x/divergences.yaml:"), "{error}");
    let line: usize = error.split(':').nth(1).unwrap().parse().unwrap();
    assert!((4..=5).contains(&line), "{error}");
}

#[test]
fn an_unknown_kind_is_an_error_with_its_line() {
    let text = "- id: one\n  kind: ours-only\n  match: \"GET /v1/x\"\n  reason: r\n  evidence: [e]\n\
                - id: two\n  kind: vendor-only\n  match: \"GET /v1/y\"\n  reason: r\n  evidence: [e]\n";
    let error = parse(text, "d.yaml").unwrap_err().to_string();
    assert!(error.starts_with("d.yaml:7:"), "{error}");
    assert!(
        error.contains("vendor-only") && error.contains("upstream-only"),
        "{error}"
    );
}

#[test]
fn unknown_fields_missing_evidence_and_duplicate_ids_are_errors() {
    let unknown =
        "- id: one\n  kind: ours-only\n  match: x\n  reason: r\n  evidence: [e]\n  because: x\n";
    assert!(parse(unknown, "d.yaml")
        .unwrap_err()
        .to_string()
        .contains("because"));
    let no_evidence = "- id: one\n  kind: ours-only\n  match: x\n  reason: r\n  evidence: []\n";
    let error = parse(no_evidence, "d.yaml").unwrap_err().to_string();
    assert!(
        error.starts_with("d.yaml:1:") && error.contains("no evidence"),
        "{error}"
    );
    let twice = "- id: one\n  kind: ours-only\n  match: x\n  reason: r\n  evidence: [e]\n\
                 - id: one\n  kind: differs\n  match: y\n  reason: r\n  evidence: [e]\n";
    assert!(parse(twice, "d.yaml")
        .unwrap_err()
        .to_string()
        .contains("used twice"));
    let not_kebab =
        "- id: One_Entry\n  kind: ours-only\n  match: x\n  reason: r\n  evidence: [e]\n";
    assert!(parse(not_kebab, "d.yaml")
        .unwrap_err()
        .to_string()
        .contains("kebab-case"));
    let aspect = "- id: one\n  kind: ours-only\n  match: \"GET /x query.a (type)\"\n  reason: r\n  evidence: [e]\n";
    assert!(parse(aspect, "d.yaml")
        .unwrap_err()
        .to_string()
        .contains("only exists on `differs`"));
}

#[test]
fn a_pattern_that_matches_nothing_is_reported_stale() {
    let entries = parse(
        "- id: gone\n  kind: ours-only\n  match: \"GET /v1/removed\"\n  reason: r\n  evidence: [e]\n",
        "d.yaml",
    )
    .unwrap();
    let spec = super::spec(serde_json::json!({}), serde_json::json!({}));
    let report = xtask::drift::drift("t", &spec, &spec, &entries);
    assert_eq!(report.stale, [("gone".to_string(), 1)]);
    assert!(report
        .render(false)
        .contains("warning: divergence `gone` (line 1) matches no difference: stale"));
    assert_eq!(report.counts().3, 0, "stale is a warning, not a failure");
}

#[test]
fn a_missing_record_is_empty_and_an_unreadable_one_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    assert!(load(&dir.path().join("divergences.yaml"))
        .unwrap()
        .is_empty());
    std::fs::write(dir.path().join("divergences.yaml"), "- id: [\n").unwrap();
    let error = load(&dir.path().join("divergences.yaml"))
        .unwrap_err()
        .to_string();
    assert!(error.contains("divergences.yaml:"), "{error}");
}

#[test]
fn globs_and_aspects() {
    assert!(glob(
        "GET /v1/incidents/public-secrets/*/occurrences response[].source*",
        "GET /v1/incidents/public-secrets/{incident_id}/occurrences response[].source.url"
    ));
    assert!(glob("GET /v1/?", "GET /v1/x"));
    assert!(!glob("GET /v1/?", "GET /v1/xy"));
    assert!(glob("*", ""));
    assert!(!glob("GET /v1/x", "GET /v1/x query.a"));
    let entries = parse(
        "- id: any-aspect\n  kind: differs\n  match: \"GET /x response.a\"\n  reason: r\n  evidence: [e]\n\
         - id: nullable-only\n  kind: differs\n  match: \"GET /y response.a (nullable)\"\n  reason: r\n  evidence: [e]\n",
        "d.yaml",
    )
    .unwrap();
    assert!(entries[0].explains(Kind::Differs, "GET /x response.a (type)"));
    assert!(entries[0].explains(Kind::Differs, "GET /x response.a (enum)"));
    assert!(
        !entries[0].explains(Kind::OursOnly, "GET /x response.a"),
        "kind must match"
    );
    assert!(entries[1].explains(Kind::Differs, "GET /y response.a (nullable)"));
    assert!(!entries[1].explains(Kind::Differs, "GET /y response.a (type)"));
}

#[test]
fn the_workspace_record_and_manifest_load() {
    let manifest = xtask::manifest::Manifest::workspace().unwrap();
    let api = manifest.get("gitguardian").unwrap();
    assert_eq!(api.crate_name, "gitguardian-openapi");
    assert!(api.spec().ends_with("openapi/gitguardian/spec.json"));
    assert!(api.generated_file().exists());
    let entries = load(&api.divergences()).unwrap();
    assert!(!entries.is_empty());
    assert!(entries.iter().all(|e| e.line > 0));
    let error = manifest.select(Some("gitlab")).unwrap_err().to_string();
    assert!(
        error.contains("no API named `gitlab`") && error.contains("gitguardian"),
        "{error}"
    );
    assert_eq!(manifest.select(None).unwrap().len(), manifest.apis.len());
}

#[test]
fn a_manifest_with_a_bad_or_repeated_name_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("apis.toml");
    let entry = |name: &str| {
        format!("[[api]]\nname = \"{name}\"\ncrate = \"c\"\ngenerated = \"c/src/generated.rs\"\nupstream_url = \"https://x\"\nserver = \"https://x\"\n")
    };
    std::fs::write(&path, entry("Git Hub")).unwrap();
    let error = xtask::manifest::Manifest::load(&path)
        .unwrap_err()
        .to_string();
    assert!(error.contains("kebab-case"), "{error}");
    std::fs::write(&path, entry("github") + &entry("github")).unwrap();
    let error = xtask::manifest::Manifest::load(&path)
        .unwrap_err()
        .to_string();
    assert!(error.contains("listed twice"), "{error}");
    std::fs::write(&path, entry("github")).unwrap();
    let manifest = xtask::manifest::Manifest::load(&path).unwrap();
    assert_eq!(
        manifest.apis[0].upstream(),
        dir.path().join("github/upstream.json")
    );
}
