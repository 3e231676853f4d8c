-- Following a consultation: its followers are emailed when a round opens, 48 hours before an
-- open round closes, when a round is extended and when the outcome is published.
CREATE TABLE consultation_follows (
    consultation_id TEXT NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    followed_at TIMESTAMP NOT NULL,
    PRIMARY KEY (consultation_id, user_id)
);
CREATE INDEX consultation_follows_by_user ON consultation_follows (user_id);

-- What the notification job has already announced about a round, so that each notice goes out
-- once however many instances run the job: it claims a round by setting the marker with a
-- conditional UPDATE in the transaction that queues the emails. `reminder_sent_for` is the
-- closing time the 48-hour reminder announced; an extension moves `closes_at` past it, and the
-- new closing time gets its own reminder.
ALTER TABLE comment_rounds ADD COLUMN opened_notice_at TIMESTAMP;
ALTER TABLE comment_rounds ADD COLUMN reminder_sent_for TIMESTAMP;
-- Rounds that opened before following existed had no followers to tell.
UPDATE comment_rounds SET opened_notice_at = created_at WHERE opens_at <= CURRENT_TIMESTAMP;
CREATE INDEX comment_rounds_awaiting_opened_notice ON comment_rounds (opens_at) WHERE opened_notice_at IS NULL;
CREATE INDEX comment_rounds_by_closing ON comment_rounds (closes_at) WHERE closed_at IS NULL;

-- The one-click unsubscribe link of a message (RFC 8058 `List-Unsubscribe`), if it has one.
ALTER TABLE mail_outbox ADD COLUMN list_unsubscribe TEXT;

-- A notice to a consultation's followers, written in the transaction of the change it reports
-- (or of the job's claim above) and then sent by the notification job a chunk of followers at
-- a time, so that no transaction grows with the follower list. A chunk is claimed by moving
-- `sent_through` (the last follower's user ID sent to, '' before the first chunk) with a
-- conditional UPDATE in the transaction that queues its emails: two instances never send the
-- same chunk. The round's title, closing time and extension reason are kept as they were.
CREATE TABLE follower_notices (
    id TEXT PRIMARY KEY NOT NULL,
    consultation_id TEXT NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    template TEXT NOT NULL,
    round_title TEXT,
    closes_at TIMESTAMP,
    extension_reason TEXT,
    created_at TIMESTAMP NOT NULL,
    sent_through TEXT NOT NULL,
    finished_at TIMESTAMP
);
CREATE INDEX follower_notices_pending ON follower_notices (created_at, id) WHERE finished_at IS NULL;
