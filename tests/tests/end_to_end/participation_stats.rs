//! Participation statistics over HTTP on every engine: public, per consultation and per round;
//! counts from 1 to 4 shown as "fewer than 5" in the reader's language; and, as a property over
//! random consultations (authors from several countries and organizations, languages, stances,
//! confidential comments, campaigns, withdrawals, moderation and edits), the counters always
//! equal a recount of the comments table.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use agora::consultations::campaigns::service::normalize;
use agora::consultations::model::ConsultationId;
use agora::consultations::statistics::service as statistics;
use agora::db::schema::{comments, consultations};
use agora_tests::consultation_fixture::{
    Government, OpenConsultation, Person, Stakeholder, comment, round_input, success,
};
use agora_tests::{Engine, TestApp, engines, error_code};
use diesel::prelude::*;
use proptest::prelude::*;
use proptest::test_runner::{Config as ProptestConfig, TestCaseError, TestRunner};
use serde_json::{Value, json};

const STATS: &str = "query($id: ID!, $round: ID) { participationStats(consultationId: $id, roundId: $round) {
  comments round { id }
  byStakeholderKind { kind comments { value fewerThanFive display } }
  byIncomeGroup { incomeGroup comments { value fewerThanFive display } }
  byRegion { region comments { value fewerThanFive display } }
  byLanguage { language comments { value fewerThanFive display } }
  byStance { stance comments { value fewerThanFive display } } } }";

async fn stats_in(app: &TestApp, locale: &str, consultation: &str, round: Option<&str>) -> Value {
    let body = json!({ "query": STATS, "variables": { "id": consultation, "round": round }, "extensions": { "locale": locale } });
    app.post_json(body).await
}

fn cell<'a>(cells: &'a Value, key: &str, value: &str) -> &'a Value {
    cells
        .as_array()
        .expect("cells")
        .iter()
        .find(|cell| cell[key] == value)
        .map(|cell| &cell["comments"])
        .unwrap_or_else(|| panic!("no {key} {value} in {cells}"))
}

#[tokio::test]
async fn small_cells_are_shown_as_fewer_than_five() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        let setup = OpenConsultation::set_up(&app).await;
        let round = &setup.round_id;
        for index in 0..6 {
            let person = Person::from_country(&app, &format!("ke{index}@example.org"), "Wanjiru", "en", "KE").await;
            comment(
                &app,
                &person.token,
                json!({ "roundId": round, "body": format!("Point {index}"), "stance": "SUPPORT" }),
            )
            .await;
        }
        for index in 0..2 {
            let person = Person::from_country(&app, &format!("de{index}@example.org"), "Jonas", "en", "DE").await;
            let input =
                json!({ "roundId": round, "body": format!("Punkt {index}"), "stance": "OPPOSE", "language": "de" });
            comment(&app, &person.token, input).await;
        }

        let response = stats_in(&app, "fr", &setup.consultation.id, None).await;
        let stats = success(&response, "participationStats");
        assert_eq!(stats["comments"], 8, "{engine:?}: totals are exact: {stats}");
        assert!(stats["round"].is_null(), "{engine:?}");
        let shown = json!({ "value": 6, "fewerThanFive": false, "display": "6" });
        let withheld = json!({ "value": null, "fewerThanFive": true, "display": "moins de 5" });
        assert_eq!(cell(&stats["byRegion"], "region", "AFRICA"), &shown, "{engine:?}: {stats}");
        assert_eq!(cell(&stats["byRegion"], "region", "EUROPE"), &withheld, "{engine:?}: {stats}");
        assert_eq!(cell(&stats["byIncomeGroup"], "incomeGroup", "LOWER_MIDDLE"), &shown, "{engine:?}");
        assert_eq!(cell(&stats["byIncomeGroup"], "incomeGroup", "HIGH"), &withheld, "{engine:?}");
        assert_eq!(cell(&stats["byStance"], "stance", "SUPPORT"), &shown, "{engine:?}");
        let exact_two = json!({ "value": 2, "fewerThanFive": false, "display": "2" });
        assert_eq!(cell(&stats["byStance"], "stance", "OPPOSE"), &exact_two, "{engine:?}: stances are exact");
        assert_eq!(cell(&stats["byLanguage"], "language", "de"), &withheld, "{engine:?}");
        let individuals = json!({ "value": 8, "fewerThanFive": false, "display": "8" });
        assert_eq!(cell(&stats["byStakeholderKind"], "kind", "INDIVIDUAL"), &individuals, "{engine:?}");
        let stances: Vec<&Value> =
            stats["byStance"].as_array().expect("stances").iter().map(|cell| &cell["stance"]).collect();
        assert_eq!(stances, ["SUPPORT", "OPPOSE"], "{engine:?}: largest first, no empty cells");

        let in_arabic = stats_in(&app, "ar", &setup.consultation.id, Some(round)).await;
        let stats = success(&in_arabic, "participationStats");
        assert_eq!(stats["round"]["id"], round.as_str(), "{engine:?}");
        assert_eq!(cell(&stats["byRegion"], "region", "EUROPE")["display"], "أقل من 5", "{engine:?}");

        let other = setup.government.published(&app, "other-act").await;
        let foreign_round = stats_in(&app, "en", &other.id, Some(round)).await;
        assert_eq!(error_code(&foreign_round), "NOT_FOUND", "{engine:?}: a round of another consultation");
        let draft = setup.government.draft(&app, "draft-act").await;
        assert_eq!(error_code(&stats_in(&app, "en", &draft.id, None).await), "NOT_FOUND", "{engine:?}: a draft");
        app.stop().await;
    }
}

