//! The weighted pairwise table (issue 14's target: under 100 ms): 20 options, 100,000
//! ranked ballots in 3 colleges weighing 40/40/20, explained by the engine as the results
//! page does (`domain::election::explain`: weighted support, raw ballots, strongest paths,
//! each college's part), which runs the tally's own pass.
//!
//! ```text
//! cargo bench --bench pairwise                     # 20 options, 100,000 ballots
//! PAIRWISE_OPTIONS=20 PAIRWISE_BALLOTS=100000 PAIRWISE_RUNS=11 cargo bench --bench pairwise
//! ```
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches: a failed unwrap is a failure

use collegia::domain::election::rules::{CollegeSpec, Rules};
use collegia::domain::election::{Ballot, Choice, Election, Method, Tables, explain};
use collegia::domain::fraction::Fraction;
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

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Ballots in colleges 0/1/2 (60/30/10 of the voters), each a shuffled ranking of a random
/// length (some partial, most of the 20 options).
fn election(options: usize, ballots: usize) -> Election {
    let colleges = [("workers", 40), ("users", 40), ("supporters", 20)]
        .iter()
        .map(|(k, w)| CollegeSpec {
            key: k.to_string(),
            weight: Some(Fraction::from_integer((*w).into())),
        })
        .collect();
    let rules = Rules {
        colleges: Some(colleges),
        ..Rules::default()
    };
    let names = (0..options).map(|i| format!("Option {i}")).collect();
    let mut e = Election::new(Method::Ranked, names, rules);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..ballots {
        let college = match rng.below(10) {
            0..=5 => 0,
            6..=8 => 1,
            _ => 2,
        };
        let mut list: Vec<u32> = (0..options as u32).collect();
        for i in (1..list.len()).rev() {
            list.swap(i, rng.below(i as u64 + 1) as usize);
        }
        let keep = options / 2 + rng.below((options - options / 2) as u64 + 1) as usize;
        list.truncate(keep.max(1));
        e.ballots.push(Ballot {
            college,
            choice: Choice::Ranked(list),
            count: 1,
        });
    }
    e
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --all-targets` does not, and must stay quick.
    if !std::env::args().any(|a| a == "--bench") && std::env::var_os("PAIRWISE_RUN").is_none() {
        println!("pairwise: run with `cargo bench --bench pairwise` (or PAIRWISE_RUN=1)");
        return;
    }
    let options = env_number("PAIRWISE_OPTIONS", 20).max(2);
    let ballots = env_number("PAIRWISE_BALLOTS", 100_000).max(1);
    let runs = env_number("PAIRWISE_RUNS", 11).max(1);
    let e = election(options, ballots);
    let mut times: Vec<Duration> = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        let x = explain(&e).expect("valid election");
        times.push(start.elapsed());
        assert!(matches!(x.tables, Tables::Schulze(_)), "a pairwise table");
    }
    times.sort();
    let median = times[times.len() / 2];
    let worst = times[times.len() - 1];
    println!(
        "pairwise: {options} options, {ballots} ballots, 3 colleges (40/40/20): \
         median {:.1} ms, worst {:.1} ms over {runs} runs (target < 100 ms)",
        median.as_secs_f64() * 1e3,
        worst.as_secs_f64() * 1e3
    );
}
