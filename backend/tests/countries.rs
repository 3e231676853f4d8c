//! The compiled-in country table (`backend/data/countries/countries.json`, generated from CLDR
//! and the World Bank income groups by `backend/data/countries/generate.mjs`).

use agora::identity::countries::model::{self as countries, IncomeGroup, Region};
use unic_langid::LanguageIdentifier;

const LOCALES: [&str; 6] = ["ar", "en", "es", "fr", "ru", "zh-CN"];

fn locale(tag: &str) -> LanguageIdentifier {
    tag.parse().expect("a valid locale tag")
}

fn name(code: &str, tag: &str) -> String {
    countries::find(code).unwrap_or_else(|| panic!("{code} is in the table")).name(&locale(tag)).to_owned()
}

#[test]
fn names_come_from_cldr_in_every_shipped_locale() {
    let expected = [
        ("DE", ["ألمانيا", "Germany", "Alemania", "Allemagne", "Германия", "德国"]),
        ("JP", ["اليابان", "Japan", "Japón", "Japon", "Япония", "日本"]),
        ("BR", ["البرازيل", "Brazil", "Brasil", "Brésil", "Бразилия", "巴西"]),
        ("KE", ["كينيا", "Kenya", "Kenia", "Kenya", "Кения", "肯尼亚"]),
    ];
    for (code, names) in expected {
        for (tag, expected_name) in LOCALES.iter().zip(names) {
            assert_eq!(name(code, tag), expected_name, "{code} in {tag}");
        }
    }
}

#[test]
fn every_country_is_named_in_all_six_locales() {
    let english = locale("en");
    for country in countries::all() {
        for tag in LOCALES {
            let name = country.name(&locale(tag));
            assert!(!name.trim().is_empty(), "{} has no {tag} name", country.code);
            // Spanish or French may share the English name (Kenya); the other scripts may not.
            if matches!(tag, "ar" | "ru" | "zh-CN") {
                assert_ne!(name, country.name(&english), "{}'s {tag} name is the English one", country.code);
            }
        }
    }
}

#[test]
fn names_fall_back_by_language_then_to_english() {
    assert_eq!(name("DE", "fr-CA"), "Allemagne");
    assert_eq!(name("DE", "zh-Hans"), "德国");
    assert_eq!(name("DE", "zh-TW"), "Germany");
    assert_eq!(name("DE", "pt-BR"), "Germany");
}

#[test]
fn the_table_holds_iso_3166_1_plus_kosovo_sorted_by_code() {
    let all = countries::all();
    // 249 officially assigned ISO 3166-1 codes, plus XK (Kosovo), which the World Bank classifies.
    assert_eq!(all.len(), 250);
    assert!(all.windows(2).all(|pair| pair[0].code < pair[1].code), "sorted by code, no duplicates");
    for country in all {
        assert!(
            country.code.len() == 2 && country.code.chars().all(|c| c.is_ascii_uppercase()),
            "{} is two upper-case letters",
            country.code
        );
        let numeric_ok =
            country.numeric.as_deref().is_some_and(|n| n.len() == 3 && n.bytes().all(|b| b.is_ascii_digit()));
        assert!(numeric_ok || country.code == "XK", "{} has a three-digit numeric code", country.code);
    }
    for code in ["EU", "UN", "EZ", "QO", "AC", "CP", "DG", "EA", "IC", "TA", "CQ", "XA", "XB", "ZZ", "AN", "YU", "SU"] {
        assert!(countries::find(code).is_none(), "{code} is not a country");
    }
    assert_eq!(countries::find("XK").map(|kosovo| kosovo.numeric.is_none()), Some(true));
}

#[test]
fn lookup_ignores_letter_case() {
    assert_eq!(countries::find("de").map(|c| c.code.as_str()), Some("DE"));
    assert_eq!(countries::find("De").map(|c| c.code.as_str()), Some("DE"));
    assert!(countries::find("").is_none());
    assert!(countries::find("DEU").is_none());
}

#[test]
fn regions_income_groups_and_their_names() {
    let expect = [
        ("KE", Region::Africa, Some(IncomeGroup::LowerMiddle)),
        ("DE", Region::Europe, Some(IncomeGroup::High)),
        ("IN", Region::Asia, Some(IncomeGroup::LowerMiddle)),
        ("BR", Region::Americas, Some(IncomeGroup::UpperMiddle)),
        ("AU", Region::Oceania, Some(IncomeGroup::High)),
        ("AF", Region::Asia, Some(IncomeGroup::Low)),
        ("CR", Region::Americas, Some(IncomeGroup::High)),
        ("NA", Region::Africa, Some(IncomeGroup::LowerMiddle)),
        ("RU", Region::Europe, Some(IncomeGroup::High)),
        ("GG", Region::Europe, Some(IncomeGroup::High)),
        ("XK", Region::Europe, Some(IncomeGroup::UpperMiddle)),
        ("VE", Region::Americas, None),
        ("AQ", Region::Oceania, None),
    ];
    for (code, region, income_group) in expect {
        let country = countries::find(code).unwrap_or_else(|| panic!("{code} is in the table"));
        assert_eq!((country.region, country.income_group), (region, income_group), "{code}");
    }
    let de = countries::find("DE").expect("DE");
    assert_eq!(de.subregion, "155");
    assert_eq!(de.subregion_name(&locale("en")), "Western Europe");
    assert_eq!(de.subregion_name(&locale("fr")), "Europe de l’Ouest");
    assert_eq!(Region::Africa.name(&locale("fr")), "Afrique");
    assert_eq!(Region::Europe.m49(), "150");
}

#[test]
fn every_region_and_subregion_is_named_and_most_countries_are_classified() {
    for country in countries::all() {
        assert!(Region::ALL.contains(&country.region));
        for tag in LOCALES {
            let locale = locale(tag);
            assert_ne!(country.subregion_name(&locale), country.subregion, "{} subregion in {tag}", country.code);
            assert_ne!(country.region.name(&locale), country.region.m49(), "{} region in {tag}", country.code);
        }
    }
    let classified = countries::all().iter().filter(|country| country.income_group.is_some()).count();
    assert!(classified >= 200, "only {classified} countries have an income group");
}

#[test]
fn low_and_lower_middle_income_have_priority() {
    assert!(IncomeGroup::Low.is_priority());
    assert!(IncomeGroup::LowerMiddle.is_priority());
    assert!(!IncomeGroup::UpperMiddle.is_priority());
    assert!(!IncomeGroup::High.is_priority());
}
