//! Memberships as dated rows: joining opens a row, moving college or changing roles closes the
//! open row and opens the next one, leaving closes it. Nothing is deleted, so "who was a member,
//! in which college, at instant T" is a query ([`eligible_at`]).

use super::DbConn;
use super::schema::{accounts, memberships};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::json;

/// Where a member sits: a college (`None` for a guest) and roles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    pub college: Option<String>,
    pub is_admin: bool,
    pub is_board: bool,
}

#[derive(Debug, Clone, Queryable)]
pub struct Membership {
    pub id: i64,
    pub coop_id: i64,
    pub account_id: i64,
    pub college: Option<String>,
    pub is_admin: bool,
    pub is_board: bool,
    pub shares: i64,
    pub admitted_at: NaiveDateTime,
    pub valid_from: NaiveDateTime,
    pub valid_to: Option<NaiveDateTime>,
    pub change: String,
    pub changed_by: Option<i64>,
}

impl Membership {
    pub fn is_guest(&self) -> bool {
        self.college.is_none()
    }
}

const ROW: (
    memberships::id,
    memberships::coop_id,
    memberships::account_id,
    memberships::college,
    memberships::is_admin,
    memberships::is_board,
    memberships::shares,
    memberships::admitted_at,
    memberships::valid_from,
    memberships::valid_to,
    memberships::change,
    memberships::changed_by,
) = (
    memberships::id,
    memberships::coop_id,
    memberships::account_id,
    memberships::college,
    memberships::is_admin,
    memberships::is_board,
    memberships::shares,
    memberships::admitted_at,
    memberships::valid_from,
    memberships::valid_to,
    memberships::change,
    memberships::changed_by,
);

/// A member as pages show them.
#[derive(Debug, Clone)]
pub struct Listed {
    pub membership: Membership,
    pub public_id: String,
    pub display_name: String,
    pub email: String,
}

pub fn current(
    conn: &mut DbConn,
    coop_id: i64,
    account_id: i64,
) -> QueryResult<Option<Membership>> {
    memberships::table
        .filter(memberships::coop_id.eq(coop_id))
        .filter(memberships::account_id.eq(account_id))
        .filter(memberships::valid_to.is_null())
        .select(ROW)
        .get_result(conn)
        .optional()
}

/// A co-op by slug, with `account`'s current membership of it if any: what each request
/// to a co-op's pages needs to know who may do what, in one query.
pub fn coop_and_membership(
    conn: &mut DbConn,
    slug: &str,
    account_id: i64,
) -> QueryResult<Option<(super::coops::Coop, Option<Membership>)>> {
    use super::schema::coops;
    coops::table
        .left_join(
            memberships::table.on(memberships::coop_id
                .eq(coops::id)
                .and(memberships::account_id.eq(account_id))
                .and(memberships::valid_to.is_null())),
        )
        .filter(coops::slug.eq(slug))
        .select((super::coops::COOP, ROW.nullable()))
        .get_result(conn)
        .optional()
}

/// A co-op and one's current membership of it, if any.
pub type InCoop = (super::coops::Coop, Option<Membership>);

/// What an API request to a co-op needs to know who may do what: the live token, its owner,
/// and the co-op with the owner's current membership of it (`None` when no co-op has that
/// slug).
pub type TokenInCoop = (super::accounts::LiveToken, Option<InCoop>);

