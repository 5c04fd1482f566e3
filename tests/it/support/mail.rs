//! A real SMTP server (aiosmtpd) for the tests that deliver mail over SMTP.

use super::*;
use std::net::TcpListener;
use std::path::PathBuf;
use std::time::Duration;

/// A real SMTP server (aiosmtpd with its Mailbox handler) for one test.
pub struct Smtpd {
    pub port: u16,
    pub maildir: PathBuf,
    child: std::process::Child,
    _dir: tempfile::TempDir,
}

impl Smtpd {
    /// Starts the server; `None` (after `skip`) where it is not installed.
    pub fn start(test: &str) -> Option<Smtpd> {
        let command = std::env::var("COLLEGIA_TEST_SMTPD")
            .unwrap_or_else(|_| "/usr/bin/python3 -m aiosmtpd".to_string());
        let mut parts = command.split_whitespace();
        let program = parts.next()?;
        let args: Vec<&str> = parts.collect();
        let dir = tempfile::tempdir().ok()?;
        let maildir = dir.path().join("mail");
        let port = free_port();
        let spawned = std::process::Command::new(program)
            .args(&args)
            .args([
                "-n",
                "-l",
                &format!("127.0.0.1:{port}"),
                "-c",
                "aiosmtpd.handlers.Mailbox",
            ])
            .arg(&maildir)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn();
        let Ok(child) = spawned else {
            skip(
                test,
                "no SMTP test server (install python3-aiosmtpd or set COLLEGIA_TEST_SMTPD)",
            );
            return None;
        };
        let mut smtpd = Smtpd {
            port,
            maildir,
            child,
            _dir: dir,
        };
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Some(smtpd);
            }
            if let Ok(Some(_)) = smtpd.child.try_wait() {
                skip(
                    test,
                    "the SMTP test server exited at start (is python3-aiosmtpd installed?)",
                );
                return None;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = smtpd.child.kill();
        skip(test, "the SMTP test server did not start");
        None
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every message received so far, as raw text.
    pub fn messages(&self) -> Vec<String> {
        let mut out = vec![];
        for sub in ["new", "cur"] {
            if let Ok(entries) = std::fs::read_dir(self.maildir.join(sub)) {
                for e in entries.flatten() {
                    if let Ok(text) = std::fs::read_to_string(e.path()) {
                        out.push(text);
                    }
                }
            }
        }
        out
    }

    /// Waits until `n` messages arrived (the background worker delivers within seconds).
    pub fn wait_for(&self, n: usize) -> Vec<String> {
        for _ in 0..300 {
            let got = self.messages();
            if got.len() >= n {
                return got;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!(
            "expected {n} message(s) at the SMTP server, got {}",
            self.messages().len()
        );
    }
}

impl Drop for Smtpd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}
