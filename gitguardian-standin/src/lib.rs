//! An in-process GitGuardian API for tests: a small axum server on 127.0.0.1 with an
//! in-memory workspace you seed, serving the main flows with the real API's semantics.
//!
//! * Lists filter and order like the API, paginate by cursor and announce the next page in a
//!   `Link` header (optionally naming a wrong host, as some self-hosted instances do).
//! * Assign, unassign, resolve, ignore, reopen, share and unshare change the incidents; notes
//!   are created, edited and deleted; every change is added to the audit log.
//! * `/v1/scan` and `/v1/multiscan` enforce the `/v1/metadata` limits (the SaaS ones, or
//!   yours: [`ScanLimits`]), spend a quota and report the secrets you planted.
//! * A wrong key gets `401`; [`Rule`]s inject `429` (with or without `Retry-After`), `503`
//!   maintenance, `502` HTML, connection resets and latency, per route and rate, or past a
//!   request budget as the API's rate limit does ([`Rule::over_budget`]); a rule may pick
//!   requests by what their body holds ([`Rule::with_body_containing`]).
//! * Every request is logged for assertions, in the order answered, with how many of a route
//!   were in flight at once ([`StandIn::in_flight`]); [`Fault::HoldUntil`] holds requests
//!   until others arrive or are answered, and [`Fault::HoldBodyUntil`] holds the rest of an
//!   answer's body the same way (a page finished only once the next one is asked for), to
//!   test ordering, concurrency and pipelining without timing.
//!   HTTPS is one option away.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> std::io::Result<()> {
//! use gitguardian_standin::{StandIn, Status, Workspace};
//!
//! let stand_in = StandIn::builder()
//!     .workspace(Workspace::generated(250))
//!     .start()
//!     .await?;
//! // Point your client at `stand_in.api_url()` with `stand_in.api_key()`, run your code, then:
//! let open = stand_in.workspace().with_status(Status::Triggered).count();
//! assert!(open > 0);
//! assert!(stand_in.requests().is_empty());
//! # Ok(())
//! # }
//! ```
//!
//! `cargo run -p gitguardian-standin -- --port 8080` serves the same from a terminal.
//!
//! [`github`] is the GitHub counterpart: secret scanning alerts with GitHub's pagination,
//! errors and rate limits, on the same fault rules, request log and TLS.

mod fault;
mod gate;
pub mod github;
mod log;
mod page;
mod routes;
mod serve;
mod server;
mod tls;
mod workspace;

pub use fault::{Fault, Route, Rule, Until, HOLD_CAP};
pub use log::{Counters, InFlight, LoggedRequest, RouteCount};
pub use page::page_cursor;
pub use routes::scan::{PlantedSecret, ScanLimits};
pub use routes::DateBounds;
pub use server::{StandIn, StandInBuilder, STAND_IN_KEY, STAND_IN_TOKEN_ID, WRONG_LINK_ORIGIN};
pub use tls::TlsCertificates;
pub use workspace::{
    AuditEvent, Detector, Generate, Honeytoken, Incident, Member, Note, Occurrence, Status, Team,
    Workspace, FIRST_INCIDENT_ID, FIRST_MEMBER_ID,
};
