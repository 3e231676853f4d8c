//! Course folders: `course.toml` and its translations, and the numbered module folders.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::fields::{Percentage, Positive, Text};
use super::model::{CourseContent, Level, ModuleContent};
use super::module::{ModulePlace, read_module};
use super::names::{SHIPPED_LOCALES, Variants, is_identifier, numbered, pieces};
use super::problem::Problem;
use super::source::{Reader, TomlSource};
use super::summary;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OriginalFile {
    title: Text,
    summary: Text,
    level: Level,
    estimated_hours: Positive,
    original_locale: Spanned<String>,
    pass_mark: Percentage,
    version: Positive,
}

/// Reads the course in the folder `slug` of `root`: the course, or every problem found in it.
pub(super) fn read_course(root: &Path, slug: &str) -> Result<CourseContent, Vec<Problem>> {
    let mut reader = Reader::new(root);
    let folder = PathBuf::from(slug);
    if !is_identifier(slug) {
        let message = "a course folder's name is the course's slug: lowercase letters, digits and hyphens";
        reader.report(Problem::new(&folder, None, message));
    }
    let Some(listing) = reader.listing(&folder) else { return Err(reader.into_problems()) };
    let mut metadata = None;
    for ((stem, extension), variants) in pieces(&folder, &listing.files, &mut reader) {
        if (stem.as_str(), extension.as_str()) == ("course", "toml") {
            metadata = Some(variants);
        } else {
            for file in variants.paths() {
                let message = "not part of a course: expected `course.toml`, its translations, and module folders";
                reader.report(Problem::new(file, None, message));
            }
        }
    }

    let original = read_original(&mut reader, &folder, metadata.as_ref());
    let original_locale = original.as_ref().map(|course| course.original_locale.get_ref().as_str());
    let translations = metadata
        .as_ref()
        .and_then(|variants| variants.files(original_locale, &mut reader))
        .map(|files| summary::read_translations(&mut reader, &files, original.as_ref().map(|course| course.version.0)));
    let modules = read_modules(&mut reader, &folder, &listing.folders, original_locale);

    let problems = reader.into_problems();
    let (Some(original), Some(mut translations), Some(modules), true) =
        (original, translations, modules, problems.is_empty())
    else {
        return Err(problems);
    };
    let original_locale = original.original_locale.into_inner();
    translations.insert(original_locale.clone(), summary::original(original.title, original.summary));
    Ok(CourseContent {
        slug: slug.to_owned(),
        original_locale,
        level: original.level,
        estimated_hours: original.estimated_hours.0,
        pass_mark: original.pass_mark.0,
        version: original.version.0,
        translations,
        modules,
    })
}

/// `course.toml`, reporting a missing file and an original locale that Agora does not ship.
fn read_original(reader: &mut Reader<'_>, folder: &Path, metadata: Option<&Variants>) -> Option<OriginalFile> {
    let Some(file) = metadata.and_then(Variants::original) else {
        let message = "missing: every course needs a `course.toml` with its title, summary and settings";
        reader.report(Problem::new(folder.join("course.toml"), None, message));
        return None;
    };
    let text = reader.text(file)?;
    let source = TomlSource::whole_file(file, &text);
    let course: OriginalFile = reader.toml(&source)?;
    let locale = course.original_locale.get_ref();
    if !SHIPPED_LOCALES.contains(&locale.as_str()) {
        let shipped = SHIPPED_LOCALES.join(", ");
        let message = format!("`{locale}` is not a locale Agora ships ({shipped})");
        reader.report(source.problem_at(course.original_locale.span(), message));
        return None;
    }
    Some(course)
}

/// The module folders in course order, reporting folders that are not named like modules and
/// numbers or keys used twice.
fn read_modules(
    reader: &mut Reader<'_>,
    folder: &Path,
    names: &[String],
    original_locale: Option<&str>,
) -> Option<Vec<ModuleContent>> {
    let mut modules = Vec::new();
    for name in names {
        match numbered(name) {
            Some((number, key)) => modules.push((number, key, folder.join(name))),
            None => {
                let message = "expected a module folder named by number and key, like `01-first-steps`";
                reader.report(Problem::new(folder.join(name), None, message));
            }
        }
    }
    if modules.is_empty() {
        reader.report(Problem::new(folder, None, "a course needs at least one module"));
        return None;
    }
    modules.sort();
    let mut module_keys: BTreeMap<&str, &Path> = BTreeMap::new();
    let mut lesson_keys = BTreeMap::new();
    let mut previous_number = None;
    let mut read = Vec::new();
    for (position, (number, key, module_folder)) in (1..).zip(&modules) {
        if previous_number.replace(*number) == Some(*number) {
            let message =
                format!("another module has the number {number}; numbers give the order, so each must differ");
            reader.report(Problem::new(module_folder, None, message));
        }
        if let Some(other) = module_keys.insert(key, module_folder) {
            let message = format!("`{}` has the same key `{key}`; module keys must be unique", other.display());
            reader.report(Problem::new(module_folder, None, message));
        }
        let place = ModulePlace { folder: module_folder, key, position, original_locale };
        read.push(read_module(reader, &place, &mut lesson_keys));
    }
    read.into_iter().collect()
}