const LISTED: &str = "query($id: ID!, $language: String, $country: String, $income: IncomeGroup, $kind: OrganizationKind, $stance: Stance) {
  consultation(id: $id) {
    comments(first: 100, language: $language, country: $country, incomeGroup: $income, organizationKind: $kind, stance: $stance) {
      totalCount withheld edges { node { id author { id displayName } } } pageInfo { hasNextPage }
    }
  }
}";

/// The comments of the consultation with `filters`, as `reader` (or an anonymous reader) sees them.
async fn listed_with(app: &TestApp, reader: Option<&Person>, consultation: &str, filters: Value) -> Value {
    let mut variables = filters;
    variables["id"] = json!(consultation);
    let response = match reader {
        Some(person) => app.graphql_as(&person.token, LISTED, variables).await,
        None => app.graphql(LISTED, variables).await,
    };
    success(&response, "consultation")["comments"].clone()
}

#[tokio::test]
async fn small_groups_of_people_are_not_listed() {
    for engine in engines() {
        let app = TestApp::spawn(engine).await;
        let setup = OpenConsultation::set_up(&app).await;
        let round = &setup.round_id;
        let id = &setup.consultation.id;
        let mut kenyans = Vec::new();
        for index in 0..6 {
            let person = Person::from_country(&app, &format!("ke{index}@example.org"), "Wanjiru", "en", "KE").await;
            let input =
                json!({ "roundId": round, "body": format!("Point {index}"), "stance": "SUPPORT", "language": "en" });
            comment(&app, &person.token, input).await;
            kenyans.push(person);
        }
        let swahili = Person::from_country(&app, "baraka@example.org", "Baraka Mwangi", "en", "KE").await;
        comment(&app, &swahili.token, json!({ "roundId": round, "body": "Maoni yangu.", "language": "sw" })).await;
        for index in 0..2 {
            let person = Person::from_country(&app, &format!("de{index}@example.org"), "Jonas", "en", "DE").await;
            let input =
                json!({ "roundId": round, "body": format!("Punkt {index}"), "stance": "OPPOSE", "language": "de" });
            comment(&app, &person.token, input).await;
        }
        let prolific = Person::from_country(&app, "claire@example.org", "Claire", "en", "FR").await;
        for index in 0..5 {
            let input = json!({ "roundId": round, "body": format!("Remarque {index}"), "language": "fr" });
            comment(&app, &prolific.token, input).await;
        }
        let rights = Stakeholder::verified(&app, setup.platform_admin(), "CIVIL_SOCIETY", "Digital Rights Watch").await;
        let for_rights = json!({ "roundId": round, "body": "Our view.", "organizationId": rights.organization_id });
        comment(&app, &rights.member.token, for_rights).await;

        let response = stats_in(&app, "en", id, None).await;
        let stats = success(&response, "participationStats");
        assert_eq!(cell(&stats["byLanguage"], "language", "sw")["fewerThanFive"], true, "{engine:?}: {stats}");
        assert_eq!(cell(&stats["byLanguage"], "language", "fr")["value"], 5, "{engine:?}: comments are counted");

        let withheld =
            json!({ "totalCount": null, "withheld": true, "edges": [], "pageInfo": { "hasNextPage": false } });
        let small_groups = [
            json!({ "language": "sw" }),
            json!({ "country": "DE" }),
            json!({ "income": "HIGH" }),
            json!({ "kind": "CIVIL_SOCIETY" }),
            // Five comments, but one person: still singled out.
            json!({ "language": "fr" }),
            // Two filters that each select many people can together select one.
            json!({ "country": "KE", "language": "sw" }),
            json!({ "country": "DE", "stance": "OPPOSE" }),
        ];
        for filters in &small_groups {
            for reader in [None, Some(&kenyans[0]), Some(&swahili)] {
                let listed = listed_with(&app, reader, id, filters.clone()).await;
                assert_eq!(listed, withheld, "{engine:?}: {filters} as {:?}", reader.map(|person| &person.email));
            }
        }
        for (filters, people, comments) in [
            (json!({ "country": "KE" }), 7, 7),
            // The stakeholder's comment is in the request's language.
            (json!({ "language": "en" }), 7, 7),
            (json!({ "income": "LOWER_MIDDLE" }), 7, 7),
        ] {
            let listed = listed_with(&app, None, id, filters.clone()).await;
            assert_eq!(listed["withheld"], false, "{engine:?}: {filters}: {listed}");
            assert_eq!(listed["totalCount"], comments, "{engine:?}: {filters}: {listed}");
            let authors: std::collections::BTreeSet<String> = listed["edges"]
                .as_array()
                .expect("edges")
                .iter()
                .map(|edge| edge["node"]["author"]["id"].to_string())
                .collect();
            assert_eq!(authors.len(), people, "{engine:?}: {filters}: {listed}");
        }
        let stances = listed_with(&app, None, id, json!({ "stance": "OPPOSE" })).await;
        assert_eq!(
            [&stances["withheld"], &stances["totalCount"]],
            [&json!(false), &json!(2)],
            "{engine:?}: a stance is what comments say, listed like the statistics count it: {stances}"
        );
        assert_eq!(cell(&stats["byStance"], "stance", "OPPOSE")["value"], 2, "{engine:?}");
        let everyone = listed_with(&app, None, id, json!({})).await;
        assert_eq!([&everyone["withheld"], &everyone["totalCount"]], [&json!(false), &json!(15)], "{engine:?}");
        assert!(everyone.to_string().contains("Baraka Mwangi"), "each comment stays public in the whole list");

        let moderator = Person::verified(&app, "moderator@example.org", "Moderator", "en").await;
        setup.government.grant(&app, &moderator, "MODERATOR", Some(id)).await;
        for reader in [setup.official(), setup.platform_admin(), &moderator] {
            let listed = listed_with(&app, Some(reader), id, json!({ "language": "sw" })).await;
            assert_eq!(listed["withheld"], false, "{engine:?}: {}: {listed}", reader.email);
            assert_eq!(listed["totalCount"], 1, "{engine:?}: {}: {listed}", reader.email);
            assert_eq!(listed["edges"][0]["node"]["author"]["displayName"], "Baraka Mwangi", "{engine:?}");
        }

        let in_round = "query($id: ID!) { node(id: $id) { ... on CommentRound { comments(language: \"sw\") { totalCount withheld } } } }";
        let round_list = app.graphql(in_round, json!({ "id": round })).await;
        assert_eq!(
            round_list["data"]["node"]["comments"],
            json!({ "totalCount": null, "withheld": true }),
            "{engine:?}"
        );
        app.stop().await;
    }
}

