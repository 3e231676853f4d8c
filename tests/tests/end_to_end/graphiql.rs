//! `/graphiql` works with no internet and no third party: the page loads only files the server
//! embeds (pinned GraphiQL and React builds, our start-up script) under a strict
//! Content-Security-Policy, serves them gzipped and cacheable, and opens with example tabs that
//! all run against the real server. (That it actually works in a browser, offline, is
//! `tests/browser/graphiql_offline.mjs`.)

use std::io::Read as _;
use std::path::PathBuf;

use agora_tests::consultation_fixture::{OpenConsultation, TITLE};
use agora_tests::{TestApp, course_content_root, engines};
use reqwest::header::{self, HeaderMap};
use serde_json::Value;
use sha2::{Digest, Sha256};

const CONFIGURATION_START: &str = "<script type=\"application/json\" id=\"agora-graphiql-config\">";

#[tokio::test]
async fn the_page_loads_only_its_own_files_under_a_strict_policy() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        let (headers, html) = page(&app).await;
        assert!(header_text(&headers, header::CONTENT_TYPE).starts_with("text/html"));
        assert_eq!(header_text(&headers, header::X_CONTENT_TYPE_OPTIONS), "nosniff");
        assert_eq!(header_text(&headers, header::REFERRER_POLICY), "no-referrer");

        let policy = header_text(&headers, header::CONTENT_SECURITY_POLICY);
        let directive = |name: &str| {
            policy
                .split(';')
                .map(str::trim)
                .find_map(|directive| directive.strip_prefix(name).map(str::trim))
                .unwrap_or_else(|| panic!("no {name} in {policy}"))
                .to_owned()
        };
        assert_eq!(directive("default-src "), "'none'");
        assert_eq!(directive("script-src "), "'self'", "no inline script, no other host");
        assert_eq!(directive("connect-src "), "'self'");
        assert_eq!(directive("frame-ancestors "), "'none'");
        assert_eq!(directive("base-uri "), "'none'");
        assert_eq!(directive("form-action "), "'none'");
        // Inline style only with this answer's nonce, which the start-up script hands on.
        let style = directive("style-src ");
        let nonce = style
            .strip_prefix("'self' 'nonce-")
            .and_then(|rest| rest.strip_suffix('\''))
            .unwrap_or_else(|| panic!("style-src is not 'self' and a nonce: {style}"));
        assert!(nonce.len() >= 22, "a nonce of at least 128 bits: {nonce}");
        assert!(html.contains(&format!("nonce=\"{nonce}\"")), "the start-up script carries the nonce:\n{html}");
        let (other_headers, _) = page(&app).await;
        assert_ne!(header_text(&other_headers, header::CONTENT_SECURITY_POLICY), policy, "a fresh nonce per answer");

        // Nothing from another host: only paths on this server (and the empty data: icon).
        assert!(!html.contains("http://") && !html.contains("https://"), "an absolute URL in:\n{html}");
        let links: Vec<String> = [attribute_values(&html, "src"), attribute_values(&html, "href")].concat();
        for link in &links {
            let same_origin_path = link.starts_with('/') && !link.starts_with("//");
            assert!(same_origin_path || link == "data:,", "{link} is not a path on this server");
        }
        let scripts = attribute_values(&html, "src");
        assert_eq!(scripts.len(), 4, "React, ReactDOM, GraphiQL and the start-up script: {scripts:?}");
        assert!(scripts.iter().all(|script| script.starts_with("/graphiql/assets/")), "{scripts:?}");
        assert!(!html.contains("<script>") && !html.contains("style="), "inline script or style:\n{html}");
        app.stop().await;
    }
}

#[tokio::test]
async fn every_asset_is_served_gzipped_cacheable_and_as_embedded() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        let (_, html) = page(&app).await;
        let assets: Vec<String> = [attribute_values(&html, "src"), attribute_values(&html, "href")]
            .concat()
            .into_iter()
            .filter(|link| link.starts_with("/graphiql/assets/"))
            .collect();
        assert_eq!(assets.len(), 6, "four scripts and two stylesheets: {assets:?}");

        for path in &assets {
            let name = path.trim_start_matches("/graphiql/assets/");
            let embedded = embedded_file(name);
            let content_type = if name.ends_with(".js") { "text/javascript" } else { "text/css" };

            // reqwest sends no Accept-Encoding of its own here and decodes nothing.
            let plain = app.client.get(app.url(path)).send().await.expect("the asset answers");
            assert_eq!(plain.status(), 200, "{path}");
            let plain_headers = plain.headers().clone();
            assert!(!plain_headers.contains_key(header::CONTENT_ENCODING), "{path} encoded unasked");
            assert_eq!(plain.bytes().await.expect("a body").as_ref(), embedded.as_slice(), "{path}");

            let gzipped = app
                .client
                .get(app.url(path))
                .header(header::ACCEPT_ENCODING, "gzip, deflate, br, zstd")
                .send()
                .await
                .expect("the asset answers");
            assert_eq!(gzipped.status(), 200, "{path}");
            let headers = gzipped.headers().clone();
            assert_eq!(header_text(&headers, header::CONTENT_ENCODING), "gzip", "{path}");
            assert!(header_text(&headers, header::CONTENT_TYPE).starts_with(content_type), "{path}");
            assert_eq!(header_text(&headers, header::CACHE_CONTROL), "public, max-age=31536000, immutable", "{path}");
            assert!(header_text(&headers, header::VARY).contains("Accept-Encoding"), "{path}");
            assert_eq!(header_text(&headers, header::X_CONTENT_TYPE_OPTIONS), "nosniff");
            let compressed = gzipped.bytes().await.expect("a body");
            assert!(compressed.len() < embedded.len(), "{path} is not smaller gzipped");
            assert_eq!(gunzip(&compressed), embedded, "{path} does not decode to the embedded file");

            // One tag per representation, and a browser holding one is told it is current.
            let etag = header_text(&headers, header::ETAG);
            assert_ne!(etag, header_text(&plain_headers, header::ETAG), "{path}");
            let revalidated = app
                .client
                .get(app.url(path))
                .header(header::ACCEPT_ENCODING, "gzip")
                .header(header::IF_NONE_MATCH, &etag)
                .send()
                .await
                .expect("the asset answers");
            assert_eq!(revalidated.status(), 304, "{path}");
        }
        app.stop().await;
    }
}

