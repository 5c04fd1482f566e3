//! The full-text index of threads, comments, proposals and outcome statements, read. Triggers of
//! migration 000011 write it with every post (see the migration for why); this module only
//! queries it: SQLite FTS5 (`search_fts`) or PostgreSQL `tsvector` (`search_docs.tsv`, GIN).
//! Hits come newest first. Highlighted spans are marked with [`MARK_START`] and [`MARK_END`]
//! (two control characters) for the service to turn into pieces; no HTML is made here.

use super::DbConn;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Text};

/// Opens a highlighted span in titles and excerpts.
pub const MARK_START: char = '\u{1}';
/// Closes a highlighted span.
pub const MARK_END: char = '\u{2}';

/// What an index row stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Thread,
    Comment,
    Proposal,
    Statement,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Thread, Kind::Comment, Kind::Proposal, Kind::Statement];

    pub const fn key(self) -> &'static str {
        match self {
            Kind::Thread => "thread",
            Kind::Comment => "comment",
            Kind::Proposal => "proposal",
            Kind::Statement => "statement",
        }
    }

    pub fn parse(key: &str) -> Option<Kind> {
        Self::ALL.into_iter().find(|k| k.key() == key)
    }

    /// Threads and comments (the rest are proposals and their statements).
    pub fn is_discussion(self) -> bool {
        matches!(self, Kind::Thread | Kind::Comment)
    }
}

/// A search as storage runs it. `terms` are plain words (letters and digits only: the service
/// made sure), all of which must match.
#[derive(Debug, Clone)]
pub struct Filter<'a> {
    pub terms: &'a [String],
    /// Co-ops whose threads and comments may be shown.
    pub discussion_coops: &'a [i64],
    /// Co-ops whose proposals and statements may be shown.
    pub proposal_coops: &'a [i64],
    pub kind: Option<Kind>,
    /// Only proposals (and statements) in this state: `open` or `closed`.
    pub state: Option<&'a str>,
    pub limit: i64,
    pub offset: i64,
}

/// One hit, with what a result line needs.
#[derive(Debug, Clone)]
pub struct Hit {
    pub kind: Kind,
    pub ref_id: i64,
    pub coop_id: i64,
    /// Comments and threads: the thread.
    pub thread_id: Option<i64>,
    /// The item's own title with marks (threads, proposals), else empty.
    pub title: String,
    /// The title of what the item belongs to (the thread of a comment, the proposal of a
    /// statement), or the item's own title.
    pub context_title: String,
    /// A passage of the body with marks.
    pub excerpt: String,
    /// Proposals and statements: the proposal's state.
    pub state: Option<String>,
}

#[derive(QueryableByName)]
struct Row {
    #[diesel(sql_type = Text)]
    kind: String,
    #[diesel(sql_type = BigInt)]
    ref_id: i64,
    #[diesel(sql_type = BigInt)]
    coop_id: i64,
    #[diesel(sql_type = Nullable<BigInt>)]
    thread_id: Option<i64>,
    #[diesel(sql_type = Text)]
    title: String,
    #[diesel(sql_type = Text)]
    context_title: String,
    #[diesel(sql_type = Text)]
    excerpt: String,
    #[diesel(sql_type = Nullable<Text>)]
    state: Option<String>,
}

/// The SQL condition "this row may be shown" (ids are integers from storage, so inlined).
/// `state` is the placeholder of the state parameter (`''` when no state is asked).
fn visible(f: &Filter<'_>, state: &str) -> String {
    let (d, p) = (
        super::id_list(f.discussion_coops),
        super::id_list(f.proposal_coops),
    );
    let mut sql = if f.discussion_coops == f.proposal_coops {
        format!("coop_id IN ({d})")
    } else {
        format!(
            "((kind IN ('thread','comment') AND coop_id IN ({d})) \
             OR (kind IN ('proposal','statement') AND coop_id IN ({p})))"
        )
    };
    if let Some(kind) = f.kind {
        sql.push_str(&format!(" AND kind = '{}'", kind.key()));
    }
    sql.push_str(&format!(
        " AND ({state} = '' OR (kind IN ('proposal','statement') \
         AND ref_id IN (SELECT id FROM proposals WHERE state = {state})))"
    ));
    sql
}

/// The outer query: what each hit belongs to, after the page of hits is chosen.
const CONTEXT: &str = "\
    LEFT JOIN threads t ON h.kind = 'thread' AND t.id = h.ref_id \
    LEFT JOIN comments c ON h.kind = 'comment' AND c.id = h.ref_id \
    LEFT JOIN threads ct ON ct.id = c.thread_id \
    LEFT JOIN proposals p ON h.kind IN ('proposal','statement') AND p.id = h.ref_id \
    ORDER BY h.id DESC";

