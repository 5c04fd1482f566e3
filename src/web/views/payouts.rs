//! Payout rules (the adopted versions, the compose-and-preview form) and monthly runs (declare,
//! review, confirm).

use super::coops::{CoopView, in_coop, when};
use super::forms::{alert, csrf};
use super::layout::Chrome;
use crate::domain::fraction::to_ratio_string;
use crate::domain::payout::{PayoutRule, YearMonth};
use crate::i18n::{Arg, Locale, render, t};
use crate::mail::statement::share_percent;
use crate::work::money;
use chrono::NaiveDateTime;
use maud::{Markup, html};

/// One adopted version of the payout rule.
pub struct RuleVersionView {
    pub version: i32,
    pub rule: PayoutRule,
    pub in_force_from: YearMonth,
    pub adopted_at: NaiveDateTime,
    pub proposal_id: Option<i64>,
}

/// The compose form's fields, as typed.
pub struct RuleFields {
    pub support_points_per_day: String,
    pub task_max_points: String,
    pub task_tolerance_points: String,
    pub window_months: String,
    pub distributable_share: String,
    pub effective_from: String,
    /// The rule as a `payout_rule` payload (JSON), for the proposal form.
    pub payload: String,
}

/// One member's line of the preview.
pub struct PreviewLine {
    pub name: String,
    /// The share as a ratio string ("1/3").
    pub share: String,
}

/// Last month's work under the composed rule, and the proposal form's default closing time.
pub struct RulePreview {
    pub lines: Vec<PreviewLine>,
    /// `YYYY-MM-DDTHH:MM` in the co-op's time zone.
    pub closes: String,
}

pub struct PayoutRulesPage {
    pub coop: CoopView,
    pub versions: Vec<RuleVersionView>,
    pub is_scic: bool,
    pub form: RuleFields,
    pub error: Option<String>,
    pub preview: Option<RulePreview>,
}

fn version_line(l: Locale, coop: &CoopView, v: &RuleVersionView) -> Markup {
    let slug = &coop.slug;
    html! {
        li { (render(l, "payrules-version-line", &[
                ("version", Arg::from(i64::from(v.version))),
                ("from", Arg::from(v.in_force_from.to_string())),
                ("support", Arg::from(v.rule.support_points_per_day)),
                ("max", Arg::from(v.rule.task_max_points)),
                ("tolerance", Arg::from(v.rule.task_tolerance_points)),
                ("window", Arg::from(u64::from(v.rule.window_months))),
                ("share", Arg::from(to_ratio_string(&v.rule.distributable_share)))]))
            " · " (when(l, coop, v.adopted_at))
            @if let Some(p) = v.proposal_id { " · " a href=(format!("/c/{slug}/proposals/{p}")) { (render(l, "payrules-adopted-by", &[("id", Arg::from(p))])) } } }
    }
}

pub fn payout_rules_page(chrome: &Chrome<'_>, v: &PayoutRulesPage) -> Markup {
    let l = chrome.locale;
    let slug = &v.coop.slug;
    let f = &v.form;
    let field = |name: &str, key: &str, value: &str| {
        html! {
            p.field { label for=(format!("f-{name}")) { (t(l, key)) } " " input id=(format!("f-{name}")) name=(name) type="text" value=(value); }
        }
    };
    let body = html! {
        section #versions {
            h2 { (t(l, "payrules-versions-title")) }
            @if v.versions.is_empty() { p { (t(l, "work-no-rule")) } }
            ul { @for x in v.versions.iter().rev() { (version_line(l, &v.coop, x)) } }
        }
        section #compose {
            h2 { (t(l, "payrules-compose-title")) }
            p.hint { (t(l, "payrules-by-proposal-only")) }
            @if v.is_scic { p.hint { (t(l, "payrules-scic-limit")) } }
            (alert(v.error.as_deref()))
            form method="post" action=(format!("/c/{slug}/payout-rules/preview")) {
                (csrf(chrome.csrf))
                (field("support_points_per_day", "payrules-support", &f.support_points_per_day))
                (field("task_max_points", "payrules-task-max", &f.task_max_points))
                (field("task_tolerance_points", "payrules-tolerance", &f.task_tolerance_points))
                (field("window_months", "payrules-window", &f.window_months))
                (field("distributable_share", "payrules-share", &f.distributable_share))
                (field("effective_from", "payrules-effective-from", &f.effective_from))
                button type="submit" { (t(l, "payrules-preview")) }
            }
            @if let Some(preview) = &v.preview {
                section #preview {
                    h3 { (t(l, "payrules-preview-title")) }
                    @if preview.lines.is_empty() { p { (t(l, "payrules-preview-empty")) } }
                    ul { @for line in &preview.lines {
                        li { (render(l, "payrules-preview-line", &[
                            ("name", Arg::from(line.name.as_str())),
                            ("percent", Arg::from(share_percent(l, &line.share)))])) }
                    } }
                    (propose_form(chrome, slug, f, &preview.closes))
                }
            }
        }
    };
    let title = render(
        l,
        "payrules-page-title",
        &[("coop", Arg::from(v.coop.name.as_str()))],
    );
    in_coop(chrome, &v.coop, &title, body)
}

