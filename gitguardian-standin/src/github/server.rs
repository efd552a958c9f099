//! Starting, configuring, inspecting and stopping the GitHub stand-in.

use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Mutex};

use crate::fault::{Route, Rule};
use crate::log::{InFlight, LoggedRequest, RequestLog, RouteCount};
use crate::routes::lock;
use crate::serve::{self, Running};
use crate::tls::TlsCertificates;

use super::alert::Alert;
use super::routes::{router, GitHubShared};
use super::workspace::GitHubWorkspace;

/// The token a GitHub stand-in accepts unless told otherwise. Not a secret: it opens nothing
/// but the stand-in.
pub const GITHUB_STANDIN_TOKEN: &str = "ghp_standin_demo_token_not_a_secret";

/// The login the stand-in's token belongs to: alerts resolved through it are `resolved_by`
/// this user.
pub const STANDIN_LOGIN: &str = "standin-bot";

/// How lists of alerts are paged.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum GitHubPaging {
    /// As api.github.com: `before`/`after` cursors, announced in `Link` as `rel="next"` and
    /// `rel="prev"`; `page` is refused with `422`. Cursors name an alert, not an offset, so a
    /// list stays complete while its alerts are being resolved.
    #[default]
    Cursor,
    /// As GitHub Enterprise Server: `page=N` from 1, announced as `rel="next"`, `"last"`,
    /// `"first"` and `"prev"`; cursors are refused with `422`. The enterprise listing is
    /// cursor-paged in GitHub's description and stays so.
    PageNumbers,
}

/// How a GitHub stand-in will behave; made by [`GitHubStandIn::builder`].
#[derive(Clone, Debug)]
pub struct GitHubStandInBuilder {
    token: String,
    workspace: GitHubWorkspace,
    paging: GitHubPaging,
    page_cap: usize,
    rules: Vec<Rule>,
    tls: bool,
    port: u16,
    prefix: String,
}

impl Default for GitHubStandInBuilder {
    fn default() -> GitHubStandInBuilder {
        GitHubStandInBuilder {
            token: GITHUB_STANDIN_TOKEN.into(),
            workspace: GitHubWorkspace::default(),
            paging: GitHubPaging::default(),
            page_cap: 100,
            rules: Vec::new(),
            tls: false,
            port: 0,
            prefix: String::new(),
        }
    }
}

impl GitHubStandInBuilder {
    /// The token clients must send (`Authorization: Bearer <token>` or `token <token>`);
    /// others get `401 Bad credentials`.
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.token = token.into();
        self
    }

    /// The alerts and repositories served (none by default).
    pub fn workspace(mut self, workspace: GitHubWorkspace) -> Self {
        self.workspace = workspace;
        self
    }

    /// How alert lists are paged (default [`GitHubPaging::Cursor`]).
    pub fn paging(mut self, paging: GitHubPaging) -> Self {
        self.paging = paging;
        self
    }

    /// Most items on one page, whatever `per_page` asks (default 100, GitHub's maximum;
    /// without `per_page` a page holds 30).
    pub fn page_cap(mut self, cap: usize) -> Self {
        self.page_cap = cap;
        self
    }

    /// Adds a fault rule; rules are checked in the order added. GitHub's own answers are
    /// [`Fault::PrimaryRateLimit`](crate::Fault::PrimaryRateLimit),
    /// [`Fault::SecondaryRateLimit`](crate::Fault::SecondaryRateLimit) and
    /// [`Fault::Maintenance`](crate::Fault::Maintenance) (`503`).
    pub fn fault(mut self, rule: Rule) -> Self {
        self.rules.push(rule);
        self
    }

    /// Serves HTTPS with a certificate made at start; see [`GitHubStandIn::tls_certificates`].
    pub fn tls(mut self, tls: bool) -> Self {
        self.tls = tls;
        self
    }

    /// The port on 127.0.0.1 (default 0: any free port).
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// Serves the API under `prefix`, as an Enterprise Server host serves it under `/api/v3`:
    /// [`GitHubStandIn::api_url`] then ends with it, and so do the URLs in bodies and `Link`
    /// (default: none, as api.github.com). Slashes around it are normalized.
    pub fn api_prefix(mut self, prefix: impl Into<String>) -> Self {
        let prefix = prefix.into();
        let trimmed = prefix.trim_matches('/');
        self.prefix = match trimmed.is_empty() {
            true => String::new(),
            false => format!("/{trimmed}"),
        };
        self
    }

    /// Binds 127.0.0.1 and serves on the current tokio runtime until the [`GitHubStandIn`]
    /// is dropped.
    pub async fn start(self) -> std::io::Result<GitHubStandIn> {
        let (port, tls) = (self.port, self.tls);
        let (running, (token, state)) = serve::start(port, tls, |origin| self.app(origin)).await?;
        Ok(GitHubStandIn {
            running,
            token,
            state,
        })
    }

    /// Like [`start`](Self::start), but on a runtime and thread of its own, so that a client
    /// that blocks its runtime cannot slow the stand-in down.
    pub fn start_on_own_thread(self) -> std::io::Result<GitHubStandIn> {
        let (port, tls) = (self.port, self.tls);
        let (running, (token, state)) =
            serve::start_on_own_thread("github-standin", port, tls, |origin| self.app(origin))?;
        Ok(GitHubStandIn {
            running,
            token,
            state,
        })
    }

    /// The router serving this configuration at `origin`, and the token and state the
    /// [`GitHubStandIn`] keeps.
    fn app(self, origin: &str) -> (axum::Router, (String, Arc<GitHubShared>)) {
        let shared = Arc::new(GitHubShared {
            token: self.token.clone(),
            api_root: format!("{origin}{}", self.prefix),
            prefix: self.prefix,
            paging: self.paging,
            page_cap: self.page_cap.max(1),
            workspace: Mutex::new(self.workspace),
            rules: self.rules,
            log: RequestLog::default(),
            requests: AtomicU64::new(0),
            window_reset: std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|now| now.as_secs())
                .unwrap_or_default()
                + 3600,
        });
        (router(shared.clone()), (self.token, shared))
    }
}

