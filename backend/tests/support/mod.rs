//! Running the real `agora` binary in tests: start `agora serve` in a temporary folder, follow
//! its JSON log lines, speak plain HTTP to it, and stop it with a signal.
//!
//! Each test binary uses part of it, so unused items are expected.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

/// A running `agora serve` and every log line it wrote so far.
pub struct Server {
    pub child: Child,
    pub address: String,
    lines: Receiver<String>,
    pub seen: Vec<String>,
    _data: tempfile::TempDir,
}

impl Server {
    /// Starts `agora serve` on a free port in a new folder, with `vars` set, and waits until it listens.
    pub fn start(vars: &[(&str, &str)]) -> Server {
        let data = tempfile::tempdir().expect("a folder");
        let mut command = Command::new(env!("CARGO_BIN_EXE_agora"));
        command
            .arg("serve")
            .current_dir(data.path())
            .env("AGORA_LISTEN", "127.0.0.1:0")
            .env("AGORA_LOG_FORMAT", "json")
            .env("AGORA_LOG", "debug")
            .stderr(Stdio::piped());
        for (name, value) in vars {
            command.env(name, value);
        }
        let mut child = command.spawn().expect("agora starts");
        let stderr = child.stderr.take().expect("stderr is piped");
        let (lines_tx, lines) = std::sync::mpsc::channel::<String>();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if lines_tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut server = Server { child, address: String::new(), lines, seen: Vec::new(), _data: data };
        let listening = server.wait_for("Agora is listening");
        let log: serde_json::Value = serde_json::from_str(&listening).expect("JSON log lines");
        server.address = log["fields"]["address"].as_str().expect("the address is logged").to_owned();
        server
    }

    /// Waits (up to 20 s) for a log line containing `needle`; returns it.
    pub fn wait_for(&mut self, needle: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if let Ok(line) = self.lines.recv_timeout(Duration::from_millis(200)) {
                self.seen.push(line.clone());
                if line.contains(needle) {
                    return line;
                }
            }
        }
        panic!("agora never logged {needle:?}; it logged:\n{}", self.seen.join("\n"));
    }

    /// Sends an HTTP/1.1 request and returns the response body.
    pub fn http(&self, method: &str, path: &str, body: &str) -> String {
        let mut stream = TcpStream::connect(&self.address).expect("the server accepts connections");
        let request = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            self.address,
            body.len()
        );
        stream.write_all(request.as_bytes()).expect("the request is sent");
        let mut response = String::new();
        stream.read_to_string(&mut response).expect("the response arrives");
        response.split_once("\r\n\r\n").map(|(_, body)| body.to_owned()).unwrap_or_default()
    }

    /// Sends SIGTERM, waits for the clean stop, and returns every log line.
    pub fn stop(mut self) -> (std::process::ExitStatus, Vec<String>) {
        let killed = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status().expect("kill runs");
        assert!(killed.success());
        self.wait_for("mail worker stopped");
        let deadline = Instant::now() + Duration::from_secs(15);
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("waiting works") {
                break status;
            }
            assert!(Instant::now() < deadline, "agora did not exit after SIGTERM");
            std::thread::sleep(Duration::from_millis(50));
        };
        while let Ok(line) = self.lines.recv_timeout(Duration::from_millis(100)) {
            self.seen.push(line);
        }
        (status, std::mem::take(&mut self.seen))
    }
}

impl Drop for Server {
    /// A test that fails half-way must not leave a server running.
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}