#[tokio::test]
async fn an_unknown_asset_is_not_found() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        for path in [
            "/graphiql/assets/graphiql-0.0.1.min.js",
            "/graphiql/assets/agora-graphiql.js",
            "/graphiql/assets/..%2Fmod.rs",
            "/graphiql/assets/",
        ] {
            let response = app.client.get(app.url(path)).send().await.expect("an answer");
            assert_eq!(response.status(), 404, "{path}");
        }
        app.stop().await;
    }
}

/// Runs the tabs in order, filled in the way their comments tell a person to: a slug from the
/// first answer, a round from the second, the access token from the sign-in. Every one must run
/// without any error, so none of them can drift from the schema.
#[tokio::test]
async fn every_example_runs_against_the_real_server_as_its_comments_say() {
    let course_content = course_content_root().display().to_string();
    for engine in engines() {
        let app = TestApp::spawn_with(engine, &[("AGORA_COURSE_CONTENT", &course_content)]).await;
        let (_, html) = page(&app).await;
        let configuration = configuration(&html);
        let tabs = configuration["tabs"].as_array().expect("tabs");
        every_example_file_is_a_tab(tabs);

        OpenConsultation::set_up(&app).await;
        let sign_in = tabs.iter().find(|tab| text(tab, "query").contains("login(")).expect("a sign-in tab");
        let sign_in_variables: Value = serde_json::from_str(text(sign_in, "variables")).expect("JSON variables");
        app.create_admin(sign_in_variables["email"].as_str().expect("an email")).await;

        let mut filled_in: Vec<(&str, String)> = Vec::new();
        let mut answers = Vec::new();
        for tab in tabs {
            let fill = |template: &str| {
                filled_in
                    .iter()
                    .fold(template.to_owned(), |text, (placeholder, value)| text.replace(placeholder, value))
            };
            let variables = fill(tab["variables"].as_str().unwrap_or("{}"));
            let headers = fill(text(tab, "headers"));
            assert!(
                !variables.contains("paste") && !headers.contains("paste"),
                "left to fill in: {variables} {headers}"
            );

            let mut request = app.client.post(app.url("/graphql"));
            let headers: serde_json::Map<String, Value> = serde_json::from_str(&headers).expect("JSON headers");
            for (name, value) in &headers {
                request = request.header(name, value.as_str().expect("a header value"));
            }
            let body = serde_json::json!({
                "query": text(tab, "query"),
                "variables": serde_json::from_str::<Value>(&variables).expect("JSON variables"),
            });
            let answer: Value = request.json(&body).send().await.expect("an answer").json().await.expect("JSON");
            assert!(answer.get("errors").is_none(), "{}\nanswered {answer}", text(tab, "query"));

            let data = &answer["data"];
            if let Some(slug) = data["consultations"]["edges"][0]["node"]["slug"].as_str() {
                filled_in.push(("paste-a-slug-from-the-open-consultations-tab", slug.to_owned()));
            }
            if let Some(round) = data["consultation"]["rounds"][0]["id"].as_str() {
                filled_in.push(("paste-a-round-id-from-the-consultation-tab", round.to_owned()));
            }
            if let Some(token) = data["login"]["accessToken"].as_str() {
                filled_in.push(("<paste accessToken from the sign-in tab>", token.to_owned()));
            }
            answers.push(answer);
        }

        let answered = |field: &str| answers.iter().find_map(|answer| answer["data"].get(field)).expect(field);
        assert_eq!(answered("consultations")["totalCount"], 1);
        assert_eq!(answered("consultation")["title"], TITLE);
        assert!(answered("consultation")["sections"].as_array().is_some_and(|sections| !sections.is_empty()));
        assert!(answered("submitComment")["trackingNumber"].is_string(), "the comment was taken");
        assert!(answered("courses")["totalCount"].as_i64().is_some_and(|count| count > 0), "the shipped courses");
        assert_eq!(answered("verifyCertificate")["status"], "UNKNOWN");
        app.stop().await;
    }
}

