DROP TABLE rate_limit_windows;
DROP TABLE account_tokens;
DROP TABLE refresh_tokens;
ALTER TABLE users DROP COLUMN tokens_valid_after;
