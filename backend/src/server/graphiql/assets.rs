//! The files the GraphiQL page loads, embedded in the binary: pinned production builds of
//! GraphiQL and React (see `backend/assets/graphiql/README.md`) and the page's own start-up
//! script and style.
//!
//! Each is served under a name that changes whenever its content does — the package version
//! for the pinned builds, a hash of the content for our own files — so browsers may keep it
//! for a year without asking again. Most of the bytes are JavaScript and CSS that shrink to a
//! quarter with gzip: each file is compressed once, on the first request that accepts gzip,
//! and the compressed bytes are kept. A response that carries `Content-Encoding` is left alone
//! by actix-web's `Compress` middleware (`actix_http::encoding::Encoder::response`), so nothing
//! is compressed twice; a client that accepts neither gzip nor identity-only (say, brotli
//! alone, which no browser sends) gets the middleware's per-request compression instead.

use std::io::Write as _;
use std::sync::OnceLock;

use actix_web::http::header::{
    self, AcceptEncoding, CacheControl, CacheDirective, ContentEncoding, ETag, Encoding, EntityTag, Header as _,
    IfNoneMatch,
};
use actix_web::{HttpRequest, HttpResponse, web};
use flate2::Compression;
use flate2::write::GzEncoder;
use sha2::{Digest, Sha256};

/// Where the assets are served; the page links them as `{PATH}{name}`.
pub const PATH: &str = "/graphiql/assets/";

const JAVASCRIPT: &str = "text/javascript; charset=utf-8";
const CSS: &str = "text/css; charset=utf-8";

/// How the page uses a file.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Stylesheet,
    /// GraphiQL or React.
    Library,
    /// Our start-up script, which hands the page's style nonce on to GraphiQL.
    StartUp,
}

/// How a file is named when served.
enum Naming {
    /// Under this name, which carries the package version.
    Pinned(&'static str),
    /// As `{stem}-{hash}.{extension}`, the hash taken from the content.
    ContentHashed { stem: &'static str, extension: &'static str },
}

struct Embedded {
    naming: Naming,
    kind: Kind,
    bytes: &'static [u8],
}

/// Every file, in the order the page loads them (scripts run in this order: React, ReactDOM,
/// GraphiQL, then the start-up script that uses all three).
const EMBEDDED: [Embedded; 6] = [
    Embedded {
        naming: Naming::Pinned("graphiql-3.9.0.min.css"),
        kind: Kind::Stylesheet,
        bytes: include_bytes!("../../../assets/graphiql/graphiql-3.9.0.min.css"),
    },
    Embedded {
        naming: Naming::ContentHashed { stem: "agora-graphiql", extension: "css" },
        kind: Kind::Stylesheet,
        bytes: include_bytes!("../../../assets/graphiql/agora-graphiql.css"),
    },
    Embedded {
        naming: Naming::Pinned("react-18.3.1.production.min.js"),
        kind: Kind::Library,
        bytes: include_bytes!("../../../assets/graphiql/react-18.3.1.production.min.js"),
    },
    Embedded {
        naming: Naming::Pinned("react-dom-18.3.1.production.min.js"),
        kind: Kind::Library,
        bytes: include_bytes!("../../../assets/graphiql/react-dom-18.3.1.production.min.js"),
    },
    Embedded {
        naming: Naming::Pinned("graphiql-3.9.0.min.js"),
        kind: Kind::Library,
        bytes: include_bytes!("../../../assets/graphiql/graphiql-3.9.0.min.js"),
    },
    Embedded {
        naming: Naming::ContentHashed { stem: "agora-graphiql", extension: "js" },
        kind: Kind::StartUp,
        bytes: include_bytes!("../../../assets/graphiql/agora-graphiql.js"),
    },
];

/// One servable file.
pub struct Asset {
    pub name: String,
    pub kind: Kind,
    bytes: &'static [u8],
    etag: EntityTag,
    gzip_etag: EntityTag,
    /// Filled on first use; `None` if compressing failed (the file is then served as is).
    gzip: OnceLock<Option<Vec<u8>>>,
}

impl Asset {
    fn new(embedded: &Embedded) -> Self {
        let digest = hex(&Sha256::digest(embedded.bytes));
        let name = match embedded.naming {
            Naming::Pinned(name) => name.to_owned(),
            Naming::ContentHashed { stem, extension } => format!("{stem}-{}.{extension}", &digest[..12]),
        };
        // Strong tags, one per representation: the gzip bytes are not the identity bytes.
        let tag = &digest[..32];
        Self {
            name,
            kind: embedded.kind,
            bytes: embedded.bytes,
            etag: EntityTag::new_strong(tag.to_owned()),
            gzip_etag: EntityTag::new_strong(format!("{tag}-gzip")),
            gzip: OnceLock::new(),
        }
    }

