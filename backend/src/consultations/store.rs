//! Queries on consultations, their translations and sections, and comment rounds.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::model::{
    CommentRound, Consultation, ConsultationId, ConsultationInsertForm, ConsultationStatus, ConsultationTranslation,
    RoundId, Section, SectionId, SectionTranslation, SectionVersion, SectionVersionId,
};
use crate::db::DbConnection;
use crate::db::page::{Page, PageRequest};
use crate::db::schema::{
    comment_rounds, consultation_follows, consultation_translations, consultations, memberships, organizations,
    round_invitations, section_version_translations, section_versions, sections,
};
use crate::identity::model::UserId;
use crate::organizations::model::{MembershipRole, MembershipStatus, OrganizationId};

diesel::define_sql_function! {
    /// SQL `lower()`, for case-insensitive search.
    fn lower(text: diesel::sql_types::Text) -> diesel::sql_types::Text;
}

/// Which consultations to list.
#[derive(Debug, Clone, Default)]
pub struct ConsultationFilter {
    pub status: Option<ConsultationStatus>,
    pub country_code: Option<String>,
    /// Words to find in a title or summary (any translation), lower-cased.
    pub search: Option<String>,
    /// Drafts of these organizations are visible (the caller is one of their officials).
    pub draft_organizations: Vec<OrganizationId>,
    /// Every draft is visible (platform admins).
    pub all_drafts: bool,
    /// Only the consultations this user follows.
    pub followed_by: Option<UserId>,
}

pub fn insert_consultation(connection: &mut DbConnection, form: &ConsultationInsertForm<'_>) -> QueryResult<()> {
    diesel::insert_into(consultations::table).values(form).execute(connection).map(drop)
}

pub fn find_consultation(connection: &mut DbConnection, id: &ConsultationId) -> QueryResult<Option<Consultation>> {
    consultations::table.find(id).select(Consultation::as_select()).get_result(connection).optional()
}

/// Consultations by ID.
pub fn consultations_by_id(connection: &mut DbConnection, ids: &[ConsultationId]) -> QueryResult<Vec<Consultation>> {
    consultations::table.filter(consultations::id.eq_any(ids)).select(Consultation::as_select()).load(connection)
}

pub fn find_consultation_by_slug(connection: &mut DbConnection, slug: &str) -> QueryResult<Option<Consultation>> {
    consultations::table
        .filter(consultations::slug.eq(slug))
        .select(Consultation::as_select())
        .get_result(connection)
        .optional()
}

pub fn slug_taken(connection: &mut DbConnection, slug: &str, except: Option<&ConsultationId>) -> QueryResult<bool> {
    let mut query = consultations::table.filter(consultations::slug.eq(slug)).into_boxed();
    if let Some(except) = except {
        query = query.filter(consultations::id.ne(except));
    }
    Ok(query.count().get_result::<i64>(connection)? > 0)
}

/// Consultations matching `filter`, newest first (IDs are time-ordered), after `after` if any.
pub fn list_consultations(
    connection: &mut DbConnection,
    filter: &ConsultationFilter,
    page: &PageRequest,
    after: Option<ConsultationId>,
) -> QueryResult<Page<Consultation>> {
    let filtered = || {
        let mut query = consultations::table.into_boxed();
        if !filter.all_drafts {
            query = query.filter(
                consultations::status
                    .ne(ConsultationStatus::Draft.as_str())
                    .or(consultations::organization_id.eq_any(filter.draft_organizations.clone())),
            );
        }
        if let Some(status) = filter.status {
            query = query.filter(consultations::status.eq(status.as_str()));
        }
        if let Some(country) = &filter.country_code {
            query = query.filter(consultations::country_code.eq(country.clone()));
        }
        if let Some(follower) = &filter.followed_by {
            let followed = consultation_follows::table
                .filter(consultation_follows::user_id.eq(follower.clone()))
                .select(consultation_follows::consultation_id);
            query = query.filter(consultations::id.eq_any(followed));
        }
        if let Some(search) = &filter.search {
            let pattern = format!("%{}%", escape_like(search));
            let matching = consultation_translations::table
                .filter(
                    lower(consultation_translations::title).like(pattern.clone()).escape('\\').or(lower(
                        consultation_translations::summary,
                    )
                    .like(pattern)
                    .escape('\\')),
                )
                .select(consultation_translations::consultation_id);
            query = query.filter(consultations::id.eq_any(matching));
        }
        query
    };
    let total_count = page.total(|| filtered().count().get_result(connection))?;
    let mut query = filtered();
    if let Some(after) = after {
        query = query.filter(consultations::id.lt(after));
    }
    let rows = query
        .order(consultations::id.desc())
        .limit(page.fetch_limit())
        .select(Consultation::as_select())
        .load(connection)?;
    Ok(Page::from_rows(rows, page, total_count))
}

fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

pub fn set_consultation_status(
    connection: &mut DbConnection,
    id: &ConsultationId,
    status: ConsultationStatus,
    at: NaiveDateTime,
) -> QueryResult<()> {
    let target = consultations::table.find(id);
    let status_column = consultations::status.eq(status.as_str());
    let updated = consultations::updated_at.eq(at);
    match status {
        ConsultationStatus::Published => {
            diesel::update(target).set((status_column, updated, consultations::published_at.eq(at))).execute(connection)
        }
        ConsultationStatus::Closed => {
            diesel::update(target).set((status_column, updated, consultations::closed_at.eq(at))).execute(connection)
        }
        ConsultationStatus::Draft | ConsultationStatus::Concluded => {
            diesel::update(target).set((status_column, updated)).execute(connection)
        }
    }
    .map(drop)
}

/// Changes the slug, country and topics of a consultation (each only when given).
pub fn update_consultation_details(
    connection: &mut DbConnection,
    id: &ConsultationId,
    slug: Option<&str>,
    country_code: Option<Option<&str>>,
    topics: Option<&str>,
    at: NaiveDateTime,
) -> QueryResult<()> {
    let target = consultations::table.find(id);
    if let Some(slug) = slug {
        diesel::update(target).set(consultations::slug.eq(slug)).execute(connection)?;
    }
    if let Some(country_code) = country_code {
        diesel::update(target).set(consultations::country_code.eq(country_code)).execute(connection)?;
    }
    if let Some(topics) = topics {
        diesel::update(target).set(consultations::topics.eq(topics)).execute(connection)?;
    }
    diesel::update(target).set(consultations::updated_at.eq(at)).execute(connection).map(drop)
}

/// Writes translations, replacing those of the same locales.
pub fn put_consultation_translations(
    connection: &mut DbConnection,
    id: &ConsultationId,
    translations: &[ConsultationTranslation],
) -> QueryResult<()> {
    let locales: Vec<&str> = translations.iter().map(|translation| translation.locale.as_str()).collect();
    diesel::delete(
        consultation_translations::table
            .filter(consultation_translations::consultation_id.eq(id))
            .filter(consultation_translations::locale.eq_any(locales)),
    )
    .execute(connection)?;
    for translation in translations {
        diesel::insert_into(consultation_translations::table).values(translation).execute(connection)?;
    }
    Ok(())
}

/// The translations of several consultations.
pub fn consultation_translations_of(
    connection: &mut DbConnection,
    ids: &[ConsultationId],
) -> QueryResult<Vec<ConsultationTranslation>> {
    consultation_translations::table
        .filter(consultation_translations::consultation_id.eq_any(ids))
        .order((consultation_translations::consultation_id, consultation_translations::locale))
        .select(ConsultationTranslation::as_select())
        .load(connection)
}

/// A consultation's title in `locale` (with the usual fallbacks), for emails.
pub fn title_in(
    connection: &mut DbConnection,
    consultation: &Consultation,
    locale: &unic_langid::LanguageIdentifier,
) -> QueryResult<String> {
    let translations = consultation_translations_of(connection, std::slice::from_ref(&consultation.id))?;
    Ok(super::translations::pick(&translations, |t| &t.locale, locale, &consultation.original_locale)
        .map(|translation| translation.title.clone())
        .unwrap_or_default())
}

pub fn insert_section(connection: &mut DbConnection, section: &Section) -> QueryResult<()> {
    diesel::insert_into(sections::table).values(section).execute(connection).map(drop)
}

pub fn find_section(connection: &mut DbConnection, id: &SectionId) -> QueryResult<Option<Section>> {
    sections::table.find(id).select(Section::as_select()).get_result(connection).optional()
}

/// Sections by ID.
pub fn sections_by_id(connection: &mut DbConnection, ids: &[SectionId]) -> QueryResult<Vec<Section>> {
    sections::table.filter(sections::id.eq_any(ids)).select(Section::as_select()).load(connection)
}

/// The sections of a consultation, in order.
pub fn sections_of(connection: &mut DbConnection, consultation: &ConsultationId) -> QueryResult<Vec<Section>> {
    sections::table
        .filter(sections::consultation_id.eq(consultation))
        .order(sections::position)
        .select(Section::as_select())
        .load(connection)
}

