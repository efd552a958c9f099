//! Where things live in the workspace.

use std::path::{Path, PathBuf};

/// The workspace root, found from this crate's manifest directory at compile time.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the workspace root")
        .to_path_buf()
}

/// The spec we generate from.
pub fn spec_file() -> PathBuf {
    workspace_root().join("openapi/gitguardian.json")
}

/// The record of where the spec came from (URL, date, sha256).
pub fn spec_source_file() -> PathBuf {
    workspace_root().join("openapi/source.json")
}

/// The one generated source file of the raw client.
pub fn generated_file() -> PathBuf {
    workspace_root().join("gitguardian-api/src/generated.rs")
}
