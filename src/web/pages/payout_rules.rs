//! Payout rules: the versions adopted (each linked to its proposal), and a form that composes
//! a rule, previews it over last month's approved work and opens a `payout_rule` proposal.
//! Nobody sets a rule directly: only an adopted proposal does.

use super::{html, unprocessable};
use crate::domain::payout::{
    PayoutFile, PayoutResult, PayoutRule, WorkEntry, YearMonth, compute, parse_rule,
    validate_for_template,
};
use crate::domain::rulebook::Template;
use crate::i18n::{Arg, render};
use crate::mail::statement::share_percent;
use crate::storage::payouts::{self, RuleVersion};
use crate::storage::{coops, members, work};
use crate::web::authz::Access;
use crate::web::context::{CsrfForm, Ctx};
use crate::web::errors::AppError;
use crate::web::views::coops::{CoopView, nav, when};
use crate::web::views::forms::{alert, csrf};
use crate::web::views::layout::{Chrome, page};
use actix_web::HttpResponse;
use chrono::NaiveDate;
use maud::{Markup, html};
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Deserialize, Default, Clone)]
pub struct RuleForm {
    #[serde(default)]
    support_points_per_day: String,
    #[serde(default)]
    task_max_points: String,
    #[serde(default)]
    task_tolerance_points: String,
    #[serde(default)]
    window_months: String,
    #[serde(default)]
    distributable_share: String,
    #[serde(default)]
    effective_from: String,
}

impl RuleForm {
    fn from_rule(r: &PayoutRule) -> Self {
        RuleForm {
            support_points_per_day: r.support_points_per_day.to_string(),
            task_max_points: r.task_max_points.to_string(),
            task_tolerance_points: r.task_tolerance_points.to_string(),
            window_months: r.window_months.to_string(),
            distributable_share: crate::domain::fraction::to_ratio_string(&r.distributable_share),
            effective_from: String::new(),
        }
    }

    /// The rule as a `payout_rule` payload (JSON), as typed.
    pub fn payload(&self) -> String {
        let int = |s: &str| {
            s.trim()
                .parse::<i64>()
                .map(serde_json::Value::from)
                .unwrap_or_else(|_| serde_json::Value::from(s.trim()))
        };
        let mut v = serde_json::json!({
            "support_points_per_day": int(&self.support_points_per_day),
            "task_max_points": int(&self.task_max_points),
            "task_tolerance_points": int(&self.task_tolerance_points),
            "window_months": int(&self.window_months),
            "distributable_share": self.distributable_share.trim(),
        });
        if !self.effective_from.trim().is_empty() {
            v["effective_from"] = self.effective_from.trim().into();
        }
        v.to_string()
    }
}

/// Last month's work under `rule`: the window ending last month, entries converted by `rule`.
pub fn preview(
    rule: &PayoutRule,
    last_month: YearMonth,
    earned: &[work::Earned],
) -> Option<PayoutResult> {
    let mut rule = rule.clone();
    rule.effective_from = None;
    let work: Vec<WorkEntry> = earned
        .iter()
        .filter_map(|e| {
            let date = NaiveDate::parse_from_str(e.earned_on.as_deref()?, "%Y-%m-%d").ok()?;
            let points = if e.kind == work::SUPPORT_DAY {
                rule.support_points_per_day
            } else {
                e.estimate.and_then(|x| u64::try_from(x).ok()).unwrap_or(0)
            };
            Some(WorkEntry::points(e.member_public_id.clone(), date, points))
        })
        .collect();
    compute(&PayoutFile::new(rule, last_month, 1_000_000, "EUR", work)).ok()
}

struct Loaded {
    versions: Vec<RuleVersion>,
    names: HashMap<String, String>,
    is_scic: bool,
}

async fn load(ctx: &Ctx, access: &Access) -> Result<Loaded, AppError> {
    let id = access.coop()?.id;
    ctx.state
        .db
        .run(move |c| {
            let names = members::history(c, id)?
                .into_iter()
                .map(|m| (m.public_id, m.display_name))
                .collect();
            Ok::<_, AppError>(Loaded {
                versions: payouts::rule_versions(c, id)?,
                names,
                is_scic: coops::current_rulebook(c, id)?.template == Template::Scic,
            })
        })
        .await
}

struct Shown<'a> {
    form: &'a RuleForm,
    error: Option<&'a str>,
    preview: Option<&'a PayoutResult>,
}

