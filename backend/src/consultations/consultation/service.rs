//! Consultation rules: only officials of a verified government or intergovernmental
//! organization create and run its consultations, and only while it stays verified (every
//! official action passes [`managed_consultation`] or `authorize` with the caller's
//! [`Officialdom`]); drafts stay between them (and platform admins); a published section is
//! never rewritten, an edit adds a version; closing a consultation closes its rounds.
//! Publishing, closing and edits of published text are audited.

use std::collections::BTreeSet;

use serde_json::json;

use crate::audit::service::{self as audit, Actor, Target};
use crate::auth::Principal;
use crate::auth::permissions::{Action, Officialdom, authorize};
use crate::consultations::access::{self, ConsultationAccess};
use crate::consultations::model::{
    Consultation, ConsultationId, ConsultationInsertForm, ConsultationStatus, ConsultationTranslation, Section,
    SectionId, SectionTranslation, SectionVersion, SectionVersionId,
};
use crate::consultations::store::{self, ConsultationFilter};
use crate::consultations::translations::{Translation, parse_locale, parse_translations};
use crate::db::page::{Page, PageRequest};
use crate::db::{DbConnection, time, write_transaction};
use crate::error::{AppError, AppResult};
use crate::idempotency::{self, IdempotencyKey, Outcome};
use crate::identity::accounts::profile::parse_country;
use crate::identity::model::UserId;
use crate::organizations::model::OrganizationId;
use crate::organizations::store as organizations;
use crate::request::RequestContext;
use crate::services::Services;
use crate::text::{parse_optional_text, parse_text};

const MAX_TITLE: usize = 300;
const MAX_SUMMARY: usize = 2_000;
const MAX_BODY: usize = 100_000;
const MAX_HEADING: usize = 300;
const MAX_SECTION_BODY: usize = 50_000;
const MAX_SECTIONS: usize = 200;
const MAX_TOPICS: usize = 10;
const MAX_TOPIC: usize = 50;
const MAX_SEARCH: usize = 200;

/// A consultation's texts in one locale, as a client writes them.
#[derive(Debug, Clone)]
pub struct ConsultationText {
    pub locale: String,
    pub title: String,
    pub summary: String,
    pub body: String,
}

/// A section's texts in one locale, as a client writes them.
#[derive(Debug, Clone)]
pub struct SectionText {
    pub locale: String,
    pub heading: String,
    pub body: String,
}

/// What `createConsultation` receives.
#[derive(Debug, Clone)]
pub struct NewConsultation {
    pub organization_id: OrganizationId,
    pub slug: String,
    pub original_locale: String,
    pub translations: Vec<ConsultationText>,
    pub sections: Vec<Vec<SectionText>>,
    pub topics: Vec<String>,
    pub country: Option<String>,
    /// Makes a retry answer with the consultation the first request created.
    pub idempotency_key: Option<IdempotencyKey>,
}

/// What `updateConsultation` receives: only the given parts change.
#[derive(Debug, Clone)]
pub struct ConsultationChanges {
    pub id: ConsultationId,
    pub slug: Option<String>,
    pub topics: Option<Vec<String>>,
    /// `Some(None)` removes the country.
    pub country: Option<Option<String>>,
    /// Translations to add or replace (other locales are kept).
    pub translations: Vec<ConsultationText>,
    /// Sections to append at the end.
    pub add_sections: Vec<Vec<SectionText>>,
}

