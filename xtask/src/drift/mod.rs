//! `cargo xtask drift API`: the vendor's spec (the stored upstream) against ours, by meaning.
//!
//! Both specs are read as [`surface::Surface`]s (operations by method and path, parameters,
//! flattened body fields with `$ref`/`allOf` resolved, security), and every difference is
//! `upstream-only`, `ours-only` or `differs`. A difference is explained by an entry of the
//! API's divergence record ([`record`]) or accepted by a built-in [`policy`]; the rest is
//! unexplained, and `drift` exits 1 while there is any. [`adopt`] writes the unexplained
//! upstream-only items into our spec.

pub mod adopt;
pub mod policy;
pub mod record;
pub mod surface;

use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt;
use surface::{Facets, Surface};

/// Which side has what.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// The vendor's spec has it, ours does not.
    UpstreamOnly,
    /// Ours has it, the vendor's spec does not.
    OursOnly,
    /// Both have it, with different facts.
    Differs,
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Kind::UpstreamOnly => "upstream-only",
            Kind::OursOnly => "ours-only",
            Kind::Differs => "differs",
        })
    }
}

/// One difference between the two specs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Difference {
    pub kind: Kind,
    /// `METHOD /path`, or `security`.
    pub operation: String,
    /// The item path record patterns match: `METHOD /path [item][ (aspect)]`.
    pub item: String,
    /// The item inside the operation (`query.cursor`, `response[].id`), empty for the
    /// operation itself.
    pub field: String,
    /// The aspect of a `differs` item or of a one-sided enum value.
    pub aspect: Option<&'static str>,
    /// Upstream's side (`differs`) or the value present on one side only (enum values).
    pub upstream: Option<String>,
    pub ours: Option<String>,
}

/// Why a difference is accepted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Explanation {
    /// An entry of the divergence record, by id.
    Entry(String),
    /// A built-in policy, by name.
    Policy(&'static str),
}

/// The outcome of a drift run.
#[derive(Debug)]
pub struct Report {
    pub api: String,
    pub differences: Vec<(Difference, Option<Explanation>)>,
    /// Record entries that explain nothing (ids and lines).
    pub stale: Vec<(String, usize)>,
}

impl Report {
    /// Counts of upstream-only, ours-only, differs and unexplained differences.
    pub fn counts(&self) -> (usize, usize, usize, usize) {
        let of = |kind| {
            self.differences
                .iter()
                .filter(|(d, _)| d.kind == kind)
                .count()
        };
        let unexplained = self.differences.iter().filter(|(_, e)| e.is_none()).count();
        (
            of(Kind::UpstreamOnly),
            of(Kind::OursOnly),
            of(Kind::Differs),
            unexplained,
        )
    }

    /// `drift: U upstream-only, O ours-only, D differs; X unexplained`.
    pub fn summary(&self) -> String {
        let (u, o, d, x) = self.counts();
        format!("drift: {u} upstream-only, {o} ours-only, {d} differs; {x} unexplained")
    }

    pub fn unexplained(&self) -> impl Iterator<Item = &Difference> {
        self.differences
            .iter()
            .filter(|(_, e)| e.is_none())
            .map(|(d, _)| d)
    }

