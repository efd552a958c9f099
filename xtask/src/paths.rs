//! Where things live in the workspace.

use std::path::{Path, PathBuf};

/// The workspace root, found from this crate's manifest directory at compile time.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the workspace root")
        .to_path_buf()
}

/// Our GitGuardian spec (the `gitguardian` entry of `openapi/apis.toml`).
pub fn spec_file() -> PathBuf {
    workspace_root().join("openapi/gitguardian/spec.json")
}

/// The record of where the GitGuardian spec came from (URL, date, sha256).
pub fn spec_source_file() -> PathBuf {
    crate::provenance::record_path(&spec_file())
}

/// The one generated source file of the raw GitGuardian client.
pub fn generated_file() -> PathBuf {
    workspace_root().join("gitguardian-api/src/generated.rs")
}
