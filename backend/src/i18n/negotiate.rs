//! Choosing the locale of a request, in the order of API.md: an explicit choice
//! (`?locale=` or `extensions.locale`), then the signed-in user's preference, then
//! `Accept-Language` (by q-weight), then `en`. Any BCP 47 tag is accepted and falls back along
//! its parents (`fr-CA` → `fr`); a language that is not shipped falls back to `en`.

use unic_langid::LanguageIdentifier;

use super::Localizer;

/// What a request says about the language its reader wants.
#[derive(Debug, Default, Clone)]
pub struct LocaleSources<'a> {
    pub explicit: Option<&'a str>,
    pub user_preference: Option<&'a str>,
    pub accept_language: Option<&'a str>,
}

/// Picks the shipped locale for a request.
pub fn negotiate(localizer: &Localizer, sources: &LocaleSources<'_>) -> LanguageIdentifier {
    let single = |tag: Option<&str>| tag.and_then(parse_tag).map(|locale| vec![locale]);
    let requested = single(sources.explicit)
        .or_else(|| single(sources.user_preference))
        .or_else(|| sources.accept_language.map(parse_accept_language))
        .unwrap_or_default();
    localizer.best_match(&requested)
}

/// Parses a BCP 47 tag, tolerating `_` as a separator (`pt_BR`). Returns `None` for garbage.
pub fn parse_tag(raw: &str) -> Option<LanguageIdentifier> {
    let raw = raw.trim();
    if raw.is_empty() || raw == "*" {
        return None;
    }
    raw.replace('_', "-").parse().ok()
}

/// The tags of an `Accept-Language` header, most wanted first; `q=0` and `*` are dropped.
pub fn parse_accept_language(header: &str) -> Vec<LanguageIdentifier> {
    let mut weighted: Vec<(f32, usize, LanguageIdentifier)> = header
        .split(',')
        .enumerate()
        .filter_map(|(position, item)| {
            let mut parts = item.split(';');
            let tag = parse_tag(parts.next()?)?;
            let weight = parts
                .find_map(|param| param.trim().strip_prefix("q=").map(str::trim))
                .map_or(Some(1.0), |q| q.parse::<f32>().ok())?;
            (weight > 0.0).then_some((weight, position, tag))
        })
        .collect();
    weighted.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    weighted.into_iter().map(|(_, _, tag)| tag).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn localizer() -> Localizer {
        Localizer::embedded().expect("the embedded Fluent files load")
    }

    fn pick(sources: LocaleSources<'_>) -> String {
        negotiate(&localizer(), &sources).to_string()
    }

    #[test]
    fn accept_language_is_ordered_by_weight() {
        let tags: Vec<String> =
            parse_accept_language("de;q=0.5, fr-CA, ru;q=0.9, es;q=0").iter().map(ToString::to_string).collect();
        assert_eq!(tags, ["fr-CA", "ru", "de"]);
    }

    #[test]
    fn an_explicit_choice_wins_over_everything() {
        let chosen =
            pick(LocaleSources { explicit: Some("ar"), user_preference: Some("fr"), accept_language: Some("ru") });
        assert_eq!(chosen, "ar");
    }

    #[test]
    fn the_user_preference_wins_over_the_header() {
        let chosen =
            pick(LocaleSources { user_preference: Some("es"), accept_language: Some("ru"), ..Default::default() });
        assert_eq!(chosen, "es");
    }

    #[test]
    fn tags_fall_back_along_their_parents() {
        assert_eq!(pick(LocaleSources { explicit: Some("fr-CA"), ..Default::default() }), "fr");
        assert_eq!(pick(LocaleSources { explicit: Some("pt-BR"), ..Default::default() }), "en");
        assert_eq!(pick(LocaleSources { explicit: Some("zh"), ..Default::default() }), "zh-CN");
        assert_eq!(pick(LocaleSources { accept_language: Some("pt-BR, ru;q=0.8"), ..Default::default() }), "ru");
        assert_eq!(pick(LocaleSources::default()), "en");
        assert_eq!(pick(LocaleSources { explicit: Some("!!"), ..Default::default() }), "en");
    }
}
