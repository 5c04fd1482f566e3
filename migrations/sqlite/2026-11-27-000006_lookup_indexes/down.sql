DROP INDEX outbox_queue;
DROP INDEX memberships_account;
