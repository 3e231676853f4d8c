//! The shared services that resolvers call: built once per server, cheap to share.

use std::sync::Arc;

use tokio::sync::Notify;

use crate::auth::access_token::AccessTokens;
use crate::auth::password::PasswordHasher;
use crate::config::Config;
use crate::consultations::comments::writer::CommentIntake;
use crate::db::Db;
use crate::i18n::Localizer;
use crate::live::hub::CommentHub;
use crate::mail::Mailer;
use crate::secrets::Secrets;

/// Everything the domains need to do their work.
pub struct Services {
    pub config: Arc<Config>,
    pub db: Db,
    pub localizer: Arc<Localizer>,
    pub mailer: Mailer,
    /// Writes submitted comments in batches (group commit).
    pub comment_intake: CommentIntake,
    pub secrets: Secrets,
    pub passwords: PasswordHasher,
    pub access_tokens: AccessTokens,
    /// This instance's live subscribers to new comments.
    pub live: Arc<CommentHub>,
    /// Wakes this instance's notification job when a change has recorded notices for followers
    /// (so they go out at once) or may have moved when rounds fall due; other instances find out
    /// at their next pass.
    pub notification_wake: Notify,
    /// The hash an unknown address is checked against at sign-in, so that it takes as long as
    /// a known one.
    pub timing_equalizer_hash: String,
}
