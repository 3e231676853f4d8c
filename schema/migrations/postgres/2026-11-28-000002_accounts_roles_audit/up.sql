-- People with an account. The identity work adds registration, verification and sessions;
-- the foundation needs accounts for `agora create-admin`, `me` and the audit log.
CREATE TABLE users (
    id TEXT PRIMARY KEY NOT NULL,
    email TEXT NOT NULL,
    email_normalized TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    locale TEXT NOT NULL,
    country_code TEXT,
    email_verified_at TIMESTAMP,
    suspended_at TIMESTAMP,
    suspension_reason TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- Platform roles: platform-wide (scope_id NULL) or scoped to one consultation or course.
CREATE TABLE role_grants (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('ADMIN', 'MODERATOR', 'INSTRUCTOR')),
    scope_id TEXT,
    granted_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX role_grants_once ON role_grants (user_id, role, COALESCE(scope_id, ''));

-- Privileged actions, newest first. The actor is kept as text (no foreign key) so the record
-- outlives the account; `details` is JSON.
CREATE TABLE audit_log (
    id TEXT PRIMARY KEY NOT NULL,
    actor_id TEXT,
    action TEXT NOT NULL,
    target_type TEXT,
    target_id TEXT,
    details TEXT NOT NULL,
    request_id TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX audit_log_recent ON audit_log (created_at, id);
CREATE INDEX audit_log_by_actor ON audit_log (actor_id, created_at, id);
CREATE INDEX audit_log_by_action ON audit_log (action, created_at, id);
CREATE INDEX audit_log_by_target ON audit_log (target_id, created_at, id);
