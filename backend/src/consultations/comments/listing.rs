//! Reading comments: the lists on a consultation, a round, a section and a thread, with their
//! filters and orders, and single comments. Who sees what: everyone sees published comments
//! (a confidential one without its text); the owning officials, moderators and admins also
//! see confidential texts and, on request, hidden and withdrawn comments; authors see their own.
//!
//! Small groups of people are not listed. A filter on who wrote the comments (the kind of
//! stakeholder, the author's country or its income group, the language) is a breakdown of the
//! participation statistics, and the statistics withhold a group of fewer than 5 (see
//! `statistics`); a list filtered that way would otherwise count that group and name its
//! members. So when such a filter selects the comments of 1 to 4 people, the list is withheld
//! from readers who do not see everything in the consultation (its officials, moderators and
//! admins do): no comments and no count, only the fact that it is withheld. People are counted,
//! not comments, since one person's five comments still single that person out. Each comment
//! remains public in the unfiltered lists, with what it shows about its own author.

use crate::auth::Principal;
use crate::consultations::access::ConsultationAccess;
use crate::consultations::comments::service::sees_restricted;
use crate::consultations::comments::store::{
    self as comment_store, CommentFilter, CommentOrder, CommentPosition, CommentScope,
};
use crate::consultations::model::{Comment, CommentId, CommentStatus, Consultation, RoundId, SectionId, Stance};
use crate::consultations::statistics::service::{PublishedCount, SMALL_CELL};
use crate::consultations::store;
use crate::consultations::translations::parse_locale;
use crate::db::DbConnection;
use crate::db::page::{Cursor, Page, PageRequest};
use crate::error::{AppError, AppResult};
use crate::identity::accounts::profile::parse_country;
use crate::identity::countries::model::IncomeGroup;
use crate::organizations::model::OrganizationKind;
use crate::services::Services;

/// The filters a client may put on a comment list.
#[derive(Debug, Clone, Default)]
pub struct CommentQuery {
    pub round: Option<RoundId>,
    pub section: Option<SectionId>,
    pub stance: Option<Stance>,
    pub organization_kind: Option<OrganizationKind>,
    /// Only comments written by people for themselves.
    pub individuals_only: bool,
    pub country: Option<String>,
    pub income_group: Option<IncomeGroup>,
    pub language: Option<String>,
    /// `HIDDEN` or `WITHDRAWN` comments (officials, moderators and admins).
    pub status: Option<CommentStatus>,
    pub order: CommentOrder,
    /// Only the first comment of each text group (see `campaigns`).
    pub collapse_campaigns: bool,
}

/// A page of comments and the reader's standing towards their consultation.
pub struct CommentPage {
    pub page: Page<Comment>,
    pub access: ConsultationAccess,
    /// What it would take to count the whole list (done only if a client asks).
    pub filter: CommentFilter,
    /// Whether the list is withheld because it would single out fewer than 5 people (see the
    /// module documentation); the page is then empty.
    pub withheld: bool,
}

