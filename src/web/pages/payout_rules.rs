//! Payout rules: the versions adopted (each linked to its proposal), and a form that composes
//! a rule, previews it over last month's approved work and opens a `payout_rule` proposal.
//! Nobody sets a rule directly: only an adopted proposal does.

use super::{html, unprocessable};
use crate::coops::Coop;
use crate::domain::fraction::to_ratio_string;
use crate::domain::payout::{
    PayoutFile, PayoutResult, PayoutRule, WorkEntry, YearMonth, compute, parse_rule,
    validate_for_template,
};
use crate::domain::work::WorkKind;
use crate::web::authz::Access;
use crate::web::context::{CsrfForm, Ctx};
use crate::web::errors::AppError;
use crate::web::views::coops::CoopView;
use crate::web::views::layout::Chrome;
use crate::web::views::payouts::{
    PayoutRulesPage, PreviewLine, RuleFields, RulePreview, RuleVersionView, payout_rules_page,
};
use crate::work::records::{self, Earned};
use actix_web::HttpResponse;
use chrono::NaiveDate;
use maud::Markup;
use serde::Deserialize;

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
            distributable_share: to_ratio_string(&r.distributable_share),
            effective_from: String::new(),
        }
    }

    /// The fields as the view shows them (with the payload the proposal form sends).
    fn fields(&self) -> RuleFields {
        RuleFields {
            support_points_per_day: self.support_points_per_day.clone(),
            task_max_points: self.task_max_points.clone(),
            task_tolerance_points: self.task_tolerance_points.clone(),
            window_months: self.window_months.clone(),
            distributable_share: self.distributable_share.clone(),
            effective_from: self.effective_from.clone(),
            payload: self.payload(),
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
    earned: &[Earned],
) -> Option<PayoutResult> {
    let mut rule = rule.clone();
    rule.effective_from = None;
    let work: Vec<WorkEntry> = earned
        .iter()
        .filter_map(|e| {
            let date = NaiveDate::parse_from_str(e.earned_on.as_deref()?, "%Y-%m-%d").ok()?;
            let points = if e.kind == WorkKind::SupportDay {
                rule.support_points_per_day
            } else {
                e.estimate.and_then(|x| u64::try_from(x).ok()).unwrap_or(0)
            };
            Some(WorkEntry::points(e.member_public_id.clone(), date, points))
        })
        .collect();
    compute(&PayoutFile::new(rule, last_month, 1_000_000, "EUR", work)).ok()
}

use records::Rules as Loaded;

async fn load(ctx: &Ctx, access: &Access) -> Result<Loaded, AppError> {
    let id = access.coop()?.id;
    ctx.state
        .db
        .run(move |c| records::rules(c, id))
        .await
        .map_err(AppError::from)
}

struct Shown<'a> {
    form: &'a RuleForm,
    error: Option<&'a str>,
    preview: Option<&'a PayoutResult>,
}

/// The preview's lines by member name, and the proposal's default closing time: 15 days, so
/// it stays clear of the class's 14-day minimum by the time the form is sent.
fn rule_preview(data: &Loaded, coop: &Coop, result: &PayoutResult) -> RulePreview {
    let closes = (chrono::Utc::now() + chrono::Duration::days(15))
        .with_timezone(&coop.tz())
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    let lines = result
        .lines
        .iter()
        .map(|line| PreviewLine {
            name: data
                .names
                .get(&line.member)
                .cloned()
                .unwrap_or_else(|| line.member.clone()),
            share: to_ratio_string(&line.share),
        })
        .collect();
    RulePreview { lines, closes }
}

fn render_page(
    ctx: &Ctx,
    access: &Access,
    data: &Loaded,
    shown: &Shown<'_>,
) -> Result<Markup, AppError> {
    let coop = access.coop()?;
    let view = PayoutRulesPage {
        coop: CoopView::of(coop, access),
        versions: data
            .versions
            .iter()
            .map(|v| RuleVersionView {
                version: v.version,
                rule: v.rule.clone(),
                in_force_from: v.in_force_from,
                adopted_at: v.adopted_at,
                proposal_id: v.proposal_id,
            })
            .collect(),
        is_scic: data.is_scic,
        form: shown.form.fields(),
        error: shown.error.map(str::to_string),
        preview: shown.preview.map(|r| rule_preview(data, coop, r)),
    };
    Ok(payout_rules_page(&Chrome::from(ctx), &view))
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
    let last_month = records::month_of(ctx.state.clock.today(coop.tz()))
        .and_then(|m| m.minus_months(1))
        .ok_or_else(|| AppError::Internal("no last month".into()))?;
    let window = PayoutFile::new(rule.clone(), last_month, 0, "EUR", vec![])
        .window()
        .map_err(|e| AppError::BadRequest(e.to_string()))?;
    let earned = ctx
        .state
        .db
        .run(move |c| records::earned_between(c, coop.id, (window.from, window.to)))
        .await?;
    let result = preview(&rule, last_month, &earned);
    let shown = Shown {
        form: &form,
        error: None,
        preview: result.as_ref(),
    };
    Ok(html(render_page(&ctx, &access, &data, &shown)?))
}
