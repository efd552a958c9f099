//! Scan limits as `GET /v1/metadata` publishes them, and the per-client cache that holds
//! them (filled by [`metadata`](super::metadata)).
//!
//! The instance publishes how many documents one multiscan call takes, how large one
//! document may be and how large a request body may be. Self-hosted instances can change
//! them, so they are asked for rather than hard-coded; the documented SaaS values are the
//! fallback when an instance does not answer the question (older versions have no
//! `/v1/metadata`).

use gitguardian_openapi::types;
use tokio::sync::OnceCell;

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
    pub(super) fn from_metadata(metadata: &types::Metadata) -> ScanLimits {
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
    pub(super) limits: OnceCell<ScanLimits>,
}
