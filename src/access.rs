//! Who may do what: the roles a person holds in a co-op, every action a route can take, and
//! THE table that says which role may take which action ([`allowed`]). The web's middleware
//! (`web::authz`) resolves an [`Access`] per request from this; services take it as the actor.

use crate::domain::rulebook::Rulebook;
use crate::service::ServiceError;
use crate::storage::accounts::Account;
use crate::storage::coops::Coop;
use crate::storage::members::Membership;

/// Who the visitor is with respect to the co-op of the route (or the server, off co-op routes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Anonymous,
    /// Signed in, but not in this co-op (a member of another one, or of none).
    OtherCoopMember,
    Guest,
    Member,
    Board,
    CoopAdmin,
    ServerAdmin,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::Anonymous,
        Role::OtherCoopMember,
        Role::Guest,
        Role::Member,
        Role::Board,
        Role::CoopAdmin,
        Role::ServerAdmin,
    ];
}

/// Everything a route may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Anyone, signed in or not (home, login, links from mail).
    Public,
    /// Any signed-in person (their account, the list of their co-ops).
    SignedIn,
    /// Found a co-op: server admins, or anyone signed in when the server allows it.
    FoundCoop,
    /// Server settings.
    ManageServer,
    /// The co-op's front page and its rules.
    ViewCoop,
    /// The directory of members per college.
    ViewDirectory,
    /// The register of members (page and CSV).
    ViewRegister,
    /// Invite, resend, revoke invitations.
    Invite,
    /// Move members between colleges, change roles, record leaving.
    ManageMembers,
    /// The audit trail (page and CSV).
    ViewAudit,
    /// Give and revoke one's own proxies (voting members only).
    OwnProxies,
    /// The work log: record support days and tasks, see one's statements, preview payout rules.
    LogWork,
    /// Approve, reject or reschedule claims (the board).
    ReviewWork,
    /// Declare a month's surplus, confirm a run, export it (the board).
    RunPayouts,
    /// Proposals, their results and exports (members and guests).
    ViewProposals,
    /// Start a proposal (the handler also asks the college's `may_propose`; board and admins may).
    Propose,
    /// Cast, change and withdraw a ballot; "my open votes" (the handler checks the roll).
    Vote,
    /// Close early, extend, second call, outcome statement, who has not voted, named votes;
    /// remind now, reopen.
    ManageProposals,
    /// Edit or withdraw a proposal: the table lets in those who may propose; the service then
    /// lets in the proposal's author, the board and admins only.
    SteerProposals,
    /// Read the co-op's threads and comments (members and guests).
    ViewThreads,
    /// Start a thread (members; the handler also asks the college's `may_start_threads`).
    StartThread,
    /// Comment on a thread (members and guests).
    Comment,
    /// Edit or delete a thread or comment: the table lets in those who may comment; the
    /// handler then lets authors and admins edit, and authors, board and admins delete.
    EditPosts,
}

/// Server-wide switches the table depends on.
#[derive(Debug, Clone, Copy, Default)]
pub struct Policy {
    pub anyone_may_found: bool,
}

/// THE table: may `role` perform `action`?
pub fn allowed(action: Action, role: Role, policy: Policy) -> bool {
    use Action::*;
    use Role::*;
    let signed_in = role != Anonymous;
    match action {
        Public => true,
        SignedIn => signed_in,
        FoundCoop => role == ServerAdmin || (signed_in && policy.anyone_may_found),
        ManageServer => role == ServerAdmin,
        ViewCoop => matches!(role, Guest | Member | Board | CoopAdmin | ServerAdmin),
        ViewDirectory => matches!(role, Member | Board | CoopAdmin),
        ViewRegister | Invite => matches!(role, Board | CoopAdmin),
        ManageMembers => role == CoopAdmin,
        ViewAudit => matches!(role, Board | CoopAdmin | ServerAdmin),
        OwnProxies => matches!(role, Member | Board | CoopAdmin),
        LogWork => matches!(role, Member | Board | CoopAdmin),
        ReviewWork | RunPayouts => matches!(role, Board | CoopAdmin),
        ViewProposals => matches!(role, Guest | Member | Board | CoopAdmin),
        Propose | Vote | SteerProposals => matches!(role, Member | Board | CoopAdmin),
        ManageProposals => matches!(role, Board | CoopAdmin),
        ViewThreads | Comment | EditPosts => matches!(role, Guest | Member | Board | CoopAdmin),
        StartThread => matches!(role, Member | Board | CoopAdmin),
    }
}

/// The rulebook's `may_start_threads` for a member's college (guests never start threads).
pub fn may_start_threads(book: &Rulebook, membership: &Membership) -> bool {
    membership
        .college
        .as_deref()
        .and_then(|k| book.college(k))
        .is_some_and(|c| c.may_start_threads)
}

/// The rulebook's `may_propose` for a member's college (guests never propose).
pub fn may_propose(book: &Rulebook, membership: &Membership) -> bool {
    membership
        .college
        .as_deref()
        .and_then(|k| book.college(k))
        .is_some_and(|c| c.may_propose)
}

/// Does this action concern the co-op named in the path?
pub fn is_coop_action(action: Action) -> bool {
    !matches!(
        action,
        Action::Public | Action::SignedIn | Action::FoundCoop | Action::ManageServer
    )
}

/// The visitor's roles: their place in the co-op and, separately, server admin. An action is
/// allowed when any of them allows it.
pub fn roles_of(account: Option<&Account>, membership: Option<&Membership>) -> Vec<Role> {
    let Some(account) = account else {
        return vec![Role::Anonymous];
    };
    let mut roles = vec![match membership {
        None => Role::OtherCoopMember,
        Some(m) if m.is_admin => Role::CoopAdmin,
        Some(m) if m.is_board => Role::Board,
        Some(m) if m.is_guest() => Role::Guest,
        Some(_) => Role::Member,
    }];
    if account.is_server_admin {
        roles.push(Role::ServerAdmin);
    }
    roles
}

/// What the middleware learned, for handlers: the account, the co-op and membership.
#[derive(Debug, Clone)]
pub struct Access {
    pub account: Option<Account>,
    pub coop: Option<Coop>,
    pub membership: Option<Membership>,
    pub roles: Vec<Role>,
}

impl Access {
    pub fn coop(&self) -> Result<&Coop, ServiceError> {
        self.coop.as_ref().ok_or(ServiceError::NotFound)
    }

    pub fn account(&self) -> Result<&Account, ServiceError> {
        self.account.as_ref().ok_or(ServiceError::Unauthorized)
    }

    pub fn account_id(&self) -> Result<i64, ServiceError> {
        self.account().map(|a| a.id)
    }

    pub fn may(&self, action: Action) -> bool {
        self.roles
            .iter()
            .any(|r| allowed(action, *r, Policy::default()))
    }
}
