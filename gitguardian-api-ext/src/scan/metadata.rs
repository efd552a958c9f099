//! Scan limits from `GET /v1/metadata`, read once per client and cached.
//!
//! Self-hosted instances can change the limits, so they are asked for rather than
//! hard-coded; the documented SaaS values are the fallback when an instance does not answer
//! the question (older versions have no `/v1/metadata`).

use super::limits::ScanLimits;
use crate::{Error, GitGuardian};

/// Why the metadata could not be used, once the cache has had its say.
enum Unavailable {
    /// The answer will not change: the cache keeps the defaults.
    Settled(ScanLimits),
    /// A failure that may pass (network, 5xx, rate limit): defaults for now, ask again later.
    Transient(Error),
    /// A failure the caller must see (a wrong key).
    Fatal(Error),
}

impl GitGuardian {
    /// The scan limits of this instance: `GET /v1/metadata` (operation `retrieve-metadata`),
    /// asked once per client and cached (clones share the cache).
    ///
    /// When the instance has no usable metadata (`404` on older versions, an answer that does
    /// not decode, a network failure), the documented defaults ([`ScanLimits::DEFAULT`]) are
    /// used and the reason is logged at debug level. Transient failures are not cached: the
    /// next call asks again.
    ///
    /// # Errors
    ///
    /// [`Error::Unauthorized`] when the API key is refused.
    ///
    /// ```no_run
    /// # async fn run(client: gitguardian_api_ext::GitGuardian) -> Result<(), gitguardian_api_ext::Error> {
    /// let limits = client.scan_limits().await?;
    /// println!("{} documents per request", limits.max_documents_per_request);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn scan_limits(&self) -> Result<ScanLimits, Error> {
        let cached = self
            .scan_limits
            .limits
            .get_or_try_init(|| async {
                match self.send(self.raw().retrieve_metadata().send()).await {
                    Ok(metadata) => Ok(ScanLimits::from_metadata(&metadata)),
                    Err(error) => Err(classify(error)),
                }
            })
            .await;
        match cached {
            Ok(limits) => Ok(*limits),
            Err(Unavailable::Settled(limits)) => {
                // Another caller may have settled the cache meanwhile; either way the same.
                let _ = self.scan_limits.limits.set(limits);
                Ok(limits)
            }
            Err(Unavailable::Transient(error)) => {
                tracing::debug!(%error, "scan limits unavailable for now; using the defaults");
                Ok(ScanLimits::DEFAULT)
            }
            Err(Unavailable::Fatal(error)) => Err(error),
        }
    }

    /// The scan limits, if this client has them already.
    pub(super) fn cached_scan_limits(&self) -> Option<ScanLimits> {
        self.scan_limits.limits.get().copied()
    }
}

/// Sorts a failure of `GET /v1/metadata` into what the cache does with it.
fn classify(error: Error) -> Unavailable {
    if matches!(error, Error::Unauthorized { .. }) {
        Unavailable::Fatal(error)
    } else if error.is_transient() {
        Unavailable::Transient(error)
    } else {
        tracing::debug!(%error, "this instance publishes no scan limits; using the defaults");
        Unavailable::Settled(ScanLimits::DEFAULT)
    }
}
