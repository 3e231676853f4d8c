//! What an import did, for the people who run it: one line per course for the command line
//! (`Display`), and log lines for a server's start-up ([`ImportReport::log`]).

use std::fmt;

use crate::training::content::RefusedCourse;

/// A course that was read, and the locales whose translations are behind its original.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedCourse {
    pub slug: String,
    pub outdated_locales: Vec<String>,
}

/// What an import did, course by course (each list by slug).
#[derive(Debug, Default)]
pub struct ImportReport {
    /// New courses.
    pub imported: Vec<ImportedCourse>,
    /// Courses whose content changed since their last import.
    pub updated: Vec<ImportedCourse>,
    /// Courses already imported as they are.
    pub unchanged: Vec<ImportedCourse>,
    /// Courses with problems: nothing of them was written.
    pub refused: Vec<RefusedCourse>,
}

impl ImportReport {
    /// Logs each course: imported and updated ones as information, unchanged ones for
    /// debugging, and each problem of a refused course as a warning.
    pub fn log(&self) {
        for (outcome, courses) in [("imported", &self.imported), ("updated", &self.updated)] {
            for course in courses {
                if course.outdated_locales.is_empty() {
                    tracing::info!(course = %course.slug, outcome, "course content imported");
                } else {
                    let outdated = course.outdated_locales.join(", ");
                    tracing::info!(
                        course = %course.slug,
                        outcome,
                        outdated_translations = %outdated,
                        "course content imported; some translations are behind their original"
                    );
                }
            }
        }
        for course in &self.unchanged {
            tracing::debug!(course = %course.slug, "course content unchanged");
        }
        for course in &self.refused {
            for problem in &course.problems {
                tracing::warn!(course = %course.slug, %problem, "a course with problems was not imported; an earlier import of it, if any, stays as it was");
            }
        }
    }
}

/// A course in the report, to write it in slug order.
enum Entry<'a> {
    Read(&'static str, &'a ImportedCourse),
    Refused(&'a RefusedCourse),
}

impl Entry<'_> {
    fn slug(&self) -> &str {
        match self {
            Entry::Read(_, course) => &course.slug,
            Entry::Refused(course) => &course.slug,
        }
    }
}

/// One line per course, by slug: `imported`, `updated`, `unchanged` or `refused`, then the slug
/// and any outdated translations; under a refused course, its problems as `file:line: message`.
impl fmt::Display for ImportReport {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let read = [("imported", &self.imported), ("updated", &self.updated), ("unchanged", &self.unchanged)];
        let mut entries: Vec<Entry<'_>> = read
            .into_iter()
            .flat_map(|(outcome, courses)| courses.iter().map(move |course| Entry::Read(outcome, course)))
            .chain(self.refused.iter().map(Entry::Refused))
            .collect();
        entries.sort_by(|a, b| a.slug().cmp(b.slug()));
        for entry in entries {
            match entry {
                Entry::Read(outcome, course) if course.outdated_locales.is_empty() => {
                    writeln!(formatter, "{outcome:<10} {}", course.slug)?;
                }
                Entry::Read(outcome, course) => {
                    let outdated = course.outdated_locales.join(", ");
                    writeln!(formatter, "{outcome:<10} {} (outdated translations: {outdated})", course.slug)?;
                }
                Entry::Refused(course) => {
                    writeln!(formatter, "{:<10} {}", "refused", course.slug)?;
                    for problem in &course.problems {
                        writeln!(formatter, "  {problem}")?;
                    }
                }
            }
        }
        Ok(())
    }
}
