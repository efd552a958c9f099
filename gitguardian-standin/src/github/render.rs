//! Alerts as GitHub sends them, built from the generated client's types
//! (`github_secret_scanning::types`) so that a field the client knows cannot be misspelled
//! or mistyped here. URLs point at the stand-in's own origin.

use github_secret_scanning::types;
use serde_json::Value;

use super::alert::{Alert, AlertLocation};

/// What every rendering of an alert needs to know besides the alert.
pub(crate) struct Render<'a> {
    /// The API root URLs are made from: `http://127.0.0.1:<port>` and its prefix if any.
    pub origin: &'a str,
    /// Leave the secret out (`hide_secret=true`).
    pub hide_secret: bool,
}

impl Render<'_> {
    /// The alert as the repository listing, the alert itself and its update answer send it
    /// (`Alert`, and `AlertWithMetadata` without metadata: the same fields).
    pub fn alert(&self, alert: &Alert) -> Value {
        serde_json::to_value(self.typed(alert)).unwrap_or(Value::Null)
    }

    /// The alert as organization and enterprise listings send it (`OrganizationAlert`): the
    /// repository's fields plus `repository`.
    pub fn organization_alert(&self, alert: &Alert) -> Value {
        let mut value = self.alert(alert);
        if let (Value::Object(fields), Ok(repository)) = (
            &mut value,
            serde_json::to_value(self.repository(&alert.repository)),
        ) {
            fields.insert("repository".into(), repository);
        }
        value
    }

    /// One location as the locations listing sends it.
    pub fn location(&self, repository: &str, location: &AlertLocation) -> Value {
        let typed = types::Location {
            details: Some(types::LocationDetails::Commit(
                self.commit(repository, location),
            )),
            type_: Some(types::LocationType::Commit),
        };
        serde_json::to_value(typed).unwrap_or(Value::Null)
    }

    fn typed(&self, alert: &Alert) -> types::Alert {
        let url = format!(
            "{}/repos/{}/secret-scanning/alerts/{}",
            self.origin, alert.repository, alert.number
        );
        types::Alert {
            number: Some(types::AlertNumber(alert.number)),
            created_at: Some(types::CreatedAt(alert.created_at)),
            updated_at: Some(types::UpdatedAt(alert.updated_at)),
            html_url: Some(types::AlertHtmlUrl(format!(
                "{}/{}/security/secret-scanning/{}",
                self.origin, alert.repository, alert.number
            ))),
            locations_url: Some(format!("{url}/locations")),
            url: Some(types::AlertApiUrl(url)),
            state: Some(match alert.state {
                super::AlertState::Open => types::AlertState::Open,
                super::AlertState::Resolved => types::AlertState::Resolved,
            }),
            resolution: alert.resolution.as_deref().map(resolution),
            resolution_comment: alert.resolution_comment.clone(),
            resolved_at: alert.resolved_at,
            resolved_by: alert.resolved_by.as_deref().map(|login| self.user(login)),
            secret_type: Some(alert.secret_type.clone()),
            secret_type_display_name: Some(alert.secret_type_display_name.clone()),
            secret: (!self.hide_secret).then(|| alert.secret.clone()),
            validity: Some(validity(&alert.validity)),
            first_location_detected: alert
                .locations
                .first()
                .map(|first| types::LocationDetails::Commit(self.commit(&alert.repository, first))),
            has_more_locations: Some(alert.locations.len() > 1),
            is_base64_encoded: Some(false),
            multi_repo: Some(false),
            publicly_leaked: Some(false),
            push_protection_bypassed: Some(false),
            ..types::Alert::default()
        }
    }

    fn commit(&self, repository: &str, location: &AlertLocation) -> types::LocationCommit {
        let repo = format!("{}/repos/{repository}", self.origin);
        types::LocationCommit {
            blob_url: format!("{repo}/git/blobs/{}", location.blob_sha),
            blob_sha: location.blob_sha.clone(),
            commit_url: format!("{repo}/git/commits/{}", location.commit_sha),
            commit_sha: location.commit_sha.clone(),
            html_url: Some(format!(
                "{}/{repository}/blob/{}/{}#L{}",
                self.origin, location.commit_sha, location.path, location.start_line
            )),
            path: location.path.clone(),
            start_line: location.start_line as f64,
            end_line: location.end_line as f64,
            start_column: location.start_column as f64,
            end_column: location.end_column as f64,
        }
    }

    fn user(&self, login: &str) -> types::User {
        let url = format!("{}/users/{login}", self.origin);
        types::User {
            avatar_url: format!("{}/avatars/u/{login}", self.origin),
            email: None,
            events_url: format!("{url}/events{{/privacy}}"),
            followers_url: format!("{url}/followers"),
            following_url: format!("{url}/following{{/other_user}}"),
            gists_url: format!("{url}/gists{{/gist_id}}"),
            gravatar_id: Some(String::new()),
            html_url: format!("{}/{login}", self.origin),
            id: stable_id(login),
            login: login.into(),
            name: None,
            node_id: format!("U_standin_{login}"),
            organizations_url: format!("{url}/orgs"),
            received_events_url: format!("{url}/received_events"),
            repos_url: format!("{url}/repos"),
            site_admin: false,
            starred_at: None,
            starred_url: format!("{url}/starred{{/owner}}{{/repo}}"),
            subscriptions_url: format!("{url}/subscriptions"),
            type_: "User".into(),
            url,
            user_view_type: Some("public".into()),
        }
    }

    fn repository(&self, full_name: &str) -> types::Repository {
        let (owner, name) = full_name.split_once('/').unwrap_or((full_name, full_name));
        let url = format!("{}/repos/{full_name}", self.origin);
        let owner_url = format!("{}/users/{owner}", self.origin);
        types::Repository {
            archive_url: format!("{url}/{{archive_format}}{{/ref}}"),
            assignees_url: format!("{url}/assignees{{/user}}"),
            blobs_url: format!("{url}/git/blobs{{/sha}}"),
            branches_url: format!("{url}/branches{{/branch}}"),
            collaborators_url: format!("{url}/collaborators{{/collaborator}}"),
            comments_url: format!("{url}/comments{{/number}}"),
            commits_url: format!("{url}/commits{{/sha}}"),
            compare_url: format!("{url}/compare/{{base}}...{{head}}"),
            contents_url: format!("{url}/contents/{{+path}}"),
            contributors_url: format!("{url}/contributors"),
            deployments_url: format!("{url}/deployments"),
            description: None,
            downloads_url: format!("{url}/downloads"),
            events_url: format!("{url}/events"),
            fork: false,
            forks_url: format!("{url}/forks"),
            full_name: full_name.into(),
            git_commits_url: format!("{url}/git/commits{{/sha}}"),
            git_refs_url: format!("{url}/git/refs{{/sha}}"),
            git_tags_url: format!("{url}/git/tags{{/sha}}"),
            hooks_url: format!("{url}/hooks"),
            html_url: format!("{}/{full_name}", self.origin),
            id: stable_id(full_name),
            issue_comment_url: format!("{url}/issues/comments{{/number}}"),
            issue_events_url: format!("{url}/issues/events{{/number}}"),
            issues_url: format!("{url}/issues{{/number}}"),
            keys_url: format!("{url}/keys{{/key_id}}"),
            labels_url: format!("{url}/labels{{/name}}"),
            languages_url: format!("{url}/languages"),
            merges_url: format!("{url}/merges"),
            milestones_url: format!("{url}/milestones{{/number}}"),
            name: name.into(),
            node_id: format!("R_standin_{}", stable_id(full_name)),
            notifications_url: format!("{url}/notifications{{?since,all,participating}}"),
            owner: types::RepositoryOwner {
                avatar_url: format!("{}/avatars/u/{owner}", self.origin),
                email: None,
                events_url: format!("{owner_url}/events{{/privacy}}"),
                followers_url: format!("{owner_url}/followers"),
                following_url: format!("{owner_url}/following{{/other_user}}"),
                gists_url: format!("{owner_url}/gists{{/gist_id}}"),
                gravatar_id: Some(String::new()),
                html_url: format!("{}/{owner}", self.origin),
                id: stable_id(owner),
                login: owner.into(),
                name: None,
                node_id: format!("O_standin_{}", stable_id(owner)),
                organizations_url: format!("{owner_url}/orgs"),
                received_events_url: format!("{owner_url}/received_events"),
                repos_url: format!("{owner_url}/repos"),
                site_admin: false,
                starred_at: None,
                starred_url: format!("{owner_url}/starred{{/owner}}{{/repo}}"),
                subscriptions_url: format!("{owner_url}/subscriptions"),
                type_: "Organization".into(),
                url: owner_url.clone(),
                user_view_type: Some("public".into()),
            },
            private: true,
            pulls_url: format!("{url}/pulls{{/number}}"),
            releases_url: format!("{url}/releases{{/id}}"),
            stargazers_url: format!("{url}/stargazers"),
            statuses_url: format!("{url}/statuses/{{sha}}"),
            subscribers_url: format!("{url}/subscribers"),
            subscription_url: format!("{url}/subscription"),
            tags_url: format!("{url}/tags"),
            teams_url: format!("{url}/teams"),
            trees_url: format!("{url}/git/trees{{/sha}}"),
            url,
        }
    }
}

/// A resolution as the generated type names it (unknown ones pass through as they are).
fn resolution(name: &str) -> types::AlertResolution {
    name.parse()
        .unwrap_or_else(|_| types::AlertResolution::Unrecognized(name.into()))
}

fn validity(name: &str) -> types::AlertValidity {
    name.parse()
        .unwrap_or_else(|_| types::AlertValidity::Unrecognized(name.into()))
}

/// A positive id derived from a name, the same on every run (FNV-1a, 31 bits).
fn stable_id(name: &str) -> i64 {
    let hash = name
        .to_ascii_lowercase()
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325u64, |hash, b| {
            (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
        });
    (hash & 0x7fff_ffff) as i64 + 1
}
