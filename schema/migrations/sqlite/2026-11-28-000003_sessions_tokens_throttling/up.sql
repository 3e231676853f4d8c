-- Access tokens issued before this moment are refused (set by a password reset).
ALTER TABLE users ADD COLUMN tokens_valid_after TIMESTAMP;

-- Refresh tokens, stored hashed. Each sign-in starts a family; refreshing rotates the token
-- within its family. Presenting a token that was already rotated (outside a short grace
-- period) revokes the whole family: someone else holds a copy.
CREATE TABLE refresh_tokens (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    family_id TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    rotated_at TIMESTAMP,
    revoked_at TIMESTAMP
);
CREATE INDEX refresh_tokens_by_family ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_by_user ON refresh_tokens (user_id);

-- Single-use tokens sent by email (verify the address, reset the password), stored hashed.
CREATE TABLE account_tokens (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose TEXT NOT NULL CHECK (purpose IN ('verify_email', 'reset_password')),
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP
);
CREATE INDEX account_tokens_by_user ON account_tokens (user_id, purpose);

-- Throttling counters, shared by every instance: hits per bucket (an action and who does it)
-- per fixed window. Old windows are deleted as new ones open.
CREATE TABLE rate_limit_windows (
    bucket TEXT NOT NULL,
    window_start TIMESTAMP NOT NULL,
    hits INTEGER NOT NULL,
    PRIMARY KEY (bucket, window_start)
);
CREATE INDEX rate_limit_windows_by_start ON rate_limit_windows (window_start);
