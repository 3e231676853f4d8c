//! The documentation's examples run: every GraphQL command that README.md and docs/*.md show is
//! sent to a real server, so a renamed field breaks the build rather than the docs.
//!
//! What counts as a command: each `curl … /graphql … -d '…'` in a ```sh block, read as a shell
//! reads it (quotes, line continuations, `'"$SPLICES"'`); each ```graphql block; and each
//! websocket `subscribe` message in a ```json block, sent over `/graphql/ws`. None may be refused
//! as a document that does not parse or validate (`BAD_REQUEST`), nor as too costly, nor fail
//! internally; answers such as `NOT_FOUND` or `FORBIDDEN`, which placeholder IDs cause, are fine.
//!
//! Shell variables stand for values from earlier answers, as the prose says. Within one file:
//! `$TOKEN` and `$REFRESH_TOKEN` come from the last `login` or `refreshSession`, `$VERIFY_TOKEN`
//! from the email sent to the last address registered, `$AGORA_ADMIN_PASSWORD` is the password
//! of `admin@example.org`, and a token in an `authorization` header is a real one (the admin's
//! for `$ADMIN`, otherwise a verified account's named after the variable), so every request
//! gets past authentication to validation. Any other variable becomes a placeholder string.
//!
//! So the account flow runs for real: the documented `register`, `verifyEmail` and `login` must
//! succeed. A command that uses no variable at all (a public read) must answer without any error.
//! And the answer the docs show right after a command may only name fields that the command
//! selects, so an output left behind by a rename is caught too.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use agora::identity::service::NewAdmin;
use agora_tests::websocket;
use agora_tests::{TestApp, course_content_root, engines, token_in};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;

/// The administrator that the command-line examples create.
const ADMIN_EMAIL: &str = "admin@example.org";
const ADMIN_PASSWORD: &str = "documented admin password";
/// Codes that say the example itself is wrong, whatever the values in it.
const REFUSED: [&str; 4] = ["BAD_REQUEST", "QUERY_TOO_COMPLEX", "PAYLOAD_TOO_LARGE", "INTERNAL"];
/// Operations that the documented account flow must carry out, not merely get past validation.
const MUST_SUCCEED: [&str; 4] = ["register", "verifyEmail", "login", "refreshSession"];
/// The host every example speaks to.
const DOCUMENTED_SERVER: &str = "http://127.0.0.1:8080";

#[tokio::test]
async fn every_graphql_example_in_the_docs_parses_validates_and_runs() {
    let documents = documents();
    let examples: Vec<&Example> = documents.iter().flat_map(|document| &document.examples).collect();
    assert!(!examples.is_empty(), "no GraphQL example found in {:?}: is the extraction broken?", file_names());
    for document in &documents {
        assert_eq!(
            document.examples.iter().filter(|example| example.from_curl).count(),
            document.curl_lines,
            "{}: every `curl … /graphql` line starts one command the test reads (a quote left open swallows the next)",
            document.name,
        );
    }

    for engine in engines() {
        let courses = course_content_root();
        let courses = courses.to_str().expect("a UTF-8 path");
        let app = TestApp::spawn_with(engine, &[("AGORA_COURSE_CONTENT", courses)]).await;
        let admin = NewAdmin { email: ADMIN_EMAIL, password: ADMIN_PASSWORD, display_name: Some("Platform team") };
        let admin = agora::identity::service::create_admin(&app.services, admin).await.expect("the admin is created");
        let admin_token = app.access_token(&admin.id);
        let mut reader = Reader { app: &app, admin_token, json_fields: json_fields(), tokens: HashMap::new() };

        let mut report = Report::default();
        for document in &documents {
            let mut shell = Shell::default();
            for example in &document.examples {
                reader.run(&document.name, example, &mut shell, &mut report).await;
            }
        }
        for operation in ["register", "verifyEmail", "login"] {
            if !report.succeeded.iter().any(|done| done == operation) {
                report.failures.push(format!("no documented `{operation}` command ran successfully"));
            }
        }
        assert!(
            report.failures.is_empty(),
            "{engine:?}: {} problems in the {} documented commands:\n\n{}",
            report.failures.len(),
            examples.len(),
            report.failures.join("\n\n"),
        );
        let with_answers = examples.iter().filter(|example| !example.documented_answer.is_empty()).count();
        eprintln!(
            "{engine:?}: {} documented commands from {} files ran ({} without any error); \
             {with_answers} answers shown in the docs name only fields their commands select",
            report.ran,
            documents.len(),
            report.clean,
        );
        app.stop().await;
    }
}

