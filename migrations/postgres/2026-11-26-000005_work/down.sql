DROP TABLE payout_lines;
DROP TABLE payout_runs;
DROP TABLE work_entries;
