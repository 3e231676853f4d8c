//! `serverInfo`: what a client may want to know before anything else (version, languages).

use async_graphql::{Context, ID, Object, SimpleObject};

use super::context::ContextExt;
use super::node::GlobalId;
use crate::i18n::Localizer;

/// Root field of `Query` for facts about this server.
#[derive(Default)]
pub struct ServerInfoQuery;

/// Facts about this Agora server.
#[derive(SimpleObject)]
pub struct ServerInfo {
    /// The version of the Agora server software.
    version: &'static str,
    /// Every locale the server has translations for (BCP 47 tags), e.g. `ar`, `en`, `zh-CN`.
    available_locales: Vec<String>,
    /// The locale used when nothing better matches the reader.
    default_locale: String,
    /// The locale this response is written in, as negotiated for this request.
    request_locale: String,
    /// Every shipped language with its name in that language, for language pickers.
    languages: Vec<Language>,
}

/// A language the server speaks.
#[derive(SimpleObject, Clone)]
pub struct Language {
    /// The language's global ID (usable with `node(id:)`).
    #[graphql(owned)]
    pub id: ID,
    /// The BCP 47 tag, e.g. `zh-CN`.
    pub tag: String,
    /// The language's name in itself, e.g. `Français`.
    pub name: String,
}

impl Language {
    /// The kind of [`GlobalId`] that names a language.
    pub const KIND: &'static str = "Language";

    /// The shipped language with this exact tag.
    pub fn find(localizer: &Localizer, tag: &str) -> Option<Self> {
        localizer.available().iter().find(|locale| locale.to_string() == tag).map(|locale| Self {
            id: GlobalId::new(Self::KIND, tag).encode(),
            tag: tag.to_owned(),
            name: localizer.message(locale, "locale-name", &[]),
        })
    }
}

#[Object]
impl ServerInfoQuery {
    /// Facts about this server: version and languages. Public.
    async fn server_info(&self, ctx: &Context<'_>) -> async_graphql::Result<ServerInfo> {
        let localizer = &ctx.services()?.localizer;
        let request = ctx.request()?;
        let tags: Vec<String> = localizer.available().iter().map(ToString::to_string).collect();
        Ok(ServerInfo {
            version: env!("CARGO_PKG_VERSION"),
            languages: tags.iter().filter_map(|tag| Language::find(localizer, tag)).collect(),
            available_locales: tags,
            default_locale: localizer.default_locale().to_string(),
            request_locale: request.locale.to_string(),
        })
    }
}
