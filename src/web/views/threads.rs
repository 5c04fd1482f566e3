//! Threads and comments: the list, a thread with its comments, the pager, the forms, kept
//! versions. View structs in, markup out; member-written markdown goes through
//! `markdown::to_safe_html` here only.

use super::coops::{CoopView, in_coop, when};
use super::forms::{alert, csrf};
use super::layout::Chrome;
use super::proposals::{state_label, status_tag};
use crate::domain::proposal_state::ProposalState;
use crate::i18n::format::relative;
use crate::i18n::{Arg, Locale, render, t};
use crate::markdown::to_safe_html;
use chrono::NaiveDateTime;
use maud::{Markup, PreEscaped, html};

/// Member-written markdown, rendered and sanitized.
pub fn markdown(source: &str) -> Markup {
    html! { div.markdown { (PreEscaped(to_safe_html(source))) } }
}

/// One thread in the list.
pub struct ThreadItem {
    pub id: i64,
    pub title: String,
    pub deleted: bool,
    pub author_name: String,
    pub comment_count: i64,
    pub last_activity_at: NaiveDateTime,
    /// For a signed-in reader: never opened, and comments since their last visit.
    pub unread: Option<(bool, i64)>,
}

/// Says what is unread: "new" for a thread never opened, else "n new" comments.
pub fn unread_tag(l: Locale, unread: Option<(bool, i64)>) -> Markup {
    html! {
        @match unread {
            Some((true, _)) => { " " strong.tag.open { (t(l, "threads-unread-new")) } }
            Some((false, n)) if n > 0 => { " " strong.tag.open { (render(l, "threads-unread-comments", &[("n", Arg::from(n))])) } }
            _ => {}
        }
    }
}

/// The list of a co-op's threads, a page of them.
pub struct ThreadList {
    pub coop: CoopView,
    /// The visitor may start a thread.
    pub may_start: bool,
    pub threads: Vec<ThreadItem>,
    /// There are older threads, before this id.
    pub older: Option<i64>,
}

pub fn list_page(chrome: &Chrome<'_>, v: &ThreadList) -> Markup {
    let l = chrome.locale;
    let coop = &v.coop;
    let base = format!("/c/{}/threads", coop.slug);
    let body = html! {
        @if v.may_start {
            p { a.button href=(format!("{base}/new")) { (t(l, "threads-new")) } }
        }
        @if v.threads.is_empty() { p { (t(l, "threads-none")) } }
        @if v.threads.iter().any(|x| x.unread.is_some()) {
            form method="post" action=(format!("{base}/read")) {
                (csrf(chrome.csrf))
                button.secondary type="submit" { (t(l, "threads-mark-all-read")) }
            }
        }
        ul.threads {
            @for th in &v.threads {
                li {
                    @if th.deleted {
                        a href=(format!("{base}/{}", th.id)) { em { (t(l, "threads-thread-deleted")) } }
                    } @else {
                        a href=(format!("{base}/{}", th.id)) { (th.title) }
                    }
                    (unread_tag(l, th.unread))
                    " · " (super::account_self::person_name(l, &th.author_name)) " · "
                    (render(l, "threads-count", &[("count", Arg::from(th.comment_count))]))
                    " · " (render(l, "threads-last-activity", &[("relative", Arg::from(relative(l, coop.tz, th.last_activity_at, chrome.now)))]))
                }
            }
        }
        @if let Some(last) = v.older {
            p { a rel="next" href=(format!("{base}?before={last}")) { (t(l, "threads-older-threads")) } }
        }
    };
    let title = render(
        l,
        "threads-title",
        &[("coop", Arg::from(coop.name.as_str()))],
    );
    in_coop(chrome, coop, &title, body)
}

/// One comment as the reader sees it, and what the reader may do with it.
pub struct CommentView {
    pub id: i64,
    pub author_name: String,
    pub body: String,
    pub created_at: NaiveDateTime,
    pub edited_at: Option<NaiveDateTime>,
    pub deleted: bool,
    pub may_edit: bool,
    pub may_delete: bool,
}