/// [`TokenInCoop`] for each (token hash, co-op slug) asked, in one query: `None` where the
/// token is unknown, revoked or expired. Requests arriving together are answered together
/// (see `auth::token_desk`).
pub fn tokens_in_coops(
    conn: &mut DbConn,
    asked: &[(String, String)],
    now: NaiveDateTime,
) -> QueryResult<Vec<Option<TokenInCoop>>> {
    use super::schema::{api_tokens, coops};
    type Row = (
        i64,
        String,
        Option<NaiveDateTime>,
        super::accounts::Account,
        Option<super::coops::Coop>,
        Option<Membership>,
    );
    let mut hashes: Vec<String> = asked.iter().map(|(h, _)| h.clone()).collect();
    let mut slugs: Vec<String> = asked.iter().map(|(_, s)| s.clone()).collect();
    hashes.sort_unstable();
    hashes.dedup();
    slugs.sort_unstable();
    slugs.dedup();
    // Every live token asked, with every co-op asked (usually one): the pairs are picked
    // below.
    let query = api_tokens::table
        .inner_join(accounts::table)
        .left_join(coops::table.on(coops::slug.eq_any(slugs)))
        .left_join(
            memberships::table.on(memberships::coop_id
                .eq(coops::id)
                .and(memberships::account_id.eq(accounts::id))
                .and(memberships::valid_to.is_null())),
        )
        .filter(api_tokens::token_hash.eq_any(hashes))
        .filter(super::accounts::token_is_live(now))
        .select((
            api_tokens::id,
            api_tokens::token_hash,
            api_tokens::last_used_at,
            super::accounts::ACCOUNT_COLUMNS,
            super::coops::COOP.nullable(),
            ROW.nullable(),
        ));
    // On PostgreSQL the lists are two array parameters, so the statement is prepared once
    // per connection and its plan reused; through the two-backend connection it would be
    // planned at each call.
    let rows: Vec<Row> = match conn {
        DbConn::Postgresql(c) => query.load(c)?,
        DbConn::Sqlite(c) => query.load(c)?,
    };
    let answer = |(hash, slug): &(String, String)| {
        let mine = || rows.iter().filter(|r| &r.1 == hash);
        let (id, _, last_used_at, account, _, _) = mine().next()?.clone();
        let token = super::accounts::LiveToken {
            id,
            last_used_at,
            account,
        };
        let in_coop = mine().find_map(|r| match &r.4 {
            Some(coop) if &coop.slug == slug => Some((coop.clone(), r.5.clone())),
            _ => None,
        });
        Some((token, in_coop))
    };
    Ok(asked.iter().map(answer).collect())
}

/// Is this account a current member (or guest) of any co-op?
pub fn belongs_anywhere(conn: &mut DbConn, account_id: i64) -> QueryResult<bool> {
    let n: i64 = memberships::table
        .filter(memberships::account_id.eq(account_id))
        .filter(memberships::valid_to.is_null())
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

fn kind_of(placement: &Placement) -> &'static str {
    if placement.college.is_some() {
        "member.joined"
    } else {
        "guest.joined"
    }
}

/// The next row of someone's history.
struct Row<'a> {
    coop_id: i64,
    account_id: i64,
    placement: &'a Placement,
    shares: i64,
    admitted_at: NaiveDateTime,
    valid_from: NaiveDateTime,
    change: &'a str,
    by: Option<i64>,
}

fn open_row(conn: &mut DbConn, r: Row<'_>) -> QueryResult<()> {
    diesel::insert_into(memberships::table)
        .values((
            memberships::coop_id.eq(r.coop_id),
            memberships::account_id.eq(r.account_id),
            memberships::college.eq(&r.placement.college),
            memberships::is_admin.eq(r.placement.is_admin),
            memberships::is_board.eq(r.placement.is_board),
            memberships::shares.eq(r.shares),
            memberships::admitted_at.eq(r.admitted_at),
            memberships::valid_from.eq(r.valid_from),
            memberships::change.eq(r.change),
            memberships::changed_by.eq(r.by),
        ))
        .execute(conn)
        .map(|_| ())
}

fn close_row(conn: &mut DbConn, id: i64, at: NaiveDateTime) -> QueryResult<()> {
    diesel::update(memberships::table.filter(memberships::id.eq(id)))
        .set(memberships::valid_to.eq(Some(at)))
        .execute(conn)
        .map(|_| ())
}

