-- Cohorts of a course, enrollments in them, trainees' progress and the certificates it earns.
--
-- Seats: a cohort has `capacity` seats, `priority_seats` of which are kept for participants
-- whose country was low- or lower-middle-income when they enrolled. An ACTIVE or COMPLETED
-- enrollment holds one seat, `seat` says which kind; every change of seats happens in one
-- transaction per cohort, with the cohort's row locked (`FOR UPDATE` on PostgreSQL; SQLite's
-- writers take turns anyway). `priority_released_at` records when the priority seats still
-- free after the enrollment window closed were given to the waitlist.
CREATE TABLE cohorts (
    id TEXT PRIMARY KEY NOT NULL,
    course_id TEXT NOT NULL REFERENCES courses (id),
    name TEXT NOT NULL,
    starts_at TIMESTAMP NOT NULL,
    ends_at TIMESTAMP NOT NULL,
    enrollment_opens_at TIMESTAMP NOT NULL,
    enrollment_closes_at TIMESTAMP NOT NULL,
    capacity INTEGER NOT NULL CHECK (capacity >= 1),
    priority_seats INTEGER NOT NULL CHECK (priority_seats >= 0 AND priority_seats <= capacity),
    requires_approval BOOLEAN NOT NULL,
    priority_released_at TIMESTAMP,
    created_by TEXT REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK (ends_at > starts_at),
    CHECK (enrollment_closes_at > enrollment_opens_at)
);
CREATE INDEX cohorts_by_course ON cohorts (course_id, starts_at, id);

-- One enrollment per person and cohort. The country, its income group and UN region are those
-- of the participant when they enrolled: they decide priority eligibility and feed the reports,
-- and stay as they were if the profile changes later. `waitlist_number` orders the waitlist
-- (taken from a per-cohort sequence when the person joins it).
CREATE TABLE enrollments (
    id TEXT PRIMARY KEY NOT NULL,
    cohort_id TEXT NOT NULL REFERENCES cohorts (id),
    user_id TEXT NOT NULL REFERENCES users (id),
    status TEXT NOT NULL CHECK (status IN ('PENDING_APPROVAL', 'ACTIVE', 'WAITLISTED', 'COMPLETED', 'WITHDRAWN', 'REJECTED')),
    seat TEXT CHECK (seat IN ('PRIORITY', 'GENERAL')),
    priority_eligible BOOLEAN NOT NULL,
    country_code TEXT,
    income_group TEXT,
    region TEXT,
    motivation TEXT,
    waitlist_number INTEGER,
    decided_by TEXT REFERENCES users (id),
    decided_at TIMESTAMP,
    seated_at TIMESTAMP,
    completed_at TIMESTAMP,
    withdrawn_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (cohort_id, user_id),
    CHECK ((seat IS NOT NULL) = (status IN ('ACTIVE', 'COMPLETED')))
);
CREATE INDEX enrollments_waitlist ON enrollments (cohort_id, status, waitlist_number);
CREATE INDEX enrollments_by_user ON enrollments (user_id, created_at);

CREATE TABLE lesson_completions (
    enrollment_id TEXT NOT NULL REFERENCES enrollments (id) ON DELETE CASCADE,
    lesson_id TEXT NOT NULL REFERENCES lessons (id),
    completed_at TIMESTAMP NOT NULL,
    PRIMARY KEY (enrollment_id, lesson_id)
);

-- `answers` is JSON: question id -> chosen choice ids. The unique attempt number keeps two
-- simultaneous submissions from using one attempt twice.
CREATE TABLE quiz_attempts (
    id TEXT PRIMARY KEY NOT NULL,
    enrollment_id TEXT NOT NULL REFERENCES enrollments (id) ON DELETE CASCADE,
    quiz_id TEXT NOT NULL REFERENCES quizzes (id),
    attempt INTEGER NOT NULL,
    quiz_version INTEGER NOT NULL,
    answers TEXT NOT NULL,
    score INTEGER NOT NULL,
    max_score INTEGER NOT NULL,
    passed BOOLEAN NOT NULL,
    submitted_at TIMESTAMP NOT NULL,
    UNIQUE (enrollment_id, quiz_id, attempt)
);

-- `credential` is the signed VC-JWT (it names the holder): cleared when the holder deletes their
-- account, while the code keeps answering with the course and date.
CREATE TABLE certificates (
    id TEXT PRIMARY KEY NOT NULL,
    code TEXT NOT NULL UNIQUE,
    enrollment_id TEXT NOT NULL UNIQUE REFERENCES enrollments (id),
    user_id TEXT NOT NULL REFERENCES users (id),
    course_id TEXT NOT NULL REFERENCES courses (id),
    locale TEXT NOT NULL,
    credential TEXT,
    issued_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP,
    revocation_reason TEXT,
    revoked_by TEXT REFERENCES users (id)
);
CREATE INDEX certificates_by_user ON certificates (user_id);

-- The public part of every key that has signed certificates (a JWK), so that
-- `/.well-known/jwks.json` still verifies older certificates after the signing key changes.
CREATE TABLE certificate_keys (
    kid TEXT PRIMARY KEY NOT NULL,
    public_jwk TEXT NOT NULL,
    first_used_at TIMESTAMP NOT NULL
);
