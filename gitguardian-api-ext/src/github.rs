//! GitHub's secret scanning alerts, through the same call machinery as GitGuardian.
//!
//! [`GitHub`] wraps the generated [`github_secret_scanning::Client`] with what GitHub needs:
//! `Authorization: Bearer <token>`, `X-GitHub-Api-Version: 2022-11-28`, a base URL for
//! api.github.com or a GitHub Enterprise Server host (`https://HOST/api/v3`), and the retry
//! loop of [`crate::RetryPolicy`], which reads GitHub's rate limits (429, and 403 with
//! `x-ratelimit-remaining: 0` until `x-ratelimit-reset`, or with `Retry-After`) from the same
//! classification table as GitGuardian's. Lists page by the `Link` header ([`link`]), with a
//! resume point ([`NextPage`]) after every page.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use gitguardian_api_ext::github::GitHub;
//! let github = GitHub::builder().token(std::env::var("GITHUB_TOKEN")?).build()?;
//! let alerts = github
//!     .raw()
//!     .list_repository_alerts()
//!     .owner("octo-org")
//!     .repo("octo-repo")
//!     .send()
//!     .await?;
//! println!("{} alerts", alerts.len());
//! # Ok(()) }
//! ```

mod builder;
pub mod link;
mod pages;
mod send;
pub mod sync;

pub use crate::error::{GitHubError, GitHubErrorKind};
pub use builder::{GitHubBuilder, API_VERSION, DEFAULT_BASE_URL};
pub use link::NextPage;
pub use pages::{pages, AtPage, GitHubPage};

/// A GitHub secret scanning client: the generated operations, sent through the retry loop.
#[derive(Clone)]
pub struct GitHub {
    raw: github_secret_scanning::Client,
}

impl GitHub {
    /// A builder: set a token, optionally a GHES host or another base URL.
    pub fn builder() -> GitHubBuilder {
        GitHubBuilder::default()
    }

    /// The generated operations (auth, version header and retries included).
    pub fn raw(&self) -> &github_secret_scanning::Client {
        &self.raw
    }

    /// The API root every path is joined to, e.g. `https://api.github.com`.
    pub fn base_url(&self) -> &str {
        github_secret_scanning::ClientInfo::baseurl(&self.raw)
    }
}

impl std::fmt::Debug for GitHub {
    // The token lives in the transport's default headers and is never printed.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GitHub")
            .field("base_url", &self.base_url())
            .finish_non_exhaustive()
    }
}
