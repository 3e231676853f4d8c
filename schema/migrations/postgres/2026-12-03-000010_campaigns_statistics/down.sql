DROP TABLE participation_counts;
DROP TABLE comment_text_groups;
DROP INDEX comments_by_text;
ALTER TABLE comments DROP COLUMN text_fingerprint;