/// What happens to a comment after it is submitted.
#[derive(Debug, Clone, Copy)]
enum Fate {
    Stays,
    Withdrawn,
    Hidden,
    HiddenThenRestored,
    EditedTo(usize),
}

/// One random comment.
#[derive(Debug, Clone)]
struct Spec {
    author: usize,
    for_organization: bool,
    language: &'static str,
    stance: &'static str,
    confidential: bool,
    text: usize,
    shouted: bool,
    second_round: bool,
    fate: Fate,
}

const TEXTS: [&str; 4] = [
    "Small businesses need an exemption.",
    "Please define high-risk systems precisely!",
    "We support the scope as drafted",
    "Independent audits should be mandatory.",
];

fn fate() -> impl Strategy<Value = Fate> {
    prop_oneof![
        4 => Just(Fate::Stays),
        1 => Just(Fate::Withdrawn),
        1 => Just(Fate::Hidden),
        1 => Just(Fate::HiddenThenRestored),
        1 => (0..TEXTS.len()).prop_map(Fate::EditedTo),
    ]
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        (0..AUTHORS, any::<bool>(), prop::sample::select(vec!["en", "fr", "ar", "zh"])),
        (prop::sample::select(vec!["SUPPORT", "OPPOSE", "NEUTRAL"]), prop::bool::weighted(0.15)),
        (0..TEXTS.len(), any::<bool>(), any::<bool>(), fate()),
    )
        .prop_map(
            |((author, for_organization, language), (stance, confidential), (text, shouted, second_round, fate))| {
                Spec { author, for_organization, language, stance, confidential, text, shouted, second_round, fate }
            },
        )
}

