-- A deleted account keeps its row, emptied of personal data, so contributions stay attributed
-- to a "deleted participant".
ALTER TABLE users ADD COLUMN deleted_at TIMESTAMP;
