//! One window per database. The window listens on a Unix socket named after its database;
//! a second start for the same database hands its file (or a request to come forward) to that
//! window and exits, instead of opening the database a second time.
//!
//! The protocol is one line each way: the starting process sends `open\t<absolute path>` or
//! `focus`, the window answers `ok` once the request is queued for its next frame. Where there
//! are no Unix sockets (Windows), every start opens its own window.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::mpsc::{Receiver, TryRecvError};
use std::sync::{Arc, Mutex};

/// What a second start asks of the running window.
#[derive(Clone, Debug, PartialEq)]
pub enum Request {
    /// Open this file in the review, as File → Open does.
    Open(PathBuf),
    /// Come to the front.
    Focus,
}

impl Request {
    fn to_line(&self) -> Option<String> {
        match self {
            // A path with a line break cannot travel in one line; such a start opens normally.
            Request::Open(p) => {
                let p = p.to_str()?;
                (!p.contains('\n')).then(|| format!("open\t{p}\n"))
            }
            Request::Focus => Some("focus\n".to_owned()),
        }
    }

    fn from_line(line: &str) -> Option<Request> {
        let line = line.strip_suffix('\n').unwrap_or(line);
        match line.split_once('\t') {
            Some(("open", path)) if !path.is_empty() => Some(Request::Open(path.into())),
            None if line == "focus" => Some(Request::Focus),
            _ => None,
        }
    }
}

/// The folder for the sockets: a private `framework-planner` folder in the user's runtime
/// folder (`$XDG_RUNTIME_DIR`), else in the temporary folder, named for the user.
pub fn runtime_dir() -> PathBuf {
    match std::env::var_os("XDG_RUNTIME_DIR").filter(|d| !d.is_empty()) {
        Some(d) => PathBuf::from(d).join("framework-planner"),
        None => {
            let user = std::env::var("USER").unwrap_or_default();
            std::env::temp_dir().join(format!("framework-planner-{user}"))
        }
    }
}

/// The socket of the window that has `db` open: the same database by any path gives the same
/// name (a hash of its canonical path, short enough for the socket path limit).
pub fn socket_path(dir: &Path, db: &Path) -> PathBuf {
    use sha2::{Digest, Sha256};
    use std::fmt::Write;
    let db = std::fs::canonicalize(db)
        .or_else(|_| std::path::absolute(db))
        .unwrap_or_else(|_| db.to_path_buf());
    let hash = Sha256::digest(db.as_os_str().as_encoded_bytes());
    let name = hash[..8].iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    });
    dir.join(format!("{name}.sock"))
}

/// Sends `request` to the window that has `db` open. `Ok(true)`: a window took it;
/// `Ok(false)`: no window has the database open (or it cannot be reached).
pub fn hand_over(dir: &Path, db: &Path, request: &Request) -> io::Result<bool> {
    imp::hand_over(&socket_path(dir, db), request)
}

/// The running window's end: requests arrive on a thread and wait here for the next frame.
pub struct Listener {
    requests: Receiver<Request>,
    /// The window's context, known from the first frame on, to wake it when a request comes.
    ctx: Arc<Mutex<Option<egui::Context>>>,
    #[cfg_attr(not(unix), allow(dead_code))]
    socket: PathBuf,
    /// Tells the listening thread to end when the window closes.
    #[cfg_attr(not(unix), allow(dead_code))]
    stop: Arc<AtomicBool>,
}

impl Listener {
    /// Listens for starts that name `db`. A socket left by a window that crashed is replaced.
    pub fn bind(dir: &Path, db: &Path) -> io::Result<Listener> {
        imp::bind(dir, socket_path(dir, db))
    }

    /// The requests that arrived since the last frame.
    pub fn poll(&self, ctx: &egui::Context) -> Vec<Request> {
        if let Ok(mut c) = self.ctx.lock()
            && c.is_none()
        {
            *c = Some(ctx.clone());
        }
        let mut out = Vec::new();
        loop {
            match self.requests.try_recv() {
                Ok(r) => out.push(r),
                Err(TryRecvError::Empty | TryRecvError::Disconnected) => return out,
            }
        }
    }
}

#[cfg(unix)]
mod imp {
    use std::io::{self, BufRead, BufReader, Read, Write};
    use std::os::unix::fs::DirBuilderExt;
    use std::os::unix::net::{UnixListener, UnixStream};
    use std::path::{Path, PathBuf};
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::mpsc::Sender;
    use std::sync::{Arc, Mutex};
    use std::time::Duration;

    use super::{Listener, Request};

    /// How long a start waits for the window's answer: a window stuck for this long is not
    /// going to show the file, so the start opens normally.
    const ANSWER_WITHIN: Duration = Duration::from_secs(10);

    /// The longest request line read: a path, bounded.
    const MAX_LINE: u64 = 64 * 1024;

