//! One refusal vocabulary: everything a person can be refused, as a stable snake_case code
//! with named arguments. Services answer a [`Refused`]; the web renders it through the message
//! catalog in the reader's language (a page's inline error, or problem+json's `detail`, with
//! `code` = [`Code::as_str`]). Codes are part of the API: never rename or remove one (the
//! catalog test and `tests/it/refusals.rs` pin them); add new ones at the end of their group.

/// An argument of a message: text, or a number that the catalog formats for the language.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Text(String),
    Number(f64),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Text(s.to_string())
    }
}
impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Text(s)
    }
}
impl From<i64> for Arg {
    fn from(n: i64) -> Self {
        Arg::Number(n as f64)
    }
}
impl From<u32> for Arg {
    fn from(n: u32) -> Self {
        Arg::Number(f64::from(n))
    }
}
impl From<u64> for Arg {
    fn from(n: u64) -> Self {
        Arg::Number(n as f64)
    }
}
impl From<usize> for Arg {
    fn from(n: usize) -> Self {
        Arg::Number(n as f64)
    }
}

/// How a refusal answers over HTTP: what was sent cannot be right (400), or it does not fit
/// the current state of things (409).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Invalid,
    Conflict,
}

/// Declares [`Code`] by [`Area`]: variant, stable code, catalog key, kind. A table, so the
/// three stay side by side; the catalog test walks [`Code::ALL`].
macro_rules! codes {
    ($(
        $(#[$area_doc:meta])* $area:ident: [
            $( $(#[$doc:meta])* $name:ident = $code:literal, $key:literal, $kind:ident; )*
        ]
    )*) => {
        /// The part of the product a refusal belongs to (the OpenAPI document lists, for each
        /// route, the codes of its areas).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Area { $( $(#[$area_doc])* $area, )* }

        /// Every refusal a person can meet.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Code { $( $( $(#[$doc])* $name, )* )* }

        impl Code {
            pub const ALL: &'static [Code] = &[$( $(Code::$name,)* )*];

            pub fn area(self) -> Area {
                match self { $( $(Code::$name => Area::$area,)* )* }
            }

            /// The stable code (problem+json's `code`).
            pub fn as_str(self) -> &'static str {
                match self { $( $(Code::$name => $code,)* )* }
            }

            /// The catalog message that says it to a person.
            pub fn catalog_key(self) -> &'static str {
                match self { $( $(Code::$name => $key,)* )* }
            }

            pub fn kind(self) -> Kind {
                match self { $( $(Code::$name => Kind::$kind,)* )* }
            }
        }
    };
}