/// The people who comment: individuals from several countries (one without a country) and the
/// members of two organizations, who may speak for them.
const AUTHORS: usize = 7;

struct World {
    app: TestApp,
    government: Government,
    authors: Vec<(Person, Option<String>)>,
    cases: AtomicUsize,
}

impl World {
    async fn set_up(engine: Engine) -> Self {
        let app = TestApp::spawn_with(
            engine,
            &[("AGORA_COMMENTS_PER_HOUR", "100000"), ("AGORA_COMMENTS_PER_CLIENT_PER_HOUR", "100000")],
        )
        .await;
        let government = Government::set_up(&app).await;
        let mut authors = Vec::new();
        for (index, country) in ["KE", "DE", "BR", "IN", "JP"].iter().enumerate() {
            let email = format!("author{index}@example.org");
            authors.push((Person::from_country(&app, &email, "Author", "en", country).await, None));
        }
        authors.push((Person::verified(&app, "nowhere@example.org", "Author", "en").await, None));
        let admin = &government.platform_admin;
        let ngo = Stakeholder::verified(&app, admin, "CIVIL_SOCIETY", "Open Data Coalition").await;
        let company = Stakeholder::verified(&app, admin, "INDUSTRY", "Example Robotics").await;
        authors.push((ngo.member, Some(ngo.organization_id)));
        authors.push((company.member, Some(company.organization_id)));
        Self { app, government, authors, cases: AtomicUsize::new(0) }
    }

