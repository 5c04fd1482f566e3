//! Deleting one's account: pseudonymised, never removed.
//!
//! The row stays, because rolls, ballots, posts and payout lines point at it: named votes keep
//! counting, posts stay under "former member", secret ballots (which hold no account) are not
//! touched. The address and the password go, so nobody can sign in, reset the password or be
//! matched by an invitation to the old address (that takes a new sign-up). Sessions, links,
//! API tokens and proxies end. Current memberships are closed as a departure (`member.left`),
//! and each co-op's audit chain gets a new `account.deleted` event; nothing in the chain is
//! rewritten. The register of members keeps the person's name (`record_name`), as the law asks
//! of a co-op's register.

use super::check_password;
use crate::domain::refusal::{Code, Refused};
use crate::service::{Answer, ServiceError};
use crate::storage::accounts::Account;
use crate::storage::own_account::{self, Pseudonym};
use crate::storage::{Db, DbConn, audit, coops, members, write_tx};
use serde_json::json;

/// The name a deleted account shows everywhere but in the co-ops' records; pages translate
/// it (`web::views::account::person_name`).
pub const FORMER_MEMBER: &str = "former member";

/// Deletes `account` once the person confirmed and typed their password again. Refused while
/// they are the last admin of a co-op (naming it), or the server's last admin: another admin
/// must be named first.
pub async fn delete(
    db: &Db,
    account: &Account,
    typed_password: String,
    confirmed: bool,
) -> Answer<()> {
    if !confirmed {
        return Err(Code::DeleteNotConfirmed.into());
    }
    check_password(account, typed_password).await?;
    let account = account.clone();
    db.run(move |c| pseudonymise(c, &account)).await
}

/// The deletion itself, in one write transaction (each co-op of the account locked first).
pub fn pseudonymise(c: &mut DbConn, account: &Account) -> Answer<()> {
    write_tx(c, |c| {
        if account.is_server_admin && own_account::count_server_admins(c)? <= 1 {
            return Err(Code::LastServerAdmin.into());
        }
        let coops = own_account::coops_of(c, account.id)?;
        let mut current = vec![];
        for (coop_id, _, name) in &coops {
            coops::lock(c, *coop_id)?;
            if let Some(m) = members::current(c, *coop_id, account.id)? {
                if m.is_admin && members::count_admins(c, *coop_id)? <= 1 {
                    return Err(Refused::new(Code::LastAdminOf)
                        .with("coop", name.as_str())
                        .into());
                }
                current.push(*coop_id);
            }
        }
        for coop_id in &current {
            members::leave(c, *coop_id, account.id, Some(account.id))?;
        }
        let done = own_account::pseudonymise(
            c,
            account.id,
            &Pseudonym {
                display_name: FORMER_MEMBER,
                record_name: &account.display_name,
            },
        )?;
        if !done {
            return Err(ServiceError::NotFound);
        }
        for (coop_id, _, _) in &coops {
            audit::append(
                c,
                *coop_id,
                Some(account.id),
                "account.deleted",
                json!({"account": account.id}),
            )?;
        }
        Ok(())
    })
}
