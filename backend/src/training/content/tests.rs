//! Reading whole catalogues: the real courses in `course-content/`, and small courses written
//! to a temporary folder, sound or broken in one way each.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use tempfile::TempDir;

use super::*;

const COURSE_TOML: &str = r#"title = "Public consultation basics"
summary = "How open consultations work, and how to take part in one."
level = "introductory"
estimated_hours = 2
original_locale = "en"
pass_mark = 70
version = 1
"#;

const COURSE_FR_TOML: &str = r#"translates_version = 1
title = "Les bases de la consultation publique"
summary = "Comment fonctionnent les consultations ouvertes, et comment y prendre part."
"#;

const MODULE_TOML: &str = r#"title = "Why consult"
summary = "What a consultation is for."
version = 1
"#;

const MODULE_FR_TOML: &str = r#"translates_version = 1
title = "Pourquoi consulter"
summary = "À quoi sert une consultation."
"#;

const LESSON_MD: &str = r#"+++
title = "What a consultation is"
estimated_minutes = 20
version = 1
+++

A consultation invites everyone affected by a draft policy to *comment* on it.
"#;

const LESSON_FR_MD: &str = r#"+++
translates_version = 1
title = "Ce qu'est une consultation"
+++

Une consultation invite toutes les personnes concernées à *commenter* un projet.
"#;

const SECOND_LESSON_MD: &str = r#"+++
title = "Who takes part"
estimated_minutes = 15
version = 1
+++

Anyone with an account, individuals and organizations alike.
"#;

const SECOND_LESSON_FR_MD: &str = r#"+++
translates_version = 1
title = "Qui participe"
+++

Toute personne qui a un compte, particuliers et organisations.
"#;

const QUIZ_TOML: &str = r#"version = 1
max_attempts = 3

[[question]]
id = "who-may-comment"
kind = "single"
prompt = "Who may comment in a public comment round?"
explanation = "A public round is open to anyone with an account."

[[question.choice]]
id = "anyone"
text = "Anyone with an account"
correct = true

[[question.choice]]
id = "governments"
text = "Only governments"

[[question]]
id = "good-comments"
kind = "multiple"
prompt = "What makes a comment useful?"
explanation = "A useful comment is specific and gives its sources."

[[question.choice]]
id = "specific"
text = "It is specific"
correct = true

[[question.choice]]
id = "sourced"
text = "It gives its sources"
correct = true

[[question.choice]]
id = "loud"
text = "It is written in capitals"
"#;

const QUIZ_FR_TOML: &str = r#"translates_version = 1

[[question]]
id = "who-may-comment"
prompt = "Qui peut commenter lors d'un tour public ?"
explanation = "Un tour public est ouvert à toute personne qui a un compte."

[[question.choice]]
id = "anyone"
text = "Toute personne qui a un compte"

[[question.choice]]
id = "governments"
text = "Seulement les gouvernements"

[[question]]
id = "good-comments"
prompt = "Qu'est-ce qui rend un commentaire utile ?"
explanation = "Un commentaire utile est précis et cite ses sources."

[[question.choice]]
id = "specific"
text = "Il est précis"

[[question.choice]]
id = "sourced"
text = "Il cite ses sources"

[[question.choice]]
id = "loud"
text = "Il est écrit en majuscules"
"#;

