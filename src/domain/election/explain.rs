//! Why a ranked tally decided as it did: the tables a results page shows, produced by the
//! same pass that decides (`ranked::run`), so a table and its verdict cannot disagree.
//!
//! - Schulze: weighted support `d[a][b]` (the share of the whole weight ranking `a` above
//!   `b`) beside the raw ballots, and the strongest paths `p[a][b]`; the winner is the option
//!   whose strongest path to every other beats the other's path back.
//! - IRV: each round's weighted share per continuing option, and who was eliminated.
//! - Borda: each option's weighted points (and the raw points).
//! - Every rule: each college's part of each option's share (first preferences, or Borda
//!   points), for a bar stacked by college.
//!
//! Not part of `collegia-result/1`: pages compute it when they are shown.

use super::model::{Election, ElectionError, Method, RankedRule};
use crate::domain::fraction::Fraction;
use num_traits::Zero;

/// The tables behind a tally. `contributions[c][o]`: college `c`'s part of option `o`'s
/// share (first preferences for Schulze and IRV, points for Borda); empty for methods
/// without tables.
#[derive(Debug, Clone, PartialEq)]
pub struct Explanation {
    pub options: Vec<String>,
    pub colleges: Vec<String>,
    pub tables: Tables,
    pub contributions: Vec<Vec<Fraction>>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Tables {
    /// The method has no tables beyond the result's shares.
    None,
    Schulze(Pairwise),
    Irv(Vec<IrvRound>),
    Borda(Borda),
}

/// Schulze's matrices, `[row][column]`, options in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Pairwise {
    /// Share of the whole weight ranking the row above the column.
    pub support: Vec<Vec<Fraction>>,
    /// Ballots ranking the row above the column, unweighted.
    pub ballots: Vec<Vec<u128>>,
    /// Strength of the strongest path from the row to the column (a share, as `support`).
    pub paths: Vec<Vec<Fraction>>,
}

impl Pairwise {
    /// Does `a`'s strongest path to `b` beat `b`'s back?
    pub fn beats(&self, a: usize, b: usize) -> bool {
        let at = |x: usize, y: usize| self.paths.get(x).and_then(|r| r.get(y));
        matches!((at(a, b), at(b, a)), (Some(x), Some(y)) if x > y)
    }

    /// The option that beats every other, if one does (the Schulze winner).
    pub fn winner(&self) -> Option<usize> {
        let n = self.paths.len();
        (0..n).find(|a| (0..n).filter(|b| b != a).all(|b| self.beats(*a, b)))
    }
}

/// One IRV round: each continuing option's share of the continuing weight.
#[derive(Debug, Clone, PartialEq)]
pub struct IrvRound {
    pub shares: Vec<(String, Fraction)>,
    pub eliminated: Vec<String>,
}

/// Borda points per option, in order: weighted (weight units times points) and raw.
#[derive(Debug, Clone, PartialEq)]
pub struct Borda {
    pub points: Vec<Fraction>,
    pub raw: Vec<u128>,
}

