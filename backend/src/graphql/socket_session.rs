//! Operations over `/graphql/ws` run with a fresh principal: the socket keeps the caller's
//! facts (token, languages, address), and every operation resolves them again, so that a
//! suspension or a revoked role applies to open sockets at once. Their errors are rendered here
//! too (over HTTP, `server` renders them).

use std::any::TypeId;
use std::sync::Arc;

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextExecute, NextPrepareRequest};
use async_graphql::{Request, Response, ServerError, ServerResult, Value};

use super::errors::render_error;
use super::loaders::Loaders;
use crate::error::AppError;
use crate::request::{RequestContext, SocketCaller};
use crate::services::Services;

/// Installs the per-operation resolution on a schema.
pub struct SocketSessionExtension;

impl ExtensionFactory for SocketSessionExtension {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(SocketSession)
    }
}

struct SocketSession;

fn socket_caller<'a>(ctx: &'a ExtensionContext<'_>) -> Option<&'a SocketCaller> {
    ctx.session_data.get(&TypeId::of::<SocketCaller>()).and_then(|data| data.downcast_ref::<SocketCaller>())
}

#[async_graphql::async_trait::async_trait]
impl Extension for SocketSession {
    async fn prepare_request(
        &self,
        ctx: &ExtensionContext<'_>,
        request: Request,
        next: NextPrepareRequest<'_>,
    ) -> ServerResult<Request> {
        let Some(caller) = socket_caller(ctx).filter(|_| !request.data.contains_key(&TypeId::of::<RequestContext>()))
        else {
            return next.run(ctx, request).await;
        };
        let services = ctx.data::<Arc<Services>>().map_err(|error| ServerError::new(error.message, None))?;
        let operation_locale = match request.extensions.get("locale") {
            Some(Value::String(locale)) => Some(locale.clone()),
            _ => None,
        };
        match caller.0.authenticate(services).await {
            Ok(principal) => {
                let context = caller.0.context(&services.localizer, principal, operation_locale.as_deref());
                next.run(ctx, request.data(context).data(Loaders::for_request(&services.db))).await
            }
            Err(error) => Err(rendered(error, caller, services, operation_locale.as_deref())),
        }
    }

    async fn execute(
        &self,
        ctx: &ExtensionContext<'_>,
        operation_name: Option<&str>,
        next: NextExecute<'_>,
    ) -> Response {
        let mut response = next.run(ctx, operation_name).await;
        if socket_caller(ctx).is_some()
            && let (Some(context), Some(services)) = (ctx.data_opt::<RequestContext>(), ctx.data_opt::<Arc<Services>>())
        {
            for error in &mut response.errors {
                render_error(error, context, &services.localizer);
            }
        }
        response
    }
}

fn rendered(
    error: AppError,
    caller: &SocketCaller,
    services: &Services,
    operation_locale: Option<&str>,
) -> ServerError {
    let context = caller.0.context(&services.localizer, None, operation_locale);
    let mut server_error = error.into_server_error();
    render_error(&mut server_error, &context, &services.localizer);
    server_error
}
