//! A course as read from its files, checked and ready to import.
//!
//! Every translatable part (the course, each module, lesson and quiz) carries a `version` and a
//! `translations` map from locale to its text; the original text sits in that map under the
//! course's `original_locale`, with `translates_version: None`. A translation need not cover every
//! question and choice of a quiz: what it lacks is read in the original.
//!
//! [`Question`]s and [`QuestionText`]s are also what the importer stores as JSON, so a quiz is
//! read back from the database as the same values (and graded by the same code).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// A course: its folder name is its slug.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CourseContent {
    pub slug: String,
    /// The locale the course was written in: the key of the original text in every
    /// `translations` map of the course.
    pub original_locale: String,
    pub level: Level,
    pub estimated_hours: i32,
    /// The percentage of quiz points needed to pass (1 to 100).
    pub pass_mark: i32,
    pub version: i32,
    pub translations: BTreeMap<String, SummaryText>,
    /// In course order.
    pub modules: Vec<ModuleContent>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Introductory,
    Intermediate,
    Advanced,
}

/// The title and summary of a course or module, in one locale.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SummaryText {
    pub title: String,
    pub summary: String,
    /// The version of the original this translates; `None` for the original itself.
    pub translates_version: Option<i32>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModuleContent {
    /// The folder name without its number (`01-why-consult` → `why-consult`), unique in the course.
    pub key: String,
    /// 1 for the first module, in the order of the folders' numbers.
    pub position: i32,
    pub version: i32,
    pub translations: BTreeMap<String, SummaryText>,
    /// In module order.
    pub lessons: Vec<LessonContent>,
    pub quiz: Option<QuizContent>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LessonContent {
    /// The file name without number, locale and extension (`02-who-takes-part.fr.md` →
    /// `who-takes-part`), unique in the course.
    pub key: String,
    /// 1 for the first lesson of its module.
    pub position: i32,
    pub estimated_minutes: i32,
    pub version: i32,
    pub translations: BTreeMap<String, LessonText>,
}

/// A lesson in one locale.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LessonText {
    pub title: String,
    /// The Markdown as written, without front matter.
    pub markdown: String,
    /// The Markdown rendered to HTML and sanitized: safe to send to a browser as it is.
    pub html: String,
    pub translates_version: Option<i32>,
}

/// A module's quiz: the graded structure, and its text by locale.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuizContent {
    /// `<module key>/quiz`, unique in the course.
    pub key: String,
    pub version: i32,
    pub max_attempts: i32,
    pub translations: BTreeMap<String, QuizText>,
    /// In quiz order.
    pub questions: Vec<Question>,
}

/// The text of a quiz in one locale, by question id.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuizText {
    pub translates_version: Option<i32>,
    pub questions: BTreeMap<String, QuestionText>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionText {
    pub prompt: String,
    /// Shown after an attempt, so that a wrong answer still teaches something.
    pub explanation: String,
    /// Choice id → the choice's text.
    pub choices: BTreeMap<String, String>,
}

/// A question as graded: the same in every locale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Question {
    pub id: String,
    pub kind: QuestionKind,
    /// In the order written; a single-choice question has exactly one correct choice, a
    /// multiple-choice question at least one.
    pub choices: Vec<Choice>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuestionKind {
    Single,
    Multiple,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Choice {
    pub id: String,
    pub correct: bool,
}
