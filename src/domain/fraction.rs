//! Exact fractions: every share, weight, threshold and quorum is one of these.
//!
//! Inputs arrive as `"p/q"` strings, decimal strings (`"0.4"`) or JSON numbers (`33.33`);
//! all are read digit by digit, never through binary floating point.

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{Signed, ToPrimitive, Zero};
use std::fmt;

/// An exact rational number (arbitrary precision, always reduced).
pub type Fraction = BigRational;

/// Why a piece of text is not an exact fraction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FractionError {
    Empty,
    Malformed(String),
    ZeroDenominator,
}

impl fmt::Display for FractionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FractionError::Empty => write!(f, "empty number"),
            FractionError::Malformed(s) => {
                write!(f, "'{s}' is not an exact number (write p/q or a decimal)")
            }
            FractionError::ZeroDenominator => write!(f, "denominator is zero"),
        }
    }
}

impl std::error::Error for FractionError {}

/// Parses `"p/q"`, a decimal (`"-12.50"`, `"0.5"`, `"1e-3"` is refused), or an integer.
pub fn parse_fraction(text: &str) -> Result<Fraction, FractionError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(FractionError::Empty);
    }
    if let Some((p, q)) = text.split_once('/') {
        let p =
            parse_integer(p.trim()).ok_or_else(|| FractionError::Malformed(text.to_string()))?;
        let q =
            parse_integer(q.trim()).ok_or_else(|| FractionError::Malformed(text.to_string()))?;
        if q.is_zero() {
            return Err(FractionError::ZeroDenominator);
        }
        return Ok(Fraction::new(p, q));
    }
    parse_decimal(text).ok_or_else(|| FractionError::Malformed(text.to_string()))
}

/// Parses a JSON number's literal text exactly (`33.33`, `40`, `2.5e1`).
pub fn parse_json_number(text: &str) -> Result<Fraction, FractionError> {
    let text = text.trim();
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(i) => {
            let exp: i64 = text[i + 1..]
                .trim_start_matches('+')
                .parse()
                .map_err(|_| FractionError::Malformed(text.to_string()))?;
            (&text[..i], exp)
        }
        None => (text, 0),
    };
    if exponent.abs() > 4096 {
        return Err(FractionError::Malformed(text.to_string()));
    }
    let base = parse_decimal(mantissa).ok_or_else(|| FractionError::Malformed(text.to_string()))?;
    let scale = Fraction::from_integer(BigInt::from(10u32).pow(exponent.unsigned_abs() as u32));
    Ok(if exponent >= 0 {
        base * scale
    } else {
        base / scale
    })
}

fn parse_integer(text: &str) -> Option<BigInt> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let digits = digits.strip_prefix('+').unwrap_or(digits);
    if digits.is_empty() || digits.len() > 4096 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

fn parse_decimal(text: &str) -> Option<Fraction> {
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, frac) = match unsigned.split_once('.') {
        Some((w, f)) => (w, f),
        None => (unsigned, ""),
    };
    if whole.is_empty() && frac.is_empty() {
        return None;
    }
    if unsigned.contains('.') && (whole.is_empty() || frac.is_empty()) {
        return None;
    }
    if whole.len() + frac.len() > 4096
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let numerator: BigInt = format!("{whole}{frac}").parse().ok()?;
    let denominator = BigInt::from(10u32).pow(frac.len() as u32);
    let value = Fraction::new(numerator, denominator);
    Some(if negative { -value } else { value })
}

/// `p/q` in lowest terms, as the result files print fractions.
pub fn to_ratio_string(value: &Fraction) -> String {
    format!("{}/{}", value.numer(), value.denom())
}

/// For display only: the nearest `f64`, rounded to at most 9 significant digits.
pub fn to_display_f64(value: &Fraction) -> f64 {
    let raw = value.to_f64().unwrap_or_else(|| {
        if value.is_negative() {
            f64::MIN
        } else {
            f64::MAX
        }
    });
    round_significant(raw, 9)
}

