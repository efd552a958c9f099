//! Why a public incident is closed. The public API takes these as comma-separated strings;
//! these enums keep callers from misspelling them.

use std::fmt;

/// Why a public incident is resolved (`resolve_reason`).
///
/// ```
/// use gitguardian_api_ext::workflows::PublicResolveReason;
/// assert_eq!(PublicResolveReason::DmcaRequest.as_str(), "dmca_request");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PublicResolveReason {
    /// The secret was revoked (`revoked`).
    Revoked,
    /// The leaking content was taken down after a DMCA request (`dmca_request`).
    DmcaRequest,
    /// The leaking source was deleted (`source_deleted`).
    SourceDeleted,
}

impl PublicResolveReason {
    /// The value the API expects.
    ///
    /// ```
    /// use gitguardian_api_ext::workflows::PublicResolveReason;
    /// assert_eq!(PublicResolveReason::Revoked.as_str(), "revoked");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            PublicResolveReason::Revoked => "revoked",
            PublicResolveReason::DmcaRequest => "dmca_request",
            PublicResolveReason::SourceDeleted => "source_deleted",
        }
    }
}

impl fmt::Display for PublicResolveReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a public incident is ignored (`ignore_reason`).
///
/// ```
/// use gitguardian_api_ext::workflows::PublicIgnoreReason;
/// assert_eq!(PublicIgnoreReason::TestCredential.to_string(), "test_credential");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PublicIgnoreReason {
    /// A test credential (`test_credential`).
    TestCredential,
    /// Not a secret (`false_positive`).
    FalsePositive,
    /// A secret whose leak does not matter (`low_risk`).
    LowRisk,
    /// A secret that does not work (`invalid`).
    Invalid,
    /// Ignore this author's leaks from now on (`ignore_actor`).
    IgnoreActor,
    /// Ignore this secret from now on (`ignore_secret`).
    IgnoreSecret,
}

impl PublicIgnoreReason {
    /// The value the API expects.
    ///
    /// ```
    /// use gitguardian_api_ext::workflows::PublicIgnoreReason;
    /// assert_eq!(PublicIgnoreReason::IgnoreActor.as_str(), "ignore_actor");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            PublicIgnoreReason::TestCredential => "test_credential",
            PublicIgnoreReason::FalsePositive => "false_positive",
            PublicIgnoreReason::LowRisk => "low_risk",
            PublicIgnoreReason::Invalid => "invalid",
            PublicIgnoreReason::IgnoreActor => "ignore_actor",
            PublicIgnoreReason::IgnoreSecret => "ignore_secret",
        }
    }
}

impl fmt::Display for PublicIgnoreReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The reasons as the API takes them: comma-separated, each once, in the given order; at
/// least one.
pub(crate) fn joined<R: Copy + PartialEq + fmt::Display>(
    what: &str,
    reasons: impl IntoIterator<Item = R>,
) -> Result<String, super::validate::Invalid> {
    let mut unique: Vec<R> = Vec::new();
    for reason in reasons {
        if !unique.contains(&reason) {
            unique.push(reason);
        }
    }
    if unique.is_empty() {
        return Err(super::validate::Invalid(format!("no {what} was given")));
    }
    Ok(unique
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(","))
}