/// Creates a draft consultation with its sections (officials of the owning organization), or,
/// retried under an idempotency key, answers with the one the first request created.
pub async fn create(services: &Services, request: &RequestContext, input: NewConsultation) -> AppResult<Consultation> {
    let author = request.caller()?;
    if let Some(id) = idempotency::replayed(&services.db, &author, input.idempotency_key.as_ref()).await? {
        return created_earlier(services, request, id).await;
    }
    let slug = parse_slug(&input.slug)?;
    let original_locale = parse_locale(&input.original_locale, "originalLocale")?;
    let translations = parse_translations(&input.translations, "translations", Some(&original_locale))?;
    if input.sections.len() > MAX_SECTIONS {
        return Err(AppError::invalid("sections"));
    }
    let sections = input
        .sections
        .iter()
        .map(|texts| parse_translations(texts, "sections", Some(&original_locale)))
        .collect::<AppResult<Vec<_>>>()?;
    let topics = serde_json::to_string(&parse_topics(&input.topics)?).map_err(AppError::internal)?;
    let country = input.country.as_deref().map(parse_country).transpose()?;
    let principal = request.principal().cloned();
    let request_id = request.request_id.clone();
    let id = ConsultationId::generate();
    let outcome = services
        .db
        .run(move |connection| {
            let key = input.idempotency_key.as_ref();
            idempotency::create_once(connection, &author, key, id.as_str(), |connection| {
                let organization =
                    organizations::find_organization(connection, &input.organization_id)?.ok_or(AppError::NotFound)?;
                let standing = organizations::official_standing(connection, &organization.id, &author)?;
                let official = Officialdom::from_standing(standing);
                authorize(principal.as_ref(), Action::ManageConsultation { official })?;
                if !organization.is_verified() || !organization.kind().is_governmental() {
                    return Err(AppError::Conflict { message_id: "error-consultation-owner" });
                }
                if store::slug_taken(connection, &slug, None)? {
                    return Err(AppError::Validation { field: "slug".into(), message_id: "error-slug-taken" });
                }
                let now = time::now();
                store::insert_consultation(
                    connection,
                    &ConsultationInsertForm {
                        id: &id,
                        organization_id: &organization.id,
                        slug: &slug,
                        country_code: country.as_deref(),
                        topics: &topics,
                        original_locale: &original_locale,
                        status: ConsultationStatus::Draft.as_str(),
                        created_by: Some(&author),
                        created_at: now,
                        updated_at: now,
                    },
                )?;
                store::put_consultation_translations(connection, &id, &consultation_rows(&id, translations))?;
                for texts in sections {
                    add_section(connection, &id, &author, texts)?;
                }
                let actor = Actor { user_id: Some(author.as_str()), request_id: Some(&request_id) };
                audit::record(connection, actor, "consultation.create", Some(target(&id)), &json!({ "slug": slug }))?;
                store::find_consultation(connection, &id)?.ok_or(AppError::NotFound)
            })
        })
        .await?;
    match outcome {
        Outcome::Created(consultation) => Ok(consultation),
        Outcome::Earlier(id) => created_earlier(services, request, id).await,
    }
}

/// The consultation an earlier request with the same idempotency key created, as it is now.
async fn created_earlier(services: &Services, request: &RequestContext, id: String) -> AppResult<Consultation> {
    let found = find_visible(services, request.principal(), Some(ConsultationId(id)), None).await?;
    found.ok_or(AppError::NotFound)
}

/// Changes a consultation's details, translations or sections while it is a draft or published.
pub async fn update(
    services: &Services,
    request: &RequestContext,
    changes: ConsultationChanges,
) -> AppResult<Consultation> {
    let author = request.caller()?;
    let slug = changes.slug.as_deref().map(parse_slug).transpose()?;
    let translations = if changes.translations.is_empty() {
        Vec::new()
    } else {
        parse_translations(&changes.translations, "translations", None)?
    };
    let topics = match &changes.topics {
        Some(topics) => Some(serde_json::to_string(&parse_topics(topics)?).map_err(AppError::internal)?),
        None => None,
    };
    let country = match &changes.country {
        Some(Some(country)) => Some(Some(parse_country(country)?)),
        Some(None) => Some(None),
        None => None,
    };
    let principal = request.principal().cloned();
    let request_id = request.request_id.clone();
    services
        .db
        .run(move |connection| {
            write_transaction(connection, |connection| {
                let consultation = managed_consultation(connection, principal.as_ref(), &changes.id)?;
                if !matches!(consultation.status(), ConsultationStatus::Draft | ConsultationStatus::Published) {
                    return Err(AppError::Conflict { message_id: "error-consultation-not-editable" });
                }
                let original = consultation.original_locale.clone();
                let add_sections = changes
                    .add_sections
                    .iter()
                    .map(|texts| parse_translations(texts, "sections", Some(&original)))
                    .collect::<AppResult<Vec<_>>>()?;
                if let Some(slug) = &slug
                    && store::slug_taken(connection, slug, Some(&consultation.id))?
                {
                    return Err(AppError::Validation { field: "slug".into(), message_id: "error-slug-taken" });
                }
                let now = time::now();
                store::update_consultation_details(
                    connection,
                    &consultation.id,
                    slug.as_deref(),
                    country.as_ref().map(|country| country.as_deref()),
                    topics.as_deref(),
                    now,
                )?;
                if !translations.is_empty() {
                    store::put_consultation_translations(
                        connection,
                        &consultation.id,
                        &consultation_rows(&consultation.id, translations),
                    )?;
                }
                let added = add_sections.len();
                for texts in add_sections {
                    add_section(connection, &consultation.id, &author, texts)?;
                }
                let actor = Actor { user_id: Some(author.as_str()), request_id: Some(&request_id) };
                audit::record(
                    connection,
                    actor,
                    "consultation.update",
                    Some(target(&consultation.id)),
                    &json!({ "slug": slug, "addedSections": added }),
                )?;
                store::find_consultation(connection, &consultation.id)?.ok_or(AppError::NotFound)
            })
        })
        .await
}

