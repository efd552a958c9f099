//! `openapi/apis.toml`: the APIs of the workspace and where each one's files live.
//!
//! Every API has a folder `openapi/<name>/` with the same file names, so an entry only says
//! what cannot be derived: the crate generated from it, where the vendor publishes its spec and
//! the client's default server.

use anyhow::{bail, Context, Result};
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The manifest's file name, under `openapi/`.
pub const FILE: &str = "apis.toml";

/// All APIs, in the order the manifest lists them.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    #[serde(rename = "api")]
    pub apis: Vec<Api>,
    /// The directory holding `apis.toml` (`openapi/`); not part of the file.
    #[serde(skip)]
    pub dir: PathBuf,
}

/// One API: a folder of specs and records, and the crate generated from it.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Api {
    /// Short kebab-case name, also the folder name under `openapi/`.
    pub name: String,
    /// The generated crate's package name.
    #[serde(rename = "crate")]
    pub crate_name: String,
    /// The generated source file, relative to the workspace root.
    pub generated: PathBuf,
    /// Where the vendor publishes its spec.
    pub upstream_url: String,
    /// The client's default server.
    pub server: String,
    /// When the vendor's document covers more than this API: the tags of the operations to
    /// keep in the stored upstream (with the components they use). Empty keeps everything.
    #[serde(default)]
    pub upstream_tags: Vec<String>,
    /// Optional: the generated file of the typed httpmock helpers for this API's operations,
    /// relative to the workspace root. They live in a companion crate that depends on
    /// `crate_name`.
    #[serde(default)]
    pub mocks: Option<PathBuf>,
    /// Optional, off by default: the spec's HTTP scheme becomes an API key in the
    /// `Authorization` header (`Token <key>`), the `security-scheme` normalization step.
    #[serde(default)]
    pub bearer_as_token: bool,
    /// `openapi/<name>/`; filled in by [`Manifest::load`].
    #[serde(skip)]
    pub dir: PathBuf,
    /// The workspace root; filled in by [`Manifest::load`].
    #[serde(skip)]
    root: PathBuf,
}

impl Manifest {
    /// The workspace's manifest.
    pub fn workspace() -> Result<Manifest> {
        Manifest::load(&crate::paths::workspace_root().join("openapi").join(FILE))
    }

    /// Reads and checks a manifest. Paths in it are relative to the directory above `openapi/`.
    pub fn load(path: &Path) -> Result<Manifest> {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        let mut manifest: Manifest =
            toml::from_str(&text).with_context(|| format!("in {}", path.display()))?;
        let dir = path.parent().unwrap_or(Path::new(".")).to_path_buf();
        let root = dir.parent().unwrap_or(Path::new(".")).to_path_buf();
        let mut seen = std::collections::BTreeSet::new();
        for api in &mut manifest.apis {
            if !crate::keywords::is_kebab_case(&api.name) {
                bail!(
                    "{}: API name `{}` must be lowercase kebab-case (it names a folder)",
                    path.display(),
                    api.name
                );
            }
            if !is_package_name(&api.crate_name) {
                bail!(
                    "{}: API `{}`: crate `{}` is not a package name (ASCII letters, digits, \
                     `-` and `_`, starting with a letter)",
                    path.display(),
                    api.name,
                    api.crate_name
                );
            }
            if !seen.insert(api.name.clone()) {
                bail!("{}: API `{}` is listed twice", path.display(), api.name);
            }
            api.dir = dir.join(&api.name);
            api.root = root.clone();
        }
        manifest.dir = dir;
        Ok(manifest)
    }

    /// The API called `name`, or every API when `name` is `None`.
    pub fn select(&self, name: Option<&str>) -> Result<Vec<&Api>> {
        match name {
            None => Ok(self.apis.iter().collect()),
            Some(name) => match self.get(name) {
                Some(api) => Ok(vec![api]),
                None => bail!(
                    "no API named `{name}` in {}; known: {}",
                    FILE,
                    self.apis
                        .iter()
                        .map(|a| a.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            },
        }
    }

    /// The API called `name`.
    pub fn get(&self, name: &str) -> Option<&Api> {
        self.apis.iter().find(|a| a.name == name)
    }
}

impl Api {
    /// The generated crate as Rust code names it (`gitguardian-openapi` is `gitguardian_openapi`).
    pub fn crate_ident(&self) -> String {
        self.crate_name.replace('-', "_")
    }

    /// The normalization steps this API opts into.
    pub fn normalization(&self) -> crate::normalize::Options {
        crate::normalize::Options {
            bearer_as_token: self.bearer_as_token,
        }
    }

    /// Our spec, the source of truth.
    pub fn spec(&self) -> PathBuf {
        self.dir.join("spec.json")
    }

    /// The vendor's spec as stored by `fetch` (prose stripped).
    pub fn upstream(&self) -> PathBuf {
        self.dir.join("upstream.json")
    }

    /// Where and when the upstream was fetched.
    pub fn upstream_record(&self) -> PathBuf {
        self.dir.join("upstream.source.json")
    }

    /// The record of deliberate differences between upstream and ours.
    pub fn divergences(&self) -> PathBuf {
        self.dir.join("divergences.yaml")
    }

    /// The generated source file of this API's crate.
    pub fn generated_file(&self) -> PathBuf {
        self.root.join(&self.generated)
    }

    /// The generated file of the typed httpmock helpers, when the API has them.
    pub fn mocks_file(&self) -> Option<PathBuf> {
        self.mocks.as_ref().map(|path| self.root.join(path))
    }
}

/// What cargo accepts as a package name (and so, with `-` read as `_`, a Rust identifier).
fn is_package_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}
