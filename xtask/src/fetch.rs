//! `cargo xtask fetch`: download the vendor's spec, check it, store its structure as the API's
//! upstream (never our spec), say which operations changed.

use crate::{spec, summary};
use anyhow::{anyhow, bail, Context, Result};
use sha2::{Digest, Sha256};
use std::path::Path;
use std::time::{Duration, SystemTime};
use url::{Host, Url};

/// Where GitGuardian publishes its spec (US SaaS). EU and self-hosted instances serve it
/// under their own API base, e.g. `https://api.eu1.gitguardian.com/v1/openapi.json`.
pub const DEFAULT_URL: &str = "https://api.gitguardian.com/v1/openapi.json";

/// What a fetch did.
#[derive(Debug)]
pub struct Fetched {
    /// Operations in the new upstream.
    pub operations: usize,
    /// Changes against the upstream stored before, if there was one.
    pub changes: Option<summary::Delta>,
    /// sha256 of the bytes downloaded (or read).
    pub sha256_downloaded: String,
    /// sha256 of the file stored (prose stripped, pretty-printed).
    pub sha256: String,
}

/// Only https, except plain http to this machine (tests, local stand-ins).
pub fn check_url(url: &str) -> Result<Url> {
    let parsed = Url::parse(url).with_context(|| format!("`{url}` is not a valid URL"))?;
    match parsed.scheme() {
        "https" => Ok(parsed),
        "http" if is_loopback(&parsed) => Ok(parsed),
        "http" => bail!(
            "refusing plain http for `{url}`: use https (http is allowed only for localhost, \
             127.0.0.0/8 and [::1])"
        ),
        other => bail!("unsupported URL scheme `{other}` in `{url}`: use https"),
    }
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        Some(Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// Fetches the vendor's spec from `source` (an https URL, plain http to loopback, or a local
/// file path) and stores it as `out` with its prose stripped, with a provenance record at
/// `record`. Nothing is written unless the document is an OpenAPI 3.0 or 3.1 JSON spec.
pub fn fetch(source: &str, out: &Path, record: &Path) -> Result<Fetched> {
    fetch_tags(source, &[], out, record)
}

/// [`fetch`], keeping only the operations tagged with one of `tags` (see
/// [`crate::upstream::select_tags`]); all of them when `tags` is empty.
pub fn fetch_tags(source: &str, tags: &[String], out: &Path, record: &Path) -> Result<Fetched> {
    let bytes = download(source)?;
    let body = String::from_utf8(bytes).map_err(|_| anyhow!("{source}: the body is not UTF-8"))?;
    if body.trim_start().starts_with('<') {
        bail!(
            "{source} answered with HTML, not a JSON spec (is the URL an API base?): {}",
            excerpt(&body)
        );
    }
    let value: serde_json::Value = serde_json::from_str(&body)
        .map_err(|e| anyhow!("{source}: the spec is not valid JSON: {e}"))?;
    spec::check_fetchable_version(&value).map_err(|e| anyhow!("{source}: {e:#}"))?;
    let stored = crate::upstream::strip_prose(&crate::upstream::select_tags(&value, tags));
    let text = spec::to_stable_text(&stored);
    let changes = std::fs::read_to_string(out)
        .ok()
        .and_then(|old| serde_json::from_str(&old).ok())
        .map(|old| summary::spec_changes(&old, &stored));
    let sha256_downloaded = format!("{:x}", Sha256::digest(body.as_bytes()));
    let sha256 = format!("{:x}", Sha256::digest(text.as_bytes()));
    // A local copy is named by its file name: a path on the maintainer's machine means nothing
    // to anyone else.
    let origin = if source.contains("://") {
        source.to_string()
    } else {
        let name = Path::new(source)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| source.to_string());
        format!("local copy {name}")
    };
    let provenance = serde_json::json!({
        "url": origin,
        "fetched_at": httpdate::fmt_http_date(SystemTime::now()),
        "sha256_downloaded": sha256_downloaded,
        "sha256": sha256,
        "file": out.file_name().map(|n| n.to_string_lossy().into_owned()),
        "tags": tags,
        "note": "structure only: the vendor's descriptions, summaries, examples and x- extensions are stripped",
    });
    crate::files::write_atomically(out, &text)?;
    crate::files::write_atomically(record, spec::to_stable_text(&provenance))?;
    let operations = summary::spec_changes(&serde_json::json!({}), &stored)
        .added
        .len();
    Ok(Fetched {
        operations,
        changes,
        sha256_downloaded,
        sha256,
    })
}

/// The bytes at `source`: a URL (checked by [`check_url`]) or a file on this machine.
fn download(source: &str) -> Result<Vec<u8>> {
    if !source.contains("://") {
        return std::fs::read(source).with_context(|| format!("reading {source}"));
    }
    let parsed = check_url(source)?;
    let client = reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(60))
        .user_agent(concat!("gitguardian-api-xtask/", env!("CARGO_PKG_VERSION")))
        .build()
        .context("building the HTTP client")?;
    let response = client
        .get(parsed)
        .header(reqwest::header::ACCEPT, "application/json")
        .send()
        .with_context(|| format!("downloading {source}"))?;
    let status = response.status();
    let body = response
        .bytes()
        .with_context(|| format!("reading the body of {source}"))?;
    if !status.is_success() {
        bail!(
            "{source} answered {status}: {}",
            excerpt(&String::from_utf8_lossy(&body))
        );
    }
    Ok(body.to_vec())
}

/// The first 200 characters of a body, on one line, for error messages.
fn excerpt(body: &str) -> String {
    let flat: String = body.split_whitespace().collect::<Vec<_>>().join(" ");
    match flat.char_indices().nth(200) {
        Some((cut, _)) => format!("{}…", &flat[..cut]),
        None => flat,
    }
}
