//! One's own account: sessions and their last use, email changes waiting for their link,
//! the rows a person's data export reads, and the pseudonymisation of a deleted account.

use super::DbConn;
use super::accounts::{ACCOUNT_COLUMNS, Account};
use super::schema::{
    accounts, api_tokens, ballots, comments, coops, email_changes, memberships, password_resets,
    payout_lines, payout_runs, proposals, proxies, sessions, threads, work_entries,
};
use chrono::NaiveDateTime;
use diesel::prelude::*;

// ---- sessions.

/// A live session of an account, as the sessions page lists it.
#[derive(Debug, Clone, Queryable)]
pub struct SessionRow {
    pub id_hash: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub last_used_at: Option<NaiveDateTime>,
    /// The browser and system it was last used from ("Firefox, Linux").
    pub device: Option<String>,
}

/// The account of a live session and the session's stored last use.
pub fn session_with_use(
    conn: &mut DbConn,
    id_hash: &str,
) -> QueryResult<Option<(Account, Option<NaiveDateTime>)>> {
    sessions::table
        .inner_join(accounts::table)
        .filter(sessions::id_hash.eq(id_hash))
        .filter(sessions::expires_at.gt(super::now()))
        .filter(accounts::deleted_at.is_null())
        .select((ACCOUNT_COLUMNS, sessions::last_used_at))
        .get_result(conn)
        .optional()
}

/// Records a session's last use (never moving it back) and, when known, its browser.
pub fn record_session_use(
    conn: &mut DbConn,
    id_hash: &str,
    at: NaiveDateTime,
    device: Option<&str>,
) -> QueryResult<()> {
    let target = sessions::table
        .filter(sessions::id_hash.eq(id_hash))
        .filter(
            sessions::last_used_at
                .is_null()
                .or(sessions::last_used_at.lt(at)),
        );
    match device {
        Some(d) => diesel::update(target)
            .set((sessions::last_used_at.eq(at), sessions::device.eq(d)))
            .execute(conn),
        None => diesel::update(target)
            .set(sessions::last_used_at.eq(at))
            .execute(conn),
    }
    .map(|_| ())
}

/// An account's unexpired sessions, the most recently used first.
pub fn sessions_of(conn: &mut DbConn, account_id: i64) -> QueryResult<Vec<SessionRow>> {
    let mut rows: Vec<SessionRow> = sessions::table
        .filter(sessions::account_id.eq(account_id))
        .filter(sessions::expires_at.gt(super::now()))
        .select((
            sessions::id_hash,
            sessions::created_at,
            sessions::expires_at,
            sessions::last_used_at,
            sessions::device,
        ))
        .load(conn)?;
    rows.sort_by(|a, b| {
        let used = |r: &SessionRow| r.last_used_at.unwrap_or(r.created_at);
        used(b).cmp(&used(a))
    });
    Ok(rows)
}

/// Ends one session of an account; false when it is not one of theirs.
pub fn end_session(conn: &mut DbConn, account_id: i64, id_hash: &str) -> QueryResult<bool> {
    let n = diesel::delete(
        sessions::table
            .filter(sessions::account_id.eq(account_id))
            .filter(sessions::id_hash.eq(id_hash)),
    )
    .execute(conn)?;
    Ok(n == 1)
}

/// Ends every session of an account but `keep`; answers how many ended.
pub fn end_other_sessions(conn: &mut DbConn, account_id: i64, keep: &str) -> QueryResult<usize> {
    diesel::delete(
        sessions::table
            .filter(sessions::account_id.eq(account_id))
            .filter(sessions::id_hash.ne(keep)),
    )
    .execute(conn)
}

// ---- profile.

pub fn set_display_name(conn: &mut DbConn, id: i64, name: &str) -> QueryResult<()> {
    diesel::update(accounts::table.filter(accounts::id.eq(id)))
        .set(accounts::display_name.eq(name))
        .execute(conn)
        .map(|_| ())
}