/// Admits an account (in the caller's transaction). False when it is already a member.
pub fn join(
    conn: &mut DbConn,
    coop_id: i64,
    account_id: i64,
    placement: &Placement,
    by: Option<i64>,
) -> QueryResult<bool> {
    if current(conn, coop_id, account_id)?.is_some() {
        return Ok(false);
    }
    let now = super::now();
    open_row(
        conn,
        Row {
            coop_id,
            account_id,
            placement,
            shares: 0,
            admitted_at: now,
            valid_from: now,
            change: kind_of(placement),
            by,
        },
    )?;
    super::audit::append(
        conn,
        coop_id,
        by,
        kind_of(placement),
        json!({"account": account_id, "college": placement.college,
            "admin": placement.is_admin, "board": placement.is_board}),
    )?;
    Ok(true)
}

/// Moves a member to another college and/or changes roles: the open row is closed and the
/// next one opened at the same instant. False when nothing changes or they are not a member.
pub fn change(
    conn: &mut DbConn,
    coop_id: i64,
    account_id: i64,
    next: &Placement,
    shares: Option<i64>,
    by: Option<i64>,
) -> QueryResult<bool> {
    let Some(row) = current(conn, coop_id, account_id)? else {
        return Ok(false);
    };
    let shares = shares.unwrap_or(row.shares);
    let same = row.college == next.college
        && row.is_admin == next.is_admin
        && row.is_board == next.is_board
        && row.shares == shares;
    if same {
        return Ok(false);
    }
    let kind = if row.college != next.college {
        "member.moved"
    } else if row.shares != shares {
        "member.shares"
    } else {
        "member.role"
    };
    let now = super::now();
    close_row(conn, row.id, now)?;
    open_row(
        conn,
        Row {
            coop_id,
            account_id,
            placement: next,
            shares,
            admitted_at: row.admitted_at,
            valid_from: now,
            change: kind,
            by,
        },
    )?;
    super::audit::append(
        conn,
        coop_id,
        by,
        kind,
        json!({"account": account_id, "from": row.college, "college": next.college,
            "admin": next.is_admin, "board": next.is_board, "shares": shares}),
    )?;
    Ok(true)
}

/// Closes a membership; the history stays.
pub fn leave(
    conn: &mut DbConn,
    coop_id: i64,
    account_id: i64,
    by: Option<i64>,
) -> QueryResult<bool> {
    let Some(row) = current(conn, coop_id, account_id)? else {
        return Ok(false);
    };
    close_row(conn, row.id, super::now())?;
    super::audit::append(
        conn,
        coop_id,
        by,
        "member.left",
        json!({"account": account_id, "college": row.college}),
    )?;
    Ok(true)
}

type ListedRow = (Membership, String, String, String);

fn listed(rows: Vec<ListedRow>) -> Vec<Listed> {
    rows.into_iter()
        .map(|(membership, public_id, display_name, email)| Listed {
            membership,
            public_id,
            display_name,
            email,
        })
        .collect()
}

/// Current members and guests, by name.
pub fn directory(conn: &mut DbConn, coop_id: i64) -> QueryResult<Vec<Listed>> {
    let rows: Vec<ListedRow> = memberships::table
        .inner_join(accounts::table)
        .filter(memberships::coop_id.eq(coop_id))
        .filter(memberships::valid_to.is_null())
        .order(accounts::display_name.asc())
        .select((
            ROW,
            accounts::public_id,
            accounts::display_name,
            accounts::email,
        ))
        .load(conn)?;
    Ok(listed(rows))
}

/// Every membership row of the co-op, oldest first (the register and history).
pub fn history(conn: &mut DbConn, coop_id: i64) -> QueryResult<Vec<Listed>> {
    let rows: Vec<ListedRow> = memberships::table
        .inner_join(accounts::table)
        .filter(memberships::coop_id.eq(coop_id))
        .order((
            memberships::account_id.asc(),
            memberships::valid_from.asc(),
            memberships::id.asc(),
        ))
        .select((
            ROW,
            accounts::public_id,
            accounts::display_name,
            accounts::email,
        ))
        .load(conn)?;
    Ok(listed(rows))
}

