//! The server's own settings, set by server admins: whether anyone signed in may found a
//! co-op, and whether sign-up is open (both off by default).

use crate::service::Answer;
use crate::storage::{DbConn, settings};

/// The two switches of `/admin/settings`.
pub struct ServerSettings {
    pub anyone_may_found: bool,
    pub open_signup: bool,
}

/// The current switches.
pub fn read(c: &mut DbConn) -> Answer<ServerSettings> {
    Ok(ServerSettings {
        anyone_may_found: settings::flag(c, settings::ANYONE_MAY_FOUND)?,
        open_signup: settings::flag(c, settings::OPEN_SIGNUP)?,
    })
}

/// Sets both switches.
pub fn write(c: &mut DbConn, to: &ServerSettings) -> Answer<()> {
    let text = |on: bool| if on { "true" } else { "false" };
    settings::set(c, settings::ANYONE_MAY_FOUND, text(to.anyone_may_found))?;
    settings::set(c, settings::OPEN_SIGNUP, text(to.open_signup))?;
    Ok(())
}
