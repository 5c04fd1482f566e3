//! Pieces shared by the co-op pages: the co-op's menu, the rules in sentences, dates in the
//! co-op's time zone. And the co-op pages themselves: one's co-ops, a co-op's front page,
//! its rules.

use super::layout::{Chrome, framed, page};
use crate::access::Action;
use crate::domain::rulebook::{Rulebook, explain, unverified_defaults};
use crate::i18n::rulebook::render_explanation;
use crate::i18n::{Arg, Locale, render, t};
// The one storage import here: `CoopView::of` and `Zoned` for the stored co-op.
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

/// Anything with a time zone: dates are shown in it.
pub trait Zoned {
    fn zone(&self) -> chrono_tz::Tz;
}

impl Zoned for CoopView {
    fn zone(&self) -> chrono_tz::Tz {
        self.tz
    }
}

/// A stored UTC instant in the co-op's time zone, in the reader's language.
pub fn when(locale: Locale, coop: &impl Zoned, at: NaiveDateTime) -> String {
    crate::i18n::format::in_zone(locale, coop.zone(), at)
}

/// The co-op's sections: path, catalog key, the action that opens it.
pub const MENU: [(&str, &str, Action); 12] = [
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
    ("/settings", "coop-nav-settings", Action::ManageProposals),
];

/// Pages of a section that the menu does not list: path segment, the menu section they
/// belong to, catalog key.
const UNDER: [(&str, &str, &str); 3] = [
    ("payouts", "/work", "work-payouts-link"),
    ("payout-rules", "/work", "work-rules-link"),
    ("statements", "/work", "work-statements-link"),
];

/// The path's segments after the co-op's base (`/c/slug`), or `None` outside the co-op.
fn segments<'p>(path: &'p str, base: &str) -> Option<Vec<&'p str>> {
    let rest = path.strip_prefix(base)?;
    if !(rest.is_empty() || rest.starts_with('/')) {
        return None;
    }
    Some(rest.split('/').filter(|s| !s.is_empty()).collect())
}

/// The menu section (its path, `""` for the overview) that a page of the co-op belongs to.
fn section_of(segs: &[&str]) -> Option<&'static str> {
    let Some(first) = segs.first() else {
        return Some("");
    };
    MENU.iter()
        .map(|(p, _, _)| *p)
        .find(|p| !p.is_empty() && p[1..] == **first)
        .or_else(|| {
            UNDER
                .iter()
                .find(|(s, _, _)| s == first)
                .map(|(_, p, _)| *p)
        })
}

/// The co-op's menu: only the pages this visitor may open; the current section is marked
/// (`aria-current`: `page` on the section's own page, `true` below it).
pub fn nav(locale: Locale, coop: &CoopView, path: &str) -> Markup {
    let base = format!("/c/{}", coop.slug);
    let section = segments(path, &base).and_then(|s| section_of(&s));
    html! {
        nav.coop aria-label=(t(locale, "coop-nav")) {
            ul {
                @for (p, key, action) in MENU {
                    @if coop.may.contains(&action) {
                        @let href = format!("{base}{p}");
                        @let current = if path == href { Some("page") } else if section == Some(p) { Some("true") } else { None };
                        li { a href=(href) aria-current=[current] { (t(locale, key)) } }
                    }
                }
            }
        }
    }
}

/// Breadcrumbs on the pages below a section (co-op › proposals › this proposal); `None` on
/// the overview and on the sections' own pages, which the menu already marks.
pub fn breadcrumbs(locale: Locale, coop: &CoopView, path: &str, title: &str) -> Option<Markup> {
    let base = format!("/c/{}", coop.slug);
    let segs = segments(path, &base)?;
    let first = *segs.first()?;
    let mut trail = vec![(base.clone(), coop.name.clone())];
    if let Some((p, key, _)) = MENU
        .iter()
        .find(|(p, _, _)| !p.is_empty() && p[1..] == *first)
    {
        if segs.len() < 2 {
            return None;
        }
        trail.push((format!("{base}{p}"), t(locale, key)));
    } else {
        let (_, parent, key) = UNDER.iter().find(|(s, _, _)| *s == first)?;
        let (pp, pk, _) = MENU.iter().find(|(p, _, _)| p == parent)?;
        trail.push((format!("{base}{pp}"), t(locale, pk)));
        if segs.len() >= 2 {
            trail.push((format!("{base}/{first}"), t(locale, key)));
        }
    }
    Some(html! {
        nav.crumbs aria-label=(t(locale, "layout-breadcrumbs")) {
            ol {
                @for (href, label) in &trail { li { a href=(href) { (label) } } }
                li aria-current="page" { (title) }
            }
        }
    })
}

