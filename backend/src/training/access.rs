//! What the caller is to one course: one of its instructors (scoped to it or platform-wide), a
//! platform admin, or neither. Services work this out from the principal's grants (no query)
//! and ask `auth::permissions` with it.

use crate::auth::Principal;
use crate::auth::permissions::{Action, allows, authorize};
use crate::error::AppResult;
use crate::identity::model::Role;
use crate::training::model::CourseId;

/// Whether the caller holds `INSTRUCTOR` for `course` (scoped to it or platform-wide).
pub fn is_instructor(principal: Option<&Principal>, course: &CourseId) -> bool {
    principal.is_some_and(|principal| {
        principal.grants.iter().any(|grant| {
            grant.role == Role::Instructor.as_str()
                && grant.scope_id.as_deref().is_none_or(|scope| scope == course.as_str())
        })
    })
}

/// Allows running `course`'s cohorts (instructors of it and platform admins) or says why not.
pub fn authorize_teaching(principal: Option<&Principal>, course: &CourseId) -> AppResult<()> {
    authorize(principal, Action::TeachCourse { caller_is_instructor: is_instructor(principal, course) })
}

/// Whether the caller runs `course`'s cohorts (for fields shown only to them).
pub fn teaches(principal: Option<&Principal>, course: &CourseId) -> bool {
    allows(principal, Action::TeachCourse { caller_is_instructor: is_instructor(principal, course) })
}
