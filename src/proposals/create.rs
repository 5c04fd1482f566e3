//! Creating a proposal: the input a form or the API gives, checked against the rulebook
//! (who may propose, the methods the decision class allows, the payload) into a row.

use crate::access::{Access, may_propose};
use crate::domain::election::{Method, RankedRule};
use crate::domain::proposal_state::{ProposalState, ResultsVisibility};
use crate::domain::refusal::{Code, Refused};
use crate::domain::rulebook::{self, Call, DecisionClass, Rulebook};
use crate::domain::{payout, rulebook::Template};
use crate::i18n::Locale;
use crate::i18n::format::in_zone;
use crate::mail::MailContext;
use crate::service::Answer;
use crate::storage::proposals::NewProposal;
use crate::storage::{DbConn, coops, members, proposals, write_tx};
use chrono::{NaiveDateTime, TimeZone, Timelike};
use serde::Deserialize;

/// What a person asks for, as typed (times in the co-op's time zone, `YYYY-MM-DDTHH:MM`).
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct ProposalInput {
    pub title: String,
    /// Markdown.
    pub details: String,
    /// `proposal`, `consent`, `single`, `approval`, `ranked`, `score` or `dot`.
    pub method: String,
    /// The options, one per line (option methods only).
    pub options: String,
    /// `schulze`, `irv` or `borda` (ranked only).
    pub ranked_rule: String,
    pub score_min: Option<i64>,
    pub score_max: Option<i64>,
    pub dots_per_voter: Option<i64>,
    /// `ordinary`, `extraordinary`, `rules_change` or `payout_rule`.
    pub decision_class: String,
    /// Empty: open now.
    pub opens_at: String,
    pub closes_at: String,
    pub secret: bool,
    /// `live`, `after_vote` or `after_close` (secret proposals: always `after_close`).
    pub results_visibility: String,
    pub reason_required: bool,
    /// A complete rulebook (`rules_change`) or a payout rule (`payout_rule`), as JSON.
    pub payload: String,
    pub thread_id: Option<i64>,
}

/// Caps that keep a proposal's ballot form and tally small: the form lists every score of the
/// range for every option, so an unbounded range or option list makes a page of any size.
pub const MAX_OPTIONS: usize = 50;
/// Characters of one option (the title's own cap).
pub const MAX_OPTION_CHARS: usize = 200;
/// Scores a voter can choose from, both ends included.
pub const MAX_SCORE_VALUES: i128 = 100;
pub const MAX_DOTS_PER_VOTER: i64 = 1000;

fn no(code: Code) -> Refused {
    Refused::new(code)
}

fn with(code: Code, detail: String) -> Refused {
    Refused::new(code).detail(detail)
}

/// A time typed in the co-op's zone, as stored (UTC).
pub fn parse_local(text: &str, tz: chrono_tz::Tz) -> Option<NaiveDateTime> {
    let text = text.trim();
    let naive = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S"))
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M"))
        .ok()?;
    if let Some(at) = tz.from_local_datetime(&naive).earliest() {
        return Some(at.naive_utc());
    }
    // A time the clocks skip (spring forward) is read with the offset in force just before,
    // as calendars do: 02:30 on the night clocks go from 02:00 to 03:00 is 03:30.
    use chrono::Offset;
    let before = tz
        .from_local_datetime(&(naive - chrono::Duration::hours(3)))
        .earliest()?;
    let offset = before.offset().fix().local_minus_utc();
    Some(naive - chrono::Duration::seconds(i64::from(offset)))
}

/// Everything the checks need besides the input.
pub struct Context<'a> {
    pub coop_id: i64,
    pub author: i64,
    pub book: &'a Rulebook,
    pub tz: chrono_tz::Tz,
    pub now: NaiveDateTime,
    pub locale: Locale,
    pub members_in: &'a dyn Fn(&str) -> usize,
}

