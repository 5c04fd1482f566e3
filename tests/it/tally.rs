//! `collegia tally`: every vector in tests/vectors/ through the real binary.

use serde_json::Value;
use serde_json::value::RawValue;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn vectors() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/vectors exists")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no vectors in {}", dir.display());
    files
}

fn tally(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_collegia"))
        .arg("tally")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("collegia runs");
    let mut input = child.stdin.take().expect("stdin");
    // The binary may refuse early; a closed pipe is then expected.
    let _ = input.write_all(stdin);
    drop(input);
    child.wait_with_output().expect("collegia ends")
}

fn assert_refused(out: &Output, what: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{what}: status, stderr: {stderr}"
    );
    assert!(out.stdout.is_empty(), "{what}: stdout must be empty");
    assert_eq!(
        stderr.lines().count(),
        1,
        "{what}: one line on stderr: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{what}: {stderr}");
}

/// The election is kept as raw text: some vectors hold duplicate keys that a Value drops.
#[derive(serde::Deserialize)]
struct Vector<'a> {
    #[serde(borrow)]
    election: &'a RawValue,
    expect: Value,
}

fn share(result: &Value, key: &str) -> f64 {
    result["shares"][key].as_f64().unwrap_or(f64::NAN)
}

#[test]
fn every_vector_holds_through_the_binary() {
    for path in vectors() {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("?")
            .to_string();
        let text = std::fs::read_to_string(&path).expect("read vector");
        let v: Vector = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let out = tally(&["-"], v.election.get().as_bytes());
        if v.expect["error"] == Value::Bool(true) {
            assert_refused(&out, &name);
            continue;
        }
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{name}: {stderr}");
        let result: Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{name}: output JSON: {e}"));
        assert_eq!(result["format"], "collegia-result/1", "{name}");
        for field in ["outcome", "winner", "ranking"] {
            if let Some(want) = v.expect.get(field) {
                assert_eq!(&result[field], want, "{name}: {field}");
            }
        }
        if let Some(Value::Object(shares)) = v.expect.get("shares") {
            for (key, want) in shares {
                let got = share(&result, key);
                let want = want.as_f64().unwrap_or(f64::NAN);
                assert!(
                    (got - want).abs() <= 1e-6,
                    "{name}: share {key} = {got}, want {want}"
                );
            }
        }
        if let Some(Value::Array(rounds)) = v.expect.get("rounds") {
            let got = result["rounds"].as_array().cloned().unwrap_or_default();
            assert_eq!(got.len(), rounds.len(), "{name}: rounds");
            for (g, w) in got.iter().zip(rounds) {
                if let Some(el) = w.get("eliminated") {
                    assert_eq!(&g["eliminated"], el, "{name}: eliminated");
                }
            }
        }
    }
}

#[test]
fn reads_a_file_and_prints_reasons_in_english() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/scic-three-colleges.json");
    let text = std::fs::read_to_string(&path).expect("read");
    let v: Vector = serde_json::from_str(&text).expect("vector");
    let mut file = tempfile::NamedTempFile::new().expect("temp file");
    file.write_all(v.election.get().as_bytes()).expect("write");
    let out = tally(&[file.path().to_str().expect("utf-8 path")], b"");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let result: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(
        result["reasons"],
        serde_json::json!(["weighted agree share 58% > 50%"])
    );
    assert_eq!(result["colleges"][1]["ballots"], 54);
    assert_eq!(result["colleges"][1]["counted"], 50);
    assert_eq!(result["rounds"], serde_json::json!([]));
}

#[test]
fn text_prints_a_table_with_the_verdict() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/tennessee-irv-rounds.json");
    let text = std::fs::read_to_string(&path).expect("read");
    let v: Vector = serde_json::from_str(&text).expect("vector");
    let out = tally(&["--text", "-"], v.election.get().as_bytes());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout.contains("outcome: decided (Knoxville)"), "{stdout}");
    assert!(stdout.contains("round 1:"), "{stdout}");
}

#[test]
fn refuses_bad_input_with_one_line_naming_the_place() {
    let out = tally(
        &["-"],
        br#"{"format": "collegia-election/1", "method": "single", "options": ["Paris"],
        "ballots": [{"choice": "Paris"}, {"choice": "Lyon"}]}"#,
    );
    assert_refused(&out, "unknown option");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("ballots[1].choice: unknown option \"Lyon\"")
    );
    assert_refused(&tally(&["-"], b"{not json"), "malformed");
    assert_refused(&tally(&["-"], b""), "empty");
    assert_refused(&tally(&["/no/such/election.json"], b""), "unreadable file");
}
