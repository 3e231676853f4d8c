//! Email: every message is a row in the outbox, written in the transaction of the change that
//! causes it, rendered from Fluent in the recipient's locale, and delivered by a worker.
//! Nothing is sent from a request handler. Only links the server built are links in a message
//! ([`render`]); names people chose that go to outsiders are written so that no mail client
//! links them either ([`defang`]). Mail given up after its last attempt waits for a platform
//! admin to requeue it ([`failed`]).

mod content_language;
pub mod defang;
pub mod failed;
pub mod graphql;
mod list_unsubscribe;
pub mod outbox;
pub mod render;
pub mod transport;
pub mod worker;

use std::sync::Arc;

use diesel::QueryResult;
use tokio::sync::Notify;

use crate::db::DbConnection;
use crate::i18n::{Localizer, MessageArgs};
pub use render::Recipient;

/// Fluent id prefixes of the emails Agora sends.
pub mod templates {
    /// A message an operator sends to check the mail configuration (`agora send-test-email`).
    pub const TEST: &str = "mail-test";
    /// The link that confirms a new account's address.
    pub const VERIFY_EMAIL: &str = "mail-verify-email";
    /// Sent instead of a verification when someone registers with an address that has an account.
    pub const ALREADY_REGISTERED: &str = "mail-already-registered";
    /// The link that sets a new password.
    pub const PASSWORD_RESET: &str = "mail-password-reset";
    /// Tells an organization's creator that a platform admin verified it.
    pub const ORGANIZATION_VERIFIED: &str = "mail-organization-verified";
    /// Tells an organization's admins that its verification was withdrawn, and why, and what
    /// that stops (invitations, its officials' actions, its open rounds).
    pub const ORGANIZATION_WITHDRAWN: &str = "mail-organization-withdrawn";
    /// Invites an address to join a verified organization, naming the person who invites.
    pub const MEMBERSHIP_INVITATION: &str = "mail-membership-invitation";
    /// Tells a user they were granted a role.
    pub const ROLE_GRANTED: &str = "mail-role-granted";
    /// Tells a user their account was suspended, and why.
    pub const ACCOUNT_SUSPENDED: &str = "mail-account-suspended";
    /// Tells a user their suspension was lifted.
    pub const ACCOUNT_REINSTATED: &str = "mail-account-reinstated";
    /// Confirms a comment with its tracking number.
    pub const COMMENT_RECEIPT: &str = "mail-comment-receipt";
    /// Tells an author that enough people flagged their comment to hide it until a moderator looks.
    pub const COMMENT_PENDING_REVIEW: &str = "mail-comment-pending-review";
    /// Tells an author that a moderator hid their comment, and why.
    pub const COMMENT_HIDDEN: &str = "mail-comment-hidden";
    /// Tells an author that a moderator restored their comment.
    pub const COMMENT_RESTORED: &str = "mail-comment-restored";
    /// Tells an author that the consultation's officials responded to their comment.
    pub const COMMENT_RESPONDED: &str = "mail-comment-responded";
    /// Confirms a seat in a cohort.
    pub const ENROLLMENT_ACTIVE: &str = "mail-enrollment-active";
    /// Confirms a request to join a cohort that needs approval.
    pub const ENROLLMENT_REQUESTED: &str = "mail-enrollment-requested";
    /// Tells a participant their place on a cohort's waitlist.
    pub const ENROLLMENT_WAITLISTED: &str = "mail-enrollment-waitlisted";
    /// Tells a waitlisted participant that a seat is now theirs.
    pub const ENROLLMENT_PROMOTED: &str = "mail-enrollment-promoted";
    /// Tells a participant that their request was approved with a seat.
    pub const ENROLLMENT_APPROVED: &str = "mail-enrollment-approved";
    /// Tells a participant that their request or enrollment was declined.
    pub const ENROLLMENT_REJECTED: &str = "mail-enrollment-rejected";
    /// Sends the code and link of a new certificate.
    pub const CERTIFICATE_ISSUED: &str = "mail-certificate-issued";
    /// Tells a holder that their certificate was revoked, and why.
    pub const CERTIFICATE_REVOKED: &str = "mail-certificate-revoked";
    /// Tells a consultation's followers that a comment round opened.
    pub const FOLLOW_ROUND_OPENED: &str = "mail-follow-round-opened";
    /// Reminds a consultation's followers that an open round closes within 48 hours.
    pub const FOLLOW_ROUND_CLOSING: &str = "mail-follow-round-closing";
    /// Tells a consultation's followers that a round's closing time moved later, and why.
    pub const FOLLOW_ROUND_EXTENDED: &str = "mail-follow-round-extended";
    /// Tells a consultation's followers that an open round closed early because the organization
    /// running the consultation lost its verification.
    pub const FOLLOW_ROUND_CLOSED_EARLY: &str = "mail-follow-round-closed";
    /// Tells a consultation's followers that its outcome was published.
    pub const FOLLOW_OUTCOME_PUBLISHED: &str = "mail-follow-outcome-published";
}

/// Writes messages into the outbox; services hold one. Cheap to clone.
#[derive(Clone)]
pub struct Mailer {
    localizer: Arc<Localizer>,
    message_domain: String,
    wake: Arc<Notify>,
}

impl Mailer {
    pub fn new(localizer: Arc<Localizer>, message_domain: String, wake: Arc<Notify>) -> Self {
        Self { localizer, message_domain, wake }
    }

    /// Renders and stores a message. Call it inside the transaction of the change it reports,
    /// then [`Mailer::wake_worker`] once that transaction has committed.
    pub fn enqueue(
        &self,
        connection: &mut DbConnection,
        template: &str,
        recipient: &Recipient,
        args: &MessageArgs<'_>,
    ) -> QueryResult<String> {
        let message = render::render(&self.localizer, template, recipient, args);
        outbox::insert(connection, &message, &self.message_domain)
    }

    /// Renders a message ahead of the transaction that will store it (with [`Mailer::store`]), so
    /// the transaction stays short.
    pub fn render(&self, template: &str, recipient: &Recipient, args: &MessageArgs<'_>) -> outbox::NewMessage {
        render::render(&self.localizer, template, recipient, args)
    }

    /// Stores a message rendered with [`Mailer::render`]. Call it inside the transaction of the
    /// change it reports, then [`Mailer::wake_worker`].
    pub fn store(&self, connection: &mut DbConnection, message: &outbox::NewMessage) -> QueryResult<String> {
        outbox::insert(connection, message, &self.message_domain)
    }

    /// Stores several rendered messages in one statement (see [`Mailer::store`]).
    pub fn store_all(
        &self,
        connection: &mut DbConnection,
        messages: &[&outbox::NewMessage],
    ) -> QueryResult<Vec<String>> {
        outbox::insert_all(connection, messages, &self.message_domain)
    }

    /// Tells this instance's worker that a message is waiting (others find it by polling).
    pub fn wake_worker(&self) {
        self.wake.notify_one();
    }
}
