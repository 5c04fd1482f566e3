//! While a vote is open: how many more ballots reach the quorum, by the tally's own rule
//! (`weights::check_quorum`), in exact arithmetic.
//!
//! - `overall` + `headcount` (or any basis under headcount weighting): `k` more ballots
//!   from anyone;
//! - `overall` + `weighted` (fixed weights): a college's turnout counts by its weight, so
//!   each college alone needs its own number ("3 more workers, or 5 more users");
//! - `each_college`: every college with eligible voters must reach it ("… and …").

use super::model::Election;
use super::rules::{QuorumBasis, QuorumScope, Weighting};
use super::weights::{Plan, check_quorum, int};
use crate::domain::fraction::Fraction;
use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{ToPrimitive, Zero};

/// What is still needed for the quorum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuorumNeed {
    /// The rules set no quorum (or give no electorate to measure it on).
    NoQuorum,
    Met,
    /// No eligible voter: it cannot be met.
    Unreachable,
    /// This many more ballots, from any college.
    Ballots(u64),
    /// Any one of these: `(college, more ballots)`; colleges that cannot reach it alone
    /// are left out (empty: no single college can).
    AnyOf(Vec<(String, u64)>),
    /// All of these: each college still short, `(college, more ballots)`.
    AllOf(Vec<(String, u64)>),
}

/// Per college: `(eligible, cast)`, in `college_keys()` order.
pub struct Turnout {
    pub college: String,
    pub eligible: u64,
    pub cast: u64,
}

/// Eligible voters and ballots cast per college (ballots as `tally` counts them).
pub fn turnout(e: &Election) -> Vec<Turnout> {
    let keys = e.college_keys();
    let mut cast = vec![0u64; keys.len()];
    for b in &e.ballots {
        if let Some(n) = cast.get_mut(b.college as usize) {
            *n = n.saturating_add(b.count);
        }
    }
    keys.iter()
        .enumerate()
        .map(|(c, k)| Turnout {
            college: k.to_string(),
            eligible: e
                .electorate
                .as_ref()
                .and_then(|el| el.get(c).copied())
                .unwrap_or(0),
            cast: cast[c],
        })
        .collect()
}

/// The smallest integer `k >= 0` with `k >= x`.
fn ceil_nonneg(x: &Fraction) -> BigInt {
    if *x <= Fraction::zero() {
        return BigInt::zero();
    }
    let (q, r) = x.numer().div_rem(x.denom());
    if r.is_zero() { q } else { q + 1 }
}