/// Every file of `backend/assets/graphiql/examples/` reaches the page: each operation as a tab,
/// its variables with it.
fn every_example_file_is_a_tab(tabs: &[Value]) {
    let folder = assets_folder().join("examples");
    let mut operations = 0;
    for entry in std::fs::read_dir(&folder).expect("the examples folder") {
        let path = entry.expect("a folder entry").path();
        let Some(name) = path.file_name().and_then(|name| name.to_str()) else { continue };
        let Some(stem) = name.strip_suffix(".graphql") else { continue };
        operations += 1;
        let query = std::fs::read_to_string(&path).expect("an example");
        assert!(query.starts_with("# "), "{name} begins with a comment that explains it");
        let tab = tabs.iter().find(|tab| tab["query"] == query.as_str()).unwrap_or_else(|| panic!("{name} is no tab"));
        let variables = folder.join(format!("{stem}.variables.json"));
        match std::fs::read_to_string(&variables) {
            Ok(expected) => {
                let expected: Value = serde_json::from_str(&expected).expect("JSON variables");
                let given: Value = serde_json::from_str(text(tab, "variables")).expect("JSON variables");
                assert_eq!(given, expected, "{name}");
            }
            Err(_) => assert!(tab.get("variables").is_none(), "{name} has variables but no file for them"),
        }
    }
    assert_eq!(operations, tabs.len(), "a tab without an example file");
}

/// The files `fetch.sh` pins are the files the binary embeds, and README.md names the same sums.
#[test]
fn the_pinned_files_match_their_published_checksums() {
    let folder = assets_folder();
    let fetch = std::fs::read_to_string(folder.join("fetch.sh")).expect("fetch.sh");
    let readme = std::fs::read_to_string(folder.join("README.md")).expect("README.md");
    let pinned: Vec<(&str, &str)> = fetch
        .lines()
        .filter_map(|line| {
            let mut words = line.split_whitespace();
            let (sum, name) = (words.next()?.trim_start_matches("SUMS='"), words.next()?.trim_end_matches('\''));
            (sum.len() == 64 && sum.bytes().all(|byte| byte.is_ascii_hexdigit())).then_some((sum, name))
        })
        .collect();
    assert_eq!(pinned.len(), 7, "GraphiQL's script, stylesheet and licence, React's two scripts and licences");
    for (sum, name) in pinned {
        let bytes = std::fs::read(folder.join(name)).unwrap_or_else(|error| panic!("{name}: {error}"));
        assert_eq!(hex(&Sha256::digest(&bytes)), sum, "{name} is not the pinned file");
        assert!(readme.contains(sum), "README.md does not give the sum of {name}");
    }
}

async fn page(app: &TestApp) -> (HeaderMap, String) {
    let response = app.client.get(app.url("/graphiql")).send().await.expect("the page answers");
    assert_eq!(response.status(), 200);
    let headers = response.headers().clone();
    (headers, response.text().await.expect("HTML"))
}

/// The JSON the page hands to its start-up script.
fn configuration(html: &str) -> Value {
    let start = html.find(CONFIGURATION_START).expect("the configuration element") + CONFIGURATION_START.len();
    let length = html[start..].find("</script>").expect("the end of the configuration");
    serde_json::from_str(&html[start..start + length]).expect("JSON")
}

/// Every value of `name="…"` attributes, in order.
fn attribute_values(html: &str, name: &str) -> Vec<String> {
    let opening = format!(" {name}=\"");
    html.match_indices(&opening)
        .map(|(at, _)| {
            let value = &html[at + opening.len()..];
            value[..value.find('"').expect("a closing quote")].to_owned()
        })
        .collect()
}

/// The repository's file behind a served name: the pinned builds keep theirs; our own files
/// are served as `{stem}-{first 12 hex digits of their SHA-256}.{extension}`.
fn embedded_file(served: &str) -> Vec<u8> {
    let folder = assets_folder();
    if let Ok(bytes) = std::fs::read(folder.join(served)) {
        return bytes;
    }
    let (stem_and_hash, extension) = served.rsplit_once('.').expect("an extension");
    let (stem, hash) = stem_and_hash.rsplit_once('-').expect("a hash in the name");
    let bytes = std::fs::read(folder.join(format!("{stem}.{extension}"))).expect("the file behind the name");
    assert_eq!(hash, &hex(&Sha256::digest(&bytes))[..12], "{served} names another content");
    bytes
}

fn assets_folder() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../backend/assets/graphiql")
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut decoded = Vec::new();
    flate2::read::GzDecoder::new(bytes).read_to_end(&mut decoded).expect("gzip");
    decoded
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

fn header_text(headers: &HeaderMap, name: header::HeaderName) -> String {
    headers.get(&name).and_then(|value| value.to_str().ok()).unwrap_or_default().to_owned()
}

fn text<'a>(tab: &'a Value, field: &str) -> &'a str {
    tab[field].as_str().unwrap_or_else(|| panic!("no {field} in {tab}"))
}
