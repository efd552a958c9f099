//! `send` and `send_with_headers`: one generated call in, this crate's `Result` out.

use std::future::Future;

use gitguardian_openapi::{types, ResponseValue};
use serde::de::DeserializeOwned;

use super::record::{CallRecord, CallSlot};
use crate::error::{map_error, Error, GitGuardianAnswers, Mapped};
use crate::GitGuardian;

impl GitGuardian {
    /// Runs one request of the generated client and returns its value, mapping failures to
    /// [`Error`] (with the status, `X-Request-ID` and `Retry-After` of the final answer, and
    /// the JSON path where decoding failed).
    ///
    /// Pass the future of exactly one generated operation built from
    /// [`raw`](Self::raw), as in `client.send(client.raw().op().send())`.
    ///
    /// # Errors
    ///
    /// Any [`Error`] variant but [`Error::InvalidConfig`].
    ///
    /// ```no_run
    /// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
    /// let member = client.send(client.raw().retrieve_member().member_id(42).send()).await?;
    /// println!("{}", member.email);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn send<T, F>(&self, request: F) -> Result<T, Error>
    where
        T: DeserializeOwned,
        F: Future<Output = Result<ResponseValue<T>, gitguardian_openapi::Error<types::Error>>>,
    {
        self.send_with_headers(request)
            .await
            .map(ResponseValue::into_inner)
    }

    /// Like [`send`](Self::send), keeping the status and headers of the answer (for
    /// `Link`, `X-Request-ID`, `X-App-Version` and the like).
    ///
    /// # Errors
    ///
    /// As for [`send`](Self::send).
    ///
    /// ```no_run
    /// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
    /// let page = client.send_with_headers(client.raw().list_members().send()).await?;
    /// let next = page.headers().get("link");
    /// println!("{} members, next page: {next:?}", page.len());
    /// # Ok(())
    /// # }
    /// ```
    pub async fn send_with_headers<T, F>(&self, request: F) -> Result<ResponseValue<T>, Error>
    where
        T: DeserializeOwned,
        F: Future<Output = Result<ResponseValue<T>, gitguardian_openapi::Error<types::Error>>>,
    {
        scoped(request, map_error::<GitGuardianAnswers, T>).await
    }
}

/// Runs one generated call with a record of its final answer, and turns a failure into this
/// crate's [`Error`] with `map` (each API reads its own error bodies): the body of both
/// clients' `send_with_headers`.
pub(crate) async fn scoped<T, E, F, M, MF>(request: F, map: M) -> Result<ResponseValue<T>, Error>
where
    F: Future<Output = Result<ResponseValue<T>, progenitor_client::Error<E>>>,
    M: FnOnce(progenitor_client::Error<E>, Option<CallRecord>) -> MF,
    MF: Future<Output = Mapped<T>>,
{
    let slot = CallSlot::default();
    match slot.scope(request).await {
        Ok(value) => Ok(value),
        Err(error) => match map(error, slot.take()).await {
            Mapped::Value(value, status, headers) => Ok(ResponseValue::new(value, status, headers)),
            Mapped::Error(error) => Err(error),
        },
    }
}