/// A page of comments in one scope (a consultation, a round, a section or the replies to a
/// comment) of `consultation`. `NOT_FOUND` when the caller may not see the consultation.
pub async fn list(
    services: &Services,
    principal: Option<&Principal>,
    consultation: Consultation,
    scope: CommentScope,
    query: CommentQuery,
    page: PageRequest,
) -> AppResult<CommentPage> {
    let country = query.country.as_deref().map(parse_country).transpose()?;
    let language = query.language.as_deref().map(|language| parse_locale(language, "language")).transpose()?;
    let stakeholder_kind = match (query.organization_kind, query.individuals_only) {
        (Some(_), true) => return Err(AppError::invalid("organizationKind")),
        (Some(kind), false) => Some(kind.as_str().to_owned()),
        (None, true) => Some(crate::consultations::model::INDIVIDUAL.to_owned()),
        (None, false) => None,
    };
    let after = page.after.as_ref().map(|cursor| position_of(cursor, query.order)).transpose()?;
    let filter = CommentFilter {
        scope,
        status: query.status.unwrap_or(CommentStatus::Published),
        round: query.round,
        section: query.section,
        stance: query.stance.map(|stance| stance.as_str().to_owned()),
        stakeholder_kind,
        country,
        income_group: query.income_group.map(|group| group.as_str().to_owned()),
        language,
        order: query.order,
        collapse_campaigns: query.collapse_campaigns,
    };
    let principal = principal.cloned();
    services
        .db
        .run(move |connection| {
            let access = ConsultationAccess::of(connection, principal.as_ref(), &consultation)?;
            if !access.can_see(&consultation) {
                return Err(AppError::NotFound);
            }
            if filter.status != CommentStatus::Published && !access.sees_everything() {
                return Err(AppError::Forbidden);
            }
            if singles_out_people(connection, &filter, &access)? {
                return Ok(CommentPage { page: Page::from_rows(Vec::new(), &page, 0), access, filter, withheld: true });
            }
            let rows = comment_store::list_comments(connection, &filter, &page, after.as_ref())?;
            let page = Page::from_rows(rows, &page, 0);
            Ok(CommentPage { page, access, filter, withheld: false })
        })
        .await
}

/// Whether the list must be withheld from this reader: it is filtered by who wrote the comments,
/// and they are the comments of 1 to 4 people (see the module documentation).
fn singles_out_people(
    connection: &mut DbConnection,
    filter: &CommentFilter,
    access: &ConsultationAccess,
) -> AppResult<bool> {
    if access.sees_everything() || !filter.selects_by_author() {
        return Ok(false);
    }
    let people = comment_store::distinct_authors_up_to(connection, filter, SMALL_CELL as usize)?;
    Ok(PublishedCount::of(people as i64) == PublishedCount::FewerThanFive)
}

/// Counts the comments of a listing (for `totalCount`).
pub async fn count(services: &Services, filter: CommentFilter) -> AppResult<i64> {
    services.db.run(move |connection| Ok(comment_store::count_comments(connection, &filter)?)).await
}

/// A comment with the reader's standing, if the reader may see it: published comments of a
/// visible consultation, and hidden or withdrawn ones to their author and to those who see
/// everything.
pub async fn find_visible(
    services: &Services,
    principal: Option<&Principal>,
    id: CommentId,
) -> AppResult<Option<(Comment, ConsultationAccess)>> {
    let principal = principal.cloned();
    services
        .db
        .run(move |connection| {
            let Some(comment) = comment_store::find_comment(connection, &id)? else { return Ok(None) };
            let Some(consultation) = store::find_consultation(connection, &comment.consultation_id)? else {
                return Ok(None);
            };
            let access = ConsultationAccess::of(connection, principal.as_ref(), &consultation)?;
            let visible = access.can_see(&consultation)
                && (comment.status() == CommentStatus::Published || sees_restricted(&access, &comment));
            Ok(visible.then_some((comment, access)))
        })
        .await
}

/// The position of a comment in a listing of the given order.
pub fn cursor_of(comment: &Comment, order: CommentOrder) -> Cursor {
    let key = match order {
        CommentOrder::MostEndorsed => comment.endorsement_count.to_string(),
        CommentOrder::Newest | CommentOrder::Oldest => String::new(),
    };
    Cursor::new(key, comment.id.as_str())
}

fn position_of(cursor: &Cursor, order: CommentOrder) -> AppResult<CommentPosition> {
    let endorsements = match order {
        CommentOrder::MostEndorsed => cursor.key.parse().map_err(|_| AppError::invalid("after"))?,
        CommentOrder::Newest | CommentOrder::Oldest => 0,
    };
    Ok(CommentPosition { id: CommentId(cursor.id.clone()), endorsements })
}

/// The earlier texts of a comment (the caller already sees the comment).
pub async fn versions_of(services: &Services, id: CommentId) -> AppResult<Vec<(i32, String, chrono::NaiveDateTime)>> {
    services.db.run(move |connection| Ok(comment_store::versions_of(connection, &id)?)).await
}
