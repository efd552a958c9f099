//! Production use (issue 12): TLS with a private CA, a CONNECT proxy, one's own
//! `reqwest::Client`, timeouts from the environment, retries that survive a 429 storm and a
//! reset scan, the client-side rate limit, and bulk remediation. Every server here is real and
//! in-process on 127.0.0.1: the stand-in (over TLS with a certificate from its own throwaway
//! CA, for the storm with a 30 % share of 429s, for the budget with `Rule::over_budget`) and a
//! CONNECT proxy that records what passes through it.

mod bulk;
mod proxy;
mod proxy_env;
mod retries;
mod settings;
mod storm;
mod tls;

use std::sync::{Arc, Mutex};

use gitguardian_standin::StandIn;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use super::support::stand_in;

/// The stand-in served over TLS with a certificate from its own throwaway CA, for our key.
pub async fn tls_stand_in() -> StandIn {
    stand_in()
        .tls(true)
        .start()
        .await
        .expect("the TLS stand-in starts")
}

/// The CA a client must trust to reach `server`.
pub fn ca_of(server: &StandIn) -> String {
    let certificates = server.tls_certificates().expect("served over TLS");
    certificates.ca_pem.clone()
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