/// A course as files (path in the course folder → contents), to change before writing it.
struct CourseFiles(BTreeMap<&'static str, String>);

impl CourseFiles {
    /// A sound course in English and French: one module, two lessons and a quiz.
    fn sound() -> Self {
        Self(BTreeMap::from([
            ("course.toml", COURSE_TOML.to_owned()),
            ("course.fr.toml", COURSE_FR_TOML.to_owned()),
            ("01-why-consult/module.toml", MODULE_TOML.to_owned()),
            ("01-why-consult/module.fr.toml", MODULE_FR_TOML.to_owned()),
            ("01-why-consult/01-what-a-consultation-is.md", LESSON_MD.to_owned()),
            ("01-why-consult/01-what-a-consultation-is.fr.md", LESSON_FR_MD.to_owned()),
            ("01-why-consult/02-who-takes-part.md", SECOND_LESSON_MD.to_owned()),
            ("01-why-consult/02-who-takes-part.fr.md", SECOND_LESSON_FR_MD.to_owned()),
            ("01-why-consult/quiz.toml", QUIZ_TOML.to_owned()),
            ("01-why-consult/quiz.fr.toml", QUIZ_FR_TOML.to_owned()),
        ]))
    }

    /// Replaces the one occurrence of `from` in `file` with `to`.
    fn edit(mut self, file: &str, from: &str, to: &str) -> Self {
        let text = self.0.get_mut(file).unwrap_or_else(|| panic!("no file {file}"));
        assert_eq!(text.matches(from).count(), 1, "`{from}` occurs once in {file}");
        *text = text.replacen(from, to, 1);
        self
    }

    fn with(mut self, file: &'static str, text: &str) -> Self {
        self.0.insert(file, text.to_owned());
        self
    }

    fn without(mut self, file: &str) -> Self {
        assert!(self.0.remove(file).is_some(), "no file {file}");
        self
    }

    /// The 1-based line of `file` on which `needle` first appears.
    fn line_of(&self, file: &str, needle: &str) -> usize {
        let text = &self.0[file];
        let offset = text.find(needle).unwrap_or_else(|| panic!("`{needle}` is not in {file}"));
        text[..offset].matches('\n').count() + 1
    }

    fn write(&self, root: &Path, slug: &str) {
        for (file, text) in &self.0 {
            let path = root.join(slug).join(file);
            std::fs::create_dir_all(path.parent().expect("a folder")).expect("a writable temporary folder");
            std::fs::write(path, text).expect("a writable temporary folder");
        }
    }
}

/// Reads a catalogue of the given courses (slug, files).
fn read(courses: &[(&str, &CourseFiles)]) -> Catalogue {
    let root = TempDir::new().expect("a temporary folder");
    for (slug, files) in courses {
        files.write(root.path(), slug);
    }
    read_catalogue(root.path()).expect("a readable catalogue")
}

/// The one course of a catalogue that read well.
fn read_one(files: &CourseFiles) -> CourseContent {
    let mut catalogue = read(&[("consultation-basics", files)]);
    assert!(catalogue.refused.is_empty(), "refused: {:#?}", catalogue.refused);
    catalogue.courses.pop().expect("one course")
}

/// The problems of a course that was refused.
fn problems_of(files: &CourseFiles) -> Vec<Problem> {
    let catalogue = read(&[("consultation-basics", files)]);
    assert!(catalogue.courses.is_empty(), "the course was read: {:#?}", catalogue.courses);
    let [refused] = &catalogue.refused[..] else { panic!("one refused course: {:#?}", catalogue.refused) };
    assert_eq!(refused.slug, "consultation-basics");
    refused.problems.clone()
}

/// Checks that a broken course is refused for exactly one problem, in `file` (in the course
/// folder) at `line`, with a message that contains `message`.
#[track_caller]
fn assert_refused(files: &CourseFiles, file: &str, line: Option<usize>, message: &str) {
    let problems = problems_of(files);
    let [problem] = &problems[..] else { panic!("one problem, found {problems:#?}") };
    assert_eq!(problem.file, Path::new("consultation-basics").join(file), "{problem}");
    assert_eq!(problem.line, line, "{problem}");
    assert!(problem.message.contains(message), "`{message}` is not in: {problem}");
}

const LESSON: &str = "01-why-consult/01-what-a-consultation-is.md";
const LESSON_FR: &str = "01-why-consult/01-what-a-consultation-is.fr.md";
const QUIZ: &str = "01-why-consult/quiz.toml";
const QUIZ_FR: &str = "01-why-consult/quiz.fr.toml";

#[test]
fn the_real_courses_read_without_problems_in_their_languages() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../course-content");
    let catalogue = read_catalogue(&root).expect("course-content/ is readable");
    let problems: Vec<String> =
        catalogue.refused.iter().flat_map(|refused| &refused.problems).map(ToString::to_string).collect();
    assert!(problems.is_empty(), "problems in course-content/:\n{}", problems.join("\n"));

    let locales: BTreeMap<&str, BTreeSet<&str>> =
        catalogue.courses.iter().map(|course| (course.slug.as_str(), course.locales())).collect();
    let expected = BTreeMap::from([
        ("ai-risk-governance-foundations", BTreeSet::from(SHIPPED_LOCALES)),
        ("ai-safety-evaluation-incident-reporting", BTreeSet::from(["en", "fr", "zh-CN"])),
        ("data-governance-personal-information", BTreeSet::from(["en", "es", "fr"])),
    ]);
    assert_eq!(locales, expected);
    for course in &catalogue.courses {
        assert_eq!(course.original_locale, "en");
        assert!(course.outdated_locales().is_empty(), "{} has outdated translations", course.slug);
        assert_eq!(course.modules.len(), 2, "{}", course.slug);
        for module in &course.modules {
            assert_eq!(module.lessons.len(), 2, "{}/{}", course.slug, module.key);
            let quiz = module.quiz.as_ref().expect("a quiz in every module");
            assert_eq!(quiz.key, format!("{}/quiz", module.key));
            assert!(quiz.questions.len() >= 5, "{}", quiz.key);
        }
    }
}

