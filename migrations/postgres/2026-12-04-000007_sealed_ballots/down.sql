DROP TABLE sealed_ballots;
