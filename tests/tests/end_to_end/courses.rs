//! The course catalogue over HTTP on every engine: the courses of `course-content/` import at
//! start-up and are listed, in a constant number of queries; importing again writes nothing,
//! and imports racing each other write each course once; edits update a course and keep the IDs
//! of its lessons; a lesson that leaves the content is retired and comes back with its ID; a
//! broken course is refused with file and line while the others import, and never stops a
//! server from starting; courses read in the request's language with the fallback to the
//! original; outdated translations are reported; lesson HTML carries no script; and no field of
//! a quiz reveals its answers.

use std::path::Path;

use agora::training::content::read_catalogue;
use agora::training::import::{ImportReport, import_catalogue};
use agora_tests::{TestApp, course_content_copy, course_content_root, engines};
use serde_json::{Value, json};

const COURSES: &str = "query($first: Int, $after: String) {
  courses(first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id slug title summary level estimatedHours passMark originalLocale locale
      availableLocales outdatedLocales updatedAt
      modules { id key position title summary lessons { id key position title estimatedMinutes html locale }
        quiz { id maxAttempts questions { id kind prompt choices { id text } } } } } }
  }
}";
const COURSE: &str = "query($slug: String!) {
  course(slug: $slug) { id slug title locale availableLocales outdatedLocales updatedAt
    modules { key title locale lessons { id key title html locale } quiz { locale questions { id prompt choices { id text } } } } }
}";
const NODE: &str =
    "query($id: ID!) { node(id: $id) { id ... on Lesson { key title course { slug } } ... on Course { slug } } }";

const SAFETY: &str = "ai-safety-evaluation-incident-reporting";
const RISK: &str = "ai-risk-governance-foundations";
const DATA: &str = "data-governance-personal-information";
const RISK_MODULE: &str = "ai-risk-governance-foundations/01-understanding-ai-risk";

/// Replaces `from` by `to` in a file of a content folder.
fn edit(root: &Path, file: &str, from: &str, to: &str) {
    let path = root.join(file);
    let text = std::fs::read_to_string(&path).expect("a readable file");
    assert!(text.contains(from), "{file} does not contain {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).expect("a written file");
}

/// A server whose start-up imports the courses in `root`.
async fn spawn_with_courses(engine: agora_tests::Engine, root: &Path) -> TestApp {
    TestApp::spawn_with(engine, &[("AGORA_COURSE_CONTENT", &root.display().to_string())]).await
}

/// Imports `root` into the app's database, as `agora import-courses` would.
async fn import(app: &TestApp, root: &Path) -> ImportReport {
    import_catalogue(&app.services.db, root).await.expect("the import runs")
}

fn slugs<T>(courses: &[T], slug: impl Fn(&T) -> &str) -> Vec<String> {
    courses.iter().map(|course| slug(course).to_owned()).collect()
}

fn data<'a>(response: &'a Value, field: &str) -> &'a Value {
    assert!(response["errors"].is_null(), "no errors expected: {response}");
    &response["data"][field]
}

async fn course(app: &TestApp, slug: &str) -> Value {
    data(&app.graphql(COURSE, json!({ "slug": slug })).await, "course").clone()
}

/// The lesson with `key` in a course as `COURSE` returns it.
fn lesson<'a>(course: &'a Value, key: &str) -> Option<&'a Value> {
    let modules = course["modules"].as_array().expect("modules");
    modules.iter().flat_map(|module| module["lessons"].as_array().expect("lessons")).find(|l| l["key"] == key)
}

/// How many audit entries record `action` (read by a new platform admin).
async fn audit_count(app: &TestApp, action: &str) -> i64 {
    let admin = app.create_admin(&format!("auditor-{}@example.org", uuid::Uuid::now_v7().simple())).await;
    let query = "query($action: String) { auditLog(action: $action) { totalCount } }";
    let response = app.graphql_as(&app.access_token(&admin), query, json!({ "action": action })).await;
    data(&response, "auditLog")["totalCount"].as_i64().expect("a count")
}

