-- The generation of an account's credentials: a password change moves it on, and an access token
-- is valid only for the generation it was issued under. This replaces comparing the token's issue
-- time with tokens_valid_after in whole seconds, which let a token issued in the same second as a
-- password reset through, and which no clock can decide exactly across instances.
ALTER TABLE users ADD COLUMN token_generation INTEGER NOT NULL DEFAULT 0;

-- Tokens issued before this migration carry no generation and count as generation 0: those of
-- accounts whose tokens were ever revoked are refused (at worst, one refresh).
UPDATE users SET token_generation = 1 WHERE tokens_valid_after IS NOT NULL;