#[test]
fn a_sound_course_is_read_whole() {
    let course = read_one(&CourseFiles::sound());
    assert_eq!(course.slug, "consultation-basics");
    assert_eq!(
        (course.level, course.estimated_hours, course.pass_mark, course.version),
        (Level::Introductory, 2, 70, 1)
    );
    assert_eq!(course.translations["en"].title, "Public consultation basics");
    assert_eq!(course.translations["en"].translates_version, None);
    assert_eq!(course.translations["fr"].title, "Les bases de la consultation publique");
    assert_eq!(course.translations["fr"].translates_version, Some(1));
    assert_eq!(course.locales(), BTreeSet::from(["en", "fr"]));

    let [module] = &course.modules[..] else { panic!("one module") };
    assert_eq!((module.key.as_str(), module.position), ("why-consult", 1));
    assert_eq!(module.translations["fr"].summary, "À quoi sert une consultation.");

    let keys: Vec<(&str, i32, i32)> =
        module.lessons.iter().map(|lesson| (lesson.key.as_str(), lesson.position, lesson.estimated_minutes)).collect();
    assert_eq!(keys, [("what-a-consultation-is", 1, 20), ("who-takes-part", 2, 15)]);
    let lesson = &module.lessons[0].translations["fr"];
    assert_eq!(lesson.title, "Ce qu'est une consultation");
    assert_eq!(lesson.markdown, "Une consultation invite toutes les personnes concernées à *commenter* un projet.");
    assert_eq!(
        lesson.html,
        "<p>Une consultation invite toutes les personnes concernées à <em>commenter</em> un projet.</p>\n"
    );

    let quiz = module.quiz.as_ref().expect("a quiz");
    assert_eq!((quiz.key.as_str(), quiz.version, quiz.max_attempts), ("why-consult/quiz", 1, 3));
    assert_eq!(quiz.questions[0].kind, QuestionKind::Single);
    assert_eq!(
        quiz.questions[1].choices,
        [
            Choice { id: "specific".to_owned(), correct: true },
            Choice { id: "sourced".to_owned(), correct: true },
            Choice { id: "loud".to_owned(), correct: false },
        ]
    );
    let french = &quiz.translations["fr"].questions["good-comments"];
    assert_eq!(french.prompt, "Qu'est-ce qui rend un commentaire utile ?");
    assert_eq!(french.choices["loud"], "Il est écrit en majuscules");
    assert_eq!(quiz.translations["en"].questions["good-comments"].choices["loud"], "It is written in capitals");
}

