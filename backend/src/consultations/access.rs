//! What the caller is to one consultation: an official of the owning organization, a moderator
//! (platform-wide or scoped to it), a platform admin, or nobody in particular. Services compute
//! this once per request and consultation and ask `auth::permissions` with it.

use crate::auth::Principal;
use crate::auth::permissions::Officialdom;
use crate::db::DbConnection;
use crate::error::{AppError, AppResult};
use crate::identity::model::{Role, UserId};
use crate::organizations::store as organizations;

use super::comments::store as comments;
use super::model::{Comment, CommentId, Consultation, ConsultationId, ConsultationStatus};
use super::store;

/// The consultation and the caller's standing towards it, if the caller may see it; `NOT_FOUND`
/// otherwise (to those who may not see a draft, it does not exist). The one check every read of
/// something in a consultation goes through.
pub fn visible(
    connection: &mut DbConnection,
    principal: Option<&Principal>,
    id: &ConsultationId,
) -> AppResult<(Consultation, ConsultationAccess)> {
    let consultation = store::find_consultation(connection, id)?.ok_or(AppError::NotFound)?;
    let access = ConsultationAccess::of(connection, principal, &consultation)?;
    if !access.can_see(&consultation) {
        return Err(AppError::NotFound);
    }
    Ok((consultation, access))
}

/// A comment, its consultation and the caller's standing towards it, for an action on the
/// comment that decides its own permission from that standing (`NOT_FOUND` when the comment
/// is missing).
pub fn standing_on_comment(
    connection: &mut DbConnection,
    principal: Option<&Principal>,
    id: &CommentId,
) -> AppResult<(Comment, Consultation, ConsultationAccess)> {
    let comment = comments::find_comment(connection, id)?.ok_or(AppError::NotFound)?;
    let consultation = store::find_consultation(connection, &comment.consultation_id)?.ok_or(AppError::NotFound)?;
    let access = ConsultationAccess::of(connection, principal, &consultation)?;
    Ok((comment, consultation, access))
}

/// Whether the caller may see the consultation (false when there is none).
pub fn may_see(connection: &mut DbConnection, principal: Option<&Principal>, id: &ConsultationId) -> AppResult<bool> {
    match visible(connection, principal, id) {
        Ok(_) => Ok(true),
        Err(AppError::NotFound) => Ok(false),
        Err(error) => Err(error),
    }
}

/// The caller's standing towards one consultation.
#[derive(Debug, Clone, Default)]
pub struct ConsultationAccess {
    pub user_id: Option<UserId>,
    /// Whether the caller is an active `OFFICIAL` member of the owning organization, and if so
    /// whether it is verified (officials read either way, and act only for a verified one).
    pub official: Officialdom,
    /// Holds `MODERATOR` platform-wide or for this consultation.
    pub is_moderator: bool,
    pub is_admin: bool,
}

impl ConsultationAccess {
    /// Works out the caller's standing (one query for a signed-in caller, none otherwise).
    pub fn of(
        connection: &mut DbConnection,
        principal: Option<&Principal>,
        consultation: &Consultation,
    ) -> diesel::QueryResult<Self> {
        let Some(principal) = principal else {
            return Ok(Self::default());
        };
        let standing = organizations::official_standing(connection, &consultation.organization_id, &principal.user_id)?;
        Ok(Self::known(principal, consultation, Officialdom::from_standing(standing)))
    }

    /// The standing of a signed-in caller whose officialdom is already known.
    pub fn known(principal: &Principal, consultation: &Consultation, official: Officialdom) -> Self {
        let is_moderator = principal.grants.iter().any(|grant| {
            grant.role == Role::Moderator.as_str()
                && grant.scope_id.as_deref().is_none_or(|scope| scope == consultation.id.as_str())
        });
        Self { user_id: Some(principal.user_id.clone()), official, is_moderator, is_admin: principal.is_admin() }
    }

    /// Drafts are seen by the owning officials and platform admins only.
    pub fn can_see(&self, consultation: &Consultation) -> bool {
        consultation.status() != ConsultationStatus::Draft || self.official.is_official() || self.is_admin
    }

    /// Confidential comment bodies, hidden comments and the moderation status filter.
    pub fn sees_everything(&self) -> bool {
        self.official.is_official() || self.is_moderator || self.is_admin
    }

    /// Whether the caller wrote something.
    pub fn is(&self, user: &UserId) -> bool {
        self.user_id.as_ref() == Some(user)
    }
}
