DROP TABLE outbox;
DROP TABLE mail_preferences;
DROP TABLE api_tokens;
DROP TABLE password_resets;
DROP TABLE login_failures;
DROP TABLE sessions;
DROP TABLE accounts;
DROP TABLE server_settings;