#[test]
fn order_follows_the_numbers_and_keys_ignore_them() {
    let renumbered = CourseFiles::sound()
        .without(LESSON)
        .without(LESSON_FR)
        .with("01-why-consult/10-what-a-consultation-is.md", LESSON_MD)
        .with("01-why-consult/10-what-a-consultation-is.fr.md", LESSON_FR_MD);
    let course = read_one(&renumbered);
    let keys: Vec<(&str, i32)> =
        course.modules[0].lessons.iter().map(|lesson| (lesson.key.as_str(), lesson.position)).collect();
    assert_eq!(keys, [("who-takes-part", 1), ("what-a-consultation-is", 2)]);
}

#[test]
fn a_broken_course_does_not_stop_a_sound_one() {
    let sound = CourseFiles::sound();
    let broken = CourseFiles::sound().without("course.toml");
    let catalogue = read(&[("a-broken-course", &broken), ("b-sound-course", &sound)]);
    let read: Vec<&str> = catalogue.courses.iter().map(|course| course.slug.as_str()).collect();
    let refused: Vec<&str> = catalogue.refused.iter().map(|course| course.slug.as_str()).collect();
    assert_eq!((read, refused), (vec!["b-sound-course"], vec!["a-broken-course"]));
}

#[test]
fn files_and_hidden_folders_beside_the_courses_are_ignored() {
    let root = TempDir::new().expect("a temporary folder");
    CourseFiles::sound().write(root.path(), "consultation-basics");
    CourseFiles::sound().without("course.toml").write(root.path(), ".draft");
    std::fs::write(root.path().join("README.md"), "# Course content\n").expect("writable");
    let catalogue = read_catalogue(root.path()).expect("readable");
    assert_eq!((catalogue.courses.len(), catalogue.refused.len()), (1, 0));
}

#[test]
fn a_missing_catalogue_folder_is_an_error() {
    let root = TempDir::new().expect("a temporary folder");
    assert!(read_catalogue(&root.path().join("nowhere")).is_err());
}

#[test]
fn course_metadata_problems_name_file_and_line() {
    let files = CourseFiles::sound().without("course.toml").without("course.fr.toml");
    assert_refused(&files, "course.toml", None, "missing");

    let files = CourseFiles::sound().edit("course.toml", "estimated_hours = 2", "estimated_hours = \"two");
    let line = files.line_of("course.toml", "estimated_hours");
    assert_refused(&files, "course.toml", Some(line), "invalid basic string");

    let files = CourseFiles::sound().edit("course.toml", "\"introductory\"", "\"expert\"");
    let line = files.line_of("course.toml", "expert");
    assert_refused(&files, "course.toml", Some(line), "unknown variant `expert`");

    for pass_mark in ["0", "101"] {
        let files = CourseFiles::sound().edit("course.toml", "pass_mark = 70", &format!("pass_mark = {pass_mark}"));
        let line = files.line_of("course.toml", "pass_mark");
        assert_refused(&files, "course.toml", Some(line), "must be a percentage from 1 to 100");
    }

    let files = CourseFiles::sound().edit("course.toml", "version = 1\n", "");
    assert_refused(&files, "course.toml", Some(1), "missing field `version`");

    let files = CourseFiles::sound().edit("course.toml", "pass_mark", "passmark");
    let line = files.line_of("course.toml", "passmark");
    assert_refused(&files, "course.toml", Some(line), "unknown field `passmark`");

    let files = CourseFiles::sound().edit("course.toml", "original_locale = \"en\"", "original_locale = \"de\"");
    let line = files.line_of("course.toml", "original_locale");
    assert_refused(&files, "course.toml", Some(line), "`de` is not a locale Agora ships");

    let files = CourseFiles::sound().edit("course.toml", "title = \"Public consultation basics\"", "title = \" \"");
    assert_refused(&files, "course.toml", Some(1), "must not be empty");
}

