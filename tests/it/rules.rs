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

#[test]
fn the_spec_example_rulebook_is_accepted() {
    // shared/spec/rulebook.md's example, its "..." classes written out "as extraordinary".
    let statutory = r#"{ "methods": ["proposal"], "threshold": { "share": "2/3", "strict": false },
      "quorum": { "turnout": "1/4", "scope": "overall", "basis": "weighted" },
      "second_call_quorum": { "turnout": "1/5", "scope": "overall", "basis": "weighted" },
      "class_consent": null, "block": "disagree" }"#;
    let text = format!(
        r#"{{
  "format": "collegia-rulebook/1",
  "template": "scic",
  "company_form": "sa",
  "colleges": [
    {{ "key": "workers", "name": "Salariés et producteurs", "weight": 40,
      "may_start_threads": true, "may_propose": true }},
    {{ "key": "beneficiaries", "name": "Bénéficiaires", "weight": 40,
      "may_start_threads": true, "may_propose": false }},
    {{ "key": "supporters", "name": "Soutiens", "weight": 20,
      "may_start_threads": true, "may_propose": false }}
  ],
  "weighting": "fixed",
  "aggregation": "proportional",
  "caps": [],
  "empty_college": "redistribute",
  "abstentions": "excluded",
  "decisions": {{
    "ordinary": {{
      "methods": ["proposal", "consent", "single", "approval", "ranked", "score", "dot"],
      "threshold": {{ "share": "1/2", "strict": true }},
      "quorum": {{ "turnout": "1/5", "scope": "overall", "basis": "weighted" }},
      "second_call_quorum": null,
      "class_consent": null,
      "block": "veto"
    }},
    "extraordinary": {statutory},
    "rules_change": {statutory},
    "payout_rule": {statutory}
  }},
  "proxies": {{ "allowed": true, "max_per_holder": 2, "same_college": true }}
}}"#
    );
    let out = check(&text);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // And it is exactly what `rules show scic` prints, field for field.
    // (The example predates `min_open_hours`; the template adds its defaults: a day for
    // ordinary decisions, 14 days for the others.)
    let shown: Value = serde_json::from_str(&show("scic", None)).unwrap();
    let mut expected = serde_json::from_str::<Value>(&text).unwrap();
    for (class, hours) in [
        ("ordinary", 24),
        ("extraordinary", 336),
        ("rules_change", 336),
        ("payout_rule", 336),
    ] {
        expected["decisions"][class]["min_open_hours"] = hours.into();
    }
    assert_eq!(shown, expected);
    // Top-level fields in the spec's order.
    let text = show("scic", None);
    let at: Vec<usize> = [
        "format",
        "template",
        "company_form",
        "colleges",
        "weighting",
        "aggregation",
        "caps",
        "empty_college",
        "abstentions",
        "decisions",
        "proxies",
    ]
    .iter()
    .map(|k| text.find(&format!("\n  \"{k}\":")).expect(k))
    .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{text}");
}

#[test]
fn a_missing_field_is_named_by_its_own_path() {
    let cases: Vec<(String, &str)> = vec![
        (
            edited("scic", |j| {
                j["decisions"]
                    .as_object_mut()
                    .unwrap()
                    .remove("payout_rule");
            }),
            "decisions.payout_rule: missing field",
        ),
        (
            edited("somerset", |j| {
                j.as_object_mut().unwrap().remove("format");
            }),
            "format: missing field",
        ),
        (
            edited("sce", |j| {
                j["colleges"][1].as_object_mut().unwrap().remove("name");
            }),
            "colleges[1].name: missing field",
        ),
        (
            edited("fairshares", |j| {
                j["decisions"]["ordinary"]
                    .as_object_mut()
                    .unwrap()
                    .remove("threshold");
            }),
            "decisions.ordinary.threshold: missing field",
        ),
    ];
    for (text, expected) in cases {
        let lines = refused(&text);
        assert_eq!(lines.len(), 1, "{lines:?}");
        assert!(lines[0].contains(expected), "{expected}: {lines:?}");
    }
}