/// Edits a section. In a draft the text is corrected in place; once published, the edit becomes
/// a new version and earlier comments keep pointing at the text they answered.
pub async fn update_section(
    services: &Services,
    request: &RequestContext,
    id: SectionId,
    texts: Vec<SectionText>,
) -> AppResult<Section> {
    let author = request.caller()?;
    let texts = parse_translations(&texts, "sections", None)?;
    let principal = request.principal().cloned();
    let request_id = request.request_id.clone();
    services
        .db
        .run(move |connection| {
            write_transaction(connection, |connection| {
                let section = store::find_section(connection, &id)?.ok_or(AppError::NotFound)?;
                let consultation = managed_consultation(connection, principal.as_ref(), &section.consultation_id)?;
                let current = store::current_section_version(connection, &section)?;
                let now = time::now();
                match consultation.status() {
                    ConsultationStatus::Draft => {
                        store::put_section_translations(connection, &current.id, &section_rows(&current.id, texts))?;
                        store::set_current_version(connection, &section.id, section.current_version, now)?;
                    }
                    ConsultationStatus::Published => {
                        let previous = store::section_translations_of(connection, std::slice::from_ref(&current.id))?;
                        let version = SectionVersion {
                            id: SectionVersionId::generate(),
                            section_id: section.id.clone(),
                            version: current.version + 1,
                            created_by: Some(author.clone()),
                            created_at: now,
                        };
                        store::insert_section_version(connection, &version)?;
                        let carried: Vec<SectionTranslation> = previous
                            .into_iter()
                            .map(|translation| SectionTranslation {
                                section_version_id: version.id.clone(),
                                ..translation
                            })
                            .collect();
                        store::put_section_translations(connection, &version.id, &carried)?;
                        store::put_section_translations(connection, &version.id, &section_rows(&version.id, texts))?;
                        store::set_current_version(connection, &section.id, version.version, now)?;
                        let actor = Actor { user_id: Some(author.as_str()), request_id: Some(&request_id) };
                        audit::record(
                            connection,
                            actor,
                            "section.update",
                            Some(Target { kind: "Section", id: section.id.as_str() }),
                            &json!({ "version": version.version }),
                        )?;
                    }
                    ConsultationStatus::Closed | ConsultationStatus::Concluded => {
                        return Err(AppError::Conflict { message_id: "error-consultation-not-editable" });
                    }
                }
                store::find_section(connection, &section.id)?.ok_or(AppError::NotFound)
            })
        })
        .await
}

/// DRAFT → PUBLISHED. Its rounds now concern followers, so the notification job looks at once.
pub async fn publish(services: &Services, request: &RequestContext, id: ConsultationId) -> AppResult<Consultation> {
    transition(services, request, id, ConsultationStatus::Draft, ConsultationStatus::Published)
        .await
        .inspect(|_| services.notification_wake.notify_one())
}

/// PUBLISHED → CLOSED; rounds still open or scheduled are closed with it.
pub async fn close(services: &Services, request: &RequestContext, id: ConsultationId) -> AppResult<Consultation> {
    transition(services, request, id, ConsultationStatus::Published, ConsultationStatus::Closed).await
}