#[test]
fn translation_file_problems_name_file_and_line() {
    let files = CourseFiles::sound().with("course.de.toml", COURSE_FR_TOML);
    assert_refused(&files, "course.de.toml", None, "`de` is not a locale Agora ships");

    let files = CourseFiles::sound().with("course.en.toml", COURSE_FR_TOML);
    assert_refused(&files, "course.en.toml", None, "original locale");

    let files = CourseFiles::sound().with("01-why-consult/03-missing.fr.md", LESSON_FR_MD);
    assert_refused(&files, "01-why-consult/03-missing.fr.md", None, "a translation of `03-missing.md`");

    let files = CourseFiles::sound().edit("course.fr.toml", "translates_version = 1", "translates_version = 2");
    assert_refused(&files, "course.fr.toml", Some(1), "translates version 2, but the original is only at version 1");

    let files = CourseFiles::sound().edit("01-why-consult/module.fr.toml", "translates_version = 1\n", "");
    assert_refused(&files, "01-why-consult/module.fr.toml", Some(1), "missing field `translates_version`");

    let files = CourseFiles::sound().edit(
        "course.fr.toml",
        "translates_version = 1",
        "translates_version = 1\nlevel = \"advanced\"",
    );
    let line = files.line_of("course.fr.toml", "level");
    assert_refused(&files, "course.fr.toml", Some(line), "unknown field `level`");
}

#[test]
fn lesson_problems_count_lines_from_the_top_of_the_file() {
    let files = CourseFiles::sound().edit(LESSON, "estimated_minutes = 20", "estimated_minutes = \"twenty\"");
    assert_eq!(files.line_of(LESSON, "estimated_minutes"), 3);
    assert_refused(&files, LESSON, Some(3), "invalid type: string \"twenty\"");

    let files = CourseFiles::sound().edit(LESSON, "estimated_minutes = 20", "estimated_minutes = 0");
    assert_refused(&files, LESSON, Some(3), "must be at least 1, not 0");

    let files = CourseFiles::sound().edit(LESSON_FR, "title = \"Ce qu'est une consultation\"", "title = 42");
    assert_refused(&files, LESSON_FR, Some(3), "invalid type: integer `42`, expected a string");

    let files = CourseFiles::sound().edit(LESSON, "version = 1\n+++\n", "version = 1\n\n");
    assert_refused(&files, LESSON, Some(1), "never closed");

    let files = CourseFiles::sound().edit(LESSON, "+++\ntitle", "title");
    assert_refused(&files, LESSON, Some(1), "a lesson begins with front matter");

    let files =
        CourseFiles::sound().with(LESSON, "+++\ntitle = \"Empty\"\nestimated_minutes = 5\nversion = 1\n+++\n\n \n");
    assert_refused(&files, LESSON, Some(6), "the lesson has no text");
}

#[test]
fn a_module_needs_metadata_and_lessons() {
    let files = CourseFiles::sound()
        .without(LESSON)
        .without(LESSON_FR)
        .without("01-why-consult/02-who-takes-part.md")
        .without("01-why-consult/02-who-takes-part.fr.md");
    assert_refused(&files, "01-why-consult", None, "a module needs at least one lesson");

    let files = CourseFiles::sound().without("01-why-consult/module.toml").without("01-why-consult/module.fr.toml");
    assert_refused(&files, "01-why-consult/module.toml", None, "missing");

    let files = CourseFiles::sound().with("01-why-consult/notes.txt", "to do");
    assert_refused(&files, "01-why-consult/notes.txt", None, "not part of a module");

    let files = CourseFiles::sound().with("01-why-consult/02-again-who-takes-part.md", SECOND_LESSON_MD);
    assert_refused(&files, "01-why-consult/02-who-takes-part.md", None, "another lesson has the number 2");
}