/// A page inside a co-op: the co-op's name and menu above the content, breadcrumbs on
/// nested pages.
pub fn in_coop(chrome: &Chrome<'_>, coop: &CoopView, title: &str, body: Markup) -> Markup {
    let l = chrome.locale;
    let context = html! {
        div.context {
            div.wrap {
                p.coopname { a href=(format!("/c/{}", coop.slug)) { (coop.name) } }
                (nav(l, coop, chrome.path))
            }
        }
        @if let Some(crumbs) = breadcrumbs(l, coop, chrome.path, title) {
            div.wrap { (crumbs) }
        }
    };
    framed(chrome, title, Some(context), body)
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

/// A co-op in the list of one's co-ops.
pub struct CoopLink {
    pub slug: String,
    pub name: String,
}

/// The list of the visitor's co-ops, and the way to found one.
pub fn mine_page(chrome: &Chrome<'_>, coops: &[CoopLink]) -> Markup {
    let l = chrome.locale;
    let body = html! {
        @if coops.is_empty() { p { (t(l, "coops-none")) } }
        ul {
            @for coop in coops {
                li { a href=(format!("/c/{}", coop.slug)) { (coop.name) } }
            }
        }
        p { a.button href="/coops/new" { (t(l, "coops-found")) } }
    };
    page(chrome, &t(l, "coops-title"), body)
}

/// What a member may do, in one sentence on the co-op's front page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rights {
    /// A guest (no college).
    Guest,
    Propose,
    StartThreads,
    Vote,
}

/// The visitor's place in the co-op.
pub struct Place {
    /// The college's name, in the reader's language.
    pub college: String,
    pub is_admin: bool,
    pub is_board: bool,
    pub rights: Rights,
}

/// What the co-op's front page shows.
pub struct CoopHome {
    pub coop: CoopView,
    pub founded_at: NaiveDateTime,
    /// `None` for a visitor who is not a member.
    pub place: Option<Place>,
    /// Each college's name, number of members and weight, in the rulebook's order.
    pub counts: Vec<(String, i64, String)>,
    /// What is open, decided and discussed (for those who may see proposals).
    pub activity: Option<Activity>,
}

/// An open proposal on the overview.
pub struct OpenItem {
    pub id: i64,
    pub title: String,
    pub method: String,
    pub class: String,
    pub closes_at: NaiveDateTime,
    pub on_roll: i64,
    pub voted: i64,
    pub mine: bool,
}

/// The overview's panels above the colleges.
pub struct Activity {
    pub open: Vec<OpenItem>,
    /// How many are open in all (more than listed when many are).
    pub open_count: i64,
    /// `(id, title, verdict)`.
    pub decided: Vec<(i64, String, Option<String>)>,
    /// `(id, title, comments, last activity)`.
    pub threads: Vec<(i64, String, i64, NaiveDateTime)>,
}

fn activity(chrome: &Chrome<'_>, coop: &CoopView, a: &Activity) -> Markup {
    use super::proposals::{class_label, closes_text, method_label, status_tag};
    let l = chrome.locale;
    let now = chrome.now;
    html! {
        section.panel aria-labelledby="open-title" {
            h2 #open-title { (t(l, "coop-open-proposals")) }
            @if a.open.is_empty() { p { (t(l, "coop-open-none")) } }
            ul.home-list { @for p in &a.open {
                li {
                    a href=(format!("/c/{}/proposals/{}", coop.slug, p.id)) { (p.title) } " "
                    @if p.mine { span.tag.closed { (t(l, "ballot-voted")) } } @else { strong.tag.soon { (t(l, "votes-awaiting")) } }
                    br;
                    (method_label(l, &p.method)) " · " (class_label(l, &p.class)) " · "
                    (render(l, "coop-turnout", &[("voted", Arg::from(p.voted)), ("roll", Arg::from(p.on_roll))]))
                    br;
                    span.when { (closes_text(l, coop, p.closes_at, now)) }
                }
            } }
            @if a.open_count > a.open.len() as i64 {
                p { a href=(format!("/c/{}/proposals", coop.slug)) {
                    (render(l, "coop-open-all", &[("n", Arg::from(a.open_count))]))
                } }
            }
        }
        @if !a.decided.is_empty() {
            section aria-labelledby="decided-title" {
                h2 #decided-title { (t(l, "home-decided")) }
                ul.home-list { @for (id, title, verdict) in &a.decided {
                    li {
                        a href=(format!("/c/{}/proposals/{id}", coop.slug)) { (title) } " "
                        (status_tag(l, crate::domain::proposal_state::ProposalState::Closed, verdict.as_deref(), false))
                    }
                } }
            }
        }
        section aria-labelledby="threads-title" {
            h2 #threads-title { (t(l, "home-threads")) }
            @if a.threads.is_empty() { p { (t(l, "home-threads-none")) } }
            ul.home-list { @for (id, title, n, at) in &a.threads {
                li {
                    a href=(format!("/c/{}/threads/{id}", coop.slug)) { (title) } br;
                    span.when { (render(l, "home-thread-line", &[("n", Arg::from(*n)),
                        ("relative", Arg::from(crate::i18n::format::relative(l, coop.tz, *at, now)))])) }
                }
            } }
        }
    }
}

