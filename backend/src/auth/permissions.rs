//! The one place that decides who may do what: principal + action (+ the object) → allow or
//! deny. Every service asks here before acting; GraphQL never decides on its own.

use super::principal::Principal;
use crate::error::{AppError, AppResult};
use crate::identity::model::UserId;

/// Something a caller wants to do, with the object it concerns.
#[derive(Debug, Clone, Copy)]
pub enum Action<'a> {
    /// Read the audit log of privileged actions.
    ReadAuditLog,
    /// See a user's private details (email, roles).
    ViewPrivateProfile(&'a UserId),
    /// Grant and revoke roles, suspend accounts (platform admins).
    ManageAccounts,
    /// See the mail the platform gave up delivering and put it back in the queue (platform
    /// admins: the addresses are personal data).
    ManageFailedMail,
    /// Create an organization (any verified account).
    CreateOrganization,
    /// Verify an organization or withdraw its verification (platform admins).
    VerifyOrganization,
    /// Invite members, change their roles, remove them (the organization's admins).
    ManageMembers { caller_is_organization_admin: bool },
    /// Leave an organization (the member) or remove a member (its admins).
    RemoveMember { caller_is_organization_admin: bool, is_own_membership: bool },
    /// See who belongs to an organization (its members).
    ViewMembers { caller_is_member: bool },
    /// Create and run a consultation, its sections, its rounds and its outcome (officials of
    /// the owning organization, while it is verified).
    ManageConsultation { official: Officialdom },
    /// Answer comments on behalf of the owning organization (its officials, while it is
    /// verified).
    RespondToComment { official: Officialdom },
    /// Comment, reply, endorse or flag (any verified account; the round's audience is checked
    /// by the consultation service).
    Participate,
    /// Hide and restore comments, read the moderation queue (moderators of the consultation or
    /// platform-wide, and platform admins).
    ModerateComments { caller_is_moderator: bool },
    /// Create and change a course's cohorts, decide on enrollment requests, read rosters and
    /// reports, revoke certificates (instructors of the course or platform-wide, and platform
    /// admins).
    TeachCourse { caller_is_instructor: bool },
    /// Enroll in a cohort (any verified account; the cohort's window is checked by the
    /// enrollment service).
    Enroll,
    /// Withdraw, complete lessons and take quizzes on an enrollment (its participant only).
    TakeCourse { is_own_enrollment: bool },
}

/// What the caller is to the organization that owns a consultation.
///
/// Every official action asks [`authorize`] with this, so one rule covers them all: officials
/// act only for a verified organization. An official whose organization is not verified (never
/// was, or lost its verification) still reads what officials read (drafts, confidential
/// comments), but acts on nothing until a platform admin verifies it again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Officialdom {
    /// Not one of its active officials.
    #[default]
    None,
    /// An active official of an organization that is not verified.
    OfUnverifiedOrganization,
    /// An active official of a verified organization.
    OfVerifiedOrganization,
}

impl Officialdom {
    /// From a standing looked up in the database: `None` for no active official membership,
    /// otherwise whether the organization is verified now.
    pub fn from_standing(organization_verified: Option<bool>) -> Self {
        match organization_verified {
            None => Self::None,
            Some(false) => Self::OfUnverifiedOrganization,
            Some(true) => Self::OfVerifiedOrganization,
        }
    }

    /// Whether the caller is an active official at all (what reading needs).
    pub fn is_official(self) -> bool {
        self != Self::None
    }
}

/// Allows the action or says why not: `UNAUTHENTICATED` without a principal,
/// `EMAIL_NOT_VERIFIED` where a confirmed address is needed, `CONFLICT` for an official of an
/// organization that is not verified (its state, which a platform admin can change back, stands
/// in the way, not who they are), `FORBIDDEN` otherwise.
pub fn authorize(principal: Option<&Principal>, action: Action<'_>) -> AppResult<()> {
    let principal = principal.ok_or(AppError::Unauthenticated)?;
    let allowed = match action {
        Action::ReadAuditLog => principal.is_admin(),
        Action::ViewPrivateProfile(user) => &principal.user_id == user || principal.is_admin(),
        Action::CreateOrganization => {
            if !principal.email_verified {
                return Err(AppError::EmailNotVerified);
            }
            true
        }
        Action::VerifyOrganization | Action::ManageAccounts | Action::ManageFailedMail => principal.is_admin(),
        Action::ManageMembers { caller_is_organization_admin } => caller_is_organization_admin || principal.is_admin(),
        Action::RemoveMember { caller_is_organization_admin, is_own_membership } => {
            is_own_membership || caller_is_organization_admin || principal.is_admin()
        }
        Action::ViewMembers { caller_is_member } => caller_is_member || principal.is_admin(),
        Action::ManageConsultation { official } | Action::RespondToComment { official } => match official {
            Officialdom::OfVerifiedOrganization => true,
            Officialdom::OfUnverifiedOrganization => {
                return Err(AppError::Conflict { message_id: "error-official-organization-unverified" });
            }
            Officialdom::None => false,
        },
        Action::Participate | Action::Enroll => {
            if !principal.email_verified {
                return Err(AppError::EmailNotVerified);
            }
            true
        }
        Action::ModerateComments { caller_is_moderator } => caller_is_moderator || principal.is_admin(),
        Action::TeachCourse { caller_is_instructor } => caller_is_instructor || principal.is_admin(),
        Action::TakeCourse { is_own_enrollment } => is_own_enrollment,
    };
    if allowed { Ok(()) } else { Err(AppError::Forbidden) }
}

/// Whether the action would be allowed (for fields that are hidden rather than refused).
pub fn allows(principal: Option<&Principal>, action: Action<'_>) -> bool {
    authorize(principal, action).is_ok()
}
