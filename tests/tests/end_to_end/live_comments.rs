//! `commentPublished` over `/graphql/ws`: a subscriber receives every comment accepted in its
//! consultation from then on (replies too), shown as comment lists show it (a confidential text
//! only to those who may read it), and nothing of other consultations; a consultation the caller
//! may not see is `NOT_FOUND`. On PostgreSQL a comment accepted by one instance reaches the
//! subscribers of another, and the delay is measured. A subscriber that stops reading holds up
//! neither the comment writer nor the other subscribers.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use agora::consultations::model::ConsultationId;
use agora::graphql::node::GlobalId;
use agora_tests::consultation_fixture::{OpenConsultation, Person, comment_input, id_in, round_input, success};
use agora_tests::websocket::{Socket, connection_init, receive, receive_within, request, send};
use agora_tests::{Engine, TestApp, engines};
use serde_json::{Value, json};
use tokio_tungstenite::MaybeTlsStream;
const COMMENT_PUBLISHED: &str = "subscription($id: ID!) {
  commentPublished(consultationId: $id) { id body confidential depth parent { id } author { displayName } }
}";
const SUBMIT: &str = "mutation($input: SubmitCommentInput!) { submitComment(input: $input) { id } }";
/// Comment limits high enough for the bursts below.
const GENEROUS_LIMITS: [(&str, &str); 2] =
    [("AGORA_COMMENTS_PER_HOUR", "100000"), ("AGORA_COMMENTS_PER_CLIENT_PER_HOUR", "100000")];

/// Opens a socket as `reader` (anonymous with `None`) and completes `connection_init`.
async fn open_socket(app: &TestApp, reader: Option<&Person>) -> Socket {
    agora_tests::websocket::initialized(app, reader.map(|person| person.token.as_str())).await
}

/// Subscribes to `commentPublished` of `consultation` under the operation id `id`.
async fn subscribe(socket: &mut Socket, id: &str, consultation: &str) {
    let payload = json!({ "query": COMMENT_PUBLISHED, "variables": { "id": consultation } });
    send(socket, json!({ "id": id, "type": "subscribe", "payload": payload })).await;
}

/// A socket of `reader` subscribed to `consultation`, once the server has registered it.
async fn subscriber(app: &TestApp, reader: Option<&Person>, consultation: &str) -> Socket {
    let before = watchers(app, consultation);
    let mut socket = open_socket(app, reader).await;
    subscribe(&mut socket, "live", consultation).await;
    wait_for_watchers(app, consultation, before + 1).await;
    socket
}

fn consultation_key(consultation: &str) -> ConsultationId {
    ConsultationId(GlobalId::decode_kind(consultation, "Consultation").expect("a consultation ID"))
}

fn watchers(app: &TestApp, consultation: &str) -> usize {
    app.services.live.watchers_of(&consultation_key(consultation))
}

