//! Enums stored as text: the same spelling in the database and in the API.

/// Declares an enum stored as its API name, with `as_str` and `from_stored`.
#[macro_export]
macro_rules! stored_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$variant_meta:meta])* $variant:ident => $stored:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(async_graphql::Enum, Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$variant_meta])* $variant),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            /// The value as stored and as the API spells it.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $stored),+
                }
            }

            /// Reads a stored value.
            pub fn from_stored(value: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|candidate| candidate.as_str() == value)
            }
        }
    };
}
