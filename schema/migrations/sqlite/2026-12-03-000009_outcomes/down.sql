DROP TABLE section_outcome_comments;
DROP TABLE section_outcomes;
DROP TABLE consultation_outcomes;
