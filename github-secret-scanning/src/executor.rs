//! The seam through which requests of the generated client are executed.
//!
//! Progenitor lets a client customise how requests run by implementing
//! `progenitor_client::ClientHooks` for the generated `Client`. Because of the orphan rule only
//! this crate can write that impl, so it delegates to an [`Executor`] stored in the client: by
//! default a plain `reqwest::Client::execute`, and in `gitguardian-api-ext` the retry and
//! error-capturing policy. Middleware crates such as reqwest-middleware cannot wrap the
//! generated code, which talks to a plain `reqwest::Client`.

use progenitor_client::{ClientHooks, ClientInfo, OperationInfo};
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// The future an [`Execute`] implementation returns.
pub type ExecuteFuture<'a> =
    Pin<Box<dyn Future<Output = reqwest::Result<reqwest::Response>> + Send + 'a>>;

/// Runs one request of a generated operation.
///
/// Implementations must eventually call `client.execute(request)` (possibly several times, on
/// clones of the request) and return the response the generated code should decode.
pub trait Execute: Send + Sync + 'static {
    /// Sends `request` with `client`; `info` names the operation (its spec `operationId`).
    fn execute<'a>(
        &'a self,
        client: &'a reqwest::Client,
        request: reqwest::Request,
        info: &'a OperationInfo,
    ) -> ExecuteFuture<'a>;
}

/// How a [`Client`](crate::Client) executes requests. The default sends each request once.
#[derive(Clone, Default)]
pub struct Executor(Option<Arc<dyn Execute>>);

impl Executor {
    /// An executor that delegates every request to `execute`.
    pub fn new(execute: impl Execute) -> Self {
        Executor(Some(Arc::new(execute)))
    }

    async fn run(
        &self,
        client: &reqwest::Client,
        request: reqwest::Request,
        info: &OperationInfo,
    ) -> reqwest::Result<reqwest::Response> {
        match &self.0 {
            Some(execute) => execute.execute(client, request, info).await,
            None => client.execute(request).await,
        }
    }
}

impl fmt::Debug for Executor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.0 {
            Some(_) => "Executor(custom)",
            None => "Executor(plain)",
        })
    }
}

impl ClientHooks<Executor> for crate::Client {
    async fn exec(
        &self,
        request: reqwest::Request,
        info: &OperationInfo,
    ) -> reqwest::Result<reqwest::Response> {
        self.inner().run(self.client(), request, info).await
    }
}