/// Waits until `count` subscribers watch `consultation` on `app`: a subscription starts a moment
/// after its `subscribe` message, and the protocol does not acknowledge it.
async fn wait_for_watchers(app: &TestApp, consultation: &str, count: usize) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while watchers(app, consultation) < count {
        assert!(Instant::now() < deadline, "{count} subscribers never registered");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

/// Waits until `app` hears of comments committed by any instance.
async fn wait_until_listening(app: &TestApp) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !app.services.live.is_listening() {
        assert!(Instant::now() < deadline, "the listener never started");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

/// The comment of the next `next` message of the `live` operation.
async fn next_comment(socket: &mut Socket) -> Value {
    let message = receive(socket).await;
    assert_eq!(message["type"], "next", "{message}");
    assert_eq!(message["id"], "live", "{message}");
    assert!(message["payload"]["errors"].is_null(), "{message}");
    message["payload"]["data"]["commentPublished"].clone()
}

async fn submit(app: &TestApp, author: &Person, input: Value) -> String {
    let response = app.graphql_as(&author.token, SUBMIT, json!({ "input": input })).await;
    id_in(success(&response, "submitComment"))
}

/// A second published consultation with an open public round; returns its ID and round.
async fn other_consultation(app: &TestApp, open: &OpenConsultation) -> (String, String) {
    let consultation = open.government.published(app, "data-act").await;
    let round = open.government.round(app, round_input(&consultation.id, "PUBLIC")).await;
    (consultation.id, round)
}

#[tokio::test]
async fn subscribers_receive_the_comments_of_their_consultation_as_each_may_read_them() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        let open = OpenConsultation::set_up(&app).await;
        let (other, other_round) = other_consultation(&app, &open).await;
        let author = Person::verified(&app, "amina@example.org", "Amina Wanjiru", "en").await;
        let reader = Person::verified(&app, "li.wei@example.org", "Li Wei", "zh-CN").await;
        let consultation = open.consultation.id.as_str();

        let mut anonymous = subscriber(&app, None, consultation).await;
        let mut signed_in = subscriber(&app, Some(&reader), consultation).await;
        let mut official = subscriber(&app, Some(open.official()), consultation).await;
        let mut writer = subscriber(&app, Some(&author), consultation).await;

        submit(&app, &author, comment_input(&other_round, "A comment on another consultation.")).await;
        let top = submit(&app, &author, comment_input(&open.round_id, "Start-ups need a lighter regime.")).await;
        let mut reply_input = comment_input(&open.round_id, "Which start-ups do you mean?");
        reply_input["parentId"] = json!(top);
        let reply = submit(&app, &reader, reply_input).await;
        let mut secret_input = comment_input(&open.round_id, "Our internal figures, in confidence.");
        secret_input["confidential"] = json!(true);
        let secret = submit(&app, &author, secret_input).await;

        for (name, socket) in [
            ("anonymous", &mut anonymous),
            ("signed in", &mut signed_in),
            ("official", &mut official),
            ("author", &mut writer),
        ] {
            let first = next_comment(socket).await;
            assert_eq!(first["id"], top.as_str(), "{engine:?} {name}: the other consultation's comment is not sent");
            assert_eq!(first["body"], "Start-ups need a lighter regime.");
            assert_eq!(first["depth"], 0);
            assert_eq!(first["author"]["displayName"], "Amina Wanjiru");
            let second = next_comment(socket).await;
            assert_eq!(second["id"], reply.as_str(), "{engine:?} {name}: replies are sent too");
            assert_eq!(second["depth"], 1);
            assert_eq!(second["parent"]["id"], top.as_str());
            let third = next_comment(socket).await;
            assert_eq!(third["id"], secret.as_str(), "{engine:?} {name}");
            assert_eq!(third["confidential"], true);
            let reads_it = matches!(name, "official" | "author");
            let expected = if reads_it { json!("Our internal figures, in confidence.") } else { Value::Null };
            assert_eq!(third["body"], expected, "{engine:?} {name}: a confidential text as comment lists show it");
            let extra = receive_within(socket, Duration::from_millis(300)).await;
            assert!(extra.is_none(), "{engine:?} {name}: nothing else is sent: {extra:?}");
        }

        // Leaving releases the subscription.
        drop((anonymous, signed_in, official, writer));
        let deadline = Instant::now() + Duration::from_secs(10);
        while watchers(&app, consultation) > 0 {
            assert!(Instant::now() < deadline, "{engine:?}: closed sockets keep their subscriptions");
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        assert_eq!(watchers(&app, &other), 0);
        app.stop().await;
    }
}

#[tokio::test]
async fn a_moderator_whose_role_is_revoked_stops_reading_confidential_texts_at_once() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        let open = OpenConsultation::set_up(&app).await;
        let author = Person::verified(&app, "amina@example.org", "Amina Wanjiru", "en").await;
        let moderator = Person::verified(&app, "noor@example.org", "Noor", "ar").await;
        let consultation = open.consultation.id.as_str();
        let grant = open.government.grant(&app, &moderator, "MODERATOR", Some(consultation)).await;
        let mut socket = subscriber(&app, Some(&moderator), consultation).await;
        let in_confidence = |body: &str| {
            let mut input = comment_input(&open.round_id, body);
            input["confidential"] = json!(true);
            input
        };

        submit(&app, &author, in_confidence("First, in confidence.")).await;
        assert_eq!(
            next_comment(&mut socket).await["body"],
            "First, in confidence.",
            "{engine:?}: a moderator reads it"
        );
        let revoke = "mutation($id: ID!) { revokeRole(grantId: $id) }";
        let revoked = app.graphql_as(&open.platform_admin().token, revoke, json!({ "id": grant })).await;
        assert_eq!(revoked["data"]["revokeRole"], true, "{engine:?}: {revoked}");

        submit(&app, &author, in_confidence("Second, in confidence.")).await;
        let second = next_comment(&mut socket).await;
        assert_eq!(second["confidential"], true, "{engine:?}");
        assert_eq!(second["body"], Value::Null, "{engine:?}: the subscription no longer reads confidential texts");
        submit(&app, &author, comment_input(&open.round_id, "A public remark.")).await;
        assert_eq!(
            next_comment(&mut socket).await["body"],
            "A public remark.",
            "{engine:?}: public comments still arrive"
        );
        app.stop().await;
    }
}