/// The tables for an election (validated first, as `tally` does).
pub fn explain(e: &Election) -> Result<Explanation, ElectionError> {
    e.validate()?;
    let mut x = Explanation {
        options: e.options.clone(),
        colleges: e.college_keys().iter().map(|k| k.to_string()).collect(),
        tables: Tables::None,
        contributions: vec![],
    };
    if e.method != Method::Ranked {
        return Ok(x);
    }
    let n = e.options.len();
    let (d, detail) = super::ranked::run(e);
    let square = |v: &[Fraction]| -> Vec<Vec<Fraction>> {
        v.chunks(n.max(1)).map(<[Fraction]>::to_vec).collect()
    };
    x.contributions = detail.contributions;
    x.tables = match e.ranked_rule {
        // No counted ballot: the matrices were never filled.
        RankedRule::Schulze if detail.support.len() == n * n => Tables::Schulze(Pairwise {
            support: square(&detail.support),
            ballots: detail.raw.chunks(n.max(1)).map(<[u128]>::to_vec).collect(),
            paths: square(&detail.paths),
        }),
        RankedRule::Schulze => Tables::None,
        RankedRule::Irv if !d.rounds.is_empty() => Tables::Irv(
            d.rounds
                .iter()
                .map(|r| {
                    let total: Fraction = r.counts.iter().map(|(_, v)| v.clone()).sum();
                    IrvRound {
                        shares: r
                            .counts
                            .iter()
                            .map(|(k, v)| {
                                let s = if total.is_zero() {
                                    Fraction::zero()
                                } else {
                                    v / &total
                                };
                                (k.clone(), s)
                            })
                            .collect(),
                        eliminated: r.eliminated.clone(),
                    }
                })
                .collect(),
        ),
        RankedRule::Irv => Tables::None,
        RankedRule::Borda if detail.borda.len() == n => Tables::Borda(Borda {
            points: detail.borda,
            raw: detail.borda_raw,
        }),
        RankedRule::Borda => Tables::None,
    };
    Ok(x)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::election::{Verdict, parse_election, tally};

    const RULES: &str = r#""rules":{"colleges":[{"key":"a","weight":40},{"key":"b","weight":40},{"key":"c","weight":20}]}"#;

    fn ranked(rule: &str, ballots: &str) -> Election {
        parse_election(&format!(
            r#"{{"format":"collegia-election/1","method":"ranked","ranked_rule":"{rule}",
            "options":["Collegia","Agora"],{RULES},"ballots":[{ballots}]}}"#
        ))
        .unwrap()
    }

    fn f(n: i64, d: i64) -> Fraction {
        Fraction::new(n.into(), d.into())
    }

    /// The issue's case: 13 ballots to 6 raw, a tie once the colleges weigh 40/40/20.
    const TIE: &str = r#"{"college":"a","choice":["Collegia","Agora"],"count":12},
        {"college":"b","choice":["Agora","Collegia"],"count":5},
        {"college":"c","choice":["Collegia","Agora"]},{"college":"c","choice":["Agora","Collegia"]}"#;

    #[test]
    fn schulze_support_is_weighted_with_the_raw_ballots_beside_it() {
        let e = ranked("schulze", TIE);
        let Tables::Schulze(p) = explain(&e).unwrap().tables else {
            panic!("a pairwise table")
        };
        assert_eq!(p.ballots[0][1], 13);
        assert_eq!(p.ballots[1][0], 6);
        assert_eq!(p.support[0][1], f(1, 2));
        assert_eq!(p.support[1][0], f(1, 2));
        assert_eq!(p.winner(), None);
        assert_eq!(tally(&e).unwrap().verdict, Verdict::Tie);
    }

    #[test]
    fn schulze_paths_explain_the_winner() {
        let e = ranked(
            "schulze",
            r#"{"college":"a","choice":["Agora"],"count":2},{"college":"b","choice":["Collegia"]},
            {"college":"c","choice":["Collegia"]}"#,
        );
        let x = explain(&e).unwrap();
        let Tables::Schulze(p) = &x.tables else {
            panic!("a pairwise table")
        };
        assert_eq!(p.support[0][1], f(3, 5));
        assert_eq!(p.paths[0][1], f(3, 5));
        assert_eq!(p.paths[1][0], Fraction::zero());
        assert_eq!(p.winner(), Some(0));
        assert_eq!(tally(&e).unwrap().winner.as_deref(), Some("Collegia"));
        // Contributions: college b gives Collegia 40 of 100, c 20, a gives Agora 40.
        assert_eq!(x.contributions[1][0], f(2, 5));
        assert_eq!(x.contributions[2][0], f(1, 5));
        assert_eq!(x.contributions[0][1], f(2, 5));
    }

    #[test]
    fn irv_rounds_and_borda_points_are_weighted() {
        let e = ranked("irv", TIE);
        let Tables::Irv(rounds) = explain(&e).unwrap().tables else {
            panic!("rounds")
        };
        assert_eq!(rounds[0].shares[0], ("Collegia".to_string(), f(1, 2)));
        let e = ranked("borda", TIE);
        let Tables::Borda(b) = explain(&e).unwrap().tables else {
            panic!("points")
        };
        assert_eq!(b.raw, vec![13, 6]);
        assert_eq!(b.points[0], b.points[1]);
    }

    #[test]
    fn no_tables_for_other_methods_or_without_ballots() {
        let e = parse_election(
            r#"{"format":"collegia-election/1","method":"proposal","ballots":[{"choice":"agree"}]}"#,
        )
        .unwrap();
        assert_eq!(explain(&e).unwrap().tables, Tables::None);
        assert_eq!(
            explain(&ranked("schulze", "")).unwrap().tables,
            Tables::None
        );
    }
}
