//! Root `Mutation` fields of cohorts, enrollments, progress and certificates.

use async_graphql::{Context, ID, Object};

use super::certificate::CertificateObject;
use super::cohort::CohortObject;
use super::enrollment::EnrollmentObject;
use super::inputs::{CreateCohortInput, QuizAnswerInput, UpdateCohortInput};
use super::quiz_attempt::QuizAttemptObject;
use super::{cohort_key, enrollment_key, lesson_key, quiz_key};
use crate::graphql::context::ContextExt;
use crate::training::certification::revocation;
use crate::training::enrollment::cohorts::{self, CohortChanges, NewCohort, Schedule};
use crate::training::enrollment::service;
use crate::training::progress::service as progress;

/// Root fields of `Mutation` for training.
#[derive(Default)]
pub struct TrainingMutation;

#[Object]
impl TrainingMutation {
    /// Creates a cohort of a course. Instructors of the course (or platform-wide) and admins;
    /// audited.
    async fn create_cohort(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new cohort.")] input: CreateCohortInput,
    ) -> async_graphql::Result<CohortObject> {
        let new = NewCohort {
            course_slug: input.course_slug,
            name: input.name,
            schedule: Schedule {
                starts_at: input.starts_at.naive_utc(),
                ends_at: input.ends_at.naive_utc(),
                enrollment_opens_at: input.enrollment_opens_at.naive_utc(),
                enrollment_closes_at: input.enrollment_closes_at.naive_utc(),
            },
            capacity: input.capacity,
            priority_seats: input.priority_seats,
            requires_approval: input.requires_approval,
        };
        Ok(CohortObject(cohorts::create(ctx.services()?, ctx.request()?, new).await?))
    }

    /// Changes a cohort; raising the capacity promotes from the waitlist at once. Instructors
    /// of the course and admins; audited.
    async fn update_cohort(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What changes.")] input: UpdateCohortInput,
    ) -> async_graphql::Result<CohortObject> {
        let changes = CohortChanges {
            name: input.name,
            starts_at: input.starts_at.map(|at| at.naive_utc()),
            ends_at: input.ends_at.map(|at| at.naive_utc()),
            enrollment_opens_at: input.enrollment_opens_at.map(|at| at.naive_utc()),
            enrollment_closes_at: input.enrollment_closes_at.map(|at| at.naive_utc()),
            capacity: input.capacity,
            priority_seats: input.priority_seats,
            requires_approval: input.requires_approval,
        };
        let id = cohort_key(&input.id)?;
        Ok(CohortObject(cohorts::update(ctx.services()?, ctx.request()?, id, changes).await?))
    }

    /// Enrolls the caller (verified accounts) while enrollment is open: `ACTIVE` with a seat,
    /// `WAITLISTED` when full, `PENDING_APPROVAL` when the cohort needs approval. Emails the
    /// outcome. `CONFLICT` if already enrolled, `ENROLLMENT_CLOSED` outside the window.
    async fn enroll(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The cohort.")] cohort_id: ID,
        #[graphql(desc = "Why the caller wants to take part (optional, up to 2,000 characters).")] motivation: Option<
            String,
        >,
    ) -> async_graphql::Result<EnrollmentObject> {
        let id = cohort_key(&cohort_id)?;
        Ok(EnrollmentObject(service::enroll(ctx.services()?, ctx.request()?, id, motivation).await?))
    }

    /// Withdraws the caller's enrollment, request or waitlist place; a seat it held goes to the
    /// next person on the waitlist at once.
    async fn withdraw_enrollment(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The enrollment.")] id: ID,
    ) -> async_graphql::Result<EnrollmentObject> {
        let id = enrollment_key(&id)?;
        Ok(EnrollmentObject(service::withdraw(ctx.services()?, ctx.request()?, id).await?))
    }

    /// Approves a pending request (a seat if one is free, else a waitlist place) or rejects a
    /// request, waitlist place or enrollment (freeing its seat). Instructors of the course and
    /// admins; audited; the participant is emailed.
    async fn decide_enrollment(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The enrollment.")] id: ID,
        #[graphql(desc = "True to approve, false to reject.")] approve: bool,
    ) -> async_graphql::Result<EnrollmentObject> {
        let id = enrollment_key(&id)?;
        Ok(EnrollmentObject(service::decide(ctx.services()?, ctx.request()?, id, approve).await?))
    }

    /// Marks a lesson of the cohort's course as completed (doing it again is harmless). The
    /// participant, while `ACTIVE`; the last step of the course completes the enrollment and
    /// issues the certificate.
    async fn complete_lesson(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The caller's enrollment.")] enrollment_id: ID,
        #[graphql(desc = "The lesson.")] lesson_id: ID,
    ) -> async_graphql::Result<EnrollmentObject> {
        let id = enrollment_key(&enrollment_id)?;
        let lesson = lesson_key(&lesson_id)?;
        Ok(EnrollmentObject(progress::complete_lesson(ctx.services()?, ctx.request()?, id, lesson).await?))
    }

    /// Submits answers to a quiz, graded at once against the course's pass mark, within the
    /// quiz's attempts. The participant, while `ACTIVE`.
    async fn submit_quiz(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The caller's enrollment.")] enrollment_id: ID,
        #[graphql(desc = "The quiz.")] quiz_id: ID,
        #[graphql(desc = "One answer per question; questions left out count as wrong.")] answers: Vec<QuizAnswerInput>,
    ) -> async_graphql::Result<QuizAttemptObject> {
        let id = enrollment_key(&enrollment_id)?;
        let quiz = quiz_key(&quiz_id)?;
        let answers = answers.into_iter().map(Into::into).collect();
        Ok(QuizAttemptObject(progress::submit_quiz(ctx.services()?, ctx.request()?, id, quiz, answers).await?))
    }

    /// Revokes a certificate with a reason: verification then answers `REVOKED`. Instructors of
    /// the course and admins; audited; the holder is emailed.
    async fn revoke_certificate(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The certificate's code.")] code: String,
        #[graphql(desc = "Why (up to 2,000 characters).")] reason: String,
    ) -> async_graphql::Result<CertificateObject> {
        Ok(CertificateObject(revocation::revoke(ctx.services()?, ctx.request()?, &code, &reason).await?))
    }
}
