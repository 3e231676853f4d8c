//! The `agora` binary: bad configuration ends it with one clear line naming the variable and a
//! non-zero exit code, `export-schema` prints the SDL, and `import-courses` reports each course
//! and fails when one is refused.

use std::process::Command;

mod support;

fn agora(vars: &[(&str, &str)], args: &[&str]) -> std::process::Output {
    let data = tempfile::tempdir().expect("a folder");
    let mut command = Command::new(env!("CARGO_BIN_EXE_agora"));
    command.args(args).current_dir(data.path()).env("AGORA_LOG_FORMAT", "text");
    for (name, value) in vars {
        command.env(name, value);
    }
    command.output().expect("agora runs")
}

fn assert_refused(output: &std::process::Output, variable: &str) {
    assert!(!output.status.success(), "agora should have failed");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let last_line = stderr.lines().last().unwrap_or_default();
    assert!(last_line.contains(variable), "the error names {variable}: {stderr}");
    assert!(!stderr.contains("panicked"), "no panic: {stderr}");
    assert!(!stderr.contains("RUST_BACKTRACE"), "no backtrace hint: {stderr}");
}

#[test]
fn an_unknown_database_scheme_is_one_clear_line() {
    let output = agora(&[("AGORA_DATABASE_URL", "mysql://root@localhost/agora")], &["migrate"]);
    assert_refused(&output, "AGORA_DATABASE_URL");
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn an_unparsable_listen_address_is_one_clear_line() {
    let output = agora(&[("AGORA_LISTEN", "everywhere:80")], &["serve"]);
    assert_refused(&output, "AGORA_LISTEN");
}

#[test]
fn an_unreachable_postgres_is_one_clear_line() {
    let output = agora(&[("AGORA_DATABASE_URL", "postgres://agora@127.0.0.1:1/agora?connect_timeout=2")], &["migrate"]);
    assert_refused(&output, "AGORA_DATABASE_URL");
}

#[test]
fn export_schema_prints_the_sdl() {
    let output = agora(&[], &["export-schema"]);
    assert!(output.status.success());
    assert_eq!(String::from_utf8_lossy(&output.stdout), agora::graphql::sdl());
}

#[test]
fn migrate_creates_the_embedded_database() {
    let data = tempfile::tempdir().expect("a folder");
    let output =
        Command::new(env!("CARGO_BIN_EXE_agora")).arg("migrate").current_dir(data.path()).output().expect("agora runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(data.path().join("data/agora.db").exists());
}

#[test]
fn create_admin_makes_one_account_and_explains_refusals() {
    let data = tempfile::tempdir().expect("a folder");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_agora"))
            .args(args)
            .current_dir(data.path())
            .env("AGORA_PASSWORD_HASH_MEMORY_KIB", "1024")
            .env("AGORA_PASSWORD_HASH_ITERATIONS", "1")
            .output()
            .expect("agora runs")
    };
    let created = run(&["create-admin", "--email", "root@example.org", "--password", "correct horse battery"]);
    assert!(created.status.success(), "{}", String::from_utf8_lossy(&created.stderr));

    let again = run(&["create-admin", "--email", "ROOT@example.org", "--password", "correct horse battery"]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));

    let short = run(&["create-admin", "--email", "other@example.org", "--password", "short"]);
    assert!(!short.status.success());
    let stderr = String::from_utf8_lossy(&short.stderr);
    assert!(stderr.lines().last().unwrap_or_default().contains("--password"), "{stderr}");
}

#[test]
fn serve_stops_cleanly_on_sigterm() {
    let server = support::Server::start(&[]);
    assert!(server.address.starts_with("127.0.0.1:"), "{}", server.address);
    let (status, _) = server.stop();
    assert!(status.success(), "a clean stop exits with 0, got {status}");
}

#[test]
fn import_courses_reports_each_course_and_fails_when_one_is_refused() {
    let content = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../course-content");
    let folder = tempfile::tempdir().expect("a folder");
    let mut slugs = Vec::new();
    for entry in std::fs::read_dir(&content).expect("the course content") {
        let entry = entry.expect("an entry");
        if entry.path().is_dir() {
            std::os::unix::fs::symlink(entry.path(), folder.path().join(entry.file_name())).expect("a link");
            slugs.push(entry.file_name().to_string_lossy().into_owned());
        }
    }
    slugs.sort();
    let data = tempfile::tempdir().expect("a folder");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_agora"))
            .args(args)
            .current_dir(data.path())
            .env("AGORA_LOG_FORMAT", "text")
            .env("AGORA_COURSE_CONTENT", folder.path())
            .output()
            .expect("agora runs")
    };
    let lines = |output: &std::process::Output| -> Vec<String> {
        String::from_utf8_lossy(&output.stdout).lines().map(str::to_owned).collect()
    };

    let first = run(&["import-courses", &folder.path().display().to_string()]);
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    assert_eq!(lines(&first), slugs.iter().map(|slug| format!("imported   {slug}")).collect::<Vec<_>>());
    let again = run(&["import-courses"]);
    assert!(again.status.success(), "{}", String::from_utf8_lossy(&again.stderr));
    assert_eq!(lines(&again), slugs.iter().map(|slug| format!("unchanged  {slug}")).collect::<Vec<_>>());

    let broken = folder.path().join("broken-course");
    std::fs::create_dir(&broken).expect("a course folder");
    std::fs::write(broken.join("course.toml"), "title = \"Broken\"\nlevel = = \"introductory\"\n").expect("a file");
    let refused = run(&["import-courses"]);
    assert_eq!(refused.status.code(), Some(1), "a refused course fails the command");
    let stdout = String::from_utf8_lossy(&refused.stdout);
    assert!(stdout.contains("\nrefused    broken-course\n  broken-course/course.toml:2: "), "{stdout}");
    assert_eq!(stdout.lines().filter(|line| line.starts_with("unchanged  ")).count(), slugs.len(), "{stdout}");
    let stderr = String::from_utf8_lossy(&refused.stderr);
    let last_line = stderr.lines().last().unwrap_or_default();
    assert!(last_line.contains(&format!("1 of {} courses refused", slugs.len() + 1)), "{stderr}");
}
