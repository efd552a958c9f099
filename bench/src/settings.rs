//! Sizes, run counts and paths. `--quick` keeps the sizes the issue names (10,000 items,
//! 2,000 documents of 10 KB, 30 ms latency) and only runs fewer repetitions, so its ratios
//! mean the same as a full run's, with wider spreads.

use std::path::PathBuf;
use std::time::Duration;

#[derive(Clone, Debug)]
pub struct Settings {
    /// Members listed in scenarios 1 and 3.
    pub list_items: usize,
    /// Timed listings per contender in scenario 1 (after one warm-up).
    pub list_runs: usize,
    /// Latency per request of the slow pagination run, and its timed listings.
    pub slow_list_latency: Duration,
    pub slow_list_runs: usize,
    /// Audit log entries exported in scenario 5, latency per request, sub-windows at once,
    /// timed runs per contender.
    pub export_items: usize,
    pub export_latency: Duration,
    pub export_concurrency: usize,
    pub export_runs: usize,
    /// Timed listings in the storm, and as many clean ones beside them.
    pub storm_runs: usize,
    /// Share of list answers that are `429` in the storm, per mille.
    pub storm_per_mille: u64,
    pub scan_documents: usize,
    pub document_size: usize,
    pub scan_latency: Duration,
    /// Timed scans per Rust contender (after one warm-up).
    pub scan_runs: usize,
    /// Timed scans per pygitguardian mode (after one warm-up).
    pub python_runs: usize,
    /// Timed `cargo xtask regen` runs (after one warm-up that may build xtask).
    pub regen_runs: usize,
    /// Timed clean builds of the raw crate (`gitguardian-openapi`).
    pub build_runs: usize,
}

impl Settings {
    pub fn new(quick: bool) -> Settings {
        Settings {
            list_items: 10_000,
            list_runs: if quick { 41 } else { 151 },
            slow_list_latency: Duration::from_millis(20),
            slow_list_runs: if quick { 4 } else { 11 },
            export_items: 10_000,
            export_latency: Duration::from_millis(50),
            export_concurrency: 4,
            export_runs: if quick { 3 } else { 7 },
            storm_runs: if quick { 21 } else { 75 },
            storm_per_mille: 300,
            scan_documents: 2_000,
            document_size: 10_000,
            scan_latency: Duration::from_millis(30),
            scan_runs: if quick { 3 } else { 7 },
            python_runs: if quick { 3 } else { 5 },
            regen_runs: if quick { 2 } else { 5 },
            build_runs: if quick { 1 } else { 3 },
        }
    }
}

/// Where things are.
#[derive(Clone, Debug)]
pub struct Paths {
    /// The workspace root.
    pub root: PathBuf,
    /// The shared target directory (`CARGO_TARGET_DIR`, else `<root>/target`).
    pub target: PathBuf,
}

impl Paths {
    pub fn discover() -> Paths {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("."));
        let target = std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .map(|dir| {
                if dir.is_absolute() {
                    dir
                } else {
                    root.join(dir)
                }
            })
            .unwrap_or_else(|| root.join("target"));
        Paths { root, target }
    }

    /// pygitguardian's venv.
    pub fn venv(&self) -> PathBuf {
        self.target.join("bench-venv")
    }

    /// Scratch space of scenario 4: a spec copy, regenerated code, a target dir of its own
    /// for clean builds (so they never disturb the shared one).
    pub fn maintainer(&self) -> PathBuf {
        self.target.join("bench-maintainer")
    }

    /// The cargo that started us, else the one on `PATH`.
    pub fn cargo() -> PathBuf {
        std::env::var_os("CARGO")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("cargo"))
    }
}
