//! Registration, verification, sign-in, sessions and password reset, end to end over HTTP on
//! every engine, reading the emails from the outbox as a person would read their inbox.

use agora_tests::consultation_fixture::tally;
use agora_tests::{Engine, TestApp, engines, error_code};
use serde_json::{Value, json};

const REGISTER: &str = "mutation($input: RegisterInput!) { register(input: $input) }";
const LOGIN: &str = "mutation($email: String!, $password: String!) {
  login(email: $email, password: $password) { accessToken expiresAt refreshToken refreshTokenExpiresAt user { id email emailVerified locale country } }
}";
const REFRESH: &str = "mutation($token: String!) { refreshSession(refreshToken: $token) { accessToken refreshToken } }";
const PASSWORD: &str = "a long and quiet river";

fn registration(email: &str, locale: &str) -> Value {
    json!({ "input": { "email": email, "password": PASSWORD, "displayName": "Amina Diallo", "country": "SN", "locale": locale } })
}

async fn register(app: &TestApp, email: &str, locale: &str) {
    let response = app.graphql(REGISTER, registration(email, locale)).await;
    assert_eq!(response["data"]["register"], true, "{response}");
}

async fn login(app: &TestApp, email: &str, password: &str) -> Value {
    app.graphql(LOGIN, json!({ "email": email, "password": password })).await
}

#[tokio::test]
async fn register_verify_sign_in_refresh_and_sign_out() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        register(&app, "Amina@Example.org", "fr").await;
        let mail = app.mail_to("Amina@Example.org").await;
        assert_eq!(mail.len(), 1, "{engine:?}");
        assert_eq!(mail[0].template, "mail-verify-email");
        assert_eq!(mail[0].locale, "fr");
        assert!(mail[0].body_text.contains("/verify-email?token="), "{}", mail[0].body_text);

        let session = login(&app, "amina@example.org", PASSWORD).await;
        let user = &session["data"]["login"]["user"];
        assert_eq!(user["emailVerified"], false, "an unverified account can sign in: {session}");
        assert_eq!(user["locale"], "fr");
        assert_eq!(user["country"], "SN");

        let token = app.token_mailed_to("Amina@Example.org").await;
        let verify = "mutation($token: String!) { verifyEmail(token: $token) { emailVerified } }";
        let verified = app.graphql(verify, json!({ "token": token })).await;
        assert_eq!(verified["data"]["verifyEmail"]["emailVerified"], true, "{verified}");
        let again = app.graphql(verify, json!({ "token": token })).await;
        assert_eq!(error_code(&again), "VALIDATION");
        assert_eq!(again["errors"][0]["extensions"]["field"], "token");

        let access = session["data"]["login"]["accessToken"].as_str().expect("an access token");
        let me = app.graphql_as(access, "{ me { email emailVerified } }", json!({})).await;
        assert_eq!(me["data"]["me"], json!({ "email": "Amina@Example.org", "emailVerified": true }));

        let first_refresh = session["data"]["login"]["refreshToken"].as_str().expect("a refresh token").to_owned();
        let rotated = app.graphql(REFRESH, json!({ "token": first_refresh })).await;
        let second_refresh = rotated["data"]["refreshSession"]["refreshToken"].as_str().expect("rotated").to_owned();
        assert_ne!(second_refresh, first_refresh);
        let parallel = app.graphql(REFRESH, json!({ "token": first_refresh })).await;
        assert!(parallel["errors"].is_null(), "a second tab refreshing at once keeps working: {parallel}");

        let logout = "mutation($token: String!) { logout(refreshToken: $token) }";
        assert_eq!(app.graphql(logout, json!({ "token": second_refresh })).await["data"]["logout"], true);
        let after_logout = app.graphql(REFRESH, json!({ "token": second_refresh })).await;
        assert_eq!(error_code(&after_logout), "UNAUTHENTICATED");
        app.stop().await;
    }
}

