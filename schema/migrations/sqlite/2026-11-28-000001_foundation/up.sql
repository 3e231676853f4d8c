-- Secrets that every instance must share (the generated JWT secret, the certificate key).
CREATE TABLE server_secrets (
    name TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

-- Every email, written in the transaction of the change that causes it and delivered later.
-- Claiming a message moves next_attempt_at forward (a lease), so an instance that dies
-- mid-delivery leaves the message to be retried once the lease runs out.
CREATE TABLE mail_outbox (
    id TEXT PRIMARY KEY NOT NULL,
    message_id TEXT NOT NULL UNIQUE,
    template TEXT NOT NULL,
    recipient_address TEXT NOT NULL,
    recipient_name TEXT,
    locale TEXT NOT NULL,
    subject TEXT NOT NULL,
    body_text TEXT NOT NULL,
    body_html TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    next_attempt_at TIMESTAMP NOT NULL,
    created_at TIMESTAMP NOT NULL,
    sent_at TIMESTAMP
);

CREATE INDEX mail_outbox_due ON mail_outbox (status, next_attempt_at);
