//! The tables behind a result, as the engine explains it (`domain::election::explain`):
//! Schulze's weighted pairwise support (with the raw ballots beside each share) and its
//! strongest paths with why the winner wins, IRV's rounds, Borda's points, and a bar per
//! option stacked by college (inline SVG, with the same figures as a table). While a vote is
//! open: who has voted per college and what the quorum still needs.
//!
//! Matrices do not stack: each scrolls inside its own labelled box on a narrow screen, so
//! the page itself never runs wider than the phone. Secrecy is the caller's: on a secret
//! ballot with a withheld college, none of this is passed in.

use super::results::percent;
use crate::domain::election::{
    Borda, Explanation, IrvRound, Method, Pairwise, QuorumNeed, RankedRule, Tables, Turnout,
};
use crate::domain::fraction::{Fraction, to_display_f64};
use crate::domain::refusal::Arg;
use crate::i18n::format::number;
use crate::i18n::{Locale, render, t};
use maud::{Markup, html};

/// A method's full name in the reader's language (`ranked` + `schulze` → "Ranked vote —
/// Schulze method").
pub fn method_name(l: Locale, method: Method, rule: RankedRule) -> String {
    match method {
        Method::Ranked => t(l, &format!("tally-method-ranked-{}", rule.name())),
        m => t(l, &format!("tally-method-{}", m.name())),
    }
}

/// A ranked rule's name alone ("Schulze method", "instant runoff", "Borda count").
pub fn rule_name(l: Locale, rule: RankedRule) -> String {
    t(l, &format!("tally-rule-{}", rule.name()))
}

/// A result key in the reader's language: the choices of `proposal` and `consent`
/// (`agree` → "Agree"/"Pour"); an option's own name otherwise.
pub fn choice_name(l: Locale, method: Method, key: &str) -> String {
    let known = match method {
        Method::Proposal => ["agree", "disagree", "abstain", "block"].contains(&key),
        Method::Consent => ["consent", "object", "stand_aside"].contains(&key),
        _ => false,
    };
    if known {
        t(l, &format!("ballot-choice-{}", key.replace('_', "-")))
    } else {
        key.to_string()
    }
}

/// What the tables show, secrecy applied by the caller.
pub struct TablesView<'a> {
    pub locale: Locale,
    pub rule: RankedRule,
    pub explanation: &'a Explanation,
    /// A college's plain name from its key.
    pub college_name: &'a dyn Fn(&str) -> String,
}

pub fn tables(v: &TablesView<'_>) -> Markup {
    let x = v.explanation;
    html! {
        @match &x.tables {
            Tables::Schulze(p) => (schulze(v.locale, &x.options, p)),
            Tables::Irv(rounds) => (irv(v.locale, rounds)),
            Tables::Borda(b) => (borda(v.locale, &x.options, b)),
            Tables::None => {}
        }
        @if !x.contributions.is_empty() { (by_college(v)) }
    }
}

fn ballots(l: Locale, n: u128) -> String {
    render(
        l,
        "results-cell-ballots",
        &[("count", Arg::Number(n as f64))],
    )
}

/// A matrix in its own scrolling box, labelled by heading `id` (a caption would scroll away
/// with a wide table); `cell(row, col)` writes one cell.
fn matrix(
    l: Locale,
    id: &str,
    options: &[String],
    cell: &dyn Fn(usize, usize) -> Markup,
) -> Markup {
    html! {
        div.scroll role="region" aria-labelledby=(id) tabindex="0" {
            table.pairwise aria-labelledby=(id) {
                thead { tr { td { span.hint { (t(l, "results-row-over-column")) } } @for o in options { th scope="col" { (o) } } } }
                tbody { @for (i, o) in options.iter().enumerate() {
                    tr { th scope="row" { (o) } @for j in 0..options.len() { td { @if i == j { "—" } @else { (cell(i, j)) } } } }
                } }
            }
        }
    }
}

