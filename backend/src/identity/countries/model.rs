//! The countries people and organizations come from: every ISO 3166-1 country plus XK (Kosovo),
//! with its UN M49 region and subregion, its World Bank income group and its name in every
//! shipped locale.
//!
//! The table is reference data that changes about once a year and is the same on every instance,
//! so it is compiled in rather than kept in the database: `backend/data/countries/countries.json`,
//! generated from CLDR by `backend/data/countries/generate.mjs` (names, M49 regions, the list of
//! codes) and from the checked-in `income-groups.csv` (World Bank FY2026). Never edit the JSON by
//! hand; the script's header says how to regenerate it. Codes are stored upper-case and sorted.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use serde::Deserialize;
use unic_langid::LanguageIdentifier;

const COUNTRIES_JSON: &str = include_str!("../../../data/countries/countries.json");

/// The parsed table. The JSON is compiled in and a test loads it, so a parse failure is a
/// build-time bug, not a runtime condition.
static TABLE: LazyLock<Table> = LazyLock::new(|| {
    serde_json::from_str(COUNTRIES_JSON)
        .expect("backend/data/countries/countries.json does not parse; regenerate it with generate.mjs")
});

#[derive(Deserialize)]
struct Table {
    /// M49 code (or CLDR's `QO`) → names, for every region and subregion a country refers to.
    regions: BTreeMap<String, Names>,
    /// Sorted by code.
    countries: Vec<Country>,
}

/// A country or territory.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Country {
    /// ISO 3166-1 alpha-2, upper-case (`DE`); `XK` for Kosovo, a user-assigned code.
    pub code: String,
    /// ISO 3166-1 numeric (`276`); `None` for Kosovo, which has none.
    pub numeric: Option<String>,
    /// The UN M49 region.
    pub region: Region,
    /// The M49 code of the country's direct container below the region: a subregion (`155`
    /// Western Europe) or, in Sub-Saharan Africa and Latin America, an intermediate region
    /// (`014` Eastern Africa). `QO` (Outlying Oceania, a CLDR code) for Antarctica.
    pub subregion: String,
    /// The World Bank income group; `None` where the World Bank does not classify the economy.
    pub income_group: Option<IncomeGroup>,
    /// The country's name in every shipped locale.
    pub names: Names,
}

impl Country {
    /// The name in `locale`, falling back to English.
    pub fn name(&self, locale: &LanguageIdentifier) -> &str {
        self.names.get(locale)
    }

    /// The name of the country's subregion in `locale`, falling back to English.
    pub fn subregion_name(&self, locale: &LanguageIdentifier) -> &str {
        region_name(&self.subregion, locale)
    }
}

/// A name in each shipped locale (CLDR's standard territory names).
#[derive(Debug, Deserialize)]
pub struct Names {
    pub ar: String,
    pub en: String,
    pub es: String,
    pub fr: String,
    pub ru: String,
    #[serde(rename = "zh-CN")]
    pub zh_cn: String,
}

impl Names {
    /// The name for `locale`: by its language (`fr-CA` reads French), Chinese only when
    /// Simplified (`zh-CN`, `zh-Hans`), English for anything else.
    pub fn get(&self, locale: &LanguageIdentifier) -> &str {
        let simplified_chinese = locale.region.is_some_and(|region| region.as_str() == "CN")
            || locale.script.is_some_and(|script| script.as_str() == "Hans");
        match locale.language.as_str() {
            "ar" => &self.ar,
            "es" => &self.es,
            "fr" => &self.fr,
            "ru" => &self.ru,
            "zh" if simplified_chinese => &self.zh_cn,
            _ => &self.en,
        }
    }
}

/// A World Bank income group (country classifications by income level, FY2026: 2024 GNI per
/// capita, Atlas method).
#[derive(async_graphql::Enum, Deserialize, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum IncomeGroup {
    /// Low income: GNI per capita of US$1,135 or less.
    Low,
    /// Lower-middle income: GNI per capita between US$1,136 and US$4,495.
    LowerMiddle,
    /// Upper-middle income: GNI per capita between US$4,496 and US$13,935.
    UpperMiddle,
    /// High income: GNI per capita above US$13,935.
    High,
}

impl IncomeGroup {
    /// Whether people from such a country get priority (reserved seats, for example): low and
    /// lower-middle income.
    pub fn is_priority(self) -> bool {
        matches!(self, Self::Low | Self::LowerMiddle)
    }

    /// Every group, poorest first.
    pub const ALL: [Self; 4] = [Self::Low, Self::LowerMiddle, Self::UpperMiddle, Self::High];

    /// The group as stored on comments and enrollments, and as the API spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Low => "LOW",
            Self::LowerMiddle => "LOWER_MIDDLE",
            Self::UpperMiddle => "UPPER_MIDDLE",
            Self::High => "HIGH",
        }
    }

    /// Reads a stored value.
    pub fn from_stored(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|group| group.as_str() == value)
    }
}

/// A UN M49 region (a continent).
#[derive(async_graphql::Enum, Deserialize, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[serde(try_from = "String")]
pub enum Region {
    /// Africa (M49 002).
    Africa,
    /// The Americas (M49 019).
    Americas,
    /// Asia (M49 142).
    Asia,
    /// Europe (M49 150).
    Europe,
    /// Oceania (M49 009), with Antarctica.
    Oceania,
}

impl Region {
    /// Every region, in M49 order.
    pub const ALL: [Self; 5] = [Self::Africa, Self::Oceania, Self::Americas, Self::Asia, Self::Europe];

    /// The M49 code, e.g. `002` for Africa.
    pub fn m49(self) -> &'static str {
        match self {
            Self::Africa => "002",
            Self::Americas => "019",
            Self::Asia => "142",
            Self::Europe => "150",
            Self::Oceania => "009",
        }
    }

    /// The region as stored on comments and enrollments, and as the API spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Africa => "AFRICA",
            Self::Americas => "AMERICAS",
            Self::Asia => "ASIA",
            Self::Europe => "EUROPE",
            Self::Oceania => "OCEANIA",
        }
    }

    /// Reads a stored value.
    pub fn from_stored(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|region| region.as_str() == value)
    }

    /// The region's name in `locale`, falling back to English.
    pub fn name(self, locale: &LanguageIdentifier) -> &'static str {
        region_name(self.m49(), locale)
    }
}

impl TryFrom<String> for Region {
    type Error = String;

    fn try_from(m49: String) -> Result<Self, Self::Error> {
        Self::ALL.into_iter().find(|region| region.m49() == m49).ok_or_else(|| format!("{m49} is not an M49 region"))
    }
}

/// Every country, ordered by code.
pub fn all() -> &'static [Country] {
    &TABLE.countries
}

/// The country with this code, in any letter case (`de`, `DE`).
pub fn find(code: &str) -> Option<&'static Country> {
    let code = code.to_ascii_uppercase();
    let countries = all();
    countries.binary_search_by(|country| country.code.as_str().cmp(&code)).ok().map(|index| &countries[index])
}

/// The name of a region or subregion (M49 code, or `QO`) in `locale`; the code itself for a
/// code the table does not name.
pub fn region_name<'a>(code: &'a str, locale: &LanguageIdentifier) -> &'a str {
    TABLE.regions.get(code).map_or(code, |names| names.get(locale))
}