/// A running GitHub stand-in. Dropping it stops the server.
pub struct GitHubStandIn {
    running: Running,
    token: String,
    state: Arc<GitHubShared>,
}

impl std::fmt::Debug for GitHubStandIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GitHubStandIn")
            .field("origin", &self.running.origin)
            .field("tls", &self.running.certificates.is_some())
            .finish_non_exhaustive()
    }
}

impl GitHubStandIn {
    /// An empty stand-in to configure; see [`GitHubStandInBuilder`].
    pub fn builder() -> GitHubStandInBuilder {
        GitHubStandInBuilder::default()
    }

    /// The API root, `http://127.0.0.1:<port>` (or `https://`, and the
    /// [`api_prefix`](GitHubStandInBuilder::api_prefix) if any): the client's base URL, to
    /// which `/repos/...`, `/orgs/...` and `/enterprises/...` are joined.
    pub fn api_url(&self) -> String {
        self.state.api_root.clone()
    }

    /// `http://127.0.0.1:<port>` (or `https://`), without the API prefix.
    pub fn origin(&self) -> &str {
        &self.running.origin
    }

    /// The token the stand-in accepts.
    pub fn token(&self) -> &str {
        &self.token
    }

    /// The certificates to trust, when started with [`GitHubStandInBuilder::tls`].
    pub fn tls_certificates(&self) -> Option<&TlsCertificates> {
        self.running.certificates.as_ref()
    }

    /// Every request answered so far, in the order answered.
    pub fn requests(&self) -> Vec<LoggedRequest> {
        self.state.log.entries()
    }

    /// Forgets the requests logged so far.
    pub fn clear_requests(&self) {
        self.state.log.clear();
    }

    /// What the requests matching `route` got so far.
    pub fn count(&self, route: &Route) -> RouteCount {
        self.state.log.count(route)
    }

    /// How many requests matching `route` are being answered now, and the most at once.
    pub fn in_flight(&self, route: &Route) -> InFlight {
        self.state.log.in_flight(route)
    }

    /// How many requests matching `route` have arrived since the last
    /// [`clear_requests`](Self::clear_requests), answered or still in flight.
    pub fn arrived(&self, route: &Route) -> u64 {
        self.state.log.arrived(route)
    }

    /// Every alert as it is now (after PATCHes), in the order seeded.
    pub fn alerts(&self) -> Vec<Alert> {
        lock(&self.state.workspace).alerts.clone()
    }

    /// Alert `number` of `repository` (`owner/name`) as it is now.
    pub fn alert(&self, repository: &str, number: i64) -> Option<Alert> {
        lock(&self.state.workspace)
            .alert(repository, number)
            .cloned()
    }

    /// A copy of the workspace as it is now.
    pub fn workspace(&self) -> GitHubWorkspace {
        lock(&self.state.workspace).clone()
    }

    /// Changes the workspace while serving (e.g. a new alert between two polls).
    pub fn edit<R>(&self, change: impl FnOnce(&mut GitHubWorkspace) -> R) -> R {
        change(&mut lock(&self.state.workspace))
    }
}