async fn transition(
    services: &Services,
    request: &RequestContext,
    id: ConsultationId,
    from: ConsultationStatus,
    to: ConsultationStatus,
) -> AppResult<Consultation> {
    let author = request.caller()?;
    let principal = request.principal().cloned();
    let request_id = request.request_id.clone();
    services
        .db
        .run(move |connection| {
            write_transaction(connection, |connection| {
                let consultation = managed_consultation(connection, principal.as_ref(), &id)?;
                if consultation.status() != from {
                    return Err(AppError::Conflict { message_id: "error-consultation-status" });
                }
                if to == ConsultationStatus::Published && store::sections_of(connection, &id)?.is_empty() {
                    return Err(AppError::Conflict { message_id: "error-consultation-without-sections" });
                }
                let now = time::now();
                store::set_consultation_status(connection, &id, to, now)?;
                let closed_rounds =
                    if to == ConsultationStatus::Closed { store::close_rounds_of(connection, &id, now)? } else { 0 };
                let (action, details) = match to {
                    ConsultationStatus::Published => ("consultation.publish", json!({})),
                    _ => ("consultation.close", json!({ "closedRounds": closed_rounds })),
                };
                let actor = Actor { user_id: Some(author.as_str()), request_id: Some(&request_id) };
                audit::record(connection, actor, action, Some(target(&id)), &details)?;
                store::find_consultation(connection, &id)?.ok_or(AppError::NotFound)
            })
        })
        .await
}

/// A consultation by ID or slug, if the caller may see it (drafts: officials and admins).
pub async fn find_visible(
    services: &Services,
    principal: Option<&Principal>,
    id: Option<ConsultationId>,
    slug: Option<String>,
) -> AppResult<Option<Consultation>> {
    let principal = principal.cloned();
    services
        .db
        .run(move |connection| {
            let consultation = match (id, slug) {
                (Some(id), _) => store::find_consultation(connection, &id)?,
                (None, Some(slug)) => store::find_consultation_by_slug(connection, slug.trim())?,
                (None, None) => return Err(AppError::invalid("id")),
            };
            let Some(consultation) = consultation else { return Ok(None) };
            let access = ConsultationAccess::of(connection, principal.as_ref(), &consultation)?;
            Ok(access.can_see(&consultation).then_some(consultation))
        })
        .await
}

/// The sections of a consultation (the caller already sees the consultation).
pub async fn sections_of(services: &Services, consultation: ConsultationId) -> AppResult<Vec<Section>> {
    services.db.run(move |connection| Ok(store::sections_of(connection, &consultation)?)).await
}

/// Every version of a section, oldest first (the caller already sees the section).
pub async fn section_versions(services: &Services, section: SectionId) -> AppResult<Vec<SectionVersion>> {
    services.db.run(move |connection| Ok(store::versions_of_section(connection, &section)?)).await
}

/// A section, if the caller may see its consultation.
pub async fn find_section_visible(
    services: &Services,
    principal: Option<&Principal>,
    id: SectionId,
) -> AppResult<Option<Section>> {
    let principal = principal.cloned();
    services
        .db
        .run(move |connection| {
            let Some(section) = store::find_section(connection, &id)? else { return Ok(None) };
            Ok(access::may_see(connection, principal.as_ref(), &section.consultation_id)?.then_some(section))
        })
        .await
}

/// Which consultations a caller asked for.
#[derive(Debug, Clone, Default)]
pub struct ConsultationQuery {
    pub status: Option<ConsultationStatus>,
    pub country: Option<String>,
    pub search: Option<String>,
    /// Only those the caller follows (signed-in callers only).
    pub followed: bool,
}

/// A page of the consultations the caller may see, newest first.
pub async fn list(
    services: &Services,
    principal: Option<&Principal>,
    query: ConsultationQuery,
    page: PageRequest,
) -> AppResult<Page<Consultation>> {
    let country = query.country.as_deref().map(parse_country).transpose()?;
    let search = match query.search.as_deref().map(str::trim).filter(|search| !search.is_empty()) {
        Some(search) if search.chars().count() > MAX_SEARCH => return Err(AppError::invalid("search")),
        Some(search) => Some(search.to_lowercase()),
        None => None,
    };
    let followed_by = match (query.followed, principal) {
        (false, _) => None,
        (true, Some(principal)) => Some(principal.user_id.clone()),
        (true, None) => return Err(AppError::Unauthenticated),
    };
    let after = page.after.as_ref().map(|cursor| ConsultationId(cursor.id.clone()));
    let principal = principal.cloned();
    services
        .db
        .run(move |connection| {
            let draft_organizations = match &principal {
                Some(principal) => organizations::organizations_where_official(connection, &principal.user_id)?,
                None => Vec::new(),
            };
            let filter = ConsultationFilter {
                status: query.status,
                country_code: country,
                search,
                draft_organizations,
                all_drafts: principal.as_ref().is_some_and(Principal::is_admin),
                followed_by,
            };
            Ok(store::list_consultations(connection, &filter, &page, after)?)
        })
        .await
}

