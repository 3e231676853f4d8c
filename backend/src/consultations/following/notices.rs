//! The five emails to a consultation's followers: a round opened, a round closes within 48
//! hours, a round was extended, a round closed early because the organization running the
//! consultation lost its verification, the outcome was published. The transaction of the change (or
//! of the job's claim) they report records the notice ([`queue`]); the notification job then
//! sends it (at once when the change wakes it, else at its next pass), each email in the
//! follower's own language with a one-click unfollow link.
//!
//! A consultation may have many followers, so a notice goes out a chunk at a time
//! ([`Notifier::send_next_chunk`]), each chunk in its own short transaction that claims it by
//! moving the notice's `sent_through` marker: no transaction grows with the follower list, and
//! two instances never send the same chunk. Each chunk's messages are stored in one statement,
//! rendered once per language, then personalized (name, unfollow token) by substituting
//! placeholders that nothing else can contain. The link also goes in `List-Unsubscribe`, with
//! `List-Unsubscribe-Post` (one click).

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::sync::Arc;

use chrono::{NaiveDateTime, Utc};
use fluent_bundle::FluentValue;
use unic_langid::LanguageIdentifier;
use url::Url;

use super::store::{self, Follower, FollowerNotice};
use super::token::UnfollowTokens;
use crate::consultations::model::{CommentRound, ConsultationId};
use crate::consultations::store as consultations;
use crate::db::{DbConnection, ids};
use crate::error::{AppError, AppResult};
use crate::i18n::Localizer;
use crate::identity::accounts::links::token_link;
use crate::identity::accounts::profile::parse_locale;
use crate::identity::model::UserId;
use crate::mail::outbox::NewMessage;
use crate::mail::{Mailer, Recipient, templates};
use crate::services::Services;

/// Followers read and messages stored per statement.
const CHUNK: i64 = 500;
/// The path of the unfollow link under `AGORA_PUBLIC_URL`.
pub const UNFOLLOW_PATH: &str = "unfollow";

