//! Rows and queries of consultation outcomes.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::consultations::model::{CommentId, ConsultationId, SectionId};
use crate::db::DbConnection;
use crate::db::schema::{consultation_outcomes, section_outcome_comments, section_outcomes};
use crate::identity::model::UserId;

/// A published outcome.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = consultation_outcomes)]
pub struct Outcome {
    pub consultation_id: ConsultationId,
    pub summary: String,
    pub published_by: Option<UserId>,
    pub published_at: NaiveDateTime,
}

/// What changed in one section, and the comments that led to it (in the order given).
#[derive(Debug, Clone)]
pub struct SectionOutcome {
    pub section_id: SectionId,
    pub changes: String,
    pub comment_ids: Vec<CommentId>,
}

/// The outcomes of several consultations (those that have one).
pub fn outcomes_of(connection: &mut DbConnection, consultations: &[ConsultationId]) -> QueryResult<Vec<Outcome>> {
    consultation_outcomes::table
        .filter(consultation_outcomes::consultation_id.eq_any(consultations))
        .select(Outcome::as_select())
        .load(connection)
}

/// The section outcomes of a consultation, in the order they were written.
pub fn sections_of(connection: &mut DbConnection, consultation: &ConsultationId) -> QueryResult<Vec<SectionOutcome>> {
    let rows: Vec<(SectionId, String)> = section_outcomes::table
        .filter(section_outcomes::consultation_id.eq(consultation))
        .order(section_outcomes::position)
        .select((section_outcomes::section_id, section_outcomes::changes))
        .load(connection)?;
    let links: Vec<(SectionId, CommentId)> = section_outcome_comments::table
        .filter(section_outcome_comments::consultation_id.eq(consultation))
        .order((section_outcome_comments::section_id, section_outcome_comments::position))
        .select((section_outcome_comments::section_id, section_outcome_comments::comment_id))
        .load(connection)?;
    Ok(rows
        .into_iter()
        .map(|(section_id, changes)| {
            let comment_ids = links
                .iter()
                .filter(|(section, _)| section == &section_id)
                .map(|(_, comment)| comment.clone())
                .collect();
            SectionOutcome { section_id, changes, comment_ids }
        })
        .collect())
}

/// Stores an outcome with its sections and their links.
pub fn insert(
    connection: &mut DbConnection,
    consultation: &ConsultationId,
    summary: &str,
    sections: &[SectionOutcome],
    by: &UserId,
    at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(consultation_outcomes::table)
        .values((
            consultation_outcomes::consultation_id.eq(consultation),
            consultation_outcomes::summary.eq(summary),
            consultation_outcomes::published_by.eq(Some(by)),
            consultation_outcomes::published_at.eq(at),
        ))
        .execute(connection)?;
    for (position, section) in sections.iter().enumerate() {
        diesel::insert_into(section_outcomes::table)
            .values((
                section_outcomes::consultation_id.eq(consultation),
                section_outcomes::section_id.eq(&section.section_id),
                section_outcomes::position.eq(position as i32 + 1),
                section_outcomes::changes.eq(&section.changes),
            ))
            .execute(connection)?;
        for (link, comment) in section.comment_ids.iter().enumerate() {
            diesel::insert_into(section_outcome_comments::table)
                .values((
                    section_outcome_comments::consultation_id.eq(consultation),
                    section_outcome_comments::section_id.eq(&section.section_id),
                    section_outcome_comments::comment_id.eq(comment),
                    section_outcome_comments::position.eq(link as i32 + 1),
                ))
                .execute(connection)?;
        }
    }
    Ok(())
}
