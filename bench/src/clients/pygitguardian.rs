//! `pygitguardian` 1.35 in its own venv (`target/bench-venv`), driven by a small script
//! written there at run time. The venv is made once and reused while it holds 1.35.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use serde::Deserialize;

use crate::corpus::SourceFile;
use crate::measure::{is_file, run_bounded, tail};

/// The version the bench measures.
pub const REQUIREMENT: &str = "pygitguardian==1.35.*";

const SCRIPT: &str = include_str!("pygitguardian_scan.py");

/// A ready venv.
#[derive(Debug)]
pub struct Venv {
    dir: PathBuf,
    python: PathBuf,
    /// The installed version.
    pub version: String,
    /// How long making it took, when this run made it.
    pub created_in: Option<Duration>,
}

/// How the script calls `multi_content_scan`.
#[derive(Clone, Copy, Debug)]
pub enum Mode {
    /// One chunk after the other (py-gitguardian's example).
    Sequential,
    /// Chunks on a thread pool (ggshield).
    Threads(usize),
}

impl Mode {
    fn arg(self) -> String {
        match self {
            Mode::Sequential => "sequential".to_owned(),
            Mode::Threads(n) => format!("threads:{n}"),
        }
    }
}

/// One timed run, as the script reports it.
#[derive(Debug, Deserialize)]
pub struct PyRun {
    pub seconds: f64,
    pub scanned: usize,
    pub breaks: usize,
}

/// The venv at `dir` with pygitguardian 1.35, made (or completed) if needed.
pub fn ensure_venv(dir: &Path) -> Result<Venv, String> {
    let python = dir.join("bin").join("python");
    if let Some(version) = installed_version(&python) {
        return Ok(Venv {
            dir: dir.to_owned(),
            python,
            version,
            created_in: None,
        });
    }
    let started = Instant::now();
    if !is_file(&python) {
        let made = run_bounded(
            Command::new("python3").arg("-m").arg("venv").arg(dir),
            Duration::from_secs(120),
        )?;
        if !made.success {
            return Err(format!("python3 -m venv failed: {}", tail(&made.stderr, 5)));
        }
    }
    let installed = run_bounded(
        Command::new(&python).args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            REQUIREMENT,
        ]),
        Duration::from_secs(300),
    )?;
    if !installed.success {
        return Err(format!(
            "pip install {REQUIREMENT} failed: {}",
            tail(&installed.stderr, 5)
        ));
    }
    let version = installed_version(&python)
        .ok_or_else(|| format!("{REQUIREMENT} is still not importable after pip install"))?;
    Ok(Venv {
        dir: dir.to_owned(),
        python,
        version,
        created_in: Some(started.elapsed()),
    })
}

/// The pygitguardian version importable by `python`, if it is a 1.35.
fn installed_version(python: &Path) -> Option<String> {
    if !is_file(python) {
        return None;
    }
    let probe = run_bounded(
        Command::new(python).args([
            "-c",
            "import importlib.metadata as m, pygitguardian; print(m.version('pygitguardian'))",
        ]),
        Duration::from_secs(60),
    )
    .ok()?;
    let version = probe.stdout.trim().to_owned();
    (probe.success && version.starts_with("1.35")).then_some(version)
}

impl Venv {
    /// Writes the corpus where the script reads it; returns its path.
    pub fn write_corpus(&self, corpus: &[SourceFile]) -> Result<PathBuf, String> {
        let documents: Vec<serde_json::Value> = corpus
            .iter()
            .map(|f| serde_json::json!({ "filename": f.filename, "document": f.content }))
            .collect();
        let path = self.dir.join("bench-corpus.json");
        let text = serde_json::to_string(&documents).map_err(|e| e.to_string())?;
        std::fs::write(&path, text).map_err(|e| format!("writing {}: {e}", path.display()))?;
        Ok(path)
    }

    /// Runs the script: `runs` timed scans of the corpus against `origin`.
    pub fn scan(
        &self,
        origin: &str,
        corpus: &Path,
        mode: Mode,
        runs: usize,
        deadline: Duration,
    ) -> Result<Vec<PyRun>, String> {
        let script = self.dir.join("bench_scan.py");
        std::fs::write(&script, SCRIPT)
            .map_err(|e| format!("writing {}: {e}", script.display()))?;
        let output = run_bounded(
            Command::new(&self.python)
                .arg(&script)
                .arg(origin)
                .arg(corpus)
                .arg(mode.arg())
                .arg(runs.to_string())
                .env("NO_PROXY", "127.0.0.1,localhost")
                .env("PYTHONDONTWRITEBYTECODE", "1"),
            deadline,
        )?;
        if !output.success {
            return Err(format!(
                "the pygitguardian script failed: {}",
                tail(&output.stderr, 8)
            ));
        }
        output
            .stdout
            .lines()
            .filter(|line| line.starts_with('{'))
            .map(|line| serde_json::from_str(line).map_err(|e| format!("{e}: {line}")))
            .collect()
    }
}
