//! Root `Query` fields of the course catalogue, cohorts, enrollments and certificates.

use async_graphql::{Context, Object};

use async_graphql::ID;

use super::certificate::CertificateVerificationObject;
use super::cohort::CohortObject;
use super::course::CourseObject;
use super::enrollment::EnrollmentObject;
use crate::connection_types;
use crate::db::page::Cursor;
use crate::graphql::context::ContextExt;
use crate::training::catalogue;
use crate::training::certification::verification;
use crate::training::enrollment::model::CohortId;
use crate::training::enrollment::reading;

connection_types!(CourseConnection, CourseEdge, CourseObject);

/// Root fields of `Query` for courses.
#[derive(Default)]
pub struct TrainingQuery;

#[Object]
impl TrainingQuery {
    /// The courses, by slug. Public.
    #[graphql(complexity = "crate::graphql::pagination::complexity(first, child_complexity)")]
    async fn courses(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many courses to return (default 20, at most 100).")] first: Option<i32>,
        #[graphql(desc = "Return courses after this cursor.")] after: Option<String>,
    ) -> async_graphql::Result<CourseConnection> {
        let page = crate::graphql::pagination::requested_page(ctx, first, after)?;
        let courses = catalogue::list(ctx.services()?, page).await?;
        Ok(CourseConnection::from_page(courses.map(CourseObject), |course| {
            Cursor::new(course.0.slug.as_str(), course.0.id.as_str())
        }))
    }

    /// One course by slug; null if there is none. Public.
    async fn course(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The course's slug (its folder's name in the course content).")] slug: String,
    ) -> async_graphql::Result<Option<CourseObject>> {
        Ok(catalogue::find_by_slug(ctx.services()?, slug).await?.map(CourseObject))
    }

    /// The caller's enrollments, newest first. Signed-in callers.
    async fn my_enrollments(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<EnrollmentObject>> {
        let enrollments = reading::mine(ctx.services()?, ctx.principal()?).await?;
        Ok(enrollments.into_iter().map(EnrollmentObject).collect())
    }

    /// One cohort by ID; null if there is none. Public; its roster, waitlist and report are for
    /// the course's instructors and admins.
    async fn cohort(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The cohort's ID.")] id: ID,
    ) -> async_graphql::Result<Option<CohortObject>> {
        let Some(key) = crate::graphql::node::GlobalId::decode_kind(&id, super::COHORT_KIND) else { return Ok(None) };
        Ok(reading::find_cohort(ctx.services()?, CohortId(key)).await?.map(CohortObject))
    }

    /// Checks a certificate code (however typed: case, spaces and hyphens do not matter).
    /// Public; the holder's name is withheld if they have closed their account.
    async fn verify_certificate(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The certificate's code, e.g. CERT-7K3M-Q9XD-2HNP.")] code: String,
    ) -> async_graphql::Result<CertificateVerificationObject> {
        let request = ctx.request()?;
        let verification = verification::verify(ctx.services()?, &code, &request.locale).await?;
        Ok(CertificateVerificationObject(verification))
    }
}
