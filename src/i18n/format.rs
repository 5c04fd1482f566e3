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

/// A date as people say it, in a time zone: `Friday 12 December at 18:00 CET` /
/// `vendredi 12 décembre à 18:00 CET` (with the year when it is not `now`'s).
pub fn spoken(
    locale: Locale,
    tz: chrono_tz::Tz,
    at: chrono::NaiveDateTime,
    now: chrono::NaiveDateTime,
) -> String {
    use crate::i18n::{Arg, render, t};
    let local = at.and_utc().with_timezone(&tz);
    let year = if local.year() == now.and_utc().with_timezone(&tz).year() {
        String::new()
    } else {
        format!(" {}", local.year())
    };
    render(
        locale,
        "when-spoken",
        &[
            (
                "weekday",
                Arg::from(t(
                    locale,
                    &format!("when-weekday-{}", local.weekday().num_days_from_monday()),
                )),
            ),
            ("day", Arg::from(local.day().to_string())),
            (
                "month",
                Arg::from(t(locale, &format!("when-month-{}", local.month()))),
            ),
            ("year", Arg::from(year)),
            (
                "time",
                Arg::from(format!(
                    "{:02}:{:02} {}",
                    local.hour(),
                    local.minute(),
                    local.offset()
                )),
            ),
        ],
    )
}

/// How far `at` is from `now`: `in 20 minutes`, `in 5 hours`, `tomorrow`, `in 3 days` (calendar
/// days in the time zone), `2 hours ago`, `yesterday`, `just now`.
pub fn relative(
    locale: Locale,
    tz: chrono_tz::Tz,
    at: chrono::NaiveDateTime,
    now: chrono::NaiveDateTime,
) -> String {
    use crate::i18n::{Arg, render, t};
    let future = at >= now;
    let gap = if future { at - now } else { now - at };
    let (key, n) = if gap.num_minutes() < 1 {
        return t(locale, "when-now");
    } else if gap.num_minutes() < 60 {
        ("minutes", gap.num_minutes())
    } else if gap.num_hours() < 24 {
        ("hours", gap.num_hours())
    } else {
        let day = |x: chrono::NaiveDateTime| x.and_utc().with_timezone(&tz).date_naive();
        let days = if future {
            day(at) - day(now)
        } else {
            day(now) - day(at)
        };
        ("days", days.num_days().max(1))
    };
    let which = if future { "in" } else { "ago" };
    render(
        locale,
        &format!("when-{which}-{key}"),
        &[("n", Arg::Number(n as f64))],
    )
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

    #[test]
    fn dates_as_people_say_them() {
        let paris = chrono_tz::Europe::Paris;
        let now = Utc
            .with_ymd_and_hms(2026, 12, 9, 19, 0, 0)
            .unwrap()
            .naive_utc();
        let at = Utc
            .with_ymd_and_hms(2026, 12, 12, 17, 0, 0)
            .unwrap()
            .naive_utc();
        assert_eq!(
            spoken(Locale::En, paris, at, now),
            "Saturday 12 December at 18:00 CET"
        );
        assert_eq!(
            spoken(Locale::Fr, paris, at, now),
            "samedi 12 décembre à 18:00 CET"
        );
        assert_eq!(relative(Locale::En, paris, at, now), "in 3 days");
        assert_eq!(relative(Locale::Fr, paris, at, now), "dans 3 jours");
        assert_eq!(relative(Locale::En, paris, now, at), "3 days ago");
        let soon = now + chrono::Duration::hours(5);
        assert_eq!(relative(Locale::En, paris, soon, now), "in 5 hours");
        assert_eq!(relative(Locale::Fr, paris, now, soon), "il y a 5 heures");
        let tomorrow = now + chrono::Duration::hours(26);
        assert_eq!(relative(Locale::En, paris, tomorrow, now), "tomorrow");
        let next_year = at + chrono::Duration::days(30);
        assert!(spoken(Locale::En, paris, next_year, now).contains("January 2027"));
    }
}
