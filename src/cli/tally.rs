//! `collegia tally FILE`: tallies a `collegia-election/1` file and prints the
//! `collegia-result/1` document (or, with `--text`, a readable table).
use crate::domain::election::{self, Outcome, Reason};
use crate::domain::fraction::{Fraction, percent_text, to_display_f64};
use crate::i18n::Locale;
use crate::i18n::reasons::render_reason;
use clap::Args;
use std::fmt::Write as _;
use std::io::Write as _;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct TallyArgs {
    /// The election file (collegia-election/1), or `-` for standard input.
    pub file: String,
    /// Print a readable table instead of the result JSON.
    #[arg(long)]
    pub text: bool,
}

pub fn run(args: TallyArgs) -> ExitCode {
    let input = match super::read_input(&args.file) {
        Ok(text) => text,
        Err(e) => return super::fail(e),
    };
    let outcome = match election::tally_json(&input) {
        Ok(o) => o,
        Err(e) => return super::fail(format!("{}: {e}", args.file)),
    };
    let render = |r: &Reason| render_reason(Locale::En, r);
    let text = if args.text {
        text_table(&outcome, &render)
    } else {
        outcome.to_json(&render) + "\n"
    };
    // A closed pipe (`| head`) is not an error worth a panic.
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    ExitCode::SUCCESS
}

fn shares_text(shares: &[(String, Fraction)]) -> String {
    shares
        .iter()
        .map(|(k, v)| format!("{k} {}%", percent_text(v)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn number(value: &Fraction) -> String {
    to_display_f64(value).to_string()
}

/// One row per college, then the weighted total, the verdict and its reasons.
pub fn text_table(o: &Outcome, render: &dyn Fn(&Reason) -> String) -> String {
    let mut out = String::new();
    let key_width = o
        .colleges
        .iter()
        .map(|c| c.key.chars().count())
        .max()
        .unwrap_or(7)
        .max(7);
    let _ = writeln!(
        out,
        "{:<key_width$}  {:>8}  {:>9}  {:>9}  {:>9}  {:>9}  shares",
        "college", "weight", "effective", "eligible", "ballots", "counted"
    );
    for c in &o.colleges {
        let weight = c.weight.as_ref().map(number).unwrap_or_else(|| "-".into());
        let eligible = c
            .eligible
            .map(|e| e.to_string())
            .unwrap_or_else(|| "-".into());
        let adopted = match c.adopted {
            Some(true) => "  (adopts)",
            Some(false) => "  (does not adopt)",
            None => "",
        };
        let _ = writeln!(
            out,
            "{:<key_width$}  {:>8}  {:>8}%  {:>9}  {:>9}  {:>9}  {}{adopted}",
            c.key,
            weight,
            percent_text(&(&c.effective_weight / Fraction::from_integer(100.into()))),
            eligible,
            c.ballots,
            c.counted,
            shares_text(&c.shares)
        );
    }
    let _ = writeln!(out, "\nweighted total: {}", shares_text(&o.shares));
    if let Some(t) = &o.turnout {
        let _ = writeln!(out, "turnout: {}%", percent_text(t));
    }
    for (i, r) in o.rounds.iter().enumerate() {
        let counts = r
            .counts
            .iter()
            .map(|(k, v)| format!("{k} {}", number(v)))
            .collect::<Vec<_>>()
            .join(", ");
        let out_text = if r.eliminated.is_empty() {
            String::new()
        } else {
            format!("; eliminated {}", r.eliminated.join(", "))
        };
        let _ = writeln!(out, "round {}: {counts}{out_text}", i + 1);
    }
    let ranking = o
        .ranking
        .iter()
        .map(|t| t.join(" = "))
        .collect::<Vec<_>>()
        .join(" > ");
    let _ = writeln!(out, "ranking: {ranking}");
    let winner = o
        .winner
        .as_ref()
        .map(|w| format!(" ({w})"))
        .unwrap_or_default();
    let _ = writeln!(out, "outcome: {}{winner}", o.verdict.name());
    for r in &o.reasons {
        let _ = writeln!(out, "  - {}", render(r));
    }
    out
}
