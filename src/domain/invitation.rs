//! Where an invitation stands. Not a stored column: it follows from when it was accepted,
//! revoked and when it expires, read in one place (`Invitation::status`).

crate::domain::keyed::keyed_enum! {
    /// An invitation's status, as the invitations page and the catalogs
    /// (`invite-status-KEY`) name it.
    pub enum InvitationStatus {
        /// Sent, neither accepted nor revoked, not expired: its link works.
        Pending = "pending",
        Accepted = "accepted",
        Revoked = "revoked",
        Expired = "expired",
    }
}

impl InvitationStatus {
    /// From the invitation's dates, at `now`: accepted first, then revoked, then expired.
    pub fn of(
        accepted: bool,
        revoked: bool,
        expires_at: chrono::NaiveDateTime,
        now: chrono::NaiveDateTime,
    ) -> InvitationStatus {
        if accepted {
            InvitationStatus::Accepted
        } else if revoked {
            InvitationStatus::Revoked
        } else if expires_at <= now {
            InvitationStatus::Expired
        } else {
            InvitationStatus::Pending
        }
    }
}

#[cfg(test)]
mod tests {
    use super::InvitationStatus;

    #[test]
    fn status_follows_the_dates_accepted_first() {
        let t = |h| {
            chrono::NaiveDate::from_ymd_opt(2026, 12, 1)
                .and_then(|d| d.and_hms_opt(h, 0, 0))
                .unwrap()
        };
        assert_eq!(
            InvitationStatus::of(false, false, t(10), t(9)),
            InvitationStatus::Pending
        );
        assert_eq!(
            InvitationStatus::of(false, false, t(10), t(10)),
            InvitationStatus::Expired
        );
        assert_eq!(
            InvitationStatus::of(false, true, t(10), t(11)),
            InvitationStatus::Revoked
        );
        assert_eq!(
            InvitationStatus::of(true, true, t(10), t(11)),
            InvitationStatus::Accepted
        );
        for s in InvitationStatus::ALL {
            assert_eq!(InvitationStatus::parse(s.key()), Some(*s));
        }
    }
}
