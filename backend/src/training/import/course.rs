//! Writing one new or changed course: its row and translations, then its modules, lessons and
//! quizzes matched by key ([`Plan`]), each kind in a few statements whatever its size. The
//! caller holds the transaction, so a course is written whole or not at all.

use chrono::NaiveDateTime;
use diesel::QueryResult;
use serde::Serialize;

use super::plan::{KeyIds, Plan};
use super::store;
use crate::db::DbConnection;
use crate::training::content::{CourseContent, ModuleContent};
use crate::training::model::{
    Course, CourseForm, CourseId, CourseLevel, CourseModule, CourseTranslation, Lesson, LessonTranslationForm,
    ModuleTranslation, Quiz, QuizTranslation,
};

/// The keys of what an import retired, by kind (recorded in the audit log).
#[derive(Debug, Default, Serialize)]
pub(super) struct Retired {
    pub modules: Vec<String>,
    pub lessons: Vec<String>,
    pub quizzes: Vec<String>,
}

impl Retired {
    pub(super) fn is_empty(&self) -> bool {
        self.modules.is_empty() && self.lessons.is_empty() && self.quizzes.is_empty()
    }
}

/// JSON text for a column; our own values always serialize, but a failure is still an error.
fn to_json<T: Serialize + ?Sized>(value: &T) -> QueryResult<String> {
    serde_json::to_string(value).map_err(|error| diesel::result::Error::SerializationError(Box::new(error)))
}

/// Writes `content` over `stored` (none for a new course); returns the course's ID and what
/// was retired.
pub(super) fn write_course(
    connection: &mut DbConnection,
    content: &CourseContent,
    fingerprint: &str,
    stored: Option<&Course>,
    now: NaiveDateTime,
) -> QueryResult<(CourseId, Retired)> {
    let id = stored.map_or_else(CourseId::generate, |course| course.id.clone());
    let available_locales = to_json(&content.locales())?;
    let outdated_locales = to_json(&content.outdated_locales())?;
    let form = CourseForm {
        slug: &content.slug,
        original_locale: &content.original_locale,
        level: CourseLevel::from(content.level).as_str(),
        estimated_hours: content.estimated_hours,
        pass_mark: content.pass_mark,
        version: content.version,
        available_locales: &available_locales,
        outdated_locales: &outdated_locales,
        fingerprint,
        imported_at: now,
        updated_at: now,
    };
    match stored {
        Some(_) => store::update_course(connection, &id, &form)?,
        None => store::insert_course(connection, &id, &form, now)?,
    }
    let translations: Vec<CourseTranslation> = content
        .translations
        .iter()
        .map(|(locale, text)| CourseTranslation {
            course_id: id.clone(),
            locale: locale.clone(),
            title: text.title.clone(),
            summary: text.summary.clone(),
            translates_version: text.translates_version,
        })
        .collect();
    store::replace_course_translations(connection, &id, &translations)?;

    let modules = write_modules(connection, &id, content, now)?;
    let lessons = write_lessons(connection, &id, content, &modules, now)?;
    let quizzes = write_quizzes(connection, &id, content, &modules, now)?;
    Ok((id, Retired { modules: modules.retired_keys(), lessons, quizzes }))
}

/// The course's modules; returns their plan, whose `current` rows are in content order.
fn write_modules(
    connection: &mut DbConnection,
    course: &CourseId,
    content: &CourseContent,
    now: NaiveDateTime,
) -> QueryResult<Plan<CourseModule>> {
    let stored = store::all_modules_of(connection, course)?;
    let ids = KeyIds::of(&stored);
    let current = content
        .modules
        .iter()
        .map(|module| CourseModule {
            id: ids.id_for::<CourseModule>(&module.key),
            course_id: course.clone(),
            key: module.key.clone(),
            position: module.position,
            version: module.version,
            retired_at: None,
        })
        .collect();
    let plan = Plan::new(stored, current);
    store::insert_modules(connection, &plan.inserted)?;
    for row in &plan.updated {
        store::update_module(connection, row)?;
    }
    store::retire_modules(connection, &plan.retired_ids(), now)?;
    let translations: Vec<ModuleTranslation> = plan
        .current
        .iter()
        .zip(&content.modules)
        .flat_map(|(row, module)| {
            module.translations.iter().map(|(locale, text)| ModuleTranslation {
                module_id: row.id.clone(),
                locale: locale.clone(),
                title: text.title.clone(),
                summary: text.summary.clone(),
                translates_version: text.translates_version,
            })
        })
        .collect();
    store::replace_module_translations(connection, &plan.current_ids(), &translations)?;
    Ok(plan)
}

