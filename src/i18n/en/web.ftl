# pages (en)
layout-skip = Skip to content
layout-nav = Account
layout-login = Log in
layout-logout = Log out
layout-language = Language
layout-language-apply = Change
layout-footer = Collegia — decisions for multi-stakeholder cooperatives.
home-title = Collegia
home-intro = Collegia helps cooperatives decide together: discussions, proposals and votes tallied per stakeholder college, weighted by your own rules.
home-welcome = Welcome, { $name }.
home-coops-link = Your co-ops
home-settings-link = Server settings
home-account-link = Your account
setup-title = Set up Collegia
setup-intro = This server is new. Create the first account: it will be the server administrator.
setup-submit = Create the administrator account
field-display-name = Your name
field-email = Email address
field-password = Password
field-new-password = New password
field-current-password = Current password
password-rule = Between 8 and 1024 characters.
login-title = Log in
login-submit = Log in
login-forgot = Forgot your password?
forgot-title = Forgotten password
forgot-intro = Enter your email address: we will send you a link to choose a new password.
forgot-submit = Send the link
forgot-sent = If an account uses this address, a link has been sent to it. It works once, for one hour. No more than three links are sent to one address in an hour.
reset-title = Choose a new password
reset-submit = Save the new password
reset-ends-access = Saving a new password signs this account out everywhere, ends its other reset links and revokes its API tokens: programs that use them will need a new token from the account page.
reset-invalid = This link is invalid, has expired or has already been used.
reset-again = Ask for a new link
account-title = Your account
account-language = Language
account-mail = Email notifications
account-mail-intro = Messages about your account (password reset, invitations, payout statements) are always sent. Choose which notifications you receive:
account-save = Save
account-password = Password
account-change-password = Change password
account-tokens = API tokens
account-tokens-intro = Personal tokens let programs use the Collegia API with your rights. Send them as "Authorization: Bearer TOKEN".
account-tokens-none = You have no API token.
account-token-once = Copy this token now: it will not be shown again.
account-token-name = Name
account-token-created = Created
account-token-expires = Expires
account-token-days = Valid for (days, empty = no expiry)
account-token-create = Create a token
account-token-revoke = Revoke
mail-kind-proposal-opened = New proposals open for your vote
mail-kind-proposal-result = Results of proposals
mail-kind-mention = Mentions of you in discussions
mail-kind-reminder = Reminders before a vote closes
unsubscribe-title = Unsubscribe
unsubscribe-question = Stop receiving “{ $kind }” by email?
unsubscribe-submit = Unsubscribe
unsubscribe-done = You will no longer receive “{ $kind }” by email.
unsubscribe-manage = Manage all your email settings
notice-logged-out = You are logged out.
notice-password-reset = Your password has been changed. You can log in with it now.
notice-password-changed = Your password has been changed. Your other sessions were signed out.
notice-saved = Saved.
notice-token-created = Token created.
notice-token-revoked = Token revoked.
signup-title = Create an account
signup-intro = This server lets anyone create an account. To join a co-op, ask one of its administrators to invite you.
signup-submit = Create my account
signup-taken = An account already uses this email address. Log in, or reset its password.
login-signup = No account yet? Create one
# top bar, co-op bar, breadcrumbs
layout-main-nav = Main menu
layout-home = Home
layout-coops = Co-ops
layout-breadcrumbs = Breadcrumb
# the language switch names each language in itself
layout-language-name = English
layout-language-to = Read Collegia in English
# dates as people say them
when-now = just now
when-in-minutes = { $n ->
    [one] in 1 minute
   *[other] in { $n } minutes
}
when-in-hours = { $n ->
    [one] in 1 hour
   *[other] in { $n } hours
}
when-in-days = { $n ->
    [one] tomorrow
   *[other] in { $n } days
}
when-ago-minutes = { $n ->
    [one] 1 minute ago
   *[other] { $n } minutes ago
}
when-ago-hours = { $n ->
    [one] 1 hour ago
   *[other] { $n } hours ago
}
when-ago-days = { $n ->
    [one] yesterday
   *[other] { $n } days ago
}
when-weekday-0 = Monday
when-weekday-1 = Tuesday
when-weekday-2 = Wednesday
when-weekday-3 = Thursday
when-weekday-4 = Friday
when-weekday-5 = Saturday
when-weekday-6 = Sunday
when-month-1 = January
when-month-2 = February
when-month-3 = March
when-month-4 = April
when-month-5 = May
when-month-6 = June
when-month-7 = July
when-month-8 = August
when-month-9 = September
when-month-10 = October
when-month-11 = November
when-month-12 = December
when-spoken = { $weekday } { $day } { $month }{ $year } at { $time }
home-closing-soon = { $n ->
    [one] A vote waiting for you closes within 24 hours
   *[other] { $n } votes waiting for you close within 24 hours
}
home-closing-soon-hint = They are the first ones under “Needs your vote”.
home-needs-vote = Needs your vote ({ $n })
home-needs-vote-none = No vote waits for you.
home-needs-vote-more = And { $n } more, in each co-op’s open votes:
home-start-discussion = Start a discussion in { $coop }
home-voted = { $n ->
    [one] You have voted on one open proposal; you can change your vote until it closes.
   *[other] You have voted on { $n } open proposals; you can change your votes until they close.
}
home-decided = Recently decided
home-decided-none = Nothing was decided in the last two weeks.
home-threads = Recent discussions
home-threads-none = No discussion yet.
home-unread-threads = Unread discussions
home-unread-threads-none = You have read every discussion.
home-coop-unread = { $n ->
    [one] 1 unread discussion
   *[other] { $n } unread discussions
}
home-thread-line = { $n ->
    [0] no comments
    [one] one comment
   *[other] { $n } comments
} · last activity { $relative }
home-coops-none = You do not belong to a co-op yet: an invitation from one brings you in.
coop-open-proposals = Open proposals
coop-open-none = Nothing is open for a vote right now.
coop-open-all = See all { $n } open proposals
coop-turnout = { $voted } of { $roll } voted
coop-weight = Weight
