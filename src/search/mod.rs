//! Search: what a person may read now, found by words. The query is reduced to plain words
//! (letters and digits) before any engine sees it, so quotes, `*`, `-`, `NEAR` or brackets are
//! just text; the co-ops searched are those the person belongs to today, each kind of item
//! only where the access table lets their role read it (`access::allowed`). The index itself
//! is kept by the database (migration 000011) and read by `storage::search`.

use crate::access::{self, Action, Policy};
/// What a hit is (thread, comment, proposal, statement), as pages name it.
pub use crate::storage::search::Kind;
use crate::storage::search::{self as index, Filter, MARK_END, MARK_START};
use crate::storage::{DbConn, accounts::Account, coops, members};
use diesel::QueryResult;

/// Longest query taken, in characters.
pub const MAX_QUERY_CHARS: usize = 200;
/// Words kept from a query (the first ones).
pub const MAX_TERMS: usize = 8;
/// Hits per page.
pub const PAGE_SIZE: i64 = 20;
/// Deepest page served (further pages would scan for little use).
pub const MAX_PAGE: i64 = 50;

/// Proposals' state as a filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Open,
    Closed,
}

impl State {
    pub const ALL: [State; 2] = [State::Open, State::Closed];

    pub fn key(self) -> &'static str {
        match self {
            State::Open => "open",
            State::Closed => "closed",
        }
    }

    pub fn parse(key: &str) -> Option<State> {
        Self::ALL.into_iter().find(|s| s.key() == key)
    }
}

/// A search as asked (already parsed from the form; unknown values dropped).
#[derive(Debug, Clone, Default)]
pub struct Asked {
    pub q: String,
    /// A co-op's slug.
    pub coop: Option<String>,
    pub kind: Option<Kind>,
    pub state: Option<State>,
    /// From 1.
    pub page: i64,
}

/// Why no search was run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// Nothing typed yet.
    Empty,
    /// Longer than [`MAX_QUERY_CHARS`].
    TooLong,
    /// Only signs, no word.
    NoWords,
}

/// A stretch of text, highlighted or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub text: String,
    pub marked: bool,
}

/// One result.
#[derive(Debug, Clone)]
pub struct Found {
    pub kind: Kind,
    pub coop_name: String,
    pub href: String,
    /// The item's own title, highlighted (threads, proposals), else empty.
    pub title: Vec<Piece>,
    /// What it belongs to (a comment's thread, a statement's proposal).
    pub context_title: String,
    pub excerpt: Vec<Piece>,
    pub state: Option<State>,
}

/// A co-op the person may search in.
#[derive(Debug, Clone)]
pub struct CoopChoice {
    pub slug: String,
    pub name: String,
}

/// The answer.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub coops: Vec<CoopChoice>,
    pub problem: Option<Problem>,
    pub terms: Vec<String>,
    pub hits: Vec<Found>,
    pub more: bool,
}

/// The plain words of a query: split on anything that is not a letter or digit, lowercased,
/// each once, at most [`MAX_TERMS`].
pub fn terms(q: &str) -> Vec<String> {
    let mut out: Vec<String> = vec![];
    for word in q.split(|c: char| !c.is_alphanumeric()) {
        let word = word.to_lowercase();
        if word.is_empty() || out.contains(&word) {
            continue;
        }
        out.push(word);
        if out.len() == MAX_TERMS {
            break;
        }
    }
    out
}

/// Splits text marked by storage into pieces; stray marks are dropped, control characters
/// removed. The view escapes each piece, so no stored text can become markup.
pub fn pieces(s: &str) -> Vec<Piece> {
    let mut out: Vec<Piece> = vec![];
    let mut marked = false;
    let mut text = String::new();
    let flush = |text: &mut String, marked: bool, out: &mut Vec<Piece>| {
        if !text.is_empty() {
            out.push(Piece {
                text: std::mem::take(text),
                marked,
            });
        }
    };
    for c in s.chars() {
        match c {
            MARK_START | MARK_END => {
                flush(&mut text, marked, &mut out);
                marked = c == MARK_START;
            }
            '\n' | '\r' | '\t' => text.push(' '),
            c if c.is_control() => {}
            c => text.push(c),
        }
    }
    flush(&mut text, marked, &mut out);
    out
}

