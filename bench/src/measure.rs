//! Samples and their summary, peak memory from `/proc`, and child processes that cannot run
//! forever.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Measurements of one quantity, one per run.
#[derive(Clone, Debug, Default)]
pub struct Samples(Vec<f64>);

impl Samples {
    pub fn push(&mut self, value: f64) {
        self.0.push(value);
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    fn sorted(&self) -> Vec<f64> {
        let mut values = self.0.clone();
        values.sort_by(f64::total_cmp);
        values
    }

    /// The median (mean of the two middle values for an even count); NaN when empty.
    pub fn median(&self) -> f64 {
        let values = self.sorted();
        match values.len() {
            0 => f64::NAN,
            n if n % 2 == 1 => values[n / 2],
            n => (values[n / 2 - 1] + values[n / 2]) / 2.0,
        }
    }

    pub fn min(&self) -> f64 {
        self.sorted().first().copied().unwrap_or(f64::NAN)
    }

    pub fn max(&self) -> f64 {
        self.sorted().last().copied().unwrap_or(f64::NAN)
    }
}

/// `quantity / elapsed` in units per second.
pub fn per_second(quantity: usize, elapsed: Duration) -> f64 {
    quantity as f64 / elapsed.as_secs_f64().max(1e-9)
}

/// A field of `/proc/self/status` in KiB (`VmHWM`: peak resident set size; `VmRSS`: now).
pub fn proc_status_kib(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status.lines().find_map(|line| {
        let rest = line.strip_prefix(field)?.strip_prefix(':')?;
        rest.trim().trim_end_matches("kB").trim().parse().ok()
    })
}

/// What a child process printed, and whether it succeeded.
#[derive(Debug)]
pub struct ChildOutput {
    pub success: bool,
    pub stdout: String,
    pub stderr: String,
    pub elapsed: Duration,
}

/// Runs `command` with a deadline: past it, the child is killed and this is an error.
/// Standard input is closed; output is captured.
pub fn run_bounded(command: &mut Command, deadline: Duration) -> Result<ChildOutput, String> {
    let started = Instant::now();
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|error| format!("cannot start {:?}: {error}", command.get_program()))?;
    // Drain both pipes on their own threads so a chatty child never blocks on a full pipe.
    let mut out_pipe = child.stdout.take();
    let mut err_pipe = child.stderr.take();
    let out_thread = std::thread::spawn(move || read_all(out_pipe.as_mut()));
    let err_thread = std::thread::spawn(move || read_all(err_pipe.as_mut()));
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > deadline => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "{:?} did not finish within {} s and was stopped",
                    command.get_program(),
                    deadline.as_secs()
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(error) => return Err(format!("waiting for {:?}: {error}", command.get_program())),
        }
    };
    let elapsed = started.elapsed();
    Ok(ChildOutput {
        success: status.success(),
        stdout: out_thread.join().unwrap_or_default(),
        stderr: err_thread.join().unwrap_or_default(),
        elapsed,
    })
}

fn read_all<R: Read>(pipe: Option<&mut R>) -> String {
    let mut text = String::new();
    if let Some(pipe) = pipe {
        let _ = pipe.read_to_string(&mut text);
    }
    text
}

/// The last `lines` lines of `text`, for error messages.
pub fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

/// Whether `path` exists and is a file.
pub fn is_file(path: &Path) -> bool {
    path.metadata().map(|m| m.is_file()).unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_of_samples() {
        let mut samples = Samples::default();
        assert!(samples.median().is_nan());
        for value in [5.0, 1.0, 3.0, 2.0] {
            samples.push(value);
        }
        assert_eq!(samples.median(), 2.5);
        assert_eq!((samples.min(), samples.max()), (1.0, 5.0));
        samples.push(4.0);
        assert_eq!(samples.median(), 3.0);
    }

    #[test]
    fn peak_memory_is_readable() {
        assert!(proc_status_kib("VmHWM").is_some_and(|kib| kib > 0));
    }

    #[test]
    fn children_past_their_deadline_are_stopped() {
        let error =
            run_bounded(Command::new("sleep").arg("5"), Duration::from_millis(100)).unwrap_err();
        assert!(error.contains("stopped"), "{error}");
        let done = run_bounded(Command::new("echo").arg("hi"), Duration::from_secs(5)).unwrap();
        assert!(done.success && done.stdout.trim() == "hi");
    }
}
