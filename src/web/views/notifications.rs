//! The notifications page: newest first, unread ones in bold and named as unread (for screen
//! readers too), each a link that opens the thing and marks it read; "mark all as read";
//! older pages by keyset links.

use super::forms::{csrf, notice};
use super::layout::{Chrome, page};
use crate::domain::notification::Kind;
use crate::i18n::notifications::sentence;
use crate::i18n::{Arg, format, render, t};
use chrono::NaiveDateTime;
use maud::{Markup, html};

/// One notification as listed.
pub struct Line {
    pub id: i64,
    pub kind: Kind,
    pub coop: String,
    pub actor: Option<String>,
    pub subject: String,
    pub detail: Option<String>,
    pub at: NaiveDateTime,
    pub unread: bool,
}

/// What the page shows.
pub struct NotificationsView {
    pub lines: Vec<Line>,
    /// The cursor of the next (older) page.
    pub older: Option<i64>,
    /// This is not the newest page.
    pub paged: bool,
    /// Just marked all read.
    pub marked: bool,
    /// The reader's time zone (the server's).
    pub tz: chrono_tz::Tz,
}

pub fn notifications_page(chrome: &Chrome<'_>, v: &NotificationsView) -> Markup {
    let l = chrome.locale;
    let any_unread = v.lines.iter().any(|n| n.unread);
    let body = html! {
        @if v.marked { (notice(Some(&t(l, "notifications-marked")))) }
        p { (t(l, "notifications-intro")) " " a href="/account/notifications" { (t(l, "notifications-settings")) } }
        @if any_unread || chrome.counters.is_some_and(|c| c.unread > 0) {
            form method="post" action="/notifications/read" {
                (csrf(chrome.csrf))
                button.secondary type="submit" { (t(l, "notifications-mark-all")) }
            }
        }
        @if v.lines.is_empty() {
            p.empty { (t(l, "notifications-empty")) }
        } @else {
            ol.notifications {
                @for n in &v.lines {
                    li class=[n.unread.then_some("unread")] {
                        a href=(format!("/notifications/{}", n.id)) {
                            @if n.unread {
                                span.visually-hidden { (t(l, "notifications-unread")) " " }
                            }
                            (sentence(l, n.kind, &n.subject, n.actor.as_deref(), n.detail.as_deref()))
                        }
                        @if n.unread { " " span.tag.open aria-hidden="true" { (t(l, "notifications-new")) } }
                        br;
                        span.meta {
                            (render(l, "notifications-in", &[("coop", Arg::from(n.coop.as_str()))]))
                            " · "
                            time datetime=(n.at.and_utc().to_rfc3339()) title=(format::in_zone(l, v.tz, n.at)) {
                                (format::relative(l, v.tz, n.at, chrome.now))
                            }
                        }
                    }
                }
            }
        }
        @if v.paged || v.older.is_some() {
            nav.pager aria-label=(t(l, "notifications-title")) {
                @if v.paged { a href="/notifications" { (t(l, "notifications-newest")) } " " }
                @if let Some(o) = v.older { a href=(format!("/notifications?before={o}")) { (t(l, "notifications-older")) } }
            }
        }
    };
    page(chrome, &t(l, "notifications-title"), body)
}
