//! Properties of the tally that hold for every input, and a fuzz of the parser.

use super::rules::{CollegeSpec, Rules, Threshold, ThresholdBase, Weighting};
use super::*;
use crate::domain::fraction::Fraction;
use num_traits::{One, Zero};
use proptest::prelude::*;

const COLLEGES: [&str; 3] = ["a", "b", "c"];
const OPTIONS: [&str; 4] = ["A", "B", "C", "D"];

fn fixed_rules(weights: &[u32]) -> Rules {
    let colleges = weights
        .iter()
        .zip(COLLEGES)
        .map(|(w, k)| CollegeSpec {
            key: k.into(),
            weight: Some(Fraction::from_integer((*w).into())),
        })
        .collect();
    Rules {
        colleges: Some(colleges),
        ..Rules::default()
    }
}

fn weights() -> impl Strategy<Value = Vec<u32>> {
    (0u32..=100, 0u32..=100).prop_map(|(x, y)| {
        let (lo, hi) = (x.min(y), x.max(y));
        vec![lo, hi - lo, 100 - hi]
    })
}

fn proposal_choice() -> impl Strategy<Value = Choice> {
    prop_oneof![
        4 => Just(Choice::Proposal(ProposalChoice::Agree)),
        4 => Just(Choice::Proposal(ProposalChoice::Disagree)),
        1 => Just(Choice::Proposal(ProposalChoice::Abstain)),
    ]
}

fn ranking() -> impl Strategy<Value = Choice> {
    Just((0..OPTIONS.len() as u32).collect::<Vec<u32>>())
        .prop_shuffle()
        .prop_flat_map(|v| (0..=v.len()).prop_map(move |k| Choice::Ranked(v[..k].to_vec())))
}

fn ballots(choice: impl Strategy<Value = Choice>) -> impl Strategy<Value = Vec<Ballot>> {
    prop::collection::vec((0u32..3, choice, 1u64..5), 0..25).prop_map(|v| {
        v.into_iter()
            .map(|(college, choice, count)| Ballot {
                college,
                choice,
                count,
            })
            .collect()
    })
}

fn election(method: Method, rules: Rules, ballots: Vec<Ballot>) -> Election {
    let options = if method.has_options() {
        OPTIONS.iter().map(|s| s.to_string()).collect()
    } else {
        vec![]
    };
    let mut e = Election::new(method, options, rules);
    e.ballots = ballots;
    e
}

fn same(a: &Outcome, b: &Outcome) -> bool {
    a.verdict == b.verdict && a.shares == b.shares && a.ranking == b.ranking && a.winner == b.winner
}

fn split(ballots: &[Ballot]) -> Vec<Ballot> {
    ballots
        .iter()
        .flat_map(|b| {
            (0..b.count).map(move |_| Ballot {
                count: 1,
                ..b.clone()
            })
        })
        .collect()
}

