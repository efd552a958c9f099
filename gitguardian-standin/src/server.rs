//! Starting, configuring, inspecting and stopping a stand-in.

use std::sync::Arc;

use crate::fault::{Fault, Route, Rule};
use crate::log::{Counters, InFlight, LoggedRequest, RouteCount};
use crate::page::Paging;
use crate::routes::scan::{PlantedSecret, ScanLimits, ScanSettings};
use crate::routes::{lock, router, DateBounds, Listing, Shared};
use crate::serve::{self, Running};
use crate::tls::TlsCertificates;
use crate::workspace::{Incident, Workspace};

/// The key a stand-in accepts unless told otherwise. Not a secret: it opens nothing but the
/// stand-in.
pub const STAND_IN_KEY: &str = "standin-demo-key-not-a-secret";

/// The id of the API token behind the key, as resolve, ignore and notes record it.
pub const STAND_IN_TOKEN_ID: &str = "b7e2c9d4-1f3a-4c5b-8d6e-00000000a11d";

/// A wrong origin for `Link` URLs, as some self-hosted instances send: a client must take
/// only the `cursor` from them.
pub const WRONG_LINK_ORIGIN: &str = "http://localhost/exposed";

/// How a stand-in will behave; made by [`StandIn::builder`] or [`StandIn::demo`].
#[derive(Clone, Debug)]
pub struct StandInBuilder {
    api_key: String,
    workspace: Workspace,
    page_cap: usize,
    link_origin: Option<String>,
    listing: Listing,
    rules: Vec<Rule>,
    scan: ScanSettings,
    tls: bool,
    port: u16,
    keep_bodies: bool,
}

impl Default for StandInBuilder {
    fn default() -> StandInBuilder {
        StandInBuilder {
            api_key: STAND_IN_KEY.into(),
            workspace: Workspace::default(),
            page_cap: 100,
            link_origin: None,
            listing: Listing::default(),
            rules: Vec::new(),
            scan: ScanSettings::default(),
            tls: false,
            port: 0,
            keep_bodies: true,
        }
    }
}

impl StandInBuilder {
    /// The key clients must send (`Authorization: Token <key>`); others get `401`.
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.api_key = key.into();
        self
    }

    /// The records served (empty by default).
    pub fn workspace(mut self, workspace: Workspace) -> Self {
        self.workspace = workspace;
        self
    }

    /// Most items on one page, whatever `per_page` asks (default 100, the API's maximum).
    pub fn page_cap(mut self, cap: usize) -> Self {
        self.page_cap = cap;
        self
    }

    /// The origin written in `Link` URLs instead of the stand-in's own, e.g.
    /// [`WRONG_LINK_ORIGIN`].
    pub fn link_origin(mut self, origin: impl Into<String>) -> Self {
        self.link_origin = Some(origin.into());
        self
    }

    /// Whether `date_before` / `date_after` include items dated exactly on them (default
    /// [`DateBounds::Inclusive`]); applies to incidents, occurrences and audit logs.
    pub fn date_bounds(mut self, bounds: DateBounds) -> Self {
        self.listing.date_bounds = bounds;
        self
    }

    /// Serves audit logs oldest first instead of newest first, as some instances do (the list
    /// takes no `ordering` to ask).
    pub fn audit_logs_oldest_first(mut self, oldest_first: bool) -> Self {
        self.listing.audit_logs_oldest_first = oldest_first;
        self
    }

    /// Adds a fault rule; rules are checked in the order added.
    pub fn fault(mut self, rule: Rule) -> Self {
        self.rules.push(rule);
        self
    }

    /// Makes scans report `secret` as found by `detector` wherever a document holds it.
    pub fn plant_secret(mut self, secret: impl Into<String>, detector: impl Into<String>) -> Self {
        self.scan.planted.push(PlantedSecret {
            secret: secret.into(),
            detector: detector.into(),
        });
        self
    }

    /// The limits `GET /v1/metadata` announces and `/v1/scan` and `/v1/multiscan` enforce
    /// (default [`ScanLimits::SAAS`]), to play a self-hosted instance with its own, or to
    /// make a client pack small requests from few documents.
    pub fn scan_limits(mut self, limits: ScanLimits) -> Self {
        self.scan.limits = limits;
        self
    }

    /// Scan requests allowed before `403 Quota limit reached.` (unlimited by default).
    pub fn scan_quota(mut self, requests: u64) -> Self {
        self.scan.quota = Some(requests);
        self
    }

    /// Serves HTTPS with a certificate made at start; see [`StandIn::tls_certificates`].
    pub fn tls(mut self, tls: bool) -> Self {
        self.tls = tls;
        self
    }

    /// The port on 127.0.0.1 (default 0: any free port).
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// Whether the log keeps request bodies (default yes; large scans may not want it).
    pub fn keep_bodies(mut self, keep: bool) -> Self {
        self.keep_bodies = keep;
        self
    }

    /// Binds 127.0.0.1 and serves on the current tokio runtime until the [`StandIn`] is
    /// dropped.
    pub async fn start(self) -> std::io::Result<StandIn> {
        let (port, tls) = (self.port, self.tls);
        let (running, (api_key, state)) =
            serve::start(port, tls, |origin| self.app(origin)).await?;
        Ok(StandIn {
            running,
            api_key,
            state,
        })
    }

    /// Like [`start`](Self::start), but on a runtime and thread of its own, so that a client
    /// that blocks its runtime (or a benchmark loading it) cannot slow the stand-in down.
    /// It may be called from within another runtime, e.g. in a `#[tokio::test]`.
    pub fn start_on_own_thread(self) -> std::io::Result<StandIn> {
        let (port, tls) = (self.port, self.tls);
        let (running, (api_key, state)) =
            serve::start_on_own_thread("gitguardian-standin", port, tls, |origin| {
                self.app(origin)
            })?;
        Ok(StandIn {
            running,
            api_key,
            state,
        })
    }

    /// The router serving this configuration at `origin`, and the key and state the
    /// [`StandIn`] keeps to inspect it.
    fn app(self, origin: &str) -> (axum::Router, (String, Arc<Shared>)) {
        let shared = Arc::new(Shared::new(
            self.api_key.clone(),
            origin.to_string(),
            Paging {
                cap: self.page_cap,
                link_origin: self.link_origin.unwrap_or_else(|| origin.to_string()),
            },
            self.listing,
            self.workspace,
            self.rules,
            self.scan,
            self.keep_bodies,
        ));
        (router(shared.clone()), (self.api_key, shared))
    }
}

