//! What a resolver knows about the request it serves, and the shared services it calls.

use std::sync::Arc;

use async_graphql::Context;
use unic_langid::LanguageIdentifier;

use crate::auth::Principal;
use crate::error::AppError;
use crate::services::Services;

/// Per-request facts, inserted into each GraphQL request by the HTTP layer.
#[derive(Debug, Clone)]
pub struct RequestContext {
    /// Also sent back as `x-request-id` and attached to internal errors.
    pub request_id: String,
    /// The negotiated locale of this request (see `i18n::negotiate`).
    pub locale: LanguageIdentifier,
    /// The signed-in user, if the request carried a valid access token.
    pub principal: Option<Arc<Principal>>,
}

/// Typed access to the request context and the services from a resolver.
pub trait ContextExt {
    fn request(&self) -> Result<&RequestContext, AppError>;
    fn services(&self) -> Result<&Arc<Services>, AppError>;
    fn principal(&self) -> Result<Option<&Principal>, AppError>;
}

impl ContextExt for Context<'_> {
    fn request(&self) -> Result<&RequestContext, AppError> {
        self.data::<RequestContext>().map_err(|_| AppError::internal(anyhow::anyhow!("the request context is missing")))
    }

    fn services(&self) -> Result<&Arc<Services>, AppError> {
        self.data::<Arc<Services>>()
            .map_err(|_| AppError::internal(anyhow::anyhow!("the services are missing from the schema")))
    }

    fn principal(&self) -> Result<Option<&Principal>, AppError> {
        Ok(self.request()?.principal.as_deref())
    }
}
