DROP TABLE proposal_events;
DROP TABLE proposal_versions;