#[tokio::test]
async fn whoever_registers_someone_elses_address_keeps_no_working_password() {
    const VERIFY: &str =
        "mutation($token: String!, $password: String) { verifyEmail(token: $token, password: $password) { id } }";
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        // A squatter registers Zainab's address with a password of their own, and signs in.
        let squatter_password = "the squatter's own password";
        let mut input = registration("zainab@example.org", "en");
        input["input"]["password"] = json!(squatter_password);
        assert_eq!(app.graphql(REGISTER, input).await["data"]["register"], true);
        let squatter = login(&app, "zainab@example.org", squatter_password).await;
        let squatter_access = squatter["data"]["login"]["accessToken"].as_str().expect("a token").to_owned();
        let squatter_refresh = squatter["data"]["login"]["refreshToken"].as_str().expect("a token").to_owned();

        // Zainab opens the link in her mailbox: the page asks her for a password, and opening
        // it confirms nothing (nor would a mail scanner fetching it).
        let token = app.token_mailed_to("zainab@example.org").await;
        let page = app.client.get(app.url("/verify-email")).query(&[("token", &token)]).send().await.expect("answer");
        assert_eq!(page.status(), 200, "{engine:?}");
        let status = app.graphql_as(&squatter_access, "{ me { emailVerified } }", json!({})).await;
        assert_eq!(status["data"]["me"]["emailVerified"], false, "{engine:?}: opening the link confirms nothing");

        // She chooses her password on the page.
        let form = [("token", token.as_str()), ("password", "zainab's own quiet river"), ("locale", "en")];
        let saved = app.client.post(app.url("/verify-email")).form(&form).send().await.expect("answer");
        assert_eq!(saved.status(), 200, "{engine:?}");

        // The squatter's password and sessions open nothing any more; hers opens a verified account.
        let with_squatters = login(&app, "zainab@example.org", squatter_password).await;
        assert_eq!(error_code(&with_squatters), "UNAUTHENTICATED", "{engine:?}: {with_squatters}");
        let old_access = app.graphql_as(&squatter_access, "{ me { id } }", json!({})).await;
        assert_eq!(error_code(&old_access), "UNAUTHENTICATED", "{engine:?}: {old_access}");
        let old_refresh = app.graphql(REFRESH, json!({ "token": squatter_refresh })).await;
        assert_eq!(error_code(&old_refresh), "UNAUTHENTICATED", "{engine:?}: {old_refresh}");
        let hers = login(&app, "zainab@example.org", "zainab's own quiet river").await;
        assert_eq!(hers["data"]["login"]["user"]["emailVerified"], true, "{engine:?}: {hers}");

        // A frontend's verification page does the same through the API.
        let mut input = registration("yusuf@example.org", "en");
        input["input"]["password"] = json!(squatter_password);
        assert_eq!(app.graphql(REGISTER, input).await["data"]["register"], true);
        let token = app.token_mailed_to("yusuf@example.org").await;
        let too_short = app.graphql(VERIFY, json!({ "token": token, "password": "short" })).await;
        assert_eq!(too_short["errors"][0]["extensions"]["field"], "password", "{engine:?}: {too_short}");
        let verified = app.graphql(VERIFY, json!({ "token": token, "password": "yusuf's own bright lantern" })).await;
        assert!(verified["data"]["verifyEmail"]["id"].is_string(), "{engine:?}: {verified}");
        let with_squatters = login(&app, "yusuf@example.org", squatter_password).await;
        assert_eq!(error_code(&with_squatters), "UNAUTHENTICATED", "{engine:?}: {with_squatters}");
        let his = login(&app, "yusuf@example.org", "yusuf's own bright lantern").await;
        assert_eq!(his["data"]["login"]["user"]["emailVerified"], true, "{engine:?}: {his}");
        app.stop().await;
    }
}

