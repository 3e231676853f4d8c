-- Courses, imported from the course-content folder (`agora import-courses`, and at start-up).
-- The files are the source of truth; these tables are what the API reads. `fingerprint` is a
-- hash of the course as last imported, so an unchanged course is skipped without writing.
-- Modules, lessons and quizzes are matched by their key (from the file names) on every import,
-- so their IDs, which trainees' progress will refer to, survive edits and reordering; one that
-- leaves the content is retired (`retired_at`), never deleted.
CREATE TABLE courses (
    id TEXT PRIMARY KEY NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    original_locale TEXT NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('INTRODUCTORY', 'INTERMEDIATE', 'ADVANCED')),
    estimated_hours INTEGER NOT NULL,
    pass_mark INTEGER NOT NULL CHECK (pass_mark BETWEEN 1 AND 100),
    version INTEGER NOT NULL,
    -- JSON arrays of locales, worked out at import: those the whole course can be read in, and
    -- those with a translation behind its original.
    available_locales TEXT NOT NULL,
    outdated_locales TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    imported_at TIMESTAMP NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- `translates_version` is the version of the original a translation follows; NULL for the
-- original itself.
CREATE TABLE course_translations (
    course_id TEXT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    locale TEXT NOT NULL,
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    translates_version INTEGER,
    PRIMARY KEY (course_id, locale)
);

CREATE TABLE course_modules (
    id TEXT PRIMARY KEY NOT NULL,
    course_id TEXT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    position INTEGER NOT NULL,
    version INTEGER NOT NULL,
    retired_at TIMESTAMP,
    UNIQUE (course_id, key)
);

CREATE TABLE course_module_translations (
    module_id TEXT NOT NULL REFERENCES course_modules (id) ON DELETE CASCADE,
    locale TEXT NOT NULL,
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    translates_version INTEGER,
    PRIMARY KEY (module_id, locale)
);

-- A lesson's key is unique in its course, not only in its module: a lesson moved to another
-- module keeps its ID.
CREATE TABLE lessons (
    id TEXT PRIMARY KEY NOT NULL,
    course_id TEXT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    module_id TEXT NOT NULL REFERENCES course_modules (id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    position INTEGER NOT NULL,
    estimated_minutes INTEGER NOT NULL,
    version INTEGER NOT NULL,
    retired_at TIMESTAMP,
    UNIQUE (course_id, key)
);
CREATE INDEX lessons_by_module ON lessons (module_id, position);

-- `html` is the Markdown rendered and sanitized at import, safe to send to a browser.
CREATE TABLE lesson_translations (
    lesson_id TEXT NOT NULL REFERENCES lessons (id) ON DELETE CASCADE,
    locale TEXT NOT NULL,
    title TEXT NOT NULL,
    markdown TEXT NOT NULL,
    html TEXT NOT NULL,
    translates_version INTEGER,
    PRIMARY KEY (lesson_id, locale)
);

-- `questions` is the graded structure as JSON, the same in every locale: each question's id and
-- kind, and its choices' ids with whether each is correct. It never leaves the server as is.
CREATE TABLE quizzes (
    id TEXT PRIMARY KEY NOT NULL,
    course_id TEXT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    module_id TEXT NOT NULL REFERENCES course_modules (id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    version INTEGER NOT NULL,
    max_attempts INTEGER NOT NULL,
    questions TEXT NOT NULL,
    retired_at TIMESTAMP,
    UNIQUE (course_id, key)
);
CREATE INDEX quizzes_by_module ON quizzes (module_id);

-- `text` is JSON: by question id, its prompt, explanation and choice texts by choice id. A
-- translation may leave some out; readers get those in the original.
CREATE TABLE quiz_translations (
    quiz_id TEXT NOT NULL REFERENCES quizzes (id) ON DELETE CASCADE,
    locale TEXT NOT NULL,
    text TEXT NOT NULL,
    translates_version INTEGER,
    PRIMARY KEY (quiz_id, locale)
);
