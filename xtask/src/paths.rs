//! Where things live in the workspace. The files of each API are named by the manifest
//! ([`crate::manifest`]), not here.

use std::path::{Path, PathBuf};

/// The workspace root, found from this crate's manifest directory at compile time.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the workspace root")
        .to_path_buf()
}
