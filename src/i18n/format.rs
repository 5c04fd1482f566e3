//! Dates and numbers written the way each language writes them.

use crate::i18n::Locale;
use chrono::{DateTime, Datelike, TimeZone, Timelike};

const EN_MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const FR_MONTHS: [&str; 12] = [
    "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
    "déc.",
];

/// `26 Nov 2026, 14:05 CET` / `26 nov. 2026 à 14:05 CET`.
pub fn datetime<Tz: TimeZone>(locale: Locale, t: &DateTime<Tz>) -> String
where
    Tz::Offset: std::fmt::Display,
{
    let month = t.month0() as usize % 12;
    match locale {
        Locale::En => format!(
            "{} {} {}, {:02}:{:02} {}",
            t.day(),
            EN_MONTHS[month],
            t.year(),
            t.hour(),
            t.minute(),
            t.offset()
        ),
        Locale::Fr => format!(
            "{} {} {} à {:02}:{:02} {}",
            t.day(),
            FR_MONTHS[month],
            t.year(),
            t.hour(),
            t.minute(),
            t.offset()
        ),
    }
}

/// A stored UTC instant shown in a time zone (a co-op's, else the server's).
pub fn in_zone(locale: Locale, tz: chrono_tz::Tz, at: chrono::NaiveDateTime) -> String {
    datetime(locale, &at.and_utc().with_timezone(&tz))
}

/// `1,234.5` / `1 234,5` (narrow no-break space as the French thousands separator).
pub fn number(locale: Locale, value: f64, decimals: usize) -> String {
    let text = format!("{:.*}", decimals, value.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let (sep, point) = match locale {
        Locale::En => (",", "."),
        Locale::Fr => ("\u{202f}", ","),
    };
    let mut grouped = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push_str(sep);
        }
        grouped.push(ch);
    }
    let sign = if value < 0.0 { "-" } else { "" };
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}{point}{frac}")
    }
}

/// The name of a college key in a rulebook (the key itself if it is gone).
pub fn college_name(
    book: &crate::domain::rulebook::Rulebook,
    key: Option<&str>,
    locale: Locale,
) -> String {
    match key {
        None => crate::i18n::t(locale, "coop-guest"),
        Some(k) => book
            .college(k)
            .map(|c| c.name.clone())
            .unwrap_or_else(|| k.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    #[test]
    fn numbers_follow_the_language() {
        assert_eq!(number(Locale::En, 1234567.891, 2), "1,234,567.89");
        assert_eq!(
            number(Locale::Fr, 1234567.891, 2),
            "1\u{202f}234\u{202f}567,89"
        );
        assert_eq!(number(Locale::En, -12.0, 0), "-12");
    }

    #[test]
    fn dates_follow_the_language() {
        let t = Utc.with_ymd_and_hms(2026, 11, 26, 14, 5, 0).unwrap();
        assert_eq!(datetime(Locale::En, &t), "26 Nov 2026, 14:05 UTC");
        assert_eq!(datetime(Locale::Fr, &t), "26 nov. 2026 à 14:05 UTC");
    }
}