fn schulze(l: Locale, options: &[String], p: &Pairwise) -> Markup {
    let over = |i: usize, j: usize| -> String {
        render(
            l,
            "results-over",
            &[
                ("a", Arg::from(options[i].as_str())),
                ("b", Arg::from(options[j].as_str())),
            ],
        )
    };
    let support = |i: usize, j: usize| {
        let (share, n) = (percent(l, &p.support[i][j]), ballots(l, p.ballots[i][j]));
        let beats = p.support[i][j] > p.support[j][i];
        html! { span title=(format!("{} — {share} ({n})", over(i, j))) {
            @if beats { strong { (share) } } @else { (share) } " " span.nw { "(" (n) ")" }
        } }
    };
    let path = |i: usize, j: usize| {
        let s = percent(l, &p.paths[i][j]);
        html! { span title=(format!("{} — {s}", over(i, j))) { @if p.beats(i, j) { strong { (s) } } @else { (s) } } }
    };
    html! {
        h3 #h-support { (t(l, "results-pairwise-title")) }
        p.hint { (t(l, "results-pairwise-hint")) }
        (matrix(l, "h-support", options, &support))
        h3 #h-paths { (t(l, "results-paths-title")) }
        p.hint { (t(l, "results-paths-hint")) }
        (matrix(l, "h-paths", options, &path))
        h3 { (t(l, "results-why-title")) }
        @match p.winner() {
            Some(w) => ul.why { @for o in (0..options.len()).filter(|o| *o != w) {
                li { (render(l, "results-why-beats", &[
                    ("winner", Arg::from(options[w].as_str())),
                    ("other", Arg::from(options[o].as_str())),
                    ("path", Arg::from(percent(l, &p.paths[w][o]))),
                    ("back", Arg::from(percent(l, &p.paths[o][w]))),
                ])) }
            } },
            None => p { (t(l, "results-why-none")) },
        }
    }
}

fn irv(l: Locale, rounds: &[IrvRound]) -> Markup {
    let (option_h, share_h) = (t(l, "results-option"), t(l, "results-round-share"));
    html! {
        h3 { (t(l, "results-rounds")) }
        // Each table's caption numbers its round.
        div.rounds { @for (i, r) in rounds.iter().enumerate() {
            div.round {
                table.shares {
                    caption { (render(l, "results-round", &[("round", Arg::from(i + 1))])) }
                    thead { tr { th scope="col" { (option_h) } th scope="col" { (share_h) } } }
                    tbody { @for (name, s) in &r.shares {
                        tr { th scope="row" { (name) } td { (percent(l, s)) } }
                    } }
                }
                @if !r.eliminated.is_empty() {
                    p { (t(l, "results-eliminated")) " " (r.eliminated.join(", ")) }
                }
            }
        } }
    }
}

fn borda(l: Locale, options: &[String], b: &Borda) -> Markup {
    let (option_h, points_h, raw_h) = (
        t(l, "results-option"),
        t(l, "results-borda-points"),
        t(l, "results-borda-raw"),
    );
    html! {
        h3 { (t(l, "results-borda-title")) }
        p.hint { (t(l, "results-borda-hint")) }
        table.shares.stack {
            thead { tr { th scope="col" { (option_h) } th scope="col" { (points_h) } th scope="col" { (raw_h) } } }
            tbody { @for (i, o) in options.iter().enumerate() {
                tr {
                    th scope="row" { (o) }
                    td data-label=(points_h) { (number(l, to_display_f64(&b.points[i]), 1)) }
                    td data-label=(raw_h) { (b.raw[i]) }
                }
            } }
        }
    }
}

/// Colours for colleges, in rule order; the legend and the table carry the names.
const PALETTE: [&str; 6] = [
    "#1d4e89", "#b45309", "#2e7d32", "#7b1fa2", "#c62828", "#00695c",
];