#[tokio::test]
async fn the_three_courses_import_at_start_up_and_are_listed() {
    let expected = read_catalogue(&course_content_root()).expect("the content reads");
    assert_eq!(expected.courses.len(), 3);
    for engine in engines() {
        let app = spawn_with_courses(engine, &course_content_root()).await;
        let all = app.graphql(COURSES, json!({})).await;
        let courses = data(&all, "courses");
        assert_eq!(courses["totalCount"], 3, "{engine:?}");
        let nodes: Vec<&Value> = courses["edges"].as_array().expect("edges").iter().map(|e| &e["node"]).collect();
        assert_eq!(
            slugs(&nodes, |node| node["slug"].as_str().expect("a slug")),
            [RISK, SAFETY, DATA].map(String::from)
        );
        for (node, content) in nodes.iter().zip(&expected.courses) {
            let original = &content.translations[&content.original_locale];
            assert_eq!(node["title"], original.title.as_str());
            assert_eq!(node["summary"], original.summary.as_str());
            assert_eq!(node["locale"], "en");
            assert_eq!(node["originalLocale"], "en");
            assert_eq!(node["passMark"], content.pass_mark);
            assert_eq!(node["estimatedHours"], content.estimated_hours);
            let locales: Vec<&str> = content.locales().into_iter().collect();
            assert_eq!(node["availableLocales"], json!(locales));
            assert_eq!(node["outdatedLocales"], json!([]));
            let modules = node["modules"].as_array().expect("modules");
            assert_eq!(modules.len(), content.modules.len());
            for (module, module_content) in modules.iter().zip(&content.modules) {
                assert_eq!(module["key"], module_content.key.as_str());
                assert_eq!(module["position"], module_content.position);
                let lessons = module["lessons"].as_array().expect("lessons");
                let keys: Vec<&str> = lessons.iter().map(|l| l["key"].as_str().expect("a key")).collect();
                let expected_keys: Vec<&str> = module_content.lessons.iter().map(|l| l.key.as_str()).collect();
                assert_eq!(keys, expected_keys);
                assert!(lessons.iter().all(|l| l["html"].as_str().is_some_and(|html| html.contains("<p>"))));
                let questions = module["quiz"]["questions"].as_array().expect("a quiz");
                assert_eq!(questions.len(), module_content.quiz.as_ref().expect("a quiz").questions.len());
                assert!(questions.iter().all(|q| q["prompt"].as_str().is_some_and(|p| !p.is_empty())));
            }
        }
        assert_eq!(nodes[0]["level"], "INTRODUCTORY");
        assert_eq!(nodes[1]["level"], "INTERMEDIATE");
        assert_eq!(nodes[0]["availableLocales"], json!(["ar", "en", "es", "fr", "ru", "zh-CN"]));

        let first = data(&app.graphql(COURSES, json!({ "first": 2 })).await, "courses").clone();
        assert_eq!(first["edges"].as_array().map(Vec::len), Some(2));
        assert_eq!(first["pageInfo"]["hasNextPage"], true);
        let rest = app.graphql(COURSES, json!({ "first": 2, "after": first["pageInfo"]["endCursor"] })).await;
        let rest = data(&rest, "courses");
        assert_eq!(rest["edges"][0]["node"]["slug"], DATA);
        assert_eq!(rest["pageInfo"]["hasNextPage"], false);

        let by_slug = course(&app, SAFETY).await;
        assert_eq!(by_slug["id"], nodes[1]["id"]);
        assert!(course(&app, "no-such-course").await.is_null());
        let as_node = app.graphql(NODE, json!({ "id": by_slug["id"] })).await;
        assert_eq!(data(&as_node, "node")["slug"], SAFETY);
        let first_lesson = lesson(&by_slug, "what-evaluation-is-for").expect("the lesson");
        let as_node = app.graphql(NODE, json!({ "id": first_lesson["id"] })).await;
        assert_eq!(data(&as_node, "node")["course"]["slug"], SAFETY);
        assert_eq!(data(&as_node, "node")["title"], first_lesson["title"]);

        assert_eq!(audit_count(&app, "course.import").await, 3, "{engine:?}");
        app.stop().await;
    }
}

/// The SQL statements one request for the first `first` courses, with everything in them, runs.
async fn statements_for_courses(app: &TestApp, first: usize) -> u64 {
    let before = app.services.db.statements_run();
    let page = app.graphql(COURSES, json!({ "first": first })).await;
    let after = app.services.db.statements_run();
    assert_eq!(data(&page, "courses")["edges"].as_array().map(Vec::len), Some(first));
    after - before
}

#[tokio::test]
async fn the_catalogue_costs_the_same_few_statements_however_many_courses() {
    for engine in engines() {
        let root = course_content_root().display().to_string();
        let app =
            TestApp::spawn_with(engine, &[("AGORA_COURSE_CONTENT", &root), ("AGORA_MAIL_POLL_MS", "600000")]).await;
        statements_for_courses(&app, 3).await;
        let one = statements_for_courses(&app, 1).await;
        let three = statements_for_courses(&app, 3).await;
        assert_eq!(one, three, "{engine:?}: the statements do not grow with the page");
        // The count and the page, then one query per kind: course, module, lesson and quiz texts,
        // modules, lessons and quizzes.
        assert!(three <= 9, "{engine:?}: {three} statements for the catalogue");
        app.stop().await;
    }
}

