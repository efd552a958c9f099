//! What the bench prints: one markdown table of measurements (median, min, max over runs),
//! notes, the goals met or missed, and last one `ratio <name> <value>` line per ratio.

use std::fmt::Write as _;

use crate::measure::Samples;

/// One row of the table.
#[derive(Debug)]
pub struct Row {
    pub scenario: &'static str,
    pub contender: String,
    pub metric: &'static str,
    pub samples: Samples,
    /// Printed in the last column: checks, request counts, caveats.
    pub note: String,
}

/// A goal a ratio is held to.
#[derive(Clone, Copy, Debug)]
pub enum Goal {
    AtLeast(f64),
    AtMost(f64),
    /// Informational: no goal.
    None,
}

#[derive(Debug)]
pub struct Ratio {
    pub name: &'static str,
    pub value: f64,
    pub goal: Goal,
    /// How the value was obtained, for the goals table.
    pub how: String,
}

/// Everything measured in one invocation.
#[derive(Debug, Default)]
pub struct Report {
    rows: Vec<Row>,
    ratios: Vec<Ratio>,
    notes: Vec<String>,
}

impl Report {
    pub fn row(
        &mut self,
        scenario: &'static str,
        contender: impl Into<String>,
        metric: &'static str,
        samples: Samples,
        note: impl Into<String>,
    ) {
        self.rows.push(Row {
            scenario,
            contender: contender.into(),
            metric,
            samples,
            note: note.into(),
        });
    }

    pub fn ratio(&mut self, name: &'static str, value: f64, goal: Goal, how: impl Into<String>) {
        self.ratios.push(Ratio {
            name,
            value,
            goal,
            how: how.into(),
        });
    }

    pub fn note(&mut self, note: impl Into<String>) {
        self.notes.push(note.into());
    }

    /// Whether every ratio with a goal meets it (NaN never does).
    pub fn goals_met(&self) -> bool {
        self.ratios
            .iter()
            .all(|r| met(r.goal, r.value) != Some(false))
    }

    /// The whole report, ratio lines last.
    pub fn render(&self, header: &str) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "{header}\n");
        let _ = writeln!(
            out,
            "| scenario | contender | metric | median | min | max | runs | notes |"
        );
        let _ = writeln!(out, "|---|---|---|---:|---:|---:|---:|---|");
        for row in &self.rows {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} | {} |",
                row.scenario,
                row.contender,
                row.metric,
                number(row.samples.median()),
                number(row.samples.min()),
                number(row.samples.max()),
                row.samples.len(),
                row.note
            );
        }
        if !self.notes.is_empty() {
            let _ = writeln!(out);
            for note in &self.notes {
                let _ = writeln!(out, "- {note}");
            }
        }
        if !self.ratios.is_empty() {
            let _ = writeln!(out, "\n| ratio | value | goal | met | from |");
            let _ = writeln!(out, "|---|---:|---|---|---|");
            for ratio in &self.ratios {
                let (goal, verdict) = match (ratio.goal, met(ratio.goal, ratio.value)) {
                    (Goal::AtLeast(g), m) => (format!(">= {g}"), yes_no(m)),
                    (Goal::AtMost(g), m) => (format!("<= {g}"), yes_no(m)),
                    (Goal::None, _) => ("-".to_owned(), "-"),
                };
                let _ = writeln!(
                    out,
                    "| {} | {} | {goal} | {verdict} | {} |",
                    ratio.name,
                    ratio_value(ratio.value),
                    ratio.how
                );
            }
            let _ = writeln!(out);
            for ratio in &self.ratios {
                let _ = writeln!(out, "ratio {} {}", ratio.name, ratio_value(ratio.value));
            }
        }
        out
    }
}

fn met(goal: Goal, value: f64) -> Option<bool> {
    match goal {
        Goal::AtLeast(g) => Some(value >= g),
        Goal::AtMost(g) => Some(value <= g),
        Goal::None => None,
    }
}

fn yes_no(met: Option<bool>) -> &'static str {
    match met {
        Some(true) => "yes",
        Some(false) => "**no**",
        None => "-",
    }
}

/// A ratio with 3 decimals (`nan` when it could not be measured).
pub fn ratio_value(value: f64) -> String {
    if value.is_nan() {
        "nan".to_owned()
    } else {
        format!("{value:.3}")
    }
}

/// A table number: 4 significant digits or so, no exponent.
fn number(value: f64) -> String {
    if value.is_nan() {
        "-".to_owned()
    } else if value.abs() >= 1000.0 {
        format!("{value:.0}")
    } else if value.abs() >= 10.0 {
        format!("{value:.1}")
    } else {
        format!("{value:.3}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratio_lines_come_last_and_goals_are_judged() {
        let mut report = Report::default();
        let mut samples = Samples::default();
        samples.push(2.0);
        report.row("s", "ours", "items/s", samples, "");
        report.ratio("a_over_b", 1.23456, Goal::AtLeast(1.0), "x");
        report.ratio("lost", 0.0, Goal::AtMost(0.0), "y");
        report.ratio("missing", f64::NAN, Goal::AtLeast(1.0), "z");
        let text = report.render("# bench");
        let lines: Vec<&str> = text.trim_end().lines().collect();
        assert_eq!(
            &lines[lines.len() - 3..],
            [
                "ratio a_over_b 1.235",
                "ratio lost 0.000",
                "ratio missing nan"
            ]
        );
        assert!(!report.goals_met());
    }
}
