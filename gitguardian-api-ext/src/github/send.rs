//! [`GitHub::send`] and [`GitHub::send_with_headers`]: one generated call in, this crate's
//! `Result` out, with GitHub's error answers as [`Error::GitHub`].

use std::future::Future;

use github_secret_scanning::{types, ResponseValue};
use serde::de::DeserializeOwned;

use super::GitHub;
use crate::call::send::scoped;
use crate::error::{map_error, Error, GitHubAnswers};

impl GitHub {
    /// Runs one request of the generated client and returns its value, mapping failures to
    /// [`Error`]: GitHub's answers become [`Error::GitHub`] with their
    /// [`GitHubErrorKind`](super::GitHubErrorKind), `message` and `documentation_url`; a
    /// failed connection [`Error::GitHubTransport`]; a body of the wrong shape
    /// [`Error::Decode`] with the JSON path. Rate limits have been retried by then, as the
    /// client's [`RetryPolicy`](crate::RetryPolicy) allows.
    ///
    /// Pass the future of exactly one operation built from [`raw`](Self::raw).
    ///
    /// # Errors
    ///
    /// [`Error::GitHub`], [`Error::GitHubTransport`], [`Error::Decode`],
    /// [`Error::InvalidInput`] (a request that could not be built: nothing was sent).
    ///
    /// ```no_run
    /// # async fn run(github: gitguardian_api_ext::github::GitHub) -> Result<(), gitguardian_api_ext::Error> {
    /// let alert = github
    ///     .send(github.raw().get_alert().owner("octo-org").repo("octo-repo").alert_number(42).send())
    ///     .await?;
    /// println!("{:?}", alert.state);
    /// # Ok(()) }
    /// ```
    pub async fn send<T, F>(&self, request: F) -> Result<T, Error>
    where
        T: DeserializeOwned,
        F: Future<Output = Result<ResponseValue<T>, github_secret_scanning::Error<types::Error>>>,
    {
        self.send_with_headers(request)
            .await
            .map(ResponseValue::into_inner)
    }

    /// Like [`send`](Self::send), keeping the status and headers of the answer (for the
    /// `Link` header that [`pages`](super::pages) follows, or `x-ratelimit-remaining`).
    ///
    /// # Errors
    ///
    /// As for [`send`](Self::send).
    ///
    /// ```no_run
    /// # async fn run(github: gitguardian_api_ext::github::GitHub) -> Result<(), gitguardian_api_ext::Error> {
    /// let request = github.raw().list_organization_alerts().org("octo-org");
    /// let page = github.send_with_headers(request.send()).await?;
    /// println!("{} alerts, next: {:?}", page.len(), page.headers().get("link"));
    /// # Ok(()) }
    /// ```
    pub async fn send_with_headers<T, F>(&self, request: F) -> Result<ResponseValue<T>, Error>
    where
        T: DeserializeOwned,
        F: Future<Output = Result<ResponseValue<T>, github_secret_scanning::Error<types::Error>>>,
    {
        scoped(request, map_error::<GitHubAnswers, T>).await
    }
}
