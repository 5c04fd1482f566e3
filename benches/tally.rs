//! Tally engine speed: ranked rules on 100,000 ballots, a 1,000,000-ballot proposal, and
//! reading a 1,000,000-ballot file end to end against parsing it into `serde_json::Value`.
//!
//! `cargo bench --bench tally -- --warm-up-time 1 --measurement-time 3`
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches: a failed unwrap is a failure

use collegia::domain::election::rules::{CollegeSpec, Rules};
use collegia::domain::election::{
    Ballot, Choice, Election, Method, ProposalChoice, RankedRule, tally, tally_json,
};
use collegia::domain::fraction::Fraction;
use criterion::{Criterion, black_box, criterion_group, criterion_main};
use std::time::{Duration, Instant};

/// A fixed-seed xorshift64*: reproducible ballots without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const COLLEGES: [(&str, u32); 4] = [
    ("workers", 40),
    ("users", 30),
    ("supporters", 20),
    ("investors", 10),
];

fn rules() -> Rules {
    let colleges = COLLEGES
        .iter()
        .map(|(k, w)| CollegeSpec {
            key: k.to_string(),
            weight: Some(Fraction::from_integer((*w).into())),
        })
        .collect();
    Rules {
        colleges: Some(colleges),
        ..Rules::default()
    }
}

fn ranked(rule: RankedRule, cut: bool) -> Election {
    let options: Vec<String> = (0..10).map(|i| format!("option {i}")).collect();
    let mut e = Election::new(Method::Ranked, options, rules());
    e.ranked_rule = rule;
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    e.ballots = (0..100_000)
        .map(|_| {
            let mut order: Vec<u32> = (0..10).collect();
            for i in (1..order.len()).rev() {
                order.swap(i, rng.below(i as u64 + 1) as usize);
            }
            if cut {
                order.truncate(3 + rng.below(8) as usize);
            }
            Ballot {
                college: rng.below(4) as u32,
                choice: Choice::Ranked(order),
                count: 1,
            }
        })
        .collect();
    e
}

fn proposal_ballots(n: usize) -> Vec<Ballot> {
    let mut rng = Rng(42);
    let choices = [
        ProposalChoice::Agree,
        ProposalChoice::Disagree,
        ProposalChoice::Abstain,
        ProposalChoice::Agree,
    ];
    (0..n)
        .map(|_| Ballot {
            college: rng.below(4) as u32,
            choice: Choice::Proposal(choices[rng.below(4) as usize]),
            count: 1,
        })
        .collect()
}

fn proposal_json(ballots: &[Ballot]) -> String {
    let mut text = String::from(
        r#"{"format": "collegia-election/1", "method": "proposal", "rules": {"colleges": [
        {"key": "workers", "weight": 40}, {"key": "users", "weight": 30},
        {"key": "supporters", "weight": 20}, {"key": "investors", "weight": 10}]}, "ballots": ["#,
    );
    for (i, b) in ballots.iter().enumerate() {
        let choice = match b.choice {
            Choice::Proposal(ProposalChoice::Agree) => "agree",
            Choice::Proposal(ProposalChoice::Disagree) => "disagree",
            _ => "abstain",
        };
        let sep = if i == 0 { "" } else { "," };
        text.push_str(&format!(
            "{sep}\n{{\"college\": \"{}\", \"choice\": \"{choice}\"}}",
            COLLEGES[b.college as usize].0
        ));
    }
    text.push_str("]}");
    text
}

fn median(mut f: impl FnMut(), runs: usize) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[runs / 2]
}

fn benches(c: &mut Criterion) {
    let mut group = c.benchmark_group("ranked 100k x 10 options");
    group.sample_size(20);
    for (rule, name) in [
        (RankedRule::Schulze, "schulze"),
        (RankedRule::Irv, "irv"),
        (RankedRule::Borda, "borda"),
    ] {
        for (cut, label) in [(false, "full"), (true, "cut 3-10")] {
            let e = ranked(rule, cut);
            group.bench_function(format!("{name} {label}"), |b| {
                b.iter(|| tally(black_box(&e)).expect("valid"))
            });
        }
    }
    group.finish();

    let ballots = proposal_ballots(1_000_000);
    let mut e = Election::new(Method::Proposal, vec![], rules());
    e.ballots = ballots.clone();
    let mut group = c.benchmark_group("proposal 1M");
    group.sample_size(20);
    group.bench_function("tally (parsed)", |b| {
        b.iter(|| tally(black_box(&e)).expect("valid"))
    });
    let text = proposal_json(&ballots);
    group.sample_size(10);
    group.bench_function("end to end (parse + tally)", |b| {
        b.iter(|| tally_json(black_box(&text)).expect("valid"))
    });
    group.bench_function("serde_json::Value parse only", |b| {
        b.iter(|| serde_json::from_str::<serde_json::Value>(black_box(&text)).expect("json"))
    });
    group.finish();

    let ours = median(|| drop(black_box(tally_json(&text))), 7);
    let value = median(
        || drop(black_box(serde_json::from_str::<serde_json::Value>(&text))),
        7,
    );
    println!(
        "end to end {:?} vs Value parse {:?} for {} MB: ratio {:.2} (target <= 2)",
        ours,
        value,
        text.len() / 1_000_000,
        ours.as_secs_f64() / value.as_secs_f64()
    );
}

criterion_group!(tally_benches, benches);
criterion_main!(tally_benches);
