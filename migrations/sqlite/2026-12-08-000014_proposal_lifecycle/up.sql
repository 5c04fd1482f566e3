-- A proposal's lifecycle: the versions an edit replaced (title, details, options, closing
-- time, who edited and when), and the steps of its life the board or its author took
-- (edited, closing time changed, withdrawn with its reason, reminded, reopened with the
-- earlier result and seal), read back as the proposal's history.
CREATE TABLE proposal_versions (
    proposal_id BIGINT NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
    version BIGINT NOT NULL,
    title TEXT NOT NULL,
    details TEXT NOT NULL,
    options TEXT NOT NULL,
    closes_at TIMESTAMP NOT NULL,
    edited_by BIGINT REFERENCES accounts(id) ON DELETE SET NULL,
    edited_at TIMESTAMP NOT NULL,
    PRIMARY KEY (proposal_id, version)
);
CREATE TABLE proposal_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    proposal_id BIGINT NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    actor_id BIGINT REFERENCES accounts(id) ON DELETE SET NULL,
    at TIMESTAMP NOT NULL,
    detail TEXT NOT NULL
);
CREATE INDEX proposal_events_proposal ON proposal_events(proposal_id, kind, at);