    /// The page's link to this file.
    pub fn url(&self) -> String {
        format!("{PATH}{}", self.name)
    }

    fn content_type(&self) -> &'static str {
        match self.kind {
            Kind::Stylesheet => CSS,
            Kind::Library | Kind::StartUp => JAVASCRIPT,
        }
    }

    /// The gzip bytes, compressing them first if no request has yet. Blocks for as long as
    /// compressing takes: call it off the async workers.
    fn gzip_bytes(&self) -> Option<&[u8]> {
        self.gzip.get_or_init(|| gzip(&self.name, self.bytes)).as_deref()
    }
}

/// Every asset, in load order.
pub fn all() -> &'static [Asset] {
    static ASSETS: OnceLock<Vec<Asset>> = OnceLock::new();
    ASSETS.get_or_init(|| EMBEDDED.iter().map(Asset::new).collect())
}

/// `GET /graphiql/assets/{file}`.
pub async fn serve(request: HttpRequest, file: web::Path<String>) -> HttpResponse {
    let Some(asset) = all().iter().find(|asset| asset.name == *file) else {
        return HttpResponse::NotFound().content_type("text/plain; charset=utf-8").body("No such GraphiQL asset.\n");
    };
    let gzip = if accepts_gzip(&request) { gzip_bytes(asset).await } else { None };
    let (body, etag) = match gzip {
        Some(bytes) => (bytes, &asset.gzip_etag),
        None => (asset.bytes, &asset.etag),
    };

    let held = already_held(&request, etag);
    let mut response = if held { HttpResponse::NotModified() } else { HttpResponse::Ok() };
    response
        .insert_header(CacheControl(vec![
            CacheDirective::Public,
            CacheDirective::MaxAge(31_536_000),
            CacheDirective::Extension("immutable".to_owned(), None),
        ]))
        .insert_header(ETag(etag.clone()))
        .insert_header((header::VARY, "Accept-Encoding"))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"));
    if held {
        return response.finish();
    }
    if gzip.is_some() {
        response.insert_header(ContentEncoding::Gzip);
    }
    response.content_type(asset.content_type()).body(body)
}

/// The compressed bytes, prepared on a blocking thread the first time.
async fn gzip_bytes(asset: &'static Asset) -> Option<&'static [u8]> {
    if let Some(prepared) = asset.gzip.get() {
        return prepared.as_deref();
    }
    match web::block(move || asset.gzip_bytes()).await {
        Ok(bytes) => bytes,
        Err(error) => {
            tracing::error!(%error, asset = %asset.name, "compressing a GraphiQL asset did not finish");
            None
        }
    }
}

/// Whether the client takes gzip over the plain bytes (browsers all do).
fn accepts_gzip(request: &HttpRequest) -> bool {
    let Ok(accepted) = AcceptEncoding::parse(request) else { return false };
    accepted.negotiate([Encoding::gzip(), Encoding::identity()].iter()) == Some(Encoding::gzip())
}

/// Whether `If-None-Match` names the representation about to be sent.
fn already_held(request: &HttpRequest, etag: &EntityTag) -> bool {
    match IfNoneMatch::parse(request) {
        Ok(IfNoneMatch::Any) => true,
        Ok(IfNoneMatch::Items(tags)) => tags.iter().any(|tag| tag.weak_eq(etag)),
        Err(_) => false,
    }
}

fn gzip(name: &str, bytes: &[u8]) -> Option<Vec<u8>> {
    let mut encoder = GzEncoder::new(Vec::with_capacity(bytes.len() / 3), Compression::best());
    match encoder.write_all(bytes).and_then(|()| encoder.finish()) {
        Ok(compressed) => Some(compressed),
        Err(error) => {
            tracing::error!(%error, asset = name, "compressing a GraphiQL asset failed; serving it uncompressed");
            None
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}
