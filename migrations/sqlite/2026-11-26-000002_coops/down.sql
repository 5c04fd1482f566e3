DROP TABLE audit_events;
DROP TABLE proxies;
DROP TABLE invitations;
DROP TABLE memberships;
DROP TABLE rulebook_versions;
DROP TABLE coops;
