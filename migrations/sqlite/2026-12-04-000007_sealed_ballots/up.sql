-- Secret ballots while their proposal is open: sealed under a key kept outside the database,
-- found by voter tag. WITHOUT ROWID, so rows sit in tag order, not in the order of voting.
CREATE TABLE sealed_ballots (
    proposal_id BIGINT NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
    voter_tag TEXT NOT NULL,
    coop_id BIGINT NOT NULL REFERENCES coops(id) ON DELETE CASCADE,
    sealed TEXT NOT NULL,
    by_proxy BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (proposal_id, voter_tag)
) WITHOUT ROWID;

-- Who voted keeps the day only, and its rows sit in member order, not in the order of voting.
CREATE TABLE who_voted_by_day (
    coop_id BIGINT NOT NULL REFERENCES coops(id) ON DELETE CASCADE,
    proposal_id BIGINT NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
    account_id BIGINT NOT NULL REFERENCES accounts(id),
    at TIMESTAMP NOT NULL,
    PRIMARY KEY (proposal_id, account_id)
) WITHOUT ROWID;
INSERT INTO who_voted_by_day (coop_id, proposal_id, account_id, at)
    SELECT coop_id, proposal_id, account_id, strftime('%Y-%m-%d 00:00:00', at) FROM who_voted;
DROP TABLE who_voted;
ALTER TABLE who_voted_by_day RENAME TO who_voted;
