//! The audit trail of a co-op, newest first, with the chain's verdict.

use super::coops::{CoopView, nav, when};
use super::layout::{Chrome, page};
use crate::i18n::{Arg, render, t};
use chrono::NaiveDateTime;
use maud::{Markup, html};

/// One event as listed.
pub struct EventRow {
    pub seq: i64,
    pub at: NaiveDateTime,
    /// The actor's name (or id, when the account is gone); `None` for the system.
    pub actor: Option<String>,
    pub kind: String,
    pub data: String,
}

/// What the audit page shows.
pub struct AuditView {
    pub coop: CoopView,
    /// `Ok(number of events)` when the hash chain holds, `Err(seq)` of the first broken event.
    pub verdict: Result<usize, i64>,
    /// The events shown, newest first.
    pub events: Vec<EventRow>,
}

pub fn audit_page(chrome: &Chrome<'_>, v: &AuditView) -> Markup {
    let l = chrome.locale;
    let coop = &v.coop;
    let body = html! {
        (nav(l, coop))
        @match &v.verdict {
            Ok(n) => p.notice role="status" { (render(l, "audit-chain-ok", &[("count", Arg::from(*n))])) },
            Err(seq) => p.error role="alert" { (render(l, "audit-chain-broken", &[("seq", Arg::from(*seq))])) },
        }
        p { a href=(format!("/c/{}/audit.csv", coop.slug)) download { (t(l, "audit-csv")) } }
        table {
            thead { tr { th { "#" } th { (t(l, "audit-time")) } th { (t(l, "audit-actor")) } th { (t(l, "audit-kind")) } th { (t(l, "audit-data")) } } }
            tbody {
                @for e in &v.events {
                    tr {
                        td { (e.seq) }
                        td { (when(l, coop, e.at)) }
                        td { @if let Some(a) = &e.actor { (a) } @else { "—" } }
                        td { code { (e.kind) } }
                        td { code.data { (e.data) } }
                    }
                }
            }
        }
    };
    let title = render(l, "audit-title", &[("coop", Arg::from(coop.name.as_str()))]);
    page(chrome, &title, body)
}
