//! What a resolver knows about the request it serves, and the shared services it calls.

use std::sync::Arc;

use async_graphql::Context;

use super::loaders::Loaders;
use crate::auth::Principal;
use crate::error::AppError;
pub use crate::request::RequestContext;
use crate::services::Services;

/// Typed access to the request context and the services from a resolver.
pub trait ContextExt {
    fn request(&self) -> Result<&RequestContext, AppError>;
    fn services(&self) -> Result<&Arc<Services>, AppError>;
    fn principal(&self) -> Result<Option<&Principal>, AppError>;
    fn loaders(&self) -> Result<&Loaders, AppError>;
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

    fn loaders(&self) -> Result<&Loaders, AppError> {
        self.data::<Loaders>().map_err(|_| AppError::internal(anyhow::anyhow!("the request's loaders are missing")))
    }
}