/// The consultation, if the caller manages it (an official of its organization, while it is
/// verified): the one check every official action on a consultation, its sections, rounds and
/// outcome goes through. `NOT_FOUND` when the caller may not even see it, `FORBIDDEN` when they
/// see it but do not manage it, `CONFLICT` for an official of an organization not verified.
pub(in crate::consultations) fn managed_consultation(
    connection: &mut DbConnection,
    principal: Option<&Principal>,
    id: &ConsultationId,
) -> AppResult<Consultation> {
    let (consultation, access) = access::visible(connection, principal, id)?;
    authorize(principal, Action::ManageConsultation { official: access.official })?;
    Ok(consultation)
}

pub(in crate::consultations) fn target(id: &ConsultationId) -> Target<'_> {
    Target { kind: "Consultation", id: id.as_str() }
}

fn add_section(
    connection: &mut DbConnection,
    consultation: &ConsultationId,
    author: &UserId,
    texts: Vec<SectionText>,
) -> AppResult<()> {
    let now = time::now();
    let section = Section {
        id: SectionId::generate(),
        consultation_id: consultation.clone(),
        position: store::next_section_position(connection, consultation)?,
        current_version: 1,
        created_at: now,
        updated_at: now,
    };
    store::insert_section(connection, &section)?;
    let version = SectionVersion {
        id: SectionVersionId::generate(),
        section_id: section.id.clone(),
        version: 1,
        created_by: Some(author.clone()),
        created_at: now,
    };
    store::insert_section_version(connection, &version)?;
    store::put_section_translations(connection, &version.id, &section_rows(&version.id, texts))?;
    Ok(())
}

fn consultation_rows(id: &ConsultationId, texts: Vec<ConsultationText>) -> Vec<ConsultationTranslation> {
    texts
        .into_iter()
        .map(|text| ConsultationTranslation {
            consultation_id: id.clone(),
            locale: text.locale,
            title: text.title,
            summary: text.summary,
            body: text.body,
        })
        .collect()
}

fn section_rows(version: &SectionVersionId, texts: Vec<SectionText>) -> Vec<SectionTranslation> {
    texts
        .into_iter()
        .map(|text| SectionTranslation {
            section_version_id: version.clone(),
            locale: text.locale,
            heading: text.heading,
            body: text.body,
        })
        .collect()
}

impl Translation for ConsultationText {
    fn locale(&self) -> &str {
        &self.locale
    }

    fn checked(&self, locale: String) -> AppResult<Self> {
        Ok(ConsultationText {
            locale,
            title: parse_text(&self.title, "title", MAX_TITLE)?,
            summary: parse_optional_text(&self.summary, "summary", MAX_SUMMARY)?,
            body: parse_optional_text(&self.body, "body", MAX_BODY)?,
        })
    }
}

impl Translation for SectionText {
    fn locale(&self) -> &str {
        &self.locale
    }

    fn checked(&self, locale: String) -> AppResult<Self> {
        Ok(SectionText {
            locale,
            heading: parse_text(&self.heading, "heading", MAX_HEADING)?,
            body: parse_text(&self.body, "body", MAX_SECTION_BODY)?,
        })
    }
}

/// A slug: 3–80 lower-case letters, digits and single hyphens, as in a URL path.
fn parse_slug(raw: &str) -> AppResult<String> {
    let slug = raw.trim();
    let valid = (3..=80).contains(&slug.len())
        && slug.bytes().all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'-')
        && !slug.starts_with('-')
        && !slug.ends_with('-')
        && !slug.contains("--");
    if !valid {
        return Err(AppError::Validation { field: "slug".into(), message_id: "error-slug" });
    }
    Ok(slug.to_owned())
}

fn parse_topics(raw: &[String]) -> AppResult<Vec<String>> {
    let topics: BTreeSet<String> =
        raw.iter().map(|topic| parse_text(topic, "topics", MAX_TOPIC)).collect::<AppResult<_>>()?;
    if topics.len() > MAX_TOPICS {
        return Err(AppError::invalid("topics"));
    }
    Ok(topics.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_url_safe() {
        assert_eq!(parse_slug(" ai-act-2026 ").expect("valid"), "ai-act-2026");
        for bad in ["AI-act", "a", "-ai", "ai-", "ai--act", "ai act", "ai_act"] {
            assert!(parse_slug(bad).is_err(), "{bad}");
        }
    }
}