/// The repository root.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// README.md, then every docs/*.md by name.
fn file_names() -> Vec<String> {
    let mut docs: Vec<String> = std::fs::read_dir(root().join("docs"))
        .expect("the docs folder")
        .map(|entry| entry.expect("a docs entry").file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".md"))
        .map(|name| format!("docs/{name}"))
        .collect();
    docs.sort();
    std::iter::once("README.md".to_owned()).chain(docs).collect()
}

struct Document {
    name: String,
    examples: Vec<Example>,
    /// Lines of ```sh blocks that start a `curl` to `/graphql`, counted naively.
    curl_lines: usize,
}

fn documents() -> Vec<Document> {
    file_names()
        .into_iter()
        .map(|name| {
            let text = std::fs::read_to_string(root().join(&name)).unwrap_or_else(|error| panic!("{name}: {error}"));
            let mut examples: Vec<Example> = Vec::new();
            let mut curl_lines = 0;
            // The curl example that the last shell block ended with, which a following ```json block answers.
            let mut last_command_example: Option<usize> = None;
            for block in fenced_blocks(&text) {
                if let Some(index) = last_command_example.filter(|_| block.language == "json" && block.follows_previous)
                {
                    examples[index].documented_answer.push_str(&block.text);
                }
                last_command_example = None;
                match block.language.as_str() {
                    "sh" | "bash" | "shell" => {
                        curl_lines += block
                            .text
                            .lines()
                            .filter(|line| !line.trim_start().starts_with('#'))
                            .filter(|line| line.contains("curl ") && calls_graphql_over_http(line))
                            .filter(|line| !line.contains(" -G ") && !line.contains("--get"))
                            .count();
                        for command in shell_commands(&block.text, block.first_line) {
                            last_command_example = None;
                            if let Some(request) = curl_request(&command) {
                                let documented_answer = command.comments;
                                examples.push(Example {
                                    line: command.line,
                                    from_curl: true,
                                    request,
                                    documented_answer,
                                });
                                last_command_example = Some(examples.len() - 1);
                            }
                        }
                    }
                    "graphql" => {
                        let query = Word(vec![Piece::Text(json!({ "query": block.text }).to_string())]);
                        let request =
                            Request::Http { path: "/graphql".to_owned(), headers: vec![json_header()], body: query };
                        examples.push(Example::documented(block.first_line, request));
                    }
                    "json" => {
                        let message: Option<Value> = serde_json::from_str(&block.text).ok();
                        if let Some(message) = message.filter(|message| message["type"] == "subscribe") {
                            examples.push(Example::documented(block.first_line, Request::Subscribe(message)));
                        }
                    }
                    _ => {}
                }
            }
            Document { name, examples, curl_lines }
        })
        .collect()
}

fn calls_graphql_over_http(text: &str) -> bool {
    text.match_indices("/graphql").any(|(at, _)| !text[at + "/graphql".len()..].starts_with(['/', '-', '_']))
}

fn json_header() -> Word {
    Word(vec![Piece::Text("content-type: application/json".to_owned())])
}

/// A fenced block: its language, the line of its first content line (1-based) and its text.
struct Block {
    language: String,
    first_line: usize,
    text: String,
    /// Only blank lines separate it from the block before (it shows that block's answer).
    follows_previous: bool,
}

fn fenced_blocks(markdown: &str) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut open: Option<(usize, Block)> = None;
    let mut only_blank_since_last = false;
    for (index, line) in markdown.lines().enumerate() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        match open.as_mut() {
            None => {
                if let Some(language) = trimmed.strip_prefix("```") {
                    let language = language.trim().to_owned();
                    let follows_previous = only_blank_since_last;
                    open = Some((
                        indent,
                        Block { language, first_line: index + 2, text: String::new(), follows_previous },
                    ));
                } else if !trimmed.is_empty() {
                    only_blank_since_last = false;
                }
            }
            Some((block_indent, block)) => {
                if trimmed == "```" {
                    let (_, block) = open.take().expect("an open block");
                    blocks.push(block);
                    only_blank_since_last = true;
                } else {
                    let strip = line.len() - line.trim_start_matches(' ').len();
                    block.text.push_str(&line[strip.min(*block_indent)..]);
                    block.text.push('\n');
                }
            }
        }
    }
    blocks
}

