//! `collegia rules show|check` through the real binary.

use serde_json::Value;
use std::io::Write;
use std::process::{Command, Output, Stdio};

const TEMPLATES: [&str; 6] = [
    "scic",
    "somerset",
    "fairshares",
    "quebec_solidarity",
    "sce",
    "one_member_one_vote",
];

fn collegia(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_collegia"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("collegia runs");
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin.as_bytes()).unwrap();
    drop(input);
    child.wait_with_output().unwrap()
}

fn show(template: &str, form: Option<&str>) -> String {
    let mut args = vec!["rules", "show", template];
    if let Some(form) = form {
        args.extend(["--form", form]);
    }
    let out = collegia(&args, "");
    assert!(
        out.status.success(),
        "{template}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn check(text: &str) -> Output {
    collegia(&["rules", "check", "-"], text)
}

/// Exit 2, nothing on stdout, and the stderr lines.
fn refused(text: &str) -> Vec<String> {
    let out = check(text);
    assert_eq!(
        out.status.code(),
        Some(2),
        "accepted: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(out.stdout.is_empty());
    String::from_utf8(out.stderr)
        .unwrap()
        .lines()
        .map(String::from)
        .collect()
}

fn edited(template: &str, edit: impl FnOnce(&mut Value)) -> String {
    let mut json: Value = serde_json::from_str(&show(template, None)).unwrap();
    edit(&mut json);
    json.to_string()
}

#[test]
fn every_template_and_form_passes_its_own_check() {
    let mut shown: Vec<String> = TEMPLATES.iter().map(|t| show(t, None)).collect();
    shown.extend(["sa", "sas", "sarl"].iter().map(|f| show("scic", Some(f))));
    for text in shown {
        let json: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(json["format"], "collegia-rulebook/1");
        let out = check(&text);
        assert!(
            out.status.success(),
            "{}\n{text}",
            String::from_utf8_lossy(&out.stderr)
        );
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert!(stdout.starts_with("ok"), "{stdout}");
        assert!(stdout.lines().count() > 5, "{stdout}");
    }
}

#[test]
fn check_reads_a_file_and_explains_in_english() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("scic.json");
    std::fs::write(&path, show("scic", None)).unwrap();
    let out = collegia(&["rules", "check", path.to_str().unwrap()], "");
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("holds 40 % of the votes, whatever its size"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "Changes to these rules: need at least two thirds of the weighted votes cast"
        ),
        "{stdout}"
    );
}

#[test]
fn show_refuses_unknown_templates_and_misplaced_forms() {
    for args in [
        &["rules", "show", "coop"][..],
        &["rules", "show", "somerset", "--form", "sa"],
        &["rules", "show", "scic", "--form", "gmbh"],
    ] {
        let out = collegia(args, "");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty());
        assert_eq!(String::from_utf8(out.stderr).unwrap().lines().count(), 1);
    }
}

#[test]
fn scic_weights_out_of_bounds_name_the_rule_and_its_source() {
    let text = edited("scic", |j| {
        j["colleges"][0]["weight"] = 60.into();
        j["colleges"][2]["weight"] = 0.into();
    });
    let lines = refused(&text);
    assert!(
        lines.contains(
            &"colleges[0].weight: SCIC: a college may hold no more than 50 % of the votes (loi 47-1775, art. 19 octies)"
                .to_string()
        ),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("colleges[2].weight: SCIC: a college must hold at least 10 %"))
    );
}

#[test]
fn broken_files_are_refused_with_one_line_per_reason() {
    let cases: Vec<(String, &str)> = vec![
        ("not json".into(), "line 1"),
        (
            show("scic", None).replacen("\"block\"", "\"blok\"", 1),
            "decisions.ordinary.blok: unknown field",
        ),
        (
            edited("somerset", |j| j["colleges"][0]["weight"] = 40.into()),
            "add up to 100",
        ),
        (
            edited("somerset", |j| {
                j["decisions"]["rules_change"]["methods"] =
                    serde_json::json!(["proposal", "ranked"])
            }),
            "decisions.rules_change.methods[1]",
        ),
        (
            edited("fairshares", |j| {
                j["colleges"].as_array_mut().unwrap().truncate(3)
            }),
            "FairShares: the investors class",
        ),
        (
            edited("quebec_solidarity", |j| {
                j["proxies"]["allowed"] = true.into()
            }),
            "proxy",
        ),
        (
            edited("sce", |j| j["caps"][0]["max_weight"] = "1/3".into()),
            "SCE: investor members",
        ),
        (
            edited("one_member_one_vote", |j| {
                j["colleges"][0]["key"] = "All".into()
            }),
            "colleges[0].key",
        ),
        (
            edited("somerset", |j| j["company_form"] = "sa".into()),
            "company_form",
        ),
        (
            show("scic", None).replacen("{", "{\"format\": \"x\",", 1),
            "duplicate field",
        ),
    ];
    for (text, expected) in cases {
        let lines = refused(&text);
        assert!(!lines.is_empty());
        assert!(
            lines.iter().any(|l| l.contains(expected)),
            "{expected}: {lines:?}"
        );
    }
}

#[test]
fn every_violation_is_reported_not_just_the_first() {
    let text = edited("scic", |j| {
        j["colleges"][0]["key"] = "Bad".into();
        j["decisions"]["payout_rule"]["methods"] = serde_json::json!(["single"]);
        j["proxies"]["max_per_holder"] = 0.into();
    });
    assert!(refused(&text).len() >= 3);
}
