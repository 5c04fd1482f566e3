CREATE TABLE proposals (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    coop_id BIGINT NOT NULL REFERENCES coops(id) ON DELETE CASCADE,
    thread_id BIGINT,
    author_id BIGINT REFERENCES accounts(id) ON DELETE SET NULL,
    title TEXT NOT NULL,
    details TEXT NOT NULL,
    method TEXT NOT NULL,
    options TEXT NOT NULL,
    ranked_rule TEXT NOT NULL,
    score_min BIGINT NOT NULL,
    score_max BIGINT NOT NULL,
    dots_per_voter BIGINT,
    decision_class TEXT NOT NULL,
    call_kind TEXT NOT NULL,
    reruns_id BIGINT REFERENCES proposals(id),
    opens_at TIMESTAMP NOT NULL,
    closes_at TIMESTAMP NOT NULL,
    state TEXT NOT NULL,
    secret BOOLEAN NOT NULL,
    results_visibility TEXT NOT NULL,
    reason_required BOOLEAN NOT NULL,
    payload TEXT,
    rules TEXT,
    electorate TEXT,
    result TEXT,
    verdict TEXT,
    outcome_statement TEXT,
    reminded_at TIMESTAMP,
    closed_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX proposals_coop ON proposals(coop_id, state, closes_at);
CREATE INDEX proposals_due ON proposals(state, closes_at);

CREATE TABLE roll (
    coop_id BIGINT NOT NULL REFERENCES coops(id) ON DELETE CASCADE,
    proposal_id BIGINT NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
    account_id BIGINT NOT NULL REFERENCES accounts(id),
    college TEXT NOT NULL,
    PRIMARY KEY (proposal_id, account_id)
);

CREATE TABLE ballots (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    coop_id BIGINT NOT NULL REFERENCES coops(id) ON DELETE CASCADE,
    proposal_id BIGINT NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
    college TEXT NOT NULL,
    choice TEXT NOT NULL,
    count INTEGER NOT NULL DEFAULT 1,
    voter_tag TEXT NOT NULL,
    account_id BIGINT,
    proxy_for BIGINT,
    by_proxy BOOLEAN NOT NULL DEFAULT FALSE,
    reason TEXT,
    cast_at TIMESTAMP,
    UNIQUE (proposal_id, voter_tag)
);
CREATE INDEX ballots_tally ON ballots(proposal_id, college, choice);

CREATE TABLE who_voted (
    coop_id BIGINT NOT NULL REFERENCES coops(id) ON DELETE CASCADE,
    proposal_id BIGINT NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
    account_id BIGINT NOT NULL REFERENCES accounts(id),
    at TIMESTAMP NOT NULL,
    PRIMARY KEY (proposal_id, account_id)
);

CREATE TABLE payout_rule_versions (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    coop_id BIGINT NOT NULL REFERENCES coops(id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    body TEXT NOT NULL,
    proposal_id BIGINT REFERENCES proposals(id),
    created_at TIMESTAMP NOT NULL,
    UNIQUE (coop_id, version)
);