/// A shell word: literal text and `$VARIABLES`, expanded when the command runs.
#[derive(Debug, Clone, Default)]
struct Word(Vec<Piece>);

#[derive(Debug, Clone)]
enum Piece {
    Text(String),
    Variable(String),
}

impl Word {
    fn push_char(&mut self, c: char) {
        match self.0.last_mut() {
            Some(Piece::Text(text)) => text.push(c),
            _ => self.0.push(Piece::Text(c.to_string())),
        }
    }

    /// The text, when the word holds no variable.
    fn literal(&self) -> Option<String> {
        self.0
            .iter()
            .map(|piece| match piece {
                Piece::Text(text) => Some(text.as_str()),
                Piece::Variable(_) => None,
            })
            .collect()
    }

    fn has_variables(&self) -> bool {
        self.0.iter().any(|piece| matches!(piece, Piece::Variable(_)))
    }
}

/// One simple command of a shell block, with the line it starts on and the comments that follow
/// it (where the docs show its answer).
struct ShellCommand {
    line: usize,
    words: Vec<Word>,
    comments: String,
}

/// Splits a shell block into simple commands, the way sh would: quotes may span lines, `\` at
/// the end of a line continues it, `#` starts a comment, and `|`, `;`, `&`, `>`, `<` end a command.
fn shell_commands(text: &str, first_line: usize) -> Vec<ShellCommand> {
    let chars: Vec<char> = text.chars().collect();
    let mut commands = Vec::new();
    let mut words: Vec<Word> = Vec::new();
    let mut word: Option<Word> = None;
    let (mut line, mut command_line) = (first_line, first_line);
    let mut i = 0;
    let finish_word = |word: &mut Option<Word>, words: &mut Vec<Word>| {
        if let Some(done) = word.take() {
            words.push(done);
        }
    };
    // A comment on the line of an unfinished command waits for it.
    let mut pending = String::new();
    let finish_command =
        |words: &mut Vec<Word>, commands: &mut Vec<ShellCommand>, line: usize, pending: &mut String| {
            if !words.is_empty() {
                commands.push(ShellCommand { line, words: std::mem::take(words), comments: std::mem::take(pending) });
            }
        };
    while i < chars.len() {
        let c = chars[i];
        if word.is_none() && !matches!(c, ' ' | '\t' | '\n' | '#' | '|' | ';' | '&' | '>' | '<') && words.is_empty() {
            command_line = line;
        }
        match c {
            '\n' => {
                finish_word(&mut word, &mut words);
                finish_command(&mut words, &mut commands, command_line, &mut pending);
                line += 1;
            }
            ' ' | '\t' => finish_word(&mut word, &mut words),
            '#' if word.is_none() => {
                let start = i + 1;
                while i + 1 < chars.len() && chars[i + 1] != '\n' {
                    i += 1;
                }
                let comment: String = chars[start..=i].iter().chain(['\n'].iter()).collect();
                match commands.last_mut() {
                    Some(command) if words.is_empty() => command.comments.push_str(&comment),
                    _ if words.is_empty() => {}
                    _ => pending.push_str(&comment),
                }
            }
            '|' | ';' | '&' | '>' | '<' => {
                finish_word(&mut word, &mut words);
                finish_command(&mut words, &mut commands, command_line, &mut pending);
            }
            '\\' => match chars.get(i + 1) {
                Some('\n') => {
                    i += 1;
                    line += 1;
                }
                Some(&next) => {
                    word.get_or_insert_with(Word::default).push_char(next);
                    i += 1;
                }
                None => {}
            },
            '\'' => {
                let current = word.get_or_insert_with(Word::default);
                i += 1;
                while i < chars.len() && chars[i] != '\'' {
                    line += usize::from(chars[i] == '\n');
                    current.push_char(chars[i]);
                    i += 1;
                }
            }
            '"' => {
                let current = word.get_or_insert_with(Word::default);
                i += 1;
                while i < chars.len() && chars[i] != '"' {
                    match chars[i] {
                        '\\' if matches!(chars.get(i + 1), Some('"' | '\\' | '$' | '`')) => {
                            current.push_char(chars[i + 1]);
                            i += 1;
                        }
                        '$' => i = variable(&chars, i, current),
                        other => {
                            line += usize::from(other == '\n');
                            current.push_char(other);
                        }
                    }
                    i += 1;
                }
            }
            '$' => i = variable(&chars, i, word.get_or_insert_with(Word::default)),
            other => word.get_or_insert_with(Word::default).push_char(other),
        }
        i += 1;
    }
    finish_word(&mut word, &mut words);
    finish_command(&mut words, &mut commands, command_line, &mut pending);
    commands
}