/// The error of a subscription that was refused, after which the operation completes.
async fn refused_code(socket: &mut Socket, consultation: &str) -> String {
    subscribe(socket, "refused", consultation).await;
    let message = receive(socket).await;
    assert_eq!(message["type"], "next", "{message}");
    assert_eq!(message["id"], "refused");
    let error = &message["payload"]["errors"][0];
    assert!(error["message"].as_str().is_some_and(|text| !text.is_empty() && text != "NOT_FOUND"), "{message}");
    let code = error["extensions"]["code"].as_str().unwrap_or_else(|| panic!("no code: {message}")).to_owned();
    assert_eq!(receive(socket).await, json!({ "id": "refused", "type": "complete" }));
    code
}

#[tokio::test]
async fn a_consultation_the_caller_may_not_see_is_not_found() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        let open = OpenConsultation::set_up(&app).await;
        let draft = open.government.draft(&app, "draft-act").await;
        let stranger = Person::verified(&app, "pablo@example.org", "Pablo", "es").await;
        let unknown = GlobalId::new("Consultation", "0190a4b2-0000-7000-8000-000000000000").encode().0;

        let mut anonymous = open_socket(&app, None).await;
        assert_eq!(refused_code(&mut anonymous, &unknown).await, "NOT_FOUND", "{engine:?}: unknown");
        assert_eq!(refused_code(&mut anonymous, &draft.id).await, "NOT_FOUND", "{engine:?}: a draft");
        assert_eq!(refused_code(&mut anonymous, &open.round_id).await, "NOT_FOUND", "{engine:?}: not a consultation");
        let mut signed_in = open_socket(&app, Some(&stranger)).await;
        assert_eq!(refused_code(&mut signed_in, &draft.id).await, "NOT_FOUND", "{engine:?}: someone else's draft");

        // Its officials may follow their draft.
        let mut official = open_socket(&app, Some(open.official())).await;
        subscribe(&mut official, "live", &draft.id).await;
        wait_for_watchers(&app, &draft.id, 1).await;
        assert!(receive_within(&mut official, Duration::from_millis(300)).await.is_none());
        drop((anonymous, signed_in, official));
        app.stop().await;
    }
}

