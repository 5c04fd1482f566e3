//! Ranked ballots: Schulze, IRV and Borda on weighted ballots. Each counted ballot of
//! unit `u` weighs `f_u = w_u / n_u`; ballots are counted in integers per college and
//! the rational factors applied once per college (per pair for Schulze).

use super::model::{Choice, Election, RankedRule};
use super::reason::Reason;
use super::result::Verdict;
use super::tally::{Decision, named};
use super::weights::{Plan, int, ratio, tiers};
use crate::domain::fraction::Fraction;
use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Zero};

/// Integer tallies of one college: first preferences, Borda points, pairwise wins.
struct College {
    first: Vec<u128>,
    points: Vec<u128>,
    pairs: Vec<u128>,
}

fn ranked_ballots(e: &Election) -> impl Iterator<Item = (usize, &[u32], u128)> {
    e.ballots.iter().filter_map(|b| match &b.choice {
        Choice::Ranked(list) if !list.is_empty() => {
            Some((b.college as usize, list.as_slice(), u128::from(b.count)))
        }
        _ => None,
    })
}

pub(super) fn tally(e: &Election) -> Decision {
    run(e).0
}

/// The tally and the figures it decided on, from one pass: the verdict and the page's
/// tables cannot disagree.
pub(super) fn run(e: &Election) -> (Decision, Detail) {
    let n = e.options.len();
    let nc = e.college_keys().len();
    let rule = e.ranked_rule;
    let mut counted = vec![0u128; nc];
    for (c, _, k) in ranked_ballots(e) {
        if let Some(slot) = counted.get_mut(c) {
            *slot += k;
        }
    }
    let plan = Plan::new(e, &counted);
    let mut unit_n = vec![0u128; plan.units()];
    for (c, k) in counted.iter().enumerate() {
        unit_n[plan.unit_of(c)] += k;
    }
    let part = |u: usize| unit_n[u] > 0 || (plan.zero && !plan.pooled);
    let total_w: Fraction = (0..plan.units())
        .filter(|u| part(*u))
        .map(|u| plan.unit_weight(u))
        .sum();
    // Per-ballot weight: 1 under headcount, else weights normalized to 100 over the units taking part.
    let factor: Vec<Option<Fraction>> = (0..plan.units())
        .map(|u| {
            let w = plan.unit_weight(u);
            if w.is_zero() || total_w.is_zero() || unit_n[u] == 0 {
                None
            } else if plan.pooled {
                Some(Fraction::one())
            } else {
                Some(w * int(100) / (&total_w * int(unit_n[u])))
            }
        })
        .collect();
    let takes_part: Vec<bool> = (0..nc).map(|c| part(plan.unit_of(c))).collect();
    let effective = plan.effective(&takes_part, &counted);
    let names: Vec<&str> = e.options.iter().map(String::as_str).collect();
    let college_factor = |c: usize| factor.get(plan.unit_of(c)).cloned().flatten();

    let mut colleges: Vec<College> = (0..nc)
        .map(|_| College {
            first: vec![0; n],
            points: vec![0; if rule == RankedRule::Borda { n } else { 0 }],
            pairs: vec![
                0;
                if rule == RankedRule::Schulze {
                    n * n
                } else {
                    0
                }
            ],
        })
        .collect();
    let mut listed = vec![false; n];
    let mut unlisted = Vec::with_capacity(n);
    for (c, list, k) in ranked_ballots(e) {
        let Some(col) = colleges.get_mut(c) else {
            continue;
        };
        if let Some(f) = list.first().and_then(|o| col.first.get_mut(*o as usize)) {
            *f += k;
        }
        match rule {
            RankedRule::Borda => {
                for (pos, o) in list.iter().enumerate() {
                    if let Some(p) = col.points.get_mut(*o as usize) {
                        *p += k * (n - 1 - pos.min(n - 1)) as u128;
                    }
                }
            }
            RankedRule::Schulze => {
                count_pairs(&mut col.pairs, &mut listed, &mut unlisted, list, k, n)
            }
            RankedRule::Irv => {}
        }
    }
    let college_first: Vec<_> = colleges
        .iter()
        .zip(&counted)
        .map(|(col, nc)| {
            named(
                &names,
                &col.first.iter().map(|f| ratio(*f, *nc)).collect::<Vec<_>>(),
            )
        })
        .collect();
    let mut d = Decision {
        verdict: Verdict::Tie,
        winner: None,
        ranking: vec![e.options.clone()],
        shares: named(&names, &vec![None; n]),
        effective,
        counted: counted.clone(),
        college_shares: college_first,
        adopted: vec![],
        rounds: vec![],
        reasons: vec![],
    };
    // The whole weight the shares are of: 100 under fixed weights (an empty college under
    // `empty_college: zero` keeps its part, preferring nothing), one per ballot under headcount.
    let whole = if plan.pooled {
        int(counted.iter().sum())
    } else {
        int(100)
    };
    let mut detail = Detail::default();
    if factor.iter().all(Option::is_none) {
        d.reasons = vec![
            Reason::NoCountedBallots,
            Reason::Tie {
                options: e.options.clone(),
            },
        ];
        return (d, detail);
    }
    // Each college's part of each option: its factor times its integer tally, over `total`.
    let parts = |pick: &dyn Fn(&College) -> &Vec<u128>, total: &Fraction| -> Vec<Vec<Fraction>> {
        colleges
            .iter()
            .enumerate()
            .map(|(c, col)| match college_factor(c) {
                Some(f) if !total.is_zero() => {
                    pick(col).iter().map(|v| &f * int(*v) / total).collect()
                }
                _ => vec![Fraction::zero(); n],
            })
            .collect()
    };
    // Σ_c f_c · x_c(o) for per-college integer vectors.
    let weigh = |pick: &dyn Fn(&College) -> &Vec<u128>| -> Vec<Fraction> {
        let mut out = vec![Fraction::zero(); n];
        for (c, col) in colleges.iter().enumerate() {
            if let Some(f) = college_factor(c) {
                for (o, v) in pick(col).iter().enumerate() {
                    if *v != 0 {
                        out[o] += &f * int(*v);
                    }
                }
            }
        }
        out
    };
    match rule {
        RankedRule::Borda => {
            let points = weigh(&|c| &c.points);
            let total: Fraction = points.iter().sum();
            let shares: Vec<Option<Fraction>> = points
                .iter()
                .map(|p| {
                    Some(if total.is_zero() {
                        Fraction::zero()
                    } else {
                        p / &total
                    })
                })
                .collect();
            d.shares = named(&names, &shares);
            detail.contributions = parts(&|c| &c.points, &total);
            detail.borda_raw = (0..n)
                .map(|o| colleges.iter().map(|c| c.points[o]).sum())
                .collect();
            detail.borda = points.clone();
            {
                d.college_shares = colleges
                    .iter()
                    .map(|col| {
                        let t: u128 = col.points.iter().sum();
                        named(
                            &names,
                            &col.points.iter().map(|p| ratio(*p, t)).collect::<Vec<_>>(),
                        )
                    })
                    .collect();
            }
            let values: Vec<Option<Fraction>> = points.into_iter().map(Some).collect();
            decide_by_tiers(&mut d, e, &values);
        }
        RankedRule::Schulze => {
            let first = weigh(&|c| &c.first);
            let total: Fraction = first.iter().sum();
            d.shares = named(
                &names,
                &first.iter().map(|f| Some(f / &total)).collect::<Vec<_>>(),
            );
            detail.contributions = parts(&|c| &c.first, &whole);
            let (matrix, lcm) = pairwise(&colleges, &college_factor, n);
            // Small matrices (the usual case) run the n^3 widest paths on machine integers.
            let small: Option<Vec<u128>> =
                matrix.iter().map(u128::try_from).map(Result::ok).collect();
            let (ranking, paths): (_, Vec<BigInt>) = match small {
                Some(m) => {
                    let p = strongest_paths(&m, n);
                    (tiers_of(&p, n), p.into_iter().map(BigInt::from).collect())
                }
                None => {
                    let p = strongest_paths(&matrix, n);
                    (tiers_of(&p, n), p)
                }
            };
            // Back from the common denominator to shares of the whole weight.
            let den = Fraction::from_integer(lcm) * &whole;
            let share = |v: &BigInt| Fraction::from_integer(v.clone()) / &den;
            detail.support = matrix.iter().map(share).collect();
            detail.paths = paths.iter().map(share).collect();
            detail.raw = (0..n * n)
                .map(|ij| colleges.iter().map(|c| c.pairs[ij]).sum())
                .collect();
            finish_tiers(&mut d, e, ranking);
        }
        RankedRule::Irv => {
            detail.contributions = parts(&|c| &c.first, &whole);
            super::irv::run(&mut d, e, &plan, &factor)
        }
    }
    (d, detail)
}

