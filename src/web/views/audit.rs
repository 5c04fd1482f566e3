//! The audit trail of a co-op, newest first, with the chain's verdict.

use super::coops::{CoopView, in_coop, when};
use super::layout::Chrome;
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
        @match &v.verdict {
            Ok(n) => p.notice role="status" { (render(l, "audit-chain-ok", &[("count", Arg::from(*n))])) },
            Err(seq) => p.error role="alert" { (render(l, "audit-chain-broken", &[("seq", Arg::from(*seq))])) },
        }
        p { a href=(format!("/c/{}/audit.csv", coop.slug)) download { (t(l, "audit-csv")) } }
        @let (time_h, actor_h, kind_h, data_h) = (t(l, "audit-time"), t(l, "audit-actor"), t(l, "audit-kind"), t(l, "audit-data"));
        table.stack {
            thead { tr { th scope="col" { "#" } th scope="col" { (time_h) } th scope="col" { (actor_h) } th scope="col" { (kind_h) } th scope="col" { (data_h) } } }
            tbody {
                @for e in &v.events {
                    tr {
                        th scope="row" { "#" (e.seq) }
                        td.date data-label=(time_h) { (when(l, coop, e.at)) }
                        td data-label=(actor_h) { @if let Some(a) = &e.actor { (a) } @else { "—" } }
                        td data-label=(kind_h) { code.kind { (e.kind) } }
                        td data-label=(data_h) { code.data { (e.data) } }
                    }
                }
            }
        }
    };
    let title = render(l, "audit-title", &[("coop", Arg::from(coop.name.as_str()))]);
    in_coop(chrome, coop, &title, body)
}
