-- Secret ballots while their proposal is open: sealed under a key kept outside the database,
-- found by voter tag.
CREATE TABLE sealed_ballots (
    proposal_id BIGINT NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
    voter_tag TEXT NOT NULL,
    coop_id BIGINT NOT NULL REFERENCES coops(id) ON DELETE CASCADE,
    sealed TEXT NOT NULL,
    by_proxy BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (proposal_id, voter_tag)
);

-- Who voted keeps the day only.
UPDATE who_voted SET at = date_trunc('day', at);