/// What happened, as the followers are told.
#[derive(Debug, Clone, Copy)]
pub enum Notice<'a> {
    /// A round opened for comments.
    RoundOpened(&'a CommentRound),
    /// An open round closes within 48 hours.
    RoundClosingSoon(&'a CommentRound),
    /// A round's closing time moved later (the round as extended).
    RoundExtended(&'a CommentRound),
    /// An open round closed before its time because the organization running the consultation
    /// lost its verification.
    RoundClosedEarly(&'a CommentRound),
    /// The consultation's outcome was published.
    OutcomePublished,
}

impl Notice<'_> {
    fn template(self) -> &'static str {
        match self {
            Notice::RoundOpened(_) => templates::FOLLOW_ROUND_OPENED,
            Notice::RoundClosingSoon(_) => templates::FOLLOW_ROUND_CLOSING,
            Notice::RoundExtended(_) => templates::FOLLOW_ROUND_EXTENDED,
            Notice::RoundClosedEarly(_) => templates::FOLLOW_ROUND_CLOSED_EARLY,
            Notice::OutcomePublished => templates::FOLLOW_OUTCOME_PUBLISHED,
        }
    }
}

/// What sending notices needs, built from the services (cheap to clone).
#[derive(Clone)]
pub struct Notifier {
    pub(super) mailer: Mailer,
    localizer: Arc<Localizer>,
    tokens: UnfollowTokens,
    base: Url,
}

impl Notifier {
    pub fn new(services: &Services) -> Self {
        Self {
            mailer: services.mailer.clone(),
            localizer: Arc::clone(&services.localizer),
            tokens: UnfollowTokens::new(&services.secrets.jwt),
            base: services.config.public_base_url(),
        }
    }

    /// Sends the next chunk of a pending notice to its followers; call inside a write
    /// transaction. Returns how many emails were queued (0 when another instance took the
    /// chunk), or `None` once the notice is finished.
    pub fn send_next_chunk(&self, connection: &mut DbConnection, notice_id: &str) -> AppResult<Option<usize>> {
        let Some(notice) = store::find_notice(connection, notice_id)? else { return Ok(None) };
        if notice.finished_at.is_some() {
            return Ok(None);
        }
        let after = (!notice.sent_through.is_empty()).then(|| UserId(notice.sent_through.clone()));
        let followers = store::followers_page(connection, &notice.consultation_id, after.as_ref(), CHUNK)?;
        let through = followers.last().map_or(notice.sent_through.clone(), |follower| follower.user_id.to_string());
        let finished = (followers.len() < CHUNK as usize).then(crate::db::time::now);
        if !store::claim_chunk(connection, &notice.id, &notice.sent_through, &through, finished)? {
            return Ok(Some(0));
        }
        let consultation =
            consultations::find_consultation(connection, &notice.consultation_id)?.ok_or(AppError::NotFound)?;
        let now = Utc::now();
        let mut drafts: HashMap<LanguageIdentifier, Draft> = HashMap::new();
        let mut messages = Vec::with_capacity(followers.len());
        for follower in &followers {
            let locale = self.localizer.best_match(&[parse_locale(&follower.locale).unwrap_or_default()]);
            let draft = match drafts.entry(locale) {
                Entry::Occupied(entry) => entry.into_mut(),
                Entry::Vacant(entry) => {
                    let title = consultations::title_in(connection, &consultation, entry.key())?;
                    let draft = self.draft(&notice, &title, entry.key());
                    entry.insert(draft)
                }
            };
            let token = self.tokens.issue(&follower.user_id, &consultation.id, now)?;
            messages.push(draft.personalized(&self.base, follower, &token));
        }
        let batch: Vec<&NewMessage> = messages.iter().collect();
        self.mailer.store_all(connection, &batch)?;
        Ok(Some(messages.len()))
    }

    /// `notice` rendered in `locale` with placeholders for the name and the token.
    fn draft(&self, notice: &FollowerNotice, title: &str, locale: &LanguageIdentifier) -> Draft {
        let name_placeholder = format!("name{}", ids::new_id().replace('-', ""));
        let token_placeholder = format!("token{}", ids::new_id().replace('-', ""));
        let mut args = vec![
            ("consultation", FluentValue::from(title.to_owned())),
            ("unfollowUrl", FluentValue::from(token_link(&self.base, UNFOLLOW_PATH, &token_placeholder))),
        ];
        if let Some(round) = &notice.round_title {
            args.push(("round", FluentValue::from(round.clone())));
            args.push(("closesAt", FluentValue::from(notice.closes_at.map(moment).unwrap_or_default())));
            args.push(("reason", FluentValue::from(notice.extension_reason.clone().unwrap_or_default())));
        }
        let recipient =
            Recipient { address: String::new(), name: Some(name_placeholder.clone()), locale: locale.clone() };
        let message = self.mailer.render(&notice.template, &recipient, &args);
        Draft { message, name_placeholder, token_placeholder }
    }
}

/// Records `notice` about `consultation` for its followers; the notification job sends it.
/// Call inside the transaction of the change it reports.
pub fn queue(
    connection: &mut DbConnection,
    consultation: &ConsultationId,
    notice: Notice<'_>,
    now: NaiveDateTime,
) -> AppResult<()> {
    let round = match notice {
        Notice::RoundOpened(round)
        | Notice::RoundClosingSoon(round)
        | Notice::RoundExtended(round)
        | Notice::RoundClosedEarly(round) => Some(round),
        Notice::OutcomePublished => None,
    };
    let row = FollowerNotice {
        id: ids::new_id(),
        consultation_id: consultation.clone(),
        template: notice.template().to_owned(),
        round_title: round.map(|round| round.title.clone()),
        closes_at: round.map(|round| round.closes_at),
        extension_reason: round.and_then(|round| round.extension_reason.clone()),
        created_at: now,
        sent_through: String::new(),
        finished_at: None,
    };
    Ok(store::insert_notice(connection, &row)?)
}

/// A time as notices show it (UTC, to the minute).
fn moment(at: NaiveDateTime) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// A message rendered once for one language, waiting for each follower's name and token.
struct Draft {
    message: NewMessage,
    name_placeholder: String,
    token_placeholder: String,
}

impl Draft {
    fn personalized(&self, base: &Url, follower: &Follower, token: &str) -> NewMessage {
        // The token is URL- and HTML-safe (base64url and dots); it goes in first, so that a name
        // that happened to contain the token placeholder could not receive it.
        let fill =
            |text: &str, name: &str| text.replace(&self.token_placeholder, token).replace(&self.name_placeholder, name);
        NewMessage {
            template: self.message.template.clone(),
            recipient_address: follower.email.clone(),
            recipient_name: Some(follower.display_name.clone()),
            locale: self.message.locale.clone(),
            subject: fill(&self.message.subject, &follower.display_name),
            body_text: fill(&self.message.body_text, &follower.display_name),
            body_html: fill(&self.message.body_html, &crate::html::escape(&follower.display_name)),
            list_unsubscribe: Some(token_link(base, UNFOLLOW_PATH, token)),
        }
    }
}
