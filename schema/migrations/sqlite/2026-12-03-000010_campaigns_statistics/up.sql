-- Campaigns and participation statistics, both kept up to date by the transaction that
-- publishes, withdraws, hides, restores or edits a comment, so that reading them never scans
-- the comments.
--
-- A comment's text fingerprint is a hash of its normalized text (case, whitespace and
-- punctuation ignored). Comments of one round with the same fingerprint form a text group;
-- a group of two or more is a campaign. Confidential comments are never compared (grouping
-- them would reveal their text), and comments stored before this migration have no
-- fingerprint: both count as texts of their own.
ALTER TABLE comments ADD COLUMN text_fingerprint TEXT;
CREATE INDEX comments_by_text ON comments (round_id, text_fingerprint, status, id);

-- How many published comments of a round share one text.
CREATE TABLE comment_text_groups (
    round_id TEXT NOT NULL REFERENCES comment_rounds (id) ON DELETE CASCADE,
    fingerprint TEXT NOT NULL,
    consultation_id TEXT NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    size BIGINT NOT NULL,
    PRIMARY KEY (round_id, fingerprint)
);
CREATE INDEX comment_text_groups_largest ON comment_text_groups (consultation_id, size, fingerprint);
CREATE INDEX comment_text_groups_largest_in_round ON comment_text_groups (round_id, size, fingerprint);

-- Published comments of a round counted along one dimension (TOTAL, STAKEHOLDER_KIND,
-- INCOME_GROUP, REGION, LANGUAGE, STANCE, TEXTS), by value ('UNKNOWN' when the author gave no
-- country). A consultation's figures are the sum over its rounds.
CREATE TABLE participation_counts (
    round_id TEXT NOT NULL REFERENCES comment_rounds (id) ON DELETE CASCADE,
    dimension TEXT NOT NULL,
    value TEXT NOT NULL,
    consultation_id TEXT NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    count BIGINT NOT NULL,
    PRIMARY KEY (round_id, dimension, value)
);
CREATE INDEX participation_counts_by_consultation ON participation_counts (consultation_id, dimension, value);

INSERT INTO participation_counts (round_id, dimension, value, consultation_id, count)
SELECT round_id, 'TOTAL', '', consultation_id, COUNT(*) FROM comments WHERE status = 'PUBLISHED'
GROUP BY round_id, consultation_id;
INSERT INTO participation_counts (round_id, dimension, value, consultation_id, count)
SELECT round_id, 'TEXTS', 'UNIQUE', consultation_id, COUNT(*) FROM comments WHERE status = 'PUBLISHED'
GROUP BY round_id, consultation_id;
INSERT INTO participation_counts (round_id, dimension, value, consultation_id, count)
SELECT round_id, 'STAKEHOLDER_KIND', stakeholder_kind, consultation_id, COUNT(*) FROM comments
WHERE status = 'PUBLISHED' GROUP BY round_id, consultation_id, stakeholder_kind;
INSERT INTO participation_counts (round_id, dimension, value, consultation_id, count)
SELECT round_id, 'INCOME_GROUP', COALESCE(income_group, 'UNKNOWN'), consultation_id, COUNT(*) FROM comments
WHERE status = 'PUBLISHED' GROUP BY round_id, consultation_id, COALESCE(income_group, 'UNKNOWN');
INSERT INTO participation_counts (round_id, dimension, value, consultation_id, count)
SELECT round_id, 'REGION', COALESCE(region, 'UNKNOWN'), consultation_id, COUNT(*) FROM comments
WHERE status = 'PUBLISHED' GROUP BY round_id, consultation_id, COALESCE(region, 'UNKNOWN');
INSERT INTO participation_counts (round_id, dimension, value, consultation_id, count)
SELECT round_id, 'LANGUAGE', language, consultation_id, COUNT(*) FROM comments
WHERE status = 'PUBLISHED' GROUP BY round_id, consultation_id, language;
INSERT INTO participation_counts (round_id, dimension, value, consultation_id, count)
SELECT round_id, 'STANCE', stance, consultation_id, COUNT(*) FROM comments
WHERE status = 'PUBLISHED' GROUP BY round_id, consultation_id, stance;
