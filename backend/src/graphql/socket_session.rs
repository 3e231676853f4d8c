//! Operations over `/graphql/ws` run with a fresh principal: the socket keeps the caller's
//! facts (token, languages, address), and every operation resolves them again, so that a
//! suspension or a revoked role applies to open sockets at once. (A subscription resolves them
//! when it starts, and `commentPublished` again before it shows a confidential text on the
//! strength of a role.) Their errors are rendered here too
//! (over HTTP, `server` renders them), as each response leaves the operation's stream: that is
//! the one path that queries, mutations and subscriptions over a socket all take.

use std::any::TypeId;
use std::sync::{Arc, OnceLock};

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextPrepareRequest, NextSubscribe};
use async_graphql::futures_util::stream::BoxStream;
use async_graphql::{Request, Response, ServerError, ServerResult, Value};
use futures_util::StreamExt;

use super::errors::render_error;
use super::loaders::Loaders;
use crate::request::{RequestContext, SocketCaller};
use crate::services::Services;

/// Installs the per-operation resolution on a schema.
pub struct SocketSessionExtension;

impl ExtensionFactory for SocketSessionExtension {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(SocketSession::default())
    }
}

/// One operation's session (extensions are created per operation).
#[derive(Default)]
struct SocketSession {
    /// The context the operation's errors are rendered in, known once the request is prepared.
    context: Arc<OnceLock<RequestContext>>,
}

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
                let _ = self.context.set(context.clone());
                next.run(ctx, request.data(context).data(Loaders::for_request(&services.db))).await
            }
            Err(error) => {
                let _ = self.context.set(caller.0.context(&services.localizer, None, operation_locale.as_deref()));
                Err(error.into_server_error())
            }
        }
    }

    fn subscribe<'s>(
        &self,
        ctx: &ExtensionContext<'_>,
        stream: BoxStream<'s, Response>,
        next: NextSubscribe<'_>,
    ) -> BoxStream<'s, Response> {
        let (Some(caller), Ok(services)) = (socket_caller(ctx), ctx.data::<Arc<Services>>()) else {
            return next.run(ctx, stream);
        };
        let caller = caller.clone();
        let services = Arc::clone(services);
        let context = Arc::clone(&self.context);
        let rendered = stream.map(move |mut response| {
            let context = context.get_or_init(|| caller.0.context(&services.localizer, None, None));
            for error in &mut response.errors {
                render_error(error, context, &services.localizer);
            }
            response
        });
        next.run(ctx, rendered.boxed())
    }
}