/// Every version of a section, oldest first.
pub fn versions_of_section(connection: &mut DbConnection, section: &SectionId) -> QueryResult<Vec<SectionVersion>> {
    section_versions::table
        .filter(section_versions::section_id.eq(section))
        .order(section_versions::version)
        .select(SectionVersion::as_select())
        .load(connection)
}

/// The next free position at the end of a consultation's sections.
pub fn next_section_position(connection: &mut DbConnection, consultation: &ConsultationId) -> QueryResult<i32> {
    let last: Option<i32> = sections::table
        .filter(sections::consultation_id.eq(consultation))
        .select(diesel::dsl::max(sections::position))
        .get_result(connection)?;
    Ok(last.map_or(1, |position| position + 1))
}

pub fn set_current_version(
    connection: &mut DbConnection,
    id: &SectionId,
    version: i32,
    at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(sections::table.find(id))
        .set((sections::current_version.eq(version), sections::updated_at.eq(at)))
        .execute(connection)
        .map(drop)
}

pub fn insert_section_version(connection: &mut DbConnection, version: &SectionVersion) -> QueryResult<()> {
    diesel::insert_into(section_versions::table).values(version).execute(connection).map(drop)
}

/// The current version of a section.
pub fn current_section_version(connection: &mut DbConnection, section: &Section) -> QueryResult<SectionVersion> {
    section_versions::table
        .filter(section_versions::section_id.eq(&section.id))
        .filter(section_versions::version.eq(section.current_version))
        .select(SectionVersion::as_select())
        .get_result(connection)
}

/// Section versions by ID.
pub fn section_versions_by_id(
    connection: &mut DbConnection,
    ids: &[SectionVersionId],
) -> QueryResult<Vec<SectionVersion>> {
    section_versions::table
        .filter(section_versions::id.eq_any(ids))
        .select(SectionVersion::as_select())
        .load(connection)
}

/// The current versions of several sections.
pub fn current_versions_of(connection: &mut DbConnection, sections_: &[SectionId]) -> QueryResult<Vec<SectionVersion>> {
    section_versions::table
        .inner_join(sections::table)
        .filter(section_versions::section_id.eq_any(sections_))
        .filter(section_versions::version.eq(sections::current_version))
        .select(SectionVersion::as_select())
        .load(connection)
}

/// Writes the translations of a section version, replacing those of the same locales.
pub fn put_section_translations(
    connection: &mut DbConnection,
    version: &SectionVersionId,
    translations: &[SectionTranslation],
) -> QueryResult<()> {
    let locales: Vec<&str> = translations.iter().map(|translation| translation.locale.as_str()).collect();
    diesel::delete(
        section_version_translations::table
            .filter(section_version_translations::section_version_id.eq(version))
            .filter(section_version_translations::locale.eq_any(locales)),
    )
    .execute(connection)?;
    for translation in translations {
        diesel::insert_into(section_version_translations::table).values(translation).execute(connection)?;
    }
    Ok(())
}

/// The translations of several section versions.
pub fn section_translations_of(
    connection: &mut DbConnection,
    versions: &[SectionVersionId],
) -> QueryResult<Vec<SectionTranslation>> {
    section_version_translations::table
        .filter(section_version_translations::section_version_id.eq_any(versions))
        .order((section_version_translations::section_version_id, section_version_translations::locale))
        .select(SectionTranslation::as_select())
        .load(connection)
}

pub fn insert_round(connection: &mut DbConnection, round: &CommentRound) -> QueryResult<()> {
    diesel::insert_into(comment_rounds::table).values(round).execute(connection).map(drop)
}

pub fn invite_organizations(
    connection: &mut DbConnection,
    round: &RoundId,
    organizations: &[OrganizationId],
) -> QueryResult<()> {
    for organization in organizations {
        diesel::insert_into(round_invitations::table)
            .values((round_invitations::round_id.eq(round), round_invitations::organization_id.eq(organization)))
            .execute(connection)?;
    }
    Ok(())
}

pub fn invited_organizations(connection: &mut DbConnection, round: &RoundId) -> QueryResult<Vec<OrganizationId>> {
    round_invitations::table
        .filter(round_invitations::round_id.eq(round))
        .select(round_invitations::organization_id)
        .load(connection)
}

pub fn find_round(connection: &mut DbConnection, id: &RoundId) -> QueryResult<Option<CommentRound>> {
    comment_rounds::table.find(id).select(CommentRound::as_select()).get_result(connection).optional()
}

