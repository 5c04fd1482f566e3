# threads and comments (en)
threads-nav = Threads
threads-title = Threads of { $coop }
threads-new = Start a thread
threads-none = No threads yet.
threads-start = Start the thread
threads-thread-deleted = This thread was deleted.
threads-comment-deleted = This comment was deleted.
threads-count = { $count ->
    [0] No comments
    [one] One comment
   *[other] { $count } comments
}
threads-last-activity = last activity { $relative }
threads-older-threads = Older threads
threads-edited = edited { $date }
threads-edit = Edit
threads-delete = Delete
threads-pages = Pages of comments
threads-first = First comments
threads-older = ← Older comments
threads-newer = Newer comments →
threads-latest = Latest comments
threads-field-title = Title
threads-field-body = Text
threads-markdown-hint = Markdown is welcome. Write @name (a display name without spaces) to notify someone.
threads-version = Version { $n }
threads-start-proposal = Start a proposal from this thread
threads-comments = Comments
threads-add-comment = Add a comment
threads-comment = Comment
threads-history = Earlier versions
threads-save = Save
threads-edit-thread = Edit the thread
threads-edit-comment = Comment
threads-back = Back to the thread
threads-error-title-empty = The title is empty.
threads-error-title-long = The title is longer than 200 characters.
threads-error-body-empty = The text is empty.
threads-error-body-long = The text is longer than 20,000 characters.
threads-mail-mention-subject = { $author } mentioned you in “{ $thread }”
threads-mail-mention-body = { $author } mentioned you in the thread “{ $thread }” of { $coop }.
threads-proposals = Proposals from this thread
threads-unread-new = new
threads-unread-comments = { $n ->
    [one] one new comment
   *[other] { $n } new comments
}
threads-mark-all-read = Mark all as read
threads-jump-unread = { $n ->
    [one] Jump to the new comment
   *[other] Jump to the first of { $n } new comments
}
