//! Where delivered mail goes: an SMTP server (lettre, async, rustls), one `.eml` file per
//! message, or memory (tests in the same process read it back).

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::Context;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use secrecy::ExposeSecret;

use crate::config::MailTarget;

/// A message handed to the memory transport.
#[derive(Debug, Clone)]
pub struct CapturedMail {
    pub recipients: Vec<String>,
    pub raw: String,
}

/// Mail captured by the memory transport, shared with whoever inspects it.
pub type Mailbox = Arc<Mutex<Vec<CapturedMail>>>;

/// Why one delivery attempt failed.
#[derive(Debug)]
pub struct DeliveryError {
    /// Retrying cannot help (the server refused the message for good).
    pub permanent: bool,
    pub detail: String,
}

/// A configured mail transport.
#[derive(Clone)]
pub enum MailTransport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Files(PathBuf),
    Memory(Mailbox),
}

/// How long one SMTP conversation may take before the attempt counts as failed.
const SMTP_TIMEOUT: Duration = Duration::from_secs(30);

impl MailTransport {
    /// Builds the transport for the configured target.
    pub fn from_target(target: &MailTarget) -> anyhow::Result<Self> {
        Ok(match target {
            MailTarget::Smtp(url) => Self::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url.expose_secret())
                    .context("AGORA_MAIL_URL is not a usable SMTP URL")?
                    .timeout(Some(SMTP_TIMEOUT))
                    .build(),
            ),
            MailTarget::Files(dir) => {
                std::fs::create_dir_all(dir).with_context(|| format!("creating the mail folder {}", dir.display()))?;
                Self::Files(dir.clone())
            }
            MailTarget::Memory => Self::Memory(Mailbox::default()),
        })
    }

    /// Delivers one message. `file_stem` names the `.eml` file (the outbox ID, so a retry overwrites).
    pub async fn deliver(&self, message: &Message, file_stem: &str) -> Result<(), DeliveryError> {
        match self {
            Self::Smtp(smtp) => smtp
                .send(message.clone())
                .await
                .map(drop)
                .map_err(|error| DeliveryError { permanent: error.is_permanent(), detail: error.to_string() }),
            Self::Files(dir) => {
                let final_path = dir.join(format!("{file_stem}.eml"));
                let partial_path = dir.join(format!(".{file_stem}.eml.partial"));
                let written = async {
                    tokio::fs::write(&partial_path, message.formatted()).await?;
                    tokio::fs::rename(&partial_path, &final_path).await
                };
                written.await.map_err(|error| DeliveryError {
                    permanent: false,
                    detail: format!("writing {}: {error}", final_path.display()),
                })
            }
            Self::Memory(mailbox) => {
                let captured = CapturedMail {
                    recipients: message.envelope().to().iter().map(ToString::to_string).collect(),
                    raw: String::from_utf8_lossy(&message.formatted()).into_owned(),
                };
                mailbox
                    .lock()
                    .map_err(|_| DeliveryError { permanent: false, detail: "the mailbox lock is poisoned".into() })?
                    .push(captured);
                Ok(())
            }
        }
    }
}
