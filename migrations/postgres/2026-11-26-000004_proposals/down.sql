DROP TABLE payout_rule_versions;
DROP TABLE who_voted;
DROP TABLE ballots;
DROP TABLE roll;
DROP TABLE proposals;
