//! Proxies: the co-op's rule, the visitor's live proxies (revocable when given), the form to
//! give one.

use super::coops::{CoopView, in_coop, when};
use super::forms::{alert, csrf};
use super::layout::Chrome;
use crate::domain::refusal::Code;
use crate::domain::rulebook::Proxies;
use crate::i18n::{Arg, refusal, render, t};
use chrono::NaiveDateTime;
use maud::{Markup, html};

/// One live proxy given or held by the visitor.
pub struct ProxyRow {
    pub id: i64,
    pub giver_name: String,
    pub holder_name: String,
    /// `None`: until revoked.
    pub proposal_id: Option<i64>,
    pub created_at: NaiveDateTime,
    /// The visitor gave it (and may revoke it).
    pub given: bool,
}

/// A member or an open proposal offered in the form: value and label.
pub struct Choice {
    pub value: String,
    pub label: String,
}

pub struct ProxiesPage {
    pub coop: CoopView,
    pub error: Option<String>,
    /// The co-op's proxy rule.
    pub rule: Proxies,
    pub mine: Vec<ProxyRow>,
    /// The members who may hold the visitor's proxy.
    pub holders: Vec<Choice>,
    /// The open proposals a proxy may be limited to.
    pub open: Vec<Choice>,
}

pub fn proxies_page(chrome: &Chrome<'_>, v: &ProxiesPage) -> Markup {
    let l = chrome.locale;
    let token = chrome.csrf;
    let coop = &v.coop;
    let p = &v.rule;
    let body = html! {
        (alert(v.error.as_deref()))
        @if p.allowed {
            p { (render(l, "proxies-rule", &[("max", Arg::from(u64::from(p.max_per_holder)))]))
                @if p.same_college { " " (t(l, "proxies-rule-same-college")) } }
        } @else {
            p { (refusal(l, &Code::ProxiesForbidden.into())) }
        }
        h2 { (t(l, "proxies-current")) }
        @if v.mine.is_empty() { p { (t(l, "proxies-none")) } }
        ul {
            @for x in &v.mine {
                li {
                    (render(l, "proxies-line", &[("giver", Arg::from(x.giver_name.as_str())), ("holder", Arg::from(x.holder_name.as_str())), ("date", Arg::from(when(l, coop, x.created_at)))]))
                    @if let Some(pid) = x.proposal_id {
                        " " (render(l, "proxies-for-proposal", &[("id", Arg::from(pid))]))
                    }
                    @if x.given {
                        form.inline method="post" action=(format!("/c/{}/proxies/{}/revoke", coop.slug, x.id)) {
                            (csrf(token)) " " button type="submit" { (t(l, "proxies-revoke")) }
                        }
                    }
                }
            }
        }
        @if p.allowed {
            h2 { (t(l, "proxies-give")) }
            form method="post" action=(format!("/c/{}/proxies", coop.slug)) {
                (csrf(token))
                p.field {
                    label for="f-holder" { (t(l, "proxies-holder")) }
                    select #f-holder name="holder" {
                        @for m in &v.holders { option value=(m.value) { (m.label) } }
                    }
                }
                p.field {
                    label for="f-proposal" { (t(l, "proxies-proposal")) }
                    select #f-proposal name="proposal" {
                        option value="" { (t(l, "proxies-until-revoked")) }
                        @for x in &v.open { option value=(x.value) { (x.label) } }
                    }
                }
                button type="submit" { (t(l, "proxies-give")) }
            }
        }
    };
    let title = render(
        l,
        "proxies-title",
        &[("coop", Arg::from(coop.name.as_str()))],
    );
    in_coop(chrome, coop, &title, body)
}
