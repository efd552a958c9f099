//! Built-in policies: whole classes of differences accepted without a record entry, because
//! ours is deliberately more lenient than the vendor's spec in a way that cannot break a call.
//!
//! | policy | accepts |
//! | --- | --- |
//! | `lenient-nullable` | ours allows `null` where upstream does not |
//! | `lenient-open-enum` | ours takes any value where upstream lists a closed set (the generated enums keep unknown values anyway) |
//! | `lenient-optional-response` | a response field ours treats as optional, upstream as required |
//! | `lenient-untyped` | ours leaves a value free-form (any JSON) where upstream types it |
//! | `lenient-no-format` | ours declares no format where upstream has one (any string is accepted) |
//! | `standard-format` | upstream uses a format OpenAPI does not define (e.g. `datetime`) and ours a defined one or none |

use super::{Difference, Kind};

/// Formats defined by OpenAPI 3.0 and JSON Schema that the generator understands.
const STANDARD_FORMATS: [&str; 14] = [
    "int32",
    "int64",
    "float",
    "double",
    "byte",
    "binary",
    "date",
    "date-time",
    "password",
    "email",
    "uri",
    "uuid",
    "ipv4",
    "ipv6",
];

/// One policy: a name (shown in reports) and the test.
pub struct Policy {
    pub name: &'static str,
    pub summary: &'static str,
    accepts: fn(&Difference) -> bool,
}

impl Policy {
    pub fn accepts(&self, difference: &Difference) -> bool {
        difference.kind == Kind::Differs && (self.accepts)(difference)
    }
}

/// Every built-in policy, in the order they are tried.
pub fn policies() -> [Policy; 6] {
    [
        Policy {
            name: "lenient-nullable",
            summary: "ours allows null where upstream does not",
            accepts: |d| d.aspect == Some("nullable") && d.ours.as_deref() == Some("true"),
        },
        Policy {
            name: "lenient-open-enum",
            summary: "ours takes any value where upstream lists a closed set",
            accepts: |d| d.aspect == Some("enum") && d.ours.as_deref() == Some("open"),
        },
        Policy {
            name: "lenient-optional-response",
            summary: "a response field ours treats as optional, upstream as required",
            accepts: |d| {
                d.aspect == Some("required")
                    && d.item.contains(" response")
                    && d.ours.as_deref() == Some("false")
            },
        },
        Policy {
            name: "lenient-untyped",
            summary: "ours leaves a value free-form where upstream types it",
            accepts: |d| d.aspect == Some("type") && d.ours.as_deref() == Some("any"),
        },
        Policy {
            name: "lenient-no-format",
            summary: "ours declares no format where upstream has one",
            accepts: |d| d.aspect == Some("format") && d.ours.as_deref() == Some("none"),
        },
        Policy {
            name: "standard-format",
            summary: "upstream's format is not an OpenAPI format; ours is a defined one or none",
            accepts: |d| {
                d.aspect == Some("format")
                    && d.upstream
                        .as_deref()
                        .is_some_and(|f| !STANDARD_FORMATS.contains(&f))
                    && d.ours
                        .as_deref()
                        .is_none_or(|f| f == "none" || STANDARD_FORMATS.contains(&f))
            },
        },
    ]
}
