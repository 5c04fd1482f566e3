//! A tally's result as a page fragment: the verdict and its reasons, the weighted totals with
//! a server-drawn SVG bar chart (no JavaScript), and the table per college.

use crate::domain::election::{Outcome, Verdict};
use crate::domain::fraction::{Fraction, to_display_f64};
use crate::i18n::format::number;
use crate::i18n::{Locale, t};
use maud::{Markup, html};

pub use crate::voting::SECRET_MIN_COUNTED;

/// How much of the result a reader may see.
#[derive(Debug, Clone, Copy)]
pub struct Visibility {
    /// Hide per-college figures of colleges with fewer than [`SECRET_MIN_COUNTED`] counted ballots.
    pub secret: bool,
}

fn percent(locale: Locale, value: &Fraction) -> String {
    format!("{} %", number(locale, to_display_f64(value) * 100.0, 1))
}

fn verdict_key(v: Verdict) -> String {
    format!("results-verdict-{}", v.name().replace('_', "-"))
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
pub fn result(
    locale: Locale,
    outcome: &Outcome,
    visibility: Visibility,
    render_reason: &dyn Fn(&crate::domain::election::Reason) -> String,
) -> Markup {
    let withheld = |counted: u128| visibility.secret && counted < SECRET_MIN_COUNTED;
    html! {
        section.result aria-labelledby="h-verdict" {
            h2 #h-verdict { (t(locale, &verdict_key(outcome.verdict))) @if let Some(w) = &outcome.winner { " — " (w) } }
            ul.reasons { @for r in &outcome.reasons { li { (render_reason(r)) } } }
            @if let Some(turnout) = &outcome.turnout { p { (t(locale, "results-turnout")) " " (percent(locale, turnout)) } }
            h3 { (t(locale, "results-weighted")) }
            (chart(locale, &outcome.shares, &t(locale, "results-weighted")))
            table {
                thead { tr { th scope="col" { (t(locale, "results-option")) } th scope="col" { (t(locale, "results-share")) } } }
                tbody { @for (name, v) in &outcome.shares { tr { td { (name) } td { (percent(locale, v)) } } } }
            }
            h3 { (t(locale, "results-colleges")) }
            table.colleges {
                thead { tr {
                    th scope="col" { (t(locale, "results-college")) }
                    th scope="col" { (t(locale, "results-weight")) }
                    th scope="col" { (t(locale, "results-effective-weight")) }
                    th scope="col" { (t(locale, "results-eligible")) }
                    th scope="col" { (t(locale, "results-ballots")) }
                    th scope="col" { (t(locale, "results-turnout")) }
                    th scope="col" { (t(locale, "results-quorum")) }
                    th scope="col" { (t(locale, "results-shares")) }
                } }
                tbody {
                    @for c in &outcome.colleges {
                        tr {
                            th scope="row" { (c.key) }
                            td { @if let Some(w) = &c.weight { (number(locale, to_display_f64(w), 2)) } @else { "—" } }
                            td { (percent(locale, &(c.effective_weight.clone() / Fraction::from_integer(100.into())))) }
                            td { @if let Some(e) = c.eligible { (e) } @else { "—" } }
                            @if withheld(c.counted) {
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
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::election::tally_json;

    fn outcome() -> Outcome {
        tally_json(
            r#"{"format":"collegia-election/1","method":"proposal",
            "rules":{"colleges":[{"key":"workers","weight":40},{"key":"users","weight":60}]},
            "ballots":[{"college":"workers","choice":"agree","count":4},{"college":"workers","choice":"disagree"},
                       {"college":"users","choice":"agree"},{"college":"users","choice":"disagree"}]}"#,
        )
        .unwrap()
    }

    #[test]
    fn shows_verdict_reasons_chart_and_colleges() {
        let html = result(Locale::En, &outcome(), Visibility { secret: false }, &|r| {
            format!("reason {}", r.key())
        })
        .into_string();
        assert!(html.contains("<svg"), "a chart");
        assert!(html.contains("workers") && html.contains("users"));
        assert!(html.contains("reason "));
        assert!(html.contains("62 %") || html.contains("62.0 %"), "{html}");
    }

    #[test]
    fn secret_results_hide_small_colleges() {
        let html = result(Locale::En, &outcome(), Visibility { secret: true }, &|_| {
            String::new()
        })
        .into_string();
        // users cast 2 counted ballots: withheld; workers cast 5: shown.
        assert_eq!(html.matches(&t(Locale::En, "results-withheld")).count(), 1);
    }
}
