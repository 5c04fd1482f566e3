//! A member's monthly payout statement, in their language (transactional: always sent).

use super::Email;
use crate::domain::fraction::percent_text;
use crate::i18n::{Arg, Locale, render, t};
use maud::{DOCTYPE, html};

/// What a statement says.
pub struct StatementText<'a> {
    pub coop: &'a str,
    pub name: &'a str,
    pub month: &'a str,
    pub points: i64,
    /// All members' points in the window.
    pub total_points: i64,
    /// The member's share, `p/q`.
    pub share: &'a str,
    /// Already formatted with the currency.
    pub amount: &'a str,
    pub link: &'a str,
}

/// `3/8` → `37.5` (`37,5` in French).
pub fn share_percent(locale: Locale, share: &str) -> String {
    let parsed = crate::domain::fraction::parse_fraction(share).ok();
    let text = parsed
        .as_ref()
        .map(percent_text)
        .unwrap_or_else(|| share.to_string());
    match locale {
        Locale::En => text,
        Locale::Fr => text.replace('.', ","),
    }
}

pub fn statement(locale: Locale, s: &StatementText<'_>) -> Email {
    let args = [
        ("coop", Arg::from(s.coop)),
        ("name", Arg::from(s.name)),
        ("month", Arg::from(s.month)),
        ("points", Arg::from(s.points)),
        ("total", Arg::from(s.total_points)),
        ("percent", Arg::from(share_percent(locale, s.share))),
        ("amount", Arg::from(s.amount)),
    ];
    let greeting = render(locale, "mail-greeting", &args[1..2]);
    let body = render(locale, "statement-mail-body", &args);
    let amount = render(locale, "statement-mail-amount", &args);
    let open = t(locale, "statement-mail-open");
    let signature = t(locale, "mail-signature");
    let link = s.link;
    Email {
        subject: render(locale, "statement-mail-subject", &args),
        text: format!("{greeting}\n\n{body}\n{amount}\n\n{open}: {link}\n\n-- \n{signature}\n"),
        html: html! {
            (DOCTYPE)
            html lang=(locale.code()) {
                head { meta charset="utf-8"; }
                body style="font-family: sans-serif; line-height: 1.5; color: #1a1a1a; max-width: 40em;" {
                    p { (greeting) }
                    p { (body) }
                    p { strong { (amount) } }
                    p { a href=(link) { (open) } }
                    hr;
                    p style="color:#555; font-size: 0.9em;" { (signature) }
                }
            }
        }
        .into_string(),
    }
}
