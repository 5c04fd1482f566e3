//! Pieces shared by the co-op pages: the co-op's menu, the rules in sentences, dates in the
//! co-op's time zone.

use crate::access::{Access, Action};
use crate::domain::rulebook::{Rulebook, explain};
use crate::i18n::rulebook::render_explanation;
use crate::i18n::{Locale, t};
use crate::storage::coops::Coop;
use chrono::NaiveDateTime;
use maud::{Markup, html};

pub use crate::i18n::format::college_name;

/// What a co-op page shows of its co-op: its name and address, its clock, and the sections
/// the visitor may open. Views take this, never the stored row.
#[derive(Debug, Clone)]
pub struct CoopView {
    pub name: String,
    pub slug: String,
    pub tz: chrono_tz::Tz,
    /// The actions the visitor may take here (the menu shows their sections).
    pub may: Vec<Action>,
}

impl CoopView {
    /// Built by a handler from the stored co-op and the visitor's access.
    pub fn of(coop: &Coop, access: &Access) -> CoopView {
        CoopView {
            name: coop.name.clone(),
            slug: coop.slug.clone(),
            tz: coop.tz(),
            may: MENU
                .iter()
                .map(|(_, _, action)| *action)
                .filter(|a| access.may(*a))
                .collect(),
        }
    }
}

/// Anything with a time zone: dates are shown in it.
pub trait Zoned {
    fn zone(&self) -> chrono_tz::Tz;
}

impl Zoned for CoopView {
    fn zone(&self) -> chrono_tz::Tz {
        self.tz
    }
}

impl Zoned for Coop {
    fn zone(&self) -> chrono_tz::Tz {
        self.tz()
    }
}

/// A stored UTC instant in the co-op's time zone, in the reader's language.
pub fn when(locale: Locale, coop: &impl Zoned, at: NaiveDateTime) -> String {
    crate::i18n::format::in_zone(locale, coop.zone(), at)
}

/// The co-op's sections: path, catalog key, the action that opens it.
const MENU: [(&str, &str, Action); 11] = [
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

/// The co-op's menu: only the pages this visitor may open.
pub fn nav(locale: Locale, coop: &CoopView) -> Markup {
    let base = format!("/c/{}", coop.slug);
    html! {
        nav.coop aria-label=(t(locale, "coop-nav")) {
            ul.inline {
                @for (path, key, action) in MENU {
                    @if coop.may.contains(&action) {
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