/// What a ranked tally decided on, for the page's tables (see `explain`). Matrices are
/// `n × n`, row-major; shares are of the whole weight.
#[derive(Debug, Default)]
pub(super) struct Detail {
    /// Schulze: weighted support `d[a][b]`, strongest paths `p[a][b]`, raw ballots.
    pub support: Vec<Fraction>,
    pub paths: Vec<Fraction>,
    pub raw: Vec<u128>,
    /// Borda: weighted points and raw points.
    pub borda: Vec<Fraction>,
    pub borda_raw: Vec<u128>,
    /// `[college][option]`: the college's part of the option's share.
    pub contributions: Vec<Vec<Fraction>>,
}

/// Adds one ballot to the pairwise counts: listed beats later-listed and every unlisted.
fn count_pairs(
    pairs: &mut [u128],
    listed: &mut [bool],
    unlisted: &mut Vec<usize>,
    list: &[u32],
    k: u128,
    n: usize,
) {
    unlisted.clear();
    if list.len() < n {
        for o in list {
            if let Some(l) = listed.get_mut(*o as usize) {
                *l = true;
            }
        }
        unlisted.extend((0..n).filter(|o| !listed[*o]));
        for o in list {
            if let Some(l) = listed.get_mut(*o as usize) {
                *l = false;
            }
        }
    }
    for (i, a) in list.iter().enumerate() {
        let Some(row) = pairs.get_mut(*a as usize * n..(*a as usize + 1) * n) else {
            continue;
        };
        for b in list.iter().skip(i + 1) {
            if let Some(p) = row.get_mut(*b as usize) {
                *p += k;
            }
        }
        for b in unlisted.iter() {
            if let Some(p) = row.get_mut(*b) {
                *p += k;
            }
        }
    }
}

