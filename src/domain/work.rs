//! The enum-like values of the work log and of payout runs.

use super::keyed::keyed_enum;

keyed_enum! {
    /// What a work-log entry is.
    pub enum WorkKind {
        /// A day of support work, earning the rule's points per day.
        SupportDay = "support_day",
        /// A task with an estimate in points, earning it once approved.
        Task = "task",
    }
}

keyed_enum! {
    /// Where a work-log entry stands: claimed, then approved, rejected or (a task whose real
    /// effort exceeded its estimate) rescheduled.
    pub enum WorkStatus {
        Claimed = "claimed",
        Approved = "approved",
        Rejected = "rejected",
        Rescheduled = "rescheduled",
    }
}

keyed_enum! {
    /// A monthly payout run: a draft until the board confirms it, then frozen.
    pub enum RunState {
        Draft = "draft",
        Confirmed = "confirmed",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_read_back_and_unknown_keys_do_not() {
        for k in WorkKind::ALL {
            assert_eq!(WorkKind::parse(k.key()), Some(*k));
        }
        for s in WorkStatus::ALL {
            assert_eq!(WorkStatus::parse(s.key()), Some(*s));
        }
        assert_eq!(RunState::parse("confirmed"), Some(RunState::Confirmed));
        assert_eq!(WorkStatus::parse("Approved"), None);
        assert_eq!(WorkKind::parse(""), None);
    }
}