const CONTEXT_COLUMNS: &str = "h.kind, h.ref_id, h.coop_id, COALESCE(t.id, c.thread_id) AS thread_id, \
    h.title, COALESCE(t.title, ct.title, p.title, '') AS context_title, h.excerpt, p.state";

/// PostgreSQL: how many of the newest index rows the first pass looks at.
const WINDOW: i64 = 20_000;

/// One page of hits, newest first; `limit + 1` rows tell the caller there is more.
pub fn search(conn: &mut DbConn, f: &Filter<'_>) -> QueryResult<Vec<Hit>> {
    if f.terms.is_empty() || (f.discussion_coops.is_empty() && f.proposal_coops.is_empty()) {
        return Ok(vec![]);
    }
    let state = f.state.unwrap_or("");
    let rows: Vec<Row> = match conn {
        DbConn::Sqlite(c) => {
            // Each term quoted: FTS5 reads it as a plain word, whatever it spells (NEAR, OR).
            let quoted: Vec<String> = f.terms.iter().map(|t| format!("\"{t}\"")).collect();
            let sql = format!(
                "SELECT {CONTEXT_COLUMNS} FROM (\
                   SELECT rowid AS id, kind, ref_id, coop_id, \
                     highlight(search_fts, 0, char(1), char(2)) AS title, \
                     snippet(search_fts, 1, char(1), char(2), '…', 24) AS excerpt \
                   FROM search_fts WHERE search_fts MATCH ?1 AND {} \
                   ORDER BY rowid DESC LIMIT {} OFFSET {}) h {CONTEXT}",
                visible(f, "?2"),
                f.limit,
                f.offset
            );
            diesel::sql_query(sql)
                .bind::<Text, _>(quoted.join(" "))
                .bind::<Text, _>(state)
                .load(c)?
        }
        DbConn::Postgresql(c) => {
            // Two passes, because the planner guesses badly both ways: for a common word it
            // walks the primary key backwards (fast), but it does the same for a rare or absent
            // word and then reads the whole table. So first only the newest WINDOW rows (any
            // plan is cheap there); when they hold too few hits, every row through the GIN
            // index, with an ordering (`id + 0`) that the primary key cannot give, so the
            // planner takes the GIN index: few hits, since the window had few.
            let run = |c: &mut diesel::PgConnection, window: bool| -> QueryResult<Vec<Row>> {
                let (bound, order) = if window {
                    (
                        format!(
                            "AND d.id > (SELECT COALESCE(max(id), 0) FROM search_docs) - {WINDOW}"
                        ),
                        "d.id",
                    )
                } else {
                    (String::new(), "d.id + 0")
                };
                let sql = format!(
                    "SELECT {CONTEXT_COLUMNS} FROM (\
                       SELECT id, kind, ref_id, coop_id, \
                         ts_headline(cfg, title, q, $3) AS title, \
                         ts_headline(cfg, body, q, $4) AS excerpt \
                       FROM (SELECT d.*, \
                           CASE d.lang WHEN 'fr' THEN 'collegia_fr'::regconfig \
                             ELSE 'collegia_en'::regconfig END AS cfg, \
                           CASE d.lang WHEN 'fr' THEN plainto_tsquery('collegia_fr', $1) \
                             ELSE plainto_tsquery('collegia_en', $1) END AS q \
                         FROM search_docs d \
                         WHERE ((d.lang = 'fr' AND d.tsv @@ plainto_tsquery('collegia_fr', $1)) \
                            OR (d.lang <> 'fr' AND d.tsv @@ plainto_tsquery('collegia_en', $1))) \
                           AND {} {bound} \
                         ORDER BY {order} DESC LIMIT {} OFFSET {}) d) h {CONTEXT}",
                    visible(f, "$2"),
                    f.limit,
                    f.offset
                );
                let marks = format!("StartSel={MARK_START}, StopSel={MARK_END}");
                diesel::sql_query(sql)
                    .bind::<Text, _>(f.terms.join(" "))
                    .bind::<Text, _>(state)
                    .bind::<Text, _>(format!("{marks}, HighlightAll=true"))
                    .bind::<Text, _>(format!("{marks}, MaxWords=30, MinWords=12, ShortWord=0"))
                    .load(c)
            };
            let newest = run(c, true)?;
            if newest.len() as i64 >= f.limit {
                newest
            } else {
                run(c, false)?
            }
        }
    };
    rows.into_iter()
        .map(|r| {
            let kind = Kind::parse(&r.kind)
                .ok_or_else(|| super::corrupt("search_docs", r.ref_id, "unknown kind"))?;
            Ok(Hit {
                kind,
                ref_id: r.ref_id,
                coop_id: r.coop_id,
                thread_id: r.thread_id,
                title: r.title,
                context_title: r.context_title,
                excerpt: r.excerpt,
                state: r.state,
            })
        })
        .collect()
}
