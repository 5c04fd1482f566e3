//! Tally reasons in a person's language: the engine gives a reason code and exact arguments;
//! this picks how many decimals a percentage needs and renders the catalog's sentence.

use crate::domain::election::{Reason, ReasonArg};
use crate::domain::fraction::{Fraction, percent_text};
use crate::i18n::{Arg, Locale};

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