#[test]
fn keys_are_unique_in_a_course() {
    let files = CourseFiles::sound()
        .with("02-more/module.toml", MODULE_TOML)
        .with("02-more/01-who-takes-part.md", SECOND_LESSON_MD);
    assert_refused(&files, "02-more/01-who-takes-part.md", None, "lesson keys must be unique in a course");

    let files = CourseFiles::sound()
        .with("02-why-consult/module.toml", MODULE_TOML)
        .with("02-why-consult/01-again.md", LESSON_MD);
    assert_refused(&files, "02-why-consult", None, "module keys must be unique");
}

#[test]
fn quiz_problems_name_file_and_line() {
    let files =
        CourseFiles::sound().edit(QUIZ, "text = \"Only governments\"", "text = \"Only governments\"\ncorrect = true");
    let line = files.line_of(QUIZ, "who-may-comment");
    assert_refused(
        &files,
        QUIZ,
        Some(line),
        "single-choice question `who-may-comment` needs exactly one correct choice, and has 2",
    );

    let files = CourseFiles::sound().edit(
        QUIZ,
        "text = \"Anyone with an account\"\ncorrect = true",
        "text = \"Anyone with an account\"",
    );
    let line = files.line_of(QUIZ, "who-may-comment");
    assert_refused(&files, QUIZ, Some(line), "needs exactly one correct choice, and has 0");

    let files = CourseFiles::sound()
        .edit(QUIZ, "text = \"It is specific\"\ncorrect = true", "text = \"It is specific\"")
        .edit(QUIZ, "text = \"It gives its sources\"\ncorrect = true", "text = \"It gives its sources\"");
    let line = files.line_of(QUIZ, "good-comments");
    assert_refused(&files, QUIZ, Some(line), "multiple-choice question `good-comments` has no correct choice");

    let files = CourseFiles::sound().edit(QUIZ, "id = \"good-comments\"", "id = \"who-may-comment\"");
    let line = files.line_of(QUIZ, "kind = \"multiple\"") - 1;
    assert_refused(&files, QUIZ, Some(line), "question `who-may-comment` appears twice");

    let files = CourseFiles::sound().edit(QUIZ, "id = \"loud\"", "id = \"sourced\"");
    let line = files.line_of(QUIZ, "It is written in capitals") - 1;
    assert_refused(&files, QUIZ, Some(line), "choice `sourced` appears twice in question `good-comments`");

    let files = CourseFiles::sound().edit(QUIZ, "kind = \"multiple\"", "kind = \"several\"");
    let line = files.line_of(QUIZ, "several");
    assert_refused(&files, QUIZ, Some(line), "unknown variant `several`");

    let files = CourseFiles::sound().edit(QUIZ, "max_attempts = 3", "max_attempts = 0");
    assert_refused(&files, QUIZ, Some(2), "must be at least 1");

    let files = CourseFiles::sound().edit(QUIZ, "id = \"loud\"", "id = \"Loud\"");
    let line = files.line_of(QUIZ, "Loud");
    assert_refused(&files, QUIZ, Some(line), "`Loud` is not a valid id");
}

#[test]
fn a_quiz_translation_names_only_questions_and_choices_of_the_original() {
    let files = CourseFiles::sound().edit(QUIZ_FR, "id = \"good-comments\"", "id = \"useful-comments\"");
    let line = files.line_of(QUIZ_FR, "useful-comments");
    assert_refused(&files, QUIZ_FR, Some(line), "question `useful-comments` is not in the original quiz");

    let files = CourseFiles::sound().edit(QUIZ_FR, "id = \"loud\"", "id = \"shouted\"");
    let line = files.line_of(QUIZ_FR, "shouted");
    assert_refused(&files, QUIZ_FR, Some(line), "choice `shouted` is not a choice of question `good-comments`");

    let files =
        CourseFiles::sound().edit(QUIZ_FR, "text = \"Il est précis\"", "text = \"Il est précis\"\ncorrect = true");
    let line = files.line_of(QUIZ_FR, "correct");
    assert_refused(&files, QUIZ_FR, Some(line), "unknown field `correct`");
}