/// Reads `$NAME` or `${NAME}` at `chars[at]` into `word`; returns the index of its last character.
fn variable(chars: &[char], at: usize, word: &mut Word) -> usize {
    let braced = chars.get(at + 1) == Some(&'{');
    let start = at + 1 + usize::from(braced);
    let mut end = start;
    while end < chars.len() && (chars[end].is_ascii_alphanumeric() || chars[end] == '_') {
        end += 1;
    }
    if end == start {
        word.push_char('$');
        return at;
    }
    word.0.push(Piece::Variable(chars[start..end].iter().collect()));
    if braced { end } else { end - 1 }
}

/// A documented command, and the line of the file where it starts.
struct Example {
    line: usize,
    from_curl: bool,
    request: Request,
    /// The answer the docs show right after the command (comments after it, or a ```json block
    /// that directly follows its shell block), if any.
    documented_answer: String,
}

impl Example {
    fn documented(line: usize, request: Request) -> Self {
        Self { line, from_curl: false, request, documented_answer: String::new() }
    }
}

enum Request {
    /// A POST to `/graphql` (with the documented query string).
    Http { path: String, headers: Vec<Word>, body: Word },
    /// A `subscribe` message over `/graphql/ws`.
    Subscribe(Value),
}

/// The request of a `curl` command that POSTs to `/graphql`; `None` for other commands, other
/// paths and GET requests (`-G`).
fn curl_request(command: &ShellCommand) -> Option<Request> {
    if command.words.first()?.literal()? != "curl" {
        return None;
    }
    let (mut url, mut headers, mut body, mut get) = (None, Vec::new(), None, false);
    let mut words = command.words.iter().skip(1);
    while let Some(word) = words.next() {
        let text = word.literal().unwrap_or_default();
        match text.as_str() {
            "-H" | "--header" => headers.extend(words.next().cloned()),
            "-d" | "--data" | "--data-raw" | "--data-binary" => body = words.next().cloned(),
            "-G" | "--get" => get = true,
            "-X" | "--request" | "-o" | "--output" | "-w" | "--write-out" | "--data-urlencode" | "-u" => {
                words.next();
            }
            _ if text.starts_with("http://") || text.starts_with("https://") => url = Some(text),
            _ => {}
        }
    }
    let url = url?;
    let path = url.strip_prefix(DOCUMENTED_SERVER).unwrap_or(&url).to_owned();
    let graphql = path == "/graphql" || path.starts_with("/graphql?");
    if !graphql || get {
        return None;
    }
    // A command without a body is still counted: sending it fails with a clear message.
    Some(Request::Http { path, headers, body: body.unwrap_or_default() })
}

/// The values of one file's shell variables, as its prose keeps them.
#[derive(Default)]
struct Shell {
    variables: HashMap<String, String>,
    registered: Option<String>,
}

#[derive(Default)]
struct Report {
    ran: usize,
    clean: usize,
    succeeded: Vec<String>,
    failures: Vec<String>,
}

struct Reader<'a> {
    app: &'a TestApp,
    admin_token: String,
    /// Fields of the JSON scalar type: what a documented answer shows inside them is not a field.
    json_fields: Vec<String>,
    /// Access tokens of the accounts that stand for token variables, by variable name.
    tokens: HashMap<String, String>,
}