#[tokio::test]
async fn a_second_import_changes_nothing() {
    for engine in engines() {
        let mut app = spawn_with_courses(engine, &course_content_root()).await;
        let before = data(&app.graphql(COURSES, json!({})).await, "courses").clone();

        let report = import(&app, &course_content_root()).await;
        assert!(report.imported.is_empty() && report.updated.is_empty() && report.refused.is_empty(), "{report:?}");
        assert_eq!(slugs(&report.unchanged, |c| &c.slug), [RISK, SAFETY, DATA].map(String::from));
        app.restart().await;

        let after = data(&app.graphql(COURSES, json!({})).await, "courses").clone();
        assert_eq!(after, before, "{engine:?}: same IDs, texts and updatedAt");
        assert_eq!(audit_count(&app, "course.import").await, 3);
        assert_eq!(audit_count(&app, "course.update").await, 0);
        app.stop().await;
    }
}

#[tokio::test]
async fn imports_racing_each_other_write_each_course_once() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        let root = course_content_root();
        let (first, second) = tokio::join!(import(&app, &root), import(&app, &root));
        let mut imported = slugs(&first.imported, |c| &c.slug);
        imported.extend(slugs(&second.imported, |c| &c.slug));
        imported.sort();
        assert_eq!(imported, [RISK, SAFETY, DATA].map(String::from), "{engine:?}: {first:?} {second:?}");
        assert_eq!(first.unchanged.len() + second.unchanged.len(), 3);
        assert_eq!(audit_count(&app, "course.import").await, 3);
        app.stop().await;
    }
}

#[tokio::test]
async fn editing_a_lesson_updates_its_course_and_the_lesson_keeps_its_id() {
    for engine in engines() {
        let content = course_content_copy();
        let app = spawn_with_courses(engine, content.path()).await;
        let before = course(&app, RISK).await;
        let lesson_before = lesson(&before, "what-ai-risk-is").expect("the lesson").clone();

        let file = format!("{RISK_MODULE}/01-what-ai-risk-is.md");
        edit(content.path(), &file, "title = \"What AI risk is\"", "title = \"What AI risk really is\"");
        edit(content.path(), &file, "+++\n\n", "+++\n\nA sentence added in review.\n\n");
        let report = import(&app, content.path()).await;
        assert_eq!(slugs(&report.updated, |c| &c.slug), [RISK]);
        assert_eq!(slugs(&report.unchanged, |c| &c.slug), [SAFETY, DATA].map(String::from));

        let after = course(&app, RISK).await;
        let lesson_after = lesson(&after, "what-ai-risk-is").expect("the lesson");
        assert_eq!(lesson_after["id"], lesson_before["id"], "{engine:?}: the lesson keeps its ID");
        assert_eq!(lesson_after["title"], "What AI risk really is");
        assert!(lesson_after["html"].as_str().is_some_and(|html| html.contains("A sentence added in review.")));
        assert_eq!(after["id"], before["id"]);
        assert_ne!(after["updatedAt"], before["updatedAt"]);
        let untouched = lesson(&after, "risk-across-the-ai-lifecycle").expect("the other lesson");
        assert_eq!(Some(untouched), lesson(&before, "risk-across-the-ai-lifecycle"));
        assert_eq!(audit_count(&app, "course.update").await, 1);
        app.stop().await;
    }
}

#[tokio::test]
async fn a_removed_lesson_is_retired_and_comes_back_with_its_id() {
    for engine in engines() {
        let content = course_content_copy();
        let app = spawn_with_courses(engine, content.path()).await;
        let before = course(&app, RISK).await;
        let removed = lesson(&before, "risk-across-the-ai-lifecycle").expect("the lesson").clone();

        let aside = tempfile::tempdir().expect("a temporary folder");
        let module = content.path().join(RISK_MODULE);
        for entry in std::fs::read_dir(&module).expect("the module folder") {
            let entry = entry.expect("an entry");
            if entry.file_name().to_string_lossy().starts_with("02-risk-across-the-ai-lifecycle") {
                std::fs::rename(entry.path(), aside.path().join(entry.file_name())).expect("moved aside");
            }
        }
        let report = import(&app, content.path()).await;
        assert_eq!(slugs(&report.updated, |c| &c.slug), [RISK], "{report:?}");
        let after = course(&app, RISK).await;
        assert!(lesson(&after, "risk-across-the-ai-lifecycle").is_none(), "{engine:?}: a retired lesson is not listed");
        assert!(lesson(&after, "what-ai-risk-is").is_some());
        assert!(data(&app.graphql(NODE, json!({ "id": removed["id"] })).await, "node").is_null());

        for entry in std::fs::read_dir(aside.path()).expect("the moved files") {
            let entry = entry.expect("an entry");
            std::fs::rename(entry.path(), module.join(entry.file_name())).expect("moved back");
        }
        let report = import(&app, content.path()).await;
        assert_eq!(slugs(&report.updated, |c| &c.slug), [RISK]);
        let back = course(&app, RISK).await;
        assert_eq!(lesson(&back, "risk-across-the-ai-lifecycle").map(|l| &l["id"]), Some(&removed["id"]));
        assert_eq!(back["modules"], before["modules"], "{engine:?}: the course is as it was");
        app.stop().await;
    }
}