fn render_page(
    ctx: &Ctx,
    access: &Access,
    data: &Loaded,
    shown: &Shown<'_>,
) -> Result<Markup, AppError> {
    let coop = access.coop()?;
    let l = ctx.locale;
    let slug = &coop.slug;
    let f = shown.form;
    let field = |name: &str, key: &str, value: &str| {
        html! {
            p.field { label for=(format!("f-{name}")) { (ctx.t(key)) } " " input id=(format!("f-{name}")) name=(name) type="text" value=(value); }
        }
    };
    let body = html! {
        (nav(l, &CoopView::of(coop, access)))
        section #versions {
            h2 { (ctx.t("payrules-versions-title")) }
            @if data.versions.is_empty() { p { (ctx.t("work-no-rule")) } }
            ul { @for v in data.versions.iter().rev() {
                li { (render(l, "payrules-version-line", &[
                        ("version", Arg::from(i64::from(v.version))),
                        ("from", Arg::from(v.in_force_from.to_string())),
                        ("support", Arg::from(v.rule.support_points_per_day)),
                        ("max", Arg::from(v.rule.task_max_points)),
                        ("tolerance", Arg::from(v.rule.task_tolerance_points)),
                        ("window", Arg::from(u64::from(v.rule.window_months))),
                        ("share", Arg::from(crate::domain::fraction::to_ratio_string(&v.rule.distributable_share)))]))
                    " · " (when(l, coop, v.adopted_at))
                    @if let Some(p) = v.proposal_id { " · " a href=(format!("/c/{slug}/proposals/{p}")) { (render(l, "payrules-adopted-by", &[("id", Arg::from(p))])) } } }
            } }
        }
        section #compose {
            h2 { (ctx.t("payrules-compose-title")) }
            p.hint { (ctx.t("payrules-by-proposal-only")) }
            @if data.is_scic { p.hint { (ctx.t("payrules-scic-limit")) } }
            (alert(shown.error))
            form method="post" action=(format!("/c/{slug}/payout-rules/preview")) {
                (csrf(&ctx.csrf))
                (field("support_points_per_day", "payrules-support", &f.support_points_per_day))
                (field("task_max_points", "payrules-task-max", &f.task_max_points))
                (field("task_tolerance_points", "payrules-tolerance", &f.task_tolerance_points))
                (field("window_months", "payrules-window", &f.window_months))
                (field("distributable_share", "payrules-share", &f.distributable_share))
                (field("effective_from", "payrules-effective-from", &f.effective_from))
                button type="submit" { (ctx.t("payrules-preview")) }
            }
            @if let Some(result) = shown.preview {
                section #preview {
                    h3 { (ctx.t("payrules-preview-title")) }
                    @if result.lines.is_empty() { p { (ctx.t("payrules-preview-empty")) } }
                    ul { @for line in &result.lines {
                        li { (render(l, "payrules-preview-line", &[
                            ("name", Arg::from(data.names.get(&line.member).cloned().unwrap_or_else(|| line.member.clone()))),
                            ("percent", Arg::from(share_percent(l, &crate::domain::fraction::to_ratio_string(&line.share))))])) }
                    } }
                    (propose_form(ctx, coop, f))
                }
            }
        }
    };
    let title = render(
        l,
        "payrules-page-title",
        &[("coop", Arg::from(coop.name.as_str()))],
    );
    Ok(page(&Chrome::from(ctx), &title, body))
}

/// Opens the `payout_rule` proposal through the proposals form's own endpoint (its checks,
/// its refusals), with the rule as payload; the author gives a title and a closing time.
fn propose_form(ctx: &Ctx, coop: &crate::storage::coops::Coop, f: &RuleForm) -> Markup {
    let closes = (chrono::Utc::now() + chrono::Duration::days(14))
        .with_timezone(&coop.tz())
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    let title = render(
        ctx.locale,
        "payrules-proposal-title",
        &[("share", Arg::from(f.distributable_share.trim()))],
    );
    html! {
        form #propose method="post" action=(format!("/c/{}/proposals", coop.slug)) {
            (csrf(&ctx.csrf))
            input type="hidden" name="decision_class" value="payout_rule";
            input type="hidden" name="method" value="proposal";
            input type="hidden" name="results_visibility" value="after_close";
            input type="hidden" name="payload" value=(f.payload());
            p.field { label for="p-title" { (ctx.t("payrules-proposal-name")) } " " input #p-title type="text" name="title" value=(title) required; }
            p.field { label for="p-closes" { (ctx.t("payrules-proposal-closes")) } " " input #p-closes type="datetime-local" name="closes_at" value=(closes) required; }
            button type="submit" { (ctx.t("payrules-open-proposal")) }
        }
    }
}

pub async fn show(ctx: Ctx, access: Access) -> Result<HttpResponse, AppError> {
    let data = load(&ctx, &access).await?;
    let form = data
        .versions
        .last()
        .map(|v| RuleForm::from_rule(&v.rule))
        .unwrap_or_else(|| RuleForm {
            support_points_per_day: "2".into(),
            task_max_points: "8".into(),
            task_tolerance_points: "1".into(),
            window_months: "12".into(),
            distributable_share: "2/5".into(),
            effective_from: String::new(),
        });
    let shown = Shown {
        form: &form,
        error: None,
        preview: None,
    };
    Ok(html(render_page(&ctx, &access, &data, &shown)?))
}

/// Checks the composed rule (the SCIC limit included) and previews it over last month's work.
pub async fn preview_submit(
    ctx: Ctx,
    access: Access,
    CsrfForm(form): CsrfForm<RuleForm>,
) -> Result<HttpResponse, AppError> {
    let data = load(&ctx, &access).await?;
    let coop = access.coop()?.clone();
    let parsed = parse_rule(&form.payload())
        .map_err(|e| e.to_string())
        .and_then(|rule| {
            validate_for_template(&rule, data.is_scic)
                .map(|_| rule)
                .map_err(|e| ctx.t(e.code()))
        });
    let rule = match parsed {
        Ok(rule) => rule,
        Err(message) => {
            let shown = Shown {
                form: &form,
                error: Some(&message),
                preview: None,
            };
            return Ok(unprocessable(render_page(&ctx, &access, &data, &shown)?));
        }
    };
    let last_month = payouts::month_of(ctx.state.clock.today(coop.tz()))
        .and_then(|m| m.minus_months(1))
        .ok_or_else(|| AppError::Internal("no last month".into()))?;
    let window = PayoutFile::new(rule.clone(), last_month, 0, "EUR", vec![])
        .window()
        .map_err(|e| AppError::BadRequest(e.to_string()))?;
    let earned = ctx
        .state
        .db
        .run(move |c| Ok::<_, AppError>(work::earned_between(c, coop.id, window.from, window.to)?))
        .await?;
    let result = preview(&rule, last_month, &earned);
    let shown = Shown {
        form: &form,
        error: None,
        preview: result.as_ref(),
    };
    Ok(html(render_page(&ctx, &access, &data, &shown)?))
}