proptest! {
    #[test]
    fn order_and_merging_do_not_matter(w in weights(), bs in ballots(proposal_choice()), rs in ballots(ranking()), seed in any::<u64>()) {
        for (method, bs) in [(Method::Proposal, bs), (Method::Ranked, rs)] {
            let e = election(method, fixed_rules(&w), bs.clone());
            let base = tally(&e).expect("valid");
            let mut shuffled = bs.clone();
            let len = shuffled.len().max(1);
            for i in 0..shuffled.len() {
                shuffled.swap(i, (seed as usize).wrapping_mul(i + 7) % len);
            }
            prop_assert!(same(&base, &tally(&election(method, fixed_rules(&w), shuffled)).expect("valid")));
            prop_assert!(same(&base, &tally(&election(method, fixed_rules(&w), split(&bs))).expect("valid")));
        }
    }

    #[test]
    fn one_college_equals_headcount(bs in ballots(proposal_choice()), rs in ballots(ranking())) {
        let head = Rules {
            weighting: Weighting::Headcount,
            colleges: Some(COLLEGES.iter().map(|k| CollegeSpec { key: k.to_string(), weight: None }).collect()),
            ..Rules::default()
        };
        for (method, bs) in [(Method::Proposal, bs), (Method::Ranked, rs)] {
            let pooled: Vec<Ballot> = bs.iter().map(|b| Ballot { college: 0, ..b.clone() }).collect();
            let one = tally(&election(method, Rules::default(), pooled)).expect("valid");
            let many = tally(&election(method, head.clone(), bs)).expect("valid");
            prop_assert!(same(&one, &many));
        }
    }

    #[test]
    fn scaling_a_college_changes_no_share_under_fixed(w in weights(), bs in ballots(proposal_choice()), k in 2u64..5) {
        let scaled: Vec<Ballot> = bs.iter().map(|b| if b.college == 1 { Ballot { count: b.count * k, ..b.clone() } } else { b.clone() }).collect();
        let a = tally(&election(Method::Proposal, fixed_rules(&w), bs)).expect("valid");
        let b = tally(&election(Method::Proposal, fixed_rules(&w), scaled)).expect("valid");
        prop_assert!(same(&a, &b));
    }

    #[test]
    fn condorcet_winner_wins_schulze(rs in ballots(ranking())) {
        let rs: Vec<Ballot> = rs.into_iter().map(|b| Ballot { college: 0, ..b }).collect();
        let e = election(Method::Ranked, Rules::default(), rs.clone());
        let n = OPTIONS.len();
        let mut d = vec![0u64; n * n];
        for b in &rs {
            let Choice::Ranked(list) = &b.choice else { continue };
            let pos = |o: usize| list.iter().position(|x| *x as usize == o).unwrap_or(n);
            for x in 0..n {
                for y in 0..n {
                    if pos(x) < pos(y) { d[x * n + y] += b.count; }
                }
            }
        }
        let condorcet = (0..n).find(|x| (0..n).all(|y| y == *x || d[x * n + y] > d[y * n + x]));
        let o = tally(&e).expect("valid");
        if let Some(x) = condorcet {
            prop_assert_eq!(o.winner.as_deref(), Some(OPTIONS[x]));
        }
    }

    #[test]
    fn irv_winner_holds_more_than_half_of_the_last_round(w in weights(), rs in ballots(ranking())) {
        let mut e = election(Method::Ranked, fixed_rules(&w), rs);
        e.ranked_rule = RankedRule::Irv;
        let o = tally(&e).expect("valid");
        if let Some(winner) = &o.winner {
            let last = o.rounds.last().expect("a round");
            let total: Fraction = last.counts.iter().map(|(_, v)| v.clone()).sum();
            let mine = last.counts.iter().find(|(k, _)| k == winner).map(|(_, v)| v.clone()).expect("winner counted");
            prop_assert!(mine * Fraction::from_integer(2.into()) > total);
        }
    }

    #[test]
    fn counted_base_proposal_shares_sum_to_one(w in weights(), bs in ballots(proposal_choice())) {
        let o = tally(&election(Method::Proposal, fixed_rules(&w), bs)).expect("valid");
        let sum: Fraction = o.shares.iter().map(|(_, v)| v.clone()).sum();
        prop_assert!(sum.is_one() || (sum.is_zero() && o.reasons == vec![Reason::NoCountedBallots]));
    }

    /// The verdict is the integer comparison agree·q ⋚ p·counted, never a float's opinion.
    #[test]
    fn verdict_is_exact(bs in ballots(proposal_choice()), (p, q) in (1i64..12).prop_flat_map(|q| (0..=q, Just(q))), strict in any::<bool>()) {
        let rules = Rules {
            threshold: Some(Threshold { share: Fraction::new(p.into(), q.into()), strict, base: ThresholdBase::Counted }),
            ..Rules::default()
        };
        let pooled: Vec<Ballot> = bs.iter().map(|b| Ballot { college: 0, ..b.clone() }).collect();
        let agree: u64 = pooled.iter().filter(|b| b.choice == Choice::Proposal(ProposalChoice::Agree)).map(|b| b.count).sum();
        let counted: u64 = pooled.iter().filter(|b| b.choice != Choice::Proposal(ProposalChoice::Abstain)).map(|b| b.count).sum();
        let o = tally(&election(Method::Proposal, rules, pooled)).expect("valid");
        let (l, r) = (i128::from(agree) * i128::from(q), i128::from(p) * i128::from(counted));
        let adopted = counted > 0 && if strict { l > r } else { l >= r };
        prop_assert_eq!(o.verdict == Verdict::Adopted, adopted);
    }

    #[test]
    fn arbitrary_text_never_panics(text in ".{0,200}") {
        let _ = tally_json(&text);
    }

    #[test]
    fn arbitrary_documents_never_panic(doc in super::fuzz::document()) {
        let _ = tally_json(&doc.to_string());
    }
}

proptest! {
    /// The page's tables name the verdict's winner: one pass decides and explains.
    #[test]
    fn the_tables_winner_is_the_verdicts(w in weights(), rs in ballots(ranking()), rule in 0usize..3) {
        let mut e = election(Method::Ranked, fixed_rules(&w), rs);
        e.ranked_rule = [RankedRule::Schulze, RankedRule::Irv, RankedRule::Borda][rule];
        let o = tally(&e).expect("valid");
        let x = explain(&e).expect("valid");
        let winner = o.winner.as_deref();
        match &x.tables {
            Tables::Schulze(p) => prop_assert_eq!(p.winner().map(|i| OPTIONS[i]), winner),
            Tables::Irv(rounds) => {
                let last = rounds.last().expect("a round");
                let half = Fraction::new(1.into(), 2.into());
                let top = last.shares.iter().find(|(_, s)| *s > half).map(|(k, _)| k.as_str());
                prop_assert_eq!(top, winner);
            }
            Tables::Borda(b) => {
                let best = b.points.iter().max().expect("options");
                let tops: Vec<usize> = (0..b.points.len()).filter(|i| b.points[*i] == *best).collect();
                let table = (tops.len() == 1).then(|| OPTIONS[tops[0]]);
                prop_assert_eq!(table, winner);
            }
            Tables::None => prop_assert_eq!(winner, None),
        }
    }
}
