//! `collegia tally FILE`: tallies a `collegia-election/1` file and prints the
//! `collegia-result/1` document (or, with `--text`, a readable table).
use crate::domain::election::{self, Outcome, Reason, ReasonArg};
use crate::domain::fraction::{Fraction, percent_text, to_display_f64};
use crate::i18n::{Arg, Locale};
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

/// A percentage in the locale's style: `62.5` in English, `62,5` in French.
fn percent(locale: Locale, value: &Fraction, digits: u32) -> String {
    let text = percent_digits(value, digits);
    match locale {
        Locale::En => text,
        Locale::Fr => text.replace('.', ","),
    }
}

/// `value` as a percentage with up to `digits` decimals (exact rounding, trailing zeros
/// dropped); one decimal is `percent_text`.
fn percent_digits(value: &Fraction, digits: u32) -> String {
    if digits <= 1 {
        return percent_text(value);
    }
    let scale = num_bigint::BigInt::from(10u32).pow(digits);
    let scaled = (value * Fraction::from_integer(&scale * 100)).round();
    let n = scaled.to_integer();
    let (sign, n) = if n < num_bigint::BigInt::from(0) {
        ("-", -n)
    } else {
        ("", n)
    };
    let (whole, frac) = (&n / &scale, &n % &scale);
    let frac = format!("{frac:0>width$}", width = digits as usize);
    let frac = frac.trim_end_matches('0');
    if frac.is_empty() {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{frac}")
    }
}

/// How many decimals a reason's percentages need so that a share (or turnout) that
/// differs from its threshold does not print as the same number ("50% > 50%").
fn percent_precision(args: &[(&str, ReasonArg)]) -> u32 {
    let find = |key: &str| {
        args.iter().find_map(|(name, value)| match value {
            ReasonArg::Percent(f) if *name == key => Some(f.clone()),
            _ => None,
        })
    };
    let Some(required) = find("required") else {
        return 1;
    };
    let Some(value) = find("share").or_else(|| find("turnout")) else {
        return 1;
    };
    let mut digits = 1;
    while value != required
        && digits < 12
        && percent_digits(&value, digits) == percent_digits(&required, digits)
    {
        digits += 1;
    }
    digits
}

/// Renders a tally reason in `locale` (the web and mail reuse this).
pub fn render_reason(locale: Locale, reason: &Reason) -> String {
    let raw = reason.args();
    let digits = percent_precision(&raw);
    let args: Vec<(&str, Arg)> = raw
        .into_iter()
        .map(|(name, value)| {
            let arg = match value {
                ReasonArg::Text(s) => Arg::Text(s),
                ReasonArg::Percent(f) => Arg::Text(percent(locale, &f, digits)),
                // Beyond 2^53 a float would print another number; plural rules then
                // fall back to `other`, which is right for such counts.
                ReasonArg::Count(n) if n > 1 << 53 => Arg::Text(n.to_string()),
                ReasonArg::Count(n) => Arg::Number(n as f64),
            };
            (name, arg)
        })
        .collect();
    crate::i18n::render(locale, reason.key(), &args)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{message_ids, sources};

    #[test]
    fn every_reason_has_an_english_and_a_french_message() {
        for locale in Locale::ALL {
            let ids: Vec<String> = sources(locale)
                .iter()
                .flat_map(|(_, src)| message_ids(src))
                .collect();
            for key in Reason::KEYS {
                assert!(
                    ids.iter().any(|i| i == key),
                    "{key} missing in {}",
                    locale.code()
                );
            }
        }
    }

    #[test]
    fn reasons_render_with_their_arguments() {
        let f = |p: i64, q: i64| Fraction::new(p.into(), q.into());
        let passed = Reason::ThresholdPassed {
            share: f(29, 50),
            required: f(1, 2),
            strict: true,
        };
        assert_eq!(
            render_reason(Locale::En, &passed),
            "weighted agree share 58% > 50%"
        );
        let failed = Reason::ThresholdFailed {
            share: f(2, 3),
            required: f(2, 3),
            strict: true,
        };
        assert_eq!(
            render_reason(Locale::En, &failed),
            "weighted agree share 66.7% not > 66.7%"
        );
        assert_eq!(
            render_reason(Locale::Fr, &failed),
            "part pondérée des pour 66,7 % non > 66,7 %"
        );
        assert_eq!(
            render_reason(Locale::En, &Reason::Blocked { blocks: 1 }),
            "blocked by 1 block ballot"
        );
        assert_eq!(
            render_reason(Locale::En, &Reason::Blocked { blocks: 3 }),
            "blocked by 3 block ballots"
        );
        // Counts beyond 2^53 print exactly, not through a float.
        assert_eq!(
            render_reason(
                Locale::En,
                &Reason::Consented {
                    consents: 1_000_000_000_001_234_567
                }
            ),
            "1000000000001234567 consents and no objection"
        );
        // A share that differs from its threshold never prints as the same number.
        let close = Reason::ThresholdPassed {
            share: f(500_000_001, 1_000_000_000),
            required: f(1, 2),
            strict: true,
        };
        assert_eq!(
            render_reason(Locale::En, &close),
            "weighted agree share 50.0000001% > 50%"
        );
        assert_eq!(
            render_reason(Locale::Fr, &close),
            "part pondérée des pour 50,0000001 % > 50 %"
        );
    }
}
