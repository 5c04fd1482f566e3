//! Accounts, sessions, failed logins, password resets, API tokens and mail preferences.

use super::DbConn;
use super::schema::{
    accounts, api_tokens, login_failures, mail_preferences, password_resets, reset_requests,
    sessions,
};
use crate::i18n::Locale;
use chrono::NaiveDateTime;
use diesel::backend::Backend;
use diesel::deserialize::{self, FromStaticSqlRow, Queryable};
use diesel::prelude::*;

#[derive(Debug, Clone)]
pub struct Account {
    pub id: i64,
    pub public_id: String,
    pub email: String,
    pub email_lower: String,
    pub display_name: String,
    pub password_hash: String,
    /// The person's language; `None`: follow the co-op (mail) or the browser (pages).
    pub locale: Option<Locale>,
    pub is_server_admin: bool,
    pub created_at: NaiveDateTime,
}

/// An account row as stored (the [`ACCOUNT_COLUMNS`]).
type AccountRow = (
    i64,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    bool,
    NaiveDateTime,
);

/// Read once here: an unknown stored language is a corrupt row, never English.
impl<ST, DB: Backend> Queryable<ST, DB> for Account
where
    AccountRow: FromStaticSqlRow<ST, DB>,
{
    type Row = AccountRow;

    fn build(r: AccountRow) -> deserialize::Result<Account> {
        Ok(Account {
            // `None`: the person follows their co-op or browser.
            locale: match &r.6 {
                Some(code) => Some(super::stored_locale_boxed("accounts", r.0, code)?),
                None => None,
            },
            id: r.0,
            public_id: r.1,
            email: r.2,
            email_lower: r.3,
            display_name: r.4,
            password_hash: r.5,
            is_server_admin: r.7,
            created_at: r.8,
        })
    }
}

type AccountColumns = (
    accounts::id,
    accounts::public_id,
    accounts::email,
    accounts::email_lower,
    accounts::display_name,
    accounts::password_hash,
    accounts::locale,
    accounts::is_server_admin,
    accounts::created_at,
);

pub(super) const ACCOUNT_COLUMNS: AccountColumns = (
    accounts::id,
    accounts::public_id,
    accounts::email,
    accounts::email_lower,
    accounts::display_name,
    accounts::password_hash,
    accounts::locale,
    accounts::is_server_admin,
    accounts::created_at,
);

pub struct NewAccount<'a> {
    pub email: &'a str,
    pub display_name: &'a str,
    pub password_hash: &'a str,
    pub locale: Option<Locale>,
    pub is_server_admin: bool,
}

pub fn count(conn: &mut DbConn) -> QueryResult<i64> {
    accounts::table.count().get_result(conn)
}

pub fn insert(conn: &mut DbConn, new: &NewAccount<'_>) -> QueryResult<i64> {
    diesel::insert_into(accounts::table)
        .values((
            accounts::public_id.eq(crate::crypto::random_hex(12)),
            accounts::email.eq(new.email),
            accounts::email_lower.eq(new.email.to_lowercase()),
            accounts::display_name.eq(new.display_name),
            accounts::password_hash.eq(new.password_hash),
            accounts::locale.eq(new.locale.map(Locale::code)),
            accounts::is_server_admin.eq(new.is_server_admin),
            accounts::created_at.eq(super::now()),
        ))
        .returning(accounts::id)
        .get_result(conn)
}

pub fn by_id(conn: &mut DbConn, id: i64) -> QueryResult<Option<Account>> {
    accounts::table
        .filter(accounts::id.eq(id))
        .select(ACCOUNT_COLUMNS)
        .get_result(conn)
        .optional()
}

/// The living account with this address (a deleted account has none).
pub fn by_email(conn: &mut DbConn, email: &str) -> QueryResult<Option<Account>> {
    accounts::table
        .filter(accounts::email_lower.eq(email.trim().to_lowercase()))
        .filter(accounts::deleted_at.is_null())
        .select(ACCOUNT_COLUMNS)
        .get_result(conn)
        .optional()
}

pub fn set_password(conn: &mut DbConn, id: i64, hash: &str) -> QueryResult<()> {
    diesel::update(accounts::table.filter(accounts::id.eq(id)))
        .set(accounts::password_hash.eq(hash))
        .execute(conn)
        .map(|_| ())
}

pub fn set_locale(conn: &mut DbConn, id: i64, locale: Option<Locale>) -> QueryResult<()> {
    diesel::update(accounts::table.filter(accounts::id.eq(id)))
        .set(accounts::locale.eq(locale.map(Locale::code)))
        .execute(conn)
        .map(|_| ())
}

