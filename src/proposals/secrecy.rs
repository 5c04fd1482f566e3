//! Secret ballots on pages and in mail: a college with fewer than [`SECRET_MIN_COUNTED`]
//! counted ballots has its figures withheld, and so has anything they could be worked out
//! from (a reason naming it, a total over all colleges). The exported ballot file, which a
//! recount needs, is the one place that keeps them.

use super::SECRET_MIN_COUNTED;
use crate::domain::election::{CollegeResult, Outcome, Reason};
use crate::domain::rulebook;
use crate::i18n::Locale;
use crate::i18n::reasons::render_reason;
use std::collections::HashSet;

/// Secret ballots: is this college's detail withheld from pages and mail?
pub fn is_withheld(c: &CollegeResult, secret: bool) -> bool {
    secret && c.counted < SECRET_MIN_COUNTED
}

/// Secret ballots: is any college's detail withheld? Then totals over all colleges are too,
/// since the visible colleges' figures could be subtracted from them.
pub fn any_withheld(o: &Outcome, secret: bool) -> bool {
    o.colleges.iter().any(|c| is_withheld(c, secret))
}

/// The engine's tables (pairwise support, paths, rounds, points, each college's part, the
/// live turnout) as a reader may see them: on a secret ballot with a withheld college, none
/// (every one of them is a total the withheld figures could be worked out from). `None` too
/// when the ballots do not tally (the page says so with the verdict).
pub fn public_tables(
    p: &super::Proposal,
    o: &Outcome,
    grouped: &[(String, String, i64)],
) -> Option<super::pairwise::Explained> {
    if any_withheld(o, p.secret) {
        return None;
    }
    super::pairwise::explained(p, grouped).ok()
}

/// The college a reason names, whose share or turnout it prints.
fn college_named(r: &mut Reason) -> Option<&mut String> {
    match r {
        Reason::QuorumCollegeNotMet { college, .. }
        | Reason::ClassConsentGiven { college, .. }
        | Reason::ClassVetoed { college, .. }
        | Reason::ClassVetoedEmpty { college } => Some(college),
        _ => None,
    }
}

/// Does a reason print a total over all colleges (a weighted share, a count of choices)?
fn prints_total(r: &Reason) -> bool {
    matches!(
        r,
        Reason::ThresholdPassed { .. }
            | Reason::ThresholdFailed { .. }
            | Reason::OptionThresholdPassed { .. }
            | Reason::NoMajority { .. }
            | Reason::Blocked { .. }
            | Reason::Objected { .. }
            | Reason::Consented { .. }
    )
}

/// The tally's reasons as a reader may see them, in `l`, colleges by name. On a secret
/// ballot, a reason about a withheld college (its share or turnout would reveal how its few
/// voters voted), or a total from which it could be worked out, becomes one sentence saying
/// the detail is withheld.
pub fn public_reasons(
    l: Locale,
    o: &Outcome,
    secret: bool,
    name: &dyn Fn(&str) -> String,
) -> Vec<String> {
    let withheld: HashSet<&str> = o
        .colleges
        .iter()
        .filter(|c| is_withheld(c, secret))
        .map(|c| c.key.as_str())
        .collect();
    let mut lines: Vec<String> = vec![];
    for r in &o.reasons {
        let mut r = r.clone();
        let line = if college_named(&mut r).is_some_and(|k| withheld.contains(k.as_str())) {
            crate::i18n::t(l, "results-reason-withheld")
        } else if !withheld.is_empty() && prints_total(&r) {
            crate::i18n::t(l, "results-totals-withheld")
        } else {
            if let Some(college) = college_named(&mut r) {
                *college = name(college);
            }
            render_reason(l, &r)
        };
        if !lines.contains(&line) {
            lines.push(line);
        }
    }
    lines
}

/// A college's name in the co-op's current rulebook (its key if the rulebook lost it).
pub fn college_names(book: &rulebook::Rulebook) -> impl Fn(&str) -> String + '_ {
    |key: &str| {
        book.college(key)
            .map(|c| c.name.clone())
            .unwrap_or_else(|| key.to_string())
    }
}
