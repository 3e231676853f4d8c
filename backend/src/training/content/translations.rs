//! Which locales a course can be read in, and which translations have fallen behind.
//!
//! Each translation records the `version` of the original it translates. When an author raises
//! the original's version, its translations become outdated: they are still served (a slightly
//! old translation beats none) and the importer reports them so translators catch up.

use std::collections::{BTreeMap, BTreeSet};

use toml::Spanned;

use super::fields::Positive;
use super::model::{CourseContent, LessonContent, LessonText, ModuleContent, QuizContent, QuizText, SummaryText};
use super::source::{Reader, TomlSource};

/// The text of a part in one locale.
trait Translation {
    /// The version of the original this translates; `None` for the original.
    fn translates_version(&self) -> Option<i32>;
}

impl Translation for SummaryText {
    fn translates_version(&self) -> Option<i32> {
        self.translates_version
    }
}

impl Translation for LessonText {
    fn translates_version(&self) -> Option<i32> {
        self.translates_version
    }
}

impl Translation for QuizText {
    fn translates_version(&self) -> Option<i32> {
        self.translates_version
    }
}

/// The locales among `translations` that translate a version older than `version`.
fn outdated<T: Translation>(version: i32, translations: &BTreeMap<String, T>) -> BTreeSet<&str> {
    translations
        .iter()
        .filter(|(_, text)| text.translates_version().is_some_and(|translated| translated < version))
        .map(|(locale, _)| locale.as_str())
        .collect()
}

impl CourseContent {
    /// The locales in which any part of the course is outdated: its own title and summary, or
    /// those of a module, or a lesson, or a quiz.
    pub fn outdated_locales(&self) -> BTreeSet<&str> {
        let mut locales = outdated(self.version, &self.translations);
        for module in &self.modules {
            locales.extend(module.outdated_locales());
            for lesson in &module.lessons {
                locales.extend(lesson.outdated_locales());
            }
            if let Some(quiz) = &module.quiz {
                locales.extend(quiz.outdated_locales());
            }
        }
        locales
    }

    /// The locales in which the whole course can be read: the original locale, and those into
    /// which the course and every module, lesson and quiz question and choice are translated.
    pub fn locales(&self) -> BTreeSet<&str> {
        self.translations
            .keys()
            .map(String::as_str)
            .filter(|locale| {
                self.modules.iter().all(|module| {
                    module.translations.contains_key(*locale)
                        && module.lessons.iter().all(|lesson| lesson.translations.contains_key(*locale))
                        && module.quiz.as_ref().is_none_or(|quiz| quiz.is_translated_into(locale))
                })
            })
            .collect()
    }
}

impl ModuleContent {
    /// The locales whose translation of the module's title and summary is outdated (its lessons
    /// and quiz have their own versions).
    pub fn outdated_locales(&self) -> BTreeSet<&str> {
        outdated(self.version, &self.translations)
    }
}

impl LessonContent {
    /// The locales whose translation of the lesson is outdated.
    pub fn outdated_locales(&self) -> BTreeSet<&str> {
        outdated(self.version, &self.translations)
    }
}

impl QuizContent {
    /// The locales whose translation of the quiz is outdated.
    pub fn outdated_locales(&self) -> BTreeSet<&str> {
        outdated(self.version, &self.translations)
    }

    /// Whether every question and choice has its text in `locale`.
    fn is_translated_into(&self, locale: &str) -> bool {
        let Some(text) = self.translations.get(locale) else { return false };
        self.questions.iter().all(|question| {
            text.questions.get(&question.id).is_some_and(|question_text| {
                question.choices.iter().all(|choice| question_text.choices.contains_key(&choice.id))
            })
        })
    }
}

/// A translation's `translates_version`, reporting one newer than the original's version (known
/// unless the original itself could not be read).
pub(super) fn check_translates_version(
    reader: &mut Reader<'_>,
    source: &TomlSource<'_>,
    translates_version: &Spanned<Positive>,
    original_version: Option<i32>,
) -> i32 {
    let translated = translates_version.get_ref().0;
    if let Some(original) = original_version.filter(|original| translated > *original) {
        let message = format!("translates version {translated}, but the original is only at version {original}");
        reader.report(source.problem_at(translates_version.span(), message));
    }
    translated
}
