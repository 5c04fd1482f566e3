ALTER TABLE coops DROP COLUMN show_not_voted;
DROP INDEX ballots_positions;
ALTER TABLE ballots DROP COLUMN first_cast_at;
