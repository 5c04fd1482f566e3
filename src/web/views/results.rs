//! A tally's result as a page fragment: the verdict and its reasons, the weighted totals with
//! a server-drawn SVG bar chart (no JavaScript), and the table per college.

use crate::domain::election::{CollegeResult, Outcome};
use crate::domain::fraction::{Fraction, to_display_f64};
use crate::i18n::format::number;
use crate::i18n::{Locale, t};
use crate::proposals::closing::verdict_text;
use crate::proposals::secrecy::{any_withheld, is_withheld};
use crate::web::views::results_tables::choice_name;
use maud::{Markup, html};

pub use crate::proposals::SECRET_MIN_COUNTED;

/// A result as the reader may see it: the handler applies secrecy to the reasons (see
/// [`crate::proposals::secrecy::public_reasons`]); this view hides what is left.
pub struct ResultView<'a> {
    pub locale: Locale,
    pub outcome: &'a Outcome,
    /// Secret ballot: hide the figures of colleges with fewer than [`SECRET_MIN_COUNTED`]
    /// counted ballots, and every total they could be worked out from.
    pub secret: bool,
    /// The reasons, rendered, secrecy applied.
    pub reasons: &'a [String],
    /// A college's plain name from its key.
    pub college_name: &'a dyn Fn(&str) -> String,
    /// Adopted, but its payload was refused at closing: why.
    pub not_enacted: Option<&'a str>,
}

pub fn percent(locale: Locale, value: &Fraction) -> String {
    format!("{} %", number(locale, to_display_f64(value) * 100.0, 1))
}

/// Horizontal bars, one per option: its name and share above a bar on a track of 100 %, so
/// the chart reads at 360 pixels as well as on a desk (the stylesheet caps its width).
pub fn chart(locale: Locale, shares: &[(String, Fraction)], label: &str) -> Markup {
    const WIDTH: f64 = 320.0;
    let row = 46;
    let height = row * shares.len().max(1);
    // Shares are fractions of the whole; anything larger scales the track.
    let scale = shares
        .iter()
        .map(|(_, v)| to_display_f64(v))
        .fold(1.0_f64, f64::max);
    html! {
        svg.chart role="img" aria-label=(label) viewBox=(format!("0 0 {WIDTH} {height}")) width="100%" xmlns="http://www.w3.org/2000/svg" {
            @for (i, (name, value)) in shares.iter().enumerate() {
                @let y = i * row;
                @let w = (to_display_f64(value) / scale * WIDTH).max(0.0);
                text x="0" y=(y + 16) font-size="14" fill="#1a1a1a" { (name) " — " (percent(locale, value)) }
                rect.bar-track x="0.5" y=(y + 22) width=(WIDTH - 1.0) height="16" rx="2" fill="#eeeeee" {}
                rect.bar-fill x="0.5" y=(y + 22) width=(format!("{:.1}", (w - 1.0).max(0.0))) height="16" rx="2" fill="#1d4e89" {}
            }
        }
    }
}

/// The per-college table's column names, written once: the header row and every cell's
/// `data-label` (its column's name when the table stacks on a narrow screen).
struct ColumnNames {
    weight: String,
    effective: String,
    eligible: String,
    ballots: String,
    turnout: String,
    quorum: String,
    shares: String,
}

impl ColumnNames {
    fn new(l: Locale) -> ColumnNames {
        ColumnNames {
            weight: t(l, "results-weight"),
            effective: t(l, "results-effective-weight"),
            eligible: t(l, "results-eligible"),
            ballots: t(l, "results-ballots"),
            turnout: t(l, "results-turnout"),
            quorum: t(l, "results-quorum"),
            shares: t(l, "results-shares"),
        }
    }
}

