//! Who may follow a consultation's new comments live: whoever may see the consultation (the
//! rule of the `consultation` query), with the standing that decides, comment by comment, what
//! they read (a confidential text only for its author, officials, moderators and admins).

use super::access::ConsultationAccess;
use super::model::ConsultationId;
use super::store;
use crate::auth::Principal;
use crate::error::{AppError, AppResult};
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
            let consultation = store::find_consultation(connection, &consultation)?.ok_or(AppError::NotFound)?;
            let access = ConsultationAccess::of(connection, principal.as_ref(), &consultation)?;
            if !access.can_see(&consultation) {
                return Err(AppError::NotFound);
            }
            Ok(access)
        })
        .await
}
