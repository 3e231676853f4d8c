//! Queries on issued certificates.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::schema::certificates;
use crate::identity::model::UserId;
use crate::training::enrollment::model::{Certificate, EnrollmentId};

pub fn insert(connection: &mut DbConnection, certificate: &Certificate) -> QueryResult<()> {
    diesel::insert_into(certificates::table).values(certificate).execute(connection).map(drop)
}

pub fn find_by_code(connection: &mut DbConnection, code: &str) -> QueryResult<Option<Certificate>> {
    certificates::table
        .filter(certificates::code.eq(code))
        .select(Certificate::as_select())
        .get_result(connection)
        .optional()
}

/// The certificates of several enrollments (at most one each).
pub fn of_enrollments(connection: &mut DbConnection, enrollments: &[EnrollmentId]) -> QueryResult<Vec<Certificate>> {
    certificates::table
        .filter(certificates::enrollment_id.eq_any(enrollments))
        .select(Certificate::as_select())
        .load(connection)
}

pub fn revoke(
    connection: &mut DbConnection,
    certificate: &Certificate,
    reason: &str,
    by: &UserId,
    at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(certificates::table.find(&certificate.id))
        .set((
            certificates::revoked_at.eq(Some(at)),
            certificates::revocation_reason.eq(Some(reason)),
            certificates::revoked_by.eq(Some(by)),
        ))
        .execute(connection)
        .map(drop)
}