/// Rounds to `digits` significant digits through the decimal text, so 0.58 prints as 0.58.
pub fn round_significant(value: f64, digits: usize) -> f64 {
    if value == 0.0 || !value.is_finite() {
        return value;
    }
    format!("{:.*e}", digits.saturating_sub(1), value)
        .parse()
        .unwrap_or(value)
}

/// A percentage for English or French sentences, e.g. `62.5` (up to one decimal, exact input).
pub fn percent_text(value: &Fraction) -> String {
    let pct = to_display_f64(value) * 100.0;
    let rounded = (pct * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        format!("{rounded:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(p: i64, q: i64) -> Fraction {
        Fraction::new(BigInt::from(p), BigInt::from(q))
    }

    #[test]
    fn parses_ratio_and_decimal_forms_exactly() {
        assert_eq!(parse_fraction("2/3").unwrap(), f(2, 3));
        assert_eq!(parse_fraction("0.5").unwrap(), f(1, 2));
        assert_eq!(parse_fraction("33.33").unwrap(), f(3333, 100));
        assert_eq!(parse_fraction("1").unwrap(), f(1, 1));
        assert_eq!(parse_fraction("-0.25").unwrap(), f(-1, 4));
        assert_eq!(parse_json_number("2.5e1").unwrap(), f(25, 1));
        assert_eq!(parse_json_number("1E-2").unwrap(), f(1, 100));
    }

    #[test]
    fn refuses_what_is_not_a_number() {
        for bad in [
            "", "1/0", "a/b", ".5", "5.", "1.2.3", "NaN", "inf", "0x10", "1/2/3", "--1",
        ] {
            assert!(parse_fraction(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn display_rounds_to_nine_significant_digits() {
        assert_eq!(to_display_f64(&f(29, 50)), 0.58);
        assert_eq!(to_display_f64(&f(1, 3)), 0.333333333);
        assert_eq!(to_display_f64(&f(2, 3)), 0.666666667);
        assert_eq!(percent_text(&f(5, 8)), "62.5");
        assert_eq!(percent_text(&f(1, 2)), "50");
    }
}

/// Serde adapters: fractions are written as strings (`"2/3"`, `"0.5"`), weights as JSON numbers.
pub mod serde_exact {
    use super::{Fraction, parse_fraction, parse_json_number, to_ratio_string};
    use serde::de::Error as _;
    use serde::{Deserialize, Deserializer, Serializer};
    use serde_json::value::RawValue;

    /// A fraction written as a string: `"p/q"` or a plain decimal.
    pub fn deserialize_fraction<'de, D: Deserializer<'de>>(d: D) -> Result<Fraction, D::Error> {
        let text = String::deserialize(d)?;
        parse_fraction(&text).map_err(D::Error::custom)
    }

    pub fn serialize_fraction<S: Serializer>(value: &Fraction, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&to_ratio_string(value))
    }

    /// A JSON number read from its literal digits (`33.33` is exactly 3333/100).
    pub fn deserialize_number<'de, D: Deserializer<'de>>(d: D) -> Result<Fraction, D::Error> {
        let raw = Box::<RawValue>::deserialize(d)?;
        let text = raw.get();
        if !text.starts_with(|c: char| c == '-' || c.is_ascii_digit()) {
            return Err(D::Error::custom(format!("expected a number, found {text}")));
        }
        parse_json_number(text).map_err(D::Error::custom)
    }

    pub fn deserialize_opt_number<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Fraction>, D::Error> {
        deserialize_number(d).map(Some)
    }

    /// Writes an exact value as a JSON number: an integer when it is one, else its decimal
    /// expansion when finite, else a 9-significant-digit approximation (display only).
    pub fn serialize_number<S: Serializer>(value: &Fraction, s: S) -> Result<S::Ok, S::Error> {
        if value.is_integer()
            && let Ok(i) = value.numer().to_string().parse::<i64>()
        {
            return s.serialize_i64(i);
        }
        s.serialize_f64(super::to_display_f64(value))
    }

    pub fn serialize_opt_number<S: Serializer>(
        value: &Option<Fraction>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(v) => serialize_number(v, s),
            None => s.serialize_none(),
        }
    }
}
