//! A tiny in-process SMTP server for the black-box tests.
//!
//! Agora sends mail (sign-up confirmations, password resets, notifications)
//! through lettre's async SMTP transport. To test that path end to end without
//! a real mail server on the machine, a test starts an [`SmtpServer`] on
//! `127.0.0.1:0`, points Agora at it through `AGORA_MAIL_URL` (see
//! [`SmtpServer::url`]), and then inspects what actually arrived over the wire
//! with [`SmtpServer::delivered`] or [`SmtpServer::wait_for_delivered`].
//!
//! The server speaks just enough plain SMTP (no TLS) for lettre: `EHLO`/`HELO`,
//! `MAIL FROM` (parameters such as `BODY=8BITMIME SMTPUTF8` are tolerated),
//! `RCPT TO`, `DATA` (with dot-stuffing undone), `RSET`, `NOOP`, `QUIT`, and
//! `AUTH PLAIN`/`AUTH LOGIN`, which accept any credentials. `PIPELINING` is not
//! advertised, so clients wait for each reply. Anything else gets `502`.
//!
//! [`SmtpServer::start_failing_first`] makes the server refuse the first `n`
//! messages with a transient `451` at the end of `DATA`, so tests can check
//! retry behaviour; [`SmtpServer::attempts`] records refused messages too, so
//! a test can check that a retry resent the same message (same `Message-ID`).
//!
//! Each connection is served by its own task. Dropping the [`SmtpServer`]
//! stops the accept loop and every open connection with it.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::{JoinHandle, JoinSet};

/// The host name the server gives in its greeting and `EHLO` reply.
const HOSTNAME: &str = "agora-test";

/// The largest message accepted, in bytes; advertised as `SIZE`.
const MAX_MESSAGE_SIZE: usize = 10 * 1024 * 1024;

/// The longest command line accepted, in bytes (RFC 5321 asks for 512; this
/// leaves room for `AUTH` responses and `MAIL FROM` parameters).
const MAX_COMMAND_LINE: usize = 4096;

/// How often [`SmtpServer::wait_for_delivered`] looks again.
const POLL_INTERVAL: Duration = Duration::from_millis(20);

/// One message as the server received it in a `DATA` transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceivedMail {
    /// The reverse-path of `MAIL FROM`, without `<` `>` (empty for `<>`).
    pub mail_from: String,
    /// The forward-paths of every accepted `RCPT TO`, in order, without `<` `>`.
    pub rcpt_to: Vec<String>,
    /// The message (headers and body) with dot-stuffing undone, lines ending
    /// in CRLF, and the terminating `.` line left out.
    pub data: String,
}

impl ReceivedMail {
    /// The value of the first header called `name` (compared without regard
    /// to case), with folded continuation lines unfolded and surrounding
    /// whitespace trimmed; `None` if the message has no such header.
    pub fn header(&self, name: &str) -> Option<String> {
        let mut found: Option<String> = None;
        for line in self.data.lines() {
            let line = line.strip_suffix('\r').unwrap_or(line);
            if line.is_empty() {
                // End of the header section.
                break;
            }
            let is_continuation = line.starts_with(' ') || line.starts_with('\t');
            if let Some(value) = found.as_mut() {
                if is_continuation {
                    // Unfolding removes the line break and keeps the whitespace.
                    value.push_str(line);
                    continue;
                }
                break;
            }
            if is_continuation {
                continue;
            }
            let Some((field, value)) = line.split_once(':') else {
                continue;
            };
            if field.trim_end().eq_ignore_ascii_case(name) {
                found = Some(value.to_owned());
            }
        }
        found.map(|value| value.trim().to_owned())
    }
}

/// One `DATA` transaction and whether the server accepted it.
#[derive(Debug, Clone)]
struct Attempt {
    mail: ReceivedMail,
    accepted: bool,
}

/// What every connection shares.
#[derive(Debug, Default)]
struct State {
    /// Every `DATA` transaction so far, in order.
    attempts: Vec<Attempt>,
    /// How many more messages to refuse with `451`.
    refusals_left: usize,
}

