-- Password-reset requests of the last hour, to limit them per address, per account and per
-- client address across every server of one database.
CREATE TABLE reset_requests (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    email_lower TEXT NOT NULL,
    account_id BIGINT REFERENCES accounts(id) ON DELETE CASCADE,
    ip TEXT NOT NULL,
    at TIMESTAMP NOT NULL
);
CREATE INDEX reset_requests_email ON reset_requests(email_lower, at);
CREATE INDEX reset_requests_account ON reset_requests(account_id, at);
CREATE INDEX reset_requests_ip ON reset_requests(ip, at);
CREATE INDEX reset_requests_at ON reset_requests(at);
