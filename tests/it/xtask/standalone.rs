use std::process::Command;

/// `cargo xtask regen --spec <vendor copy> --out DIR` writes a crate that builds. The build
/// uses a target dir under the workspace's (`target/standalone`), so its dependencies are
/// compiled once and reused by later runs.
#[test]
fn regen_of_the_vendor_copy_writes_a_crate_that_builds() {
    let root = xtask::paths::workspace_root();
    let api = xtask::manifest::Manifest::workspace().unwrap();
    let upstream = api.get("gitguardian").unwrap().upstream();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("vendor-api");
    let value = xtask::spec::load_any_value(&upstream).unwrap();
    let generated =
        xtask::standalone::write_crate(&value, "upstream.json", "vendor-api", &out).unwrap();
    assert_eq!(generated.operations, 90);
    assert!(generated
        .fixes
        .iter()
        .any(|f| f.step == "invalid-defaults" && f.operation_id.as_deref() == Some("scan-iac")));
    for file in [
        "Cargo.toml",
        "Cargo.lock",
        "src/lib.rs",
        "src/generated.rs",
        "src/executor.rs",
    ] {
        assert!(out.join(file).exists(), "{file}");
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args(["build", "--offline", "--quiet"])
        .current_dir(&out)
        .env("CARGO_TARGET_DIR", root.join("target/standalone"))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "the standalone crate does not build:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn crate_names_come_from_the_directory() {
    use std::path::Path;
    assert_eq!(
        xtask::standalone::crate_name(Path::new("/tmp/Vendor API")),
        "vendor-api"
    );
    assert_eq!(
        xtask::standalone::crate_name(Path::new("/tmp/2024")),
        "api-2024"
    );
    assert_eq!(
        xtask::standalone::crate_name(Path::new("/")),
        "generated-api"
    );
}
