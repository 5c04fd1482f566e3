//! Calendar months and ISO dates, read strictly: `2026-1` or `2026-02-30` are errors.
//!
//! chrono checks that a day exists; the shape is checked here because chrono's own parser
//! accepts one-digit months and signed or long years.

use chrono::{Datelike, NaiveDate};
use serde::{Serialize, Serializer};
use std::fmt;

/// A calendar month, `YYYY-MM` with a four-digit year (0000 to 9999).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    year: i32,
    month: u32,
}

impl YearMonth {
    /// `None` unless `year` is in 0..=9999 and `month` in 1..=12.
    pub fn new(year: i32, month: u32) -> Option<Self> {
        ((0..=9999).contains(&year) && (1..=12).contains(&month))
            .then_some(YearMonth { year, month })
    }

    /// Reads exactly `YYYY-MM`.
    pub fn parse(text: &str) -> Option<Self> {
        let b = text.as_bytes();
        if b.len() != 7 || b[4] != b'-' || !digits(&b[..4]) || !digits(&b[5..]) {
            return None;
        }
        YearMonth::new(text[..4].parse().ok()?, text[5..].parse().ok()?)
    }

    /// The month a date falls in.
    pub fn of(date: NaiveDate) -> Option<Self> {
        YearMonth::new(date.year(), date.month())
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn month(self) -> u32 {
        self.month
    }

    /// The month `n` months earlier, or `None` before 0000-01.
    pub fn minus_months(self, n: u32) -> Option<Self> {
        let index = i64::from(self.year) * 12 + i64::from(self.month - 1) - i64::from(n);
        if index < 0 {
            return None;
        }
        YearMonth::new(i32::try_from(index / 12).ok()?, (index % 12) as u32 + 1)
    }

    pub fn first_day(self) -> NaiveDate {
        // Years 0..=9999 and months 1..=12 are always representable.
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or(NaiveDate::MIN)
    }

    pub fn last_day(self) -> NaiveDate {
        let next = if self.month == 12 {
            NaiveDate::from_ymd_opt(self.year + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(self.year, self.month + 1, 1)
        };
        next.and_then(|d| d.pred_opt()).unwrap_or(NaiveDate::MAX)
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl Serialize for YearMonth {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Reads exactly `YYYY-MM-DD`, a day that exists (leap years included), years 0000 to 9999.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    if !digits(&b[..4]) || !digits(&b[5..7]) || !digits(&b[8..]) {
        return None;
    }
    NaiveDate::from_ymd_opt(
        text[..4].parse().ok()?,
        text[5..7].parse().ok()?,
        text[8..].parse().ok()?,
    )
}

/// `YYYY-MM-DD`, the form the result file prints.
pub fn serialize_date<S: Serializer>(date: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&format_args!(
        "{:04}-{:02}-{:02}",
        date.year(),
        date.month(),
        date.day()
    ))
}

fn digits(bytes: &[u8]) -> bool {
    bytes.iter().all(u8::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ym(text: &str) -> YearMonth {
        YearMonth::parse(text).unwrap()
    }

    #[test]
    fn months_parse_strictly() {
        assert_eq!(ym("2026-10").to_string(), "2026-10");
        for bad in [
            "2026-1",
            "2026-13",
            "2026-00",
            "26-10",
            "2026/10",
            "+2026-10",
            "2026-10-01",
            "２０２６-10",
        ] {
            assert!(YearMonth::parse(bad).is_none(), "{bad} accepted");
        }
    }

    #[test]
    fn dates_must_exist() {
        assert!(parse_date("2024-02-29").is_some());
        for bad in [
            "2026-02-30",
            "2025-02-29",
            "2100-02-29",
            "2026-04-31",
            "2026-4-01",
            "2026-04-1",
            "2026-13-01",
            "2026-00-10",
            "2026-01-00",
            " 2026-01-01",
            "2026-01-01T00:00",
        ] {
            assert!(parse_date(bad).is_none(), "{bad} accepted");
        }
    }

    #[test]
    fn month_arithmetic_crosses_years() {
        assert_eq!(ym("2026-10").minus_months(11), Some(ym("2025-11")));
        assert_eq!(ym("2026-01").minus_months(1), Some(ym("2025-12")));
        assert_eq!(ym("2026-03").minus_months(0), Some(ym("2026-03")));
        assert_eq!(ym("0000-02").minus_months(1), Some(ym("0000-01")));
        assert_eq!(ym("0000-02").minus_months(2), None);
        assert_eq!(ym("9999-12").minus_months(u32::MAX), None);
    }

    #[test]
    fn month_bounds() {
        assert_eq!(ym("2024-02").last_day().to_string(), "2024-02-29");
        assert_eq!(ym("2026-12").last_day().to_string(), "2026-12-31");
        assert_eq!(ym("9999-12").last_day().to_string(), "9999-12-31");
        assert_eq!(ym("2025-11").first_day().to_string(), "2025-11-01");
    }
}