/// The modules of the content beside their rows.
fn with_rows<'a>(
    content: &'a CourseContent,
    modules: &'a Plan<CourseModule>,
) -> impl Iterator<Item = (&'a ModuleContent, &'a CourseModule)> {
    content.modules.iter().zip(&modules.current)
}

/// The course's lessons; returns the keys of those retired.
fn write_lessons(
    connection: &mut DbConnection,
    course: &CourseId,
    content: &CourseContent,
    modules: &Plan<CourseModule>,
    now: NaiveDateTime,
) -> QueryResult<Vec<String>> {
    let stored = store::all_lessons_of(connection, course)?;
    let ids = KeyIds::of(&stored);
    let current = with_rows(content, modules)
        .flat_map(|(module, row)| module.lessons.iter().map(move |lesson| (row, lesson)))
        .map(|(module, lesson)| Lesson {
            id: ids.id_for::<Lesson>(&lesson.key),
            course_id: course.clone(),
            module_id: module.id.clone(),
            key: lesson.key.clone(),
            position: lesson.position,
            estimated_minutes: lesson.estimated_minutes,
            version: lesson.version,
            retired_at: None,
        })
        .collect();
    let plan = Plan::new(stored, current);
    store::insert_lessons(connection, &plan.inserted)?;
    for row in &plan.updated {
        store::update_lesson(connection, row)?;
    }
    store::retire_lessons(connection, &plan.retired_ids(), now)?;
    let texts = content.modules.iter().flat_map(|module| &module.lessons);
    let translations: Vec<LessonTranslationForm<'_>> = plan
        .current
        .iter()
        .zip(texts)
        .flat_map(|(row, lesson)| {
            lesson.translations.iter().map(|(locale, text)| LessonTranslationForm {
                lesson_id: &row.id,
                locale,
                title: &text.title,
                markdown: &text.markdown,
                html: &text.html,
                translates_version: text.translates_version,
            })
        })
        .collect();
    store::replace_lesson_translations(connection, &plan.current_ids(), &translations)?;
    Ok(plan.retired_keys())
}

/// The modules' quizzes; returns the keys of those retired.
fn write_quizzes(
    connection: &mut DbConnection,
    course: &CourseId,
    content: &CourseContent,
    modules: &Plan<CourseModule>,
    now: NaiveDateTime,
) -> QueryResult<Vec<String>> {
    let stored = store::all_quizzes_of(connection, course)?;
    let ids = KeyIds::of(&stored);
    let mut current = Vec::new();
    let mut texts = Vec::new();
    for (module, row) in with_rows(content, modules) {
        let Some(quiz) = &module.quiz else { continue };
        current.push(Quiz {
            id: ids.id_for::<Quiz>(&quiz.key),
            course_id: course.clone(),
            module_id: row.id.clone(),
            key: quiz.key.clone(),
            version: quiz.version,
            max_attempts: quiz.max_attempts,
            questions: to_json(&quiz.questions)?,
            retired_at: None,
        });
        texts.push(quiz);
    }
    let plan = Plan::new(stored, current);
    store::insert_quizzes(connection, &plan.inserted)?;
    for row in &plan.updated {
        store::update_quiz(connection, row)?;
    }
    store::retire_quizzes(connection, &plan.retired_ids(), now)?;
    let mut translations = Vec::new();
    for (row, quiz) in plan.current.iter().zip(texts) {
        for (locale, text) in &quiz.translations {
            translations.push(QuizTranslation {
                quiz_id: row.id.clone(),
                locale: locale.clone(),
                text: to_json(&text.questions)?,
                translates_version: text.translates_version,
            });
        }
    }
    store::replace_quiz_translations(connection, &plan.current_ids(), &translations)?;
    Ok(plan.retired_keys())
}
