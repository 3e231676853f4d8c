//! The Relay `Node` interface and `node(id:)`.
//!
//! IDs given to clients are opaque: the kind of object and its key, base64url-encoded
//! ([`GlobalId`]), so `node(id:)` knows where to look without trying every table. Each domain
//! adds its objects to [`Node`] and its lookup to [`NodeQuery::node`]; a lookup applies the same
//! permission checks as the domain's own query and answers `null` for anything the caller may
//! not see.

use std::sync::Arc;

use async_graphql::{Context, ID, Interface, Object};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use super::context::ContextExt;
use super::server_info::Language;
use crate::audit::graphql::{AUDIT_ENTRY_KIND, AuditEntryObject};
use crate::audit::model::AuditEntryId;
use crate::audit::service as audit;
use crate::consultations::consultation::service as consultations;
use crate::consultations::graphql::{
    COMMENT_KIND, CONSULTATION_KIND, CommentObject, CommentRoundObject, ConsultationObject, ROUND_KIND, SECTION_KIND,
    SectionObject,
};
use crate::consultations::model::{CommentId, ConsultationId, RoundId, SectionId};
use crate::consultations::{comments::listing, rounds::service as rounds};
use crate::error::AppError;
use crate::identity::graphql::{USER_KIND, UserObject};
use crate::identity::model::UserId;
use crate::identity::service as identity;
use crate::mail::failed;
use crate::mail::graphql::{FAILED_MAIL_KIND, FailedMailObject};
use crate::organizations::graphql::{MEMBERSHIP_KIND, MembershipObject, ORGANIZATION_KIND, OrganizationObject};
use crate::organizations::model::{MembershipId, OrganizationId};
use crate::organizations::service as organizations;
use crate::training::catalogue;
use crate::training::enrollment::model::{CohortId, EnrollmentId, QuizAttemptId};
use crate::training::enrollment::reading;
use crate::training::graphql::{
    COHORT_KIND, COURSE_KIND, CohortObject, CourseModuleObject, CourseObject, ENROLLMENT_KIND, EnrollmentObject,
    LESSON_KIND, LessonObject, MODULE_KIND, QUIZ_ATTEMPT_KIND, QUIZ_KIND, QuizAttemptObject, QuizObject,
};
use crate::training::model::{CourseId, LessonId, ModuleId, QuizId};

/// An object with a globally unique, opaque ID.
#[derive(Interface)]
#[graphql(field(name = "id", ty = "ID", desc = "The object's globally unique, opaque ID."))]
pub enum Node {
    Language(Language),
    User(UserObject),
    AuditEntry(AuditEntryObject),
    Organization(OrganizationObject),
    Membership(MembershipObject),
    Consultation(ConsultationObject),
    Section(SectionObject),
    CommentRound(CommentRoundObject),
    Comment(Box<CommentObject>),
    Course(CourseObject),
    CourseModule(CourseModuleObject),
    Lesson(LessonObject),
    Quiz(QuizObject),
    Cohort(CohortObject),
    Enrollment(EnrollmentObject),
    QuizAttempt(QuizAttemptObject),
    FailedMail(FailedMailObject),
}

/// A decoded global ID: the kind of object and its key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GlobalId {
    pub kind: String,
    pub key: String,
}

impl GlobalId {
    pub fn new(kind: &str, key: &str) -> Self {
        Self { kind: kind.to_owned(), key: key.to_owned() }
    }

    /// The opaque form given to clients.
    pub fn encode(&self) -> ID {
        ID(URL_SAFE_NO_PAD.encode(format!("{}:{}", self.kind, self.key)))
    }

    /// The key of an ID of the given kind; `None` for anything else.
    pub fn decode_kind(id: &str, kind: &str) -> Option<String> {
        Self::decode(id).filter(|global| global.kind == kind).map(|global| global.key)
    }

    /// The key of a client's ID of the given kind, wrapped in its typed ID; `NOT_FOUND` for an ID
    /// of another kind or none of ours (arguments that name one object).
    pub fn require<T>(id: &str, kind: &str, wrap: impl FnOnce(String) -> T) -> Result<T, AppError> {
        Self::decode_kind(id, kind).map(wrap).ok_or(AppError::NotFound)
    }

