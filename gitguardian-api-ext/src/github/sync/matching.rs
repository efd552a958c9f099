//! Matching GitHub alert locations to GitGuardian occurrences: same repository, same commit,
//! same file.

use std::collections::{BTreeSet, HashMap};
use std::fmt;

use gitguardian_openapi::types::Occurrence;
use github_secret_scanning::types::{Location, LocationDetails, LocationType};

/// Where a secret was committed: the commit and the file, as GitHub reports an alert's
/// `commit` location and GitGuardian an occurrence.
///
/// ```
/// use gitguardian_api_ext::github::sync::CommitLocation;
/// let at = CommitLocation::new("9D2C4E6F", "/config/prod.env");
/// assert_eq!(at.to_string(), "9d2c4e6f:config/prod.env");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CommitLocation {
    /// The commit, as lowercase hex.
    pub commit_sha: String,
    /// The file's path in the repository, without a leading `/` or `./`.
    pub path: String,
}

impl CommitLocation {
    /// A location, normalised so that GitHub's and GitGuardian's spellings compare equal.
    pub fn new(commit_sha: &str, path: &str) -> CommitLocation {
        let path = path.trim();
        let path = path.strip_prefix("./").unwrap_or(path);
        CommitLocation {
            commit_sha: commit_sha.trim().to_ascii_lowercase(),
            path: path.trim_start_matches('/').to_string(),
        }
    }
}

impl fmt::Display for CommitLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.commit_sha, self.path)
    }
}

/// An alert's locations split in two: the commit locations that can match a GitGuardian
/// occurrence, and how many others (issues, pull requests, discussions, wiki) there were.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AlertLocations {
    /// The commit locations, in GitHub's order, without repeats.
    pub commits: Vec<CommitLocation>,
    /// Locations of other kinds, which GitGuardian's repository occurrences cannot match.
    pub others: usize,
}

impl AlertLocations {
    /// Splits GitHub's locations of one alert.
    ///
    /// ```
    /// use gitguardian_api_ext::github::sync::AlertLocations;
    /// let none = AlertLocations::from_github(&[]);
    /// assert!(none.commits.is_empty() && none.others == 0);
    /// ```
    pub fn from_github(locations: &[Location]) -> AlertLocations {
        let mut split = AlertLocations::default();
        for location in locations {
            match (&location.type_, &location.details) {
                (Some(LocationType::Commit), Some(LocationDetails::Commit(commit))) => {
                    let at = CommitLocation::new(&commit.commit_sha, &commit.path);
                    if !split.commits.contains(&at) {
                        split.commits.push(at);
                    }
                }
                _ => split.others += 1,
            }
        }
        split
    }
}

/// The GitGuardian occurrences of one repository, by commit and file: which incidents were
/// found at each location.
///
/// Built from one listing of the repository's occurrences
/// (`GET /v1/occurrences/secrets?source_name=...`), so that matching all of a repository's
/// alerts costs one paginated listing rather than one request per location. GitGuardian's
/// `source_name` filter is a search (`acme/api` also finds `acme/api-gateway`): occurrences
/// of other sources are left out here.
///
/// ```
/// use gitguardian_api_ext::github::sync::{CommitLocation, OccurrenceIndex};
///
/// let mut index = OccurrenceIndex::new("acme/api");
/// index.insert(CommitLocation::new("abc123", "config/prod.env"), 84390);
/// let at = CommitLocation::new("ABC123", "./config/prod.env");
/// assert_eq!(index.incidents_at(&at).collect::<Vec<_>>(), [84390]);
/// ```
#[derive(Clone, Debug, Default)]
pub struct OccurrenceIndex {
    repository: String,
    incidents: HashMap<CommitLocation, BTreeSet<i64>>,
}

impl OccurrenceIndex {
    /// An empty index for the repository `OWNER/NAME`.
    pub fn new(repository: &str) -> OccurrenceIndex {
        OccurrenceIndex {
            repository: repository.to_string(),
            incidents: HashMap::new(),
        }
    }