#[test]
fn each_template_constraint_is_refused_with_its_source() {
    let cases: Vec<(String, &str)> = vec![
        (
            edited("scic", |j| {
                j["colleges"].as_array_mut().unwrap().truncate(2);
                j["colleges"][0]["weight"] = 50.into();
                j["colleges"][1]["weight"] = 50.into();
            }),
            "colleges: SCIC: there must be 3 to 10 colleges, not 2 (loi 47-1775, art. 19 octies)",
        ),
        (
            edited("scic", |j| {
                let mut colleges = vec![
                    serde_json::json!({"key": "workers", "name": "W", "weight": 10}),
                    serde_json::json!({"key": "beneficiaries", "name": "B", "weight": 10}),
                ];
                for i in 0..9 {
                    colleges.push(
                        serde_json::json!({"key": format!("c{i}"), "name": "C", "weight": 9}),
                    );
                }
                j["colleges"] = colleges.into();
            }),
            "SCIC: there must be 3 to 10 colleges, not 11",
        ),
        (
            edited("scic", |j| j["colleges"][1]["key"] = "users".into()),
            "colleges: SCIC: a beneficiaries college is required (loi 47-1775, art. 19 septies)",
        ),
        (
            edited("scic", |j| j["colleges"][0]["key"] = "staff".into()),
            "colleges: SCIC: a workers (or producers) college is required (loi 47-1775, art. 19 septies)",
        ),
        (
            edited("scic", |j| j["weighting"] = "headcount".into()),
            "weighting: SCIC: each college must hold a fixed share of 10 % to 50 % of the votes (weighting must be fixed) (loi 47-1775, art. 19 octies)",
        ),
        (
            edited("somerset", |j| {
                j["colleges"].as_array_mut().unwrap().truncate(1);
                j["colleges"][0]["weight"] = 100.into();
            }),
            "colleges: Somerset: there must be at least 2 colleges, not 1 (Somerset Rules)",
        ),
        (
            edited("quebec_solidarity", |j| {
                j["colleges"].as_array_mut().unwrap().truncate(1)
            }),
            "Québec: a solidarity co-operative needs at least 2 of the users, workers and supporters colleges, not 1",
        ),
        (
            edited("fairshares", |j| j["colleges"][1]["key"] = "workers".into()),
            "FairShares: \"workers\" is not one of the four classes",
        ),
        (
            edited("sce", |j| {
                j["weighting"] = "fixed".into();
                j["caps"] = serde_json::json!([]);
                j["colleges"][0]["weight"] = 70.into();
                j["colleges"][1]["weight"] = 30.into();
            }),
            "colleges[1].weight: SCE: investor members together may hold no more than 25 % of the votes",
        ),
        (
            edited("sce", |j| j["caps"] = serde_json::json!([])),
            "caps: SCE: investor members together may hold no more than 25 % of the votes",
        ),
    ];
    for (text, expected) in cases {
        let lines = refused(&text);
        assert!(
            lines.iter().any(|l| l.contains(expected)),
            "{expected}: {lines:?}"
        );
    }
}

#[test]
fn every_refusal_names_its_source() {
    // rulebook.md, "Validation": one message per broken rule naming the rule and its source.
    let collegia = "(Collegia rulebook format, collegia-rulebook/1";
    let cases: Vec<(String, &str)> = vec![
        (
            edited("somerset", |j| j["colleges"][0]["weight"] = 40.into()),
            "colleges: under fixed weighting the weights must add up to 100, not 90",
        ),
        (
            edited("scic", |j| {
                j["decisions"]["payout_rule"]["methods"] =
                    serde_json::json!(["proposal", "consent"])
            }),
            "decisions.payout_rule.methods[1]: The payout rule: only a proposal can enact, so consent is not allowed",
        ),
        (
            edited("one_member_one_vote", |j| {
                j["colleges"][0]["may_vote"] = true.into()
            }),
            "colleges[0].may_vote: unknown field",
        ),
        (
            edited("sce", |j| {
                j["decisions"]
                    .as_object_mut()
                    .unwrap()
                    .remove("rules_change");
            }),
            "decisions.rules_change: missing field",
        ),
        (
            edited("quebec_solidarity", |j| {
                j["colleges"][2]["key"] = "users".into()
            }),
            "colleges[2].key: the college key \"users\" is used twice",
        ),
    ];
    for (text, expected) in cases {
        let lines = refused(&text);
        assert_eq!(lines.len(), 1, "{lines:?}");
        assert!(lines[0].contains(expected), "{expected}: {lines:?}");
        assert!(lines[0].contains(collegia), "{lines:?}");
        assert!(lines[0].ends_with(')'), "{lines:?}");
    }
}
