-- The outcome of a consultation ("you said, we did"): a summary and, per section, what changed
-- and which comments led to it. Published once no round is open; the consultation is then
-- CONCLUDED and takes no more rounds or comments.
CREATE TABLE consultation_outcomes (
    consultation_id TEXT PRIMARY KEY NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    summary TEXT NOT NULL,
    published_by TEXT REFERENCES users (id),
    published_at TIMESTAMP NOT NULL
);

CREATE TABLE section_outcomes (
    consultation_id TEXT NOT NULL REFERENCES consultation_outcomes (consultation_id) ON DELETE CASCADE,
    section_id TEXT NOT NULL REFERENCES sections (id),
    position INTEGER NOT NULL,
    changes TEXT NOT NULL,
    PRIMARY KEY (consultation_id, section_id)
);

CREATE TABLE section_outcome_comments (
    consultation_id TEXT NOT NULL,
    section_id TEXT NOT NULL,
    comment_id TEXT NOT NULL REFERENCES comments (id),
    position INTEGER NOT NULL,
    PRIMARY KEY (consultation_id, section_id, comment_id),
    FOREIGN KEY (consultation_id, section_id) REFERENCES section_outcomes (consultation_id, section_id) ON DELETE CASCADE
);
