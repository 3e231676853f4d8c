DROP TABLE audit_log;
DROP TABLE role_grants;
DROP TABLE users;