/// An SMTP server on `127.0.0.1` inside the test process; see the module docs.
///
/// It stops when dropped.
#[derive(Debug)]
pub struct SmtpServer {
    addr: SocketAddr,
    state: Arc<Mutex<State>>,
    accept_loop: JoinHandle<()>,
}

impl SmtpServer {
    /// Starts a server that accepts every message.
    ///
    /// # Panics
    ///
    /// If no port on `127.0.0.1` can be bound.
    pub async fn start() -> Self {
        Self::start_failing_first(0).await
    }

    /// Starts a server that answers `451 4.3.0 try again later` at the end of
    /// `DATA` for the first `n` messages it receives, then accepts with `250`.
    ///
    /// # Panics
    ///
    /// If no port on `127.0.0.1` can be bound.
    pub async fn start_failing_first(n: usize) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("test SMTP server: binding 127.0.0.1:0 failed");
        let addr = listener.local_addr().expect("test SMTP server: the listener has no local address");
        let state = Arc::new(Mutex::new(State { attempts: Vec::new(), refusals_left: n }));
        let accept_loop = tokio::spawn(accept_loop(listener, Arc::clone(&state)));
        Self { addr, state, accept_loop }
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The URL for `AGORA_MAIL_URL`, e.g. `smtp://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("smtp://{}:{}", self.addr.ip(), self.addr.port())
    }

    /// Every `DATA` transaction seen, accepted or refused, in order.
    ///
    /// Refused ones are included so tests can compare `Message-ID`s across
    /// delivery attempts.
    pub fn attempts(&self) -> Vec<ReceivedMail> {
        lock(&self.state).attempts.iter().map(|attempt| attempt.mail.clone()).collect()
    }

    /// Only the messages the server accepted, in order.
    pub fn delivered(&self) -> Vec<ReceivedMail> {
        lock(&self.state)
            .attempts
            .iter()
            .filter(|attempt| attempt.accepted)
            .map(|attempt| attempt.mail.clone())
            .collect()
    }

    /// Waits (polling, up to `timeout`) until at least `count` messages were
    /// accepted, and returns all accepted messages.
    ///
    /// # Panics
    ///
    /// If fewer than `count` messages were accepted when `timeout` runs out;
    /// the message says how many were accepted and refused.
    pub async fn wait_for_delivered(&self, count: usize, timeout: Duration) -> Vec<ReceivedMail> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let delivered = self.delivered();
            if delivered.len() >= count {
                return delivered;
            }
            if tokio::time::Instant::now() >= deadline {
                let attempts = self.attempts().len();
                panic!(
                    "test SMTP server at {}: expected at least {count} delivered message(s) \
                     within {timeout:?}, but {} were accepted ({attempts} DATA transaction(s) \
                     in all, refused ones included); delivered: {delivered:#?}",
                    self.addr,
                    delivered.len(),
                );
            }
            tokio::time::sleep(POLL_INTERVAL).await;
        }
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        // The accept loop owns the JoinSet of connection tasks, so aborting it
        // closes the listener and every open connection too.
        self.accept_loop.abort();
    }
}

/// Locks the shared state, carrying on if a connection task panicked while
/// holding the lock (the state stays consistent: each change is one push or
/// one decrement).
fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Accepts connections until aborted, serving each on its own task.
async fn accept_loop(listener: TcpListener, state: Arc<Mutex<State>>) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _peer)) => {
                    connections.spawn(serve_connection(stream, Arc::clone(&state)));
                }
                // E.g. too many open files: back off a little and go on.
                Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
            },
            // Reap finished connection tasks so the set does not grow forever.
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
}

/// Serves one connection; I/O errors just end it.
async fn serve_connection(stream: TcpStream, state: Arc<Mutex<State>>) {
    let _ = stream.set_nodelay(true);
    let (reader, writer) = stream.into_split();
    let _ = Session::new(reader, writer, state).run().await;
}

/// The state of one SMTP conversation.
struct Session<R, W> {
    reader: BufReader<R>,
    writer: W,
    state: Arc<Mutex<State>>,
    mail_from: Option<String>,
    rcpt_to: Vec<String>,
}

impl<R, W> Session<R, W>
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    fn new(reader: R, writer: W, state: Arc<Mutex<State>>) -> Self {
        Session { reader: BufReader::new(reader), writer, state, mail_from: None, rcpt_to: Vec::new() }
    }

    /// Runs the conversation until `QUIT`, end of input or an I/O error.
    async fn run(mut self) -> std::io::Result<()> {
        self.reply(&format!("220 {HOSTNAME} ESMTP")).await?;
        loop {
            let Some(line) = self.read_line(MAX_COMMAND_LINE).await? else {
                return Ok(());
            };
            let Some(line) = line else {
                self.reply("500 5.5.2 line too long").await?;
                continue;
            };
            let line = String::from_utf8_lossy(&line).into_owned();
            let (verb, rest) = match line.split_once(' ') {
                Some((verb, rest)) => (verb, rest.trim()),
                None => (line.as_str(), ""),
            };
            match verb.to_ascii_uppercase().as_str() {
                "EHLO" => {
                    self.reset_transaction();
                    self.reply(&format!(
                        "250-{HOSTNAME}\r\n\
                         250-8BITMIME\r\n\
                         250-SMTPUTF8\r\n\
                         250-AUTH PLAIN LOGIN\r\n\
                         250 SIZE {MAX_MESSAGE_SIZE}"
                    ))
                    .await?;
                }
                "HELO" => {
                    self.reset_transaction();
                    self.reply(&format!("250 {HOSTNAME}")).await?;
                }
                "MAIL" => match path_argument(rest, "FROM:") {
                    Some(from) => {
                        self.reset_transaction();
                        self.mail_from = Some(from);
                        self.reply("250 2.1.0 OK").await?;
                    }
                    None => self.reply("501 5.5.4 syntax: MAIL FROM:<address>").await?,
                },
                "RCPT" => {
                    if self.mail_from.is_none() {
                        self.reply("503 5.5.1 MAIL first").await?;
                    } else {
                        match path_argument(rest, "TO:") {
                            Some(to) => {
                                self.rcpt_to.push(to);
                                self.reply("250 2.1.5 OK").await?;
                            }
                            None => self.reply("501 5.5.4 syntax: RCPT TO:<address>").await?,
                        }
                    }
                }
                "DATA" => {
                    if self.mail_from.is_none() {
                        self.reply("503 5.5.1 MAIL first").await?;
                    } else if self.rcpt_to.is_empty() {
                        self.reply("503 5.5.1 RCPT first").await?;
                    } else if !self.data().await? {
                        return Ok(());
                    }
                }
                "AUTH" => self.auth(rest).await?,
                "RSET" => {
                    self.reset_transaction();
                    self.reply("250 2.0.0 OK").await?;
                }
                "NOOP" => self.reply("250 2.0.0 OK").await?,
                "QUIT" => {
                    self.reply("221 2.0.0 bye").await?;
                    self.writer.shutdown().await?;
                    return Ok(());
                }
                _ => self.reply("502 5.5.2 command not implemented").await?,
            }
        }
    }

    /// Forgets the current mail transaction.
    fn reset_transaction(&mut self) {
        self.mail_from = None;
        self.rcpt_to.clear();
    }

    /// Handles `DATA` after its command line; returns `false` if the client
    /// went away before the terminating `.` line.
    async fn data(&mut self) -> std::io::Result<bool> {
        self.reply("354 end data with <CR><LF>.<CR><LF>").await?;
        let mut data = Vec::new();
        let mut too_big = false;
        loop {
            // A line is never longer than the whole message may be.
            let Some(line) = self.read_line(MAX_MESSAGE_SIZE).await? else {
                return Ok(false);
            };
            let Some(line) = line else {
                too_big = true;
                continue;
            };
            if line == b"." {
                break;
            }
            // Undo dot-stuffing: a leading dot was doubled by the client.
            let line = line.strip_prefix(b".").unwrap_or(&line[..]);
            if data.len() + line.len() + 2 > MAX_MESSAGE_SIZE {
                too_big = true;
            }
            if !too_big {
                data.extend_from_slice(line);
                data.extend_from_slice(b"\r\n");
            }
        }

        let mail = ReceivedMail {
            mail_from: self.mail_from.take().unwrap_or_default(),
            rcpt_to: std::mem::take(&mut self.rcpt_to),
            data: String::from_utf8_lossy(&data).into_owned(),
        };
        if too_big {
            self.reply("552 5.3.4 message too big").await?;
            return Ok(true);
        }
        let accepted = {
            let mut state = lock(&self.state);
            let accepted = if state.refusals_left > 0 {
                state.refusals_left -= 1;
                false
            } else {
                true
            };
            state.attempts.push(Attempt { mail, accepted });
            accepted
        };
        if accepted {
            self.reply("250 2.0.0 OK: queued").await?;
        } else {
            self.reply("451 4.3.0 try again later").await?;
        }
        Ok(true)
    }

    /// Handles `AUTH PLAIN` and `AUTH LOGIN`, accepting any credentials.
    async fn auth(&mut self, args: &str) -> std::io::Result<()> {
        let mut words = args.split_whitespace();
        let mechanism = words.next().unwrap_or_default().to_ascii_uppercase();
        let initial_response = words.next();
        // Base64 prompts, as RFC 4954 wants: "Username:" and "Password:".
        let prompts: &[&str] = match (mechanism.as_str(), initial_response) {
            ("PLAIN", Some(_)) => &[],
            ("PLAIN", None) => &[""],
            ("LOGIN", Some(_)) => &["UGFzc3dvcmQ6"],
            ("LOGIN", None) => &["VXNlcm5hbWU6", "UGFzc3dvcmQ6"],
            _ => {
                return self.reply("504 5.5.4 unrecognized authentication type").await;
            }
        };
        for prompt in prompts {
            self.reply(&format!("334 {prompt}")).await?;
            match self.read_line(MAX_COMMAND_LINE).await? {
                // The client went away; the command loop sees the end of input next.
                None => return Ok(()),
                Some(Some(answer)) if answer == b"*" => {
                    return self.reply("501 5.0.0 authentication cancelled").await;
                }
                Some(_) => {}
            }
        }
        self.reply("235 2.7.0 authentication successful").await
    }

    /// Reads one line without its CRLF (or bare LF).
    ///
    /// Returns `None` at the end of input, and `Some(None)` for a line longer
    /// than `limit` bytes (which is read and thrown away).
    async fn read_line(&mut self, limit: usize) -> std::io::Result<Option<Option<Vec<u8>>>> {
        let mut line = Vec::new();
        let mut too_long = false;
        loop {
            let buffer = self.reader.fill_buf().await?;
            if buffer.is_empty() {
                // End of input; a partial last line does not count.
                return Ok(None);
            }
            let (chunk, complete) = match buffer.iter().position(|&byte| byte == b'\n') {
                Some(index) => (&buffer[..=index], true),
                None => (buffer, false),
            };
            let used = chunk.len();
            if !too_long {
                line.extend_from_slice(chunk);
                if line.len() > limit + 2 {
                    too_long = true;
                    line = Vec::new();
                }
            }
            self.reader.consume(used);
            if complete {
                break;
            }
        }
        if too_long {
            return Ok(Some(None));
        }
        line.pop(); // the LF
        if line.last() == Some(&b'\r') {
            line.pop();
        }
        Ok(Some(Some(line)))
    }

    /// Sends a reply; `text` may hold several lines separated by CRLF.
    async fn reply(&mut self, text: &str) -> std::io::Result<()> {
        self.writer.write_all(text.as_bytes()).await?;
        self.writer.write_all(b"\r\n").await?;
        self.writer.flush().await
    }
}

/// Parses the argument of `MAIL FROM:` / `RCPT TO:` (`keyword` is `"FROM:"` or
/// `"TO:"`), returning the address without `<` `>` and ignoring any ESMTP
/// parameters after it (`BODY=8BITMIME`, `SMTPUTF8`, `SIZE=…`).
fn path_argument(args: &str, keyword: &str) -> Option<String> {
    let head = args.get(..keyword.len())?;
    if !head.eq_ignore_ascii_case(keyword) {
        return None;
    }
    let rest = args[keyword.len()..].trim_start();
    if let Some(bracketed) = rest.strip_prefix('<') {
        let end = bracketed.find('>')?;
        Some(bracketed[..end].trim().to_owned())
    } else {
        let address = rest.split_whitespace().next()?;
        Some(address.to_owned())
    }
}