/// The whole result: verdict, reasons, totals, chart, per-college table.
pub fn result(v: &ResultView<'_>) -> Markup {
    let (locale, outcome) = (v.locale, v.outcome);
    let withheld = |c: &CollegeResult| is_withheld(c, v.secret);
    let verdict = verdict_text(locale, outcome.verdict.name(), v.not_enacted);
    // Choices in the reader's words (`agree` → "Pour"), options as named.
    let say = |key: &str| choice_name(locale, outcome.method, key);
    let shares: Vec<(String, Fraction)> = outcome
        .shares
        .iter()
        .map(|(k, s)| (say(k), s.clone()))
        .collect();
    html! {
        section.result aria-labelledby="h-verdict" {
            h2 #h-verdict { (verdict) @if let Some(w) = &outcome.winner { " — " (w) } }
            ul.reasons { @for r in v.reasons { li { (r) } } }
            @if let Some(turnout) = &outcome.turnout { p { (t(locale, "results-turnout")) " " (percent(locale, turnout)) } }
            h3 { (t(locale, "results-weighted")) }
            @if any_withheld(outcome, v.secret) {
                p.notice { (t(locale, "results-totals-withheld")) }
            } @else {
                (chart(locale, &shares, &t(locale, "results-weighted")))
                @let (option_h, share_h) = (t(locale, "results-option"), t(locale, "results-share"));
                table.shares.stack {
                    thead { tr { th scope="col" { (option_h) } th scope="col" { (share_h) } } }
                    tbody { @for (name, v) in &shares { tr { th scope="row" { (name) } td data-label=(share_h) { (percent(locale, v)) } } } }
                }
            }
            h3 { (t(locale, "results-colleges")) }
            @let h = ColumnNames::new(locale);
            table.colleges.stack {
                thead { tr {
                    th scope="col" { (t(locale, "results-college")) }
                    th scope="col" { (h.weight) }
                    th scope="col" { (h.effective) }
                    th scope="col" { (h.eligible) }
                    th scope="col" title=(t(locale, "results-ballots-legend")) { (h.ballots) }
                    th scope="col" { (h.turnout) }
                    th scope="col" { (h.quorum) }
                    th scope="col" { (h.shares) }
                } }
                tbody {
                    @for c in &outcome.colleges {
                        tr {
                            th scope="row" { ((v.college_name)(&c.key)) }
                            td data-label=(h.weight) { @if let Some(w) = &c.weight { (number(locale, to_display_f64(w), 2)) } @else { "—" } }
                            td data-label=(h.effective) { (percent(locale, &(c.effective_weight.clone() / Fraction::from_integer(100.into())))) }
                            td data-label=(h.eligible) { @if let Some(e) = c.eligible { (e) } @else { "—" } }
                            @if withheld(c) {
                                td colspan="4" { (t(locale, "results-withheld")) }
                            } @else {
                                td data-label=(h.ballots) { (c.ballots) " (" (c.counted) ")" }
                                td data-label=(h.turnout) { @if let Some(tu) = &c.turnout { (percent(locale, tu)) } @else { "—" } }
                                td data-label=(h.quorum) { @match c.quorum_met { Some(true) => (t(locale, "results-yes")), Some(false) => (t(locale, "results-no")), None => "—" } }
                                td data-label=(h.shares) { @for (i, (name, v)) in c.shares.iter().enumerate() { @if i > 0 { br; } (say(name)) "\u{a0}" (percent(locale, v)) } }
                            }
                        }
                    }
                }
            }
            p.hint { (t(locale, "results-ballots-legend")) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::election::tally_json;
    use crate::proposals::secrecy::public_reasons;

    fn outcome() -> Outcome {
        tally_json(
            r#"{"format":"collegia-election/1","method":"proposal",
            "rules":{"colleges":[{"key":"workers","weight":40},{"key":"users","weight":60}]},
            "ballots":[{"college":"workers","choice":"agree","count":4},{"college":"workers","choice":"disagree"},
                       {"college":"users","choice":"agree"},{"college":"users","choice":"disagree"}]}"#,
        )
        .unwrap()
    }

    fn page(o: &Outcome, secret: bool) -> String {
        let name = |k: &str| format!("College {k}");
        let reasons = public_reasons(Locale::En, o, secret, &name);
        result(&ResultView {
            locale: Locale::En,
            outcome: o,
            secret,
            reasons: &reasons,
            college_name: &name,
            not_enacted: None,
        })
        .into_string()
    }

    #[test]
    fn shows_verdict_reasons_chart_and_colleges_by_name() {
        let html = page(&outcome(), false);
        assert!(html.contains("<svg"), "a chart");
        assert!(html.contains("College workers") && html.contains("College users"));
        assert!(html.contains("weighted agree share 62%"), "{html}");
        assert!(html.contains("Agree") && !html.contains(">agree"), "{html}");
        assert!(html.contains("62 %") || html.contains("62.0 %"), "{html}");
    }

    #[test]
    fn secret_results_hide_small_colleges_and_the_totals() {
        let html = page(&outcome(), true);
        // users cast 2 counted ballots: withheld; workers cast 5: shown.
        assert_eq!(html.matches(&t(Locale::En, "results-withheld")).count(), 1);
        assert!(!html.contains("<svg"), "no totals: {html}");
        assert!(html.contains(&t(Locale::En, "results-totals-withheld")));
        assert!(
            !html.contains("62"),
            "no weighted share, not even in a reason: {html}"
        );
    }
}
