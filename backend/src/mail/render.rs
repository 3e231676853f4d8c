//! Turning a Fluent message pair (`<template>-subject`, `<template>-body`) into an email in the
//! recipient's locale: a plain-text part and an HTML part with the same words.

use fluent_bundle::FluentValue;
use unic_langid::{CharacterDirection, LanguageIdentifier};

use super::outbox::NewMessage;
use crate::i18n::{Localizer, MessageArgs};

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

    let body_text = format!("{}\n\n-- \n{footer}\n", paragraphs.join("\n\n"));
    let body_html = html_document(&locale, &paragraphs, &footer);
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

fn html_document(locale: &LanguageIdentifier, paragraphs: &[String], footer: &str) -> String {
    let direction = match locale.character_direction() {
        CharacterDirection::RTL => "rtl",
        _ => "ltr",
    };
    let body: String = paragraphs.iter().map(|paragraph| format!("<p>{}</p>\n", linkify(paragraph))).collect();
    format!(
        "<!DOCTYPE html>\n<html lang=\"{locale}\" dir=\"{direction}\">\n<head><meta charset=\"utf-8\"></head>\n\
         <body style=\"font-family: sans-serif; line-height: 1.5\">\n{body}\
         <hr>\n<p style=\"color: #666; font-size: small\">{}</p>\n</body>\n</html>\n",
        escape(footer)
    )
}

/// Escapes text and turns `http(s)://` URLs into links (emails carry action links). A URL
/// ends at whitespace or a non-ASCII character (URLs in mail are percent-encoded), and
/// sentence punctuation right after it is not part of it.
fn linkify(text: &str) -> String {
    let mut html = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = ["https://", "http://"].iter().filter_map(|scheme| rest.find(scheme)).min() {
        html.push_str(&escape(&rest[..start]));
        let tail = &rest[start..];
        let end = tail
            .find(|c: char| c.is_whitespace() || !c.is_ascii() || matches!(c, '<' | '>' | '"'))
            .unwrap_or(tail.len());
        let url = tail[..end].trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '\'']);
        let escaped = escape(url);
        html.push_str(&format!("<a href=\"{escaped}\">{escaped}</a>"));
        rest = &tail[url.len()..];
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
    fn urls_become_links_without_trailing_punctuation() {
        assert_eq!(
            linkify("Open https://a.example/x?t=1&u=2. Or（http://b.example）"),
            "Open <a href=\"https://a.example/x?t=1&amp;u=2\">https://a.example/x?t=1&amp;u=2</a>. \
             Or（<a href=\"http://b.example\">http://b.example</a>）"
        );
    }

    #[test]
    fn arabic_mail_is_right_to_left() {
        let localizer = Localizer::embedded().expect("Fluent files load");
        let message = render(&localizer, "mail-test", &recipient("ar"), &[("serverUrl", FluentValue::from("x"))]);
        assert!(message.body_html.contains("dir=\"rtl\""));
    }
}
