-- Idempotency keys of creating mutations. A client whose request was cut off (a timeout, a
-- dropped connection, a restarted server) cannot tell whether the object was created; it sends
-- the same request with the same key again and gets the object the first one created, rather
-- than a second one. A key belongs to one account and one operation. It is stored in the
-- transaction that creates the object, so either both are stored or neither; the primary key
-- decides between concurrent requests with the same key. `input_fingerprint` is the SHA-256 of
-- the rest of the input: the same key with another input is refused. Keys are kept 24 hours.
CREATE TABLE idempotency_keys (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    operation TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    object_id TEXT NOT NULL,
    input_fingerprint TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, operation, idempotency_key)
);
CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);
