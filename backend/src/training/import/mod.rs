//! Importing the course catalogue from its folder into the database (`agora import-courses`,
//! and `agora serve` at start-up).
//!
//! The folder is the source of truth and the import makes the database follow it, course by
//! course, so it can run at every start-up of every instance:
//! - a course whose content fingerprint is already stored is skipped without a write (one query
//!   answers that for the whole catalogue);
//! - a new or changed course is written in one transaction ([`course`]): its modules, lessons
//!   and quizzes are matched by key ([`plan`]) so their IDs survive edits, and those that left
//!   the content are retired, never deleted. Instances importing at once take turns per course
//!   and the later ones find nothing to do;
//! - a course the reader refuses changes nothing (an earlier import of it stays as it was) and
//!   its problems are reported with file and line;
//! - a course imported or updated is recorded in the audit log, with no actor (the platform).
//!
//! A course whose folder disappears stays as it was last imported.

mod course;
mod plan;
mod report;
mod store;

use std::collections::HashMap;
use std::path::Path;

use anyhow::Context;
use serde_json::json;

pub use report::{ImportReport, ImportedCourse};

use super::content::{CourseContent, read_catalogue};
use crate::audit::service::{self as audit, Actor, Target};
use crate::db::lock::serialize_on_all;
use crate::db::{Db, DbConnection, time, write_transaction};

/// What happened to one course that could be read.
enum Outcome {
    Imported,
    Updated,
    Unchanged,
}

/// Reads the catalogue in `root` and brings the database in line with it. Fails when `root`
/// cannot be listed or the database fails; a course with problems is refused, not an error.
pub async fn import_catalogue(db: &Db, root: &Path) -> anyhow::Result<ImportReport> {
    let folder = root.to_owned();
    let catalogue = tokio::task::spawn_blocking(move || read_catalogue(&folder))
        .await
        .context("reading the course content panicked")?
        .with_context(|| format!("reading the course content folder {}", root.display()))?;
    let mut report = ImportReport { refused: catalogue.refused, ..ImportReport::default() };
    let courses = catalogue.courses;
    if courses.is_empty() {
        return Ok(report);
    }
    let outcomes = db.run_task(move |connection| import_courses(connection, &courses)).await?;
    for (course, outcome) in outcomes {
        match outcome {
            Outcome::Imported => report.imported.push(course),
            Outcome::Updated => report.updated.push(course),
            Outcome::Unchanged => report.unchanged.push(course),
        }
    }
    Ok(report)
}

fn import_courses(
    connection: &mut DbConnection,
    courses: &[CourseContent],
) -> anyhow::Result<Vec<(ImportedCourse, Outcome)>> {
    let stored: HashMap<String, String> = store::fingerprints(connection)?.into_iter().collect();
    let mut outcomes = Vec::new();
    for content in courses {
        let fingerprint = content.fingerprint();
        let outcome = if stored.get(&content.slug) == Some(&fingerprint) {
            Outcome::Unchanged
        } else {
            write_transaction(connection, |connection| import_course(connection, content, &fingerprint))
                .with_context(|| format!("importing the course {}", content.slug))?
        };
        let outdated_locales = content.outdated_locales().into_iter().map(str::to_owned).collect();
        outcomes.push((ImportedCourse { slug: content.slug.clone(), outdated_locales }, outcome));
    }
    Ok(outcomes)
}

/// Imports one course inside a write transaction.
fn import_course(
    connection: &mut DbConnection,
    content: &CourseContent,
    fingerprint: &str,
) -> diesel::QueryResult<Outcome> {
    // Another instance may be importing the same course: wait for it, then look again.
    serialize_on_all(connection, &[format!("course-import:{}", content.slug)])?;
    let stored = super::store::find_course_by_slug(connection, &content.slug)?;
    if stored.as_ref().is_some_and(|course| course.fingerprint == fingerprint) {
        return Ok(Outcome::Unchanged);
    }
    let (id, retired) = course::write_course(connection, content, fingerprint, stored.as_ref(), time::now())?;
    let (action, outcome) = match stored {
        Some(_) => ("course.update", Outcome::Updated),
        None => ("course.import", Outcome::Imported),
    };
    let mut details = json!({ "slug": content.slug, "version": content.version, "fingerprint": fingerprint });
    if !retired.is_empty() {
        details["retired"] = json!(retired);
    }
    let target = Target { kind: "Course", id: id.as_str() };
    audit::record(connection, Actor::default(), action, Some(target), &details)?;
    Ok(outcome)
}