#[test]
fn a_translation_may_lag_behind_and_is_then_outdated() {
    let current = read_one(&CourseFiles::sound());
    assert!(current.outdated_locales().is_empty());

    let lesson_revised = CourseFiles::sound().edit(LESSON, "version = 1", "version = 2");
    let course = read_one(&lesson_revised);
    let lessons = &course.modules[0].lessons;
    assert_eq!(lessons[0].outdated_locales(), BTreeSet::from(["fr"]));
    assert!(lessons[1].outdated_locales().is_empty());
    assert!(course.modules[0].outdated_locales().is_empty());
    assert_eq!(course.outdated_locales(), BTreeSet::from(["fr"]));

    let quiz_extended = CourseFiles::sound().edit(QUIZ, "version = 1", "version = 2").edit(
        QUIZ,
        "text = \"It is written in capitals\"",
        "text = \"It is written in capitals\"\n\n[[question.choice]]\nid = \"short\"\ntext = \"It is short\"",
    );
    let course = read_one(&quiz_extended);
    let quiz = course.modules[0].quiz.as_ref().expect("a quiz");
    assert_eq!(quiz.outdated_locales(), BTreeSet::from(["fr"]));
    assert!(!quiz.translations["fr"].questions["good-comments"].choices.contains_key("short"));
    assert_eq!(course.outdated_locales(), BTreeSet::from(["fr"]));
    assert_eq!(
        course.locales(),
        BTreeSet::from(["en"]),
        "French lacks a choice, so the course does not read whole in it"
    );

    let module_revised = CourseFiles::sound().edit("01-why-consult/module.toml", "version = 1", "version = 3");
    assert_eq!(read_one(&module_revised).modules[0].outdated_locales(), BTreeSet::from(["fr"]));
}

#[test]
fn a_locale_without_every_lesson_is_not_offered() {
    let course = read_one(&CourseFiles::sound().without(LESSON_FR));
    assert_eq!(course.locales(), BTreeSet::from(["en"]));
    assert!(course.translations.contains_key("fr"));
}

#[test]
fn lesson_html_is_sanitized() {
    let files = CourseFiles::sound().edit(
        LESSON,
        "to *comment* on it.",
        "to *comment* on it.\n\n<script>alert('stolen')</script>\n\n<p onclick=\"steal()\">Click</p>",
    );
    let course = read_one(&files);
    let lesson = &course.modules[0].lessons[0].translations["en"];
    assert!(lesson.markdown.contains("<script>"), "the Markdown is kept as written");
    assert!(!lesson.html.contains("<script") && !lesson.html.contains("alert"), "{}", lesson.html);
    assert!(!lesson.html.contains("onclick"), "{}", lesson.html);
    assert!(lesson.html.contains("<em>comment</em>"), "{}", lesson.html);
}

#[test]
fn the_fingerprint_changes_with_the_content_only() {
    let fingerprint = |files: &CourseFiles| read_one(files).fingerprint();
    let sound = fingerprint(&CourseFiles::sound());
    assert_eq!(sound.len(), 64);
    assert_eq!(sound, fingerprint(&CourseFiles::sound()));
    let commented = CourseFiles::sound().edit("course.toml", "pass_mark = 70", "pass_mark = 70   # percent");
    assert_eq!(sound, fingerprint(&commented));
    let edited = CourseFiles::sound().edit(LESSON_FR, "un projet", "un projet de politique");
    assert_ne!(sound, fingerprint(&edited));
}

#[test]
fn problems_read_as_file_line_message() {
    let problem = Problem::new(PathBuf::from("course/quiz.toml"), Some(4), "question `x` appears twice");
    assert_eq!(problem.to_string(), "course/quiz.toml:4: question `x` appears twice");
    let problem = Problem::new(PathBuf::from("course/01-intro"), None, "a module needs at least one lesson");
    assert_eq!(problem.to_string(), "course/01-intro: a module needs at least one lesson");
}