/// Opens the `payout_rule` proposal through the proposals form's own endpoint (its checks,
/// its refusals), with the rule as payload; the author gives a title and a closing time.
fn propose_form(chrome: &Chrome<'_>, slug: &str, f: &RuleFields, closes: &str) -> Markup {
    let l = chrome.locale;
    let title = render(
        l,
        "payrules-proposal-title",
        &[("share", Arg::from(f.distributable_share.trim()))],
    );
    html! {
        form #propose method="post" action=(format!("/c/{}/proposals", slug)) {
            (csrf(chrome.csrf))
            input type="hidden" name="decision_class" value="payout_rule";
            input type="hidden" name="method" value="proposal";
            input type="hidden" name="results_visibility" value="after_close";
            input type="hidden" name="payload" value=(f.payload);
            p.field { label for="p-title" { (t(l, "payrules-proposal-name")) } " " input #p-title type="text" name="title" value=(title) required; }
            p.field { label for="p-closes" { (t(l, "payrules-proposal-closes")) } " " input #p-closes type="datetime-local" name="closes_at" value=(closes) required; }
            button type="submit" { (t(l, "payrules-open-proposal")) }
        }
    }
}

/// One run in the list.
/// A run's state as a tag: a draft to confirm, or confirmed.
fn state_tag(l: Locale, state: &str) -> Markup {
    let class = if state == "confirmed" {
        "tag adopted"
    } else {
        "tag draft"
    };
    html! { span class=(class) { (t(l, &format!("payouts-state-{state}"))) } }
}

pub struct RunRow {
    pub id: i64,
    pub month: String,
    pub surplus_cents: i64,
    pub currency: String,
    pub state: String,
}

pub struct RunsPage {
    pub coop: CoopView,
    pub error: Option<String>,
    pub runs: Vec<RunRow>,
}

pub fn runs_page(chrome: &Chrome<'_>, v: &RunsPage) -> Markup {
    let l = chrome.locale;
    let slug = &v.coop.slug;
    let body = html! {
        (alert(v.error.as_deref()))
        section #declare {
            h2 { (t(l, "payouts-declare-title")) }
            form method="post" action=(format!("/c/{slug}/payouts")) {
                (csrf(chrome.csrf))
                p { label for="month" { (t(l, "payouts-month")) } " " input #month type="text" name="month" placeholder="YYYY-MM" pattern="[0-9]{4}-[0-9]{2}" required; }
                p { label for="surplus" { (t(l, "payouts-surplus")) } " " input #surplus type="text" name="surplus" inputmode="decimal" required; }
                p { label for="currency" { (t(l, "payouts-currency")) } " " input #currency type="text" name="currency" value="EUR" maxlength="3" size="4" required; }
                button type="submit" { (t(l, "payouts-declare")) }
            }
        }
        section #runs {
            h2 { (t(l, "payouts-runs-title")) }
            @if v.runs.is_empty() { p { (t(l, "payouts-runs-none")) } }
            ul { @for r in &v.runs {
                li { a href=(format!("/c/{slug}/payouts/{}", r.id)) { (r.month) } " · "
                    (money(l, r.surplus_cents, &r.currency)) " " (state_tag(l, &r.state)) }
            } }
        }
    };
    let title = render(
        l,
        "payouts-title",
        &[("coop", Arg::from(v.coop.name.as_str()))],
    );
    in_coop(chrome, &v.coop, &title, body)
}

/// One member's line of a run.
pub struct RunLine {
    pub display_name: String,
    pub points: i64,
    /// The share as a ratio string ("1/3").
    pub share: String,
    pub amount_cents: i64,
}

/// One run: its totals, its lines, the confirm form while it is a draft.
pub struct RunPage {
    pub coop: CoopView,
    pub id: i64,
    pub month: String,
    pub state: String,
    pub confirmed: bool,
    pub confirmed_at: Option<NaiveDateTime>,
    pub surplus_cents: i64,
    pub pool_cents: i64,
    pub undistributed_cents: i64,
    pub currency: String,
    pub rule_version: i32,
    pub lines: Vec<RunLine>,
}

pub fn run_page(chrome: &Chrome<'_>, v: &RunPage) -> Markup {
    let l = chrome.locale;
    let base = format!("/c/{}/payouts/{}", v.coop.slug, v.id);
    let body = html! {
        p #run-state { (state_tag(l, &v.state))
            @if let Some(at) = v.confirmed_at { " · " (when(l, &v.coop, at)) } }
        dl {
            dt { (t(l, "payouts-surplus")) } dd { (money(l, v.surplus_cents, &v.currency)) }
            dt { (t(l, "payouts-pool")) } dd #pool { (money(l, v.pool_cents, &v.currency)) }
            dt { (t(l, "payouts-rule-version")) } dd { (v.rule_version) }
        }
        @if v.lines.is_empty() {
            p.notice #nothing role="status" { (render(l, "payouts-nothing", &[("amount", Arg::from(money(l, v.undistributed_cents, &v.currency)))])) }
        } @else {
            @let (points_h, share_h, amount_h) = (t(l, "payouts-points"), t(l, "payouts-share"), t(l, "payouts-amount"));
            table #lines .stack {
                thead { tr { th scope="col" { (t(l, "payouts-member")) } th scope="col" { (points_h) } th scope="col" { (share_h) } th scope="col" { (amount_h) } } }
                tbody { @for line in &v.lines {
                    tr { th scope="row" { (line.display_name) } td data-label=(points_h) { (line.points) } td data-label=(share_h) { (share_percent(l, &line.share)) " %" } td data-label=(amount_h) { (money(l, line.amount_cents, &v.currency)) } }
                } }
            }
        }
        p { a href=(format!("{base}/export.csv")) download { (t(l, "payouts-csv")) } }
        @if !v.confirmed {
            form method="post" action=(format!("{base}/confirm")) {
                (csrf(chrome.csrf))
                p.hint { (t(l, "payouts-confirm-hint")) }
                button type="submit" { (t(l, "payouts-confirm")) }
            }
        }
    };
    let title = render(
        l,
        "payouts-run-title",
        &[("month", Arg::from(v.month.as_str()))],
    );
    in_coop(chrome, &v.coop, &title, body)
}
