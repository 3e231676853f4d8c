-- Organizations that people comment on behalf of. Anyone verified may create one; it shows as
-- verified only after a platform admin checked it.
CREATE TABLE organizations (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('GOVERNMENT', 'INTERGOVERNMENTAL', 'CIVIL_SOCIETY', 'INDUSTRY', 'ACADEMIA', 'TECHNICAL_COMMUNITY')),
    country_code TEXT,
    website TEXT,
    created_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    verified_at TIMESTAMP,
    verified_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    withdrawal_reason TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX organizations_by_kind ON organizations (kind, created_at, id);
CREATE INDEX organizations_by_country ON organizations (country_code, created_at, id);
CREATE INDEX organizations_recent ON organizations (created_at, id);

-- Members. An invitation is a row with status INVITED, the invited address (normalized) and a
-- hashed token; accepting it binds the row to the account and makes it ACTIVE.
CREATE TABLE memberships (
    id TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    user_id TEXT REFERENCES users (id) ON DELETE CASCADE,
    invited_email TEXT,
    invitation_token_hash TEXT UNIQUE,
    invitation_expires_at TIMESTAMP,
    role TEXT NOT NULL CHECK (role IN ('MEMBER', 'ADMIN', 'OFFICIAL')),
    status TEXT NOT NULL CHECK (status IN ('INVITED', 'ACTIVE')),
    invited_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    accepted_at TIMESTAMP
);
CREATE UNIQUE INDEX memberships_once ON memberships (organization_id, user_id);
CREATE INDEX memberships_by_user ON memberships (user_id);
CREATE INDEX memberships_by_organization ON memberships (organization_id, created_at, id);
