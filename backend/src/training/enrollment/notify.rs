//! The emails about enrollments, written to the outbox in the transaction of the change they
//! report, in the participant's language.

use chrono::NaiveDateTime;
use diesel::QueryResult;
use fluent_bundle::FluentValue;
use unic_langid::LanguageIdentifier;

use super::model::{Cohort, Enrollment};
use crate::consultations::translations::pick;
use crate::db::DbConnection;
use crate::identity::accounts::service::recipient_of;
use crate::identity::model::UserId;
use crate::identity::store as users;
use crate::mail::Mailer;
use crate::training::model::CourseId;
use crate::training::store as catalogue;

/// The course's title in `locale` (with the usual fallbacks).
pub fn course_title_in(
    connection: &mut DbConnection,
    course: &CourseId,
    locale: &LanguageIdentifier,
) -> QueryResult<String> {
    let translations = catalogue::course_translations_of(connection, std::slice::from_ref(course))?;
    let original = translations.iter().find(|text| text.translates_version.is_none()).map_or("", |text| &text.locale);
    Ok(pick(&translations, |text| &text.locale, locale, original).map(|text| text.title.clone()).unwrap_or_default())
}

/// A date as emails show it.
pub fn day(at: NaiveDateTime) -> String {
    at.format("%Y-%m-%d").to_string()
}

/// Emails `template` about `enrollment` to its participant (nobody if the account is gone),
/// with the course, the cohort, its dates and `extra` arguments.
pub fn tell(
    connection: &mut DbConnection,
    mailer: &Mailer,
    cohort: &Cohort,
    enrollment: &Enrollment,
    template: &str,
    extra: &[(&'static str, FluentValue<'static>)],
) -> QueryResult<()> {
    tell_user(connection, mailer, &enrollment.user_id, &cohort.course_id, template, |args| {
        args.push(("cohort", FluentValue::from(cohort.name.clone())));
        args.push(("startsAt", FluentValue::from(day(cohort.starts_at))));
        args.push(("endsAt", FluentValue::from(day(cohort.ends_at))));
        args.extend(extra.iter().cloned());
    })
}

/// Emails `template` about `course` to `user`, with the course's title in their language and
/// the arguments `fill` adds.
pub fn tell_user(
    connection: &mut DbConnection,
    mailer: &Mailer,
    user: &UserId,
    course: &CourseId,
    template: &str,
    fill: impl FnOnce(&mut Vec<(&'static str, FluentValue<'static>)>),
) -> QueryResult<()> {
    let Some(account) = users::find_user(connection, user)? else { return Ok(()) };
    if account.is_deleted() {
        return Ok(());
    }
    let recipient = recipient_of(&account);
    let mut args = vec![("course", FluentValue::from(course_title_in(connection, course, &recipient.locale)?))];
    fill(&mut args);
    mailer.enqueue(connection, template, &recipient, &args).map(drop)
}