/// A round with its consultation, and `user`'s official standing towards the organization that
/// owns it (`None` when not an active official, else whether the organization is verified;
/// see `organizations::store::official_standing`): what commenting needs first, in one query.
pub fn find_round_for(
    connection: &mut DbConnection,
    id: &RoundId,
    user: &UserId,
) -> QueryResult<Option<(CommentRound, Consultation, Option<bool>)>> {
    let official_membership = memberships::organization_id
        .eq(consultations::organization_id)
        .and(memberships::user_id.eq(user))
        .and(memberships::status.eq(MembershipStatus::Active.as_str()))
        .and(memberships::role.eq(MembershipRole::Official.as_str()));
    let found: Option<(CommentRound, Consultation, Option<String>, Option<NaiveDateTime>)> = comment_rounds::table
        .inner_join(consultations::table)
        .inner_join(organizations::table.on(organizations::id.eq(consultations::organization_id)))
        .left_join(memberships::table.on(official_membership))
        .filter(comment_rounds::id.eq(id))
        .select((
            CommentRound::as_select(),
            Consultation::as_select(),
            memberships::id.nullable(),
            organizations::verified_at,
        ))
        .get_result(connection)
        .optional()?;
    Ok(found.map(|(round, consultation, membership, verified_at)| {
        (round, consultation, membership.map(|_| verified_at.is_some()))
    }))
}

/// The rounds of `organization`'s published consultations that have not closed by `at` (open
/// or scheduled).
pub fn live_rounds_of_organization(
    connection: &mut DbConnection,
    organization: &OrganizationId,
    at: NaiveDateTime,
) -> QueryResult<Vec<CommentRound>> {
    comment_rounds::table
        .inner_join(consultations::table)
        .filter(consultations::organization_id.eq(organization))
        .filter(consultations::status.eq(ConsultationStatus::Published.as_str()))
        .filter(comment_rounds::closed_at.is_null())
        .filter(comment_rounds::closes_at.gt(at))
        .order((comment_rounds::opens_at, comment_rounds::id))
        .select(CommentRound::as_select())
        .load(connection)
}

/// Rounds by ID, each with its consultation.
pub fn rounds_with_consultations(
    connection: &mut DbConnection,
    ids: &[RoundId],
) -> QueryResult<Vec<(CommentRound, Consultation)>> {
    comment_rounds::table
        .inner_join(consultations::table)
        .filter(comment_rounds::id.eq_any(ids))
        .select((CommentRound::as_select(), Consultation::as_select()))
        .load(connection)
}

/// Rounds by ID.
pub fn rounds_by_id(connection: &mut DbConnection, ids: &[RoundId]) -> QueryResult<Vec<CommentRound>> {
    comment_rounds::table.filter(comment_rounds::id.eq_any(ids)).select(CommentRound::as_select()).load(connection)
}

/// The rounds of a consultation, by opening time.
pub fn rounds_of(connection: &mut DbConnection, consultation: &ConsultationId) -> QueryResult<Vec<CommentRound>> {
    comment_rounds::table
        .filter(comment_rounds::consultation_id.eq(consultation))
        .order((comment_rounds::opens_at, comment_rounds::id))
        .select(CommentRound::as_select())
        .load(connection)
}

/// Moves a round's end, recording why.
pub fn extend_round(
    connection: &mut DbConnection,
    id: &RoundId,
    closes_at: NaiveDateTime,
    reason: &str,
    at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(comment_rounds::table.find(id))
        .set((
            comment_rounds::closes_at.eq(closes_at),
            comment_rounds::extension_reason.eq(reason),
            comment_rounds::updated_at.eq(at),
        ))
        .execute(connection)
        .map(drop)
}

/// Closes every round of a consultation that is not closed yet (scheduled ones too).
pub fn close_rounds_of(
    connection: &mut DbConnection,
    consultation: &ConsultationId,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        comment_rounds::table
            .filter(comment_rounds::consultation_id.eq(consultation))
            .filter(comment_rounds::closed_at.is_null())
            .filter(comment_rounds::closes_at.gt(at)),
    )
    .set((comment_rounds::closed_at.eq(at), comment_rounds::updated_at.eq(at)))
    .execute(connection)
}

pub fn close_round(connection: &mut DbConnection, id: &RoundId, at: NaiveDateTime) -> QueryResult<()> {
    close_rounds(connection, std::slice::from_ref(id), at).map(drop)
}

/// Closes the rounds `ids` at `at`; returns how many rows changed.
pub fn close_rounds(connection: &mut DbConnection, ids: &[RoundId], at: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(comment_rounds::table.filter(comment_rounds::id.eq_any(ids)))
        .set((comment_rounds::closed_at.eq(at), comment_rounds::updated_at.eq(at)))
        .execute(connection)
}
