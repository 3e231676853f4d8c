//! Open data: a consultation's comments as CSV or JSON, for anyone to reuse. Public comments
//! for everyone; confidential ones too (with their text) for the consultation's officials,
//! moderators and admins. Rows come in keyset chunks, oldest first, so an export of any size
//! holds one chunk in memory at a time.

use std::collections::HashMap;

use diesel::QueryResult;
use serde::Serialize;

use crate::auth::Principal;
use crate::consultations::access::ConsultationAccess;
use crate::consultations::model::{CommentId, ConsultationId, ConsultationStatus};
use crate::consultations::open_data::store as open_data_store;
use crate::consultations::store;
use crate::db::DbConnection;
use crate::error::{AppError, AppResult};
use crate::graphql::node::GlobalId;
use crate::services::Services;

/// Rows per chunk.
pub const CHUNK: i64 = 500;

/// The columns, in CSV order (JSON uses the same names).
pub const COLUMNS: [&str; 21] = [
    "id",
    "createdAt",
    "editedAt",
    "roundId",
    "roundTitle",
    "sectionId",
    "sectionPosition",
    "sectionVersion",
    "parentId",
    "author",
    "organizationId",
    "organization",
    "stakeholderKind",
    "country",
    "incomeGroup",
    "region",
    "language",
    "stance",
    "confidential",
    "body",
    "endorsementCount",
];

/// One exported comment.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ExportRow {
    pub id: String,
    pub created_at: String,
    pub edited_at: Option<String>,
    pub round_id: String,
    pub round_title: String,
    pub section_id: Option<String>,
    pub section_position: Option<i32>,
    pub section_version: Option<i32>,
    pub parent_id: Option<String>,
    pub author: String,
    pub organization_id: Option<String>,
    pub organization: Option<String>,
    pub stakeholder_kind: String,
    pub country: Option<String>,
    pub income_group: Option<String>,
    pub region: Option<String>,
    pub language: String,
    pub stance: String,
    pub confidential: bool,
    pub body: String,
    pub endorsement_count: i32,
}

impl ExportRow {
    /// The values in [`COLUMNS`] order, as CSV cells.
    pub fn cells(&self) -> [String; 21] {
        let text = |value: &Option<String>| value.clone().unwrap_or_default();
        let number = |value: Option<i32>| value.map(|n| n.to_string()).unwrap_or_default();
        [
            self.id.clone(),
            self.created_at.clone(),
            text(&self.edited_at),
            self.round_id.clone(),
            self.round_title.clone(),
            text(&self.section_id),
            number(self.section_position),
            number(self.section_version),
            text(&self.parent_id),
            self.author.clone(),
            text(&self.organization_id),
            text(&self.organization),
            self.stakeholder_kind.clone(),
            text(&self.country),
            text(&self.income_group),
            text(&self.region),
            self.language.clone(),
            self.stance.clone(),
            self.confidential.to_string(),
            self.body.clone(),
            self.endorsement_count.to_string(),
        ]
    }
}

/// What an export covers, once the caller's right to it is checked.
#[derive(Debug, Clone)]
pub struct ExportScope {
    pub consultation: ConsultationId,
    pub include_confidential: bool,
    /// Round and section labels, loaded once.
    rounds: HashMap<String, String>,
    sections: HashMap<String, i32>,
}

/// Opens the export of the consultation with `slug`; `NOT_FOUND` if the caller may not see it.
pub async fn open(services: &Services, principal: Option<&Principal>, slug: String) -> AppResult<ExportScope> {
    let principal = principal.cloned();
    services
        .db
        .run(move |connection| {
            let consultation = store::find_consultation_by_slug(connection, &slug)?.ok_or(AppError::NotFound)?;
            let access = ConsultationAccess::of(connection, principal.as_ref(), &consultation)?;
            if !access.can_see(&consultation) || consultation.status() == ConsultationStatus::Draft {
                return Err(AppError::NotFound);
            }
            let rounds = store::rounds_of(connection, &consultation.id)?
                .into_iter()
                .map(|round| (round.id.0, round.title))
                .collect();
            let sections = store::sections_of(connection, &consultation.id)?
                .into_iter()
                .map(|section| (section.id.0, section.position))
                .collect();
            Ok(ExportScope {
                consultation: consultation.id,
                include_confidential: access.sees_everything(),
                rounds,
                sections,
            })
        })
        .await
}

/// The next chunk after `after` (oldest first); empty at the end.
pub async fn chunk(services: &Services, scope: ExportScope, after: Option<CommentId>) -> AppResult<Vec<ExportRow>> {
    services.db.run(move |connection| Ok(rows_after(connection, &scope, after.as_ref())?)).await
}

fn rows_after(
    connection: &mut DbConnection,
    scope: &ExportScope,
    after: Option<&CommentId>,
) -> QueryResult<Vec<ExportRow>> {
    let rows =
        open_data_store::published_after(connection, &scope.consultation, scope.include_confidential, after, CHUNK)?;
    let author_ids: Vec<&str> = rows.iter().map(|row| row.author_id.as_str()).collect();
    let authors = open_data_store::author_names(connection, &author_ids)?;
    let organization_ids: Vec<&str> =
        rows.iter().filter_map(|row| row.organization_id.as_ref()).map(|id| id.as_str()).collect();
    let organization_names = open_data_store::organization_names(connection, &organization_ids)?;
    let version_ids: Vec<_> = rows.iter().filter_map(|row| row.section_version_id.clone()).collect();
    let versions: HashMap<String, i32> = store::section_versions_by_id(connection, &version_ids)?
        .into_iter()
        .map(|version| (version.id.0, version.version))
        .collect();
    Ok(rows
        .into_iter()
        .map(|row| {
            let (author, deleted) = authors.get(row.author_id.as_str()).cloned().unwrap_or_default();
            ExportRow {
                id: GlobalId::new("Comment", row.id.as_str()).encode().0,
                created_at: row.created_at.and_utc().to_rfc3339(),
                edited_at: row.edited_at.map(|at| at.and_utc().to_rfc3339()),
                round_id: GlobalId::new("CommentRound", row.round_id.as_str()).encode().0,
                round_title: scope.rounds.get(row.round_id.as_str()).cloned().unwrap_or_default(),
                section_id: row.section_id.as_ref().map(|id| GlobalId::new("Section", id.as_str()).encode().0),
                section_position: row.section_id.as_ref().and_then(|id| scope.sections.get(id.as_str()).copied()),
                section_version: row.section_version_id.as_ref().and_then(|id| versions.get(id.as_str()).copied()),
                parent_id: row.parent_id.as_ref().map(|id| GlobalId::new("Comment", id.as_str()).encode().0),
                author: if deleted { String::new() } else { author },
                organization: row.organization_id.as_ref().and_then(|id| organization_names.get(id.as_str()).cloned()),
                organization_id: row
                    .organization_id
                    .as_ref()
                    .map(|id| GlobalId::new("Organization", id.as_str()).encode().0),
                stakeholder_kind: row.stakeholder_kind,
                country: row.author_country,
                income_group: row.income_group,
                region: row.region,
                language: row.language,
                stance: row.stance,
                confidential: row.confidential,
                body: row.body,
                endorsement_count: row.endorsement_count,
            }
        })
        .collect())
}

/// The ID to continue after: the last row's.
pub fn last_id(rows: &[ExportRow]) -> Option<CommentId> {
    rows.last().and_then(|row| GlobalId::decode_kind(&row.id, "Comment")).map(CommentId)
}