/// A running stand-in. Dropping it stops the server.
pub struct StandIn {
    running: Running,
    api_key: String,
    state: Arc<Shared>,
}

impl std::fmt::Debug for StandIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StandIn")
            .field("origin", &self.running.origin)
            .field("tls", &self.running.certificates.is_some())
            .finish_non_exhaustive()
    }
}

impl StandIn {
    /// An empty stand-in to configure; see [`StandInBuilder`].
    pub fn builder() -> StandInBuilder {
        StandInBuilder::default()
    }

    /// The demo preset: the [`Workspace::demo`] incidents and members, pages of at most 10
    /// items, `Link` URLs on the wrong host ([`WRONG_LINK_ORIGIN`]), and the first request
    /// for a later page of incidents answered `429` with `Retry-After: 1`, once.
    pub fn demo() -> StandInBuilder {
        StandIn::builder()
            .workspace(Workspace::demo())
            .page_cap(10)
            .link_origin(WRONG_LINK_ORIGIN)
            .fault(
                Rule::new(Route::get("/v1/incidents/secrets").with_param("cursor"))
                    .answer(Fault::TooManyRequests {
                        retry_after: Some(1),
                    })
                    .once(),
            )
    }

    /// `http://127.0.0.1:<port>` (or `https://`).
    pub fn origin(&self) -> &str {
        &self.running.origin
    }

    /// `http://127.0.0.1:<port>/v1`: give it to the client as its API URL.
    pub fn api_url(&self) -> String {
        format!("{}/v1", self.running.origin)
    }

    /// The key the stand-in accepts.
    pub fn api_key(&self) -> &str {
        &self.api_key
    }

    /// The certificates to trust, when started with [`StandInBuilder::tls`].
    pub fn tls_certificates(&self) -> Option<&TlsCertificates> {
        self.running.certificates.as_ref()
    }

    /// Every request answered so far, in the order answered (a request is logged when its
    /// answer is ready, so requests answered out of turn show it).
    pub fn requests(&self) -> Vec<LoggedRequest> {
        self.state.log.entries()
    }

    /// Forgets the requests logged so far (counters are kept).
    pub fn clear_requests(&self) {
        self.state.log.clear();
    }

    /// Request counts for the whole server.
    pub fn counters(&self) -> Counters {
        *lock(&self.state.counters)
    }

    /// What the requests matching `route` got so far, e.g. the `429`s of
    /// `Route::get("/v1/members")`.
    pub fn count(&self, route: &Route) -> RouteCount {
        self.state.log.count(route)
    }

    /// How many requests matching `route` are being answered now, and the most at once: a
    /// client's concurrency, as the server sees it. See [`InFlight`].
    pub fn in_flight(&self, route: &Route) -> InFlight {
        self.state.log.in_flight(route)
    }

    /// How many requests matching `route` have arrived since the last
    /// [`clear_requests`](Self::clear_requests), answered or still in flight: what a client
    /// has asked for so far, even while answers are held.
    pub fn arrived(&self, route: &Route) -> u64 {
        self.state.log.arrived(route)
    }

    /// A copy of the workspace as it is now.
    pub fn workspace(&self) -> Workspace {
        self.state.workspace().clone()
    }

    /// The incident with this id as it is now.
    pub fn incident(&self, id: i64) -> Option<Incident> {
        self.state.workspace().incident(id).cloned()
    }

    /// Changes the workspace while serving (e.g. a new incident between two polls).
    pub fn edit<R>(&self, change: impl FnOnce(&mut Workspace) -> R) -> R {
        change(&mut self.state.workspace())
    }
}
