//! The TLS crypto provider.
//!
//! reqwest is built with rustls but without a provider of its own (`rustls-no-provider`), so
//! that its default, aws-lc-rs, and the C build of aws-lc-sys stay out of the tree: `ring`
//! builds in a fraction of the time and with a C compiler only. reqwest uses the process-wide
//! default provider; this installs `ring` as that default unless the application installed
//! one first (an application that wants aws-lc-rs installs it before building a client).

/// Makes sure a process-wide rustls provider is installed before a client is built.
pub(crate) fn ensure_crypto_provider() {
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        // Another thread may install one in between: either way, one is installed.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
}