impl Reader<'_> {
    async fn run(&mut self, file: &str, example: &Example, shell: &mut Shell, report: &mut Report) {
        let place = format!("{file}:{}", example.line);
        report.ran += 1;
        let outcome = match &example.request {
            Request::Http { path, headers, body } => self.post(path, headers, body, shell).await,
            Request::Subscribe(message) => self.subscribe(message).await,
        };
        let (sent, answer, self_contained) = match outcome {
            Ok(outcome) => outcome,
            Err(problem) => {
                report.failures.push(format!("{place}: {problem}"));
                return;
            }
        };
        let operation = first_field(&sent);
        let errors = errors_of(&answer);
        let mut problems: Vec<String> = unselected_fields(&example.documented_answer, &sent, &self.json_fields)
            .into_iter()
            .map(|field| format!("the answer shown after it has `{field}`, which the command does not select"))
            .collect();
        for error in &errors {
            let code = error["extensions"]["code"].as_str().unwrap_or("(no code)");
            if REFUSED.contains(&code) || code == "(no code)" {
                problems.push(format!("{code}: {}", error["message"]));
            }
        }
        if problems.is_empty() && !errors.is_empty() {
            if self_contained {
                problems.push(format!("a command that uses no variable must answer without errors: {errors:?}"));
            } else if operation.as_deref().is_some_and(|name| MUST_SUCCEED.contains(&name)) {
                problems.push(format!("the documented account flow must succeed: {errors:?}"));
            }
        }
        if errors.is_empty() {
            report.clean += 1;
            if let Some(name) = operation {
                self.remember(&name, &sent, &answer, shell);
                report.succeeded.push(name);
            }
        }
        if !problems.is_empty() {
            let mut text = format!("{place}: {}", problems.join("; "));
            let _ = write!(text, "\n    sent: {}", excerpt(&sent.to_string()));
            report.failures.push(text);
        }
    }

    /// Sends a documented POST; returns the body sent, the answer, and whether no variable was used.
    async fn post(
        &mut self,
        path: &str,
        headers: &[Word],
        body: &Word,
        shell: &Shell,
    ) -> Result<(Value, Value, bool), String> {
        if body.0.is_empty() {
            return Err("a curl to /graphql without a body (-d '…')".to_owned());
        }
        let self_contained = !body.has_variables() && !headers.iter().any(Word::has_variables);
        let text = self.expand(body, false, shell).await?;
        let sent: Value = serde_json::from_str(&text)
            .map_err(|error| format!("the body is not JSON ({error}):\n    {}", excerpt(&text)))?;
        let mut request = self.app.client.post(self.app.url(path)).body(text);
        for header in headers {
            let header = self.expand(header, true, shell).await?;
            let (name, value) = header.split_once(':').ok_or_else(|| format!("not a header: {header}"))?;
            request = request.header(name.trim(), value.trim());
        }
        let response = request.send().await.map_err(|error| format!("the request failed: {error}"))?;
        let status = response.status();
        let answer = response.text().await.map_err(|error| format!("no answer: {error}"))?;
        let answer: Value = serde_json::from_str(&answer)
            .map_err(|_| format!("HTTP {status} with an answer that is not JSON: {}", excerpt(&answer)))?;
        if status == reqwest::StatusCode::UNAUTHORIZED {
            return Err(format!("HTTP 401 before the document was even checked: {answer}"));
        }
        Ok((sent, answer, self_contained))
    }

    /// Subscribes over `/graphql/ws` as documented and returns the first answer.
    async fn subscribe(&self, message: &Value) -> Result<(Value, Value, bool), String> {
        let (mut socket, _) = websocket::handshake(self.app).await.map_err(|error| format!("no websocket: {error}"))?;
        let mut answers = Vec::new();
        for outgoing in [json!({ "type": "connection_init", "payload": {} }), message.clone()] {
            websocket::try_send(&mut socket, outgoing).await.map_err(|error| format!("sending: {error}"))?;
            let frame = websocket::next_frame(&mut socket, Duration::from_secs(10))
                .await
                .map_err(|_| "no answer over the websocket within 10 s".to_owned())?;
            match frame {
                Some(Ok(Message::Text(text))) => {
                    answers.push(serde_json::from_str::<Value>(text.as_str()).map_err(|error| error.to_string())?);
                }
                other => return Err(format!("the websocket answered {other:?}")),
            }
        }
        let _ = socket.close(None).await;
        let answer = answers.pop().expect("an answer to the subscription");
        // `next` carries a GraphQL response; `error` carries a list of errors.
        let answer =
            websocket::response_of(&answer).ok_or_else(|| format!("unexpected answer to a subscription: {answer}"))?;
        Ok((message["payload"].clone(), answer, false))
    }

    /// Expands a word's variables; see the module documentation for where values come from.
    async fn expand(&mut self, word: &Word, in_header: bool, shell: &Shell) -> Result<String, String> {
        let mut text = String::new();
        for piece in &word.0 {
            match piece {
                Piece::Text(literal) => text.push_str(literal),
                Piece::Variable(name) => text.push_str(&self.value(name, in_header, shell).await?),
            }
        }
        Ok(text)
    }

    async fn value(&mut self, name: &str, in_header: bool, shell: &Shell) -> Result<String, String> {
        if let Some(value) = shell.variables.get(name) {
            return Ok(value.clone());
        }
        match name {
            "AGORA_ADMIN_PASSWORD" => Ok(ADMIN_PASSWORD.to_owned()),
            "VERIFY_TOKEN" => {
                let address = shell.registered.as_deref().ok_or("$VERIFY_TOKEN before any registration")?;
                let mail = self.app.mail_to(address).await;
                let newest = mail.last().ok_or_else(|| format!("no email to {address}"))?;
                token_in(&newest.body_text).ok_or_else(|| format!("no link with a token in the email to {address}"))
            }
            "ADMIN" if in_header => Ok(self.admin_token.clone()),
            _ if in_header => {
                if !self.tokens.contains_key(name) {
                    let email = format!("{}@documentation.example.org", name.to_lowercase());
                    let user = self.app.create_user(&email, name, "en").await;
                    self.tokens.insert(name.to_owned(), self.app.access_token(&user));
                }
                Ok(self.tokens[name].clone())
            }
            _ => Ok(format!("placeholder-{}", name.to_lowercase().replace('_', "-"))),
        }
    }

    /// Keeps what the prose says to keep from a successful answer.
    fn remember(&self, operation: &str, sent: &Value, answer: &Value, shell: &mut Shell) {
        let data = &answer["data"][operation];
        match operation {
            "login" | "refreshSession" => {
                for (variable, field) in [("TOKEN", "accessToken"), ("REFRESH_TOKEN", "refreshToken")] {
                    if let Some(value) = data[field].as_str() {
                        shell.variables.insert(variable.to_owned(), value.to_owned());
                    }
                }
            }
            "register" => shell.registered = sent["variables"]["input"]["email"].as_str().map(str::to_owned),
            _ => {}
        }
    }
}

