-- Work log, payout rule versions (adopted by proposal) and monthly payout runs.
-- Dates are ISO text (YYYY-MM-DD, months YYYY-MM) in the co-op's time zone; money in cents.

-- payout_rule_versions may already exist (the proposals migration creates it with these
-- columns): the rule (`body`, a payout rule JSON whose `effective_from` is optional), the
-- proposal that adopted it (no foreign key here) and when (`created_at`).
CREATE TABLE IF NOT EXISTS payout_rule_versions (
    id BIGSERIAL PRIMARY KEY,
    coop_id BIGINT NOT NULL REFERENCES coops(id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    body TEXT NOT NULL,
    proposal_id BIGINT,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (coop_id, version)
);

CREATE TABLE work_entries (
    id BIGSERIAL PRIMARY KEY,
    coop_id BIGINT NOT NULL REFERENCES coops(id) ON DELETE CASCADE,
    account_id BIGINT NOT NULL REFERENCES accounts(id),
    kind TEXT NOT NULL,
    work_date TEXT NOT NULL,
    title TEXT,
    estimate BIGINT,
    status TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    approved_by BIGINT REFERENCES accounts(id) ON DELETE SET NULL,
    approved_at TIMESTAMP,
    earned_on TEXT,
    points_awarded BIGINT,
    replaces_entry BIGINT
);
CREATE INDEX work_entries_coop_earned ON work_entries(coop_id, status, earned_on);
CREATE INDEX work_entries_coop_account ON work_entries(coop_id, account_id, id);

CREATE TABLE payout_runs (
    id BIGSERIAL PRIMARY KEY,
    coop_id BIGINT NOT NULL REFERENCES coops(id) ON DELETE CASCADE,
    month TEXT NOT NULL,
    surplus_cents BIGINT NOT NULL,
    currency TEXT NOT NULL,
    rule_version INTEGER NOT NULL,
    state TEXT NOT NULL,
    result TEXT NOT NULL,
    created_by BIGINT REFERENCES accounts(id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    confirmed_by BIGINT REFERENCES accounts(id) ON DELETE SET NULL,
    confirmed_at TIMESTAMP,
    UNIQUE (coop_id, month)
);

CREATE TABLE payout_lines (
    id BIGSERIAL PRIMARY KEY,
    coop_id BIGINT NOT NULL REFERENCES coops(id) ON DELETE CASCADE,
    run_id BIGINT NOT NULL REFERENCES payout_runs(id) ON DELETE CASCADE,
    account_id BIGINT NOT NULL REFERENCES accounts(id),
    member_public_id TEXT NOT NULL,
    points BIGINT NOT NULL,
    share TEXT NOT NULL,
    amount_cents BIGINT NOT NULL
);
CREATE INDEX payout_lines_run ON payout_lines(coop_id, run_id);
CREATE INDEX payout_lines_account ON payout_lines(coop_id, account_id);
