//! Root `Query` fields of the course catalogue.

use async_graphql::{Context, Object};

use super::course::CourseObject;
use crate::connection_types;
use crate::graphql::context::ContextExt;
use crate::graphql::pagination::{Cursor, PageRequest};
use crate::training::catalogue;

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
        let page = PageRequest::new(first, after)?;
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
}