#[tokio::test]
async fn a_socket_holds_a_bounded_number_of_subscriptions() {
    let app = TestApp::spawn(Engine::Sqlite).await;
    let open = OpenConsultation::set_up(&app).await;
    let mut socket = open_socket(&app, None).await;
    for n in 0..agora::live::quota::PER_SOCKET {
        subscribe(&mut socket, &format!("live-{n}"), &open.consultation.id).await;
    }
    wait_for_watchers(&app, &open.consultation.id, agora::live::quota::PER_SOCKET).await;
    assert_eq!(refused_code(&mut socket, &open.consultation.id).await, "QUERY_TOO_COMPLEX");
    // Stopping one frees its place.
    send(&mut socket, json!({ "id": "live-0", "type": "complete" })).await;
    let deadline = Instant::now() + Duration::from_secs(10);
    while watchers(&app, &open.consultation.id) >= agora::live::quota::PER_SOCKET {
        assert!(Instant::now() < deadline, "a completed subscription keeps its place");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    subscribe(&mut socket, "again", &open.consultation.id).await;
    wait_for_watchers(&app, &open.consultation.id, agora::live::quota::PER_SOCKET).await;
    drop(socket);
    app.stop().await;
}

/// Two instances on one PostgreSQL database, the first listening.
async fn two_instances() -> Option<(TestApp, TestApp)> {
    if !engines().contains(&Engine::Postgres) {
        eprintln!("skipped: fan-out between instances needs PostgreSQL (set AGORA_TEST_POSTGRES_URL)");
        return None;
    }
    let first = TestApp::spawn_with(Engine::Postgres, &GENEROUS_LIMITS).await;
    let second = first.another_instance().await;
    wait_until_listening(&first).await;
    wait_until_listening(&second).await;
    Some((first, second))
}

#[tokio::test]
async fn on_postgres_a_comment_accepted_by_one_instance_reaches_the_subscribers_of_another() {
    let Some((first, second)) = two_instances().await else { return };
    let open = OpenConsultation::set_up(&first).await;
    let author = Person::verified(&first, "amina@example.org", "Amina Wanjiru", "en").await;
    let mut on_first = subscriber(&first, None, &open.consultation.id).await;
    let mut on_second = subscriber(&second, None, &open.consultation.id).await;

    let via_second = submit(&second, &author, comment_input(&open.round_id, "Written through the second.")).await;
    assert_eq!(next_comment(&mut on_first).await["id"], via_second.as_str());
    assert_eq!(next_comment(&mut on_second).await["id"], via_second.as_str());
    let via_first = submit(&first, &author, comment_input(&open.round_id, "Written through the first.")).await;
    assert_eq!(next_comment(&mut on_second).await["id"], via_first.as_str());
    assert_eq!(next_comment(&mut on_first).await["id"], via_first.as_str(), "once, though both listen");
    assert!(receive_within(&mut on_first, Duration::from_millis(300)).await.is_none());

    drop((on_first, on_second));
    second.stop().await;
    first.stop().await;
}

/// Ends this test database's listener connections from the server side, as a restart of the
/// database or a network failure would; returns how many there were.
async fn cut_listeners(app: &TestApp) -> usize {
    let cut = app
        .services
        .db
        .run(|connection| {
            #[derive(diesel::QueryableByName)]
            struct Ended {
                #[diesel(sql_type = diesel::sql_types::BigInt)]
                ended: i64,
            }
            let ended: Ended = diesel::RunQueryDsl::get_result(
                diesel::sql_query(
                    "SELECT count(pg_terminate_backend(pid)) AS ended FROM pg_stat_activity \
                     WHERE application_name = 'agora-live-listener' AND datname = current_database()",
                ),
                connection,
            )?;
            Ok(ended.ended)
        })
        .await
        .expect("terminating the listeners");
    usize::try_from(cut).expect("a count")
}

#[tokio::test]
async fn on_postgres_the_listener_reconnects_and_delivers_what_was_accepted_meanwhile() {
    let Some((first, second)) = two_instances().await else { return };
    let open = OpenConsultation::set_up(&first).await;
    let author = Person::verified(&first, "amina@example.org", "Amina Wanjiru", "en").await;
    let mut socket = subscriber(&first, None, &open.consultation.id).await;

    assert_eq!(cut_listeners(&first).await, 2, "each instance listens on its own connection");
    // Accepted while the listeners reconnect: read back from the table once they are back.
    let meanwhile = submit(&second, &author, comment_input(&open.round_id, "Written during the outage.")).await;
    assert_eq!(next_comment(&mut socket).await["id"], meanwhile.as_str());
    wait_until_listening(&first).await;
    let after = submit(&second, &author, comment_input(&open.round_id, "Written after the outage.")).await;
    assert_eq!(next_comment(&mut socket).await["id"], after.as_str(), "each comment arrives once");
    assert!(receive_within(&mut socket, Duration::from_millis(300)).await.is_none());

    drop(socket);
    second.stop().await;
    first.stop().await;
}

/// Prints the delay between the HTTP answer of a `submitComment` to one instance and the comment
/// on a socket of another (the listener reads notifications every 10 ms).
#[tokio::test]
async fn on_postgres_delivery_between_instances_is_measured() {
    const COMMENTS: usize = 50;
    let Some((first, second)) = two_instances().await else { return };
    let open = OpenConsultation::set_up(&first).await;
    let author = Person::verified(&first, "amina@example.org", "Amina Wanjiru", "en").await;
    let mut socket = subscriber(&first, None, &open.consultation.id).await;

    let (received, mut arrivals) = tokio::sync::mpsc::unbounded_channel();
    let reader = tokio::spawn(async move {
        for _ in 0..COMMENTS {
            let comment = next_comment(&mut socket).await;
            let _ = received.send((comment["id"].as_str().expect("an ID").to_owned(), Instant::now()));
        }
    });
    let mut after_answer = Vec::with_capacity(COMMENTS);
    let mut after_request = Vec::with_capacity(COMMENTS);
    for n in 0..COMMENTS {
        let requested = Instant::now();
        let id = submit(&second, &author, comment_input(&open.round_id, &format!("Comment number {n}."))).await;
        let answered = Instant::now();
        let (arrived_id, arrived) = tokio::time::timeout(Duration::from_secs(10), arrivals.recv())
            .await
            .expect("delivered")
            .expect("a comment");
        assert_eq!(arrived_id, id, "comments arrive in order");
        after_answer.push(arrived.saturating_duration_since(answered));
        after_request.push(arrived.duration_since(requested));
    }
    reader.await.expect("the reader finishes");
    let build = if cfg!(debug_assertions) { "debug" } else { "release" };
    eprintln!(
        "live delivery between two instances on PostgreSQL, {COMMENTS} comments, {build} build: \
         from the HTTP answer median {:?} p95 {:?} max {:?}; from the request median {:?} p95 {:?}",
        percentile(&mut after_answer, 50),
        percentile(&mut after_answer, 95),
        percentile(&mut after_answer, 100),
        percentile(&mut after_request, 50),
        percentile(&mut after_request, 95),
    );
    second.stop().await;
    first.stop().await;
}

fn percentile(samples: &mut [Duration], percent: usize) -> Duration {
    samples.sort();
    let rank = (samples.len() * percent).div_ceil(100).clamp(1, samples.len());
    samples[rank - 1]
}

/// A socket whose client reads as little as the kernel lets it (a 4 KiB receive buffer) and then
/// not at all.
async fn stalled_subscriber(app: &TestApp, consultation: &str) -> Socket {
    let address = app.base_url.strip_prefix("http://").expect("plain HTTP").parse().expect("an address");
    let tcp = tokio::net::TcpSocket::new_v4().expect("a TCP socket");
    tcp.set_recv_buffer_size(4096).expect("a small receive buffer");
    let stream = tcp.connect(address).await.expect("connected");
    let (mut socket, _) = tokio_tungstenite::client_async(request(app), MaybeTlsStream::Plain(stream))
        .await
        .expect("the WebSocket handshake");
    connection_init(&mut socket, None).await;
    let before = watchers(app, consultation);
    subscribe(&mut socket, "live", consultation).await;
    wait_for_watchers(app, consultation, before + 1).await;
    socket
}

#[tokio::test]
async fn a_subscriber_that_stops_reading_holds_up_neither_writing_nor_other_subscribers() {
    const COMMENTS: usize = 300;
    for engine in engines() {
        let app = TestApp::spawn_with(engine, &GENEROUS_LIMITS).await;
        let open = OpenConsultation::set_up(&app).await;
        let authors = [
            Person::verified(&app, "amina@example.org", "Amina", "en").await,
            Person::verified(&app, "li.wei@example.org", "Li Wei", "zh-CN").await,
            Person::verified(&app, "pablo@example.org", "Pablo", "es").await,
        ];
        let stalled = stalled_subscriber(&app, &open.consultation.id).await;
        let mut reading = subscriber(&app, None, &open.consultation.id).await;

        // Long texts, so that what the stalled client does not read is far more than the socket buffers hold.
        let text = "A long comment that repeats itself. ".repeat(250);
        let started = Instant::now();
        let mut submitted = BTreeSet::new();
        let mut slowest = Duration::ZERO;
        for round in 0..COMMENTS / 10 {
            let app = &app;
            let requests = (0..10).map(|n| {
                let author = &authors[n % authors.len()];
                let input = comment_input(&open.round_id, &format!("{round}-{n}: {text}"));
                async move {
                    let sent = Instant::now();
                    let id = submit(app, author, input).await;
                    (id, sent.elapsed())
                }
            });
            for (id, took) in futures_util::future::join_all(requests).await {
                slowest = slowest.max(took);
                submitted.insert(id);
            }
        }
        let writing = started.elapsed();
        assert!(slowest < Duration::from_secs(5), "{engine:?}: a submission took {slowest:?}");

        let mut delivered = BTreeSet::new();
        while delivered.len() < COMMENTS {
            delivered.insert(next_comment(&mut reading).await["id"].as_str().expect("an ID").to_owned());
        }
        assert_eq!(delivered, submitted, "{engine:?}: the reading subscriber gets every comment");
        eprintln!(
            "{engine:?}: {COMMENTS} comments of {} bytes accepted in {writing:?} (slowest answer {slowest:?}) \
             beside a subscriber that does not read",
            text.len()
        );
        drop((stalled, reading));
        app.stop().await;
    }
}
