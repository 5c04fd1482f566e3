//! Proposals and voting between the web, the jobs and storage: what a proposal's election
//! file is, how a ballot is read and checked, and the closing (open, close, enact, remind).
//!
//! A proposal's election is always built as a `collegia-election/1` document from the frozen
//! rules and electorate and the ballots grouped by college and choice; the tally, the results
//! page and the `ballots.json` export all go through that one document, so a recount of the
//! export gives exactly the stored result.

pub mod ballot;
pub mod ballot_box;
pub mod closing;
pub mod create;
pub mod enact;
pub mod exports;
pub mod lifecycle;
pub mod manage;
pub mod open_elections;
pub mod pairwise;
pub mod positions;
pub mod reading;
pub mod seal;
pub mod sealing;
pub mod secrecy;
pub mod vote;

use crate::domain::election::{ElectionError, Method, Outcome, parse_election, tally};
use crate::domain::proposal_state::ResultsVisibility;
use crate::storage::proposals::Proposal;
use serde_json::{Map, Value, json};

/// Secret ballots: pages and mail withhold the figures of a college with fewer counted
/// ballots than this (the exported ballot file, which a recount needs, still has them).
pub const SECRET_MIN_COUNTED: u128 = 3;

/// The voter tag: HMAC(voter-tag key, proposal, member). The same for open and secret
/// ballots; on an open secret proposal it is the only link between a sealed ballot and its
/// voter, and the key is not in the database (`keys.rs`).
pub fn voter_tag(keys: &crate::keys::Keys, proposal_id: i64, account_id: i64) -> String {
    crate::crypto::sign(
        &keys.voter_tags,
        &format!("ballot:{proposal_id}:{account_id}"),
    )
}

/// The method of a stored proposal.
pub fn method_of(p: &Proposal) -> Method {
    p.method
}

/// The election document's head (everything but the ballots).
fn head(p: &Proposal) -> Map<String, Value> {
    head_with(p, true)
}

/// The head, with the frozen rules and electorate parsed in or (`frozen` false) left out.
fn head_with(p: &Proposal, frozen: bool) -> Map<String, Value> {
    let method = method_of(p);
    let mut m = Map::new();
    m.insert("format".into(), json!(crate::domain::election::FORMAT));
    m.insert("method".into(), json!(p.method));
    if method.has_options() {
        m.insert("options".into(), json!(p.option_list()));
    }
    if method == Method::Ranked {
        m.insert("ranked_rule".into(), json!(p.ranked_rule.name()));
    }
    if method == Method::Score {
        m.insert("score_range".into(), json!([p.score_min, p.score_max]));
    }
    if method == Method::Dot {
        m.insert(
            "dots_per_voter".into(),
            json!(p.dots_per_voter.unwrap_or(0)),
        );
    }
    if !frozen {
        return m;
    }
    if let Some(rules) = p
        .rules
        .as_deref()
        .and_then(|r| serde_json::from_str::<Value>(r).ok())
    {
        m.insert("rules".into(), rules);
    }
    if let Some(e) = p
        .electorate
        .as_deref()
        .and_then(|r| serde_json::from_str::<Value>(r).ok())
    {
        m.insert("electorate".into(), e);
    }
    m
}

/// The election file of a proposal with ballots `(college, choice JSON, count)`.
pub fn election_file(p: &Proposal, grouped: &[(String, String, i64)]) -> Value {
    let mut m = head(p);
    let ballots: Vec<Value> = grouped
        .iter()
        .map(|(college, choice, count)| {
            let choice: Value = serde_json::from_str(choice).unwrap_or(Value::Null);
            json!({"college": college, "choice": choice, "count": count})
        })
        .collect();
    m.insert("ballots".into(), Value::Array(ballots));
    Value::Object(m)
}

/// Tallies a proposal's ballots with its frozen rules.
pub fn outcome(p: &Proposal, grouped: &[(String, String, i64)]) -> Result<Outcome, ElectionError> {
    let text = election_file(p, grouped).to_string();
    tally(&parse_election(&text)?)
}

/// Checks one ballot against the proposal's election: `Err` says what is wrong. It is the
/// engine's own check of a one-ballot election file (no tally), built from the stored text
/// of the frozen rules and electorate as they are, since this runs on every vote.
pub fn check_ballot(p: &Proposal, college: &str, choice: &Value) -> Result<(), ElectionError> {
    let mut text = Value::Object(head_with(p, false)).to_string();
    text.pop(); // the closing brace: the stored JSON goes in as it is.
    for (key, stored) in [("rules", &p.rules), ("electorate", &p.electorate)] {
        if let Some(json) = stored {
            text.push_str(&format!(",\"{key}\":{json}"));
        }
    }
    let ballot = json!([{"college": college, "choice": choice, "count": 1}]);
    text.push_str(&format!(",\"ballots\":{ballot}}}"));
    parse_election(&text)?.validate()
}

/// The stored result's English text for the result JSON: reasons through the CLI renderer.
pub fn result_json(o: &Outcome) -> String {
    o.to_json(&|r| crate::i18n::reasons::render_reason(crate::i18n::Locale::En, r))
}

/// May a reader see the (live) results? Closed: always; open: per the proposal's setting
/// (`after_vote`: once the reader has voted). Secret proposals only after closing.
pub fn results_visible(p: &Proposal, reader_voted: bool) -> bool {
    if p.is_closed() {
        return true;
    }
    if p.secret || !p.is_open() {
        return false;
    }
    match p.results_visibility {
        ResultsVisibility::Live => true,
        ResultsVisibility::AfterVote => reader_voted,
        ResultsVisibility::AfterClose => false,
    }
}
