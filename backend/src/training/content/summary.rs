//! Translations of a course's or module's title and summary (`course.fr.toml`,
//! `module.fr.toml`), which hold those two and `translates_version`, nothing else.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use super::fields::{Positive, Text};
use super::model::SummaryText;
use super::names::PieceFiles;
use super::source::{Reader, TomlSource};
use super::translations::check_translates_version;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TranslationFile {
    translates_version: Spanned<Positive>,
    title: Text,
    summary: Text,
}

/// The translations among `files` that can be read, by locale; reports the others.
pub(super) fn read_translations(
    reader: &mut Reader<'_>,
    files: &PieceFiles<'_>,
    original_version: Option<i32>,
) -> BTreeMap<String, SummaryText> {
    let mut texts = BTreeMap::new();
    for &(locale, file) in &files.translations {
        let Some(text) = reader.text(file) else { continue };
        let source = TomlSource::whole_file(file, &text);
        let Some(translation) = reader.toml::<TranslationFile>(&source) else { continue };
        let translates_version =
            check_translates_version(reader, &source, &translation.translates_version, original_version);
        let text = SummaryText {
            title: translation.title.0,
            summary: translation.summary.0,
            translates_version: Some(translates_version),
        };
        texts.insert(locale.to_owned(), text);
    }
    texts
}

/// The original's text, to sit beside its translations.
pub(super) fn original(title: Text, summary: Text) -> SummaryText {
    SummaryText { title: title.0, summary: summary.0, translates_version: None }
}
