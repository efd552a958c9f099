//! An in-process GitHub secret scanning API for tests: alerts of repositories, organizations
//! and an enterprise you seed, served with GitHub's semantics on 127.0.0.1.
//!
//! * The repository, organization and enterprise listings filter by `state`, `secret_type`
//!   (or `exclude_secret_types`), `resolution` and `validity`, sort by `created` or `updated`
//!   in either `direction`, and page by `before`/`after` cursors ([`GitHubPaging::Cursor`],
//!   as api.github.com) or by `page` ([`GitHubPaging::PageNumbers`], as Enterprise Server),
//!   announced in a `Link` header; organization and enterprise items carry `repository`.
//! * One alert, its `PATCH` (state, resolution, resolution comment: `422` when they do not
//!   fit together) and its locations (paged by `page`).
//! * `404` for unknown alerts, repositories and organizations, and for repositories whose
//!   secret scanning is off; `422` for a parameter GitHub refuses; `401 Bad credentials`
//!   without `Authorization: Bearer <token>` (or `token <token>`).
//! * Bodies are serialized with the generated client's types (`github_secret_scanning`), so
//!   their shape is the one clients parse.
//! * The crate's [`Rule`](crate::Rule)s inject faults, among them GitHub's primary rate limit
//!   ([`Fault::PrimaryRateLimit`](crate::Fault::PrimaryRateLimit)), secondary limits
//!   ([`Fault::SecondaryRateLimit`](crate::Fault::SecondaryRateLimit)) and `503`s; every
//!   request is in the [`LoggedRequest`](crate::LoggedRequest) log; HTTPS is one option away.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> std::io::Result<()> {
//! use gitguardian_standin::github::{sync_demo, AlertState, GitHubPaging, GitHubStandIn};
//! use gitguardian_standin::{Fault, Route, Rule};
//!
//! let (_gitguardian, alerts) = sync_demo();
//! let github = GitHubStandIn::builder()
//!     .workspace(alerts)
//!     .paging(GitHubPaging::PageNumbers)
//!     .fault(
//!         Rule::new(Route::get("/orgs/{org}/secret-scanning/alerts"))
//!             .answer(Fault::SecondaryRateLimit { status: 429, retry_after: 1 })
//!             .once(),
//!     )
//!     .start()
//!     .await?;
//! // Point a client at `github.api_url()` with `github.token()`, run your code, then:
//! let open = github.alerts().iter().filter(|a| a.state == AlertState::Open).count();
//! assert_eq!(open, 10);
//! assert!(github.requests().is_empty());
//! # Ok(())
//! # }
//! ```

mod alert;
mod alerts;
mod demo;
pub(crate) mod errors;
mod filters;
mod paging;
mod render;
mod routes;
mod server;
mod update;
mod workspace;

pub use alert::{Alert, AlertLocation, AlertState};
pub use demo::{sync_demo, SYNC_DEMO_DISABLED_REPOSITORY, SYNC_DEMO_ENTERPRISE};
pub use server::{
    GitHubPaging, GitHubStandIn, GitHubStandInBuilder, GITHUB_STANDIN_TOKEN, STANDIN_LOGIN,
};
pub use workspace::GitHubWorkspace;
