//! Reading the course catalogue: the courses written as files in `course-content/` (format:
//! `course-content/README.md`), checked and turned into values, with no database.
//!
//! Courses are files so that they can be reviewed, versioned and translated like code; this
//! module is where they meet the server. [`read_catalogue`] reads every course folder and keeps
//! the sound courses. A course with anything wrong is refused whole, with every [`Problem`]
//! found in it (file, line, message), so its author can fix them in one go; the other courses
//! still import. What it returns is shaped for the importer, which can skip a course whose
//! [`CourseContent::fingerprint`] it already holds and report [`CourseContent::outdated_locales`];
//! quiz attempts are graded with [`QuizContent::score`].
//!
//! Identity, which progress and answers are stored under, comes from names and never from text:
//! a course is its folder name (the slug); a module is its folder name without the number
//! (`01-why-consult` → `why-consult`); a lesson is its file name without number, locale and
//! extension (`02-who-takes-part.fr.md` → `who-takes-part`), unique in the course; a quiz is
//! `<module key>/quiz`; questions and choices have explicit ids. Editing text, raising versions
//! and renumbering (to reorder) keep identity; renaming a key makes a new module or lesson.

mod course;
mod fields;
mod fingerprint;
mod grading;
mod lesson;
mod markdown;
mod model;
mod module;
mod names;
mod problem;
mod quiz;
mod source;
mod summary;
mod translations;

#[cfg(test)]
mod tests;

use std::io;
use std::path::Path;

pub use model::{
    Choice, CourseContent, LessonContent, LessonText, Level, ModuleContent, Question, QuestionKind, QuestionText,
    QuizContent, QuizText, SummaryText,
};
pub use names::SHIPPED_LOCALES;
pub use problem::Problem;

/// What a catalogue folder holds: the courses that can be imported and those that cannot.
#[derive(Debug)]
pub struct Catalogue {
    /// By slug.
    pub courses: Vec<CourseContent>,
    /// By slug.
    pub refused: Vec<RefusedCourse>,
}

/// A course that was not read, and why.
#[derive(Debug)]
pub struct RefusedCourse {
    pub slug: String,
    /// At least one.
    pub problems: Vec<Problem>,
}

/// Reads every course folder in `root` (the folder name is the slug; files and hidden folders
/// are ignored). Fails only when `root` itself cannot be listed.
pub fn read_catalogue(root: &Path) -> io::Result<Catalogue> {
    let mut slugs = Vec::new();
    for entry in std::fs::read_dir(root)? {
        let entry = entry?;
        let slug = entry.file_name().to_string_lossy().into_owned();
        if entry.path().is_dir() && !slug.starts_with('.') {
            slugs.push(slug);
        }
    }
    slugs.sort();
    let mut catalogue = Catalogue { courses: Vec::new(), refused: Vec::new() };
    for slug in slugs {
        match course::read_course(root, &slug) {
            Ok(course) => catalogue.courses.push(course),
            Err(problems) => catalogue.refused.push(RefusedCourse { slug, problems }),
        }
    }
    Ok(catalogue)
}
