//! Reading content folders, files and TOML, turning every failure into a [`Problem`] that names
//! the file and line. Reading goes on after a problem, so an author sees all of a course's
//! problems at once rather than one per import.

use std::ops::Range;
use std::path::Path;

use serde::de::DeserializeOwned;

use super::problem::Problem;

/// Reads the files of one course and collects its problems.
pub(super) struct Reader<'a> {
    root: &'a Path,
    problems: Vec<Problem>,
}

/// The entries of a folder, sorted by name, without hidden ones (`.git`, `.DS_Store`).
pub(super) struct Listing {
    pub files: Vec<String>,
    pub folders: Vec<String>,
}

impl<'a> Reader<'a> {
    pub(super) fn new(root: &'a Path) -> Self {
        Self { root, problems: Vec::new() }
    }

    pub(super) fn into_problems(self) -> Vec<Problem> {
        self.problems
    }

    pub(super) fn report(&mut self, problem: Problem) {
        self.problems.push(problem);
    }

    /// The entries of `folder` (relative to the root).
    pub(super) fn listing(&mut self, folder: &Path) -> Option<Listing> {
        let entries = match std::fs::read_dir(self.root.join(folder)) {
            Ok(entries) => entries,
            Err(error) => {
                self.report(Problem::new(folder, None, format!("cannot be read: {error}")));
                return None;
            }
        };
        let mut listing = Listing { files: Vec::new(), folders: Vec::new() };
        for entry in entries {
            let entry = match entry {
                Ok(entry) => entry,
                Err(error) => {
                    self.report(Problem::new(folder, None, format!("cannot be read: {error}")));
                    continue;
                }
            };
            let Ok(name) = entry.file_name().into_string() else {
                self.report(Problem::new(entry.path(), None, "the name is not valid UTF-8"));
                continue;
            };
            if name.starts_with('.') {
                continue;
            }
            if entry.path().is_dir() { listing.folders.push(name) } else { listing.files.push(name) }
        }
        listing.files.sort();
        listing.folders.sort();
        Some(listing)
    }

    /// The text of `file` (relative to the root).
    pub(super) fn text(&mut self, file: &Path) -> Option<String> {
        match std::fs::read_to_string(self.root.join(file)) {
            Ok(text) => Some(text),
            Err(error) => {
                self.report(Problem::new(file, None, format!("cannot be read: {error}")));
                None
            }
        }
    }

    /// `source` deserialized, or `None` after reporting where and why it does not fit `T`.
    pub(super) fn toml<T: DeserializeOwned>(&mut self, source: &TomlSource<'_>) -> Option<T> {
        match toml::from_str(source.text) {
            Ok(value) => Some(value),
            Err(error) => {
                let line = error.span().map(|span| source.line(span.start));
                self.report(Problem::new(source.file, line, error.message().trim_end()));
                None
            }
        }
    }
}

/// TOML inside a content file: a whole `.toml` file, or a lesson's front matter, which begins on
/// the file's second line. Spans are byte offsets into `text`; lines are the file's.
pub(super) struct TomlSource<'a> {
    pub file: &'a Path,
    pub text: &'a str,
    pub first_line: usize,
}

impl<'a> TomlSource<'a> {
    pub(super) fn whole_file(file: &'a Path, text: &'a str) -> Self {
        Self { file, text, first_line: 1 }
    }

    /// The file's line holding byte `offset` of `text`.
    pub(super) fn line(&self, offset: usize) -> usize {
        let before = &self.text.as_bytes()[..offset.min(self.text.len())];
        self.first_line + before.iter().filter(|byte| **byte == b'\n').count()
    }

    /// A problem at the value that `span` covers.
    pub(super) fn problem_at(&self, span: Range<usize>, message: impl Into<String>) -> Problem {
        Problem::new(self.file, Some(self.line(span.start)), message)
    }
}
