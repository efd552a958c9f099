//! The five scenarios. Each adds rows and ratios to the report; a failure inside one is
//! reported (its ratios print as `nan`) and the others still run.

pub mod export;
pub mod maintainer;
pub mod memory;
pub mod pagination;
pub mod scan;
pub mod storm;

use tokio::runtime::Runtime;

use crate::cli::Scenario;
use crate::report::Report;
use crate::settings::{Paths, Settings};

/// What every scenario gets.
pub struct Context {
    pub settings: Settings,
    pub paths: Paths,
    /// The clients' runtime (the server has its own).
    pub runtime: Runtime,
}

/// Runs one scenario into `report`.
pub fn run(scenario: Scenario, context: &Context, report: &mut Report) {
    eprintln!("[bench] scenario {scenario}...");
    let started = std::time::Instant::now();
    let outcome = match scenario {
        Scenario::Pagination => pagination::run(context, report),
        Scenario::Scan => scan::run(context, report),
        Scenario::Storm => storm::run(context, report),
        Scenario::Export => export::run(context, report),
        Scenario::Maintainer => maintainer::run(context, report),
    };
    if let Err(error) = outcome {
        report.note(format!("scenario {scenario} failed: {error}"));
        eprintln!("[bench] scenario {scenario} failed: {error}");
    }
    eprintln!(
        "[bench] scenario {scenario} done in {:.1} s",
        started.elapsed().as_secs_f64()
    );
}

/// The order contenders run in during repetition `run`: rotated, so none always goes first
/// (or always follows the same one).
pub fn rotation<T: Copy>(all: &[T], run: usize) -> Vec<T> {
    (0..all.len()).map(|k| all[(run + k) % all.len()]).collect()
}

/// `a / b`, NaN when either is missing.
pub fn ratio(a: f64, b: f64) -> f64 {
    if a.is_nan() || b.is_nan() || b == 0.0 {
        f64::NAN
    } else {
        a / b
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rotation_moves_the_first_contender() {
        assert_eq!(rotation(&[1, 2, 3], 0), [1, 2, 3]);
        assert_eq!(rotation(&[1, 2, 3], 1), [2, 3, 1]);
        assert_eq!(rotation(&[1, 2, 3], 5), [3, 1, 2]);
        assert!(ratio(1.0, f64::NAN).is_nan());
    }
}