codes! {
    /// Accounts and sign-in.
    Accounts: [
        LoginFailed = "login_failed", "error-login-failed", Invalid;
        EmailInvalid = "email_invalid", "error-email-invalid", Invalid;
        NameInvalid = "name_invalid", "error-name-invalid", Invalid;
        PasswordTooShort = "password_too_short", "error-password-short", Invalid;
        PasswordTooLong = "password_too_long", "error-password-long", Invalid;
        CurrentPasswordWrong = "current_password_wrong", "error-current-password", Invalid;
        TokenNameInvalid = "token_name_invalid", "error-token-name", Invalid;
        TokenDaysInvalid = "token_days_invalid", "error-token-days", Invalid;
        LanguageUnknown = "language_unknown", "found-error-locale", Invalid;
        EmailTaken = "email_taken", "account-error-email-taken", Conflict;
        EmailUnchanged = "email_unchanged", "account-error-email-unchanged", Invalid;
        EmailChangeLimited = "email_change_limited", "account-error-email-limited", Conflict;
        DeleteNotConfirmed = "delete_not_confirmed", "account-error-delete-confirm", Invalid;
        /// `coop`: the co-op the person is the last admin of.
        LastAdminOf = "last_admin_of", "account-error-last-admin", Conflict;
        LastServerAdmin = "last_server_admin", "account-error-last-server-admin", Conflict;
    ]
    /// Founding a co-op.
    Founding: [
        /// `field`, `value`: a number the form could not read.
        NumberInvalid = "number_invalid", "found-error-number", Invalid;
        CoopNameInvalid = "coop_name_invalid", "found-error-name", Invalid;
        SlugInvalid = "slug_invalid", "found-error-slug", Invalid;
        TimeZoneInvalid = "time_zone_invalid", "found-error-time-zone", Invalid;
        FounderCollegeInvalid = "founder_college_invalid", "found-error-college", Invalid;
    ]
    /// Members, invitations, placement.
    Members: [
        SharesInvalid = "shares_invalid", "members-error-shares", Invalid;
        LastAdmin = "last_admin", "members-error-last-admin", Conflict;
        CollegeUnknown = "college_unknown", "members-error-college", Invalid;
        RoleUnknown = "role_unknown", "invite-error-role", Invalid;
        NoAddresses = "no_addresses", "invite-error-empty", Invalid;
        InvitationUsed = "invitation_used", "invite-error-used", Conflict;
    ]
    /// Proxies.
    Proxies: [
        ProxiesForbidden = "proxies_forbidden", "proxy-refused-forbidden", Conflict;
        /// `max`: how many proxies one member may hold.
        ProxyLimitReached = "proxy_limit_reached", "proxy-refused-max", Conflict;
        ProxySameCollege = "proxy_same_college", "proxy-refused-same-college", Conflict;
        ProxyHolderNotMember = "proxy_holder_not_member", "proxy-refused-not-member", Conflict;
        ProxyToSelf = "proxy_to_self", "proxy-refused-self", Conflict;
        ProxyAlreadyGiven = "proxy_already_given", "proxy-refused-already", Conflict;
        ProxyProposalNotOpen = "proxy_proposal_not_open", "proxy-refused-proposal", Conflict;
    ]
    /// Proposals.
    Proposals: [
        ProposeNotAllowed = "propose_not_allowed", "proposal-refused-college", Conflict;
        TitleInvalid = "title_invalid", "proposal-refused-title", Conflict;
        DecisionClassUnknown = "decision_class_unknown", "proposal-refused-class", Conflict;
        MethodUnknown = "method_unknown", "proposal-refused-method", Conflict;
        MethodNotAllowed = "method_not_allowed", "proposal-refused-method-class", Conflict;
        OptionsInvalid = "options_invalid", "proposal-refused-options", Conflict;
        RankedRuleUnknown = "ranked_rule_unknown", "proposal-refused-ranked-rule", Conflict;
        ScoreRangeInvalid = "score_range_invalid", "proposal-refused-score-range", Conflict;
        DotsInvalid = "dots_invalid", "proposal-refused-dots", Conflict;
        OpensAtInvalid = "opens_at_invalid", "proposal-refused-opens", Conflict;
        ClosesAtInvalid = "closes_at_invalid", "proposal-refused-closes", Conflict;
        ClosesTooEarly = "closes_too_early", "proposal-refused-closes-before", Conflict;
        VisibilityUnknown = "visibility_unknown", "proposal-refused-visibility", Conflict;
        /// The detail says what is wrong with the payload.
        PayloadInvalid = "payload_invalid", "proposal-refused-payload", Conflict;
        ExtendInvalid = "extend_invalid", "proposal-refused-extend", Conflict;
        SecondCallInvalid = "second_call_invalid", "proposal-refused-second-call", Conflict;
        TooManyOptions = "too_many_options", "proposal-refused-options-many", Conflict;
        OptionTooLong = "option_too_long", "proposal-refused-option-long", Conflict;
        ScoreRangeTooWide = "score_range_too_wide", "proposal-refused-score-wide", Conflict;
        ThreadNotInCoop = "thread_not_in_coop", "proposal-refused-thread", Conflict;
        ProposalNotClosed = "proposal_not_closed", "proposal-refused-not-closed", Conflict;
        ResultsNotVisible = "results_not_visible", "proposal-refused-results-hidden", Conflict;
        /// `hours`, `earliest`: the class's least open time, and the earliest closing time.
        OpenTooShort = "open_too_short", "proposal-refused-min-open", Conflict;
        /// `missing`: how many on the roll have not voted.
        EarlyCloseNotAllowed = "early_close_not_allowed", "proposal-refused-early-close", Conflict;
        /// Withdrawing a proposal needs a reason.
        WithdrawReasonRequired = "withdraw_reason_required", "proposal-refused-withdraw-reason", Conflict;
        /// `at`: when the next reminder may go out.
        ReminderTooSoon = "reminder_too_soon", "proposal-refused-reminder-too-soon", Conflict;
        /// An edit of a decision that is not ordinary may only move its closing time later.
        EditEarlierNotAllowed = "edit_earlier_not_allowed", "proposal-refused-edit-earlier", Conflict;
        /// Options change only while nobody has voted.
        OptionsLocked = "options_locked", "proposal-refused-options-locked", Conflict;
        /// Only a closed, ordinary, non-secret proposal may be reopened.
        ReopenNotAllowed = "reopen_not_allowed", "proposal-refused-reopen", Conflict;
    ]
    /// Ballots.
    Ballots: [
        ProposalNotOpen = "proposal_not_open", "ballot-refused-not-open", Conflict;
        NotOnRoll = "not_on_roll", "ballot-refused-not-on-roll", Conflict;
        NoProxy = "no_proxy", "ballot-refused-no-proxy", Conflict;
        GiverVoted = "giver_voted", "ballot-refused-giver-voted", Conflict;
        ReasonRequired = "reason_required", "ballot-refused-reason", Conflict;
        SamePosition = "same_position", "ballot-refused-same-position", Conflict;
        NotANumber = "not_a_number", "ballot-refused-number", Conflict;
        NoChoice = "no_choice", "ballot-refused-no-choice", Conflict;
        /// `budget`: the voter's dots.
        OverBudget = "over_budget", "ballot-refused-over-budget", Conflict;
        /// The detail is the engine's word on the ballot.
        InvalidBallot = "invalid_ballot", "ballot-refused-invalid", Conflict;
        NoBallot = "no_ballot", "ballot-refused-nothing", Conflict;
    ]
    /// Threads and comments.
    Threads: [
        ThreadTitleEmpty = "title_empty", "threads-error-title-empty", Invalid;
        ThreadTitleTooLong = "title_too_long", "threads-error-title-long", Invalid;
        BodyEmpty = "body_empty", "threads-error-body-empty", Invalid;
        BodyTooLong = "body_too_long", "threads-error-body-long", Invalid;
    ]
    /// Work log.
    Work: [
        WorkDateInvalid = "work_date_invalid", "work-error-date", Invalid;
        TaskTitleInvalid = "task_title_invalid", "work-error-title", Invalid;
        EstimateInvalid = "estimate_invalid", "work-error-estimate", Invalid;
        WorkKindUnknown = "work_kind_unknown", "work-error-kind", Invalid;
        /// `max`: the rule's largest task.
        TaskTooBig = "task_too_big", "work-error-split", Invalid;
        OwnWork = "own_work", "work-error-own", Conflict;
        AlreadyReviewed = "already_reviewed", "work-error-reviewed", Conflict;
        /// `tolerance`: points over the estimate the rule allows.
        OverTolerance = "over_tolerance", "work-error-tolerance", Conflict;
        /// `max`: the rule's largest task.
        MissingWorkInvalid = "missing_work_invalid", "work-error-missing", Invalid;
        DecisionUnknown = "decision_unknown", "work-error-decision", Invalid;
        WorkDateInFuture = "work_date_in_future", "work-error-future", Invalid;
        SupportDayTaken = "support_day_taken", "work-error-day-taken", Conflict;
    ]
    /// Payout runs and rules.
    Payouts: [
        MonthInvalid = "month_invalid", "payouts-error-month", Invalid;
        SurplusInvalid = "surplus_invalid", "payouts-error-surplus", Invalid;
        CurrencyInvalid = "currency_invalid", "payouts-error-currency", Invalid;
        RunConfirmed = "run_confirmed", "payouts-error-confirmed", Conflict;
        NoPayoutRule = "no_payout_rule", "payouts-error-no-rule", Conflict;
        /// The detail is the payout engine's word on the rule.
        PayoutRuleInvalid = "payout_rule_invalid", "payouts-error-rule", Invalid;
    ]
}

/// A refusal: its code, the arguments its sentence names, and (rarely) words of an engine
/// that only speaks English, shown after the sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Refused {
    pub code: Code,
    pub args: Vec<(&'static str, Arg)>,
    pub detail: Option<String>,
}

impl Refused {
    pub fn new(code: Code) -> Refused {
        Refused {
            code,
            args: Vec::new(),
            detail: None,
        }
    }

    /// Adds a named argument of the sentence.
    pub fn with(mut self, name: &'static str, value: impl Into<Arg>) -> Refused {
        self.args.push((name, value.into()));
        self
    }

    /// Adds an engine's own words, shown after the sentence.
    pub fn detail(mut self, text: impl Into<String>) -> Refused {
        self.detail = Some(text.into());
        self
    }
}

impl From<Code> for Refused {
    fn from(code: Code) -> Refused {
        Refused::new(code)
    }
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code.as_str())?;
        if let Some(d) = &self.detail {
            write!(f, ": {d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Refused {}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique_snake_case() {
        let mut seen = HashSet::new();
        for code in Code::ALL {
            let s = code.as_str();
            assert!(seen.insert(s), "{s} twice");
            assert!(
                s.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{s} is not snake_case"
            );
        }
    }
}