    /// The report: unexplained differences grouped by operation (every difference when
    /// `all`), what explained the rest, stale entries, and the summary line.
    pub fn render(&self, all: bool) -> String {
        let mut out = format!("drift of `{}`: upstream.json against spec.json\n", self.api);
        let mut by_operation: BTreeMap<&str, Vec<&(Difference, Option<Explanation>)>> =
            BTreeMap::new();
        for entry in &self.differences {
            if all || entry.1.is_none() {
                by_operation
                    .entry(entry.0.operation.as_str())
                    .or_default()
                    .push(entry);
            }
        }
        for (operation, differences) in by_operation {
            out.push_str(&format!("\n{operation}\n"));
            for (difference, explanation) in differences {
                let what = if difference.field.is_empty() {
                    "(the operation)".to_string()
                } else {
                    difference.field.clone()
                };
                let aspect = difference
                    .aspect
                    .map(|a| format!(" ({a})"))
                    .unwrap_or_default();
                let values = match (difference.kind, &difference.upstream, &difference.ours) {
                    (Kind::Differs, u, o) => format!(
                        ": upstream {}, ours {}",
                        u.as_deref().unwrap_or("-"),
                        o.as_deref().unwrap_or("-")
                    ),
                    (_, Some(v), _) | (_, _, Some(v)) => format!(": {v}"),
                    _ => String::new(),
                };
                let why = match explanation {
                    None => "UNEXPLAINED".to_string(),
                    Some(Explanation::Entry(id)) => format!("divergence {id}"),
                    Some(Explanation::Policy(name)) => format!("policy {name}"),
                };
                out.push_str(&format!(
                    "  {:<13} {what}{aspect}{values}  [{why}]\n",
                    difference.kind.to_string()
                ));
            }
        }
        let mut tally: BTreeMap<String, usize> = BTreeMap::new();
        for (_, explanation) in &self.differences {
            let key = match explanation {
                Some(Explanation::Entry(id)) => format!("divergence {id}"),
                Some(Explanation::Policy(name)) => format!("policy {name}"),
                None => continue,
            };
            *tally.entry(key).or_default() += 1;
        }
        if !tally.is_empty() {
            out.push_str("\nexplained:\n");
            for (key, count) in tally {
                out.push_str(&format!("  {count:>5}  {key}\n"));
            }
        }
        for (id, line) in &self.stale {
            out.push_str(&format!(
                "warning: divergence `{id}` (line {line}) matches no difference: stale\n"
            ));
        }
        out.push_str(&self.summary());
        out.push('\n');
        out
    }
}

/// Compares `upstream` with `ours` and explains what it can with `entries` and the policies.
pub fn drift(api: &str, upstream: &Value, ours: &Value, entries: &[record::Entry]) -> Report {
    let (upstream, _) = crate::normalize::openapi31::downgrade(upstream);
    let (ours, _) = crate::normalize::openapi31::downgrade(ours);
    let differences = compare(&surface::surface(&upstream), &surface::surface(&ours));
    let policies = policy::policies();
    let mut used = vec![false; entries.len()];
    let differences = differences
        .into_iter()
        .map(|difference| {
            // Every entry that matches is credited (so a specific entry is not reported stale
            // because a broader one or a policy also covers the item); the report names the
            // policy when a built-in class accepts the item, else the first matching entry.
            let mut first_entry = None;
            for (index, entry) in entries.iter().enumerate() {
                if entry.explains(difference.kind, &difference.item) {
                    used[index] = true;
                    first_entry.get_or_insert(index);
                }
            }
            let explanation = match policies.iter().find(|p| p.accepts(&difference)) {
                Some(policy) => Some(Explanation::Policy(policy.name)),
                None => first_entry.map(|index| Explanation::Entry(entries[index].id.clone())),
            };
            (difference, explanation)
        })
        .collect();
    let stale = entries
        .iter()
        .zip(used)
        .filter(|(_, used)| !used)
        .map(|(e, _)| (e.id.clone(), e.line))
        .collect();
    Report {
        api: api.to_string(),
        differences,
        stale,
    }
}

