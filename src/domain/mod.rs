//! The pure core: rulebooks, elections and tallies, payouts.
//!
//! Nothing here imports actix, diesel, lettre, maud or tokio, or touches files or the
//! network: it takes values and returns values. CI greps for the boundary.

pub mod account;
pub mod device;
pub mod election;
pub mod fraction;
pub mod invitation;
mod keyed;
pub mod notification;
pub mod payout;
pub mod proposal_state;
pub mod refusal;
pub mod rulebook;
pub mod work;
