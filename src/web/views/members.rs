//! The directory per college (with the placement forms for those who manage members) and the
//! register of members.

use super::coops::{CoopView, college_name, in_coop, when};
use super::forms::csrf;
use super::layout::Chrome;
use crate::domain::rulebook::Rulebook;
use crate::i18n::{Arg, Locale, render, t};
use chrono::NaiveDateTime;
use maud::{Markup, html};

/// One current member of the directory.
pub struct MemberRow {
    pub public_id: String,
    pub display_name: String,
    /// `None`: a guest.
    pub college: Option<String>,
    pub is_admin: bool,
    pub is_board: bool,
    pub shares: i64,
    pub since: NaiveDateTime,
}

pub struct DirectoryPage {
    pub coop: CoopView,
    /// The co-op's rules in force (its colleges).
    pub book: Rulebook,
    pub members: Vec<MemberRow>,
    /// The visitor may move members (the placement forms).
    pub manage: bool,
}

fn member_row(l: Locale, token: &str, v: &DirectoryPage, m: &MemberRow) -> Markup {
    let slug = &v.coop.slug;
    html! {
        li.member {
            span.name { (m.display_name) }
            @if m.is_admin { " · " (t(l, "role-admin")) }
            @if m.is_board { " · " (t(l, "role-board")) }
            " · " span.since { (render(l, "members-since", &[("date", Arg::from(when(l, &v.coop, m.since)))])) }
            @if v.manage {
                form.inline method="post" action=(format!("/c/{slug}/members/{}/placement", m.public_id)) {
                    (csrf(token))
                    select name="college" aria-label=(t(l, "members-college")) {
                        @for c in &v.book.colleges {
                            option value=(c.key) selected[m.college.as_deref() == Some(c.key.as_str())] { (c.name) }
                        }
                        option value="" selected[m.college.is_none()] { (t(l, "coop-guest")) }
                    }
                    label { input type="checkbox" name="admin" value="on" checked[m.is_admin]; " " (t(l, "role-admin")) }
                    label { input type="checkbox" name="board" value="on" checked[m.is_board]; " " (t(l, "role-board")) }
                    label { (t(l, "members-shares")) " " input type="number" name="shares" min="0" value=(m.shares) size="5"; }
                    " " button type="submit" { (t(l, "members-save")) }
                }
                form.inline method="post" action=(format!("/c/{slug}/members/{}/leave", m.public_id)) {
                    (csrf(token))
                    button type="submit" { (t(l, "members-leave")) }
                }
            }
        }
    }
}

pub fn directory_page(chrome: &Chrome<'_>, v: &DirectoryPage) -> Markup {
    let l = chrome.locale;
    let token = chrome.csrf;
    let guests: Vec<&MemberRow> = v.members.iter().filter(|m| m.college.is_none()).collect();
    let body = html! {
        @for college in &v.book.colleges {
            @let inside: Vec<&MemberRow> = v.members.iter().filter(|m| m.college.as_deref() == Some(college.key.as_str())).collect();
            section.college id=(format!("college-{}", college.key)) {
                h2 { (college.name) " (" (inside.len()) ")" }
                @if inside.is_empty() { p { (t(l, "members-none")) } }
                ul { @for m in inside { (member_row(l, token, v, m)) } }
            }
        }
        @if !guests.is_empty() {
            section.college id="college-guests" {
                h2 { (t(l, "members-guests")) " (" (guests.len()) ")" }
                ul { @for m in guests { (member_row(l, token, v, m)) } }
            }
        }
    };
    let title = render(
        l,
        "members-title",
        &[("coop", Arg::from(v.coop.name.as_str()))],
    );
    in_coop(chrome, &v.coop, &title, body)
}

/// One person ever admitted (guests excluded), with their latest row.
pub struct RegisterRow {
    pub display_name: String,
    pub admitted_at: NaiveDateTime,
    pub college: Option<String>,
    pub shares: i64,
    pub left_at: Option<NaiveDateTime>,
}

pub struct RegisterPage {
    pub coop: CoopView,
    /// The co-op's rules in force (its colleges' names).
    pub book: Rulebook,
    pub lines: Vec<RegisterRow>,
}

pub fn register_page(chrome: &Chrome<'_>, v: &RegisterPage) -> Markup {
    let l = chrome.locale;
    let coop = &v.coop;
    let body = html! {
        p { a href=(format!("/c/{}/register.csv", coop.slug)) download { (t(l, "register-csv")) } }
        p.hint { (t(l, "register-shares-hint")) }
        @let (admitted_h, college_h, shares_h, left_h) = (t(l, "register-admitted"), t(l, "members-college"), t(l, "members-shares"), t(l, "register-left"));
        table.stack {
            thead { tr {
                th scope="col" { (t(l, "register-name")) } th scope="col" { (admitted_h) } th scope="col" { (college_h) }
                th scope="col" { (shares_h) } th scope="col" { (left_h) }
            } }
            tbody {
                @for line in &v.lines {
                    tr {
                        th scope="row" { (line.display_name) }
                        td.date data-label=(admitted_h) { (when(l, coop, line.admitted_at)) }
                        td data-label=(college_h) { (college_name(&v.book, line.college.as_deref(), l)) }
                        td data-label=(shares_h) { (line.shares) }
                        td.date data-label=(left_h) { @if let Some(at) = line.left_at { (when(l, coop, at)) } @else { "—" } }
                    }
                }
            }
        }
    };
    let title = render(
        l,
        "register-title",
        &[("coop", Arg::from(coop.name.as_str()))],
    );
    in_coop(chrome, coop, &title, body)
}