/// One line of the register of members.
#[derive(Debug, Clone)]
pub struct RegisterLine {
    pub public_id: String,
    pub display_name: String,
    pub email: String,
    pub admitted_at: NaiveDateTime,
    pub college: Option<String>,
    pub shares: i64,
    pub left_at: Option<NaiveDateTime>,
}

/// The register: one line per person ever admitted (guests excluded), with their latest row.
pub fn register(conn: &mut DbConn, coop_id: i64) -> QueryResult<Vec<RegisterLine>> {
    let mut lines: Vec<RegisterLine> = Vec::new();
    for l in history(conn, coop_id)? {
        let m = &l.membership;
        if m.college.is_none() {
            continue;
        }
        let line = RegisterLine {
            public_id: l.public_id.clone(),
            display_name: l.display_name.clone(),
            email: l.email.clone(),
            admitted_at: m.admitted_at,
            college: m.college.clone(),
            shares: m.shares,
            left_at: m.valid_to,
        };
        match lines.last_mut() {
            Some(last) if last.public_id == l.public_id => *last = line,
            _ => lines.push(line),
        }
    }
    // A deleted account shows "former member" everywhere but here: the register keeps the
    // name the person had (stored when the account was deleted).
    let ids: Vec<String> = lines.iter().map(|l| l.public_id.clone()).collect();
    let kept: Vec<(String, Option<String>)> = accounts::table
        .filter(accounts::record_name.is_not_null())
        .filter(accounts::public_id.eq_any(&ids))
        .select((accounts::public_id, accounts::record_name))
        .load(conn)?;
    for (public_id, name) in kept {
        if let (Some(line), Some(name)) =
            (lines.iter_mut().find(|l| l.public_id == public_id), name)
        {
            line.display_name = name;
        }
    }
    lines.sort_by(|a, b| {
        a.admitted_at
            .cmp(&b.admitted_at)
            .then(a.display_name.cmp(&b.display_name))
    });
    Ok(lines)
}

/// Who could vote, and in which college, at instant `at`: (account id, college).
pub fn eligible_at(
    conn: &mut DbConn,
    coop_id: i64,
    at: NaiveDateTime,
) -> QueryResult<Vec<(i64, String)>> {
    let rows: Vec<(i64, Option<String>)> = memberships::table
        .filter(memberships::coop_id.eq(coop_id))
        .filter(memberships::valid_from.le(at))
        .filter(
            memberships::valid_to
                .is_null()
                .or(memberships::valid_to.gt(at)),
        )
        .filter(memberships::college.is_not_null())
        .order(memberships::account_id.asc())
        .select((memberships::account_id, memberships::college))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(a, c)| c.map(|c| (a, c)))
        .collect())
}

/// Current members per college key.
pub fn count_in_college(conn: &mut DbConn, coop_id: i64, college: &str) -> QueryResult<i64> {
    memberships::table
        .filter(memberships::coop_id.eq(coop_id))
        .filter(memberships::valid_to.is_null())
        .filter(memberships::college.eq(college))
        .count()
        .get_result(conn)
}

/// The account id behind a public id.
pub fn account_by_public_id(conn: &mut DbConn, public_id: &str) -> QueryResult<Option<i64>> {
    accounts::table
        .filter(accounts::public_id.eq(public_id))
        .select(accounts::id)
        .get_result(conn)
        .optional()
}

/// Current admins of a co-op (a co-op keeps at least one).
pub fn count_admins(conn: &mut DbConn, coop_id: i64) -> QueryResult<i64> {
    memberships::table
        .filter(memberships::coop_id.eq(coop_id))
        .filter(memberships::valid_to.is_null())
        .filter(memberships::is_admin.eq(true))
        .count()
        .get_result(conn)
}