/// `d[X][Y]` over all colleges, scaled by a common denominator (returned beside it) so
/// comparisons are integer.
fn pairwise(
    colleges: &[College],
    factor: &dyn Fn(usize) -> Option<Fraction>,
    n: usize,
) -> (Vec<BigInt>, BigInt) {
    let factors: Vec<Option<Fraction>> = (0..colleges.len()).map(factor).collect();
    let lcm = factors
        .iter()
        .flatten()
        .fold(BigInt::one(), |l, f| l.lcm(f.denom()));
    let mut d = vec![BigInt::zero(); n * n];
    for (col, f) in colleges.iter().zip(&factors) {
        let Some(f) = f else { continue };
        let g = f.numer() * (&lcm / f.denom());
        for (slot, v) in d.iter_mut().zip(&col.pairs) {
            if *v != 0 {
                *slot += &g * BigInt::from(*v);
            }
        }
    }
    (d, lcm)
}

/// `p[a][b]`: the strength of the strongest path from `a` to `b` (widest path over the
/// pairwise defeats `d[x][y] > d[y][x]`).
pub(super) fn strongest_paths<T: Ord + Clone + Zero>(d: &[T], n: usize) -> Vec<T> {
    let zero = T::zero();
    let at = |i: usize, j: usize| d.get(i * n + j).unwrap_or(&zero);
    let mut p: Vec<T> = (0..n * n)
        .map(|ij| {
            let (i, j) = (ij / n, ij % n);
            let (x, y) = (at(i, j), at(j, i));
            if i != j && x > y {
                x.clone()
            } else {
                zero.clone()
            }
        })
        .collect();
    for k in 0..n {
        for i in (0..n).filter(|i| *i != k) {
            let pik = p[i * n + k].clone();
            if pik.is_zero() {
                continue;
            }
            for j in (0..n).filter(|j| *j != i && *j != k) {
                let pkj = &p[k * n + j];
                let via = if pik < *pkj { &pik } else { pkj };
                if *via > p[i * n + j] {
                    p[i * n + j] = via.clone();
                }
            }
        }
    }
    p
}

/// Tiers from the strongest paths: each tier is the options no remaining one beats.
pub(super) fn tiers_of<T: Ord>(p: &[T], n: usize) -> Vec<Vec<usize>> {
    let beats = |i: usize, j: usize| p[i * n + j] > p[j * n + i];
    let mut left: Vec<usize> = (0..n).collect();
    let mut out = Vec::new();
    while !left.is_empty() {
        let (tier, rest): (Vec<usize>, Vec<usize>) = left
            .iter()
            .partition(|x| !left.iter().any(|y| beats(*y, **x)));
        if tier.is_empty() {
            out.push(left);
            break;
        }
        out.push(tier);
        left = rest;
    }
    out
}

fn decide_by_tiers(d: &mut Decision, e: &Election, values: &[Option<Fraction>]) {
    finish_tiers(d, e, tiers(values));
}

/// The first tier decides: one option wins, several tie.
pub(super) fn finish_tiers(d: &mut Decision, e: &Election, ranking: Vec<Vec<usize>>) {
    let name = |i: &usize| e.options.get(*i).cloned().unwrap_or_default();
    d.ranking = ranking
        .iter()
        .map(|t| t.iter().map(name).collect())
        .collect();
    match ranking.first().map(Vec::as_slice) {
        Some([w]) => {
            d.verdict = Verdict::Decided;
            d.winner = Some(name(w));
            d.reasons.push(Reason::Winner { option: name(w) });
        }
        Some(tied) => {
            d.verdict = Verdict::Tie;
            d.reasons.push(Reason::Tie {
                options: tied.iter().map(name).collect(),
            });
        }
        None => d.verdict = Verdict::Tie,
    }
}