#[tokio::test]
async fn a_reused_refresh_token_revokes_its_whole_family() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        register(&app, "kofi@example.org", "en").await;
        let session = login(&app, "kofi@example.org", PASSWORD).await;
        let stolen = session["data"]["login"]["refreshToken"].as_str().expect("a refresh token").to_owned();
        let rotated = app.graphql(REFRESH, json!({ "token": stolen })).await;
        let current = rotated["data"]["refreshSession"]["refreshToken"].as_str().expect("rotated").to_owned();

        let hash = agora::auth::secret_token::hash(&stolen);
        let aged = app
            .services
            .db
            .run(move |connection| {
                use agora::db::schema::refresh_tokens;
                use diesel::prelude::*;
                let long_ago = agora::db::time::now() - chrono::TimeDelta::minutes(5);
                diesel::update(refresh_tokens::table.filter(refresh_tokens::token_hash.eq(hash)))
                    .set(refresh_tokens::rotated_at.eq(Some(long_ago)))
                    .execute(connection)?;
                Ok(())
            })
            .await;
        aged.unwrap_or_else(|error| panic!("{error:?}"));

        let replayed = app.graphql(REFRESH, json!({ "token": stolen })).await;
        assert_eq!(error_code(&replayed), "UNAUTHENTICATED", "{engine:?}: {replayed}");
        let legitimate = app.graphql(REFRESH, json!({ "token": current })).await;
        assert_eq!(error_code(&legitimate), "UNAUTHENTICATED", "the family is revoked: {legitimate}");
        app.stop().await;
    }
}

#[tokio::test]
async fn registering_a_taken_address_reveals_nothing_and_mails_its_owner() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        register(&app, "li.wei@example.org", "zh-CN").await;
        let second = app.graphql(REGISTER, registration("LI.WEI@example.org", "en")).await;
        assert_eq!(second["data"]["register"], true, "the same answer: {second}");
        let mail = app.mail_to("li.wei@example.org").await;
        let templates: Vec<&str> = mail.iter().map(|message| message.template.as_str()).collect();
        assert_eq!(templates, ["mail-verify-email", "mail-already-registered"], "{engine:?}");
        assert_eq!(mail[1].locale, "zh-CN", "the notice speaks the owner's language");
        assert!(mail[1].body_text.contains("/reset-password?token="), "the notice carries a working reset link");
        assert!(app.mail_to("LI.WEI@example.org").await.is_empty());

        let unknown = app.graphql("mutation { requestPasswordReset(email: \"nobody@example.org\") }", json!({})).await;
        assert_eq!(unknown["data"]["requestPasswordReset"], true);
        let resend = app.graphql("mutation { resendVerification(email: \"nobody@example.org\") }", json!({})).await;
        assert_eq!(resend["data"]["resendVerification"], true);
        assert!(app.mail_to("nobody@example.org").await.is_empty());
        app.stop().await;
    }
}

#[tokio::test]
async fn a_password_reset_ends_every_session() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        register(&app, "ines@example.org", "es").await;
        let session = login(&app, "ines@example.org", PASSWORD).await;
        let access = session["data"]["login"]["accessToken"].as_str().expect("token").to_owned();
        let refresh = session["data"]["login"]["refreshToken"].as_str().expect("token").to_owned();

        let requested = app.graphql("mutation { requestPasswordReset(email: \"ines@example.org\") }", json!({})).await;
        assert_eq!(requested["data"]["requestPasswordReset"], true);
        let token = app.token_mailed_to("ines@example.org").await;
        assert_eq!(app.mail_to("ines@example.org").await.last().expect("mail").template, "mail-password-reset");

        // The reset happens in a later second than the access token was issued in.
        tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
        let reset =
            "mutation($token: String!, $password: String!) { resetPassword(token: $token, newPassword: $password) }";
        let weak = app.graphql(reset, json!({ "token": token, "password": "1234567890" })).await;
        assert_eq!(error_code(&weak), "VALIDATION");
        assert_eq!(weak["errors"][0]["extensions"]["field"], "newPassword");
        let done = app.graphql(reset, json!({ "token": token, "password": "another calm morning" })).await;
        assert_eq!(done["data"]["resetPassword"], true, "{engine:?}: {done}");
        let reused = app.graphql(reset, json!({ "token": token, "password": "yet another calm morning" })).await;
        assert_eq!(error_code(&reused), "VALIDATION");

        assert_eq!(error_code(&app.graphql(REFRESH, json!({ "token": refresh })).await), "UNAUTHENTICATED");
        assert_eq!(error_code(&app.graphql_as(&access, "{ me { id } }", json!({})).await), "UNAUTHENTICATED");
        assert_eq!(error_code(&login(&app, "ines@example.org", PASSWORD).await), "UNAUTHENTICATED");
        let fresh = login(&app, "ines@example.org", "another calm morning").await;
        assert_eq!(fresh["data"]["login"]["user"]["emailVerified"], true, "the reset link proved the address");
        app.stop().await;
    }
}

