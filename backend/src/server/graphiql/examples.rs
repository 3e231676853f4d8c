//! The example operations GraphiQL opens with, one tab each, for the main tasks: browse open
//! consultations, read one with its comments, sign in, comment, the course catalogue, verify a
//! certificate.
//!
//! Each example is a file of its own in `backend/assets/graphiql/examples/` (a `.graphql`
//! whose leading `#` lines explain it, and a `.variables.json` where it takes variables), so the
//! black-box tests can run every one against the real server and catch one the schema no longer
//! accepts. They reach the browser as the page's configuration, see [`configuration_json`].

use std::sync::OnceLock;

use serde::Serialize;

/// The headers every tab starts with: a template for choosing the answer's language.
const ANONYMOUS_HEADERS: &str = "{\n  \"Accept-Language\": \"en\"\n}";

/// The headers of tabs that need a signed-in caller. Only those tabs carry the placeholder:
/// a token that does not authenticate fails the whole request (HTTP 401), even a public query.
const SIGNED_IN_HEADERS: &str =
    "{\n  \"Accept-Language\": \"en\",\n  \"Authorization\": \"Bearer <paste accessToken from the sign-in tab>\"\n}";

struct Example {
    query: &'static str,
    variables: Option<&'static str>,
    needs_sign_in: bool,
}

/// The tabs, in order.
const EXAMPLES: [Example; 6] = [
    Example {
        query: include_str!("../../../assets/graphiql/examples/01-open-consultations.graphql"),
        variables: None,
        needs_sign_in: false,
    },
    Example {
        query: include_str!("../../../assets/graphiql/examples/02-consultation-with-comments.graphql"),
        variables: Some(include_str!("../../../assets/graphiql/examples/02-consultation-with-comments.variables.json")),
        needs_sign_in: false,
    },
    Example {
        query: include_str!("../../../assets/graphiql/examples/03-sign-in.graphql"),
        variables: Some(include_str!("../../../assets/graphiql/examples/03-sign-in.variables.json")),
        needs_sign_in: false,
    },
    Example {
        query: include_str!("../../../assets/graphiql/examples/04-submit-comment.graphql"),
        variables: Some(include_str!("../../../assets/graphiql/examples/04-submit-comment.variables.json")),
        needs_sign_in: true,
    },
    Example {
        query: include_str!("../../../assets/graphiql/examples/05-course-catalogue.graphql"),
        variables: None,
        needs_sign_in: false,
    },
    Example {
        query: include_str!("../../../assets/graphiql/examples/06-verify-certificate.graphql"),
        variables: Some(include_str!("../../../assets/graphiql/examples/06-verify-certificate.variables.json")),
        needs_sign_in: false,
    },
];

/// What `agora-graphiql.js` reads from the page (GraphiQL's `defaultTabs` and `defaultHeaders`).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Configuration {
    endpoint: &'static str,
    subscription_endpoint: &'static str,
    default_headers: &'static str,
    tabs: Vec<Tab>,
}

#[derive(Serialize)]
struct Tab {
    query: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    variables: Option<&'static str>,
    headers: &'static str,
}

/// The page's configuration as JSON that is safe inside a `<script type="application/json">`
/// element: `<`, `>` and `&` are written as `\u` escapes, so no example can end the element.
pub fn configuration_json() -> &'static str {
    static JSON: OnceLock<String> = OnceLock::new();
    JSON.get_or_init(|| {
        let configuration = Configuration {
            endpoint: "/graphql",
            subscription_endpoint: "/graphql/ws",
            default_headers: ANONYMOUS_HEADERS,
            tabs: EXAMPLES
                .iter()
                .map(|example| Tab {
                    query: example.query,
                    variables: example.variables.map(str::trim_end),
                    headers: if example.needs_sign_in { SIGNED_IN_HEADERS } else { ANONYMOUS_HEADERS },
                })
                .collect(),
        };
        // Plain strings and lists: serializing cannot fail, but the page must not panic if it did.
        let json = serde_json::to_string(&configuration).unwrap_or_else(|error| {
            tracing::error!(%error, "the GraphiQL examples could not be written as JSON");
            "{}".to_owned()
        });
        json.replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026")
    })
}
