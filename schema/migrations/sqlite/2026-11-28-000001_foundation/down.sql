DROP TABLE mail_outbox;
DROP TABLE server_secrets;