/// How many more ballots reach the quorum of election `e`'s rules, given its ballots so far.
pub fn quorum_needed(e: &Election) -> QuorumNeed {
    let cast128: Vec<u128> = turnout(e).iter().map(|t| u128::from(t.cast)).collect();
    let Some(check) = check_quorum(e, &cast128) else {
        return QuorumNeed::NoQuorum;
    };
    if check.met {
        return QuorumNeed::Met;
    }
    let Some(q) = e.rules.quorum.as_ref() else {
        return QuorumNeed::NoQuorum;
    };
    let rows = turnout(e);
    if rows.iter().all(|t| t.eligible == 0) {
        return QuorumNeed::Unreachable;
    }
    let required = &q.turnout;
    let more = |eligible: u64, cast: u64| -> u64 {
        let k = ceil_nonneg(&(required * int(u128::from(eligible)) - int(u128::from(cast))));
        k.to_u64().unwrap_or(u64::MAX)
    };
    if q.scope == QuorumScope::EachCollege {
        return QuorumNeed::AllOf(
            rows.iter()
                .filter(|t| t.eligible > 0)
                .map(|t| (t.college.clone(), more(t.eligible, t.cast)))
                .filter(|(_, k)| *k > 0)
                .collect(),
        );
    }
    if q.basis == QuorumBasis::Weighted && e.rules.weighting == Weighting::Fixed {
        // turnout = Σ w_c·t_c / Σ w_c over colleges with eligible voters; college c alone
        // adds w_c·k/E_c per k ballots.
        let plan = Plan::new(e, &cast128);
        let (mut num, mut den) = (Fraction::zero(), Fraction::zero());
        for (t, w) in rows.iter().zip(&plan.weights) {
            if t.eligible > 0 {
                num += w * int(u128::from(t.cast)) / int(u128::from(t.eligible));
                den += w;
            }
        }
        let gap = required * &den - num;
        let options = rows
            .iter()
            .zip(&plan.weights)
            .filter(|(t, w)| t.eligible > 0 && !w.is_zero())
            .filter_map(|(t, w)| {
                let k = ceil_nonneg(&(&gap * int(u128::from(t.eligible)) / w));
                let k = k.to_u64()?;
                (k <= t.eligible.saturating_sub(t.cast)).then(|| (t.college.clone(), k))
            })
            .collect();
        return QuorumNeed::AnyOf(options);
    }
    let (eligible, cast) = rows
        .iter()
        .fold((0u64, 0u64), |(e, c), t| (e + t.eligible, c + t.cast));
    QuorumNeed::Ballots(more(eligible, cast))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::election::{Ballot, Choice, Method, ProposalChoice, parse_election};

    fn election(quorum: &str, weighting: &str, cast: [u64; 2]) -> Election {
        let rules = if weighting == "fixed" {
            r#""colleges":[{"key":"workers","weight":60},{"key":"users","weight":40}]"#
        } else {
            r#""weighting":"headcount","colleges":[{"key":"workers"},{"key":"users"}]"#
        };
        let mut e = parse_election(&format!(
            r#"{{"format":"collegia-election/1","method":"proposal",
            "rules":{{{rules},"quorum":{quorum}}},
            "electorate":{{"workers":10,"users":40}},"ballots":[]}}"#
        ))
        .unwrap();
        for (c, n) in cast.iter().enumerate() {
            if *n > 0 {
                e.ballots.push(Ballot {
                    college: c as u32,
                    choice: Choice::Proposal(ProposalChoice::Agree),
                    count: *n,
                });
            }
        }
        assert_eq!(e.method, Method::Proposal);
        e
    }

    fn met(e: &Election) -> bool {
        let cast: Vec<u128> = turnout(e).iter().map(|t| u128::from(t.cast)).collect();
        check_quorum(e, &cast).is_some_and(|q| q.met)
    }

    /// Adds `k` ballots in college `c`.
    fn plus(e: &Election, c: usize, k: u64) -> Election {
        let mut e = e.clone();
        let mut cast = [0u64; 2];
        for t in turnout(&e).iter().enumerate() {
            cast[t.0] = t.1.cast;
        }
        cast[c] += k;
        e.ballots.clear();
        for (i, n) in cast.iter().enumerate() {
            if *n > 0 {
                e.ballots.push(Ballot {
                    college: i as u32,
                    choice: Choice::Proposal(ProposalChoice::Agree),
                    count: *n,
                });
            }
        }
        e
    }

    #[test]
    fn overall_headcount_counts_ballots_from_anyone() {
        // 50 eligible, quorum 1/4: 12.5 → 13 ballots; 2 + 3 cast.
        let q = r#"{"turnout":"1/4","scope":"overall","basis":"headcount"}"#;
        let e = election(q, "fixed", [2, 3]);
        assert_eq!(quorum_needed(&e), QuorumNeed::Ballots(8));
        assert!(met(&plus(&e, 1, 8)) && !met(&plus(&e, 1, 7)));
        assert_eq!(quorum_needed(&plus(&e, 0, 8)), QuorumNeed::Met);
    }

    #[test]
    fn overall_weighted_names_each_college_alone() {
        // turnout = (60·w/10 + 40·u/40)/100 >= 1/2; w=2, u=4: 12 + 4 = 16 of 50 needed.
        // workers alone: 6 per ballot → 34/6 → 6; users alone: 1 per ballot → 34.
        let q = r#"{"turnout":"1/2","scope":"overall","basis":"weighted"}"#;
        let e = election(q, "fixed", [2, 4]);
        assert_eq!(
            quorum_needed(&e),
            QuorumNeed::AnyOf(vec![("workers".into(), 6), ("users".into(), 34)])
        );
        assert!(met(&plus(&e, 0, 6)) && !met(&plus(&e, 0, 5)));
        assert!(met(&plus(&e, 1, 34)) && !met(&plus(&e, 1, 33)));
    }

    #[test]
    fn weighted_leaves_out_a_college_that_cannot_reach_it_alone() {
        // quorum 3/5 (60 of 100): users alone top out at 40 + 0 < 60; workers need
        // 56·10/60 → 10 of their 10.
        let q = r#"{"turnout":"3/5","scope":"overall","basis":"weighted"}"#;
        let e = election(q, "fixed", [0, 4]);
        assert_eq!(
            quorum_needed(&e),
            QuorumNeed::AnyOf(vec![("workers".into(), 10)])
        );
        assert!(met(&plus(&e, 0, 10)) && !met(&plus(&e, 0, 9)));
        // 9/10: nobody alone.
        let q = r#"{"turnout":"9/10","scope":"overall","basis":"weighted"}"#;
        assert_eq!(
            quorum_needed(&election(q, "fixed", [0, 4])),
            QuorumNeed::AnyOf(vec![])
        );
    }

    #[test]
    fn weighted_basis_under_headcount_weighting_counts_heads() {
        let q = r#"{"turnout":"1/5","scope":"overall","basis":"weighted"}"#;
        let e = election(q, "headcount", [1, 1]);
        assert_eq!(quorum_needed(&e), QuorumNeed::Ballots(8));
    }

    #[test]
    fn each_college_lists_every_college_still_short() {
        let q = r#"{"turnout":"1/4","scope":"each_college"}"#;
        let e = election(q, "fixed", [3, 1]);
        assert_eq!(
            quorum_needed(&e),
            QuorumNeed::AllOf(vec![("users".into(), 9)])
        );
        let e = election(q, "fixed", [0, 0]);
        assert_eq!(
            quorum_needed(&e),
            QuorumNeed::AllOf(vec![("workers".into(), 3), ("users".into(), 10)])
        );
        assert!(met(&plus(&plus(&e, 0, 3), 1, 10)));
        assert!(!met(&plus(&plus(&e, 0, 2), 1, 10)));
    }

    #[test]
    fn no_quorum_and_no_eligible_voter() {
        let e =
            parse_election(r#"{"format":"collegia-election/1","method":"proposal","ballots":[]}"#)
                .unwrap();
        assert_eq!(quorum_needed(&e), QuorumNeed::NoQuorum);
        let e = parse_election(
            r#"{"format":"collegia-election/1","method":"proposal",
            "rules":{"quorum":{"turnout":"1/2"}},"electorate":{"all":0},"ballots":[]}"#,
        )
        .unwrap();
        assert_eq!(quorum_needed(&e), QuorumNeed::Unreachable);
    }
}
