//! What the services know about the request they serve: who calls, from where, in which
//! language, and the request id that ties audit entries and logs together. Built by the HTTP
//! layer; independent of GraphQL so services can take it.

use std::net::IpAddr;
use std::sync::Arc;

use unic_langid::LanguageIdentifier;

use crate::auth::Principal;

/// Per-request facts.
#[derive(Debug, Clone)]
pub struct RequestContext {
    /// Also sent back as `x-request-id` and attached to internal errors and audit entries.
    pub request_id: String,
    /// The negotiated locale of this request (see `i18n::negotiate`).
    pub locale: LanguageIdentifier,
    /// The signed-in user, if the request carried a valid access token.
    pub principal: Option<Arc<Principal>>,
    /// The client's address (see `AGORA_TRUSTED_PROXIES`), for per-client throttling.
    pub client_address: Option<IpAddr>,
}

impl RequestContext {
    /// The signed-in user, if any.
    pub fn principal(&self) -> Option<&Principal> {
        self.principal.as_deref()
    }

    /// A key for per-client throttling (requests without an address share one bucket).
    pub fn client_key(&self) -> String {
        self.client_address.map_or_else(|| "unknown".to_owned(), |address| address.to_string())
    }
}
