//! What the services know about the request they serve: who calls, from where, in which
//! language, and the request id that ties audit entries and logs together. Built by the HTTP
//! layer; independent of GraphQL so services can take it.

use std::net::IpAddr;
use std::sync::Arc;

use unic_langid::LanguageIdentifier;

use crate::auth::{Principal, principal};
use crate::error::{AppError, AppResult};
use crate::i18n::Localizer;
use crate::i18n::negotiate::{LocaleSources, negotiate};
use crate::services::Services;

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

/// What a request (or an open websocket) says about its caller before the principal is
/// resolved: the bearer token, the language wishes, the address. A websocket keeps these and
/// resolves the principal again for every operation, so a suspension or a revoked role takes
/// effect on open sockets too.
#[derive(Debug, Clone)]
pub struct CallerFacts {
    pub request_id: String,
    /// `?locale=` on the endpoint.
    pub explicit_locale: Option<String>,
    pub accept_language: Option<String>,
    /// The `Authorization` value (or the websocket's `connection_init` one).
    pub authorization: Option<String>,
    pub client_address: Option<IpAddr>,
}

impl CallerFacts {
    /// The principal of the bearer token, if any. A token that is present but invalid is an
    /// error (`UNAUTHENTICATED`), not an anonymous request, so a client knows to refresh it.
    pub async fn authenticate(&self, services: &Services) -> AppResult<Option<Arc<Principal>>> {
        let Some(authorization) = self.authorization.as_deref().map(str::trim).filter(|value| !value.is_empty()) else {
            return Ok(None);
        };
        let token = authorization
            .split_once(' ')
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, token)| token.trim())
            .ok_or(AppError::Unauthenticated)?;
        let principal = principal::from_bearer(&services.db, &services.access_tokens, token).await?;
        Ok(Some(Arc::new(principal)))
    }

    /// The context of one operation; `extensions.locale` of the operation counts as explicit.
    pub fn context(
        &self,
        localizer: &Localizer,
        principal: Option<Arc<Principal>>,
        operation_locale: Option<&str>,
    ) -> RequestContext {
        let sources = LocaleSources {
            explicit: self.explicit_locale.as_deref().or(operation_locale),
            user_preference: principal.as_ref().map(|principal| principal.locale.as_str()),
            accept_language: self.accept_language.as_deref(),
        };
        RequestContext {
            request_id: self.request_id.clone(),
            locale: negotiate(localizer, &sources),
            principal,
            client_address: self.client_address,
        }
    }
}

/// The caller of an open websocket, kept in its session data.
#[derive(Debug, Clone)]
pub struct SocketCaller(pub CallerFacts);