    /// Reads an ID a client sent; `None` when it is not one of ours.
    pub fn decode(id: &str) -> Option<Self> {
        let bytes = URL_SAFE_NO_PAD.decode(id).ok()?;
        let text = String::from_utf8(bytes).ok()?;
        let (kind, key) = text.split_once(':')?;
        (!kind.is_empty() && !key.is_empty()).then(|| Self::new(kind, key))
    }
}

/// Root field of `Query` for `node(id:)`.
#[derive(Default)]
pub struct NodeQuery;

#[Object]
impl NodeQuery {
    /// Fetches any object by its ID, with the same permission checks as its own query;
    /// `null` when there is no such object or the caller may not see it.
    async fn node(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The ID of the object, as the API gave it.")] id: ID,
    ) -> async_graphql::Result<Option<Node>> {
        let Some(global_id) = GlobalId::decode(&id) else {
            return Ok(None);
        };
        let services = ctx.services()?;
        let key = global_id.key;
        Ok(match global_id.kind.as_str() {
            Language::KIND => Language::find(&services.localizer, &key).map(Node::Language),
            USER_KIND => identity::find(services, UserId(key)).await?.map(|user| Node::User(UserObject::new(user))),
            AUDIT_ENTRY_KIND => audit::find(services, ctx.principal()?, AuditEntryId(key))
                .await?
                .map(|entry| Node::AuditEntry(AuditEntryObject(entry))),
            FAILED_MAIL_KIND => failed::find(services, ctx.principal()?, key)
                .await?
                .map(|message| Node::FailedMail(FailedMailObject(message))),
            ORGANIZATION_KIND => organizations::find_visible(services, ctx.principal()?, OrganizationId(key))
                .await?
                .map(|organization| Node::Organization(OrganizationObject(organization))),
            MEMBERSHIP_KIND => organizations::find_membership_visible(services, ctx.principal()?, MembershipId(key))
                .await?
                .map(|membership| Node::Membership(MembershipObject(membership))),
            CONSULTATION_KIND => {
                consultations::find_visible(services, ctx.principal()?, Some(ConsultationId(key)), None)
                    .await?
                    .map(|consultation| Node::Consultation(ConsultationObject(consultation)))
            }
            SECTION_KIND => consultations::find_section_visible(services, ctx.principal()?, SectionId(key))
                .await?
                .map(|section| Node::Section(SectionObject(section))),
            ROUND_KIND => rounds::find_visible(services, ctx.principal()?, RoundId(key))
                .await?
                .map(|round| Node::CommentRound(CommentRoundObject(round))),
            COMMENT_KIND => listing::find_visible(services, ctx.principal()?, CommentId(key))
                .await?
                .map(|(comment, access)| Node::Comment(Box::new(CommentObject::new(comment, Arc::new(access))))),
            COURSE_KIND => {
                catalogue::find(services, CourseId(key)).await?.map(|course| Node::Course(CourseObject(course)))
            }
            MODULE_KIND => catalogue::find_module(services, ModuleId(key))
                .await?
                .map(|module| Node::CourseModule(CourseModuleObject(module))),
            LESSON_KIND => {
                catalogue::find_lesson(services, LessonId(key)).await?.map(|lesson| Node::Lesson(LessonObject(lesson)))
            }
            QUIZ_KIND => catalogue::find_quiz(services, QuizId(key)).await?.map(|quiz| Node::Quiz(QuizObject(quiz))),
            COHORT_KIND => {
                reading::find_cohort(services, CohortId(key)).await?.map(|cohort| Node::Cohort(CohortObject(cohort)))
            }
            ENROLLMENT_KIND => reading::find_enrollment_visible(services, ctx.principal()?, EnrollmentId(key))
                .await?
                .map(|enrollment| Node::Enrollment(EnrollmentObject(enrollment))),
            QUIZ_ATTEMPT_KIND => reading::find_attempt_visible(services, ctx.principal()?, QuizAttemptId(key))
                .await?
                .map(|attempt| Node::QuizAttempt(QuizAttemptObject(attempt))),
            _ => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn global_ids_round_trip_and_foreign_ids_are_rejected() {
        let id = GlobalId::new("Consultation", "0193a1b2-0000-7000-8000-000000000000");
        assert_eq!(GlobalId::decode(&id.encode()), Some(id));
        assert_eq!(GlobalId::decode("plain-text"), None);
        assert_eq!(GlobalId::decode(&URL_SAFE_NO_PAD.encode("no-separator")), None);
    }
}
