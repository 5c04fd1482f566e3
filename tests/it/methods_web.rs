//! Every method through the web (issue 14, item 8): a proposal made through the form, six
//! members of three colleges voting through the page, closed by the server's clock running
//! past its closing time, the result read on the page, and the exported `ballots.json`
//! recounted by `collegia tally` to the stored result (`support::voting::run_through_web`).

use crate::support::voting::*;
use serde_json::Value;

/// The stored outcome and winner, and the page's verdict heading.
fn assert_result(run: &WebRun, outcome: &str, winner: Option<&str>, heading: &str) {
    assert_eq!(run.result["outcome"], outcome, "{}", run.result);
    assert_eq!(run.result["winner"].as_str(), winner, "{}", run.result);
    assert_eq!(run.verdict(), heading);
}

#[tokio::test]
async fn proposal_through_the_web() {
    let c = coop().await;
    let agree: &[(&str, &str)] = &[("choice", "agree")];
    let run = run_through_web(
        &c,
        "proposal",
        "",
        &[],
        &[
            agree,
            agree,
            &[("choice", "disagree"), ("reason", "Too soon")],
            agree,
            &[("choice", "abstain")],
            agree,
        ],
    )
    .await;
    assert_result(&run, "adopted", None, "Adopted");
    let export: Value = serde_json::from_str(&run.export).unwrap();
    assert_eq!(export["method"], "proposal", "{export}");
}

#[tokio::test]
async fn consent_through_the_web() {
    let c = coop().await;
    let consent: &[(&str, &str)] = &[("choice", "consent")];
    let run = run_through_web(
        &c,
        "consent",
        "",
        &[],
        &[
            consent,
            consent,
            consent,
            &[("choice", "stand_aside")],
            consent,
            consent,
        ],
    )
    .await;
    assert_result(&run, "adopted", None, "Adopted");
}

#[tokio::test]
async fn consent_with_an_objection_through_the_web() {
    let c = coop().await;
    let consent: &[(&str, &str)] = &[("choice", "consent")];
    let run = run_through_web(
        &c,
        "consent",
        "",
        &[],
        &[
            consent,
            consent,
            &[("choice", "object"), ("reason", "Unsafe")],
            consent,
            consent,
            consent,
        ],
    )
    .await;
    assert_ne!(run.result["outcome"], "adopted", "{}", run.result);
    assert!(!run.verdict().starts_with("Adopted"), "{}", run.verdict());
}

#[tokio::test]
async fn single_choice_through_the_web() {
    let c = coop().await;
    let oak: &[(&str, &str)] = &[("choice", "Oak")];
    let run = run_through_web(
        &c,
        "single",
        "Oak\nPine\nElm",
        &[],
        &[
            oak,
            &[("choice", "Pine")],
            oak,
            &[("choice", "Elm")],
            oak,
            oak,
        ],
    )
    .await;
    assert_result(&run, "decided", Some("Oak"), "Decided — Oak");
}

#[tokio::test]
async fn approval_through_the_web() {
    let c = coop().await;
    let both: &[(&str, &str)] = &[("opt-0", "1"), ("opt-1", "1")];
    let b: &[(&str, &str)] = &[("opt-1", "1")];
    let run = run_through_web(&c, "approval", "A\nB\nC", &[], &[both, b, both, b, both, b]).await;
    assert_result(&run, "decided", Some("B"), "Decided — B");
}

/// Ranked ballots, one profile for the three rules: a leads the first places (IRV), beats b
/// and c head to head (Schulze) and gathers the most points (Borda), weights 40/40/20 applied.
async fn ranked(rule: &str) -> WebRun {
    let c = coop().await;
    let abc: &[(&str, &str)] = &[("opt-0", "1"), ("opt-1", "2"), ("opt-2", "3")];
    let bca: &[(&str, &str)] = &[("opt-1", "1"), ("opt-2", "2"), ("opt-0", "3")];
    let cba: &[(&str, &str)] = &[("opt-2", "1"), ("opt-1", "2"), ("opt-0", "3")];
    let run = run_through_web(
        &c,
        "ranked",
        "a\nb\nc",
        &[("ranked_rule", rule)],
        &[abc, abc, abc, bca, cba, abc],
    )
    .await;
    let export: Value = serde_json::from_str(&run.export).unwrap();
    assert_eq!(export["ranked_rule"], rule, "{export}");
    run
}

#[tokio::test]
async fn ranked_schulze_through_the_web() {
    let run = ranked("schulze").await;
    assert_result(&run, "decided", Some("a"), "Decided — a");
    // The page shows the pairwise table.
    assert!(run.page.contains("pairwise"), "{}", run.page);
}

#[tokio::test]
async fn ranked_irv_through_the_web() {
    let run = ranked("irv").await;
    assert_result(&run, "decided", Some("a"), "Decided — a");
}

#[tokio::test]
async fn ranked_borda_through_the_web() {
    let run = ranked("borda").await;
    assert_result(&run, "decided", Some("a"), "Decided — a");
}

#[tokio::test]
async fn score_through_the_web() {
    let c = coop().await;
    let x: &[(&str, &str)] = &[("opt-0", "5"), ("opt-1", "2")];
    let y: &[(&str, &str)] = &[("opt-0", "3"), ("opt-1", "4")];
    let run = run_through_web(&c, "score", "a\nb", &[], &[x, y, x, y, x, y]).await;
    assert_result(&run, "decided", Some("a"), "Decided — a");
}

#[tokio::test]
async fn dot_through_the_web() {
    let c = coop().await;
    let x: &[(&str, &str)] = &[("opt-0", "7"), ("opt-1", "3")];
    let y: &[(&str, &str)] = &[("opt-0", "2"), ("opt-1", "8")];
    let run = run_through_web(&c, "dot", "a\nb", &[], &[x, y, y, y, x, x]).await;
    // a: 7+2+2+2+7+7 = 27 of 60 dots, b: 3+8+8+8+3+3 = 33.
    assert_result(&run, "decided", Some("b"), "Decided — b");
}
