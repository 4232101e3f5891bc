//! Enums whose variants each have one stable name, written once.
//! `named_enum!` gives such an enum `as_str`, `from_name`, `ALL`,
//! `Display` and serde's string form, all from the one list of names, so a
//! name used in files and JSON is never spelt out by hand a second time.

/// Declares an enum of named variants: `Variant = "name",` each.
macro_rules! named_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $text:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            /// Every variant, in the order declared.
            $vis const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable name, as files, JSON and messages spell it.
            $vis fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                }
            }

            /// The variant with exactly this name.
            $vis fn from_name(name: &str) -> Option<$name> {
                $name::ALL.iter().copied().find(|v| v.as_str() == name)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let name = String::deserialize(d)?;
                $name::from_name(&name).ok_or_else(|| {
                    serde::de::Error::unknown_variant(&name, &[$($text),+])
                })
            }
        }
    };
}

pub(crate) use named_enum;

#[cfg(test)]
mod tests {
    named_enum! {
        enum Colour {
            Red = "red",
            DarkBlue = "dark-blue",
        }
    }

    #[test]
    fn one_name_serves_display_lookup_and_serde() {
        assert_eq!(Colour::DarkBlue.to_string(), "dark-blue");
        assert_eq!(Colour::from_name("red"), Some(Colour::Red));
        assert_eq!(Colour::from_name("Red"), None);
        assert_eq!(
            serde_json::to_string(&Colour::ALL).unwrap(),
            r#"["red","dark-blue"]"#
        );
        let back: Vec<Colour> = serde_json::from_str(r#"["dark-blue"]"#).unwrap();
        assert_eq!(back, [Colour::DarkBlue]);
        let err = serde_json::from_str::<Colour>(r#""green""#).unwrap_err();
        assert!(
            err.to_string().contains("expected `red` or `dark-blue`"),
            "{err}"
        );
    }
}
