//! Turning a Fluent message pair (`<template>-subject`, `<template>-body`) into an email in the
//! recipient's locale: a plain-text part and an HTML part with the same words.
//!
//! In the HTML part only the links the server built become `<a>` elements: the arguments named
//! in [`LINK_ARGUMENTS`]. Everything else, above all text people wrote (names, titles, reasons,
//! responses), is escaped and never turned into a link, whatever it looks like.

use fluent_bundle::FluentValue;
use unic_langid::{CharacterDirection, LanguageIdentifier};

use super::outbox::NewMessage;
use crate::i18n::{Localizer, MessageArgs};

/// The message arguments that hold a link the server built (with a token, or to this server);
/// only their values become links in the HTML part. An argument holding anything a person
/// typed must not be named here.
pub const LINK_ARGUMENTS: &[&str] = &["link", "resetLink", "serverUrl", "unfollowUrl"];

/// Who receives a message, and in which language.
#[derive(Debug, Clone)]
pub struct Recipient {
    pub address: String,
    pub name: Option<String>,
    pub locale: LanguageIdentifier,
}

/// Renders `template` for `recipient`. `template` is the Fluent id prefix, e.g. `mail-test`.
pub fn render(localizer: &Localizer, template: &str, recipient: &Recipient, args: &MessageArgs<'_>) -> NewMessage {
    let locale = localizer.best_match(std::slice::from_ref(&recipient.locale));
    let text = |id: &str, args: &MessageArgs<'_>| localizer.plain_message(&locale, id, args);

    let mut paragraphs = Vec::new();
    if let Some(name) = &recipient.name {
        paragraphs.push(text("mail-greeting", &[("name", FluentValue::from(name.as_str()))]));
    }
    paragraphs.extend(
        text(&format!("{template}-body"), args)
            .split("\n\n")
            .map(|paragraph| paragraph.trim().to_owned())
            .filter(|paragraph| !paragraph.is_empty()),
    );
    paragraphs.push(text("mail-signature", &[]));
    let footer = text("mail-footer", &[]);

    let links: Vec<&str> = args
        .iter()
        .filter(|(name, _)| LINK_ARGUMENTS.contains(name))
        .filter_map(|(_, value)| match value {
            FluentValue::String(link) if !link.is_empty() => Some(&**link),
            _ => None,
        })
        .collect();
    let body_text = format!("{}\n\n-- \n{footer}\n", paragraphs.join("\n\n"));
    let body_html = html_document(&locale, &paragraphs, &footer, &links);
    NewMessage {
        template: template.to_owned(),
        recipient_address: recipient.address.clone(),
        recipient_name: recipient.name.clone(),
        locale: locale.to_string(),
        subject: text(&format!("{template}-subject"), args),
        body_text,
        body_html,
        list_unsubscribe: None,
    }
}

fn html_document(locale: &LanguageIdentifier, paragraphs: &[String], footer: &str, links: &[&str]) -> String {
    let direction = match locale.character_direction() {
        CharacterDirection::RTL => "rtl",
        _ => "ltr",
    };
    let body: String = paragraphs.iter().map(|paragraph| format!("<p>{}</p>\n", linkify(paragraph, links))).collect();
    format!(
        "<!DOCTYPE html>\n<html lang=\"{locale}\" dir=\"{direction}\">\n<head><meta charset=\"utf-8\"></head>\n\
         <body style=\"font-family: sans-serif; line-height: 1.5\">\n{body}\
         <hr>\n<p style=\"color: #666; font-size: small\">{}</p>\n</body>\n</html>\n",
        escape(footer)
    )
}

/// Escapes text and turns each occurrence of one of `links` (the values of the link
/// arguments) into a link; any other URL-looking text stays text. Where two links start at the
/// same place, the longer one wins.
fn linkify(text: &str, links: &[&str]) -> String {
    let mut html = String::with_capacity(text.len());
    let mut rest = text;
    while let Some((start, link)) = links
        .iter()
        .filter_map(|link| rest.find(link).map(|start| (start, *link)))
        .min_by_key(|(start, link)| (*start, std::cmp::Reverse(link.len())))
    {
        html.push_str(&escape(&rest[..start]));
        let escaped = escape(link);
        html.push_str(&format!("<a href=\"{escaped}\">{escaped}</a>"));
        rest = &rest[start + link.len()..];
    }
    html.push_str(&escape(rest));
    html
}

/// Escapes text for HTML, keeping line breaks.
fn escape(text: &str) -> String {
    crate::html::escape(text).replace('\n', "<br>")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn recipient(locale: &str) -> Recipient {
        Recipient {
            address: "amina@example.org".into(),
            name: Some("Amina <script>".into()),
            locale: locale.parse().expect("a valid tag"),
        }
    }

    #[test]
    fn renders_in_the_recipient_locale_with_both_parts() {
        let localizer = Localizer::embedded().expect("Fluent files load");
        let args = [("serverUrl", FluentValue::from("https://agora.example.org/"))];
        let message = render(&localizer, "mail-test", &recipient("fr-CA"), &args);
        assert_eq!(message.locale, "fr");
        assert_eq!(message.subject, localizer.plain_message(&"fr".parse().expect("tag"), "mail-test-subject", &[]));
        assert!(message.body_text.contains("https://agora.example.org/"));
        assert!(!message.body_text.contains('\u{2068}'), "plain text carries no isolation marks");
        assert!(message.body_html.contains("<a href=\"https://agora.example.org/\">"));
        assert!(message.body_html.contains("Amina &lt;script&gt;"));
    }

    #[test]
    fn only_the_links_the_server_built_become_links() {
        assert_eq!(
            linkify("Open https://a.example/x?t=1&u=2. Or https://evil.example", &["https://a.example/x?t=1&u=2"]),
            "Open <a href=\"https://a.example/x?t=1&amp;u=2\">https://a.example/x?t=1&amp;u=2</a>. \
             Or https://evil.example"
        );
    }

    #[test]
    fn text_people_wrote_never_becomes_a_link() {
        let localizer = Localizer::embedded().expect("Fluent files load");
        let args = [
            ("organization", FluentValue::from("Visit https://evil.example")),
            ("link", FluentValue::from("https://agora.example.org/invitations?token=abc")),
        ];
        let mut recipient = recipient("en");
        recipient.name = Some("http://name.example".into());
        let message = render(&localizer, "mail-organization-verified", &recipient, &args);
        assert!(message.body_html.contains("https://evil.example"), "{}", message.body_html);
        assert!(!message.body_html.contains("<a"), "{}", message.body_html);
    }

    #[test]
    fn arabic_mail_is_right_to_left() {
        let localizer = Localizer::embedded().expect("Fluent files load");
        let message = render(&localizer, "mail-test", &recipient("ar"), &[("serverUrl", FluentValue::from("x"))]);
        assert!(message.body_html.contains("dir=\"rtl\""));
    }
}
