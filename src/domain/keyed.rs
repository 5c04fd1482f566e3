//! Enums stored and sent as stable snake_case keys: the key is written in one place, and the
//! storage boundary parses it once (an unknown key is corrupt data, never a default).

/// Declares an enum with `ALL`, `key()` and `parse()`: `keyed_enum! { pub enum Kind {
/// SupportDay = "support_day", Task = "task" } }`.
macro_rules! keyed_enum {
    ($(#[$meta:meta])* $vis:vis enum $name:ident {
        $($(#[$vmeta:meta])* $variant:ident = $key:literal),+ $(,)?
    }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        $vis enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable key, as stored and as the API and the catalogs spell it.
            pub const fn key(self) -> &'static str {
                match self {
                    $($name::$variant => $key),+
                }
            }

            pub fn parse(key: &str) -> Option<$name> {
                Self::ALL.iter().copied().find(|v| v.key() == key)
            }
        }
    };
}

pub(crate) use keyed_enum;
