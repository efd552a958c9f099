//! Scan limits from `GET /v1/metadata`, read once per client and cached.
//!
//! The instance publishes how many documents one multiscan call takes, how large one
//! document may be and how large a request body may be. Self-hosted instances can change
//! them, so they are asked for rather than hard-coded; the documented SaaS values are the
//! fallback when an instance does not answer the question (older versions have no
//! `/v1/metadata`).

use gitguardian_api::types;
use tokio::sync::OnceCell;

use crate::{Error, GitGuardian};

/// Bytes kept free in every request body for what is not a document: the JSON array around
/// them and the HTTP framing (the margin ggshield keeps).
pub const PAYLOAD_MARGIN: u64 = 10_240;

/// The limits a scan must respect, as published by `GET /v1/metadata`.
///
/// ```
/// use gitguardian_api_ext::scan::ScanLimits;
///
/// let limits = ScanLimits::DEFAULT;
/// assert_eq!(limits.max_documents_per_request, 20);
/// assert_eq!(limits.max_document_size, 1_048_576);
/// assert_eq!(limits.payload_budget(), 26_214_400 - 10_240);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ScanLimits {
    /// Documents in one `POST /v1/multiscan` call
    /// (`secret_scan_preferences.maximum_documents_per_scan`).
    pub max_documents_per_request: usize,
    /// Bytes of one document's content, UTF-8 encoded
    /// (`secret_scan_preferences.maximum_document_size`).
    pub max_document_size: u64,
    /// Bytes of one request body (`preferences.general__maximum_payload_size`).
    pub max_payload_size: u64,
}

impl ScanLimits {
    /// The documented limits of GitGuardian SaaS: 20 documents of at most 1 MiB per request,
    /// 25 MiB per request body. Used when the instance does not publish its own.
    pub const DEFAULT: ScanLimits = ScanLimits {
        max_documents_per_request: 20,
        max_document_size: 1_048_576,
        max_payload_size: 26_214_400,
    };

    /// The bytes of JSON-encoded documents one request may carry: the payload limit minus
    /// [`PAYLOAD_MARGIN`].
    ///
    /// ```
    /// # use gitguardian_api_ext::scan::{ScanLimits, PAYLOAD_MARGIN};
    /// assert_eq!(ScanLimits::DEFAULT.payload_budget(), ScanLimits::DEFAULT.max_payload_size - PAYLOAD_MARGIN);
    /// ```
    pub fn payload_budget(&self) -> u64 {
        self.max_payload_size.saturating_sub(PAYLOAD_MARGIN)
    }

    /// The limits an instance published; a missing payload limit keeps the default.
    fn from_metadata(metadata: &types::Metadata) -> ScanLimits {
        let scan = &metadata.secret_scan_preferences;
        let max_payload_size = metadata
            .preferences
            .as_ref()
            .and_then(|p| p.general_maximum_payload_size)
            .map_or(Self::DEFAULT.max_payload_size, |size| size.get());
        ScanLimits {
            max_documents_per_request: usize::try_from(scan.maximum_documents_per_scan.get())
                .unwrap_or(usize::MAX),
            max_document_size: scan.maximum_document_size.get(),
            max_payload_size,
        }
    }
}

impl Default for ScanLimits {
    fn default() -> Self {
        ScanLimits::DEFAULT
    }
}

/// The scan limits of one client, fetched on first use and shared by its clones.
#[derive(Debug, Default)]
pub(crate) struct LimitsCache {
    limits: OnceCell<ScanLimits>,
}

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
    /// The scan limits of this instance: `GET /v1/metadata` (operation `retrieve_metadata`),
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
}

/// Sorts a failure of `GET /v1/metadata` into what the cache does with it.
fn classify(error: Error) -> Unavailable {
    match &error {
        Error::Unauthorized { .. } => Unavailable::Fatal(error),
        Error::RateLimited { .. }
        | Error::Maintenance { .. }
        | Error::Server { .. }
        | Error::Transport { .. } => Unavailable::Transient(error),
        _ => {
            tracing::debug!(%error, "this instance publishes no scan limits; using the defaults");
            Unavailable::Settled(ScanLimits::DEFAULT)
        }
    }
}