pub fn comment(locale: Locale, coop: &CoopView, token: &str, c: &CommentView) -> Markup {
    let l = locale;
    let base = format!("/c/{}/comments/{}", coop.slug, c.id);
    html! {
        article.comment id=(format!("comment-{}", c.id)) {
            header {
                strong { (super::account_self::person_name(l, &c.author_name)) } " · "
                a href=(format!("#comment-{}", c.id)) { (when(l, coop, c.created_at)) }
                @if let (false, Some(e)) = (c.deleted, c.edited_at) {
                    " · " a href=(format!("{base}/history")) {
                        (render(l, "threads-edited", &[("date", Arg::from(when(l, coop, e)))]))
                    }
                }
            }
            @if c.deleted {
                p.deleted { em { (t(l, "threads-comment-deleted")) } }
            } @else {
                (markdown(&c.body))
                @if c.may_edit || c.may_delete {
                    p.actions {
                        @if c.may_edit { a href=(format!("{base}/edit")) { (t(l, "threads-edit")) } " " }
                        @if c.may_delete {
                            form.inline method="post" action=(format!("{base}/delete")) {
                                (csrf(token)) button type="submit" { (t(l, "threads-delete")) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The cursors of a page's neighbours: `?before=older` and `?after=newer`, when there are.
pub struct Pager {
    pub older: Option<i64>,
    pub newer: Option<i64>,
}

/// Links to the older and newer neighbours of a page of comments.
pub fn pager(locale: Locale, thread_path: &str, page: &Pager) -> Markup {
    html! {
        nav.pager aria-label=(t(locale, "threads-pages")) {
            ul.inline {
                @if page.older.is_some() {
                    li { a href=(thread_path) { (t(locale, "threads-first")) } }
                }
                @if let Some(o) = page.older {
                    li { a rel="prev" href=(format!("{thread_path}?before={o}")) { (t(locale, "threads-older")) } }
                }
                @if let Some(n) = page.newer {
                    li { a rel="next" href=(format!("{thread_path}?after={n}")) { (t(locale, "threads-newer")) } }
                }
                @if page.newer.is_some() {
                    li { a href=(format!("{thread_path}?latest=1")) { (t(locale, "threads-latest")) } }
                }
            }
        }
    }
}

/// A proposal started from a thread, with its state (and verdict once closed).
pub struct ProposalLink {
    pub id: i64,
    pub title: String,
    pub state: String,
    pub verdict: Option<String>,
}

/// A thread with a page of its comments.
pub struct ThreadPage {
    pub coop: CoopView,
    pub id: i64,
    pub title: String,
    pub body: String,
    pub author_name: String,
    pub created_at: NaiveDateTime,
    pub edited_at: Option<NaiveDateTime>,
    pub deleted: bool,
    pub comment_count: i64,
    pub proposals: Vec<ProposalLink>,
    pub may_propose: bool,
    pub may_edit: bool,
    pub may_delete: bool,
    pub may_comment: bool,
    /// Where the first unread comment is, when it is on another page.
    pub jump: Option<String>,
    /// Comments that were unread when the page opened.
    pub unread: i64,
    pub pager: Pager,
    pub comments: Vec<CommentView>,
}

pub fn thread_page(chrome: &Chrome<'_>, v: &ThreadPage) -> Markup {
    let l = chrome.locale;
    let coop = &v.coop;
    let id = v.id;
    let base = format!("/c/{}/threads/{id}", coop.slug);
    let body = html! {
        p.byline {
            (super::account_self::person_name(l, &v.author_name)) " · " (when(l, coop, v.created_at))
            @if let (false, Some(e)) = (v.deleted, v.edited_at) {
                " · " a href=(format!("{base}/history")) { (render(l, "threads-edited", &[("date", Arg::from(when(l, coop, e)))])) }
            }
        }
        @if let Some(href) = &v.jump {
            p.notice { a href=(href) { (render(l, "threads-jump-unread", &[("n", Arg::from(v.unread))])) } }
        }
        @if v.deleted {
            p.deleted { em { (t(l, "threads-thread-deleted")) } }
        } @else {
            (markdown(&v.body))
            (proposals_list(l, &coop.slug, &v.proposals))
            p.actions {
                @if v.may_propose {
                    a.button.proposal href=(format!("/c/{}/proposals/new?thread={id}", coop.slug)) { (t(l, "threads-start-proposal")) }
                }
                @if v.may_edit {
                    " " a href=(format!("{base}/edit")) { (t(l, "threads-edit")) }
                }
                @if v.may_delete {
                    " " form.inline method="post" action=(format!("{base}/delete")) {
                        (csrf(chrome.csrf)) button type="submit" { (t(l, "threads-delete")) }
                    }
                }
            }
            section.comments aria-label=(t(l, "threads-comments")) {
                h2 { (render(l, "threads-count", &[("count", Arg::from(v.comment_count))])) }
                (pager(l, &base, &v.pager))
                @for c in &v.comments {
                    (comment(l, coop, chrome.csrf, c))
                }
                (pager(l, &base, &v.pager))
            }
            @if v.may_comment {
                h2 { (t(l, "threads-add-comment")) }
                (post_form(&PostForm {
                    locale: l,
                    action: &format!("{base}/comments"),
                    csrf: chrome.csrf,
                    title: None,
                    body: "",
                    submit: &t(l, "threads-comment"),
                    error: None,
                }))
            }
        }
    };
    let title = if v.deleted {
        t(l, "threads-thread-deleted")
    } else {
        v.title.clone()
    };
    in_coop(chrome, coop, &title, body)
}

/// The proposals started from a thread, each with its state (and verdict once closed).
fn proposals_list(l: Locale, slug: &str, list: &[ProposalLink]) -> Markup {
    html! {
        @if !list.is_empty() {
            section.proposals aria-labelledby="h-thread-proposals" {
                h2 #h-thread-proposals { (t(l, "threads-proposals")) }
                ul { @for p in list {
                    li {
                        a href=(format!("/c/{slug}/proposals/{}", p.id)) { (p.title) }
                        " "
                        @match ProposalState::parse(&p.state) {
                            Some(state) => (status_tag(l, state, p.verdict.as_deref(), false)),
                            None => (state_label(l, &p.state)),
                        }
                    }
                } }
            }
        }
    }
}

/// The form of a thread (title and body) or a comment (body only, `title: None`).
pub struct PostForm<'a> {
    pub locale: Locale,
    pub action: &'a str,
    pub csrf: &'a str,
    pub title: Option<&'a str>,
    pub body: &'a str,
    pub submit: &'a str,
    pub error: Option<&'a str>,
}

pub fn post_form(f: &PostForm<'_>) -> Markup {
    let l = f.locale;
    html! {
        (alert(f.error))
        form.post method="post" action=(f.action) {
            (csrf(f.csrf))
            @if let Some(title) = f.title {
                p.field {
                    label for="f-title" { (t(l, "threads-field-title")) }
                    input #f-title name="title" type="text" value=(title) maxlength="200" required;
                }
            }
            p.field {
                label for="f-body" { (t(l, "threads-field-body")) }
                textarea #f-body name="body" rows="8" required { (f.body) }
                small { (t(l, "threads-markdown-hint")) }
            }
            button type="submit" { (f.submit) }
        }
    }
}

/// A page holding one post form: starting or editing a thread, adding or editing a comment.
pub fn form_page(chrome: &Chrome<'_>, coop: &CoopView, title: &str, form: &PostForm<'_>) -> Markup {
    let body = html! {
        (post_form(form))
    };
    in_coop(chrome, coop, title, body)
}

/// One kept version of a thread or a comment.
pub struct VersionView {
    pub version: i32,
    pub title: Option<String>,
    pub body: String,
    pub editor_name: Option<String>,
    pub edited_at: NaiveDateTime,
}

/// Every kept version, newest first.
pub fn versions(locale: Locale, coop: &CoopView, list: &[VersionView]) -> Markup {
    html! {
        @for v in list.iter().rev() {
            section.version {
                h2 {
                    (render(locale, "threads-version", &[("n", Arg::from(i64::from(v.version)))]))
                    " · " (when(locale, coop, v.edited_at))
                    @if let Some(name) = &v.editor_name { " · " (name) }
                }
                @if let Some(title) = &v.title { h3 { (title) } }
                (markdown(&v.body))
            }
        }
    }
}

/// Whose versions a history page lists, and the way back to it.
pub enum HistoryOf {
    /// A thread: its address and title.
    Thread { href: String, title: String },
    /// A comment: its address in its thread.
    Comment { href: String },
}

/// The kept versions of a thread or a comment.
pub struct History {
    pub coop: CoopView,
    pub of: HistoryOf,
    pub versions: Vec<VersionView>,
}

pub fn history_page(chrome: &Chrome<'_>, v: &History) -> Markup {
    let l = chrome.locale;
    let body = html! {
        @match &v.of {
            HistoryOf::Thread { href, title } => { p { a href=(href) { (title) } } }
            HistoryOf::Comment { href } => { p { a href=(href) { (t(l, "threads-back")) } } }
        }
        (versions(l, &v.coop, &v.versions))
    };
    in_coop(chrome, &v.coop, &t(l, "threads-history"), body)
}