    /// Plays one random consultation and compares the counters with a recount.
    async fn check(&self, specs: &[Spec]) -> Result<(), TestCaseError> {
        let app = &self.app;
        let case = self.cases.fetch_add(1, Ordering::Relaxed);
        let consultation = self.government.published(app, &format!("case-{case}")).await;
        let first_round = self.government.open_public_round(app, &consultation).await;
        let mut second = round_input(&consultation.id, "PUBLIC");
        second["title"] = json!("Second reading");
        let second_round = self.government.round(app, second).await;

        for spec in specs {
            let author_index = spec.author % self.authors.len();
            let (author, organization) = &self.authors[author_index];
            let text = if spec.shouted { TEXTS[spec.text].to_uppercase() } else { TEXTS[spec.text].to_owned() };
            let input = json!({
                "roundId": if spec.second_round { &second_round } else { &first_round },
                "body": text,
                "language": spec.language,
                "stance": spec.stance,
                "confidential": spec.confidential,
                "organizationId": if spec.for_organization { organization.as_deref() } else { None },
            });
            let id = comment(app, &author.token, input).await;
            self.apply(&author.token, &id, spec.fate).await;
        }

        let raw_id = self.raw_consultation_id(&consultation.slug).await;
        for round in [None, Some(first_round.as_str()), Some(second_round.as_str())] {
            let raw_round = match round {
                Some(id) => Some(self.raw_round_id(&raw_id, id == first_round).await),
                None => None,
            };
            let counted = self.counters(&raw_id, raw_round.clone()).await;
            let recounted = self.recount(&raw_id, raw_round).await;
            prop_assert_eq!(&counted, &recounted, "round {:?}", round);
            self.compare_with_api(&consultation.id, round, &recounted).await?;
        }
        Ok(())
    }

