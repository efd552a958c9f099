//! Peak memory of one listing, measured in a child process that does nothing else: the bench
//! runs itself with `--memory-probe <contender> <api-url> <items>`, and the child reports its
//! `VmHWM` (peak resident set) before and after paging through the list.

use std::process::Command;
use std::time::Duration;

use super::pagination::Lister;
use crate::measure::{proc_status_kib, run_bounded, tail};

/// What the child reports.
#[derive(Debug, Clone, Copy)]
pub struct Peak {
    /// `VmHWM` once the runtime and the client exist, before the first request.
    pub baseline_kib: u64,
    /// `VmHWM` after the listing.
    pub peak_kib: u64,
}

/// Runs the probe for `lister` against `api_url` in a child process.
pub fn probe(lister: Lister, api_url: &str, items: usize) -> Result<Peak, String> {
    let exe = std::env::current_exe().map_err(|e| format!("finding the bench binary: {e}"))?;
    let output = run_bounded(
        Command::new(exe)
            .arg("--memory-probe")
            .arg(lister.key())
            .arg(api_url)
            .arg(items.to_string()),
        Duration::from_secs(120),
    )?;
    if !output.success {
        return Err(format!("the probe failed: {}", tail(&output.stderr, 5)));
    }
    parse(&output.stdout).ok_or_else(|| format!("unreadable probe output: {}", output.stdout))
}

fn parse(stdout: &str) -> Option<Peak> {
    let line = stdout.lines().find(|l| l.starts_with("memory-probe "))?;
    let field = |name: &str| -> Option<u64> {
        line.split_whitespace()
            .find_map(|kv| kv.strip_prefix(name)?.strip_prefix('='))?
            .parse()
            .ok()
    };
    Some(Peak {
        baseline_kib: field("baseline_kib")?,
        peak_kib: field("peak_kib")?,
    })
}

/// The child's side: list once, print `memory-probe baseline_kib=.. peak_kib=.. items=..`.
pub fn child_main(contender: &str, api_url: &str, items: usize) -> Result<(), String> {
    let lister =
        Lister::from_key(contender).ok_or_else(|| format!("unknown contender {contender:?}"))?;
    // The same runtime as the bench's.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    // Start the runtime's threads, then measure what is there before listing. The client
    // itself is built inside `list`, before its clock starts; its cost is small beside the
    // runtime's and is counted in the peak.
    runtime.block_on(async {});
    let baseline = proc_status_kib("VmHWM").ok_or("no VmHWM in /proc/self/status")?;
    let (listing, _) = runtime.block_on(lister.list(api_url, items, false))?;
    listing.check()?;
    let peak = proc_status_kib("VmHWM").ok_or("no VmHWM in /proc/self/status")?;
    println!(
        "memory-probe baseline_kib={baseline} peak_kib={peak} items={}",
        listing.seen.received()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_probe_line() {
        let peak = parse("noise\nmemory-probe baseline_kib=100 peak_kib=250 items=3\n").unwrap();
        assert_eq!((peak.baseline_kib, peak.peak_kib), (100, 250));
        assert!(parse("memory-probe peak_kib=1").is_none());
    }
}
