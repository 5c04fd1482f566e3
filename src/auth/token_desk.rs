//! The token desk: API tokens presented at the same moment are looked up in one query.
//!
//! Every API call to a co-op needs its token, the co-op and the caller's membership before
//! anything else (see `web::authz`). Alone that is one small query; in a rush — a thousand
//! members voting in the minutes after a proposal opens — it is one query per request, each
//! paying the database's fixed cost of a statement. The desk gathers the lookups that arrive
//! together (see [`crate::batcher`]) and answers them with one query. Each answer is exactly
//! what the single lookup would give: read from the database after the request arrived,
//! never kept.

use crate::batcher::{Batcher, Stats};
use crate::storage::members::{self, TokenInCoop};
use crate::storage::{Db, DbError};
use std::sync::Arc;

/// Lookups answered by one query at most (a bound on the statement's size).
const AT_ONCE: usize = 256;

type Answer = Result<Option<TokenInCoop>, DbError>;

#[derive(Default)]
pub struct TokenDesk {
    lookups: Arc<Batcher<(String, String), Answer>>,
}

impl TokenDesk {
    /// How many queries answered how many lookups.
    pub fn stats(&self) -> Stats {
        self.lookups.stats()
    }

    /// Lookups waiting for the next query, and whether one is being answered.
    pub fn queue(&self) -> (usize, bool) {
        self.lookups.queue()
    }

    /// The live token with this hash and the co-op named `slug` with the owner's membership
    /// (see [`members::tokens_in_coops`]).
    pub async fn look_up(&self, db: &Db, token_hash: String, slug: String) -> Answer {
        let db = db.clone();
        let answered = self
            .lookups
            .ask((token_hash, slug), AT_ONCE, move |asked| {
                answer(&db, &asked)
            })
            .await;
        answered.unwrap_or_else(|| Err(DbError::Pool("the token lookup stopped".into())))
    }
}

fn answer(db: &Db, asked: &[(String, String)]) -> Vec<Answer> {
    let found = db.stamping(|| {
        db.get().and_then(|mut conn| {
            members::tokens_in_coops(&mut conn, asked, db.clock().now()).map_err(DbError::from)
        })
    });
    match found {
        Ok(answers) => answers.into_iter().map(Ok).collect(),
        Err(e) => {
            let e = e.to_string();
            asked
                .iter()
                .map(|_| Err(DbError::Pool(e.clone())))
                .collect()
        }
    }
}
