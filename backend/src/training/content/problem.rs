//! What is wrong with a course, said so that its author can find and fix it: the file, the line
//! and a message in plain words.

use std::fmt;
use std::path::PathBuf;

/// One reason a course was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file or folder, relative to the catalogue folder (`my-course/01-intro/quiz.toml`).
    pub file: PathBuf,
    /// The 1-based line in `file`; `None` when the problem is the file or folder as a whole
    /// (missing, unreadable, unexpected, empty).
    pub line: Option<usize>,
    pub message: String,
}

impl Problem {
    pub(super) fn new(file: impl Into<PathBuf>, line: Option<usize>, message: impl Into<String>) -> Self {
        Self { file: file.into(), line, message: message.into() }
    }
}

impl fmt::Display for Problem {
    /// `file:line: message`, the form editors and terminals turn into a link.
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(formatter, "{}:{line}: {}", self.file.display(), self.message),
            None => write!(formatter, "{}: {}", self.file.display(), self.message),
        }
    }
}
