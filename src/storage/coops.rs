//! Co-ops and their rulebook versions (never edited in place: a new version is a new row).

use super::DbConn;
use super::schema::{coops, memberships, rulebook_versions};
use crate::domain::rulebook::{self, Rulebook};
use crate::i18n::Locale;
use chrono::NaiveDateTime;
use diesel::backend::Backend;
use diesel::deserialize::{self, FromStaticSqlRow, Queryable};
use diesel::prelude::*;

#[derive(Debug, Clone)]
pub struct Coop {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub time_zone: String,
    /// The co-op's language: its mail, and its members' who chose none.
    pub locale: Locale,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
}

/// A co-op row as stored (the [`COOP`] columns).
type CoopRow = (
    i64,
    String,
    String,
    String,
    String,
    Option<i64>,
    NaiveDateTime,
);

/// Read once here: an unknown stored language is a corrupt row, never English.
impl<ST, DB: Backend> Queryable<ST, DB> for Coop
where
    CoopRow: FromStaticSqlRow<ST, DB>,
{
    type Row = CoopRow;

    fn build(r: CoopRow) -> deserialize::Result<Coop> {
        let locale = super::stored_locale_boxed("coops", r.0, &r.4)?;
        Ok(Coop {
            id: r.0,
            slug: r.1,
            name: r.2,
            time_zone: r.3,
            locale,
            created_by: r.5,
            created_at: r.6,
        })
    }
}

impl Coop {
    pub fn tz(&self) -> chrono_tz::Tz {
        self.time_zone.parse().unwrap_or(chrono_tz::UTC)
    }

    pub fn locale(&self) -> Locale {
        self.locale
    }
}

#[derive(Debug, Clone, Queryable)]
pub struct Version {
    pub id: i64,
    pub coop_id: i64,
    pub version: i32,
    pub body: String,
    pub origin: String,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
}

impl Version {
    /// The stored rulebook. It was validated when saved, so a parse failure is corruption.
    pub fn rulebook(&self) -> Result<Rulebook, diesel::result::Error> {
        rulebook::parse(&self.body).map_err(|e| {
            diesel::result::Error::DeserializationError(format!("stored rulebook: {e}").into())
        })
    }
}

pub(super) const COOP: (
    coops::id,
    coops::slug,
    coops::name,
    coops::time_zone,
    coops::locale,
    coops::created_by,
    coops::created_at,
) = (
    coops::id,
    coops::slug,
    coops::name,
    coops::time_zone,
    coops::locale,
    coops::created_by,
    coops::created_at,
);

const VERSION: (
    rulebook_versions::id,
    rulebook_versions::coop_id,
    rulebook_versions::version,
    rulebook_versions::body,
    rulebook_versions::origin,
    rulebook_versions::created_by,
    rulebook_versions::created_at,
) = (
    rulebook_versions::id,
    rulebook_versions::coop_id,
    rulebook_versions::version,
    rulebook_versions::body,
    rulebook_versions::origin,
    rulebook_versions::created_by,
    rulebook_versions::created_at,
);

/// A slug: 2 to 40 characters of lower-case ASCII letters, digits and inner hyphens.
pub fn valid_slug(slug: &str) -> bool {
    (2..=40).contains(&slug.len())
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !slug.starts_with('-')
        && !slug.ends_with('-')
}

pub struct NewCoop<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    pub time_zone: &'a str,
    pub locale: Locale,
    pub founder: i64,
    pub founder_college: &'a str,
    pub rulebook: &'a Rulebook,
}

