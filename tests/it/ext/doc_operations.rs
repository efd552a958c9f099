//! Every "(operation `…`)" mention in the docs of gitguardian-api-ext names an operation of
//! our spec, and the "`METHOD /path`" written before it is that operation's method and path.
//! Hand-copied doc lines drift; this keeps them honest.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const METHODS: [&str; 5] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the tests crate sits in the workspace")
        .to_path_buf()
}

/// operationId -> (METHOD, path) of our spec.
fn spec_operations() -> BTreeMap<String, (String, String)> {
    let text = std::fs::read_to_string(workspace().join("openapi/gitguardian/spec.json"))
        .expect("openapi/gitguardian/spec.json is readable");
    let spec: serde_json::Value = serde_json::from_str(&text).expect("the spec is JSON");
    let mut operations = BTreeMap::new();
    for (path, item) in spec["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("a path item") {
            if let Some(id) = operation.get("operationId").and_then(|id| id.as_str()) {
                let entry = (method.to_ascii_uppercase(), path.clone());
                operations.insert(id.to_string(), entry);
            }
        }
    }
    operations
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("a readable source folder") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            out.push(path);
        }
    }
}

/// The doc comments of a file, each run of consecutive doc lines joined into one string.
fn doc_blocks(source: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in source.lines() {
        let line = line.trim_start();
        let doc = line
            .strip_prefix("///")
            .or_else(|| line.strip_prefix("//!"));
        match (doc, current.as_mut()) {
            (Some(text), Some(block)) => {
                block.push(' ');
                block.push_str(text.trim());
            }
            (Some(text), None) => current = Some(text.trim().to_string()),
            (None, _) => blocks.extend(current.take()),
        }
    }
    blocks.extend(current);
    blocks
}

/// `(operation id, the "METHOD /path" written before it if any)` for each mention.
fn mentions(block: &str) -> Vec<(String, Option<(String, String)>)> {
    let mut found = Vec::new();
    let mut rest = block;
    let mut before_start = 0;
    while let Some(at) = rest.find("(operation `") {
        let absolute = block.len() - rest.len() + at;
        let tail = &rest[at + "(operation `".len()..];
        let id = tail.split('`').next().unwrap_or_default().to_string();
        let before = &block[before_start..absolute];
        let route = before.rsplit('`').find_map(|piece| {
            let (method, path) = piece.split_once(' ')?;
            METHODS.contains(&method).then(|| {
                let path = path.split(['?', ' ']).next().unwrap_or_default();
                (method.to_string(), path.to_string())
            })
        });
        found.push((id, route));
        before_start = absolute + 1;
        rest = tail;
    }
    found
}

#[test]
fn every_operation_named_in_the_docs_is_in_the_spec_with_its_method_and_path() {
    let operations = spec_operations();
    let mut files = Vec::new();
    rust_files(&workspace().join("gitguardian-api-ext/src"), &mut files);
    let mut checked = 0;
    let mut wrong = Vec::new();
    for file in &files {
        let source = std::fs::read_to_string(file).expect("a readable source file");
        for block in doc_blocks(&source) {
            for (id, route) in mentions(&block) {
                checked += 1;
                let name = file.strip_prefix(workspace()).unwrap_or(file).display();
                match (operations.get(&id), route) {
                    (None, _) => wrong.push(format!("{name}: no operation `{id}` in the spec")),
                    (Some(actual), Some(written)) if *actual != written => wrong.push(format!(
                        "{name}: `{id}` is {} {}, the docs say {} {}",
                        actual.0, actual.1, written.0, written.1
                    )),
                    _ => {}
                }
            }
        }
    }
    assert!(
        checked > 30,
        "only {checked} operation mentions found: is the parser broken?"
    );
    assert!(
        wrong.is_empty(),
        "doc lines that disagree with the spec:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_mention_parser_reads_method_path_and_id() {
    let block = "One member: `GET /v1/members/{member_id}` (operation `retrieve-member`); \
                 and `POST /v1/scan` with options (operation `content_scan`).";
    assert_eq!(
        mentions(block),
        vec![
            (
                "retrieve-member".to_string(),
                Some(("GET".to_string(), "/v1/members/{member_id}".to_string()))
            ),
            (
                "content_scan".to_string(),
                Some(("POST".to_string(), "/v1/scan".to_string()))
            ),
        ]
    );
}