    async fn apply(&self, author: &str, id: &str, fate: Fate) {
        let app = &self.app;
        let admin = &self.government.platform_admin.token;
        const MODERATE: &str = "mutation($id: ID!, $action: ModerationAction!) {
          moderateComment(id: $id, action: $action, reason: \"Checking the counters\") { status } }";
        match fate {
            Fate::Stays => {}
            Fate::Withdrawn => {
                let done = app
                    .graphql_as(
                        author,
                        "mutation($id: ID!) { withdrawComment(id: $id) { status } }",
                        json!({ "id": id }),
                    )
                    .await;
                success(&done, "withdrawComment");
            }
            Fate::Hidden => {
                success(
                    &app.graphql_as(admin, MODERATE, json!({ "id": id, "action": "HIDE" })).await,
                    "moderateComment",
                );
            }
            Fate::HiddenThenRestored => {
                success(
                    &app.graphql_as(admin, MODERATE, json!({ "id": id, "action": "HIDE" })).await,
                    "moderateComment",
                );
                success(
                    &app.graphql_as(admin, MODERATE, json!({ "id": id, "action": "RESTORE" })).await,
                    "moderateComment",
                );
            }
            Fate::EditedTo(text) => {
                let edit = "mutation($id: ID!, $body: String!) { editComment(id: $id, body: $body) { id } }";
                success(&app.graphql_as(author, edit, json!({ "id": id, "body": TEXTS[text] })).await, "editComment");
            }
        }
    }

    async fn raw_consultation_id(&self, slug: &str) -> String {
        let slug = slug.to_owned();
        self.app
            .services
            .db
            .run(move |connection| {
                Ok(consultations::table
                    .filter(consultations::slug.eq(slug))
                    .select(consultations::id)
                    .first(connection)?)
            })
            .await
            .expect("the consultation")
    }

    async fn raw_round_id(&self, consultation: &str, first: bool) -> String {
        use agora::db::schema::comment_rounds;
        let consultation = consultation.to_owned();
        let ids: Vec<String> = self
            .app
            .services
            .db
            .run(move |connection| {
                Ok(comment_rounds::table
                    .filter(comment_rounds::consultation_id.eq(consultation))
                    .order(comment_rounds::id)
                    .select(comment_rounds::id)
                    .load(connection)?)
            })
            .await
            .expect("the rounds");
        ids[usize::from(!first)].clone()
    }

    async fn counters(&self, consultation: &str, round: Option<String>) -> BTreeMap<(String, String), i64> {
        let consultation = ConsultationId(consultation.to_owned());
        self.app
            .services
            .db
            .run(move |connection| {
                let round = round.map(agora::consultations::model::RoundId);
                Ok(statistics::figures(connection, &consultation, round.as_ref())?.counts)
            })
            .await
            .expect("the counters")
    }

    /// The figures from the published comments themselves, texts compared by their
    /// normalized bodies (confidential ones each a text of their own).
    async fn recount(&self, consultation: &str, round: Option<String>) -> BTreeMap<(String, String), i64> {
        type Row = (String, String, Option<String>, Option<String>, String, String, bool, String);
        let consultation = consultation.to_owned();
        let rows: Vec<Row> = self
            .app
            .services
            .db
            .run(move |connection| {
                let mut query = comments::table
                    .filter(comments::consultation_id.eq(consultation))
                    .filter(comments::status.eq("PUBLISHED"))
                    .select((
                        comments::round_id,
                        comments::stakeholder_kind,
                        comments::income_group,
                        comments::region,
                        comments::language,
                        comments::stance,
                        comments::confidential,
                        comments::body,
                    ))
                    .into_boxed();
                if let Some(round) = round {
                    query = query.filter(comments::round_id.eq(round));
                }
                Ok(query.load(connection)?)
            })
            .await
            .expect("the comments");
        let mut figures = BTreeMap::new();
        let mut add = |dimension: &str, value: &str, count: i64| {
            *figures.entry((dimension.to_owned(), value.to_owned())).or_insert(0) += count;
        };
        let mut texts: BTreeMap<(String, String), i64> = BTreeMap::new();
        for (round, kind, income_group, region, language, stance, confidential, body) in rows {
            add("TOTAL", "", 1);
            add("STAKEHOLDER_KIND", &kind, 1);
            add("INCOME_GROUP", income_group.as_deref().unwrap_or("UNKNOWN"), 1);
            add("REGION", region.as_deref().unwrap_or("UNKNOWN"), 1);
            add("LANGUAGE", &language, 1);
            add("STANCE", &stance, 1);
            if confidential {
                add("TEXTS", "UNIQUE", 1);
            } else {
                *texts.entry((round, normalize(&body))).or_insert(0) += 1;
            }
        }
        for size in texts.values() {
            add("TEXTS", "UNIQUE", 1);
            if *size >= 2 {
                add("TEXTS", "CAMPAIGNS", 1);
                add("TEXTS", "IN_CAMPAIGNS", *size);
            }
        }
        figures
    }

    /// The API shows the recount, with counts from 1 to 4 withheld (except stances).
    async fn compare_with_api(
        &self,
        consultation: &str,
        round: Option<&str>,
        recount: &BTreeMap<(String, String), i64>,
    ) -> Result<(), TestCaseError> {
        let response = stats_in(&self.app, "en", consultation, round).await;
        let stats = success(&response, "participationStats");
        prop_assert_eq!(
            stats["comments"].as_i64(),
            Some(recount.get(&("TOTAL".into(), String::new())).copied().unwrap_or(0))
        );
        let dimensions = [
            ("byStakeholderKind", "kind", "STAKEHOLDER_KIND"),
            ("byRegion", "region", "REGION"),
            ("byIncomeGroup", "incomeGroup", "INCOME_GROUP"),
            ("byLanguage", "language", "LANGUAGE"),
            ("byStance", "stance", "STANCE"),
        ];
        for (field, key, dimension) in dimensions {
            let mut shown = BTreeMap::new();
            for cell in stats[field].as_array().expect("cells") {
                let value = cell[key].as_str().unwrap_or("UNKNOWN").to_owned();
                shown.insert(value, cell["comments"]["value"].as_i64());
            }
            let expected: BTreeMap<String, Option<i64>> = recount
                .iter()
                .filter(|((name, _), count)| name == dimension && **count > 0)
                .map(|((_, value), count)| (value.clone(), (*count >= 5 || dimension == "STANCE").then_some(*count)))
                .collect();
            prop_assert_eq!(&shown, &expected, "{}", field);
        }
        Ok(())
    }
}

#[test]
fn statistics_equal_a_recount_of_the_comments() {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("a runtime");
    for engine in engines() {
        let world = runtime.block_on(World::set_up(engine));
        let config = ProptestConfig { cases: 10, failure_persistence: None, ..ProptestConfig::default() };
        let mut runner = TestRunner::new(config);
        let outcome = runner.run(&prop::collection::vec(spec(), 1..24), |specs| runtime.block_on(world.check(&specs)));
        if let Err(failure) = outcome {
            panic!("{engine:?}: {failure}");
        }
        runtime.block_on(world.app.stop());
    }
}
