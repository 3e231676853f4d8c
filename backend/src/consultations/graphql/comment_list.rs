//! The arguments that every comment list takes, and the one function that serves them.

use std::sync::Arc;

use async_graphql::Context;

use super::comment::{CommentConnection, CommentObject};
use crate::consultations::comments::listing::{self, CommentQuery};
use crate::consultations::comments::store::{CommentOrder, CommentScope};
use crate::consultations::model::{CommentStatus, Consultation, ConsultationId, RoundId, SectionId, Stance};
use crate::db::page::PageRequest;
use crate::error::AppError;
use crate::graphql::context::ContextExt;
use crate::identity::countries::model::IncomeGroup;
use crate::organizations::model::OrganizationKind;

/// The consultation a list belongs to: at hand, or to be loaded.
pub enum ConsultationRef {
    Loaded(Box<Consultation>),
    Id(ConsultationId),
}

/// The arguments of `comments(...)` on a consultation, a round or a section.
pub struct CommentListArgs {
    pub first: Option<i32>,
    pub after: Option<String>,
    pub round: Option<RoundId>,
    pub section: Option<SectionId>,
    pub stance: Option<Stance>,
    pub organization_kind: Option<OrganizationKind>,
    pub individuals_only: Option<bool>,
    pub country: Option<String>,
    pub income_group: Option<IncomeGroup>,
    pub language: Option<String>,
    pub status: Option<CommentStatus>,
    pub order_by: Option<CommentOrder>,
    pub collapse_campaigns: Option<bool>,
}

/// A page of the comments of `scope` in `consultation` (loaded through the request's
/// DataLoader when the caller does not hold it already).
pub async fn comments_in(
    ctx: &Context<'_>,
    consultation: ConsultationRef,
    scope: CommentScope,
    args: CommentListArgs,
) -> async_graphql::Result<CommentConnection> {
    let consultation = match consultation {
        ConsultationRef::Loaded(consultation) => *consultation,
        ConsultationRef::Id(id) => {
            let loaded = ctx.loaders()?.consultations.consultations.load_one(id).await.map_err(AppError::from)?;
            loaded.ok_or(AppError::NotFound)?
        }
    };
    let page = PageRequest::new(args.first, args.after)?;
    let order = args.order_by.unwrap_or_default();
    let query = CommentQuery {
        round: args.round,
        section: args.section,
        stance: args.stance,
        organization_kind: args.organization_kind,
        individuals_only: args.individuals_only.unwrap_or(false),
        country: args.country,
        income_group: args.income_group,
        language: args.language,
        status: args.status,
        order,
        collapse_campaigns: args.collapse_campaigns.unwrap_or(false),
    };
    let listed = listing::list(ctx.services()?, ctx.principal()?, consultation, scope, query, page).await?;
    if listed.withheld {
        return Ok(CommentConnection::withheld_list());
    }
    let access = Arc::new(listed.access);
    let page = listed.page.map(|comment| CommentObject::new(comment, access.clone()));
    Ok(CommentConnection::lazy(page, order, listed.filter))
}