/// Names of the schema's fields whose type is the `JSON` scalar (`details: JSON!`).
fn json_fields() -> Vec<String> {
    let schema = std::fs::read_to_string(root().join("schema/schema.graphql")).expect("the checked-in schema");
    schema
        .lines()
        .filter_map(|line| {
            let (name, kind) = line.trim().split_once(':')?;
            let kind = kind.trim().trim_end_matches('!');
            (kind == "JSON").then(|| name.split('(').next().unwrap_or(name).trim().to_owned())
        })
        .collect()
}

/// Response keys that are not fields of the schema.
const ENVELOPE: [&str; 10] =
    ["data", "errors", "message", "extensions", "code", "field", "path", "locations", "line", "column"];

/// The keys that a documented answer shows and the sent operation does not select.
fn unselected_fields(documented: &str, sent: &Value, json_fields: &[String]) -> Vec<String> {
    let queries = match sent {
        Value::Array(batch) => batch.iter().filter_map(|operation| operation["query"].as_str()).collect(),
        single => single["query"].as_str().into_iter().collect::<Vec<_>>(),
    };
    let selected: Vec<&str> =
        queries.iter().flat_map(|query| query.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))).collect();
    let mut unselected = Vec::new();
    for key in json_keys(documented, json_fields) {
        if !ENVELOPE.contains(&key.as_str()) && !selected.contains(&key.as_str()) && !unselected.contains(&key) {
            unselected.push(key);
        }
    }
    unselected
}

