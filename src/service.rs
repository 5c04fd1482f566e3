//! What a service answers when it does not do what it was asked: a refusal the person can read
//! ([`Refused`], one vocabulary for pages and API), something that is not there or not theirs,
//! or a storage failure. The web maps each to HTTP in one place (`web::errors`).

use crate::domain::refusal::{Code, Refused};
use crate::storage::DbError;

/// The connection a service function works on, as handlers name it.
pub use crate::storage::DbConn;

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("refused: {0}")]
    Refused(Refused),
    #[error("not found")]
    NotFound,
    #[error("forbidden")]
    Forbidden,
    #[error("sign in required")]
    Unauthorized,
    #[error(transparent)]
    Storage(#[from] DbError),
}

impl From<Refused> for ServiceError {
    fn from(r: Refused) -> Self {
        ServiceError::Refused(r)
    }
}

impl From<Code> for ServiceError {
    fn from(c: Code) -> Self {
        ServiceError::Refused(Refused::new(c))
    }
}

impl From<diesel::result::Error> for ServiceError {
    fn from(e: diesel::result::Error) -> Self {
        match e {
            diesel::result::Error::NotFound => ServiceError::NotFound,
            other => ServiceError::Storage(DbError::Query(other)),
        }
    }
}

/// A service's answer.
pub type Answer<T> = Result<T, ServiceError>;
