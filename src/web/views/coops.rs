//! Pieces shared by the co-op pages: the co-op's menu, the rules in sentences, dates in the
//! co-op's time zone.

use crate::domain::rulebook::{Rulebook, explain};
use crate::i18n::rulebook::render_explanation;
use crate::i18n::{Locale, t};
use crate::storage::coops::Coop;
use crate::web::authz::{Access, Action};
use chrono::NaiveDateTime;
use maud::{Markup, html};

pub use crate::i18n::format::college_name;

/// A stored UTC instant in the co-op's time zone, in the reader's language.
pub fn when(locale: Locale, coop: &Coop, at: NaiveDateTime) -> String {
    crate::i18n::format::in_zone(locale, coop.tz(), at)
}

/// The co-op's menu: only the pages this visitor may open.
pub fn nav(locale: Locale, coop: &Coop, access: &Access) -> Markup {
    let base = format!("/c/{}", coop.slug);
    let items = [
        ("", "coop-nav-home", Action::ViewCoop),
        ("/proposals", "coop-nav-proposals", Action::ViewProposals),
        ("/votes", "coop-nav-votes", Action::Vote),
        ("/threads", "threads-nav", Action::ViewThreads),
        ("/rules", "coop-nav-rules", Action::ViewCoop),
        ("/members", "coop-nav-members", Action::ViewDirectory),
        ("/register", "coop-nav-register", Action::ViewRegister),
        ("/invitations", "coop-nav-invitations", Action::Invite),
        ("/proxies", "coop-nav-proxies", Action::OwnProxies),
        ("/work", "coop-nav-work", Action::LogWork),
        ("/audit", "coop-nav-audit", Action::ViewAudit),
    ];
    html! {
        nav.coop aria-label=(t(locale, "coop-nav")) {
            ul.inline {
                @for (path, key, action) in items {
                    @if access.may(action) {
                        li { a href=(format!("{base}{path}")) { (t(locale, key)) } }
                    }
                }
            }
        }
    }
}

/// The rulebook in plain sentences, in the reader's language.
pub fn explanation(locale: Locale, book: &Rulebook) -> Markup {
    html! {
        ul.rules {
            @for e in explain(book) {
                li { (render_explanation(locale, &e)) }
            }
        }
    }
}
