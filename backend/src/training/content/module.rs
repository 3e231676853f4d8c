//! Module folders: `module.toml` (title, summary, version), numbered lesson files and an
//! optional `quiz.toml`, each beside its translations.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::fields::{Positive, Text};
use super::lesson::read_lesson;
use super::model::{LessonContent, ModuleContent, SummaryText};
use super::names::{Variants, numbered, pieces};
use super::problem::Problem;
use super::quiz::read_quiz;
use super::source::{Reader, TomlSource};
use super::summary;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OriginalFile {
    title: Text,
    summary: Text,
    version: Positive,
}

/// Where a module sits in its course, and what the course knows that its modules need.
pub(super) struct ModulePlace<'a> {
    pub folder: &'a Path,
    pub key: &'a str,
    pub position: i32,
    pub original_locale: Option<&'a str>,
}

/// Reads a module folder, or reports why it cannot be read. `lesson_keys` holds the lesson keys
/// seen so far in the course (key → file), as lesson keys are unique in a course.
pub(super) fn read_module(
    reader: &mut Reader<'_>,
    place: &ModulePlace<'_>,
    lesson_keys: &mut BTreeMap<String, PathBuf>,
) -> Option<ModuleContent> {
    let folder = place.folder;
    let listing = reader.listing(folder)?;
    for name in &listing.folders {
        reader.report(Problem::new(folder.join(name), None, "a module folder holds files only"));
    }
    let mut metadata = None;
    let mut quiz = None;
    let mut lessons = Vec::new();
    for ((stem, extension), variants) in pieces(folder, &listing.files, reader) {
        match (stem.as_str(), extension.as_str()) {
            ("module", "toml") => metadata = Some(variants),
            ("quiz", "toml") => quiz = Some(variants),
            (lesson, "md") if let Some((number, key)) = numbered(lesson) => {
                lessons.push((number, key.to_owned(), variants));
            }
            _ => {
                for file in variants.paths() {
                    let message = "not part of a module: expected `module.toml`, `quiz.toml` or a lesson \
                                   like `01-first-steps.md`, or their translations";
                    reader.report(Problem::new(file, None, message));
                }
            }
        }
    }

    let metadata = read_metadata(reader, place, metadata);
    let lessons = read_lessons(reader, place, lessons, lesson_keys);
    let quiz_files = quiz.as_ref().and_then(|variants| variants.files(place.original_locale, reader));
    let quiz = quiz_files.map(|files| read_quiz(reader, place.key, &files));
    let (version, translations) = metadata?;
    let lessons = lessons?;
    let quiz = match quiz {
        Some(read) => Some(read?),
        None => None,
    };
    Some(ModuleContent { key: place.key.to_owned(), position: place.position, version, translations, lessons, quiz })
}

/// The module's version and its title and summary by locale, from `module.toml` and its
/// translations.
fn read_metadata(
    reader: &mut Reader<'_>,
    place: &ModulePlace<'_>,
    variants: Option<Variants>,
) -> Option<(i32, BTreeMap<String, SummaryText>)> {
    let files = variants.as_ref().and_then(|variants| variants.files(place.original_locale, reader));
    let Some(files) = files else {
        let message = "missing: every module needs a `module.toml` with its title, summary and version";
        reader.report(Problem::new(place.folder.join("module.toml"), None, message));
        return None;
    };
    let original = reader
        .text(files.original)
        .and_then(|text| reader.toml::<OriginalFile>(&TomlSource::whole_file(files.original, &text)));
    let mut translations = summary::read_translations(reader, &files, original.as_ref().map(|module| module.version.0));
    let original = original?;
    translations.insert(files.original_locale?.to_owned(), summary::original(original.title, original.summary));
    Some((original.version.0, translations))
}

/// The lessons `(number, key, files)` in order, reporting numbers used twice and keys used
/// elsewhere in the course.
fn read_lessons(
    reader: &mut Reader<'_>,
    place: &ModulePlace<'_>,
    mut lessons: Vec<(u32, String, Variants)>,
    lesson_keys: &mut BTreeMap<String, PathBuf>,
) -> Option<Vec<LessonContent>> {
    if lessons.is_empty() {
        reader.report(Problem::new(place.folder, None, "a module needs at least one lesson"));
        return None;
    }
    lessons.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    let mut read = Vec::new();
    let mut previous_number = None;
    for (position, (number, key, variants)) in (1..).zip(&lessons) {
        let Some(files) = variants.files(place.original_locale, reader) else { continue };
        if previous_number.replace(*number) == Some(*number) {
            let message =
                format!("another lesson has the number {number}; numbers give the order, so each must differ");
            reader.report(Problem::new(files.original, None, message));
        }
        if let Some(other) = lesson_keys.insert(key.clone(), files.original.to_path_buf()) {
            let message =
                format!("`{}` has the same key `{key}`; lesson keys must be unique in a course", other.display());
            reader.report(Problem::new(files.original, None, message));
        }
        read.push(read_lesson(reader, key, position, &files));
    }
    read.into_iter().collect()
}
