DROP TABLE quiz_translations;
DROP TABLE quizzes;
DROP TABLE lesson_translations;
DROP TABLE lessons;
DROP TABLE course_module_translations;
DROP TABLE course_modules;
DROP TABLE course_translations;
DROP TABLE courses;