/// The `iat` claim (seconds) of an access token.
fn issued_at_second(access_token: &str) -> i64 {
    use base64::Engine;
    let payload = access_token.split('.').nth(1).expect("a JWT has a payload");
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(payload).expect("base64url");
    serde_json::from_slice::<Value>(&bytes).expect("JSON claims")["iat"].as_i64().expect("an iat claim")
}

#[tokio::test]
async fn an_access_token_from_the_same_second_as_a_password_reset_is_refused() {
    const RESET: &str =
        "mutation($token: String!, $password: String!) { resetPassword(token: $token, newPassword: $password) }";
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        register(&app, "mei@example.org", "zh-CN").await;
        let mut password = PASSWORD.to_owned();
        let mut same_second = false;
        for attempt in 0..5 {
            app.graphql("mutation { requestPasswordReset(email: \"mei@example.org\") }", json!({})).await;
            let reset_token = app.token_mailed_to("mei@example.org").await;
            // Start at the beginning of a second, so that the sign-in and the reset share it.
            let into_second = chrono::Utc::now().timestamp_subsec_millis();
            tokio::time::sleep(std::time::Duration::from_millis(u64::from(1005 - into_second.min(1000)))).await;
            let session = login(&app, "mei@example.org", &password).await;
            let access = session["data"]["login"]["accessToken"].as_str().expect("an access token").to_owned();
            let new_password = format!("a quiet river, take {attempt}");
            let reset = app.graphql(RESET, json!({ "token": reset_token, "password": new_password })).await;
            assert_eq!(reset["data"]["resetPassword"], true, "{engine:?}: {reset}");
            password = new_password;
            if issued_at_second(&access) != chrono::Utc::now().timestamp() {
                continue;
            }
            same_second = true;
            let me = app.graphql_as(&access, "{ me { id } }", json!({})).await;
            assert_eq!(error_code(&me), "UNAUTHENTICATED", "{engine:?}: a token from before the reset: {me}");
            break;
        }
        assert!(same_second, "{engine:?}: the sign-in and the reset never fell within one second");
        let fresh = login(&app, "mei@example.org", &password).await;
        let access = fresh["data"]["login"]["accessToken"].as_str().expect("an access token");
        let me = app.graphql_as(access, "{ me { email } }", json!({})).await;
        assert_eq!(me["data"]["me"]["email"], "mei@example.org", "{engine:?}: a token from after the reset: {me}");
        app.stop().await;
    }
}

#[tokio::test]
async fn failed_sign_ins_are_throttled_before_any_password_check() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        register(&app, "dmitri@example.org", "ru").await;
        for _ in 0..5 {
            let failed = login(&app, "dmitri@example.org", "not the password at all").await;
            assert_eq!(error_code(&failed), "UNAUTHENTICATED", "{engine:?}");
        }
        let throttled = login(&app, "dmitri@example.org", PASSWORD).await;
        assert_eq!(error_code(&throttled), "RATE_LIMITED", "even the right password waits: {throttled}");
        let other_account = login(&app, "someone-else@example.org", PASSWORD).await;
        assert_eq!(error_code(&other_account), "RATE_LIMITED", "the client address is limited too");
        app.stop().await;
    }
}

/// A `login` from client `address`: the servers of these tests believe `X-Forwarded-For` from
/// 127.0.0.1, as if they stood behind a proxy.
async fn login_from(app: &TestApp, address: &str, email: &str, password: &str) -> Value {
    let body = json!({ "query": LOGIN, "variables": { "email": email, "password": password } });
    let request = app.client.post(app.url("/graphql")).header("x-forwarded-for", address).json(&body);
    request.send().await.expect("the server answers").json().await.expect("the answer is JSON")
}

/// How many answers carry the error `code`.
fn answers_with(answers: &[Value], code: &str) -> usize {
    answers.iter().filter(|answer| answer["errors"][0]["extensions"]["code"] == code).count()
}

/// Waits out the last seconds of a 15-minute throttle window, so that a burst falls within one
/// window (across a window's edge, the sliding estimate rightly admits one more).
async fn clear_of_a_window_edge() {
    let into_window = chrono::Utc::now().timestamp().rem_euclid(900);
    if into_window > 890 {
        tokio::time::sleep(std::time::Duration::from_secs((901 - into_window).unsigned_abs())).await;
    }
}

