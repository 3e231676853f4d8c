//! Identifiers: UUIDv7 stored as text. Version 7 sorts by creation time, which keeps
//! primary-key indexes append-mostly and makes IDs usable as keyset tie-breakers.
//!
//! Each table has its own ID type ([`typed_id!`]), so a course ID cannot be passed where a
//! user ID belongs.

use uuid::Uuid;

/// A new, time-ordered identifier.
pub fn new_id() -> String {
    Uuid::now_v7().to_string()
}

/// The smallest ID that [`new_id`] can make at `at` or later: a range `id >= lower_bound_at(t)`
/// selects the rows created since `t` from an index on the ID.
pub fn lower_bound_at(at: chrono::NaiveDateTime) -> String {
    let millis = at.and_utc().timestamp_millis().max(0) as u64;
    format!("{:08x}-{:04x}-7000-8000-000000000000", millis >> 16, millis & 0xffff)
}

/// Declares a text-backed ID type usable in diesel queries on both engines.
#[macro_export]
macro_rules! typed_id {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord,
            diesel::AsExpression, diesel::FromSqlRow, serde::Serialize, serde::Deserialize,
        )]
        #[diesel(sql_type = diesel::sql_types::Text)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            /// A new, time-ordered ID.
            pub fn generate() -> Self {
                Self($crate::db::ids::new_id())
            }

            /// The ID as stored.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl<DB> diesel::serialize::ToSql<diesel::sql_types::Text, DB> for $name
        where
            DB: diesel::backend::Backend,
            str: diesel::serialize::ToSql<diesel::sql_types::Text, DB>,
        {
            fn to_sql<'b>(&'b self, out: &mut diesel::serialize::Output<'b, '_, DB>) -> diesel::serialize::Result {
                self.0.as_str().to_sql(out)
            }
        }

        impl<DB> diesel::deserialize::FromSql<diesel::sql_types::Text, DB> for $name
        where
            DB: diesel::backend::Backend,
            String: diesel::deserialize::FromSql<diesel::sql_types::Text, DB>,
        {
            fn from_sql(bytes: DB::RawValue<'_>) -> diesel::deserialize::Result<Self> {
                String::from_sql(bytes).map(Self)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_made_after_a_moment_sort_after_its_lower_bound() {
        let before = chrono::Utc::now().naive_utc() - chrono::TimeDelta::milliseconds(1);
        let id = new_id();
        let later = chrono::Utc::now().naive_utc() + chrono::TimeDelta::milliseconds(5);
        assert!(id >= lower_bound_at(before), "{id} < {}", lower_bound_at(before));
        assert!(id < lower_bound_at(later), "{id} >= {}", lower_bound_at(later));
    }
}