/// Sets a living account's address (and its lower-case key).
pub fn set_email(conn: &mut DbConn, id: i64, email: &str) -> QueryResult<()> {
    diesel::update(accounts::table.filter(accounts::id.eq(id)))
        .set((
            accounts::email.eq(email),
            accounts::email_lower.eq(email.to_lowercase()),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Is `email` (any case) the address of an account other than `except`?
pub fn email_used_by_other(conn: &mut DbConn, email: &str, except: i64) -> QueryResult<bool> {
    let n: i64 = accounts::table
        .filter(accounts::email_lower.eq(email.trim().to_lowercase()))
        .filter(accounts::id.ne(except))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

// ---- email changes: a link to the new address, single use.

pub fn create_email_change(
    conn: &mut DbConn,
    token_hash: &str,
    account_id: i64,
    new_email: &str,
    expires_at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(email_changes::table)
        .values((
            email_changes::token_hash.eq(token_hash),
            email_changes::account_id.eq(account_id),
            email_changes::new_email.eq(new_email),
            email_changes::created_at.eq(super::now()),
            email_changes::expires_at.eq(expires_at),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Email changes an account asked for since `since` (for the limit).
pub fn email_changes_since(
    conn: &mut DbConn,
    account_id: i64,
    since: NaiveDateTime,
) -> QueryResult<i64> {
    email_changes::table
        .filter(email_changes::account_id.eq(account_id))
        .filter(email_changes::created_at.gt(since))
        .count()
        .get_result(conn)
}

/// The account and new address of a link, while it is unused and unexpired.
pub fn valid_email_change(
    conn: &mut DbConn,
    token_hash: &str,
) -> QueryResult<Option<(i64, String)>> {
    email_changes::table
        .inner_join(accounts::table)
        .filter(email_changes::token_hash.eq(token_hash))
        .filter(email_changes::used_at.is_null())
        .filter(email_changes::expires_at.gt(super::now()))
        .filter(accounts::deleted_at.is_null())
        .select((email_changes::account_id, email_changes::new_email))
        .get_result(conn)
        .optional()
}

/// Marks a link used; false when another request used it first.
pub fn use_email_change(conn: &mut DbConn, token_hash: &str) -> QueryResult<bool> {
    let n = diesel::update(
        email_changes::table
            .filter(email_changes::token_hash.eq(token_hash))
            .filter(email_changes::used_at.is_null()),
    )
    .set(email_changes::used_at.eq(super::now()))
    .execute(conn)?;
    Ok(n == 1)
}

/// Ends every outstanding email-change link of an account.
pub fn end_email_changes(conn: &mut DbConn, account_id: i64) -> QueryResult<usize> {
    diesel::update(
        email_changes::table
            .filter(email_changes::account_id.eq(account_id))
            .filter(email_changes::used_at.is_null()),
    )
    .set(email_changes::used_at.eq(super::now()))
    .execute(conn)
}

// ---- what a person's data export reads.

/// A membership row with its co-op's slug and name.
pub type MembershipLine = (
    String,
    String,
    Option<String>,
    bool,
    bool,
    i64,
    NaiveDateTime,
    NaiveDateTime,
    Option<NaiveDateTime>,
    String,
);

/// Every membership row of an account, with the co-op's slug and name, oldest first.
pub fn memberships_of(conn: &mut DbConn, account_id: i64) -> QueryResult<Vec<MembershipLine>> {
    memberships::table
        .inner_join(coops::table)
        .filter(memberships::account_id.eq(account_id))
        .order((memberships::valid_from.asc(), memberships::id.asc()))
        .select((
            coops::slug,
            coops::name,
            memberships::college,
            memberships::is_admin,
            memberships::is_board,
            memberships::shares,
            memberships::admitted_at,
            memberships::valid_from,
            memberships::valid_to,
            memberships::change,
        ))
        .load(conn)
}

/// The co-ops (id, slug, name) an account has a row in.
pub fn coops_of(conn: &mut DbConn, account_id: i64) -> QueryResult<Vec<(i64, String, String)>> {
    memberships::table
        .inner_join(coops::table)
        .filter(memberships::account_id.eq(account_id))
        .select((coops::id, coops::slug, coops::name))
        .distinct()
        .order(coops::id.asc())
        .load(conn)
}

/// `(coop id, thread id, title, body, created at, deleted)`: threads started by an account.
pub type ThreadLine = (i64, i64, String, String, NaiveDateTime, bool);

pub fn threads_by(conn: &mut DbConn, account_id: i64) -> QueryResult<Vec<ThreadLine>> {
    let rows: Vec<(
        i64,
        i64,
        String,
        String,
        NaiveDateTime,
        Option<NaiveDateTime>,
    )> = threads::table
        .filter(threads::author_id.eq(account_id))
        .order(threads::id.asc())
        .select((
            threads::coop_id,
            threads::id,
            threads::title,
            threads::body,
            threads::created_at,
            threads::deleted_at,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(c, id, t, b, at, d)| (c, id, t, b, at, d.is_some()))
        .collect())
}

/// `(coop id, thread id, comment id, body, created at, deleted)`: an account's comments.
pub type CommentLine = (i64, i64, i64, String, NaiveDateTime, bool);

pub fn comments_by(conn: &mut DbConn, account_id: i64) -> QueryResult<Vec<CommentLine>> {
    let rows: Vec<(i64, i64, i64, String, NaiveDateTime, Option<NaiveDateTime>)> = comments::table
        .filter(comments::author_id.eq(account_id))
        .order(comments::id.asc())
        .select((
            comments::coop_id,
            comments::thread_id,
            comments::id,
            comments::body,
            comments::created_at,
            comments::deleted_at,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(c, t, id, b, at, d)| (c, t, id, b, at, d.is_some()))
        .collect())
}

/// A named ballot of an account on a proposal that is not secret.
#[derive(Debug, Clone, Queryable)]
pub struct NamedBallot {
    pub coop_id: i64,
    pub proposal_id: i64,
    pub title: String,
    pub college: String,
    pub choice: String,
    pub reason: Option<String>,
    pub cast_at: Option<NaiveDateTime>,
    pub by_proxy: bool,
}

/// An account's own named ballots, on proposals that are not secret only (a secret ballot
/// holds no account anyway; the filter keeps it so whatever the rows say).
pub fn named_ballots_of(conn: &mut DbConn, account_id: i64) -> QueryResult<Vec<NamedBallot>> {
    ballots::table
        .inner_join(proposals::table.on(proposals::id.eq(ballots::proposal_id)))
        .filter(ballots::account_id.eq(account_id))
        .filter(proposals::secret.eq(false))
        .order(ballots::id.asc())
        .select((
            ballots::coop_id,
            ballots::proposal_id,
            proposals::title,
            ballots::college,
            ballots::choice,
            ballots::reason,
            ballots::cast_at,
            ballots::by_proxy,
        ))
        .load(conn)
}

/// `(coop id, kind, date, title, estimate, status, points)`: an account's work log.
pub type WorkLine = (
    i64,
    String,
    String,
    Option<String>,
    Option<i64>,
    String,
    Option<i64>,
);

pub fn work_of(conn: &mut DbConn, account_id: i64) -> QueryResult<Vec<WorkLine>> {
    work_entries::table
        .filter(work_entries::account_id.eq(account_id))
        .order(work_entries::id.asc())
        .select((
            work_entries::coop_id,
            work_entries::kind,
            work_entries::work_date,
            work_entries::title,
            work_entries::estimate,
            work_entries::status,
            work_entries::points_awarded,
        ))
        .load(conn)
}

/// `(coop id, month, currency, points, share, amount in cents)`: an account's lines of
/// confirmed payout runs.
pub type StatementLine = (i64, String, String, i64, String, i64);

pub fn statements_of(conn: &mut DbConn, account_id: i64) -> QueryResult<Vec<StatementLine>> {
    payout_runs::table
        .inner_join(payout_lines::table)
        .filter(payout_lines::account_id.eq(account_id))
        .filter(payout_runs::state.eq(crate::domain::work::RunState::Confirmed.key()))
        .order((payout_runs::coop_id.asc(), payout_runs::month.asc()))
        .select((
            payout_runs::coop_id,
            payout_runs::month,
            payout_runs::currency,
            payout_lines::points,
            payout_lines::share,
            payout_lines::amount_cents,
        ))
        .load(conn)
}

// ---- deletion.

/// How many living accounts are server admins.
pub fn count_server_admins(conn: &mut DbConn) -> QueryResult<i64> {
    accounts::table
        .filter(accounts::is_server_admin.eq(true))
        .filter(accounts::deleted_at.is_null())
        .count()
        .get_result(conn)
}

/// What a deleted account becomes.
pub struct Pseudonym<'a> {
    /// The name shown from now on ("former member").
    pub display_name: &'a str,
    /// The name the co-ops' records (the register of members) keep.
    pub record_name: &'a str,
}

/// Pseudonymises an account: the row stays (rolls, ballots and posts point at it) with the
/// given name, no address and no password; its sessions, links and API tokens end and the
/// proxies it gave or held are revoked. False when it was already deleted.
pub fn pseudonymise(conn: &mut DbConn, id: i64, p: &Pseudonym<'_>) -> QueryResult<bool> {
    let now = super::now();
    let Some(public_id): Option<String> = accounts::table
        .filter(accounts::id.eq(id))
        .filter(accounts::deleted_at.is_null())
        .select(accounts::public_id)
        .get_result(conn)
        .optional()?
    else {
        return Ok(false);
    };
    diesel::update(accounts::table.filter(accounts::id.eq(id)))
        .set((
            accounts::display_name.eq(p.display_name),
            accounts::record_name.eq(p.record_name),
            accounts::email.eq(""),
            // Unique, and never an address anyone can type into a form.
            accounts::email_lower.eq(format!("deleted {public_id}")),
            accounts::password_hash.eq(""),
            accounts::locale.eq(None::<String>),
            accounts::is_server_admin.eq(false),
            accounts::deleted_at.eq(now),
        ))
        .execute(conn)?;
    diesel::delete(sessions::table.filter(sessions::account_id.eq(id))).execute(conn)?;
    diesel::update(
        password_resets::table
            .filter(password_resets::account_id.eq(id))
            .filter(password_resets::used_at.is_null()),
    )
    .set(password_resets::used_at.eq(now))
    .execute(conn)?;
    end_email_changes(conn, id)?;
    diesel::update(
        api_tokens::table
            .filter(api_tokens::account_id.eq(id))
            .filter(api_tokens::revoked_at.is_null()),
    )
    .set(api_tokens::revoked_at.eq(now))
    .execute(conn)?;
    diesel::update(
        proxies::table
            .filter(proxies::giver_id.eq(id).or(proxies::holder_id.eq(id)))
            .filter(proxies::revoked_at.is_null()),
    )
    .set(proxies::revoked_at.eq(now))
    .execute(conn)?;
    Ok(true)
}
