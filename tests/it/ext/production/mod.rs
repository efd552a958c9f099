//! Production use (issue 12): TLS with a private CA, a CONNECT proxy, one's own
//! `reqwest::Client`, timeouts from the environment, retries that survive a 429 storm and a
//! reset scan, the client-side rate limit, and bulk remediation. Every server here is real and
//! in-process on 127.0.0.1: a TLS server with a certificate from a throwaway CA, a CONNECT
//! proxy that records what passes through it, and the stand-in for the storm (a 30 % share of
//! 429s) and the budget (`Rule::over_budget`).

mod bulk;
mod proxy;
mod proxy_env;
mod retries;
mod settings;
mod storm;
mod tls;

use std::sync::{Arc, Mutex};

use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair, KeyUsagePurpose};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio_rustls::rustls::{crypto, ServerConfig};
use tokio_rustls::TlsAcceptor;

/// A throwaway CA and a server certificate it signed for `localhost` and `127.0.0.1`.
pub struct Pki {
    /// The CA certificate, PEM encoded: what a client must trust.
    pub ca_pem: String,
    server: Arc<ServerConfig>,
}

impl Pki {
    pub fn new() -> Pki {
        let ca_key = KeyPair::generate().expect("a CA key");
        let mut ca = CertificateParams::new(Vec::<String>::new()).expect("CA params");
        ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca.distinguished_name
            .push(DnType::CommonName, "gitguardian-tests throwaway CA");
        ca.key_usages = vec![
            KeyUsagePurpose::KeyCertSign,
            KeyUsagePurpose::CrlSign,
            KeyUsagePurpose::DigitalSignature,
        ];
        let ca_cert = ca.self_signed(&ca_key).expect("a self-signed CA");
        let issuer = Issuer::new(ca, ca_key);

        let leaf_key = KeyPair::generate().expect("a server key");
        let leaf = CertificateParams::new(vec!["localhost".to_string(), "127.0.0.1".to_string()])
            .expect("server params")
            .signed_by(&leaf_key, &issuer)
            .expect("a server certificate");
        let chain: Vec<CertificateDer<'static>> = vec![leaf.der().clone()];
        let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(leaf_key.serialize_der()));
        let provider = Arc::new(crypto::aws_lc_rs::default_provider());
        let server = ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .expect("TLS versions")
            .with_no_client_auth()
            .with_single_cert(chain, key)
            .expect("a server config");
        Pki {
            ca_pem: ca_cert.pem(),
            server: Arc::new(server),
        }
    }
}

/// An HTTPS server on 127.0.0.1 answering every request with `200` and `body`, one request
/// per connection. It records the request heads it read (after TLS).
pub struct TlsServer {
    pub port: u16,
    pub heads: Arc<Mutex<Vec<String>>>,
}

impl TlsServer {
    pub async fn start(pki: &Pki, body: &'static str) -> TlsServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let acceptor = TlsAcceptor::from(pki.server.clone());
        let heads = Arc::new(Mutex::new(Vec::new()));
        let log = heads.clone();
        tokio::spawn(async move {
            while let Ok((tcp, _)) = listener.accept().await {
                let acceptor = acceptor.clone();
                let log = log.clone();
                tokio::spawn(async move {
                    // A client that refuses the certificate ends the handshake: nothing to do.
                    let Ok(mut tls) = acceptor.accept(tcp).await else {
                        return;
                    };
                    let head = read_head(&mut tls).await;
                    log.lock().unwrap().push(head);
                    let response = format!(
                        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
                         Connection: close\r\n\r\n{body}",
                        body.len()
                    );
                    let _ = tls.write_all(response.as_bytes()).await;
                    let _ = tls.shutdown().await;
                });
            }
        });
        TlsServer { port, heads }
    }

    /// `https://localhost:<port>`.
    pub fn url(&self) -> String {
        format!("https://localhost:{}", self.port)
    }
}

/// Reads an HTTP head (up to the blank line) and returns it as text.
async fn read_head<S: AsyncReadExt + Unpin>(stream: &mut S) -> String {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 2048];
    while !buffer.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => break,
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
        }
    }
    String::from_utf8_lossy(&buffer).to_string()
}

/// A loopback HTTP proxy that serves `CONNECT` only, as corporate proxies do for https. It
/// records each `CONNECT` request line and every byte the client sent through it.
pub struct ConnectProxy {
    pub url: String,
    pub connects: Arc<Mutex<Vec<String>>>,
    pub client_bytes: Arc<Mutex<Vec<u8>>>,
}

impl ConnectProxy {
    pub async fn start() -> ConnectProxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let url = format!("http://{}", listener.local_addr().expect("addr"));
        let connects = Arc::new(Mutex::new(Vec::new()));
        let client_bytes = Arc::new(Mutex::new(Vec::new()));
        let (log, bytes) = (connects.clone(), client_bytes.clone());
        tokio::spawn(async move {
            while let Ok((mut client, _)) = listener.accept().await {
                let (log, bytes) = (log.clone(), bytes.clone());
                tokio::spawn(async move {
                    let head = read_head(&mut client).await;
                    bytes.lock().unwrap().extend_from_slice(head.as_bytes());
                    let line = head.lines().next().unwrap_or_default().to_string();
                    log.lock().unwrap().push(line.clone());
                    let mut parts = line.split_whitespace();
                    let (Some("CONNECT"), Some(target)) = (parts.next(), parts.next()) else {
                        let _ = client
                            .write_all(
                                b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n",
                            )
                            .await;
                        return;
                    };
                    let Ok(mut upstream) = TcpStream::connect(target).await else {
                        let _ = client.write_all(b"HTTP/1.1 502 Bad Gateway\r\n\r\n").await;
                        return;
                    };
                    let _ = client
                        .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
                        .await;
                    relay(client, &mut upstream, bytes).await;
                });
            }
        });
        ConnectProxy {
            url,
            connects,
            client_bytes,
        }
    }
}

/// Copies both ways until either side closes, recording the client's bytes.
async fn relay(client: TcpStream, upstream: &mut TcpStream, bytes: Arc<Mutex<Vec<u8>>>) {
    let (mut client_read, mut client_write) = client.into_split();
    let (mut upstream_read, mut upstream_write) = upstream.split();
    let up = async {
        let mut chunk = [0u8; 4096];
        loop {
            match client_read.read(&mut chunk).await {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    bytes.lock().unwrap().extend_from_slice(&chunk[..n]);
                    if upstream_write.write_all(&chunk[..n]).await.is_err() {
                        break;
                    }
                }
            }
        }
        let _ = upstream_write.shutdown().await;
    };
    let down = async {
        let _ = tokio::io::copy(&mut upstream_read, &mut client_write).await;
        let _ = client_write.shutdown().await;
    };
    tokio::join!(up, down);
}