/// Checks `input` and gives the row to insert.
pub fn check(input: &ProposalInput, cx: &Context<'_>) -> Result<NewProposal, Refused> {
    let title = input.title.trim();
    if title.is_empty() || title.chars().count() > 200 {
        return Err(no(Code::TitleInvalid));
    }
    let class =
        DecisionClass::parse(&input.decision_class).ok_or(no(Code::DecisionClassUnknown))?;
    let method = Method::from_name(&input.method).ok_or(no(Code::MethodUnknown))?;
    let allowed = cx.book.decisions.get(class).methods.contains(&method);
    if !allowed {
        return Err(no(Code::MethodNotAllowed));
    }
    let options = options_of(method, &input.options)?;
    let ranked_rule = match input.ranked_rule.as_str() {
        "" => RankedRule::Schulze,
        name => RankedRule::from_name(name).ok_or(no(Code::RankedRuleUnknown))?,
    };
    let (score_min, score_max) = (input.score_min.unwrap_or(0), input.score_max.unwrap_or(5));
    if method == Method::Score && score_min >= score_max {
        return Err(no(Code::ScoreRangeInvalid));
    }
    // In i128: the difference of two i64 may not fit an i64.
    let score_values = i128::from(score_max) - i128::from(score_min) + 1;
    if method == Method::Score && score_values > MAX_SCORE_VALUES {
        return Err(no(Code::ScoreRangeTooWide));
    }
    let dots = input.dots_per_voter.filter(|_| method == Method::Dot);
    if method == Method::Dot && dots.is_none_or(|d| !(1..=MAX_DOTS_PER_VOTER).contains(&d)) {
        return Err(no(Code::DotsInvalid));
    }
    let opens_at = if input.opens_at.trim().is_empty() {
        cx.now
    } else {
        parse_local(&input.opens_at, cx.tz).ok_or(no(Code::OpensAtInvalid))?
    };
    let closes_at = parse_local(&input.closes_at, cx.tz).ok_or(no(Code::ClosesAtInvalid))?;
    if closes_at <= opens_at.max(cx.now) {
        return Err(no(Code::ClosesTooEarly));
    }
    let min_hours = cx.book.decisions.get(class).min_open_hours;
    // To the minute, as closing times are typed: "in 24 hours" typed now is 24 hours.
    let earliest = (opens_at + chrono::Duration::hours(i64::from(min_hours)))
        .with_second(0)
        .and_then(|t| t.with_nanosecond(0))
        .unwrap_or(opens_at);
    if closes_at < earliest {
        return Err(Refused::new(Code::OpenTooShort)
            .with("hours", min_hours)
            .with("earliest", in_zone(cx.locale, cx.tz, earliest)));
    }
    let visibility = match (input.secret, input.results_visibility.as_str()) {
        (true, _) | (false, "") => ResultsVisibility::AfterClose,
        (false, key) => ResultsVisibility::parse(key).ok_or(no(Code::VisibilityUnknown))?,
    };
    let payload = check_payload(class, &input.payload, cx)?;
    Ok(NewProposal {
        coop_id: cx.coop_id,
        thread_id: input.thread_id,
        author_id: Some(cx.author),
        title: title.to_string(),
        details: input.details.trim().to_string(),
        method,
        options,
        ranked_rule,
        score_min,
        score_max,
        dots_per_voter: dots,
        decision_class: class,
        call: Call::First,
        reruns_id: None,
        opens_at,
        closes_at,
        // Inserted scheduled; `closing::open` opens it (now, or when its time comes).
        state: ProposalState::Scheduled,
        secret: input.secret,
        results_visibility: visibility,
        reason_required: input.reason_required,
        payload,
        created_at: cx.now,
    })
}

/// The options typed one per line, checked for `method` (none for methods without options):
/// at least two, distinct, within the caps. Creating and editing a proposal both read them so.
pub fn options_of(method: Method, text: &str) -> Result<Vec<String>, Refused> {
    if !method.has_options() {
        return Ok(vec![]);
    }
    let options: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    let mut sorted = options.clone();
    sorted.sort();
    sorted.dedup();
    if options.len() < 2 || sorted.len() != options.len() {
        return Err(no(Code::OptionsInvalid));
    }
    if options.len() > MAX_OPTIONS {
        return Err(no(Code::TooManyOptions));
    }
    if options.iter().any(|o| o.chars().count() > MAX_OPTION_CHARS) {
        return Err(no(Code::OptionTooLong));
    }
    Ok(options)
}

