DROP TABLE follower_notices;
ALTER TABLE mail_outbox DROP COLUMN list_unsubscribe;
DROP INDEX comment_rounds_by_closing;
DROP INDEX comment_rounds_awaiting_opened_notice;
ALTER TABLE comment_rounds DROP COLUMN reminder_sent_for;
ALTER TABLE comment_rounds DROP COLUMN opened_notice_at;
DROP TABLE consultation_follows;
