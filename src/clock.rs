//! The one clock: services, jobs and handlers ask it the time instead of the system, so an
//! integration test can move a running server's time on ("14 days later") without backdating
//! rows. A server started from the command line always has the system clock: no flag or
//! variable sets another; only code that builds a `Config` itself (the tests) can.

use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

/// The system clock, or (tests) the system clock moved on by a settable offset.
#[derive(Debug, Clone, Default)]
pub struct Clock {
    /// Microseconds added to the system time; `None` for the system clock.
    offset: Option<Arc<AtomicI64>>,
}

impl Clock {
    pub fn system() -> Clock {
        Clock { offset: None }
    }

    /// A clock that starts at the system time and can be moved on with [`Clock::advance`].
    pub fn settable() -> Clock {
        Clock {
            offset: Some(Arc::new(AtomicI64::new(0))),
        }
    }

    /// The current instant, as stored: UTC without offset, to the microsecond.
    pub fn now(&self) -> NaiveDateTime {
        let micros = Utc::now().timestamp_micros()
            + self.offset.as_ref().map_or(0, |o| o.load(Ordering::SeqCst));
        DateTime::from_timestamp_micros(micros)
            .unwrap_or_default()
            .naive_utc()
    }

    /// Today in a time zone, by this clock.
    pub fn today(&self, tz: chrono_tz::Tz) -> chrono::NaiveDate {
        self.now().and_utc().with_timezone(&tz).date_naive()
    }

    /// Moves a settable clock on (or back); the system clock cannot be moved (false).
    pub fn advance(&self, by: Duration) -> bool {
        match &self.offset {
            Some(o) => {
                let micros = by.num_microseconds().unwrap_or(i64::MAX);
                o.fetch_add(micros, Ordering::SeqCst);
                true
            }
            None => false,
        }
    }
}

/// An instant as the API and the audit trail write it: `2026-11-26T06:25:00.123456Z`.
pub fn rfc3339_micros(at: NaiveDateTime) -> String {
    at.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_settable_clock_moves_on_and_the_system_clock_does_not() {
        let clock = Clock::settable();
        let before = clock.now();
        assert!(clock.advance(Duration::days(14)));
        let after = clock.now();
        assert!(after - before >= Duration::days(14));
        assert!(after - before < Duration::days(14) + Duration::minutes(1));
        let system = Clock::system();
        assert!(!system.advance(Duration::days(1)));
        assert!(system.now() - Utc::now().naive_utc() < Duration::minutes(1));
    }

    #[test]
    fn clones_share_the_hands() {
        let clock = Clock::settable();
        let copy = clock.clone();
        clock.advance(Duration::days(2));
        assert!(copy.now() - Utc::now().naive_utc() > Duration::days(1));
    }
}