/// The object keys in a JSON-like text (answers in the docs are often trimmed with `…`, so this
/// scans strings rather than parsing), leaving out what is inside a `JSON` scalar's value.
fn json_keys(text: &str, json_fields: &[String]) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let (mut keys, mut i) = (Vec::new(), 0);
    // Inside a JSON scalar's value: the depth of braces and brackets still to close.
    let mut skipping: Option<usize> = None;
    while i < chars.len() {
        match chars[i] {
            '"' => {
                let start = i + 1;
                i += 1;
                while i < chars.len() && chars[i] != '"' {
                    i += if chars[i] == '\\' { 2 } else { 1 };
                }
                let string: String = chars[start..i.min(chars.len())].iter().collect();
                let mut next = i + 1;
                while next < chars.len() && chars[next].is_whitespace() {
                    next += 1;
                }
                let is_key = chars.get(next) == Some(&':');
                if is_key && skipping.is_none() {
                    if json_fields.contains(&string) {
                        skipping = Some(0);
                    } else if string.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') && !string.is_empty() {
                        keys.push(string);
                    }
                }
            }
            '{' | '[' => skipping = skipping.map(|depth| depth + 1),
            '}' | ']' | ',' => {
                skipping = match skipping {
                    Some(depth) if chars[i] != ',' && depth > 1 => Some(depth - 1),
                    Some(depth) if chars[i] == ',' && depth > 0 => Some(depth),
                    _ => None,
                };
            }
            _ => {}
        }
        i += 1;
    }
    keys
}

/// Every error of an answer (a batch answers with a list of responses).
fn errors_of(answer: &Value) -> Vec<Value> {
    let responses = match answer {
        Value::Array(responses) => responses.clone(),
        single => vec![single.clone()],
    };
    responses.iter().filter_map(|response| response["errors"].as_array()).flatten().cloned().collect()
}

/// The first field the operation selects (after an alias, if any): `login` for
/// `mutation($email: String!…) { login(…) { … } }`.
fn first_field(sent: &Value) -> Option<String> {
    let query = match sent {
        Value::Array(batch) => batch.first()?["query"].as_str()?,
        single => single["query"].as_str()?,
    };
    let selection = &query[query.find('{')? + 1..];
    let mut names = selection.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).filter(|name| !name.is_empty());
    let first = names.next()?;
    let after_first = selection.trim_start().get(first.len()..)?.trim_start();
    Some(if after_first.starts_with(':') { names.next()? } else { first }.to_owned())
}

fn excerpt(text: &str) -> String {
    let mut excerpt: String = text.chars().take(300).collect();
    if excerpt.len() < text.len() {
        excerpt.push('…');
    }
    excerpt
}

#[test]
fn a_shell_command_is_read_as_sh_reads_it() {
    let block = "curl -s http://127.0.0.1:8080/graphql \\\n  -H \"authorization: Bearer $TOKEN\" \\\n  -d '{\"a\":\"'\"$ROUND\"'\",\n   \"b\":\"it\\u2019s\"}' | jq .\n# a comment\nx=1\n";
    let commands = shell_commands(block, 10);
    assert_eq!(commands.len(), 3, "curl, jq and the assignment");
    assert_eq!(commands[0].line, 10);
    assert_eq!(commands[2].line, 15);
    let Some(Request::Http { path, headers, body }) = curl_request(&commands[0]) else {
        panic!("the curl command is a request to /graphql")
    };
    assert_eq!(path, "/graphql");
    assert!(matches!(&headers[0].0[..], [Piece::Text(text), Piece::Variable(name)]
        if text == "authorization: Bearer " && name == "TOKEN"));
    assert!(matches!(&body.0[..], [Piece::Text(_), Piece::Variable(name), Piece::Text(rest)]
        if name == "ROUND" && rest.contains("\n   \"b\"")));
}

#[test]
fn documented_answers_are_read_for_their_keys() {
    let shown =
        r#"# {"data":{"auditLog":{"edges":[{"node":{"details":{"via":"cli"},"action":"a \"quoted\": text"}}]}}}"#;
    let keys = json_keys(shown, &["details".to_owned()]);
    assert_eq!(keys, ["data", "auditLog", "edges", "node", "action"]);
    let sent = json!({ "query": "{ auditLog { edges { node { details } } } }" });
    assert_eq!(unselected_fields(shown, &sent, &["details".to_owned()]), ["action"]);
}

#[test]
fn the_first_field_skips_variables_and_aliases() {
    let login = json!({ "query": "mutation($e: String!) { login(email: $e) { accessToken } }" });
    assert_eq!(first_field(&login).as_deref(), Some("login"));
    let aliased = json!({ "query": "{ mine: me { id } }" });
    assert_eq!(first_field(&aliased).as_deref(), Some("me"));
}
