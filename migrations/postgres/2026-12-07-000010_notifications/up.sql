-- In-app notifications: one row per person and event, written in the event's transaction.
-- The subject (a title, a month) is kept as it was; names (actor, co-op) are read when shown.
CREATE TABLE notifications (
    id BIGSERIAL PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    coop_id BIGINT NOT NULL REFERENCES coops(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    actor_id BIGINT REFERENCES accounts(id) ON DELETE SET NULL,
    subject TEXT NOT NULL,
    detail TEXT,
    path TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    read_at TIMESTAMP
);
-- The list (newest first, keyset on id) and the daily digest.
CREATE INDEX notifications_by_account ON notifications (account_id, id);
CREATE INDEX notifications_by_day ON notifications (account_id, coop_id, created_at);
-- The top bar's count: only unread rows are in it.
CREATE INDEX notifications_unread ON notifications (account_id) WHERE read_at IS NULL;

-- Per person and co-op: how much lands (all, important, none) and the daily digest.
-- No row: all, no digest. digest_sent_on (YYYY-MM-DD, the co-op's day) claims a day's digest.
CREATE TABLE notification_settings (
    account_id BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    coop_id BIGINT NOT NULL REFERENCES coops(id) ON DELETE CASCADE,
    volume TEXT NOT NULL DEFAULT 'all',
    digest BOOLEAN NOT NULL DEFAULT FALSE,
    digest_sent_on TEXT,
    PRIMARY KEY (account_id, coop_id)
);