    pub fn hand_over(socket: &Path, request: &Request) -> io::Result<bool> {
        let Some(line) = request.to_line() else {
            return Ok(false);
        };
        let mut stream = match UnixStream::connect(socket) {
            Ok(s) => s,
            // No socket, or one left by a window that is gone.
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::NotFound | io::ErrorKind::ConnectionRefused
                ) =>
            {
                return Ok(false);
            }
            Err(e) => return Err(e),
        };
        stream.set_read_timeout(Some(ANSWER_WITHIN))?;
        stream.write_all(line.as_bytes())?;
        let mut answer = String::new();
        BufReader::new(stream.take(16)).read_line(&mut answer)?;
        Ok(answer == "ok\n")
    }

    pub fn bind(dir: &Path, socket: PathBuf) -> io::Result<Listener> {
        // Private to the user: another user cannot hand files to this window.
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)?;
        let listener = match UnixListener::bind(&socket) {
            Ok(l) => l,
            Err(e) if e.kind() == io::ErrorKind::AddrInUse => {
                // Nobody answered on it (hand_over was tried first): a stale socket.
                std::fs::remove_file(&socket)?;
                UnixListener::bind(&socket)?
            }
            Err(e) => return Err(e),
        };
        let (tx, rx) = std::sync::mpsc::channel();
        let ctx: Arc<Mutex<Option<egui::Context>>> = Arc::default();
        let stop = Arc::new(AtomicBool::new(false));
        let (thread_ctx, thread_stop) = (ctx.clone(), stop.clone());
        std::thread::Builder::new()
            .name("single-instance".into())
            .spawn(move || serve(listener, tx, thread_ctx, thread_stop))?;
        Ok(Listener {
            requests: rx,
            ctx,
            socket,
            stop,
        })
    }

    fn serve(
        listener: UnixListener,
        tx: Sender<Request>,
        ctx: Arc<Mutex<Option<egui::Context>>>,
        stop: Arc<AtomicBool>,
    ) {
        for stream in listener.incoming() {
            if stop.load(Ordering::SeqCst) {
                return;
            }
            let Ok(mut stream) = stream else { continue };
            // A client that connects and says nothing must not hold up the next one for long.
            let _ = stream.set_read_timeout(Some(ANSWER_WITHIN));
            let mut line = String::new();
            let Ok(reader) = stream.try_clone() else {
                continue;
            };
            if BufReader::new(reader.take(MAX_LINE))
                .read_line(&mut line)
                .is_err()
            {
                continue;
            }
            let answer = match Request::from_line(&line) {
                Some(r) => {
                    if tx.send(r).is_err() {
                        return; // the window is gone
                    }
                    if let Ok(Some(ctx)) = ctx.lock().as_deref() {
                        ctx.request_repaint();
                    }
                    "ok\n"
                }
                None => "?\n",
            };
            let _ = stream.write_all(answer.as_bytes());
        }
    }

    impl Drop for Listener {
        fn drop(&mut self) {
            self.stop.store(true, Ordering::SeqCst);
            // Wake the thread from accept so that it sees the flag and ends.
            let _ = UnixStream::connect(&self.socket);
            let _ = std::fs::remove_file(&self.socket);
        }
    }
}

#[cfg(not(unix))]
mod imp {
    use std::io;
    use std::path::{Path, PathBuf};

    use super::{Listener, Request};

    pub fn hand_over(_socket: &Path, _request: &Request) -> io::Result<bool> {
        Ok(false)
    }

    pub fn bind(_dir: &Path, _socket: PathBuf) -> io::Result<Listener> {
        Err(io::ErrorKind::Unsupported.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_travel_as_one_line() {
        for r in [
            Request::Open("/home/rina/ফাইল v2.fwplan".into()),
            Request::Focus,
        ] {
            assert_eq!(Request::from_line(&r.to_line().unwrap()), Some(r));
        }
        assert_eq!(Request::Open("/a\nb".into()).to_line(), None);
        for bad in ["", "open\t", "close", "open /x", "focus now"] {
            assert_eq!(Request::from_line(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn the_same_database_by_another_path_has_the_same_socket() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("plan.sqlite");
        std::fs::write(&db, b"").unwrap();
        let other = dir.path().join(".").join("plan.sqlite");
        assert_eq!(
            socket_path(dir.path(), &db),
            socket_path(dir.path(), &other)
        );
        assert_ne!(
            socket_path(dir.path(), &db),
            socket_path(dir.path(), &dir.path().join("other.sqlite"))
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_request_reaches_the_listener_and_a_stale_socket_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let runtime = dir.path().join("run");
        let db = dir.path().join("plan.sqlite");
        assert!(
            !hand_over(&runtime, &db, &Request::Focus).unwrap(),
            "no window yet"
        );
        let ctx = egui::Context::default();
        {
            let l = Listener::bind(&runtime, &db).unwrap();
            assert!(hand_over(&runtime, &db, &Request::Open("/x.fwplan".into())).unwrap());
            assert!(hand_over(&runtime, &db, &Request::Focus).unwrap());
            assert_eq!(
                l.poll(&ctx),
                [Request::Open("/x.fwplan".into()), Request::Focus]
            );
            assert!(l.poll(&ctx).is_empty());
        }
        // Closed: the socket is gone, so a start opens its own window.
        assert!(!socket_path(&runtime, &db).exists());
        assert!(!hand_over(&runtime, &db, &Request::Focus).unwrap());
        // A window that crashed leaves its socket behind; nobody answers on it.
        let stale = std::os::unix::net::UnixListener::bind(socket_path(&runtime, &db)).unwrap();
        drop(stale);
        assert!(!hand_over(&runtime, &db, &Request::Focus).unwrap());
        let l = Listener::bind(&runtime, &db).unwrap();
        assert!(hand_over(&runtime, &db, &Request::Focus).unwrap());
        assert_eq!(l.poll(&ctx), [Request::Focus]);
    }
}
