-- What awaits a person's ballot is read from their side of the roll (Home and the top bar's
-- "To vote (n)" on every page); recent discussions by last activity within a co-op.
CREATE INDEX roll_account ON roll(account_id, proposal_id);
CREATE INDEX threads_activity ON threads(coop_id, last_activity_at);
