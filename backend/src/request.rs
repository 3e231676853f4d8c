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
use crate::identity::model::UserId;
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

    /// The signed-in user, for an action that needs one (`UNAUTHENTICATED` otherwise).
    pub fn signed_in(&self) -> AppResult<&Principal> {
        self.principal().ok_or(AppError::Unauthenticated)
    }

    /// The signed-in user's account, for an action that needs one (`UNAUTHENTICATED` otherwise).
    pub fn caller(&self) -> AppResult<UserId> {
        self.signed_in().map(|principal| principal.user_id.clone())
    }

    /// A key for per-client throttling (requests without an address share one bucket).
    pub fn client_key(&self) -> String {
        client_key(self.client_address)
    }
}

/// The throttling key of an address. An IPv6 client usually holds a whole /64 (one address per
/// device, and new ones at will), so IPv6 clients are counted by their /64; an IPv4 address
/// mapped into IPv6 counts as the IPv4 address.
pub fn client_key(address: Option<IpAddr>) -> String {
    match address.map(|address| address.to_canonical()) {
        None => "unknown".to_owned(),
        Some(IpAddr::V4(v4)) => v4.to_string(),
        Some(IpAddr::V6(v6)) => {
            let network = u128::from(v6) & !(u128::MAX >> 64);
            format!("{}/64", std::net::Ipv6Addr::from(network))
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn key(address: &str) -> String {
        client_key(Some(address.parse().expect("an address")))
    }

    #[test]
    fn ipv6_clients_are_counted_by_their_64_and_mapped_ipv4_as_ipv4() {
        assert_eq!(key("2001:db8:1:2:aaaa::1"), key("2001:db8:1:2:ffff:ffff:ffff:ffff"));
        assert_eq!(key("2001:db8:1:2::1"), "2001:db8:1:2::/64");
        assert_ne!(key("2001:db8:1:2::1"), key("2001:db8:1:3::1"));
        assert_eq!(key("::ffff:203.0.113.7"), "203.0.113.7");
        assert_eq!(key("203.0.113.7"), "203.0.113.7");
        assert_eq!(client_key(None), "unknown");
    }
}
