//! The account page's own settings: display name, mail preferences, personal API tokens.

use crate::crypto;
use crate::domain::account::DisplayName;
use crate::domain::refusal::Code;
use crate::service::{Answer, ServiceError};
use crate::storage::{DbConn, accounts, own_account};
use chrono::{Duration, NaiveDateTime};

/// A personal API token, as listed.
pub struct Token {
    pub id: i64,
    pub name: String,
    pub created_at: NaiveDateTime,
    pub expires_at: Option<NaiveDateTime>,
}

/// What the account page shows besides the name and address.
pub struct Overview {
    pub tokens: Vec<Token>,
}

pub fn overview(c: &mut DbConn, account_id: i64) -> Answer<Overview> {
    let tokens = accounts::list_api_tokens(c, account_id)?
        .into_iter()
        .map(|t| Token {
            id: t.id,
            name: t.name,
            created_at: t.created_at,
            expires_at: t.expires_at,
        })
        .collect();
    Ok(Overview { tokens })
}

/// Sets the display name (posts, rolls and the register read it from the account).
pub fn rename(c: &mut DbConn, account_id: i64, raw: &str) -> Answer<()> {
    let name = DisplayName::parse(raw)?;
    own_account::set_display_name(c, account_id, name.as_str())?;
    Ok(())
}

/// Creates a personal API token named `name`, valid `days` (empty: until revoked); answers
/// the token, shown once.
pub fn create_token(
    c: &mut DbConn,
    now: NaiveDateTime,
    account_id: i64,
    name: &str,
    days: Option<&str>,
) -> Answer<String> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(Code::TokenNameInvalid.into());
    }
    let days = match days.map(str::trim).filter(|d| !d.is_empty()) {
        None => None,
        Some(d) => match d.parse::<i64>() {
            Ok(n) if (1..=3650).contains(&n) => Some(n),
            _ => return Err(Code::TokenDaysInvalid.into()),
        },
    };
    let token = crypto::new_token();
    let expires = days.map(|d| now + Duration::days(d));
    accounts::create_api_token(c, account_id, name, &crypto::sha256_hex(&token), expires)?;
    Ok(token)
}

/// Revokes one of the account's tokens; not found when it is not a live one of theirs.
pub fn revoke_token(c: &mut DbConn, account_id: i64, token_id: i64) -> Answer<()> {
    if accounts::revoke_api_token(c, account_id, token_id)? {
        Ok(())
    } else {
        Err(ServiceError::NotFound)
    }
}

/// The co-ops (slug, name) one is a current member or guest of, by name.
pub fn current_coops(c: &mut DbConn, account_id: i64) -> Answer<Vec<(String, String)>> {
    let mut list: Vec<(String, String)> = own_account::memberships_of(c, account_id)?
        .into_iter()
        .filter(|m| m.8.is_none())
        .map(|m| (m.0, m.1))
        .collect();
    list.sort_by(|a, b| a.1.cmp(&b.1));
    list.dedup();
    Ok(list)
}