// ---- sessions: the cookie holds a random id; only its SHA-256 is stored.

pub fn create_session(
    conn: &mut DbConn,
    id_hash: &str,
    account_id: i64,
    expires_at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(sessions::table)
        .values((
            sessions::id_hash.eq(id_hash),
            sessions::account_id.eq(account_id),
            sessions::created_at.eq(super::now()),
            sessions::expires_at.eq(expires_at),
        ))
        .execute(conn)
        .map(|_| ())
}

pub fn session_account(conn: &mut DbConn, id_hash: &str) -> QueryResult<Option<Account>> {
    sessions::table
        .inner_join(accounts::table)
        .filter(sessions::id_hash.eq(id_hash))
        .filter(sessions::expires_at.gt(super::now()))
        .filter(accounts::deleted_at.is_null())
        .select(ACCOUNT_COLUMNS)
        .get_result(conn)
        .optional()
}

pub fn delete_session(conn: &mut DbConn, id_hash: &str) -> QueryResult<()> {
    diesel::delete(sessions::table.filter(sessions::id_hash.eq(id_hash)))
        .execute(conn)
        .map(|_| ())
}

/// Ends every session of an account except `keep` (after a password change or reset).
pub fn delete_other_sessions(
    conn: &mut DbConn,
    account_id: i64,
    keep: Option<&str>,
) -> QueryResult<()> {
    let mut query =
        diesel::delete(sessions::table.filter(sessions::account_id.eq(account_id))).into_boxed();
    if let Some(keep) = keep {
        query = query.filter(sessions::id_hash.ne(keep.to_string()));
    }
    query.execute(conn).map(|_| ())
}

// ---- failed logins, for throttling.

pub fn record_login_failure(conn: &mut DbConn, email_lower: &str, ip: &str) -> QueryResult<i64> {
    diesel::insert_into(login_failures::table)
        .values((
            login_failures::email_lower.eq(email_lower),
            login_failures::ip.eq(ip),
            login_failures::at.eq(super::now()),
        ))
        .returning(login_failures::id)
        .get_result(conn)
}

/// Takes back one recorded attempt (a sign-in that turned out right).
pub fn forget_login_failure(conn: &mut DbConn, id: i64) -> QueryResult<()> {
    diesel::delete(login_failures::table.filter(login_failures::id.eq(id)))
        .execute(conn)
        .map(|_| ())
}

/// Serializes sign-in attempts for one address until the transaction ends, so counting the
/// recent failures and recording this attempt are one step even under parallel requests.
pub fn lock_login(conn: &mut DbConn, email_lower: &str) -> QueryResult<()> {
    super::lock_key(conn, email_lower)
}

/// Serializes the first-run setup until the transaction ends, so two `/setup` submissions at
/// once make one server admin, not two. PostgreSQL: a transaction-scoped advisory lock.
pub fn lock_setup(conn: &mut DbConn) -> QueryResult<()> {
    if let DbConn::Postgresql(c) = conn {
        // A fixed key: "setup" in ASCII.
        diesel::sql_query("SELECT pg_advisory_xact_lock(495623451760)").execute(c)?;
    }
    Ok(())
}

/// Failures since `since` for an email and for an address, with the oldest of each.
pub fn login_failures_since(
    conn: &mut DbConn,
    email_lower: &str,
    ip: &str,
    since: NaiveDateTime,
) -> QueryResult<(Vec<NaiveDateTime>, Vec<NaiveDateTime>)> {
    let by_email = login_failures::table
        .filter(login_failures::email_lower.eq(email_lower))
        .filter(login_failures::at.gt(since))
        .select(login_failures::at)
        .order(login_failures::at.asc())
        .load(conn)?;
    let by_ip = login_failures::table
        .filter(login_failures::ip.eq(ip))
        .filter(login_failures::at.gt(since))
        .select(login_failures::at)
        .order(login_failures::at.asc())
        .load(conn)?;
    Ok((by_email, by_ip))
}

pub fn clear_login_failures(conn: &mut DbConn, email_lower: &str) -> QueryResult<()> {
    diesel::delete(login_failures::table.filter(login_failures::email_lower.eq(email_lower)))
        .execute(conn)
        .map(|_| ())
}

