//! Binding, serving (plain HTTP or TLS) and stopping a server, whichever API it plays: the
//! GitGuardian stand-in and the GitHub one start and stop the same way.

use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

use axum::serve::ListenerExt;
use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::oneshot;

use crate::tls::{self, TlsCertificates, TlsListener};

/// A server being served: where it is, what to trust, and how to stop it. Dropping it stops
/// the server (and joins its thread, when it has one).
pub(crate) struct Running {
    /// `http://127.0.0.1:<port>` or `https://...`.
    pub origin: String,
    pub certificates: Option<TlsCertificates>,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The future serving a [`Running`] server until it is dropped.
pub(crate) type Serving = std::pin::Pin<Box<dyn Future<Output = ()> + Send + 'static>>;

/// Serves the router `app` makes (given the server's origin, with the state the caller keeps)
/// on `listener`, over TLS with a fresh certificate when `tls` is set. Must be called within a
/// tokio runtime (TLS handshakes run on it); the returned future does the serving.
pub(crate) fn serve<T>(
    listener: TcpListener,
    tls: bool,
    app: impl FnOnce(&str) -> (Router, T),
) -> std::io::Result<(Running, T, Serving)> {
    let address = listener.local_addr()?;
    let (certificates, config) = match tls {
        true => {
            let (certificates, config) = tls::make()?;
            (Some(certificates), Some(config))
        }
        false => (None, None),
    };
    let scheme = if tls { "https" } else { "http" };
    let origin = format!("{scheme}://{address}");
    let (app, kept) = app(&origin);
    let (stop, stopped) = oneshot::channel::<()>();
    let listening = match config {
        Some(config) => Listening::Tls(TlsListener::new(listener, config)?),
        None => Listening::Plain(listener),
    };
    let serve = async move {
        let serving = async move {
            let _ = match listening {
                Listening::Tls(tls) => axum::serve(tls, app).await,
                Listening::Plain(tcp) => {
                    // Small answers must not wait for delayed ACKs.
                    let tcp = tcp.tap_io(|stream| {
                        let _ = stream.set_nodelay(true);
                    });
                    axum::serve(tcp, app).await
                }
            };
        };
        tokio::select! {
            _ = serving => {}
            _ = stopped => {}
        }
    };
    let running = Running {
        origin,
        certificates,
        stop: Some(stop),
        thread: None,
    };
    Ok((running, kept, Box::pin(serve)))
}

/// Binds 127.0.0.1:`port` and serves on the current tokio runtime, as [`serve`] does.
pub(crate) async fn start<T>(
    port: u16,
    tls: bool,
    app: impl FnOnce(&str) -> (Router, T),
) -> std::io::Result<(Running, T)> {
    let listener = bind(port)?;
    let (running, kept, serving) = serve(listener, tls, app)?;
    tokio::spawn(serving);
    Ok((running, kept))
}

/// Like [`start`], but on a runtime and thread of its own (named after `name`), so that a
/// client that blocks its runtime cannot slow the server down. It may be called from within
/// another runtime, e.g. in a `#[tokio::test]`.
pub(crate) fn start_on_own_thread<T>(
    name: &str,
    port: u16,
    tls: bool,
    app: impl FnOnce(&str) -> (Router, T),
) -> std::io::Result<(Running, T)> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .thread_name(name)
        .enable_all()
        .build()?;
    // Entering (not blocking on) the runtime registers the listener with its reactor, and is
    // allowed where another runtime is running.
    let bound = {
        let _entered = runtime.enter();
        bind(port).and_then(|listener| serve(listener, tls, app))
    };
    let (mut running, kept, serving) = match bound {
        Ok(bound) => bound,
        Err(error) => {
            // Dropping a runtime where blocking is not allowed would panic.
            runtime.shutdown_background();
            return Err(error);
        }
    };
    running.thread = Some(
        std::thread::Builder::new()
            .name(format!("{name}-main"))
            .spawn(move || {
                runtime.block_on(serving);
                // Open keep-alive connections must not keep the process alive.
                runtime.shutdown_timeout(Duration::from_millis(500));
            })?,
    );
    Ok((running, kept))
}

/// Where connections come from.
enum Listening {
    Plain(TcpListener),
    Tls(TlsListener),
}

/// Listens on 127.0.0.1:`port` (0: any free one) with a receive buffer large enough for a
/// request body of several hundred kilobytes.
///
/// With Linux's default (128 KiB, grown on demand), about one 200 KB multiscan body in a
/// hundred stalled on loopback for one or two 40 ms delayed-ACK periods (most likely window
/// updates held back for loopback's 64 KiB segments), which made the bench's scan figures
/// swing by 10 %. Accepted connections inherit the listener's buffer.
fn bind(port: u16) -> std::io::Result<TcpListener> {
    let socket = tokio::net::TcpSocket::new_v4()?;
    // As `std::net::TcpListener::bind` does: a port given again binds despite TIME_WAIT.
    #[cfg(unix)]
    socket.set_reuseaddr(true)?;
    // Only a help: a system that grants less (or refuses) still serves.
    let _ = socket.set_recv_buffer_size(RECEIVE_BUFFER);
    socket.bind(SocketAddr::from(([127, 0, 0, 1], port)))?;
    socket.listen(1024)
}

/// Bytes asked for the receive buffer of every connection (the kernel may grant less).
const RECEIVE_BUFFER: u32 = 2 << 20;
