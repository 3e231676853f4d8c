//! Checks the courses shipped in `course-content/` independently of the course reader (which
//! the importer uses, and which reports problems with file and line): metadata and quizzes
//! parse and are consistent, translations match their originals question by question and carry
//! no paragraph left in English, and the catalogue holds at least three complete courses, one of
//! them in all six shipped languages.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use toml::Table;

const SHIPPED_LOCALES: [&str; 6] = ["ar", "en", "es", "fr", "ru", "zh-CN"];

fn content_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../course-content")
}

fn folders(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("a readable folder")
        .map(|entry| entry.expect("an entry").path())
        .filter(|path| path.is_dir())
        .collect();
    found.sort();
    found
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("a readable folder")
        .map(|entry| entry.expect("an entry").path())
        .filter(|path| path.is_file())
        .collect();
    found.sort();
    found
}

fn read_toml(path: &Path) -> Table {
    let text = std::fs::read_to_string(path).expect("readable");
    text.parse::<Table>().unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// `(front matter, body)` of a lesson file.
fn lesson(path: &Path) -> (Table, String) {
    let text = std::fs::read_to_string(path).expect("readable");
    let rest = text.strip_prefix("+++\n").unwrap_or_else(|| panic!("{}: no front matter", path.display()));
    let (front, body) =
        rest.split_once("\n+++\n").unwrap_or_else(|| panic!("{}: unclosed front matter", path.display()));
    let front = front.parse::<Table>().unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    (front, body.to_owned())
}

/// The locale of a translation file name (`x.fr.md` → `fr`), `None` for an original.
fn translation_locale(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_str()?;
    let stem = name.rsplit_once('.')?.0;
    let (_, locale) = stem.rsplit_once('.')?;
    SHIPPED_LOCALES.contains(&locale).then(|| locale.to_owned())
}

/// The original a translation translates (`x.fr.md` → `x.md`).
fn original_of(path: &Path, locale: &str) -> PathBuf {
    let name = path.file_name().and_then(|name| name.to_str()).expect("a file name");
    path.with_file_name(name.replacen(&format!(".{locale}."), ".", 1))
}

/// Question id → its choice ids, in order.
fn quiz_ids(quiz: &Table) -> Vec<(String, Vec<String>)> {
    quiz.get("question")
        .and_then(|questions| questions.as_array())
        .map(|questions| {
            questions
                .iter()
                .map(|question| {
                    let id = question["id"].as_str().expect("a question id").to_owned();
                    let choices = question
                        .get("choice")
                        .and_then(|choices| choices.as_array())
                        .map(|choices| {
                            choices.iter().map(|c| c["id"].as_str().expect("a choice id").to_owned()).collect()
                        })
                        .unwrap_or_default();
                    (id, choices)
                })
                .collect()
        })
        .unwrap_or_default()
}

fn paragraphs(text: &str) -> BTreeSet<String> {
    text.split("\n\n")
        .map(|paragraph| paragraph.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|paragraph| paragraph.split(' ').count() >= 8)
        .collect()
}

/// Frequent English words that French and Spanish do not share.
const ENGLISH_MARKERS: [&str; 30] = [
    "the", "and", "of", "to", "is", "that", "with", "are", "this", "it", "for", "which", "from", "be", "by", "have",
    "not", "they", "their", "was", "were", "will", "would", "can", "should", "these", "those", "what", "when", "how",
];

/// Whether a paragraph reads as English: one word in five or more is a frequent English word.
fn reads_as_english(paragraph: &str) -> bool {
    let words: Vec<String> =
        paragraph.split(|c: char| !c.is_alphabetic()).filter(|word| !word.is_empty()).map(str::to_lowercase).collect();
    let markers = words.iter().filter(|word| ENGLISH_MARKERS.contains(&word.as_str())).count();
    words.len() >= 8 && markers * 5 >= words.len()
}

fn check_quiz(path: &Path, problems: &mut Vec<String>) -> usize {
    let quiz = read_toml(path);
    if quiz.get("max_attempts").and_then(|value| value.as_integer()).is_none_or(|attempts| attempts < 1) {
        problems.push(format!("{}: max_attempts must be at least 1", path.display()));
    }
    let questions = quiz.get("question").and_then(|value| value.as_array()).cloned().unwrap_or_default();
    let mut ids = BTreeSet::new();
    for question in &questions {
        let id = question.get("id").and_then(|id| id.as_str()).unwrap_or_default();
        if !ids.insert(id.to_owned()) {
            problems.push(format!("{}: question id {id} repeats", path.display()));
        }
        let choices = question.get("choice").and_then(|value| value.as_array()).cloned().unwrap_or_default();
        let correct =
            choices.iter().filter(|choice| choice.get("correct").and_then(|c| c.as_bool()) == Some(true)).count();
        let kind = question.get("kind").and_then(|kind| kind.as_str()).unwrap_or_default();
        let consistent = match kind {
            "single" => correct == 1,
            "multiple" => correct >= 1,
            _ => false,
        };
        if !consistent || question.get("explanation").is_none() || choices.len() < 2 {
            problems.push(format!(
                "{}: question {id} ({kind}) has {correct} correct of {} choices",
                path.display(),
                choices.len()
            ));
        }
    }
    questions.len()
}

struct CourseSummary {
    lessons: usize,
    long_lessons: usize,
    questions: usize,
    locales: BTreeSet<String>,
}

fn check_course(course: &Path, problems: &mut Vec<String>) -> CourseSummary {
    let metadata = read_toml(&course.join("course.toml"));
    for key in ["title", "summary", "level", "estimated_hours", "original_locale", "pass_mark", "version"] {
        if !metadata.contains_key(key) {
            problems.push(format!("{}/course.toml: missing {key}", course.display()));
        }
    }
    let mut summary = CourseSummary { lessons: 0, long_lessons: 0, questions: 0, locales: BTreeSet::new() };
    let original_locale = metadata.get("original_locale").and_then(|value| value.as_str()).unwrap_or("en").to_owned();
    summary.locales.insert(original_locale);
    let mut translated_files: BTreeMap<String, usize> = BTreeMap::new();
    let mut original_files = 0;
    let mut all_files = files(course);
    for module in folders(course) {
        all_files.extend(files(&module));
    }
    for path in &all_files {
        let name = path.file_name().and_then(|name| name.to_str()).unwrap_or_default();
        if let Some(locale) = translation_locale(path) {
            *translated_files.entry(locale.clone()).or_default() += 1;
            let original = original_of(path, &locale);
            if !original.exists() {
                problems.push(format!("{}: no original {}", path.display(), original.display()));
                continue;
            }
            if name.ends_with(".md") {
                let (front, body) = lesson(path);
                let (original_front, original_body) = lesson(&original);
                if front.get("translates_version").and_then(|v| v.as_integer())
                    > original_front.get("version").and_then(|v| v.as_integer())
                {
                    problems.push(format!("{}: translates a version newer than the original", path.display()));
                }
                let english = paragraphs(&original_body);
                if let Some(left) = paragraphs(&body).intersection(&english).next() {
                    problems.push(format!("{}: a paragraph is still in the original language: {left}", path.display()));
                }
                if locale != "en"
                    && let Some(left) = paragraphs(&body).into_iter().find(|paragraph| reads_as_english(paragraph))
                {
                    problems.push(format!("{}: a paragraph reads as English: {left}", path.display()));
                }
            } else if name.starts_with("quiz.") {
                if quiz_ids(&read_toml(path)) != quiz_ids(&read_toml(&original)) {
                    problems.push(format!(
                        "{}: questions or choices differ from {}",
                        path.display(),
                        original.display()
                    ));
                }
            } else if !read_toml(path).contains_key("translates_version") {
                problems.push(format!("{}: no translates_version", path.display()));
            }
        } else {
            original_files += 1;
            if name.ends_with(".md") {
                let (front, body) = lesson(path);
                summary.lessons += 1;
                if body.split_whitespace().count() >= 300 {
                    summary.long_lessons += 1;
                }
                for key in ["title", "version"] {
                    if !front.contains_key(key) {
                        problems.push(format!("{}: front matter lacks {key}", path.display()));
                    }
                }
            } else if name == "quiz.toml" {
                summary.questions += check_quiz(path, problems);
            }
        }
    }
    for (locale, count) in translated_files {
        if count == original_files {
            summary.locales.insert(locale);
        }
    }
    summary
}

#[test]
fn english_is_recognized_and_translations_are_not_mistaken_for_it() {
    assert!(reads_as_english("Risk management is the process of identifying what can go wrong and how likely it is."));
    assert!(!reads_as_english(
        "La gestion des risques consiste à déterminer ce qui peut mal tourner et avec quelle probabilité."
    ));
    assert!(!reads_as_english(
        "La gestión de riesgos consiste en determinar qué puede salir mal y con qué probabilidad."
    ));
}

#[test]
fn the_courses_follow_the_format_and_the_catalogue_is_complete() {
    let mut problems = Vec::new();
    let courses: Vec<(PathBuf, CourseSummary)> = folders(&content_root())
        .into_iter()
        .map(|course| {
            let summary = check_course(&course, &mut problems);
            (course, summary)
        })
        .collect();
    assert!(problems.is_empty(), "course content problems:\n{}", problems.join("\n"));

    let complete: Vec<&(PathBuf, CourseSummary)> = courses
        .iter()
        .filter(|(_, summary)| {
            summary.lessons >= 4 && summary.long_lessons == summary.lessons && summary.questions >= 5
        })
        .filter(|(_, summary)| summary.locales.len() >= 3)
        .collect();
    assert!(complete.len() >= 3, "at least three complete courses in three languages, found {}", complete.len());
    assert!(
        complete.iter().any(|(_, summary)| summary.locales.len() == SHIPPED_LOCALES.len()),
        "one course is available in all six languages"
    );
}
