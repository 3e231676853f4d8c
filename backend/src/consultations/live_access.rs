//! Who may follow a consultation's new comments live: whoever may see the consultation (the
//! rule of the `consultation` query), with the standing that decides, comment by comment, what
//! they read (a confidential text only for its author, officials, moderators and admins).
//! A subscription may last for hours, so before it shows a confidential text on the strength of
//! a role it works the standing out again ([`current_standing`]): a revoked role, a removed
//! official, a suspended account or an expired token stops the confidential texts at once.

use super::access::{self, ConsultationAccess};
use super::model::ConsultationId;
use crate::auth::Principal;
use crate::error::AppResult;
use crate::request::CallerFacts;
use crate::services::Services;

/// The caller's standing towards `consultation`; `NOT_FOUND` if there is none or the caller
/// may not see it (a draft, for anyone but its officials and admins).
pub async fn standing(
    services: &Services,
    principal: Option<&Principal>,
    consultation: ConsultationId,
) -> AppResult<ConsultationAccess> {
    let principal = principal.cloned();
    services
        .db
        .run(move |connection| {
            let (_, access) = access::visible(connection, principal.as_ref(), &consultation)?;
            Ok(access)
        })
        .await
}

/// The standing of a socket's caller as it is now: the token kept from `connection_init` is
/// resolved again (an expired token or a suspended account counts as nobody in particular) and
/// the standing worked out afresh. Fails closed: any error leaves no standing at all.
pub async fn current_standing(
    services: &Services,
    caller: &CallerFacts,
    consultation: ConsultationId,
) -> ConsultationAccess {
    let principal = caller.authenticate(services).await.ok().flatten();
    standing(services, principal.as_deref(), consultation).await.unwrap_or_default()
}