#[tokio::test]
async fn a_broken_course_is_refused_with_file_and_line_and_the_others_import() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        let content = course_content_copy();
        import(&app, content.path()).await;
        let data_before = course(&app, DATA).await;

        edit(content.path(), &format!("{SAFETY}/course.toml"), "pass_mark = 70", "pass_mark = = 70");
        let quiz = format!("{DATA}/01-principles-of-data-protection/quiz.fr.toml");
        let quiz_text = std::fs::read_to_string(content.path().join(&quiz)).expect("the quiz translation");
        let line = quiz_text.lines().position(|line| line == "id = \"anonymous\"").expect("the choice") + 1;
        edit(content.path(), &quiz, "id = \"anonymous\"", "id = \"no-such-choice\"");
        edit(content.path(), &format!("{RISK_MODULE}/01-what-ai-risk-is.md"), "+++\n\n", "+++\n\nEdited.\n\n");
        let report = import(&app, content.path()).await;

        assert_eq!(slugs(&report.updated, |c| &c.slug), [RISK], "{engine:?}: the sound course still imports");
        assert_eq!(slugs(&report.refused, |c| &c.slug), [SAFETY, DATA].map(String::from));
        let safety = &report.refused[0].problems;
        assert_eq!(safety[0].file, Path::new(SAFETY).join("course.toml"), "{safety:?}");
        assert_eq!(safety[0].line, Some(6), "{safety:?}");
        let data_problems = &report.refused[1].problems;
        assert_eq!(data_problems.len(), 1, "{data_problems:?}");
        assert_eq!(data_problems[0].file, Path::new(&quiz));
        assert_eq!(data_problems[0].line, Some(line));
        assert!(data_problems[0].message.contains("no-such-choice"), "{}", data_problems[0]);
        let text = report.to_string();
        assert!(text.contains(&format!("refused    {DATA}\n  {quiz}:{line}: ")), "{text}");

        assert_eq!(course(&app, DATA).await, data_before, "{engine:?}: a refused course stays as it was");
        assert!(!course(&app, SAFETY).await.is_null());
        app.stop().await;
    }
}

#[tokio::test]
async fn a_server_starts_whatever_the_content() {
    for engine in engines() {
        let content = course_content_copy();
        edit(content.path(), &format!("{SAFETY}/course.toml"), "pass_mark = 70", "pass_mark = = 70");
        edit(content.path(), &format!("{DATA}/course.toml"), "version = 1", "version = 0");
        let app = spawn_with_courses(engine, content.path()).await;
        let listed = data(&app.graphql(COURSES, json!({})).await, "courses").clone();
        assert_eq!(listed["totalCount"], 1, "{engine:?}: the sound course is imported");
        assert_eq!(listed["edges"][0]["node"]["slug"], RISK);
        app.stop().await;

        let missing = content.path().join("no-such-folder");
        let app = spawn_with_courses(engine, &missing).await;
        assert_eq!(data(&app.graphql(COURSES, json!({})).await, "courses")["totalCount"], 0);
        app.stop().await;
    }
}

