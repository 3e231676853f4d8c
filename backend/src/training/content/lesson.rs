//! Lesson files: TOML front matter between two `+++` lines, then the lesson in Markdown.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::fields::{Positive, Text};
use super::markdown;
use super::model::{LessonContent, LessonText};
use super::names::PieceFiles;
use super::problem::Problem;
use super::source::{Reader, TomlSource};
use super::translations::check_translates_version;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OriginalFrontMatter {
    title: Text,
    estimated_minutes: Positive,
    version: Positive,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TranslationFrontMatter {
    translates_version: Spanned<Positive>,
    title: Text,
}

/// A lesson file cut at its front matter.
struct Parts<'a> {
    front_matter: TomlSource<'a>,
    markdown: &'a str,
}

/// Reads a lesson, or reports why it cannot be read.
pub(super) fn read_lesson(
    reader: &mut Reader<'_>,
    key: &str,
    position: i32,
    files: &PieceFiles<'_>,
) -> Option<LessonContent> {
    let original = reader.text(files.original).and_then(|text| {
        let parts = split(reader, files.original, &text)?;
        let front_matter: OriginalFrontMatter = reader.toml(&parts.front_matter)?;
        let markdown = lesson_markdown(reader, &parts)?.to_owned();
        Some((front_matter, markdown))
    });
    let version = original.as_ref().map(|(front_matter, _)| front_matter.version.0);

    let mut texts = BTreeMap::new();
    for &(locale, file) in &files.translations {
        let Some(text) = reader.text(file) else { continue };
        let Some(parts) = split(reader, file, &text) else { continue };
        let Some(front_matter) = reader.toml::<TranslationFrontMatter>(&parts.front_matter) else { continue };
        let translates_version =
            check_translates_version(reader, &parts.front_matter, &front_matter.translates_version, version);
        if let Some(markdown) = lesson_markdown(reader, &parts) {
            let text = LessonText {
                title: front_matter.title.0,
                html: markdown::render(markdown),
                markdown: markdown.to_owned(),
                translates_version: Some(translates_version),
            };
            texts.insert(locale.to_owned(), text);
        }
    }

    let (front_matter, markdown) = original?;
    let text = LessonText {
        title: front_matter.title.0,
        html: markdown::render(&markdown),
        markdown,
        translates_version: None,
    };
    texts.insert(files.original_locale?.to_owned(), text);
    Some(LessonContent {
        key: key.to_owned(),
        position,
        estimated_minutes: front_matter.estimated_minutes.0,
        version: front_matter.version.0,
        translations: texts,
    })
}

/// The Markdown after the front matter, reporting a lesson without any.
fn lesson_markdown<'a>(reader: &mut Reader<'_>, parts: &Parts<'a>) -> Option<&'a str> {
    let markdown = parts.markdown.trim_start_matches(['\n', '\r']).trim_end();
    if markdown.is_empty() {
        let line = parts.front_matter.line(parts.front_matter.text.len()) + 1;
        reader.report(Problem::new(
            parts.front_matter.file,
            Some(line),
            "the lesson has no text after its front matter",
        ));
        return None;
    }
    Some(markdown)
}

/// `text` cut into front matter (from the second line) and Markdown, or `None` after reporting
/// a missing or unclosed front matter.
fn split<'a>(reader: &mut Reader<'_>, file: &'a Path, text: &'a str) -> Option<Parts<'a>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    if lines.next().map(str::trim_end) != Some("+++") {
        let message = "a lesson begins with front matter: a `+++` line, the lesson's TOML, and another `+++` line";
        reader.report(Problem::new(file, Some(1), message));
        return None;
    }
    let front_start = text.find('\n').map_or(text.len(), |end| end + 1);
    let mut offset = front_start;
    for line in lines {
        if line.trim_end() == "+++" {
            return Some(Parts {
                front_matter: TomlSource { file, text: &text[front_start..offset], first_line: 2 },
                markdown: &text[offset + line.len()..],
            });
        }
        offset += line.len();
    }
    reader.report(Problem::new(file, Some(1), "the front matter opened here is never closed with a `+++` line"));
    None
}
