CREATE TABLE coops (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    time_zone TEXT NOT NULL,
    locale TEXT NOT NULL,
    created_by BIGINT REFERENCES accounts(id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE rulebook_versions (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    coop_id BIGINT NOT NULL REFERENCES coops(id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    body TEXT NOT NULL,
    origin TEXT NOT NULL,
    created_by BIGINT REFERENCES accounts(id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (coop_id, version)
);

CREATE TABLE memberships (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    coop_id BIGINT NOT NULL REFERENCES coops(id) ON DELETE CASCADE,
    account_id BIGINT NOT NULL REFERENCES accounts(id),
    college TEXT,
    is_admin BOOLEAN NOT NULL DEFAULT FALSE,
    is_board BOOLEAN NOT NULL DEFAULT FALSE,
    shares BIGINT NOT NULL DEFAULT 0,
    admitted_at TIMESTAMP NOT NULL,
    valid_from TIMESTAMP NOT NULL,
    valid_to TIMESTAMP,
    change TEXT NOT NULL,
    changed_by BIGINT REFERENCES accounts(id) ON DELETE SET NULL
);
CREATE INDEX memberships_coop ON memberships(coop_id, valid_from);
CREATE UNIQUE INDEX memberships_open ON memberships(coop_id, account_id) WHERE valid_to IS NULL;

CREATE TABLE invitations (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    coop_id BIGINT NOT NULL REFERENCES coops(id) ON DELETE CASCADE,
    email TEXT NOT NULL,
    email_lower TEXT NOT NULL,
    college TEXT,
    role TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    invited_by BIGINT REFERENCES accounts(id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    sent_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    accepted_at TIMESTAMP,
    accepted_by BIGINT REFERENCES accounts(id) ON DELETE SET NULL,
    revoked_at TIMESTAMP
);
CREATE INDEX invitations_coop_email ON invitations(coop_id, email_lower);

CREATE TABLE proxies (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    coop_id BIGINT NOT NULL REFERENCES coops(id) ON DELETE CASCADE,
    giver_id BIGINT NOT NULL REFERENCES accounts(id),
    holder_id BIGINT NOT NULL REFERENCES accounts(id),
    proposal_id BIGINT,
    created_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP
);
CREATE INDEX proxies_coop ON proxies(coop_id, holder_id);

CREATE TABLE audit_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    coop_id BIGINT NOT NULL REFERENCES coops(id) ON DELETE CASCADE,
    seq BIGINT NOT NULL,
    actor_id BIGINT,
    at TIMESTAMP NOT NULL,
    kind TEXT NOT NULL,
    data TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    UNIQUE (coop_id, seq)
);