/// Runs a search for `account`.
pub fn run(conn: &mut DbConn, account: &Account, asked: &Asked) -> QueryResult<Outcome> {
    let mine = coops::of_account(conn, account.id)?;
    let (mut discussion, mut proposal) = (vec![], vec![]);
    for coop in &mine {
        if asked.coop.as_ref().is_some_and(|s| s != &coop.slug) {
            continue;
        }
        let membership = members::current(conn, coop.id, account.id)?;
        let roles = access::roles_of(Some(account), membership.as_ref());
        let may = |a: Action| {
            roles
                .iter()
                .any(|r| access::allowed(a, *r, Policy::default()))
        };
        if may(Action::ViewThreads) {
            discussion.push(coop.id);
        }
        if may(Action::ViewProposals) {
            proposal.push(coop.id);
        }
    }
    let mut outcome = Outcome {
        coops: mine
            .iter()
            .map(|c| CoopChoice {
                slug: c.slug.clone(),
                name: c.name.clone(),
            })
            .collect(),
        problem: None,
        terms: vec![],
        hits: vec![],
        more: false,
    };
    let q = asked.q.trim();
    outcome.problem = if q.is_empty() {
        Some(Problem::Empty)
    } else if q.chars().count() > MAX_QUERY_CHARS {
        Some(Problem::TooLong)
    } else {
        outcome.terms = terms(q);
        outcome.terms.is_empty().then_some(Problem::NoWords)
    };
    if outcome.problem.is_some() {
        return Ok(outcome);
    }
    let page = asked.page.clamp(1, MAX_PAGE);
    let filter = Filter {
        terms: &outcome.terms,
        discussion_coops: &discussion,
        proposal_coops: &proposal,
        kind: asked.kind,
        state: asked.state.map(State::key),
        limit: PAGE_SIZE + 1,
        offset: (page - 1) * PAGE_SIZE,
    };
    let mut hits = index::search(conn, &filter)?;
    outcome.more = hits.len() as i64 > PAGE_SIZE && page < MAX_PAGE;
    hits.truncate(PAGE_SIZE as usize);
    outcome.hits = hits
        .into_iter()
        .filter_map(|h| {
            let coop = mine.iter().find(|c| c.id == h.coop_id)?;
            Some(found(h, &coop.slug, &coop.name))
        })
        .collect();
    Ok(outcome)
}

fn found(h: index::Hit, slug: &str, coop_name: &str) -> Found {
    let href = match (h.kind, h.thread_id) {
        (Kind::Comment, Some(thread)) => crate::threads::comment_path(slug, thread, h.ref_id),
        (Kind::Thread, _) | (Kind::Comment, None) => {
            format!("/c/{slug}/threads/{}", h.thread_id.unwrap_or(h.ref_id))
        }
        (Kind::Proposal, _) => format!("/c/{slug}/proposals/{}", h.ref_id),
        (Kind::Statement, _) => format!("/c/{slug}/proposals/{}", h.ref_id),
    };
    Found {
        kind: h.kind,
        coop_name: coop_name.to_string(),
        href,
        title: pieces(&h.title),
        context_title: h.context_title,
        excerpt: pieces(&h.excerpt),
        state: h.state.as_deref().and_then(State::parse),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_become_plain_words() {
        assert_eq!(
            terms(r#""Résumé" NEAR(a* -b) OR (c) "#),
            ["résumé", "near", "a", "b", "or", "c"]
        );
        assert!(terms("*** \"\" -- ()").is_empty());
        assert_eq!(terms("a b c d e f g h i j").len(), MAX_TERMS);
        assert_eq!(terms("Vote vote VOTE"), ["vote"]);
    }

    #[test]
    fn marks_become_pieces_and_strays_are_harmless() {
        let p = pieces("a \u{1}b\u{2} <c>\u{2}\u{1}");
        assert_eq!(
            p,
            vec![
                Piece {
                    text: "a ".into(),
                    marked: false
                },
                Piece {
                    text: "b".into(),
                    marked: true
                },
                Piece {
                    text: " <c>".into(),
                    marked: false
                },
            ]
        );
        assert!(pieces("").is_empty());
    }
}
