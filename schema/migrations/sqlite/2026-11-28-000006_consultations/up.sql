-- Consultations: a draft policy owned by a government or intergovernmental organization, its
-- translatable texts, and its ordered sections. Published sections are never edited in place:
-- an edit adds a version, so every comment keeps the text it answered.
CREATE TABLE consultations (
    id TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    slug TEXT NOT NULL UNIQUE,
    country_code TEXT,
    topics TEXT NOT NULL,
    original_locale TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('DRAFT', 'PUBLISHED', 'CLOSED', 'CONCLUDED')),
    created_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    published_at TIMESTAMP,
    closed_at TIMESTAMP
);
CREATE INDEX consultations_by_status ON consultations (status, created_at, id);
CREATE INDEX consultations_by_country ON consultations (country_code, created_at, id);
CREATE INDEX consultations_by_organization ON consultations (organization_id, created_at, id);
CREATE INDEX consultations_recent ON consultations (created_at, id);

CREATE TABLE consultation_translations (
    consultation_id TEXT NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    locale TEXT NOT NULL,
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (consultation_id, locale)
);

CREATE TABLE sections (
    id TEXT PRIMARY KEY NOT NULL,
    consultation_id TEXT NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    current_version INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (consultation_id, position)
);

CREATE TABLE section_versions (
    id TEXT PRIMARY KEY NOT NULL,
    section_id TEXT NOT NULL REFERENCES sections (id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    created_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (section_id, version)
);

CREATE TABLE section_version_translations (
    section_version_id TEXT NOT NULL REFERENCES section_versions (id) ON DELETE CASCADE,
    locale TEXT NOT NULL,
    heading TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (section_version_id, locale)
);

-- Comment rounds. Whether a round is open is derived from opens_at, closes_at and closed_at
-- (set when it is closed early), so no timer has to run for a round to open or close.
CREATE TABLE comment_rounds (
    id TEXT PRIMARY KEY NOT NULL,
    consultation_id TEXT NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    opens_at TIMESTAMP NOT NULL,
    closes_at TIMESTAMP NOT NULL,
    closed_at TIMESTAMP,
    extension_reason TEXT,
    audience TEXT NOT NULL CHECK (audience IN ('PUBLIC', 'STAKEHOLDERS', 'INVITED')),
    allowed_organization_kinds TEXT NOT NULL,
    created_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK (closes_at > opens_at)
);
CREATE INDEX comment_rounds_by_consultation ON comment_rounds (consultation_id, opens_at, id);

CREATE TABLE round_invitations (
    round_id TEXT NOT NULL REFERENCES comment_rounds (id) ON DELETE CASCADE,
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    PRIMARY KEY (round_id, organization_id)
);

-- Comments. The attributes that listings filter on (the author's country, its income group and
-- region, the organization's kind) are copied onto the row when it is written, so a filtered
-- page is one index range scan: every listing index ends in its sort key and the ID (UUIDv7,
-- so ID order is arrival order).
CREATE TABLE comments (
    id TEXT PRIMARY KEY NOT NULL,
    tracking_number TEXT NOT NULL UNIQUE,
    consultation_id TEXT NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    round_id TEXT NOT NULL REFERENCES comment_rounds (id) ON DELETE CASCADE,
    section_id TEXT REFERENCES sections (id) ON DELETE CASCADE,
    section_version_id TEXT REFERENCES section_versions (id),
    parent_id TEXT REFERENCES comments (id),
    depth INTEGER NOT NULL,
    author_id TEXT NOT NULL REFERENCES users (id),
    organization_id TEXT REFERENCES organizations (id) ON DELETE SET NULL,
    stakeholder_kind TEXT NOT NULL,
    author_country TEXT,
    income_group TEXT,
    region TEXT,
    language TEXT NOT NULL,
    stance TEXT NOT NULL CHECK (stance IN ('SUPPORT', 'OPPOSE', 'NEUTRAL')),
    confidential BOOLEAN NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('PUBLISHED', 'HIDDEN', 'WITHDRAWN')),
    body TEXT NOT NULL,
    version INTEGER NOT NULL,
    endorsement_count INTEGER NOT NULL,
    flag_count INTEGER NOT NULL,
    review_requested_at TIMESTAMP,
    moderation_reason TEXT,
    created_at TIMESTAMP NOT NULL,
    edited_at TIMESTAMP,
    withdrawn_at TIMESTAMP
);
CREATE INDEX comments_consultation_newest ON comments (consultation_id, status, id);
CREATE INDEX comments_consultation_endorsed ON comments (consultation_id, status, endorsement_count, id);
CREATE INDEX comments_round_newest ON comments (round_id, status, id);
CREATE INDEX comments_round_endorsed ON comments (round_id, status, endorsement_count, id);
CREATE INDEX comments_section_newest ON comments (section_id, status, id);
CREATE INDEX comments_section_endorsed ON comments (section_id, status, endorsement_count, id);
CREATE INDEX comments_by_stance ON comments (consultation_id, status, stance, id);
CREATE INDEX comments_by_kind ON comments (consultation_id, status, stakeholder_kind, id);
CREATE INDEX comments_by_country ON comments (consultation_id, status, author_country, id);
CREATE INDEX comments_by_income_group ON comments (consultation_id, status, income_group, id);
CREATE INDEX comments_by_language ON comments (consultation_id, status, language, id);
CREATE INDEX comments_by_author ON comments (author_id, id);
CREATE INDEX comments_replies ON comments (parent_id, id);
CREATE INDEX comments_review_queue ON comments (review_requested_at, id);

-- Earlier texts of edited comments (the current text is on the comment).
CREATE TABLE comment_versions (
    comment_id TEXT NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    body TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (comment_id, version)
);

CREATE TABLE comment_endorsements (
    comment_id TEXT NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (comment_id, user_id)
);
CREATE INDEX comment_endorsements_by_user ON comment_endorsements (user_id);

CREATE TABLE comment_flags (
    comment_id TEXT NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    reason TEXT NOT NULL CHECK (reason IN ('SPAM', 'OFFENSIVE', 'OFF_TOPIC', 'IMPERSONATION', 'OTHER')),
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (comment_id, user_id)
);
CREATE INDEX comment_flags_by_user ON comment_flags (user_id);

-- Official answers of the owning organization to comments.
CREATE TABLE comment_responses (
    id TEXT PRIMARY KEY NOT NULL,
    comment_id TEXT NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    author_id TEXT REFERENCES users (id) ON DELETE SET NULL,
    body TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX comment_responses_by_comment ON comment_responses (comment_id, created_at, id);
CREATE INDEX comment_responses_by_author ON comment_responses (author_id);

-- A scoped role now names the kind of object it is limited to, so the API can give its ID back.
ALTER TABLE role_grants ADD COLUMN scope_type TEXT;
