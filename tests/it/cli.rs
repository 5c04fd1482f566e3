//! The server's command line: bad configuration ends with one line and status 2.

use crate::support::*;
use std::process::Command;

fn collegia() -> Command {
    Command::new(env!("CARGO_BIN_EXE_collegia"))
}

fn assert_one_line_exit_2(out: std::process::Output, mentions: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "stderr: {stderr}");
    let lines: Vec<_> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "one line: {stderr}");
    assert!(lines[0].contains(mentions), "{stderr}");
    assert!(!stderr.contains("panicked") && !stderr.contains("backtrace"));
}

#[test]
fn a_bad_database_url_exits_2_with_one_line() {
    let out = collegia()
        .args(["--database-url", "mysql://nowhere/db", "migrate"])
        .output()
        .unwrap();
    assert_one_line_exit_2(out, "database-url");
    let out = collegia()
        .env("COLLEGIA_DATABASE_URL", "collegia.db")
        .arg("serve")
        .output()
        .unwrap();
    assert_one_line_exit_2(out, "sqlite://");
}

#[test]
fn an_unreachable_database_exits_2_with_one_line() {
    let port = free_port();
    let out = collegia()
        .args([
            "--database-url",
            &format!("postgres://postgres@127.0.0.1:{port}/none"),
            "--listen",
            "127.0.0.1:0",
            "serve",
        ])
        .output()
        .unwrap();
    assert_one_line_exit_2(out, "database");
    let out = collegia()
        .args(["--database-url", "sqlite:///no/such/folder/x.db", "migrate"])
        .output()
        .unwrap();
    assert_one_line_exit_2(out, "database");
}

#[test]
fn a_taken_port_exits_2_with_one_line() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let dir = tempfile::tempdir().unwrap();
    let out = collegia()
        .current_dir(dir.path())
        .args(["--listen", &format!("127.0.0.1:{port}")])
        .output()
        .unwrap();
    assert_one_line_exit_2(out, "listen");
}

#[test]
fn bad_mail_and_listen_values_exit_2() {
    let out = collegia()
        .args(["--mail-url", "ftp://x", "migrate"])
        .output()
        .unwrap();
    assert_one_line_exit_2(out, "mail-url");
    let out = collegia()
        .args(["--listen", "not-an-address", "serve"])
        .output()
        .unwrap();
    assert_one_line_exit_2(out, "listen");
}

#[test]
fn help_documents_every_flag_and_variable() {
    let out = collegia().arg("--help").output().unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    for needle in [
        "COLLEGIA_LISTEN",
        "COLLEGIA_DATABASE_URL",
        "COLLEGIA_MAIL_URL",
        "COLLEGIA_BASE_URL",
        "COLLEGIA_MAIL_FROM",
        "COLLEGIA_TRUSTED_PROXIES",
        "COLLEGIA_TIME_ZONE",
        "serve",
        "migrate",
        "tally",
        "rules",
        "payouts",
        "audit",
        "admin",
    ] {
        assert!(help.contains(needle), "--help lacks {needle}");
    }
}

#[test]
fn serve_creates_the_database_and_answers_health() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let mut child = collegia()
        .current_dir(dir.path())
        .args(["--listen", &format!("127.0.0.1:{port}")])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut ok = false;
    for _ in 0..100 {
        if let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", port)) {
            use std::io::{Read, Write};
            s.write_all(b"GET /healthz HTTP/1.0\r\n\r\n").unwrap();
            let mut body = String::new();
            let _ = s.read_to_string(&mut body);
            ok = body.contains("\"status\":\"ok\"") && body.contains("sqlite");
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let _ = child.kill();
    let out = child.wait_with_output().unwrap();
    assert!(ok, "health answered");
    assert!(
        dir.path().join("collegia.db").exists(),
        "collegia.db created in the working directory"
    );
    assert!(dir.path().join("outbox").is_dir(), "mail folder created");
    assert!(
        String::from_utf8_lossy(&out.stdout).contains(&format!("http://127.0.0.1:{port}/")),
        "prints the URL to open"
    );
}
