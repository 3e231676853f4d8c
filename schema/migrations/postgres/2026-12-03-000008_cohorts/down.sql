DROP TABLE certificate_keys;
DROP TABLE certificates;
DROP TABLE quiz_attempts;
DROP TABLE lesson_completions;
DROP TABLE enrollments;
DROP TABLE cohorts;
