# In-app notifications, their settings and the daily digest.

layout-to-vote = To vote
layout-notifications = Notifications
layout-count-many = 99+

notif-someone = Someone
notif-proposal-opened = Vote open: “{ $subject }”
notif-reminder = Closes within a day and your ballot is not in: “{ $subject }”
notif-proposal-extended = Voting now closes later: “{ $subject }”
notif-proposal-result = Result of “{ $subject }”: { $verdict }
notif-mention = { $actor } mentioned you in “{ $subject }”
notif-invitation-accepted = { $actor } accepted your invitation to { $subject }
notif-work-reviewed-approved = Your work was approved: { $subject }
notif-work-reviewed-rejected = Your work was rejected: { $subject }
notif-work-reviewed-rescheduled = Your task was rescheduled: { $subject }
notif-statement-ready = Your payout statement for { $subject } is ready
notif-payout-rule-adopted = A new payout rule (version { $subject }) was adopted

notifications-title = Notifications
notifications-intro = Votes opened to you, results, mentions of you, your reviewed work and statements, newest first.
notifications-unread = Unread:
notifications-new = new
notifications-in = in { $coop }
notifications-mark-all = Mark all as read
notifications-marked = All notifications are marked as read.
notifications-empty = Nothing here yet. When a vote opens for you, someone mentions you or your work is reviewed, it will appear here.
notifications-older = Older notifications
notifications-newest = Back to the newest
notifications-settings = Choose what you receive

notification-settings-title = Notifications and mail
notification-settings-back = Back to your account
notification-settings-mail = Optional mail
notification-settings-mail-intro = Mail about these events, in every co-op (each message also has a one-click unsubscribe link):
notification-settings-coops = Per co-op
notification-settings-coops-intro = How much of each co-op reaches you, in the app and by optional mail. Important: a vote opened to you, its reminder or new closing time, its result, mentions of you, your own reviewed work and statements. Other events (someone you invited joined, a payout rule adopted) come with “Everything” only.
notification-settings-no-coops = You belong to no co-op yet.
notification-volume = What reaches you from { $coop }
notification-volume-all = Everything
notification-volume-important = Important only
notification-volume-none = Nothing
notification-digest = A daily digest by mail: “Yesterday in { $coop }”
notification-settings-never = Password resets, invitations, payout statements and meeting notices are always sent, whatever you choose here.
notification-settings-save = Save
notification-settings-saved = Your choices are saved.
account-notifications-intro = Which mail you receive, how much of each co-op reaches you, the daily digest.
account-notifications-link = Notifications and mail

mail-kind-digest = A daily digest of the co-ops you chose
mail-digest-subject = Yesterday in { $coop }
mail-digest-intro = What came for you in { $coop } on { $day }:
mail-digest-day = { $weekday } { $day } { $month }
mail-digest-all = All your notifications

notif-proposal-withdrawn = Withdrawn: “{ $subject }”
notif-proposal-edited = Changed: “{ $subject }”