/// One bar per option, stacked by college, and the same figures as a table.
fn by_college(v: &TablesView<'_>) -> Markup {
    const WIDTH: f64 = 320.0;
    let (l, x) = (v.locale, v.explanation);
    let names: Vec<String> = x.colleges.iter().map(|k| (v.college_name)(k)).collect();
    let part = |c: usize, o: usize| x.contributions.get(c).and_then(|r| r.get(o));
    let total = |o: usize| -> Fraction { (0..names.len()).filter_map(|c| part(c, o)).sum() };
    let scale = (0..x.options.len())
        .map(|o| to_display_f64(&total(o)))
        .fold(1.0_f64, f64::max);
    let title = match &x.tables {
        Tables::Borda(_) => t(l, "results-by-college-points"),
        _ => t(l, "results-by-college-first"),
    };
    let row = 46;
    let legend = 24 * names.len();
    let height = row * x.options.len().max(1) + legend;
    html! {
        h3 #h-by-college { (title) }
        svg.chart role="img" aria-label=(title) viewBox=(format!("0 0 {WIDTH} {height}")) width="100%" xmlns="http://www.w3.org/2000/svg" {
            @for (i, name) in names.iter().enumerate() {
                rect x="0.5" y=(i * 24 + 4) width="14" height="14" fill=(PALETTE[i % PALETTE.len()]) {}
                text x="22" y=(i * 24 + 16) font-size="14" { (name) }
            }
            @for o in 0..x.options.len() {
                @let y = legend + o * row;
                text x="0" y=(y + 16) font-size="14" { (x.options[o]) " — " (percent(l, &total(o))) }
                rect.bar-track x="0.5" y=(y + 22) width=(WIDTH - 1.0) height="16" rx="2" {}
                @for (left, w, colour) in segments(&(0..names.len()).map(|c| part(c, o).map_or(0.0, to_display_f64) / scale * (WIDTH - 1.0)).collect::<Vec<_>>()) {
                    rect x=(format!("{left:.1}")) y=(y + 22) width=(format!("{w:.1}")) height="16" fill=(colour) {}
                }
            }
        }
        div.scroll role="region" aria-labelledby="h-by-college" tabindex="0" {
            table.shares aria-labelledby="h-by-college" {
                thead { tr { th scope="col" { (t(l, "results-option")) } @for n in &names { th scope="col" { (n) } } th scope="col" { (t(l, "results-total")) } } }
                tbody { @for o in 0..x.options.len() {
                    tr {
                        th scope="row" { (x.options[o]) }
                        @for c in 0..names.len() { td { (part(c, o).map(|f| percent(l, f)).unwrap_or_default()) } }
                        td { (percent(l, &total(o))) }
                    }
                } }
            }
        }
    }
}

/// Bar segments `(left, width, colour)` from widths in college order (empty ones left out).
fn segments(widths: &[f64]) -> Vec<(f64, f64, &'static str)> {
    let mut left = 0.5;
    let mut out = vec![];
    for (c, w) in widths.iter().enumerate() {
        if *w > 0.0 {
            out.push((left, *w, PALETTE[c % PALETTE.len()]));
        }
        left += w.max(0.0);
    }
    out
}

/// While the vote is open: "x of y voted" per college, and what the quorum still needs.
pub struct LiveView<'a> {
    pub locale: Locale,
    pub turnout: &'a [Turnout],
    pub quorum: &'a QuorumNeed,
    pub college_name: &'a dyn Fn(&str) -> String,
}

pub fn live(v: &LiveView<'_>) -> Markup {
    let l = v.locale;
    let name = |k: &str| (v.college_name)(k);
    let list = |items: &[(String, u64)], joiner: &str| -> String {
        items
            .iter()
            .map(|(k, n)| {
                render(
                    l,
                    "results-quorum-more-in",
                    &[("count", Arg::from(*n)), ("college", Arg::from(name(k)))],
                )
            })
            .collect::<Vec<_>>()
            .join(&format!(" {} ", t(l, joiner)))
    };
    let quorum = match v.quorum {
        QuorumNeed::NoQuorum => None,
        QuorumNeed::Met => Some(t(l, "results-quorum-reached")),
        QuorumNeed::Unreachable => Some(t(l, "results-quorum-unreachable")),
        QuorumNeed::Ballots(n) => Some(render(
            l,
            "results-quorum-more",
            &[("count", Arg::from(*n))],
        )),
        QuorumNeed::AnyOf(items) if items.is_empty() => Some(t(l, "results-quorum-together")),
        QuorumNeed::AnyOf(items) => Some(render(
            l,
            "results-quorum-any",
            &[("list", Arg::from(list(items, "results-or")))],
        )),
        QuorumNeed::AllOf(items) => Some(render(
            l,
            "results-quorum-all",
            &[("list", Arg::from(list(items, "results-and")))],
        )),
    };
    html! {
        section.live aria-labelledby="h-live" {
            h3 #h-live { (t(l, "results-live-title")) }
            ul { @for c in v.turnout.iter().filter(|c| c.eligible > 0 || c.cast > 0) {
                li { (render(l, "results-live-voted", &[
                    ("college", Arg::from(name(&c.college))),
                    ("cast", Arg::from(c.cast)),
                    ("eligible", Arg::from(c.eligible)),
                ])) }
            } }
            @if let Some(q) = quorum { p { (q) } }
        }
    }
}
