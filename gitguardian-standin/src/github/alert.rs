//! The records the GitHub stand-in serves: secret scanning alerts and where their secrets
//! were found. Fields are public so a test can seed them and assert on what a PATCH changed.

use chrono::{DateTime, Utc};

/// A secret scanning alert of one repository.
#[derive(Clone, Debug, PartialEq)]
pub struct Alert {
    /// The alert's number within its repository (GitHub numbers them from 1).
    pub number: i64,
    /// `owner/name`; the owner is the organization.
    pub repository: String,
    /// e.g. `aws_access_key_id`.
    pub secret_type: String,
    /// e.g. `AWS Access Key ID`.
    pub secret_type_display_name: String,
    /// The secret itself (left out when a request says `hide_secret=true`).
    pub secret: String,
    pub state: AlertState,
    /// `false_positive`, `wont_fix`, `revoked`, `used_in_tests` (what a PATCH can set), or
    /// `pattern_edited` / `pattern_deleted` (set by GitHub itself); `None` while open.
    pub resolution: Option<String>,
    pub resolution_comment: Option<String>,
    /// `active`, `inactive` or `unknown`.
    pub validity: String,
    pub created_at: DateTime<Utc>,
    /// When the alert last changed; lists sorted by `updated` order by it. A PATCH sets it.
    pub updated_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
    /// The login of who resolved it (a PATCH through the stand-in records
    /// [`STANDIN_LOGIN`](super::STANDIN_LOGIN)).
    pub resolved_by: Option<String>,
    /// Where the secret was found: commits, first one first. An alert may have none.
    pub locations: Vec<AlertLocation>,
}

/// Whether an alert is open or resolved.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AlertState {
    Open,
    Resolved,
}

impl AlertState {
    /// `open` or `resolved`, as GitHub writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            AlertState::Open => "open",
            AlertState::Resolved => "resolved",
        }
    }

    /// The state GitHub names `name`, if it is one.
    pub fn parse(name: &str) -> Option<AlertState> {
        match name {
            "open" => Some(AlertState::Open),
            "resolved" => Some(AlertState::Resolved),
            _ => None,
        }
    }
}

/// A place in a commit where an alert's secret was found (a `commit` location).
#[derive(Clone, Debug, PartialEq)]
pub struct AlertLocation {
    pub commit_sha: String,
    /// The file's path in the repository.
    pub path: String,
    pub start_line: i64,
    pub end_line: i64,
    pub start_column: i64,
    pub end_column: i64,
    /// The blob holding the file at that commit.
    pub blob_sha: String,
}

impl AlertLocation {
    /// A one-line location at `line` of `path` in `commit_sha`, columns 1 to 40; the blob
    /// SHA is derived from the commit's, so it is stable.
    pub fn commit(commit_sha: impl Into<String>, path: impl Into<String>, line: i64) -> Self {
        let commit_sha = commit_sha.into();
        let blob_sha = commit_sha.chars().rev().collect();
        AlertLocation {
            commit_sha,
            path: path.into(),
            start_line: line,
            end_line: line,
            start_column: 1,
            end_column: 40,
            blob_sha,
        }
    }
}

impl Alert {
    /// A plausible open alert `number` of `repository` with no location, for tests to adjust.
    pub fn sample(number: i64, repository: impl Into<String>) -> Alert {
        let created_at =
            DateTime::from_timestamp(1_750_000_000 + number * 3600, 0).unwrap_or_default();
        Alert {
            number,
            repository: repository.into(),
            secret_type: "aws_access_key_id".into(),
            secret_type_display_name: "AWS Access Key ID".into(),
            secret: format!("AKIASTANDIN{number:09}"),
            state: AlertState::Open,
            resolution: None,
            resolution_comment: None,
            validity: "unknown".into(),
            created_at,
            updated_at: created_at,
            resolved_at: None,
            resolved_by: None,
            locations: Vec::new(),
        }
    }

    /// The organization (the repository's owner).
    pub fn owner(&self) -> &str {
        self.repository
            .split_once('/')
            .map_or(self.repository.as_str(), |(owner, _)| owner)
    }

    /// Whether this alert belongs to `repository` (`owner/name`, case-insensitive as GitHub
    /// reads names).
    pub fn is_in(&self, repository: &str) -> bool {
        self.repository.eq_ignore_ascii_case(repository)
    }
}
