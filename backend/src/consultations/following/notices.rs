//! The four emails to a consultation's followers: a round opened, a round closes within 48
//! hours, a round was extended, the outcome was published. Written to the outbox inside the
//! transaction of the change (or of the job's claim) they report, each in the follower's own
//! language, with a one-click unfollow link.
//!
//! A consultation may have many followers: they are read in keyset chunks and their messages
//! stored one chunk per statement, and each message is rendered once per language, then
//! personalized (name, unfollow token) by substituting placeholders that nothing else can
//! contain. The link also goes in `List-Unsubscribe`, with `List-Unsubscribe-Post` (one click).

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::sync::Arc;

use chrono::{NaiveDateTime, Utc};
use fluent_bundle::FluentValue;
use unic_langid::LanguageIdentifier;
use url::Url;

use super::store::{self, Follower};
use super::token::UnfollowTokens;
use crate::consultations::model::{CommentRound, Consultation};
use crate::consultations::store as consultations;
use crate::db::{DbConnection, ids};
use crate::error::AppResult;
use crate::i18n::Localizer;
use crate::identity::links::token_link;
use crate::identity::profile::parse_locale;
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
    /// The consultation's outcome was published.
    OutcomePublished,
}

impl Notice<'_> {
    fn template(self) -> &'static str {
        match self {
            Notice::RoundOpened(_) => templates::FOLLOW_ROUND_OPENED,
            Notice::RoundClosingSoon(_) => templates::FOLLOW_ROUND_CLOSING,
            Notice::RoundExtended(_) => templates::FOLLOW_ROUND_EXTENDED,
            Notice::OutcomePublished => templates::FOLLOW_OUTCOME_PUBLISHED,
        }
    }
}

/// What writing notices needs; built from the services for one change (cheap).
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

    /// Queues `notice` about `consultation` for every follower who can receive mail; returns how
    /// many. Call inside the transaction of the change, then wake the mail worker.
    pub fn notify_followers(
        &self,
        connection: &mut DbConnection,
        consultation: &Consultation,
        notice: Notice<'_>,
    ) -> AppResult<usize> {
        let now = Utc::now();
        let mut drafts: HashMap<LanguageIdentifier, Draft> = HashMap::new();
        let mut after = None;
        let mut queued = 0;
        loop {
            let followers = store::followers_page(connection, &consultation.id, after.as_ref(), CHUNK)?;
            let mut messages = Vec::with_capacity(followers.len());
            for follower in &followers {
                let locale = self.localizer.best_match(&[parse_locale(&follower.locale).unwrap_or_default()]);
                let draft = match drafts.entry(locale) {
                    Entry::Occupied(entry) => entry.into_mut(),
                    Entry::Vacant(entry) => {
                        let title = consultations::title_in(connection, consultation, entry.key())?;
                        let draft = self.draft(notice, &title, entry.key());
                        entry.insert(draft)
                    }
                };
                let token = self.tokens.issue(&follower.user_id, &consultation.id, now)?;
                messages.push(draft.personalized(&self.base, follower, &token));
            }
            let batch: Vec<&NewMessage> = messages.iter().collect();
            self.mailer.store_all(connection, &batch)?;
            queued += messages.len();
            if followers.len() < CHUNK as usize {
                return Ok(queued);
            }
            after = followers.last().map(|follower| follower.user_id.clone());
        }
    }

    /// `notice` rendered in `locale` with placeholders for the name and the token.
    fn draft(&self, notice: Notice<'_>, title: &str, locale: &LanguageIdentifier) -> Draft {
        let name_placeholder = format!("name{}", ids::new_id().replace('-', ""));
        let token_placeholder = format!("token{}", ids::new_id().replace('-', ""));
        let mut args = vec![
            ("consultation", FluentValue::from(title.to_owned())),
            ("unfollowUrl", FluentValue::from(token_link(&self.base, UNFOLLOW_PATH, &token_placeholder))),
        ];
        match notice {
            Notice::RoundOpened(round) | Notice::RoundClosingSoon(round) | Notice::RoundExtended(round) => {
                args.push(("round", FluentValue::from(round.title.clone())));
                args.push(("closesAt", FluentValue::from(moment(round.closes_at))));
                args.push(("reason", FluentValue::from(round.extension_reason.clone().unwrap_or_default())));
            }
            Notice::OutcomePublished => {}
        }
        let recipient =
            Recipient { address: String::new(), name: Some(name_placeholder.clone()), locale: locale.clone() };
        let message = self.mailer.render(notice.template(), &recipient, &args);
        Draft { message, name_placeholder, token_placeholder }
    }
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
