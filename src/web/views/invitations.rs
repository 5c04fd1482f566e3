//! Invitations: the form (one address or a pasted list), the report of a batch, the list with
//! resend and revoke.

use super::coops::{CoopView, in_coop, when};
use super::forms::{csrf, notice};
use super::layout::Chrome;
use crate::domain::invitation::InvitationStatus;
use crate::domain::rulebook::College;
use crate::i18n::{Arg, Locale, render, t};
use chrono::NaiveDateTime;
use maud::{Markup, html};

/// Problem addresses quoted in the report, per kind.
const QUOTED: usize = 50;

/// What a batch of invitations did: how many were sent, which addresses were refused.
pub struct ReportView {
    pub invited: usize,
    pub malformed: Vec<String>,
    pub duplicates: Vec<String>,
    pub already: Vec<String>,
}

/// One invitation in the list.
pub struct InvitationRow {
    pub id: i64,
    pub email: String,
    /// The place offered, in words ("Workers (board)").
    pub place: String,
    pub status: InvitationStatus,
    pub sent_at: NaiveDateTime,
    /// Neither accepted nor revoked: it may be resent or revoked.
    pub open: bool,
}

pub struct InvitationsPage {
    pub coop: CoopView,
    pub report: Option<ReportView>,
    /// The colleges one may invite into.
    pub colleges: Vec<College>,
    /// The roles one may invite as (their keys).
    pub roles: Vec<&'static str>,
    /// How many invitations there are in all.
    pub total: usize,
    /// The ones shown (the newest).
    pub rows: Vec<InvitationRow>,
}

fn quoted(list: &[String]) -> String {
    let mut text = list
        .iter()
        .take(QUOTED)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if list.len() > QUOTED {
        text.push_str(", …");
    }
    text
}

fn report_view(l: Locale, r: &ReportView) -> Markup {
    let line = |key: &str, list: &[String]| {
        render(
            l,
            key,
            &[
                ("count", Arg::from(list.len())),
                ("list", Arg::from(quoted(list))),
            ],
        )
    };
    html! {
        (notice(Some(&render(l, "invite-report-sent", &[("count", Arg::from(r.invited))]))))
        @if !r.malformed.is_empty() { p.error role="alert" { (line("invite-report-malformed", &r.malformed)) } }
        @if !r.duplicates.is_empty() { p.error { (line("invite-report-duplicates", &r.duplicates)) } }
        @if !r.already.is_empty() { p.error { (line("invite-report-already", &r.already)) } }
    }
}

fn row(l: Locale, token: &str, coop: &CoopView, i: &InvitationRow) -> Markup {
    let slug = &coop.slug;
    let status = match i.status {
        InvitationStatus::Accepted => "tag adopted",
        InvitationStatus::Pending => "tag open",
        InvitationStatus::Revoked | InvitationStatus::Expired => "tag closed",
    };
    html! {
        tr {
            th scope="row" { (i.email) }
            td data-label=(t(l, "members-college")) { (i.place) }
            td data-label=(t(l, "invite-status")) { span class=(status) { (t(l, &format!("invite-status-{}", i.status.key()))) } }
            td data-label=(t(l, "invite-sent")) { (when(l, coop, i.sent_at)) }
            td {
                @if i.open {
                    form.inline method="post" action=(format!("/c/{}/invitations/{}/resend", slug, i.id)) {
                        (csrf(token)) button type="submit" { (t(l, "invite-resend")) }
                    }
                    form.inline method="post" action=(format!("/c/{}/invitations/{}/revoke", slug, i.id)) {
                        (csrf(token)) button type="submit" { (t(l, "invite-revoke")) }
                    }
                }
            }
        }
    }
}

pub fn invitations_page(chrome: &Chrome<'_>, v: &InvitationsPage) -> Markup {
    let l = chrome.locale;
    let token = chrome.csrf;
    let slug = &v.coop.slug;
    let body = html! {
        @if let Some(r) = &v.report { (report_view(l, r)) }
        form method="post" action=(format!("/c/{}/invitations", slug)) {
            (csrf(token))
            p.field {
                label for="f-emails" { (t(l, "invite-emails")) }
                textarea #f-emails name="emails" rows="6" required {}
            }
            p.hint { (t(l, "invite-emails-hint")) }
            p.field {
                label for="f-college" { (t(l, "members-college")) }
                select #f-college name="college" {
                    @for c in &v.colleges { option value=(c.key) { (c.name) } }
                }
            }
            p.field {
                label for="f-role" { (t(l, "invite-role")) }
                select #f-role name="role" {
                    @for r in &v.roles { option value=(r) { (t(l, &format!("role-{}", r))) } }
                }
            }
            button type="submit" { (t(l, "invite-submit")) }
        }
        h2 { (t(l, "invite-list")) " (" (v.total) ")" }
        table.stack {
            thead { tr { th scope="col" { (t(l, "field-email")) } th scope="col" { (t(l, "members-college")) } th scope="col" { (t(l, "invite-status")) } th scope="col" { (t(l, "invite-sent")) } td {} } }
            tbody {
                @for i in &v.rows { (row(l, token, &v.coop, i)) }
            }
        }
    };
    let title = render(
        l,
        "invite-title",
        &[("coop", Arg::from(v.coop.name.as_str()))],
    );
    in_coop(chrome, &v.coop, &title, body)
}
