//! `collegia payouts compute`: the example files in tests/payouts/ through the real binary.

use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/payouts")
}

fn compute(arg: &str, stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_collegia"))
        .args(["payouts", "compute", arg])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("collegia runs");
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin.unwrap_or_default()).unwrap();
    drop(input);
    child.wait_with_output().unwrap()
}

fn valid_cases() -> Vec<(PathBuf, PathBuf)> {
    let mut cases: Vec<_> = std::fs::read_dir(examples())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension().is_some_and(|x| x == "json")
                && !p.to_string_lossy().ends_with(".expected.json")
        })
        .map(|p| (p.clone(), p.with_extension("expected.json")))
        .collect();
    cases.sort();
    cases
}

#[test]
fn every_example_file_gives_its_expected_result() {
    let cases = valid_cases();
    assert!(cases.len() >= 9, "examples missing: {cases:?}");
    for (input, expected) in cases {
        let out = compute(input.to_str().unwrap(), None);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{}: {stderr}", input.display());
        assert!(stderr.is_empty(), "{}: {stderr}", input.display());
        let got: Value = serde_json::from_slice(&out.stdout).unwrap();
        let want: Value =
            serde_json::from_str(&std::fs::read_to_string(&expected).unwrap()).unwrap();
        assert_eq!(got, want, "{}", input.display());
    }
}

#[test]
fn output_is_pretty_json_in_spec_field_order() {
    let out = compute(examples().join("spec-example.json").to_str().unwrap(), None);
    let want = std::fs::read_to_string(examples().join("spec-example.expected.json")).unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), want);
}

#[test]
fn dash_reads_standard_input() {
    let text = std::fs::read(examples().join("spec-example.json")).unwrap();
    let from_file = compute(examples().join("spec-example.json").to_str().unwrap(), None);
    let from_stdin = compute("-", Some(&text));
    assert!(from_stdin.status.success());
    assert_eq!(from_stdin.stdout, from_file.stdout);
}

fn assert_refused(out: &Output, expected: &str, what: &str) {
    assert_eq!(out.status.code(), Some(2), "{what}");
    assert!(
        out.stdout.is_empty(),
        "{what}: stdout {:?}",
        String::from_utf8_lossy(&out.stdout)
    );
    let stderr = String::from_utf8(out.stderr.clone()).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{what}: {stderr}");
    assert!(stderr.ends_with('\n'));
    assert!(stderr.contains(expected), "{what}: {stderr}");
}

#[test]
fn invalid_files_exit_2_with_one_line_naming_the_field() {
    let cases = [
        (
            "estimate-too-big",
            "work[1].estimate: 9 exceeds task_max_points 8",
        ),
        (
            "estimate-not-integer",
            "work[1].estimate: expected an integer, found 5.0",
        ),
        (
            "estimate-on-support-day",
            "work[0].estimate: not allowed for kind support_day",
        ),
        ("duplicate-key", "duplicate key \"month\""),
        ("unknown-field", "note: unknown field"),
        (
            "impossible-date",
            "work[1].date: \"2026-02-30\" is not a valid date",
        ),
        (
            "window-zero",
            "rule.window_months: must be an integer of at least 1, found 0",
        ),
        (
            "negative-points",
            "work[2].points: must be a non-negative integer, found -40",
        ),
        (
            "share-above-one",
            "rule.distributable_share: must be between 0 and 1",
        ),
        ("truncated", "invalid JSON: "),
    ];
    for (name, expected) in cases {
        let path = examples().join("invalid").join(format!("{name}.json"));
        assert_refused(&compute(path.to_str().unwrap(), None), expected, name);
    }
}

#[test]
fn unreadable_or_empty_input_exits_2() {
    assert_refused(
        &compute("/nonexistent/payout.json", None),
        "cannot read /nonexistent/payout.json",
        "missing file",
    );
    assert_refused(&compute("-", Some(b"")), "invalid JSON", "empty stdin");
    assert_refused(
        &compute("-", Some(b"[1, 2]")),
        "expected an object, found an array",
        "array",
    );
}
