//! The per-API settings of `openapi/apis.toml`: what each entry selects, its defaults, and
//! that generation follows them.

use super::{load_manifest, manifest_entry};
use xtask::manifest::Manifest;

#[test]
fn the_workspace_turns_bearer_into_token_for_gitguardian_only() {
    let manifest = Manifest::workspace().unwrap();
    let gitguardian = manifest.get("gitguardian").unwrap();
    let github = manifest.get("github").unwrap();
    assert!(gitguardian.normalization().bearer_as_token);
    assert!(!github.normalization().bearer_as_token);
    // Both APIs have typed mocks, and the helpers name the client crate as Rust spells it.
    assert!(gitguardian.mocks_file().is_some_and(|f| f.exists()));
    assert!(github.mocks_file().is_some_and(|f| f.exists()));
    assert_eq!(gitguardian.crate_ident(), "gitguardian_openapi");
    assert_eq!(github.crate_ident(), "github_secret_scanning");
}

#[test]
fn settings_left_out_are_off() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = load_manifest(
        dir.path(),
        &(manifest_entry("plain", "plain-client", "")
            + &manifest_entry("token", "token-client", "bearer_as_token = true\n")),
    )
    .unwrap();
    let plain = manifest.get("plain").unwrap();
    assert!(!plain.normalization().bearer_as_token);
    assert!(plain.mocks_file().is_none());
    assert!(
        manifest
            .get("token")
            .unwrap()
            .normalization()
            .bearer_as_token
    );
}

#[test]
fn a_setting_of_the_wrong_type_or_an_unknown_key_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let error = load_manifest(
        dir.path(),
        &manifest_entry("x", "x-client", "bearer_as_token = \"yes\"\n"),
    )
    .unwrap_err();
    assert!(error.contains("bearer_as_token"), "{error}");
    let error = load_manifest(
        dir.path(),
        &manifest_entry("x", "x-client", "bearer_as_tokens = true\n"),
    )
    .unwrap_err();
    assert!(error.contains("bearer_as_tokens"), "{error}");
}

#[test]
fn a_crate_name_that_is_no_package_name_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    for bad in ["acme client", "1acme", "acme::client", ""] {
        let error = load_manifest(dir.path(), &manifest_entry("acme", bad, "")).unwrap_err();
        assert!(error.contains("not a package name"), "{bad:?}: {error}");
    }
    for good in ["acme-client", "acme_client", "Acme2"] {
        load_manifest(dir.path(), &manifest_entry("acme", good, "")).unwrap();
    }
}

/// The GitHub spec declares the `bearer` scheme GitHub wants: generating it as the manifest
/// says reports no `security-scheme` fix, where turning the setting on would.
#[test]
fn the_github_spec_is_generated_without_the_token_rewrite() {
    let manifest = Manifest::workspace().unwrap();
    let github = manifest.get("github").unwrap();
    let value = xtask::spec::load_value(&github.spec()).unwrap();
    let steps = |options| {
        xtask::generate::generate_with(&value, "spec.json", options)
            .unwrap()
            .fixes
            .iter()
            .map(|fix| fix.step)
            .collect::<Vec<_>>()
    };
    assert!(
        !steps(github.normalization()).contains(&"security-scheme"),
        "{:?}",
        steps(github.normalization())
    );
    let forced = xtask::normalize::Options {
        bearer_as_token: true,
    };
    assert!(steps(forced).contains(&"security-scheme"));
}