/// Every difference between two surfaces, in a stable order.
pub fn compare(upstream: &Surface, ours: &Surface) -> Vec<Difference> {
    let mut out = Vec::new();
    let one_sided = |kind, operation: &str, field: &str| Difference {
        kind,
        operation: operation.to_string(),
        item: join(operation, field),
        field: field.to_string(),
        aspect: None,
        upstream: None,
        ours: None,
    };
    for (key, theirs) in &upstream.operations {
        let Some(mine) = ours.operations.get(key) else {
            out.push(one_sided(Kind::UpstreamOnly, key, ""));
            continue;
        };
        for (field, facets) in &theirs.items {
            match mine.items.get(field) {
                None if !has_missing_parent(field, &mine.items) => {
                    out.push(one_sided(Kind::UpstreamOnly, key, field))
                }
                None => {}
                Some(own) => facet_differences(key, field, facets, own, &mut out),
            }
        }
        for field in mine.items.keys() {
            if !theirs.items.contains_key(field) && !has_missing_parent(field, &theirs.items) {
                out.push(one_sided(Kind::OursOnly, key, field));
            }
        }
    }
    for key in ours.operations.keys() {
        if !upstream.operations.contains_key(key) {
            out.push(one_sided(Kind::OursOnly, key, ""));
        }
    }
    if upstream.security != ours.security {
        let list = |s: &std::collections::BTreeSet<String>| {
            s.iter().cloned().collect::<Vec<_>>().join(" | ")
        };
        out.push(Difference {
            kind: Kind::Differs,
            operation: "security".into(),
            item: "security (type)".into(),
            field: String::new(),
            aspect: Some("type"),
            upstream: Some(list(&upstream.security)),
            ours: Some(list(&ours.security)),
        });
    }
    out
}

fn join(operation: &str, field: &str) -> String {
    if field.is_empty() {
        operation.to_string()
    } else {
        format!("{operation} {field}")
    }
}

/// Whether an ancestor of `field` (a body field) is missing from `items`: then the ancestor
/// is the difference, not each of its fields.
fn has_missing_parent(field: &str, items: &BTreeMap<String, Facets>) -> bool {
    let mut current = field;
    while let Some(parent) = parent_of(current) {
        if !items.contains_key(parent) {
            return true;
        }
        current = parent;
    }
    false
}

/// `response[].a.b` -> `response[].a` -> `response[]` -> `response` -> none.
pub fn parent_of(field: &str) -> Option<&str> {
    if let Some(stripped) = field.strip_suffix("[]") {
        return Some(stripped);
    }
    let cut = field.rfind('.')?;
    let parent = &field[..cut];
    // Parameters (`query.cursor`) have no parent item.
    (parent.starts_with("request") || parent.starts_with("response")).then_some(parent)
}

fn facet_differences(
    operation: &str,
    field: &str,
    upstream: &Facets,
    ours: &Facets,
    out: &mut Vec<Difference>,
) {
    let mut differs = |aspect: &'static str, u: String, o: String| {
        out.push(Difference {
            kind: Kind::Differs,
            operation: operation.to_string(),
            item: format!("{} ({aspect})", join(operation, field)),
            field: field.to_string(),
            aspect: Some(aspect),
            upstream: Some(u),
            ours: Some(o),
        })
    };
    if upstream.ty != ours.ty {
        differs("type", upstream.ty.clone(), ours.ty.clone());
    }
    if upstream.format != ours.format {
        let show = |f: &Option<String>| f.clone().unwrap_or_else(|| "none".into());
        differs("format", show(&upstream.format), show(&ours.format));
    }
    if upstream.nullable != ours.nullable {
        differs(
            "nullable",
            upstream.nullable.to_string(),
            ours.nullable.to_string(),
        );
    }
    if let (Some(u), Some(o)) = (upstream.required, ours.required) {
        if u != o {
            differs("required", u.to_string(), o.to_string());
        }
    }
    match (&upstream.values, &ours.values) {
        (Some(u), Some(o)) => {
            for (kind, value) in u
                .difference(o)
                .map(|v| (Kind::UpstreamOnly, v))
                .chain(o.difference(u).map(|v| (Kind::OursOnly, v)))
            {
                out.push(Difference {
                    kind,
                    operation: operation.to_string(),
                    item: format!("{} (enum)", join(operation, field)),
                    field: field.to_string(),
                    aspect: Some("enum"),
                    upstream: (kind == Kind::UpstreamOnly).then(|| value.clone()),
                    ours: (kind == Kind::OursOnly).then(|| value.clone()),
                });
            }
        }
        (Some(u), None) => differs(
            "enum",
            u.iter().cloned().collect::<Vec<_>>().join(", "),
            "open".into(),
        ),
        (None, Some(o)) => differs(
            "enum",
            "open".into(),
            o.iter().cloned().collect::<Vec<_>>().join(", "),
        ),
        (None, None) => {}
    }
}