const GUESS: &str = "not the password at all";

#[tokio::test]
async fn concurrent_guesses_at_one_account_check_no_more_passwords_than_its_limit() {
    for engine in engines() {
        let app = TestApp::spawn_with(engine, &[("AGORA_TRUSTED_PROXIES", "127.0.0.1")]).await;
        let second = app.another_instance().await;
        register(&app, "olga@example.org", "ru").await;
        clear_of_a_window_edge().await;
        // Every guess comes from another address, half of them through another instance, so
        // only the account's limit stands in the way.
        let guesses = (0..60).map(|n| {
            let instance = if n % 2 == 0 { &app } else { &second };
            let address = format!("203.0.113.{n}");
            async move { login_from(instance, &address, "olga@example.org", GUESS).await }
        });
        let answers = futures_util::future::join_all(guesses).await;
        eprintln!("{engine:?}: 60 concurrent guesses at one account: {}", tally(&answers));
        assert!(answers_with(&answers, "UNAUTHENTICATED") <= 5, "{engine:?}: {}", tally(&answers));
        assert_eq!(answers_with(&answers, "RATE_LIMITED"), 60 - answers_with(&answers, "UNAUTHENTICATED"));
        let right = login_from(&app, "203.0.113.200", "olga@example.org", PASSWORD).await;
        assert_eq!(error_code(&right), "RATE_LIMITED", "{engine:?}: {right}");
        second.stop().await;
        app.stop().await;
    }
}

#[tokio::test]
async fn concurrent_guesses_from_one_client_check_no_more_passwords_than_its_limit() {
    for engine in engines() {
        let app = TestApp::spawn_with(engine, &[("AGORA_TRUSTED_PROXIES", "127.0.0.1")]).await;
        register(&app, "tomas@example.org", "es").await;
        clear_of_a_window_edge().await;
        for _ in 0..6 {
            let signed_in = login_from(&app, "198.51.100.1", "tomas@example.org", PASSWORD).await;
            assert!(signed_in["errors"].is_null(), "{engine:?}: a right password uses up nothing: {signed_in}");
        }
        let guesses = (0..60).map(|n| {
            let email = format!("person{n}@example.org");
            let app = &app;
            async move { login_from(app, "198.51.100.1", &email, GUESS).await }
        });
        let answers = futures_util::future::join_all(guesses).await;
        eprintln!("{engine:?}: 60 concurrent guesses from one client: {}", tally(&answers));
        assert!(answers_with(&answers, "UNAUTHENTICATED") <= 5, "{engine:?}: {}", tally(&answers));
        assert_eq!(answers_with(&answers, "RATE_LIMITED"), 60 - answers_with(&answers, "UNAUTHENTICATED"));
        let right = login_from(&app, "198.51.100.1", "tomas@example.org", PASSWORD).await;
        assert_eq!(error_code(&right), "RATE_LIMITED", "{engine:?}: {right}");
        assert!(login_from(&app, "198.51.100.2", "tomas@example.org", PASSWORD).await["errors"].is_null());
        app.stop().await;
    }
}

#[tokio::test]
async fn a_burst_of_guesses_ending_with_the_right_password_stays_within_the_limit() {
    for engine in engines() {
        let app = TestApp::spawn_with(engine, &[("AGORA_TRUSTED_PROXIES", "127.0.0.1")]).await;
        register(&app, "kwame@example.org", "en").await;
        clear_of_a_window_edge().await;
        let passwords = std::iter::repeat_n(GUESS, 39).chain([PASSWORD]);
        let burst = passwords.map(|password| login_from(&app, "198.51.100.3", "kwame@example.org", password));
        let answers = futures_util::future::join_all(burst).await;
        eprintln!("{engine:?}: 39 concurrent guesses, then the right password: {}", tally(&answers));
        assert!(answers_with(&answers, "UNAUTHENTICATED") <= 5, "{engine:?}: {}", tally(&answers));
        let after = login_from(&app, "198.51.100.3", "kwame@example.org", PASSWORD).await;
        assert_eq!(error_code(&after), "RATE_LIMITED", "{engine:?}: {after}");
        app.stop().await;
    }
}

