//! Response bodies shaped like GitHub's (every field the spec requires, realistic values).

use serde_json::{json, Value};

const API: &str = "https://api.github.com";

/// An account as GitHub embeds it (alert resolver, repository owner).
pub fn user(login: &str, id: i64) -> Value {
    let url = format!("{API}/users/{login}");
    json!({
        "login": login, "id": id, "node_id": format!("MDQ6VXNlcj{id}"),
        "avatar_url": format!("https://avatars.githubusercontent.com/u/{id}?v=4"),
        "gravatar_id": "", "url": url, "html_url": format!("https://github.com/{login}"),
        "followers_url": format!("{url}/followers"), "following_url": format!("{url}/following{{/other_user}}"),
        "gists_url": format!("{url}/gists{{/gist_id}}"), "starred_url": format!("{url}/starred{{/owner}}{{/repo}}"),
        "subscriptions_url": format!("{url}/subscriptions"), "organizations_url": format!("{url}/orgs"),
        "repos_url": format!("{url}/repos"), "events_url": format!("{url}/events{{/privacy}}"),
        "received_events_url": format!("{url}/received_events"), "type": "User", "site_admin": false
    })
}

/// The repository object of organization and enterprise alert lists.
pub fn repository(owner: &str, name: &str, id: i64) -> Value {
    let url = format!("{API}/repos/{owner}/{name}");
    let mut repo = json!({
        "id": id, "node_id": format!("MDEwOlJlcG9zaXRvcnk{id}"), "name": name,
        "full_name": format!("{owner}/{name}"), "owner": user(owner, id + 1), "private": true,
        "html_url": format!("https://github.com/{owner}/{name}"), "description": null,
        "fork": false, "url": url
    });
    for field in [
        "archive",
        "assignees",
        "blobs",
        "branches",
        "collaborators",
        "comments",
        "commits",
        "compare",
        "contents",
        "contributors",
        "deployments",
        "downloads",
        "events",
        "forks",
        "git_commits",
        "git_refs",
        "git_tags",
        "hooks",
        "issue_comment",
        "issue_events",
        "issues",
        "keys",
        "labels",
        "languages",
        "merges",
        "milestones",
        "notifications",
        "pulls",
        "releases",
        "stargazers",
        "statuses",
        "subscribers",
        "subscription",
        "tags",
        "teams",
        "trees",
    ] {
        repo[format!("{field}_url")] = json!(format!("{url}/{field}"));
    }
    repo
}

/// A commit location's details.
pub fn commit_location(path: &str, commit_sha: &str) -> Value {
    json!({
        "path": path, "start_line": 12, "end_line": 12, "start_column": 9, "end_column": 49,
        "blob_sha": "af5626b4a114abcb82d63db7c8082c3c4756e51b",
        "blob_url": format!("{API}/repos/octo-org/octo-repo/git/blobs/af5626b4a114abcb82d63db7c8082c3c4756e51b"),
        "commit_sha": commit_sha,
        "commit_url": format!("{API}/repos/octo-org/octo-repo/git/commits/{commit_sha}")
    })
}

/// A repository alert: open unless `resolution` is given.
pub fn alert(number: i64, resolution: Option<&str>) -> Value {
    let url = format!("{API}/repos/octo-org/octo-repo/secret-scanning/alerts/{number}");
    json!({
        "number": number,
        "created_at": "2026-11-02T08:15:00Z",
        "updated_at": if resolution.is_some() { json!("2026-11-20T10:00:00Z") } else { json!(null) },
        "url": url,
        "html_url": format!("https://github.com/octo-org/octo-repo/security/secret-scanning/{number}"),
        "locations_url": format!("{url}/locations"),
        "state": if resolution.is_some() { "resolved" } else { "open" },
        "resolution": resolution,
        "resolved_at": if resolution.is_some() { json!("2026-11-20T10:00:00Z") } else { json!(null) },
        "resolved_by": if resolution.is_some() { user("monalisa", 2) } else { json!(null) },
        "resolution_comment": null,
        "secret_type": "github_personal_access_token",
        "secret_type_display_name": "GitHub Personal Access Token",
        "provider": "GitHub", "provider_slug": "github",
        "secret": "ghp_exampleexampleexampleexample0000",
        "push_protection_bypassed": false,
        "push_protection_bypassed_by": null,
        "push_protection_bypassed_at": null,
        "validity": "active",
        "publicly_leaked": false,
        "multi_repo": false,
        "is_base64_encoded": false,
        "first_location_detected": commit_location("config/settings.py", "f14d7debf9775f957cf4f1e8176da0786431f72b"),
        "has_more_locations": true,
        "assigned_to": null
    })
}

/// An organization or enterprise alert: a repository alert with its repository.
pub fn organization_alert(number: i64, repo: &str) -> Value {
    let mut alert = alert(number, None);
    alert["repository"] = repository("octo-org", repo, 1296269);
    alert
}
