//! Command-line arguments: `[--quick] [--only <scenario>]`, plus the hidden
//! `--memory-probe <contender> <api-url> <items>` the bench runs in a child of itself.

use std::fmt;

/// The scenarios.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scenario {
    Pagination,
    Scan,
    Storm,
    Export,
    Maintainer,
}

impl Scenario {
    pub const ALL: [Scenario; 5] = [
        Scenario::Pagination,
        Scenario::Scan,
        Scenario::Storm,
        Scenario::Export,
        Scenario::Maintainer,
    ];

    fn parse(text: &str) -> Option<Scenario> {
        Some(match text {
            "1" | "scenario1" | "pagination" => Scenario::Pagination,
            "2" | "scenario2" | "scan" => Scenario::Scan,
            "3" | "scenario3" | "storm" => Scenario::Storm,
            "4" | "scenario4" | "maintainer" => Scenario::Maintainer,
            "5" | "scenario5" | "export" => Scenario::Export,
            _ => return None,
        })
    }
}

impl fmt::Display for Scenario {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Scenario::Pagination => "pagination",
            Scenario::Scan => "scan",
            Scenario::Storm => "storm",
            Scenario::Export => "export",
            Scenario::Maintainer => "maintainer",
        })
    }
}

#[derive(Debug, PartialEq, Eq)]
pub enum Invocation {
    Bench {
        quick: bool,
        only: Option<Scenario>,
    },
    MemoryProbe {
        contender: String,
        api_url: String,
        items: usize,
    },
    Help,
}

pub const USAGE: &str = "\
usage: gitguardian-bench [--quick] [--only <scenario>]

Benchmarks our GitGuardian client against a raw reqwest loop, the official Rust client
(gitguardian-client 0.1) and pygitguardian 1.35, on a loopback server.

  --quick            fewer repetitions (same sizes): a few minutes on 2 cores
  --only <scenario>  one of: pagination (1), scan (2), storm (3), maintainer (4),
                     export (5)
";

pub fn parse(args: &[String]) -> Result<Invocation, String> {
    let mut quick = false;
    let mut only = None;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--quick" => quick = true,
            "--only" => {
                let name = iter.next().ok_or("--only needs a scenario name")?;
                only = Some(
                    Scenario::parse(name).ok_or_else(|| format!("unknown scenario {name:?}"))?,
                );
            }
            "--memory-probe" => {
                let mut next = || iter.next().cloned().ok_or("--memory-probe needs 3 values");
                let contender = next()?;
                let api_url = next()?;
                let items = next()?
                    .parse()
                    .map_err(|_| "--memory-probe: items must be a number")?;
                return Ok(Invocation::MemoryProbe {
                    contender,
                    api_url,
                    items,
                });
            }
            "-h" | "--help" => return Ok(Invocation::Help),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    Ok(Invocation::Bench { quick, only })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(text: &str) -> Vec<String> {
        text.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn parses_quick_and_only() {
        assert_eq!(
            parse(&args("--quick --only storm")),
            Ok(Invocation::Bench {
                quick: true,
                only: Some(Scenario::Storm)
            })
        );
        assert_eq!(
            parse(&args("--only 2")),
            Ok(Invocation::Bench {
                quick: false,
                only: Some(Scenario::Scan)
            })
        );
        assert!(parse(&args("--only nope")).is_err());
        assert!(parse(&args("--fast")).is_err());
    }
}