#[tokio::test]
async fn wrong_passwords_to_delete_an_account_count_against_the_sign_in_limit() {
    const DELETE: &str = "mutation($password: String!) { deleteMyAccount(password: $password) }";
    for engine in engines() {
        let app = TestApp::spawn_with(engine, &[("AGORA_TRUSTED_PROXIES", "127.0.0.1")]).await;
        register(&app, "yusuf@example.org", "ar").await;
        let session = login(&app, "yusuf@example.org", PASSWORD).await;
        let token = session["data"]["login"]["accessToken"].as_str().expect("an access token").to_owned();
        let delete_from = |address: String, password: &'static str| {
            let body = json!({ "query": DELETE, "variables": { "password": password } });
            let request =
                app.client.post(app.url("/graphql")).bearer_auth(&token).header("x-forwarded-for", address).json(&body);
            async move { request.send().await.expect("the server answers").json::<Value>().await.expect("JSON") }
        };
        clear_of_a_window_edge().await;
        // Each guess from another address, all at once: the account's limit holds them.
        let guesses = (0..25).map(|n| delete_from(format!("203.0.113.{n}"), GUESS));
        let answers = futures_util::future::join_all(guesses).await;
        eprintln!("{engine:?}: 25 concurrent wrong passwords to deleteMyAccount: {}", tally(&answers));
        assert!(answers_with(&answers, "UNAUTHENTICATED") <= 5, "{engine:?}: {}", tally(&answers));
        assert_eq!(answers_with(&answers, "RATE_LIMITED"), 25 - answers_with(&answers, "UNAUTHENTICATED"));

        let right = delete_from("203.0.113.100".to_owned(), PASSWORD).await;
        assert_eq!(error_code(&right), "RATE_LIMITED", "{engine:?}: {right}");
        let sign_in = login_from(&app, "203.0.113.101", "yusuf@example.org", PASSWORD).await;
        assert_eq!(error_code(&sign_in), "RATE_LIMITED", "one limit for every check of the password: {sign_in}");
        let me = app.graphql_as(&token, "{ me { email } }", json!({})).await;
        assert_eq!(me["data"]["me"]["email"], "yusuf@example.org", "{engine:?}: the account is still there: {me}");
        app.stop().await;
    }
}

#[tokio::test]
async fn registrations_are_throttled_per_client() {
    let app = TestApp::spawn_with(Engine::Sqlite, &[("AGORA_REGISTRATIONS_PER_HOUR", "2")]).await;
    register(&app, "one@example.org", "en").await;
    register(&app, "two@example.org", "en").await;
    let third = app.graphql(REGISTER, registration("three@example.org", "en")).await;
    assert_eq!(error_code(&third), "RATE_LIMITED");
    assert!(app.mail_to("three@example.org").await.is_empty());
    app.stop().await;
}

#[tokio::test]
async fn bad_registrations_name_the_field() {
    let app = TestApp::spawn(Engine::Sqlite).await;
    let cases = [
        ("email", json!({ "email": "not-an-address" })),
        ("password", json!({ "password": "short" })),
        ("password", json!({ "password": "qwertyuiop" })),
        ("password", json!({ "password": "someone@example.org" , "email": "someone@example.org" })),
        ("displayName", json!({ "displayName": "  " })),
        ("country", json!({ "country": "Senegal" })),
        ("locale", json!({ "locale": "not a language" })),
    ];
    for (field, change) in cases {
        let mut variables = registration("someone@example.org", "en");
        for (key, value) in change.as_object().expect("an object") {
            variables["input"][key] = value.clone();
        }
        let response = app.graphql(REGISTER, variables).await;
        assert_eq!(error_code(&response), "VALIDATION", "{field}: {response}");
        assert_eq!(response["errors"][0]["extensions"]["field"], field, "{response}");
    }
    assert!(app.mail_to("someone@example.org").await.is_empty(), "nothing is half-written");
    app.stop().await;
}

