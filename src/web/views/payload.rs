//! What a `rules_change` or `payout_rule` proposal would enact, in plain words: members vote
//! on the rules themselves, not on a title.

use crate::domain::fraction::to_ratio_string;
use crate::domain::payout::parse_rule;
use crate::domain::rulebook::{self, DecisionClass, Rulebook, explain};
use crate::i18n::rulebook::{render_change, render_explanation};
use crate::i18n::{Arg, Locale, render, t};
use maud::{Markup, html};

/// The section of a proposal page that shows its payload, if it has one.
pub fn section(
    l: Locale,
    class: DecisionClass,
    payload: Option<&str>,
    current: &Rulebook,
) -> Markup {
    let Some(payload) = payload else {
        return html! {};
    };
    match class {
        DecisionClass::RulesChange => rules_change(l, payload, current),
        DecisionClass::PayoutRule => payout_rule(l, payload),
        _ => html! {},
    }
}

fn sentences(l: Locale, book: &Rulebook) -> Vec<String> {
    explain(book)
        .iter()
        .map(|e| render_explanation(l, e))
        .collect()
}

/// The proposed rulebook against the current one, sentence by sentence, then in full.
fn rules_change(l: Locale, payload: &str, current: &Rulebook) -> Markup {
    let Ok(proposed) = rulebook::parse(payload) else {
        return html! {};
    };
    let (new, old) = (sentences(l, &proposed), sentences(l, current));
    let added: Vec<&String> = new.iter().filter(|s| !old.contains(s)).collect();
    let removed: Vec<&String> = old.iter().filter(|s| !new.contains(s)).collect();
    // Every changed field, whether or not a sentence above mentions it.
    let changes: Vec<String> = rulebook::diff(current, &proposed)
        .iter()
        .map(|c| render_change(l, c, current, &proposed))
        .collect();
    html! {
        section #changes {
            h2 { (t(l, "proposal-changes-title")) }
            @if changes.is_empty() {
                p { (t(l, "proposal-changes-none")) }
            } @else {
                @if !added.is_empty() {
                    p { (t(l, "proposal-changes-becomes")) }
                    ul.added { @for s in &added { li { (s) } } }
                }
                @if !removed.is_empty() {
                    p { (t(l, "proposal-changes-instead")) }
                    ul.removed { @for s in &removed { li { (s) } } }
                }
                p { (t(l, "proposal-changes-fields")) }
                ul.fields { @for s in &changes { li { (s) } } }
            }
            details {
                summary { (t(l, "proposal-changes-full")) }
                ul.rules { @for s in &new { li { (s) } } }
            }
        }
    }
}

/// The proposed payout rule in one sentence.
fn payout_rule(l: Locale, payload: &str) -> Markup {
    let Ok(rule) = parse_rule(payload) else {
        return html! {};
    };
    let from = rule
        .effective_from
        .map(|m| m.to_string())
        .unwrap_or_else(|| t(l, "proposal-payout-from-next"));
    html! {
        section #changes {
            h2 { (t(l, "proposal-changes-title")) }
            p { (render(l, "proposal-payout-rule", &[
                ("support", Arg::from(rule.support_points_per_day)),
                ("max", Arg::from(rule.task_max_points)),
                ("tolerance", Arg::from(rule.task_tolerance_points)),
                ("window", Arg::from(u64::from(rule.window_months))),
                ("share", Arg::from(to_ratio_string(&rule.distributable_share))),
                ("from", Arg::from(from)),
            ])) }
        }
    }
}
