//! The work log (claims, the board's review) and each member's payout statements.

use super::coops::{CoopView, in_coop};
use super::forms::{alert, csrf};
use super::layout::Chrome;
use crate::domain::payout::PayoutRule;
use crate::i18n::{Arg, Locale, render, t};
use crate::mail::statement::share_percent;
use crate::work::money;
use maud::{Markup, html};

/// The payout rule in force this month, and its version.
pub struct RuleInForce {
    pub version: i32,
    pub rule: PayoutRule,
}

/// One logged claim: a support day or a task.
pub struct EntryView {
    pub id: i64,
    pub is_task: bool,
    pub title: Option<String>,
    pub estimate: Option<i64>,
    pub work_date: String,
    pub status: String,
    pub points_awarded: Option<i64>,
    pub member_name: String,
}

/// The work page: the rule in force, the forms to log work, the claims to review (board),
/// the visitor's own entries.
pub struct WorkPage {
    pub coop: CoopView,
    pub error: Option<String>,
    pub rule: Option<RuleInForce>,
    pub may_review: bool,
    pub may_run_payouts: bool,
    pub pending: Vec<EntryView>,
    pub mine: Vec<EntryView>,
}

fn entry_text(l: Locale, x: &EntryView) -> Markup {
    html! {
        @if x.is_task {
            (t(l, "work-kind-task")) " · " (x.title.as_deref().unwrap_or("")) " · "
            (render(l, "work-estimate-points", &[("points", Arg::from(x.estimate.unwrap_or(0)))]))
        } @else {
            (t(l, "work-kind-support-day"))
        }
        " · " (x.work_date)
    }
}

fn review_forms(l: Locale, token: &str, slug: &str, e: &EntryView) -> Markup {
    let base = format!("/c/{}/work/{}", slug, e.id);
    html! {
        form.inline method="post" action=(format!("{base}/approve")) {
            (csrf(token))
            @if e.is_task {
                label { (t(l, "work-effort")) " " input type="number" name="effort" min="1" size="4"; }
            }
            " " button type="submit" { (t(l, "work-approve")) }
        }
        form.inline method="post" action=(format!("{base}/reject")) {
            (csrf(token))
            button type="submit" { (t(l, "work-reject")) }
        }
        @if e.is_task {
            form.inline method="post" action=(format!("{base}/reschedule")) {
                (csrf(token))
                label { (t(l, "work-missing")) " " input type="number" name="missing" min="1" size="4" required; }
                " " button type="submit" { (t(l, "work-reschedule")) }
            }
        }
    }
}

pub fn work_page(chrome: &Chrome<'_>, v: &WorkPage) -> Markup {
    let l = chrome.locale;
    let token = chrome.csrf;
    let slug = &v.coop.slug;
    let body = html! {
        (alert(v.error.as_deref()))
        p { a href=(format!("/c/{slug}/payout-rules")) { (t(l, "work-rules-link")) } " · "
            a href=(format!("/c/{slug}/statements")) { (t(l, "work-statements-link")) }
            @if v.may_run_payouts { " · " a href=(format!("/c/{slug}/payouts")) { (t(l, "work-payouts-link")) } } }
        @match &v.rule {
            Some(r) => p.hint { (render(l, "work-rule-in-force", &[
                ("version", Arg::from(i64::from(r.version))),
                ("support", Arg::from(r.rule.support_points_per_day)),
                ("max", Arg::from(r.rule.task_max_points)),
                ("tolerance", Arg::from(r.rule.task_tolerance_points))])) },
            None => p.notice role="status" { (t(l, "work-no-rule")) },
        }
        section #log-support {
            h2 { (t(l, "work-support-title")) }
            form method="post" action=(format!("/c/{slug}/work/support")) {
                (csrf(token))
                label for="support-date" { (t(l, "work-date")) } " "
                input #support-date type="date" name="date" required;
                " " button type="submit" { (t(l, "work-log-support")) }
            }
        }
        section #log-task {
            h2 { (t(l, "work-task-title")) }
            form method="post" action=(format!("/c/{slug}/work/tasks")) {
                (csrf(token))
                p { label for="task-title" { (t(l, "work-title")) } " " input #task-title type="text" name="title" maxlength="200" required; }
                p { label for="task-estimate" { (t(l, "work-estimate")) } " "
                    input #task-estimate type="number" name="estimate" min="1" max=[v.rule.as_ref().map(|r| r.rule.task_max_points)] required; }
                p.hint { (t(l, "work-split-hint")) }
                button type="submit" { (t(l, "work-log-task")) }
            }
        }
        @if v.may_review {
            section #claims {
                h2 { (t(l, "work-claims-title")) }
                @if v.pending.is_empty() { p { (t(l, "work-claims-none")) } }
                ul { @for e in &v.pending {
                    li.claim { strong { (e.member_name) } " · " (entry_text(l, e)) " " (review_forms(l, token, slug, e)) }
                } }
            }
        }
        section #mine {
            h2 { (t(l, "work-mine-title")) }
            @if v.mine.is_empty() { p { (t(l, "work-mine-none")) } }
            ul { @for e in &v.mine {
                li id=(format!("work-{}", e.id)) { (entry_text(l, e)) " "
                    span class=(match e.status.as_str() { "approved" => "tag adopted", "rejected" => "tag rejected", "claimed" => "tag open", _ => "tag draft" }) {
                        (t(l, &format!("work-status-{}", e.status))) }
                    @if let Some(p) = e.points_awarded { " · " (render(l, "work-points-earned", &[("points", Arg::from(p))])) } }
            } }
        }
    };
    let title = render(
        l,
        "work-page-title",
        &[("coop", Arg::from(v.coop.name.as_str()))],
    );
    in_coop(chrome, &v.coop, &title, body)
}

/// The visitor's line of one confirmed run.
pub struct StatementLine {
    pub month: String,
    pub points: i64,
    /// The share as a ratio string ("1/3").
    pub share: String,
    pub amount_cents: i64,
    pub currency: String,
}

pub struct StatementsPage {
    pub coop: CoopView,
    pub lines: Vec<StatementLine>,
}

pub fn statements_page(chrome: &Chrome<'_>, v: &StatementsPage) -> Markup {
    let l = chrome.locale;
    let body = html! {
        @if v.lines.is_empty() { p { (t(l, "statements-none")) } }
        @else {
            @let (points_h, share_h, amount_h) = (t(l, "payouts-points"), t(l, "payouts-share"), t(l, "payouts-amount"));
            table #statements .stack {
                thead { tr { th scope="col" { (t(l, "payouts-month")) } th scope="col" { (points_h) } th scope="col" { (share_h) } th scope="col" { (amount_h) } } }
                tbody { @for s in &v.lines {
                    tr { th scope="row" { (s.month) } td data-label=(points_h) { (s.points) } td data-label=(share_h) { (share_percent(l, &s.share)) " %" } td data-label=(amount_h) { (money(l, s.amount_cents, &s.currency)) } }
                } }
            }
        }
    };
    let title = render(
        l,
        "statements-title",
        &[("coop", Arg::from(v.coop.name.as_str()))],
    );
    in_coop(chrome, &v.coop, &title, body)
}