pub fn coop_page(chrome: &Chrome<'_>, v: &CoopHome) -> Markup {
    let l = chrome.locale;
    let coop = &v.coop;
    let body = html! {
        @if let Some(m) = &v.place {
            p {
                (render(l, "coop-you-are", &[("college", Arg::from(m.college.as_str()))]))
                @if m.is_admin { " · " (t(l, "role-admin")) }
                @if m.is_board { " · " (t(l, "role-board")) }
            }
            p {
                @match m.rights {
                    Rights::Guest => (t(l, "coop-guest-rights")),
                    Rights::Propose => (t(l, "coop-may-propose")),
                    Rights::StartThreads => (t(l, "coop-may-start-threads")),
                    Rights::Vote => (t(l, "coop-may-vote")),
                }
            }
        }
        @if let Some(a) = &v.activity { (activity(chrome, coop, a)) }
        h2 { (t(l, "coop-colleges")) }
        @let count_h = t(l, "coop-member-count");
        @let weight_h = t(l, "coop-weight");
        table {
            thead { tr { th scope="col" { (t(l, "coop-college")) } th scope="col" { (count_h) } th scope="col" { (weight_h) } } }
            tbody {
                @for (name, n, w) in &v.counts { tr { th scope="row" { (name) } td data-label=(count_h) { (n) } td data-label=(weight_h) { (w) } } }
            }
        }
        p { (render(l, "coop-founded-on", &[("date", Arg::from(when(l, coop, v.founded_at)))])) }
    };
    in_coop(chrome, coop, &coop.name, body)
}

/// One version of the rules, as listed in their history.
pub struct RulesVersion {
    pub version: i64,
    pub created_at: NaiveDateTime,
    /// `founding`, or `proposal:ID` for a version adopted by a proposal.
    pub origin: String,
}

/// What the rules page shows.
pub struct RulesView {
    pub coop: CoopView,
    /// The rules in force.
    pub book: Rulebook,
    /// Every version, newest first (the first is in force).
    pub versions: Vec<RulesVersion>,
}

pub fn rules_page(chrome: &Chrome<'_>, v: &RulesView) -> Markup {
    let l = chrome.locale;
    let coop = &v.coop;
    let book = &v.book;
    let current = v.versions.first().map_or(0, |c| c.version);
    let unverified = unverified_defaults(book.template, book.company_form);
    let body = html! {
        p { (render(l, "rules-current", &[("version", Arg::from(current))])) }
        (explanation(l, book))
        @if !unverified.is_empty() {
            p.hint { (t(l, "rules-check-statutes")) " (" (unverified.join(", ")) ")" }
        }
        details { summary { (t(l, "rules-json")) } pre { code { (book.to_json_pretty()) } } }
        h2 { (t(l, "rules-history")) }
        ol reversed {
            @for ver in &v.versions {
                // `proposal:ID` for a version adopted by a `rules_change` proposal: link to it.
                @let (origin, proposal) = ver.origin.split_once(':').unwrap_or((ver.origin.as_str(), ""));
                li {
                    (render(l, "rules-version-line", &[
                        ("version", Arg::from(ver.version)),
                        ("date", Arg::from(when(l, coop, ver.created_at))),
                        ("origin", Arg::from(t(l, &format!("rules-origin-{origin}")))),
                    ]))
                    @if !proposal.is_empty() { " — " a href=(format!("/c/{}/proposals/{proposal}", coop.slug)) { "#" (proposal) } }
                }
            }
        }
        p.hint { (t(l, "rules-how-to-change")) }
    };
    let title = render(l, "rules-title", &[("coop", Arg::from(coop.name.as_str()))]);
    in_coop(chrome, coop, &title, body)
}
