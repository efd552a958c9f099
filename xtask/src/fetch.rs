//! `cargo xtask fetch`: download the vendor spec, check it, store it stably, say what changed.

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
    /// Operations in the new spec.
    pub operations: usize,
    /// Changes against the file that was there before, if there was one.
    pub changes: Option<summary::Delta>,
    /// sha256 of the bytes written.
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

/// Downloads the spec at `url`, validates it and writes it to `out`, with a provenance record
/// (`source.json`) beside it.
pub fn fetch(url: &str, out: &Path) -> Result<Fetched> {
    let parsed = check_url(url)?;
    let client = reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(60))
        .user_agent(concat!("gitguardian-api-xtask/", env!("CARGO_PKG_VERSION")))
        .build()
        .context("building the HTTP client")?;
    let response = client
        .get(parsed.clone())
        .header(reqwest::header::ACCEPT, "application/json")
        .send()
        .with_context(|| format!("downloading {url}"))?;
    let status = response.status();
    let body = response
        .text()
        .with_context(|| format!("reading the body of {url}"))?;
    if !status.is_success() {
        bail!("{url} answered {status}: {}", excerpt(&body));
    }
    let trimmed = body.trim_start();
    if trimmed.starts_with('<') {
        bail!(
            "{url} answered with HTML, not a JSON spec (is the URL an API base?): {}",
            excerpt(&body)
        );
    }
    let value = spec::parse_value(&body).map_err(|e| anyhow!("{url}: {e:#}"))?;
    let text = spec::to_stable_text(&value);
    let changes = std::fs::read_to_string(out)
        .ok()
        .and_then(|old| serde_json::from_str(&old).ok())
        .map(|old| summary::spec_changes(&old, &value));
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    std::fs::write(out, &text).with_context(|| format!("writing {}", out.display()))?;
    let sha256 = format!("{:x}", Sha256::digest(text.as_bytes()));
    let record = serde_json::json!({
        "url": url,
        "fetched_at": httpdate::fmt_http_date(SystemTime::now()),
        "sha256": sha256,
        "file": out.file_name().map(|n| n.to_string_lossy().into_owned()),
    });
    let record_path = crate::provenance::record_path(out);
    std::fs::write(&record_path, spec::to_stable_text(&record))
        .with_context(|| format!("writing {}", record_path.display()))?;
    let operations = summary::spec_changes(&serde_json::json!({}), &value)
        .added
        .len();
    Ok(Fetched {
        operations,
        changes,
        sha256,
    })
}

/// The first 200 characters of a body, on one line, for error messages.
fn excerpt(body: &str) -> String {
    let flat: String = body.split_whitespace().collect::<Vec<_>>().join(" ");
    match flat.char_indices().nth(200) {
        Some((cut, _)) => format!("{}…", &flat[..cut]),
        None => flat,
    }
}
