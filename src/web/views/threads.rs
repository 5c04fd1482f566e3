//! Threads and comments: a comment, the pager, the forms, kept versions. Loaded data in,
//! markup out; member-written markdown goes through `markdown::to_safe_html` here only.

use super::coops::when;
use super::forms::{alert, csrf};
use crate::i18n::{Arg, Locale, render, t};
use crate::markdown::to_safe_html;
use crate::storage::coops::Coop;
use crate::storage::threads::{Comment, Page, Version};
use maud::{Markup, PreEscaped, html};

/// Member-written markdown, rendered and sanitized.
pub fn markdown(source: &str) -> Markup {
    html! { div.markdown { (PreEscaped(to_safe_html(source))) } }
}

/// What the reader may do with one comment.
pub struct CommentView<'a> {
    pub locale: Locale,
    pub coop: &'a Coop,
    pub comment: &'a Comment,
    pub may_edit: bool,
    pub may_delete: bool,
    pub csrf: &'a str,
}

pub fn comment(v: &CommentView<'_>) -> Markup {
    let l = v.locale;
    let c = v.comment;
    let base = format!("/c/{}/comments/{}", v.coop.slug, c.id);
    html! {
        article.comment id=(format!("comment-{}", c.id)) {
            header {
                strong { (c.author_name) } " · "
                a href=(format!("#comment-{}", c.id)) { (when(l, v.coop, c.created_at)) }
                @if let (None, Some(e)) = (c.deleted_at, c.edited_at) {
                    " · " a href=(format!("{base}/history")) {
                        (render(l, "threads-edited", &[("date", Arg::from(when(l, v.coop, e)))]))
                    }
                }
            }
            @if c.deleted_at.is_some() {
                p.deleted { em { (t(l, "threads-comment-deleted")) } }
            } @else {
                (markdown(&c.body))
                @if v.may_edit || v.may_delete {
                    p.actions {
                        @if v.may_edit { a href=(format!("{base}/edit")) { (t(l, "threads-edit")) } " " }
                        @if v.may_delete {
                            form.inline method="post" action=(format!("{base}/delete")) {
                                (csrf(v.csrf)) button type="submit" { (t(l, "threads-delete")) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Links to the older and newer neighbours of a page of comments.
pub fn pager(locale: Locale, thread_path: &str, page: &Page) -> Markup {
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

/// Every kept version, newest first.
pub fn versions(locale: Locale, coop: &Coop, list: &[Version]) -> Markup {
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
