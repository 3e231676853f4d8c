//! The names of content files and folders, which carry meaning: a course folder's name is its
//! slug, `01-` prefixes give the order, the rest of a module or lesson name is its key, and a
//! translation names its locale before the extension (`01-intro.fr.md`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::problem::Problem;
use super::source::Reader;

/// The locales Agora has an interface for (`i18n/`); course translations must be in one of them.
pub const SHIPPED_LOCALES: [&str; 6] = ["ar", "en", "es", "fr", "ru", "zh-CN"];

/// Whether `text` can name something in URLs and the API for good: lowercase ASCII letters,
/// digits and hyphens, not empty. Slugs, keys, and question and choice ids are identifiers.
pub(super) fn is_identifier(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'-')
}

/// The number and key of a numbered name (`02-who-takes-part` → `(2, "who-takes-part")`).
pub(super) fn numbered(name: &str) -> Option<(u32, &str)> {
    let (number, key) = name.split_once('-')?;
    if number.is_empty() || !number.bytes().all(|byte| byte.is_ascii_digit()) || !is_identifier(key) {
        return None;
    }
    Some((number.parse().ok()?, key))
}

/// What a file name says: `stem.ext` is an original, `stem.locale.ext` a translation.
struct FileName<'a> {
    stem: &'a str,
    locale: Option<&'a str>,
    extension: &'a str,
}

impl<'a> FileName<'a> {
    fn parse(name: &'a str) -> Option<Self> {
        let parts: Vec<&str> = name.split('.').collect();
        let (stem, locale, extension) = match parts[..] {
            [stem, extension] => (stem, None, extension),
            [stem, locale, extension] => (stem, Some(locale), extension),
            _ => return None,
        };
        (!stem.is_empty() && !extension.is_empty()).then_some(Self { stem, locale, extension })
    }
}

/// The files of one piece of content in a folder: its original and its translations by locale.
pub(super) struct Variants {
    /// The original's file name, whether or not it exists.
    original_name: String,
    original: Option<PathBuf>,
    translations: BTreeMap<String, PathBuf>,
}

/// The files of one piece of content, ready to read.
pub(super) struct PieceFiles<'a> {
    /// The course's original locale, unknown when `course.toml` could not be read.
    pub original_locale: Option<&'a str>,
    pub original: &'a Path,
    /// `(locale, file)`, none in the original locale.
    pub translations: Vec<(&'a str, &'a Path)>,
}

impl Variants {
    /// The files to read, reporting any translation into the course's own `original_locale`;
    /// `None` when there is no original, reporting the translations of it.
    pub(super) fn files<'a>(
        &'a self,
        original_locale: Option<&'a str>,
        reader: &mut Reader<'_>,
    ) -> Option<PieceFiles<'a>> {
        let mut translations = Vec::new();
        for (locale, file) in &self.translations {
            if self.original.is_none() {
                let message = format!("a translation of `{}`, which does not exist", self.original_name);
                reader.report(Problem::new(file, None, message));
            } else if Some(locale.as_str()) == original_locale {
                let message = format!("`{locale}` is the course's original locale, so nothing is translated into it");
                reader.report(Problem::new(file, None, message));
            } else {
                translations.push((locale.as_str(), file.as_path()));
            }
        }
        Some(PieceFiles { original_locale, original: self.original.as_deref()?, translations })
    }

    pub(super) fn original(&self) -> Option<&Path> {
        self.original.as_deref()
    }

    /// Every file of the piece, the original first.
    pub(super) fn paths(&self) -> impl Iterator<Item = &Path> {
        self.original.iter().chain(self.translations.values()).map(PathBuf::as_path)
    }
}

/// The files of `folder` grouped by piece of content, keyed by `(stem, extension)`. Reports the
/// names that fit no piece: an unexpected shape, or a locale Agora does not ship.
pub(super) fn pieces(folder: &Path, files: &[String], reader: &mut Reader<'_>) -> BTreeMap<(String, String), Variants> {
    let mut pieces: BTreeMap<(String, String), Variants> = BTreeMap::new();
    for name in files {
        let path = folder.join(name);
        let Some(file_name) = FileName::parse(name) else {
            reader.report(Problem::new(
                path,
                None,
                "expected a name like `name.toml`, or `name.fr.toml` for a translation",
            ));
            continue;
        };
        let (stem, extension) = (file_name.stem.to_owned(), file_name.extension.to_owned());
        let variants = pieces.entry((stem, extension)).or_insert_with(|| Variants {
            original_name: format!("{}.{}", file_name.stem, file_name.extension),
            original: None,
            translations: BTreeMap::new(),
        });
        match file_name.locale {
            None => variants.original = Some(path),
            Some(locale) if SHIPPED_LOCALES.contains(&locale) => {
                variants.translations.insert(locale.to_owned(), path);
            }
            Some(locale) => {
                let shipped = SHIPPED_LOCALES.join(", ");
                reader.report(Problem::new(path, None, format!("`{locale}` is not a locale Agora ships ({shipped})")));
            }
        }
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_names_give_order_and_key() {
        assert_eq!(numbered("02-who-takes-part"), Some((2, "who-takes-part")));
        assert_eq!(numbered("10-x"), Some((10, "x")));
        assert_eq!(numbered("who-takes-part"), None);
        assert_eq!(numbered("02-"), None);
        assert_eq!(numbered("02-Who"), None);
    }

    #[test]
    fn identifiers_are_lowercase_ascii_digits_and_hyphens() {
        assert!(is_identifier("zh-cn-2"));
        assert!(!is_identifier(""));
        assert!(!is_identifier("Intro"));
        assert!(!is_identifier("intro_1"));
        assert!(!is_identifier("café"));
    }

    #[test]
    fn the_shipped_locales_are_those_of_the_interface() {
        let localizer = crate::i18n::Localizer::embedded().expect("the embedded Fluent files load");
        let interface: Vec<String> = localizer.available().iter().map(ToString::to_string).collect();
        assert_eq!(interface, SHIPPED_LOCALES);
    }
}
