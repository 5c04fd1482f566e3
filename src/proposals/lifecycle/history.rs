//! A proposal's history as its page and the API show it: opened, each edit (with a word-level
//! diff of the title and details against the version before, the options and closing time
//! when they moved), withdrawn with its reason, reminded, reopened (with the earlier result's
//! verdict and seal), closed.
//!
//! The diff is `similar`'s word diff (`TextDiff::from_words`): Myers' algorithm over words
//! and the spaces between them, so a changed word shows as that word removed and its
//! replacement added, never as a whole paragraph rewritten.

use crate::storage::DbConn;
use crate::storage::proposal_versions::{self, Version};
use crate::storage::proposals::Proposal;
use chrono::NaiveDateTime;
use diesel::QueryResult;
use serde::Serialize;
use serde_json::Value;
use similar::{ChangeTag, TextDiff};

/// A run of words in a diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "change", content = "text", rename_all = "snake_case")]
pub enum Piece {
    Same(String),
    Added(String),
    Removed(String),
}

/// The word-level diff of `old` to `new`, adjacent runs of one kind joined; empty when the
/// two are the same.
pub fn word_diff(old: &str, new: &str) -> Vec<Piece> {
    if old == new {
        return vec![];
    }
    let mut out: Vec<Piece> = vec![];
    for change in TextDiff::from_words(old, new).iter_all_changes() {
        let text = change.value();
        match (out.last_mut(), change.tag()) {
            (Some(Piece::Same(s)), ChangeTag::Equal)
            | (Some(Piece::Added(s)), ChangeTag::Insert)
            | (Some(Piece::Removed(s)), ChangeTag::Delete) => s.push_str(text),
            (_, ChangeTag::Equal) => out.push(Piece::Same(text.to_string())),
            (_, ChangeTag::Insert) => out.push(Piece::Added(text.to_string())),
            (_, ChangeTag::Delete) => out.push(Piece::Removed(text.to_string())),
        }
    }
    out
}

/// One step of a proposal's life.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Step {
    Opened,
    Edited {
        version: i64,
        /// Empty when unchanged.
        title: Vec<Piece>,
        details: Vec<Piece>,
        /// Before and after, when they changed.
        options: Option<(Vec<String>, Vec<String>)>,
        closes: Option<(NaiveDateTime, NaiveDateTime)>,
    },
    Withdrawn {
        reason: String,
    },
    Reminded,
    Reopened {
        /// The earlier result's verdict, its stored result (JSON text) and seal.
        verdict: Option<String>,
        result: Option<String>,
        closes_at: Option<NaiveDateTime>,
        ballots_sha256: Option<String>,
        result_sha256: Option<String>,
    },
    Closed {
        verdict: Option<String>,
    },
}

/// A step, when and by whom (`None`: the server, or an account since deleted).
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    pub at: NaiveDateTime,
    pub by: Option<String>,
    #[serde(flatten)]
    pub step: Step,
}

fn time(v: &Value) -> Option<NaiveDateTime> {
    v.as_str()
        .and_then(|s| chrono::DateTime::parse_from_rfc3339(s).ok())
        .map(|t| t.naive_utc())
}

fn text(v: &Value) -> Option<String> {
    v.as_str().map(str::to_string)
}

/// The version after `v`: the next kept one, or the proposal as it is.
fn after<'a>(
    versions: &'a [Version],
    v: i64,
    p: &'a Proposal,
) -> (&'a str, &'a str, Vec<String>, NaiveDateTime) {
    match versions.iter().find(|x| x.version == v + 1) {
        Some(n) => (
            &n.title,
            &n.details,
            serde_json::from_str(&n.options).unwrap_or_default(),
            n.closes_at,
        ),
        None => (&p.title, &p.details, p.options.clone(), p.closes_at),
    }
}

fn edited(versions: &[Version], v: i64, p: &Proposal) -> Option<Step> {
    let old = versions.iter().find(|x| x.version == v)?;
    let (title, details, options, closes) = after(versions, v, p);
    let old_options: Vec<String> = serde_json::from_str(&old.options).unwrap_or_default();
    Some(Step::Edited {
        version: v,
        title: word_diff(&old.title, title),
        details: word_diff(&old.details, details),
        options: (old_options != options).then_some((old_options, options)),
        closes: (old.closes_at != closes).then_some((old.closes_at, closes)),
    })
}

/// The history of `p`, oldest first.
pub fn of(conn: &mut DbConn, p: &Proposal) -> QueryResult<Vec<Entry>> {
    let versions = proposal_versions::versions(conn, p.id)?;
    let mut out = vec![];
    if p.rules.is_some() {
        out.push(Entry {
            at: p.opens_at,
            by: None,
            step: Step::Opened,
        });
    }
    for e in proposal_versions::events(conn, p.id)? {
        let d: Value = serde_json::from_str(&e.detail).unwrap_or(Value::Null);
        let step = match e.kind.as_str() {
            "edited" => d["version"].as_i64().and_then(|v| edited(&versions, v, p)),
            "withdrawn" => text(&d["reason"]).map(|reason| Step::Withdrawn { reason }),
            "reminded" => Some(Step::Reminded),
            "reopened" => {
                if let Some(at) = time(&d["closed_at"]) {
                    out.push(Entry {
                        at,
                        by: None,
                        step: Step::Closed {
                            verdict: text(&d["verdict"]),
                        },
                    });
                }
                Some(Step::Reopened {
                    verdict: text(&d["verdict"]),
                    result: text(&d["result"]),
                    closes_at: time(&d["closes_at"]),
                    ballots_sha256: text(&d["ballots_sha256"]),
                    result_sha256: text(&d["result_sha256"]),
                })
            }
            _ => None,
        };
        if let Some(step) = step {
            out.push(Entry {
                at: e.at,
                by: e.actor,
                step,
            });
        }
    }
    if let (true, Some(at)) = (p.is_closed(), p.closed_at) {
        out.push(Entry {
            at,
            by: None,
            step: Step::Closed {
                verdict: p.verdict.clone(),
            },
        });
    }
    Ok(out)
}

/// The withdrawal of a withdrawn proposal: when, by whom, why.
pub fn withdrawal(entries: &[Entry]) -> Option<(NaiveDateTime, Option<String>, String)> {
    entries.iter().rev().find_map(|e| match &e.step {
        Step::Withdrawn { reason } => Some((e.at, e.by.clone(), reason.clone())),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_word_is_removed_and_added() {
        let d = word_diff("Buy a red van", "Buy a blue van");
        assert_eq!(
            d,
            vec![
                Piece::Same("Buy a ".into()),
                Piece::Removed("red".into()),
                Piece::Added("blue".into()),
                Piece::Same(" van".into()),
            ]
        );
        assert!(word_diff("same", "same").is_empty());
    }
}
