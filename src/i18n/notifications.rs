//! A notification in words: its kind, subject, actor and detail rendered in the reader's
//! language (the page and the daily digest say the same sentence).

use super::{Arg, Locale, render, t};
use crate::domain::notification::Kind;

/// "Ana Lima mentioned you in “Solar roof”", "Result of “Budget”: Adopted"…
pub fn sentence(
    l: Locale,
    kind: Kind,
    subject: &str,
    actor: Option<&str>,
    detail: Option<&str>,
) -> String {
    let actor = actor
        .map(str::to_string)
        .unwrap_or_else(|| t(l, "notif-someone"));
    let detail = detail.unwrap_or("").replace('_', "-");
    let verdict = if kind == Kind::ProposalResult {
        t(l, &format!("results-verdict-{detail}"))
    } else {
        String::new()
    };
    let key = match kind {
        Kind::WorkReviewed => format!("notif-work-reviewed-{detail}"),
        k => format!("notif-{}", k.key().replace('_', "-")),
    };
    render(
        l,
        &key,
        &[
            ("subject", Arg::from(subject)),
            ("actor", Arg::from(actor)),
            ("verdict", Arg::from(verdict)),
        ],
    )
}
