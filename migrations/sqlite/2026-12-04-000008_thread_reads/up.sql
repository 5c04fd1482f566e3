-- What each person has read of each thread: the newest comment id they have seen (0: the
-- thread itself, no comment yet). No row: never opened.
CREATE TABLE thread_reads (
    account_id BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    thread_id BIGINT NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
    seen_comment_id BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (account_id, thread_id)
);
