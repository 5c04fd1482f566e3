//! A tally's result as a page fragment: the verdict and its reasons, the weighted totals with
//! a server-drawn SVG bar chart (no JavaScript), and the table per college.

use crate::domain::election::{CollegeResult, Outcome};
use crate::domain::fraction::{Fraction, to_display_f64};
use crate::i18n::format::number;
use crate::i18n::{Locale, t};
use crate::proposals::closing::verdict_text;
use crate::proposals::secrecy::{any_withheld, is_withheld};
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

fn percent(locale: Locale, value: &Fraction) -> String {
    format!("{} %", number(locale, to_display_f64(value) * 100.0, 1))
}

/// Horizontal bars, one per option, labelled with the exact share rounded for display.
pub fn chart(locale: Locale, shares: &[(String, Fraction)], label: &str) -> Markup {
    let row = 28;
    let height = row * shares.len().max(1) + 8;
    let max = shares
        .iter()
        .map(|(_, v)| to_display_f64(v))
        .fold(0.0_f64, f64::max)
        .max(1e-9);
    html! {
        svg.chart role="img" aria-label=(label) viewBox=(format!("0 0 600 {height}")) width="100%" xmlns="http://www.w3.org/2000/svg" {
            @for (i, (name, value)) in shares.iter().enumerate() {
                @let y = 4 + i * row;
                @let w = (to_display_f64(value) / max * 380.0).max(0.0);
                text x="0" y=(y + 18) font-size="14" fill="#1a1a1a" { (name) }
                rect x="160" y=(y + 4) width=(format!("{w:.1}")) height="18" fill="#1d4e89" {}
                text x=(format!("{:.1}", 166.0 + w)) y=(y + 18) font-size="14" fill="#1a1a1a" { (percent(locale, value)) }
            }
        }
    }
}

/// The whole result: verdict, reasons, totals, chart, per-college table.
pub fn result(v: &ResultView<'_>) -> Markup {
    let (locale, outcome) = (v.locale, v.outcome);
    let withheld = |c: &CollegeResult| is_withheld(c, v.secret);
    let verdict = verdict_text(locale, outcome.verdict.name(), v.not_enacted);
    html! {
        section.result aria-labelledby="h-verdict" {
            h2 #h-verdict { (verdict) @if let Some(w) = &outcome.winner { " — " (w) } }
            ul.reasons { @for r in v.reasons { li { (r) } } }
            @if let Some(turnout) = &outcome.turnout { p { (t(locale, "results-turnout")) " " (percent(locale, turnout)) } }
            h3 { (t(locale, "results-weighted")) }
            @if any_withheld(outcome, v.secret) {
                p.notice { (t(locale, "results-totals-withheld")) }
            } @else {
                (chart(locale, &outcome.shares, &t(locale, "results-weighted")))
                table {
                    thead { tr { th scope="col" { (t(locale, "results-option")) } th scope="col" { (t(locale, "results-share")) } } }
                    tbody { @for (name, v) in &outcome.shares { tr { td { (name) } td { (percent(locale, v)) } } } }
                }
            }
            h3 { (t(locale, "results-colleges")) }
            table.colleges {
                thead { tr {
                    th scope="col" { (t(locale, "results-college")) }
                    th scope="col" { (t(locale, "results-weight")) }
                    th scope="col" { (t(locale, "results-effective-weight")) }
                    th scope="col" { (t(locale, "results-eligible")) }
                    th scope="col" title=(t(locale, "results-ballots-legend")) { (t(locale, "results-ballots")) }
                    th scope="col" { (t(locale, "results-turnout")) }
                    th scope="col" { (t(locale, "results-quorum")) }
                    th scope="col" { (t(locale, "results-shares")) }
                } }
                tbody {
                    @for c in &outcome.colleges {
                        tr {
                            th scope="row" { ((v.college_name)(&c.key)) }
                            td { @if let Some(w) = &c.weight { (number(locale, to_display_f64(w), 2)) } @else { "—" } }
                            td { (percent(locale, &(c.effective_weight.clone() / Fraction::from_integer(100.into())))) }
                            td { @if let Some(e) = c.eligible { (e) } @else { "—" } }
                            @if withheld(c) {
                                td colspan="4" { (t(locale, "results-withheld")) }
                            } @else {
                                td { (c.ballots) " (" (c.counted) ")" }
                                td { @if let Some(tu) = &c.turnout { (percent(locale, tu)) } @else { "—" } }
                                td { @match c.quorum_met { Some(true) => (t(locale, "results-yes")), Some(false) => (t(locale, "results-no")), None => "—" } }
                                td { @for (i, (name, v)) in c.shares.iter().enumerate() { @if i > 0 { ", " } (name) " " (percent(locale, v)) } }
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