#[tokio::test]
async fn a_failed_sign_in_reads_differently_by_language_with_the_same_code() {
    let app = TestApp::spawn(Engine::Sqlite).await;
    let body = json!({ "query": LOGIN, "variables": { "email": "x@example.org", "password": "wrong password here" } });
    let english = app.post_json(body.clone()).await;
    let mut french_body = body;
    french_body["extensions"] = json!({ "locale": "fr" });
    let french = app.post_json(french_body).await;
    assert_eq!(error_code(&english), "UNAUTHENTICATED");
    assert_eq!(error_code(&french), "UNAUTHENTICATED");
    assert_ne!(english["errors"][0]["message"], french["errors"][0]["message"]);
    app.stop().await;
}

#[tokio::test]
async fn the_profile_is_the_users_own() {
    let app = TestApp::spawn(Engine::Sqlite).await;
    let update =
        "mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { displayName country locale } }";
    let anonymous = app.graphql(update, json!({ "input": { "displayName": "X" } })).await;
    assert_eq!(error_code(&anonymous), "UNAUTHENTICATED");

    register(&app, "fatima@example.org", "en").await;
    let session = login(&app, "fatima@example.org", PASSWORD).await;
    let access = session["data"]["login"]["accessToken"].as_str().expect("token");
    let changed = app
        .graphql_as(access, update, json!({ "input": { "displayName": "Fatima Z.", "locale": "ar", "country": "ma" } }))
        .await;
    assert_eq!(
        changed["data"]["updateProfile"],
        json!({ "displayName": "Fatima Z.", "country": "MA", "locale": "ar" })
    );
    let locale = app.graphql_as(access, "{ serverInfo { requestLocale } }", json!({})).await;
    assert_eq!(locale["data"]["serverInfo"]["requestLocale"], "ar");
    app.stop().await;
}

#[tokio::test]
async fn the_emailed_links_work_without_a_frontend() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        register(&app, "nadia@example.org", "ar").await;
        let token = app.token_mailed_to("nadia@example.org").await;
        let link = app.mail_to("nadia@example.org").await[0].body_text.clone();
        assert!(link.contains(&format!("{}/verify-email?token={token}", app.base_url)), "links point at this server");

        let form = app.client.get(app.url("/verify-email")).query(&[("token", &token)]).send().await.expect("answer");
        assert_eq!(form.status(), 200, "{engine:?}");
        let html = form.text().await.expect("HTML");
        assert!(html.contains("<html lang=\"en\" dir=\"ltr\">"), "{html}");
        assert!(html.contains(&format!("value=\"{token}\"")) && html.contains("type=\"password\""), "{html}");
        let confirm = |password: &str| {
            app.client
                .post(app.url("/verify-email"))
                .form(&[("token", token.as_str()), ("password", password), ("locale", "en")])
                .send()
        };
        assert_eq!(confirm("short").await.expect("answer").status(), 422, "the form again, with the problem");
        assert_eq!(confirm("the morning tide returns").await.expect("answer").status(), 200);
        assert_eq!(confirm("the morning tide returns").await.expect("answer").status(), 400, "the link works once");

        let arabic = app
            .client
            .get(app.url("/verify-email"))
            .header("accept-language", "ar")
            .query(&[("token", "forged")])
            .send()
            .await
            .expect("answer");
        assert!(arabic.text().await.expect("HTML").contains("dir=\"rtl\""));

        app.graphql("mutation { requestPasswordReset(email: \"nadia@example.org\") }", json!({})).await;
        let reset_token = app.token_mailed_to("nadia@example.org").await;
        let form =
            app.client.get(app.url("/reset-password")).query(&[("token", &reset_token)]).send().await.expect("answer");
        assert_eq!(form.status(), 200);
        assert!(form.text().await.expect("HTML").contains(&format!("value=\"{reset_token}\"")));

        let post = |password: &str| {
            app.client
                .post(app.url("/reset-password"))
                .form(&[("token", reset_token.as_str()), ("password", password), ("locale", "fr")])
                .send()
        };
        let too_short = post("short").await.expect("answer");
        assert_eq!(too_short.status(), 422);
        let saved = post("the evening tide returns").await.expect("answer");
        assert_eq!(saved.status(), 200);
        assert!(saved.text().await.expect("HTML").contains("lang=\"fr\""));
        let session = login(&app, "nadia@example.org", "the evening tide returns").await;
        assert!(session["data"]["login"]["accessToken"].is_string(), "{session}");
        app.stop().await;
    }
}
