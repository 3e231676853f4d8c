//! `countries`: the country table in the API, for country pickers (registration, organizations)
//! and for the country and income-group filters elsewhere. Public; names are in the request locale.
//!
//! The list is ordered by code, not by localized name: a correct order for names in Arabic,
//! Russian or Chinese needs the locale's collation, which the client already has (`Intl.Collator`)
//! and the server does not.

use async_graphql::{Context, Object};

use crate::graphql::context::ContextExt;
use crate::identity::countries::model::{self as countries, Country, IncomeGroup, Region};

/// Root field of `Query` for the country table.
#[derive(Default)]
pub struct CountryQuery;

#[Object]
impl CountryQuery {
    /// Every country and territory of ISO 3166-1, plus Kosovo (`XK`), ordered by code. Public.
    async fn countries(&self) -> Vec<CountryObject> {
        countries::all().iter().map(CountryObject).collect()
    }
}

/// A country or territory in the API.
pub struct CountryObject(pub &'static Country);

/// A country or territory: ISO 3166-1 (plus `XK` for Kosovo), with its UN M49 region and its
/// World Bank income group. Names come from CLDR, in the request locale.
#[Object(name = "Country")]
impl CountryObject {
    /// The ISO 3166-1 alpha-2 code, upper-case, e.g. `DE`; `XK` for Kosovo (a user-assigned code).
    async fn code(&self) -> &str {
        &self.0.code
    }

    /// The country's name in the request locale, e.g. `Allemagne` in French.
    async fn name(&self, ctx: &Context<'_>) -> async_graphql::Result<&str> {
        Ok(self.0.name(&ctx.request()?.locale))
    }

    /// The ISO 3166-1 numeric code, e.g. `276`; null for Kosovo, which has none.
    async fn numeric_code(&self) -> Option<&str> {
        self.0.numeric.as_deref()
    }

    /// The UN M49 region (continent). Antarctica is counted in Oceania, as CLDR does.
    async fn region(&self) -> Region {
        self.0.region
    }

    /// The region's name in the request locale, e.g. `Europe`.
    async fn region_name(&self, ctx: &Context<'_>) -> async_graphql::Result<&str> {
        Ok(self.0.region.name(&ctx.request()?.locale))
    }

    /// The name of the UN M49 subregion in the request locale, e.g. `Western Europe` or
    /// `Eastern Africa`.
    async fn subregion_name(&self, ctx: &Context<'_>) -> async_graphql::Result<&str> {
        Ok(self.0.subregion_name(&ctx.request()?.locale))
    }

    /// The World Bank income group (FY2026); null where the World Bank does not classify the
    /// economy (Antarctica, Venezuela, many small territories).
    async fn income_group(&self) -> Option<IncomeGroup> {
        self.0.income_group
    }
}
