//! One function per message, rendered through the catalog in the recipient's language,
//! each with a text part and an HTML part carrying a working link back.

use super::Email;
use crate::i18n::{Arg, Locale, render, t};
use maud::{DOCTYPE, Markup, html};

fn html_shell(locale: Locale, body: Markup) -> String {
    html! {
        (DOCTYPE)
        html lang=(locale.code()) {
            head { meta charset="utf-8"; }
            body style="font-family: sans-serif; line-height: 1.5; color: #1a1a1a; max-width: 40em;" {
                (body)
                hr;
                p style="color:#555; font-size: 0.9em;" { (t(locale, "mail-signature")) }
            }
        }
    }
    .into_string()
}

/// The password reset link, valid one hour, single use.
pub fn password_reset(locale: Locale, name: &str, link: &str) -> Email {
    let args = [("name", Arg::from(name))];
    let greeting = render(locale, "mail-greeting", &args);
    let intro = t(locale, "mail-reset-intro");
    let action = t(locale, "mail-reset-action");
    let ignore = t(locale, "mail-reset-ignore");
    Email {
        subject: t(locale, "mail-reset-subject"),
        text: format!(
            "{greeting}\n\n{intro}\n\n{link}\n\n{ignore}\n\n-- \n{}\n",
            t(locale, "mail-signature")
        ),
        html: html_shell(
            locale,
            html! {
                p { (greeting) }
                p { (intro) }
                p { a href=(link) { (action) } }
                p { (ignore) }
            },
        ),
    }
}

/// What an invitation says: who invites, into which co-op, college and role, until when.
pub struct InvitationText<'a> {
    pub coop: &'a str,
    pub inviter: &'a str,
    pub place: &'a str,
    pub link: &'a str,
    pub expires: &'a str,
}

/// An invitation to join a co-op, in the co-op's language; the link works once, 14 days.
pub fn invitation(locale: Locale, i: &InvitationText<'_>) -> Email {
    let args = [
        ("coop", Arg::from(i.coop)),
        ("inviter", Arg::from(i.inviter)),
        ("place", Arg::from(i.place)),
        ("date", Arg::from(i.expires)),
    ];
    let intro = render(locale, "mail-invite-intro", &args);
    let action = t(locale, "mail-invite-action");
    let expiry = render(locale, "mail-invite-expiry", &args);
    let link = i.link;
    Email {
        subject: render(locale, "mail-invite-subject", &args),
        text: format!(
            "{intro}\n\n{action}: {link}\n\n{expiry}\n\n-- \n{}\n",
            t(locale, "mail-signature")
        ),
        html: html_shell(
            locale,
            html! {
                p { (intro) }
                p { a href=(link) { (action) } }
                p { (expiry) }
            },
        ),
    }
}

/// `collegia admin test-mail`: proves the transport works.
pub fn test_mail(locale: Locale, base_url: &str) -> Email {
    let body = t(locale, "mail-test-body");
    Email {
        subject: t(locale, "mail-test-subject"),
        text: format!("{body}\n\n{base_url}\n"),
        html: html_shell(
            locale,
            html! { p { (body) } p { a href=(base_url) { (base_url) } } },
        ),
    }
}

/// A notification with a title, a sentence and a link (proposals, mentions, reminders).
pub fn notification(locale: Locale, subject: &str, sentence: &str, link: &str) -> Email {
    let open = t(locale, "mail-open-link");
    Email {
        subject: subject.to_string(),
        text: format!("{sentence}\n\n{open}: {link}\n"),
        html: html_shell(
            locale,
            html! { p { (sentence) } p { a href=(link) { (open) } } },
        ),
    }
}

/// The daily digest "Yesterday in <co-op>": each notification's sentence (linking to it),
/// then a link to all of them.
pub fn digest(
    l: Locale,
    (coop, day): (&str, &str),
    lines: &[(String, String)],
    base_url: &str,
) -> Email {
    let args = [("coop", Arg::from(coop)), ("day", Arg::from(day))];
    let subject = render(l, "mail-digest-subject", &args);
    let intro = render(l, "mail-digest-intro", &args);
    let all = format!("{base_url}/notifications");
    let mut text = format!("{intro}\n\n");
    for (line, link) in lines {
        text.push_str(&format!("- {line}\n  {link}\n"));
    }
    text.push_str(&format!("\n{}: {all}\n", t(l, "mail-digest-all")));
    let body = html! {
        p { (intro) }
        ul { @for (line, link) in lines { li { a href=(link) { (line) } } } }
        p { a href=(all) { (t(l, "mail-digest-all")) } }
    };
    Email {
        subject,
        text,
        html: html_shell(l, body),
    }
}

/// Adds the unsubscribe line to both parts of a notification.
pub fn with_unsubscribe_footer(locale: Locale, email: &Email, url: &str) -> (String, String) {
    let line = t(locale, "mail-unsubscribe");
    let text = format!("{}\n--\n{line}: {url}\n", email.text);
    let footer =
        html! { p style="color:#555; font-size: 0.9em;" { a href=(url) { (line) } } }.into_string();
    let html = match email.html.rfind("</body>") {
        Some(i) => format!("{}{footer}{}", &email.html[..i], &email.html[i..]),
        None => format!("{}{footer}", email.html),
    };
    (text, html)
}

/// A plain message: a greeting, paragraphs and, when given, one link with its words.
fn plain(
    locale: Locale,
    name: &str,
    subject: String,
    paragraphs: &[String],
    link: Option<(&str, String)>,
) -> Email {
    let greeting = render(locale, "mail-greeting", &[("name", Arg::from(name))]);
    let mut text = format!("{greeting}\n\n");
    for p in paragraphs {
        text.push_str(p);
        text.push_str("\n\n");
    }
    if let Some((url, _)) = &link {
        text.push_str(url);
        text.push_str("\n\n");
    }
    text.push_str(&format!("-- \n{}\n", t(locale, "mail-signature")));
    Email {
        subject,
        text,
        html: html_shell(
            locale,
            html! {
                p { (greeting) }
                @for p in paragraphs { p { (p) } }
                @if let Some((url, words)) = &link { p { a href=(url) { (words) } } }
            },
        ),
    }
}

/// The link that confirms a new address (sent to it), single use, valid `hours`.
pub fn email_change(
    locale: Locale,
    name: &str,
    new_address: &str,
    link: &str,
    hours: i64,
) -> Email {
    let args = [
        ("address", Arg::from(new_address)),
        ("hours", Arg::from(hours)),
    ];
    plain(
        locale,
        name,
        t(locale, "mail-email-change-subject"),
        &[
            render(locale, "mail-email-change-intro", &args),
            t(locale, "mail-email-change-ignore"),
        ],
        Some((link, t(locale, "mail-email-change-action"))),
    )
}

/// The notice to the old address: a change was asked for (`confirmed` false) or made.
pub fn email_changed(
    locale: Locale,
    name: &str,
    new_address: &str,
    confirmed: bool,
    reset_link: &str,
) -> Email {
    let args = [("address", Arg::from(new_address))];
    let (subject, intro) = if confirmed {
        ("mail-email-changed-subject", "mail-email-changed-intro")
    } else {
        ("mail-email-asked-subject", "mail-email-asked-intro")
    };
    plain(
        locale,
        name,
        t(locale, subject),
        &[
            render(locale, intro, &args),
            t(locale, "mail-email-changed-not-you"),
        ],
        Some((reset_link, t(locale, "mail-email-changed-action"))),
    )
}