/// After a reset, the account may log in again at once.
pub fn clear_login_failures_for(conn: &mut DbConn, account_id: i64) -> QueryResult<()> {
    match by_id(conn, account_id)? {
        Some(a) => clear_login_failures(conn, &a.email_lower),
        None => Ok(()),
    }
}

// ---- password resets: single use, one hour.

pub fn create_reset(
    conn: &mut DbConn,
    token_hash: &str,
    account_id: i64,
    expires_at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(password_resets::table)
        .values((
            password_resets::token_hash.eq(token_hash),
            password_resets::account_id.eq(account_id),
            password_resets::created_at.eq(super::now()),
            password_resets::expires_at.eq(expires_at),
        ))
        .execute(conn)
        .map(|_| ())
}

/// The account a reset token is for, while it is unused and unexpired.
pub fn valid_reset(conn: &mut DbConn, token_hash: &str) -> QueryResult<Option<i64>> {
    password_resets::table
        .filter(password_resets::token_hash.eq(token_hash))
        .filter(password_resets::used_at.is_null())
        .filter(password_resets::expires_at.gt(super::now()))
        .select(password_resets::account_id)
        .get_result(conn)
        .optional()
}

/// Marks a reset used; false when another request used it first.
pub fn use_reset(conn: &mut DbConn, token_hash: &str) -> QueryResult<bool> {
    let n = diesel::update(
        password_resets::table
            .filter(password_resets::token_hash.eq(token_hash))
            .filter(password_resets::used_at.is_null()),
    )
    .set(password_resets::used_at.eq(super::now()))
    .execute(conn)?;
    Ok(n == 1)
}

/// Ends every outstanding reset link of an account (one was used, or the password changed).
pub fn end_resets(conn: &mut DbConn, account_id: i64) -> QueryResult<usize> {
    diesel::update(
        password_resets::table
            .filter(password_resets::account_id.eq(account_id))
            .filter(password_resets::used_at.is_null()),
    )
    .set(password_resets::used_at.eq(super::now()))
    .execute(conn)
}

// ---- reset requests, for limiting them.

/// Reset requests since `since`: for the address, for the account (when there is one) and
/// from the client address.
pub struct RecentResets {
    pub by_email: i64,
    pub by_account: i64,
    pub by_ip: i64,
}

pub fn reset_requests_since(
    conn: &mut DbConn,
    email_lower: &str,
    account_id: Option<i64>,
    ip: &str,
    since: NaiveDateTime,
) -> QueryResult<RecentResets> {
    let recent = || reset_requests::table.filter(reset_requests::at.gt(since));
    let by_email = recent()
        .filter(reset_requests::email_lower.eq(email_lower))
        .count()
        .get_result(conn)?;
    let by_account = match account_id {
        Some(id) => recent()
            .filter(reset_requests::account_id.eq(id))
            .count()
            .get_result(conn)?,
        None => 0,
    };
    let by_ip = recent()
        .filter(reset_requests::ip.eq(ip))
        .count()
        .get_result(conn)?;
    Ok(RecentResets {
        by_email,
        by_account,
        by_ip,
    })
}

/// Records a reset request let through, and forgets those older than `forget_before`.
pub fn record_reset_request(
    conn: &mut DbConn,
    email_lower: &str,
    account_id: Option<i64>,
    ip: &str,
    forget_before: NaiveDateTime,
) -> QueryResult<()> {
    diesel::delete(reset_requests::table.filter(reset_requests::at.lt(forget_before)))
        .execute(conn)?;
    diesel::insert_into(reset_requests::table)
        .values((
            reset_requests::email_lower.eq(email_lower),
            reset_requests::account_id.eq(account_id),
            reset_requests::ip.eq(ip),
            reset_requests::at.eq(super::now()),
        ))
        .execute(conn)
        .map(|_| ())
}

// ---- API tokens.

#[derive(Debug, Clone, Queryable)]
pub struct ApiToken {
    pub id: i64,
    pub name: String,
    pub created_at: NaiveDateTime,
    pub expires_at: Option<NaiveDateTime>,
    pub last_used_at: Option<NaiveDateTime>,
}

pub fn create_api_token(
    conn: &mut DbConn,
    account_id: i64,
    name: &str,
    token_hash: &str,
    expires_at: Option<NaiveDateTime>,
) -> QueryResult<()> {
    diesel::insert_into(api_tokens::table)
        .values((
            api_tokens::account_id.eq(account_id),
            api_tokens::name.eq(name),
            api_tokens::token_hash.eq(token_hash),
            api_tokens::created_at.eq(super::now()),
            api_tokens::expires_at.eq(expires_at),
        ))
        .execute(conn)
        .map(|_| ())
}