/// Founds a co-op in the caller's transaction: the co-op, rulebook version 1, the founder as
/// an admin member of the chosen college, and the audit events. `None` when the slug is taken.
pub fn found(conn: &mut DbConn, new: &NewCoop<'_>) -> QueryResult<Option<Coop>> {
    if by_slug(conn, new.slug)?.is_some() {
        return Ok(None);
    }
    let now = super::now();
    let id: i64 = diesel::insert_into(coops::table)
        .values((
            coops::slug.eq(new.slug),
            coops::name.eq(new.name),
            coops::time_zone.eq(new.time_zone),
            coops::locale.eq(new.locale.code()),
            coops::created_by.eq(Some(new.founder)),
            coops::created_at.eq(now),
        ))
        .returning(coops::id)
        .get_result(conn)?;
    let body = new.rulebook.to_json_pretty();
    diesel::insert_into(rulebook_versions::table)
        .values((
            rulebook_versions::coop_id.eq(id),
            rulebook_versions::version.eq(1),
            rulebook_versions::body.eq(&body),
            rulebook_versions::origin.eq("founding"),
            rulebook_versions::created_by.eq(Some(new.founder)),
            rulebook_versions::created_at.eq(now),
        ))
        .execute(conn)?;
    let rules: serde_json::Value = serde_json::from_str(&body)
        .map_err(|e| diesel::result::Error::SerializationError(e.into()))?;
    super::audit::append_many(
        conn,
        id,
        Some(new.founder),
        &[
            (
                "coop.founded",
                serde_json::json!({"slug": new.slug, "name": new.name,
                    "time_zone": new.time_zone, "locale": new.locale.code()}),
            ),
            (
                "rulebook.version",
                serde_json::json!({"version": 1, "origin": "founding", "rulebook": rules}),
            ),
        ],
    )?;
    let member = super::members::Placement {
        college: Some(new.founder_college.to_string()),
        is_admin: true,
        is_board: false,
    };
    super::members::join(conn, id, new.founder, &member, Some(new.founder))?;
    by_id(conn, id)
}

pub fn by_slug(conn: &mut DbConn, slug: &str) -> QueryResult<Option<Coop>> {
    coops::table
        .filter(coops::slug.eq(slug))
        .select(COOP)
        .get_result(conn)
        .optional()
}

pub fn by_id(conn: &mut DbConn, id: i64) -> QueryResult<Option<Coop>> {
    coops::table
        .filter(coops::id.eq(id))
        .select(COOP)
        .get_result(conn)
        .optional()
}

/// Serializes the co-op's membership and money decisions until the transaction ends: a check
/// ("is this the last admin?", "has the holder room for a proxy?", "is the month confirmed?")
/// and the write that depends on it become one step under parallel requests. SQLite: its
/// write transaction already holds the one writer lock. PostgreSQL: the co-op's row, locked
/// `FOR NO KEY UPDATE` (which leaves foreign-key checks of votes and posts free to go on).
pub fn lock(conn: &mut DbConn, id: i64) -> QueryResult<()> {
    if let DbConn::Postgresql(c) = conn {
        coops::table
            .filter(coops::id.eq(id))
            .select(coops::id)
            .for_no_key_update()
            .load::<i64>(c)?;
    }
    Ok(())
}

pub fn count(conn: &mut DbConn) -> QueryResult<i64> {
    coops::table.count().get_result(conn)
}

/// The co-ops an account currently belongs to (as member or guest).
pub fn of_account(conn: &mut DbConn, account_id: i64) -> QueryResult<Vec<Coop>> {
    coops::table
        .inner_join(memberships::table)
        .filter(memberships::account_id.eq(account_id))
        .filter(memberships::valid_to.is_null())
        .order(coops::name.asc())
        .select(COOP)
        .load(conn)
}

pub fn current_version(conn: &mut DbConn, coop_id: i64) -> QueryResult<Version> {
    rulebook_versions::table
        .filter(rulebook_versions::coop_id.eq(coop_id))
        .order(rulebook_versions::version.desc())
        .select(VERSION)
        .first(conn)
}

pub fn versions(conn: &mut DbConn, coop_id: i64) -> QueryResult<Vec<Version>> {
    rulebook_versions::table
        .filter(rulebook_versions::coop_id.eq(coop_id))
        .order(rulebook_versions::version.desc())
        .select(VERSION)
        .load(conn)
}

pub fn current_rulebook(conn: &mut DbConn, coop_id: i64) -> QueryResult<Rulebook> {
    current_version(conn, coop_id)?.rulebook()
}

/// Does the co-op show members who on the roll has not voted yet (non-secret proposals)?
pub fn show_not_voted(conn: &mut DbConn, coop_id: i64) -> QueryResult<bool> {
    coops::table
        .find(coop_id)
        .select(coops::show_not_voted)
        .get_result(conn)
}

/// Sets [`show_not_voted`].
pub fn set_show_not_voted(conn: &mut DbConn, coop_id: i64, on: bool) -> QueryResult<usize> {
    diesel::update(coops::table.find(coop_id))
        .set(coops::show_not_voted.eq(on))
        .execute(conn)
}