    /// Adds the occurrences of this repository among `occurrences` (those of other sources,
    /// or without a commit and file, are skipped). Returns how many were added.
    pub fn extend<'o>(&mut self, occurrences: impl IntoIterator<Item = &'o Occurrence>) -> usize {
        let mut added = 0;
        for occurrence in occurrences {
            let same_source = occurrence
                .source
                .as_ref()
                .is_some_and(|s| s.full_name.eq_ignore_ascii_case(&self.repository));
            if let (true, Some(sha), Some(path)) =
                (same_source, &occurrence.sha, &occurrence.filepath)
            {
                self.insert(CommitLocation::new(sha, path), occurrence.incident_id);
                added += 1;
            }
        }
        added
    }

    /// Records that `incident` was found at `location`.
    pub fn insert(&mut self, location: CommitLocation, incident: i64) {
        self.incidents.entry(location).or_default().insert(incident);
    }

    /// The incidents found at `location`, lowest id first.
    pub fn incidents_at<'s>(&'s self, location: &CommitLocation) -> impl Iterator<Item = i64> + 's {
        self.incidents
            .get(location)
            .into_iter()
            .flat_map(|ids| ids.iter().copied())
    }

    /// The incidents found at any of `locations`, lowest id first.
    pub fn incidents_at_any(&self, locations: &[CommitLocation]) -> BTreeSet<i64> {
        locations
            .iter()
            .flat_map(|location| self.incidents_at(location))
            .collect()
    }

    /// How many distinct locations the index holds.
    pub fn len(&self) -> usize {
        self.incidents.len()
    }

    /// Whether the index holds no location.
    pub fn is_empty(&self) -> bool {
        self.incidents.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn occurrence(incident: i64, source: &str, sha: &str, path: &str) -> Occurrence {
        serde_json::from_value(json!({
            "id": incident * 10, "incident_id": incident, "kind": "historical",
            "source": {"id": 1, "type": "github", "full_name": source, "health": "at_risk",
                       "open_incidents_count": 0, "closed_incidents_count": 0,
                       "visibility": "private", "monitored": true,
                       "source_criticality": "unknown"},
            "author_name": "a", "author_info": "a@example.com",
            "date": "2025-06-20T16:42:11Z", "matches": [], "tags": [],
            "presence": "present", "sha": sha, "filepath": path,
        }))
        .expect("an occurrence")
    }

    fn location(kind: &str, details: serde_json::Value) -> Location {
        serde_json::from_value(json!({"type": kind, "details": details})).expect("a location")
    }

    fn commit(sha: &str, path: &str) -> serde_json::Value {
        json!({"path": path, "start_line": 1, "end_line": 1, "start_column": 1,
               "end_column": 9, "blob_sha": "b", "blob_url": "u", "commit_sha": sha,
               "commit_url": "u"})
    }

    #[test]
    fn only_the_same_repository_and_exact_location_match() {
        let occurrences = [
            occurrence(1, "acme/api", "AAA111", "config/prod.env"),
            occurrence(2, "acme/api", "aaa111", "config/prod.env"),
            occurrence(3, "acme/api-gateway", "aaa111", "config/prod.env"),
            occurrence(4, "acme/api", "aaa111", "config/prod.env.bak"),
            occurrence(5, "ACME/API", "bbb222", "src/main.rs"),
        ];
        let mut index = OccurrenceIndex::new("acme/api");
        assert_eq!(index.extend(&occurrences), 4);
        let prod = CommitLocation::new("aaa111", "config/prod.env");
        assert_eq!(index.incidents_at(&prod).collect::<Vec<_>>(), [1, 2]);
        let both = [prod, CommitLocation::new("bbb222", "/src/main.rs")];
        assert_eq!(index.incidents_at_any(&both), BTreeSet::from([1, 2, 5]));
        let elsewhere = CommitLocation::new("aaa111", "config");
        assert_eq!(index.incidents_at(&elsewhere).count(), 0);
        assert_eq!(index.len(), 3);
    }

    #[test]
    fn commit_locations_are_kept_once_and_other_kinds_counted() {
        let locations = [
            location("commit", commit("AB12", "a.env")),
            location("commit", commit("ab12", "./a.env")),
            location("commit", commit("cd34", "b.env")),
            location("issue_title", json!({"issue_title_url": "https://x"})),
        ];
        let split = AlertLocations::from_github(&locations);
        assert_eq!(
            split.commits,
            [
                CommitLocation::new("ab12", "a.env"),
                CommitLocation::new("cd34", "b.env")
            ]
        );
        assert_eq!(split.others, 1);
    }
}
