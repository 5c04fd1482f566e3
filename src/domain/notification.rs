//! What a notification is about, which kinds are important, and what each volume lets through.
//! Pure values: the notifications service stores them, the pages render them.

/// An event that lands in a person's notifications.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A proposal opened and the person is on its roll.
    ProposalOpened,
    /// A proposal the person has not voted on closes within a day.
    Reminder,
    /// A proposal the person is on the roll of now closes later.
    ProposalExtended,
    /// A proposal the person was on the roll of closed: its verdict.
    ProposalResult,
    /// Someone named the person in a thread or comment.
    Mention,
    /// Someone the person invited joined.
    InvitationAccepted,
    /// The board approved, rejected or rescheduled the person's work.
    WorkReviewed,
    /// The person's payout statement for a month is ready.
    StatementReady,
    /// A new payout rule was adopted in the co-op.
    PayoutRuleAdopted,
    /// A proposal the person is on the roll of was withdrawn (it will not be decided).
    ProposalWithdrawn,
    /// A proposal the person is on the roll of was edited (their ballot stays).
    ProposalEdited,
}

impl Kind {
    pub const ALL: [Kind; 11] = [
        Kind::ProposalOpened,
        Kind::Reminder,
        Kind::ProposalExtended,
        Kind::ProposalResult,
        Kind::Mention,
        Kind::InvitationAccepted,
        Kind::WorkReviewed,
        Kind::StatementReady,
        Kind::PayoutRuleAdopted,
        Kind::ProposalWithdrawn,
        Kind::ProposalEdited,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Kind::ProposalOpened => "proposal_opened",
            Kind::Reminder => "reminder",
            Kind::ProposalExtended => "proposal_extended",
            Kind::ProposalResult => "proposal_result",
            Kind::Mention => "mention",
            Kind::InvitationAccepted => "invitation_accepted",
            Kind::WorkReviewed => "work_reviewed",
            Kind::StatementReady => "statement_ready",
            Kind::PayoutRuleAdopted => "payout_rule_adopted",
            Kind::ProposalWithdrawn => "proposal_withdrawn",
            Kind::ProposalEdited => "proposal_edited",
        }
    }

    pub fn parse(key: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.key() == key)
    }

    /// Important: what asks the person to act or concerns them alone — a vote opened to
    /// them, its reminder or new closing time, its result, a mention of them, their own work
    /// reviewed, their own statement.
    pub fn is_important(self) -> bool {
        !matches!(self, Kind::InvitationAccepted | Kind::PayoutRuleAdopted)
    }
}

/// How much of a co-op lands in a person's notifications (and optional mail).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Volume {
    #[default]
    All,
    Important,
    None,
}

impl Volume {
    pub const ALL: [Volume; 3] = [Volume::All, Volume::Important, Volume::None];

    pub fn key(self) -> &'static str {
        match self {
            Volume::All => "all",
            Volume::Important => "important",
            Volume::None => "none",
        }
    }

    pub fn parse(key: &str) -> Option<Volume> {
        Volume::ALL.into_iter().find(|v| v.key() == key)
    }

    /// Whether a notification of `kind` lands (and its optional mail goes) at this volume.
    pub fn lets_through(self, kind: Kind) -> bool {
        match self {
            Volume::All => true,
            Volume::Important => kind.is_important(),
            Volume::None => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_parse_back() {
        for k in Kind::ALL {
            assert_eq!(Kind::parse(k.key()), Some(k));
        }
        for v in Volume::ALL {
            assert_eq!(Volume::parse(v.key()), Some(v));
        }
        assert_eq!(Kind::parse("nope"), None);
        assert_eq!(Volume::parse(""), None);
    }

    #[test]
    fn volumes_let_through_what_they_say() {
        assert!(Kind::ALL.iter().all(|k| Volume::All.lets_through(*k)));
        assert!(!Kind::ALL.iter().any(|k| Volume::None.lets_through(*k)));
        assert!(Volume::Important.lets_through(Kind::Mention));
        assert!(Volume::Important.lets_through(Kind::ProposalResult));
        assert!(!Volume::Important.lets_through(Kind::PayoutRuleAdopted));
        assert!(!Volume::Important.lets_through(Kind::InvitationAccepted));
    }
}
