-- One's own account: a deleted account keeps its row (rolls, ballots and posts point at it)
-- with the name the co-ops' records keep; sessions say when they were last used; an email
-- change waits for the link sent to the new address.
ALTER TABLE accounts ADD COLUMN deleted_at TIMESTAMP;
ALTER TABLE accounts ADD COLUMN record_name TEXT;
ALTER TABLE sessions ADD COLUMN last_used_at TIMESTAMP;
ALTER TABLE sessions ADD COLUMN device TEXT;
CREATE TABLE email_changes (
    token_hash TEXT PRIMARY KEY NOT NULL,
    account_id BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    new_email TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP
);
CREATE INDEX email_changes_account ON email_changes(account_id, created_at);
