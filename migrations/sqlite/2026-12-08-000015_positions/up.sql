-- Positions: when a named ballot was first cast (its cast_at is the last change), so a
-- position can say "changed their vote". Secret ballots hold no instant at all.
ALTER TABLE ballots ADD COLUMN first_cast_at TIMESTAMP NULL;
UPDATE ballots SET first_cast_at = cast_at WHERE account_id IS NOT NULL;
-- Positions are read latest first, 50 a page, by keyset (cast_at, id).
CREATE INDEX ballots_positions ON ballots(proposal_id, cast_at, id);
-- The co-op may hide "Not voted yet" from members (the board always sees it).
ALTER TABLE coops ADD COLUMN show_not_voted BOOLEAN NOT NULL DEFAULT TRUE;