#[tokio::test]
async fn courses_read_in_the_request_language_and_fall_back_to_the_original() {
    let catalogue = read_catalogue(&course_content_root()).expect("the content reads");
    let safety = catalogue.courses.iter().find(|course| course.slug == SAFETY).expect("the course");
    let french_title = safety.translations["fr"].title.clone();
    let french_lesson = safety.modules[0].lessons[0].translations["fr"].title.clone();
    for engine in engines() {
        let app = spawn_with_courses(engine, &course_content_root()).await;
        let body = json!({ "query": COURSE, "variables": { "slug": SAFETY } });
        let by_query = app.client.post(app.url("/graphql?locale=fr")).json(&body).send().await.expect("an answer");
        let by_query: Value = by_query.json().await.expect("JSON");
        let mut with_extension = body.clone();
        with_extension["extensions"] = json!({ "locale": "fr-CA" });
        let by_extension = app.post_json(with_extension).await;
        for response in [&by_query, &by_extension] {
            let french = data(response, "course");
            assert_eq!(french["title"], french_title.as_str(), "{engine:?}");
            assert_eq!(french["locale"], "fr");
            assert_eq!(french["modules"][0]["locale"], "fr");
            assert_eq!(french["modules"][0]["lessons"][0]["title"], french_lesson.as_str());
            assert_eq!(french["modules"][0]["lessons"][0]["locale"], "fr");
            assert_eq!(french["modules"][0]["quiz"]["locale"], "fr");
        }

        let mut spanish = body.clone();
        spanish["extensions"] = json!({ "locale": "es" });
        let spanish = app.post_json(spanish).await;
        let fallback = data(&spanish, "course");
        assert_eq!(fallback["locale"], "en", "{engine:?}: no Spanish, so the original");
        assert_eq!(fallback["title"], safety.translations["en"].title.as_str());
        assert_eq!(fallback["modules"][0]["lessons"][0]["locale"], "en");
        assert_eq!(fallback["availableLocales"], json!(["en", "fr", "zh-CN"]));
        app.stop().await;
    }
}

#[tokio::test]
async fn outdated_translations_are_listed() {
    for engine in engines() {
        let content = course_content_copy();
        let app = spawn_with_courses(engine, content.path()).await;
        let lesson_file = format!("{DATA}/01-principles-of-data-protection/01-personal-data-and-why-it-matters.md");
        edit(content.path(), &lesson_file, "version = 1", "version = 2");
        let report = import(&app, content.path()).await;
        assert_eq!(report.updated.len(), 1);
        assert_eq!(report.updated[0].outdated_locales, ["es", "fr"]);
        assert!(report.to_string().contains(&format!("updated    {DATA} (outdated translations: es, fr)")));

        let updated = course(&app, DATA).await;
        assert_eq!(updated["outdatedLocales"], json!(["es", "fr"]), "{engine:?}");
        assert_eq!(updated["availableLocales"], json!(["en", "es", "fr"]), "outdated translations are still shown");
        assert_eq!(course(&app, RISK).await["outdatedLocales"], json!([]));
        app.stop().await;
    }
}

#[tokio::test]
async fn lesson_html_carries_no_script() {
    for engine in engines() {
        let content = course_content_copy();
        let app = spawn_with_courses(engine, content.path()).await;
        let hostile = "+++\n\n<script>alert('x')</script>\n\n<img src=\"a.png\" onerror=\"alert(1)\">\n\n\
                       [click](javascript:alert(1))\n\n";
        edit(content.path(), &format!("{RISK_MODULE}/01-what-ai-risk-is.md"), "+++\n\n", hostile);
        import(&app, content.path()).await;

        let all = app.graphql(COURSES, json!({})).await;
        let edges = data(&all, "courses")["edges"].as_array().expect("edges").clone();
        let mut lessons = 0;
        for edge in &edges {
            for module in edge["node"]["modules"].as_array().expect("modules") {
                for lesson in module["lessons"].as_array().expect("lessons") {
                    let html = lesson["html"].as_str().expect("html");
                    for forbidden in ["<script", "alert('x')", "onerror", "javascript:"] {
                        assert!(!html.contains(forbidden), "{engine:?}: {forbidden} in {}", lesson["key"]);
                    }
                    lessons += 1;
                }
            }
        }
        assert_eq!(lessons, 12);
        let edited = lesson(&course(&app, RISK).await, "what-ai-risk-is").expect("the lesson").clone();
        assert!(edited["html"].as_str().is_some_and(|html| html.contains("<img src=\"a.png\">")), "{edited}");
        app.stop().await;
    }
}

#[tokio::test]
async fn no_field_of_a_quiz_reveals_its_answers() {
    let app = TestApp::spawn(agora_tests::Engine::Sqlite).await;
    let query = "query($name: String!) { __type(name: $name) { fields { name } } }";
    for (type_name, expected) in [
        ("Quiz", vec!["id", "maxAttempts", "questions", "locale"]),
        ("QuizQuestion", vec!["id", "kind", "prompt", "choices"]),
        ("QuizChoice", vec!["id", "text"]),
    ] {
        let response = app.graphql(query, json!({ "name": type_name })).await;
        let fields: Vec<&str> = data(&response, "__type")["fields"]
            .as_array()
            .expect("fields")
            .iter()
            .map(|field| field["name"].as_str().expect("a name"))
            .collect();
        assert_eq!(fields, expected, "{type_name}");
    }
    app.stop().await;
}
