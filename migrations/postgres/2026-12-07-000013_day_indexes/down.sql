DROP INDEX threads_activity;
DROP INDEX roll_account;
