//! Enums of domain values that print as fixed strings (rule ids, table keys, sides, kinds).
//!
//! The outputs (CSV, Parquet, the JSON per report) hold these strings; code compares and matches
//! the enums, so a mistyped value no longer compiles.

/// Defines a `Copy` enum each of whose variants stands for one fixed string: `as_str` gives it,
/// `Display` prints it, `Serialize` writes it and `FromStr` / `Deserialize` read it back, so a value reads the same in every output
/// whichever way it gets there. `ALL` lists the variants in declaration order. No `Ord` is
/// derived: where values are ordered, they are ordered by their strings.
macro_rules! named_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident => $text:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $(
                $(#[$vmeta])*
                #[doc = concat!("Printed as `", $text, "`.")]
                $variant,
            )+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The string this value is printed as.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.pad(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::named::Unknown;
            /// The value printed as `s`.
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($text => Ok($name::$variant),)+
                    _ => Err($crate::named::Unknown {
                        what: stringify!($name),
                        text: s.to_string(),
                    }),
                }
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

/// A string that names no value of an enum defined by `named_enum!`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{text:?} is not a {what}")]
pub struct Unknown {
    /// The enum's name.
    pub what: &'static str,
    /// The string read.
    pub text: String,
}
