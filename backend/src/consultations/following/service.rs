//! Following a consultation: signed-in, verified accounts follow (and unfollow) consultations
//! they can see, and a signed link in every notification unfollows without signing in.
//! Following is not privileged, so it is not audited; it is personal data (`exportMyData`,
//! `deleteMyAccount`).

use unic_langid::LanguageIdentifier;

use super::store;
use super::token::{Unfollow, UnfollowTokens};
use crate::auth::Principal;
use crate::auth::permissions::{Action, authorize};
use crate::consultations::access;
use crate::consultations::model::{Consultation, ConsultationId};
use crate::consultations::store as consultations;
use crate::db::{DbConnection, time, write_transaction};
use crate::error::{AppError, AppResult};
use crate::identity::accounts::profile::parse_locale;
use crate::identity::store as users;
use crate::request::RequestContext;
use crate::services::Services;

/// Whom and what an unfollow link is about, for the pages that ask and say so.
#[derive(Debug, Clone)]
pub struct Unfollowed {
    /// The follower's language (none if the account is gone).
    pub locale: Option<LanguageIdentifier>,
    /// The consultation's title in that language (none if it is gone).
    pub consultation: Option<String>,
}

/// Follows a consultation the caller can see (`NOT_FOUND` otherwise). Following twice is fine.
pub async fn follow(services: &Services, request: &RequestContext, id: ConsultationId) -> AppResult<bool> {
    let principal = request.principal().cloned();
    authorize(principal.as_ref(), Action::Participate)?;
    services
        .db
        .run(move |connection| {
            write_transaction(connection, |connection| {
                let principal = principal.as_ref().ok_or(AppError::Unauthenticated)?;
                visible(connection, principal, &id)?;
                store::follow(connection, &id, &principal.user_id, time::now())?;
                Ok(true)
            })
        })
        .await
}

/// Stops following. Unfollowing what one does not follow is fine, on a consultation one can see.
pub async fn unfollow(services: &Services, request: &RequestContext, id: ConsultationId) -> AppResult<bool> {
    let principal = request.signed_in()?.clone();
    services
        .db
        .run(move |connection| {
            write_transaction(connection, |connection| {
                if !store::unfollow(connection, &id, &principal.user_id)? {
                    visible(connection, &principal, &id)?;
                }
                Ok(true)
            })
        })
        .await
}

/// What an unfollow link would do, without doing it (`VALIDATION` on `token` if it is not
/// valid): the page a link opens asks first, so a mail scanner that fetches it changes nothing.
pub async fn describe_unfollow(services: &Services, token: &str) -> AppResult<Unfollowed> {
    let unfollow = UnfollowTokens::new(&services.secrets.jwt).verify(token)?;
    services.db.run(move |connection| described(connection, &unfollow)).await
}

/// Unfollows as an unfollow link says (`VALIDATION` on `token` if it is not valid).
pub async fn unfollow_by_token(services: &Services, token: &str) -> AppResult<Unfollowed> {
    let unfollow = UnfollowTokens::new(&services.secrets.jwt).verify(token)?;
    services
        .db
        .run(move |connection| {
            write_transaction(connection, |connection| {
                store::unfollow(connection, &unfollow.consultation_id, &unfollow.user_id)?;
                described(connection, &unfollow)
            })
        })
        .await
}

/// The follower's language and the consultation's title in it.
fn described(connection: &mut DbConnection, unfollow: &Unfollow) -> AppResult<Unfollowed> {
    let locale = users::find_user(connection, &unfollow.user_id)?
        .filter(|user| !user.is_deleted())
        .and_then(|user| parse_locale(&user.locale).ok());
    let consultation = match (&locale, consultations::find_consultation(connection, &unfollow.consultation_id)?) {
        (Some(locale), Some(consultation)) => Some(consultations::title_in(connection, &consultation, locale)?),
        _ => None,
    };
    Ok(Unfollowed { locale, consultation })
}

fn visible(connection: &mut DbConnection, principal: &Principal, id: &ConsultationId) -> AppResult<Consultation> {
    access::visible(connection, Some(principal), id).map(|(consultation, _)| consultation)
}
