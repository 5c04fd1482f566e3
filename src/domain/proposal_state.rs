//! Where a proposal stands and when its results may be seen: the enum-like columns of a stored
//! proposal, as values (the storage boundary reads them once; nothing compares strings).

/// A proposal's place in its life: scheduled → open → closed; withdrawn (by its author, the
/// board or admins, with a reason) before closing, and then never tallied nor enacted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProposalState {
    Scheduled,
    Open,
    Closed,
    Withdrawn,
}

impl ProposalState {
    pub const ALL: [ProposalState; 4] = [
        ProposalState::Scheduled,
        ProposalState::Open,
        ProposalState::Closed,
        ProposalState::Withdrawn,
    ];

    pub const fn key(self) -> &'static str {
        match self {
            ProposalState::Scheduled => "scheduled",
            ProposalState::Open => "open",
            ProposalState::Closed => "closed",
            ProposalState::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(key: &str) -> Option<ProposalState> {
        Self::ALL.into_iter().find(|s| s.key() == key)
    }
}

/// When the results of an open proposal may be seen (all may, once it closes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ResultsVisibility {
    AfterClose,
    AfterVote,
    Live,
}

impl ResultsVisibility {
    pub const ALL: [ResultsVisibility; 3] = [
        ResultsVisibility::AfterClose,
        ResultsVisibility::AfterVote,
        ResultsVisibility::Live,
    ];

    pub fn key(self) -> &'static str {
        match self {
            ResultsVisibility::AfterClose => "after_close",
            ResultsVisibility::AfterVote => "after_vote",
            ResultsVisibility::Live => "live",
        }
    }

    pub fn parse(key: &str) -> Option<ResultsVisibility> {
        Self::ALL.into_iter().find(|v| v.key() == key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_read_back() {
        for s in ProposalState::ALL {
            assert_eq!(ProposalState::parse(s.key()), Some(s));
        }
        for v in ResultsVisibility::ALL {
            assert_eq!(ResultsVisibility::parse(v.key()), Some(v));
        }
        assert_eq!(ProposalState::parse("Open"), None);
    }
}