/// Checks and stores a proposal for `access`'s person, opening it when its time has come;
/// answers its id. `locale` is the author's, for the words of a refused payload.
pub fn create(
    conn: &mut DbConn,
    mail: &MailContext,
    access: &Access,
    input: &ProposalInput,
    locale: Locale,
    now: NaiveDateTime,
) -> Answer<i64> {
    let coop = access.coop()?;
    let author = access.account_id()?;
    let membership = access.membership.as_ref();
    let privileged = membership.is_some_and(|m| m.is_admin || m.is_board);
    write_tx(conn, |c| {
        let book = coops::current_rulebook(c, coop.id)?;
        if !(privileged || membership.is_some_and(|m| may_propose(&book, m))) {
            return Err(no(Code::ProposeNotAllowed).into());
        }
        let mut counts = std::collections::HashMap::new();
        for college in &book.colleges {
            let n = members::count_in_college(c, coop.id, &college.key)? as usize;
            counts.insert(college.key.clone(), n);
        }
        let members_in = |k: &str| counts.get(k).copied().unwrap_or(0);
        let cx = Context {
            coop_id: coop.id,
            author,
            book: &book,
            tz: coop.tz(),
            now,
            locale,
            members_in: &members_in,
        };
        check_thread(c, coop.id, input.thread_id)??;
        let new = check(input, &cx)?;
        let id = proposals::insert(c, &new)?;
        crate::storage::audit::append(
            c,
            coop.id,
            Some(author),
            "proposal.created",
            serde_json::json!({"proposal": id, "title": new.title, "class": new.decision_class,
                "method": new.method, "secret": new.secret}),
        )?;
        super::closing::open(c, mail, id, now)?;
        Ok(id)
    })
}

/// A proposal started from a thread must name a thread of the same co-op (a foreign or
/// made-up id would link the proposal to another co-op's discussion, or to nothing).
pub fn check_thread(
    conn: &mut crate::storage::DbConn,
    coop_id: i64,
    thread_id: Option<i64>,
) -> diesel::QueryResult<Result<(), Refused>> {
    let Some(id) = thread_id else {
        return Ok(Ok(()));
    };
    Ok(match crate::storage::threads::get(conn, coop_id, id)? {
        Some(_) => Ok(()),
        None => Err(no(Code::ThreadNotInCoop)),
    })
}

/// Validates a `rules_change` or `payout_rule` payload (again at enactment).
pub fn check_payload(
    class: DecisionClass,
    text: &str,
    cx: &Context<'_>,
) -> Result<Option<String>, Refused> {
    match class {
        DecisionClass::RulesChange => {
            let next =
                rulebook::parse(text).map_err(|e| with(Code::PayloadInvalid, e.to_string()))?;
            rulebook::validate_change(cx.book, &next, cx.members_in).map_err(|v| {
                let text: Vec<String> = v
                    .iter()
                    .map(|v| crate::i18n::rulebook::render_violation(cx.locale, v))
                    .collect();
                with(Code::PayloadInvalid, text.join(" "))
            })?;
            Ok(Some(next.to_json_pretty()))
        }
        DecisionClass::PayoutRule => {
            let rule =
                payout::parse_rule(text).map_err(|e| with(Code::PayloadInvalid, e.to_string()))?;
            payout::validate_for_template(&rule, cx.book.template == Template::Scic)
                .map_err(|e| with(Code::PayloadInvalid, e.to_string()))?;
            Ok(Some(text.trim().to_string()))
        }
        _ => Ok(None),
    }
}

/// Whether the class allows a second call (its rulebook gives a `second_call_quorum`).
pub fn has_second_call(book: &Rulebook, class: DecisionClass) -> bool {
    rulebook::election_rules(book, class, Call::Second).is_some()
}

#[cfg(test)]
mod local_time_tests {
    use super::parse_local;
    use chrono::NaiveDate;

    #[test]
    fn a_time_the_clocks_skip_is_read_on_the_far_side_of_the_change() {
        let paris = chrono_tz::Europe::Paris;
        // 2027-03-28: 02:00 CET becomes 03:00 CEST; 02:30 does not exist.
        let utc = |h, m| {
            NaiveDate::from_ymd_opt(2027, 3, 28)
                .unwrap()
                .and_hms_opt(h, m, 0)
                .unwrap()
        };
        assert_eq!(parse_local("2027-03-28T02:30", paris), Some(utc(1, 30)));
        assert_eq!(parse_local("2027-03-28T03:30", paris), Some(utc(1, 30)));
        assert_eq!(parse_local("2027-03-28T01:30", paris), Some(utc(0, 30)));
        assert_eq!(parse_local("2027-03-28T25:00", paris), None);
    }
}
