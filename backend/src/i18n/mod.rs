//! Everything a person reads comes from Fluent messages in `i18n/<locale>/`.
//!
//! The files are embedded at build time (see `build.rs`). [`Localizer`] holds one bundle per
//! shipped locale and formats messages with a fallback to English, so a message missing in one
//! language still reads sensibly. [`negotiate`] picks the locale of a request.

pub mod negotiate;

use std::collections::HashMap;
use std::sync::Arc;

use anyhow::{Context, bail};
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

/// `(locale, file name, contents)` of every embedded Fluent file.
const FLUENT_FILES: &[(&str, &str, &str)] = include!(concat!(env!("OUT_DIR"), "/fluent_files.rs"));

/// The reference locale: every message exists in it, and it is the last fallback.
pub const DEFAULT_LOCALE: &str = "en";

type Bundle = FluentBundle<Arc<FluentResource>>;

/// Arguments of a message: `$name` → value.
pub type MessageArgs<'a> = [(&'a str, FluentValue<'a>)];

/// The shipped translations, ready to format.
pub struct Localizer {
    available: Vec<LanguageIdentifier>,
    default: LanguageIdentifier,
    /// Placeables wrapped in Unicode isolation marks: right for text shown in a UI.
    ui: HashMap<LanguageIdentifier, Bundle>,
    /// No isolation marks: for email headers, plain-text mail and anything that may hold a URL.
    plain: HashMap<LanguageIdentifier, Bundle>,
}

impl Localizer {
    /// Loads the embedded Fluent files. Fails on a file that does not parse.
    pub fn embedded() -> anyhow::Result<Self> {
        let mut resources: HashMap<LanguageIdentifier, Vec<Arc<FluentResource>>> = HashMap::new();
        for (locale, file, source) in FLUENT_FILES {
            let locale: LanguageIdentifier =
                locale.parse().with_context(|| format!("i18n folder '{locale}' is not a locale"))?;
            let resource = FluentResource::try_new((*source).to_owned())
                .map_err(|(_, errors)| anyhow::anyhow!("i18n/{locale}/{file} does not parse: {errors:?}"))?;
            resources.entry(locale).or_default().push(Arc::new(resource));
        }
        let default: LanguageIdentifier = DEFAULT_LOCALE.parse().context("the default locale")?;
        if !resources.contains_key(&default) {
            bail!("no Fluent files for the default locale '{default}'");
        }
        let mut available: Vec<_> = resources.keys().cloned().collect();
        available.sort_by_key(|locale| locale.to_string());

        let build = |locale: &LanguageIdentifier, isolating: bool| -> anyhow::Result<Bundle> {
            let mut bundle = Bundle::new_concurrent(vec![locale.clone()]);
            bundle.set_use_isolating(isolating);
            for resource in &resources[locale] {
                bundle
                    .add_resource(Arc::clone(resource))
                    .map_err(|errors| anyhow::anyhow!("duplicate messages in i18n/{locale}: {errors:?}"))?;
            }
            Ok(bundle)
        };
        let mut ui = HashMap::new();
        let mut plain = HashMap::new();
        for locale in &available {
            ui.insert(locale.clone(), build(locale, true)?);
            plain.insert(locale.clone(), build(locale, false)?);
        }
        Ok(Self { available, default, ui, plain })
    }

    /// The shipped locales, sorted by tag.
    pub fn available(&self) -> &[LanguageIdentifier] {
        &self.available
    }

    /// The reference locale (`en`).
    pub fn default_locale(&self) -> &LanguageIdentifier {
        &self.default
    }

    /// The best shipped locale for the requested ones (in order of preference), else `en`.
    pub fn best_match(&self, requested: &[LanguageIdentifier]) -> LanguageIdentifier {
        fluent_langneg::negotiate_languages(
            requested,
            &self.available,
            Some(&self.default),
            fluent_langneg::NegotiationStrategy::Lookup,
        )
        .first()
        .map(|locale| (*locale).clone())
        .unwrap_or_else(|| self.default.clone())
    }

    /// Formats a message for display in a UI (placeables isolated for bidirectional text).
    pub fn message(&self, locale: &LanguageIdentifier, id: &str, args: &MessageArgs<'_>) -> String {
        self.format(&self.ui, locale, id, args)
    }

    /// Formats a message as plain text (no isolation marks): email, URLs, headers.
    pub fn plain_message(&self, locale: &LanguageIdentifier, id: &str, args: &MessageArgs<'_>) -> String {
        self.format(&self.plain, locale, id, args)
    }

    fn format(
        &self,
        bundles: &HashMap<LanguageIdentifier, Bundle>,
        locale: &LanguageIdentifier,
        id: &str,
        args: &MessageArgs<'_>,
    ) -> String {
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(*name, value.clone());
        }
        for candidate in [locale, &self.default] {
            let Some(bundle) = bundles.get(candidate) else { continue };
            let Some(pattern) = bundle.get_message(id).and_then(|message| message.value()) else {
                continue;
            };
            let mut errors = Vec::new();
            let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
            if !errors.is_empty() {
                tracing::warn!(message_id = id, locale = %candidate, ?errors, "a Fluent message did not format cleanly");
            }
            return text.into_owned();
        }
        tracing::error!(message_id = id, "a Fluent message is missing in the default locale");
        id.to_owned()
    }
}
