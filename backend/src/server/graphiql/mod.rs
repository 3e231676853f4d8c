//! The GraphiQL IDE at `/graphiql`, for people exploring the API in a browser.
//!
//! Everything the page loads comes from this binary ([`assets`]): pinned production builds of
//! GraphiQL and React, and the page's own start-up script and style. So the IDE works offline
//! and behind a corporate proxy, and a page where people paste bearer tokens runs no code from
//! a host we do not control. Its Content-Security-Policy holds it to that; the page opens with
//! example operations as tabs ([`examples`]).

mod assets;
mod examples;

use std::sync::OnceLock;

use actix_web::HttpResponse;
use actix_web::http::header;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore as _;

pub use assets::serve as asset;

/// Where the page's template takes the nonce of this response.
const NONCE_SLOT: &str = "{nonce}";

/// `GET /graphiql`.
pub async fn page() -> HttpResponse {
    let nonce = nonce();
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CONTENT_SECURITY_POLICY, content_security_policy(&nonce)))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::REFERRER_POLICY, "no-referrer"))
        // Each answer has its own nonce; the assets it names are cached instead.
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(template().replacen(NONCE_SLOT, &nonce, 1))
}

/// Only this server's files: no inline script (the start-up code is `agora-graphiql.js`), no
/// other host. `data:` for images and fonts because GraphiQL's stylesheet embeds its fonts and
/// icons that way. The one inline style is the `<style>` element GraphiQL's dialogs insert to
/// lock scrolling (react-remove-scroll); it carries the nonce, which the start-up script hands
/// to it through `__webpack_nonce__`. `connect-src 'self'` also admits `ws:`/`wss:` to this
/// same host (CSP Level 3), which subscriptions need.
fn content_security_policy(nonce: &str) -> String {
    format!(
        "default-src 'none'; script-src 'self'; style-src 'self' 'nonce-{nonce}'; img-src 'self' data:; \
         font-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )
}

/// 128 random bits, fresh for every answer.
fn nonce() -> String {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The page with [`NONCE_SLOT`] where the nonce goes, written once: it only changes with the
/// binary. Links are same-origin paths, so the page names no host.
fn template() -> &'static str {
    static TEMPLATE: OnceLock<String> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let mut links = String::new();
        for asset in assets::all() {
            // Scripts are `defer`red: they run in this order, after the configuration is parsed.
            let link = match asset.kind {
                assets::Kind::Stylesheet => format!("  <link rel=\"stylesheet\" href=\"{}\">\n", asset.url()),
                assets::Kind::Library => format!("  <script src=\"{}\" defer></script>\n", asset.url()),
                assets::Kind::StartUp => {
                    format!("  <script src=\"{}\" nonce=\"{NONCE_SLOT}\" defer></script>\n", asset.url())
                }
            };
            links.push_str(&link);
        }
        format!(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n  <meta charset=\"utf-8\">\n  \
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n  \
             <title>Agora GraphiQL</title>\n  <link rel=\"icon\" href=\"data:,\">\n{links}</head>\n<body>\n  \
             <div id=\"graphiql\">Loading GraphiQL…</div>\n  \
             <noscript>GraphiQL needs JavaScript. The API itself answers at /graphql.</noscript>\n  \
             <script type=\"application/json\" id=\"agora-graphiql-config\">{}</script>\n</body>\n</html>\n",
            examples::configuration_json()
        )
    })
}
