//! Optional HTTPS: a throwaway certificate authority made at start, a server certificate it
//! signs for `127.0.0.1` and `localhost`, and a listener that completes TLS handshakes
//! without making other connections wait.

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, KeyPair};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio::net::TcpListener;
use tokio::sync::mpsc;
use tokio_rustls::server::TlsStream;
use tokio_rustls::TlsAcceptor;

/// How long a client may take to finish its handshake.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// The certificates of a TLS stand-in, for a client to trust.
#[derive(Clone, Debug)]
pub struct TlsCertificates {
    /// The stand-in's own certificate authority, PEM: add it to the client's trusted roots.
    pub ca_pem: String,
    /// The server certificate (for `127.0.0.1`, `::1` and `localhost`), PEM.
    pub cert_pem: String,
}

/// A fresh authority and server certificate, and the rustls configuration serving it.
pub(crate) fn make() -> io::Result<(TlsCertificates, Arc<rustls::ServerConfig>)> {
    let error = |e: rcgen::Error| io::Error::other(format!("stand-in TLS certificate: {e}"));
    let ca_key = KeyPair::generate().map_err(error)?;
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).map_err(error)?;
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(DnType::CommonName, "gitguardian-standin test CA");
    let ca = rcgen::CertifiedIssuer::self_signed(ca_params, ca_key).map_err(error)?;

    let key = KeyPair::generate().map_err(error)?;
    let mut params = CertificateParams::new(vec![
        "127.0.0.1".to_string(),
        "::1".to_string(),
        "localhost".to_string(),
    ])
    .map_err(error)?;
    params
        .distinguished_name
        .push(DnType::CommonName, "gitguardian-standin");
    let cert = params.signed_by(&key, &ca).map_err(error)?;

    let chain = vec![CertificateDer::from(cert.der().to_vec())];
    let private = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .map_err(io::Error::other)?
    .with_no_client_auth()
    .with_single_cert(chain, private)
    .map_err(io::Error::other)?;
    let certificates = TlsCertificates {
        ca_pem: ca.pem(),
        cert_pem: cert.pem(),
    };
    Ok((certificates, Arc::new(config)))
}

/// Accepts TCP connections and hands on those whose handshake succeeded.
pub(crate) struct TlsListener {
    ready: mpsc::Receiver<(TlsStream<tokio::net::TcpStream>, SocketAddr)>,
    local: SocketAddr,
}

impl TlsListener {
    /// Starts accepting on `listener`; must be called within a tokio runtime.
    pub fn new(
        listener: TcpListener,
        config: Arc<rustls::ServerConfig>,
    ) -> io::Result<TlsListener> {
        let local = listener.local_addr()?;
        let acceptor = TlsAcceptor::from(config);
        let (sender, ready) = mpsc::channel(64);
        tokio::spawn(async move {
            loop {
                let Ok((tcp, peer)) = listener.accept().await else {
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    continue;
                };
                let _ = tcp.set_nodelay(true);
                let (acceptor, ready) = (acceptor.clone(), sender.clone());
                tokio::spawn(async move {
                    // A failed or slow handshake only loses its own connection.
                    if let Ok(Ok(tls)) =
                        tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(tcp)).await
                    {
                        let _ = ready.send((tls, peer)).await;
                    }
                });
                if sender.is_closed() {
                    return;
                }
            }
        });
        Ok(TlsListener { ready, local })
    }
}

impl axum::serve::Listener for TlsListener {
    type Io = TlsStream<tokio::net::TcpStream>;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        match self.ready.recv().await {
            Some(connection) => connection,
            // The accepting task ended: no connection will ever come.
            None => std::future::pending().await,
        }
    }

    fn local_addr(&self) -> io::Result<SocketAddr> {
        Ok(self.local)
    }
}
