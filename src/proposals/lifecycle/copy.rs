//! "Make a copy": the new-proposal form prefilled from an earlier proposal — its title as
//! "Copy of …", details, class, method, options and settings; never its times.

use crate::i18n::{Arg, Locale, render};
use crate::proposals::create::ProposalInput;
use crate::storage::proposals::Proposal;

/// The new-proposal input prefilled from `p`, in the reader's language.
pub fn input_of(p: &Proposal, l: Locale) -> ProposalInput {
    ProposalInput {
        title: render(
            l,
            "proposal-copy-title",
            &[("title", Arg::from(p.title.as_str()))],
        ),
        details: p.details.clone(),
        method: p.method.name().to_string(),
        options: p.options.join("\n"),
        ranked_rule: p.ranked_rule.name().to_string(),
        score_min: Some(p.score_min),
        score_max: Some(p.score_max),
        dots_per_voter: p.dots_per_voter,
        decision_class: p.decision_class.key().to_string(),
        opens_at: String::new(),
        closes_at: String::new(),
        secret: p.secret,
        results_visibility: p.results_visibility.key().to_string(),
        reason_required: p.reason_required,
        payload: p.payload.clone().unwrap_or_default(),
        thread_id: p.thread_id,
    }
}

/// The prefilled input from proposal `id` of co-op `coop_id`.
pub fn input(
    conn: &mut crate::storage::DbConn,
    coop_id: i64,
    id: i64,
    l: Locale,
) -> crate::service::Answer<ProposalInput> {
    let p = crate::storage::proposals::by_id(conn, coop_id, id)?
        .ok_or(crate::service::ServiceError::NotFound)?;
    Ok(input_of(&p, l))
}
