DROP TABLE email_changes;
ALTER TABLE sessions DROP COLUMN device;
ALTER TABLE sessions DROP COLUMN last_used_at;
ALTER TABLE accounts DROP COLUMN record_name;
ALTER TABLE accounts DROP COLUMN deleted_at;