pub fn list_api_tokens(conn: &mut DbConn, account_id: i64) -> QueryResult<Vec<ApiToken>> {
    api_tokens::table
        .filter(api_tokens::account_id.eq(account_id))
        .filter(api_tokens::revoked_at.is_null())
        .select((
            api_tokens::id,
            api_tokens::name,
            api_tokens::created_at,
            api_tokens::expires_at,
            api_tokens::last_used_at,
        ))
        .order(api_tokens::id.asc())
        .load(conn)
}

pub fn revoke_api_token(conn: &mut DbConn, account_id: i64, token_id: i64) -> QueryResult<bool> {
    let n = diesel::update(
        api_tokens::table
            .filter(api_tokens::id.eq(token_id))
            .filter(api_tokens::account_id.eq(account_id))
            .filter(api_tokens::revoked_at.is_null()),
    )
    .set(api_tokens::revoked_at.eq(super::now()))
    .execute(conn)?;
    Ok(n == 1)
}

/// Revokes every live token of an account (after a password reset); answers how many.
pub fn revoke_all_api_tokens(conn: &mut DbConn, account_id: i64) -> QueryResult<usize> {
    diesel::update(
        api_tokens::table
            .filter(api_tokens::account_id.eq(account_id))
            .filter(api_tokens::revoked_at.is_null()),
    )
    .set(api_tokens::revoked_at.eq(super::now()))
    .execute(conn)
}

/// A live token: its id, when it was last used (as stored), and its owner.
pub struct LiveToken {
    pub id: i64,
    pub last_used_at: Option<NaiveDateTime>,
    pub account: Account,
}

/// A token neither revoked nor expired at `now`: what every token lookup filters on.
#[diesel::dsl::auto_type]
pub(super) fn token_is_live(now: NaiveDateTime) -> _ {
    api_tokens::revoked_at.is_null().and(
        api_tokens::expires_at
            .is_null()
            .or(api_tokens::expires_at.gt(now)),
    )
}

/// The live token with this hash (the caller notes its use: see `auth::token_use`).
pub fn live_api_token(
    conn: &mut DbConn,
    token_hash: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<LiveToken>> {
    let found: Option<(i64, Option<NaiveDateTime>, Account)> = api_tokens::table
        .inner_join(accounts::table)
        .filter(api_tokens::token_hash.eq(token_hash))
        .filter(token_is_live(now))
        .select((api_tokens::id, api_tokens::last_used_at, ACCOUNT_COLUMNS))
        .get_result(conn)
        .optional()?;
    Ok(found.map(|(id, last_used_at, account)| LiveToken {
        id,
        last_used_at,
        account,
    }))
}

/// Records when a token was last used (never moving it back).
pub fn record_token_use(conn: &mut DbConn, id: i64, at: NaiveDateTime) -> QueryResult<()> {
    diesel::update(
        api_tokens::table.filter(api_tokens::id.eq(id)).filter(
            api_tokens::last_used_at
                .is_null()
                .or(api_tokens::last_used_at.lt(at)),
        ),
    )
    .set(api_tokens::last_used_at.eq(at))
    .execute(conn)?;
    Ok(())
}

// ---- mail preferences: a missing row means "send".

pub fn mail_enabled(conn: &mut DbConn, account_id: i64, kind: &str) -> QueryResult<bool> {
    let pref: Option<bool> = mail_preferences::table
        .filter(mail_preferences::account_id.eq(account_id))
        .filter(mail_preferences::kind.eq(kind))
        .select(mail_preferences::enabled)
        .get_result(conn)
        .optional()?;
    Ok(pref.unwrap_or(true))
}

pub fn set_mail_enabled(
    conn: &mut DbConn,
    account_id: i64,
    kind: &str,
    enabled: bool,
) -> QueryResult<()> {
    let now = super::now();
    let n = diesel::update(
        mail_preferences::table
            .filter(mail_preferences::account_id.eq(account_id))
            .filter(mail_preferences::kind.eq(kind)),
    )
    .set((
        mail_preferences::enabled.eq(enabled),
        mail_preferences::updated_at.eq(now),
    ))
    .execute(conn)?;
    if n == 0 {
        diesel::insert_into(mail_preferences::table)
            .values((
                mail_preferences::account_id.eq(account_id),
                mail_preferences::kind.eq(kind),
                mail_preferences::enabled.eq(enabled),
                mail_preferences::updated_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(())
}
