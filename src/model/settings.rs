//! `logbook.toml`: the learner's optional settings. Every field has a
//! sensible default, so the file may be absent or hold just one line.

use serde::de::{self, DeserializeSeed, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

use crate::model::diagnostic::Diagnostic;
use crate::model::names::closest;
use crate::model::profile::{self, Profile};

/// Every key is optional. The profile keys (learner, qualification, the
/// programme dates… see [`crate::model::profile::KEYS`]) sit at the top
/// level beside `default_framework`; unknown keys are refused, at their
/// place, with a "did you mean".
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Settings {
    /// The candidate's profile, printed on the portfolio's front page.
    #[serde(flatten)]
    pub profile: Profile,
    /// The framework `add` offers first.
    pub default_framework: Option<String>,
    /// `false` switches the 21 built-in criteria off, leaving only the
    /// units in `criteria/*.toml` (see [`Settings::builtin_criteria`]).
    pub builtin_criteria: Option<bool>,
    pub gaps: GapSettings,
    pub redact: RedactSettings,
}

/// The top-level keys that are not profile keys.
const OTHER_KEYS: &[&str] = &["default_framework", "builtin_criteria", "gaps", "redact"];

impl Settings {
    /// The learner's name, for the portfolio.
    pub fn learner(&self) -> Option<&str> {
        self.profile.text("learner")
    }

    /// The qualification being worked towards.
    pub fn qualification(&self) -> Option<&str> {
        self.profile.text("qualification")
    }

    /// Whether the built-in criteria are in the catalogue (the default).
    pub fn builtin_criteria(&self) -> bool {
        self.builtin_criteria.unwrap_or(true)
    }
}

/// Which top-level key a `logbook.toml` key is; an unknown one is an error
/// at the key itself (the TOML parser adds its place).
enum Field {
    Profile(&'static profile::Key),
    DefaultFramework,
    BuiltinCriteria,
    Gaps,
    Redact,
}

struct FieldSeed;

impl<'de> DeserializeSeed<'de> for FieldSeed {
    type Value = Field;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Field, D::Error> {
        let name = String::deserialize(d)?;
        if let Some(key) = profile::key(&name) {
            return Ok(Field::Profile(key));
        }
        match name.as_str() {
            "default_framework" => Ok(Field::DefaultFramework),
            "builtin_criteria" => Ok(Field::BuiltinCriteria),
            "gaps" => Ok(Field::Gaps),
            "redact" => Ok(Field::Redact),
            _ => {
                let known = profile::KEYS
                    .iter()
                    .map(|k| k.name)
                    .chain(OTHER_KEYS.iter().copied());
                let near = closest(&name, known)
                    .map(|n| format!(" (did you mean {n}?)"))
                    .unwrap_or_default();
                Err(de::Error::custom(format!("unknown field `{name}`{near}")))
            }
        }
    }
}

/// A profile value, checked against its key as it is read (so a mistake is
/// reported at the value).
struct ProfileSeed(&'static profile::Key);

impl<'de> DeserializeSeed<'de> for ProfileSeed {
    type Value = profile::Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<profile::Value, D::Error> {
        let raw = toml::Value::deserialize(d)?;
        profile::from_toml(self.0, &raw).map_err(de::Error::custom)
    }
}

impl<'de> Deserialize<'de> for Settings {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Settings, D::Error> {
        struct SettingsVisitor;

        impl<'de> Visitor<'de> for SettingsVisitor {
            type Value = Settings;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("the settings of logbook.toml")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Settings, A::Error> {
                let mut settings = Settings::default();
                while let Some(field) = map.next_key_seed(FieldSeed)? {
                    match field {
                        Field::Profile(key) => {
                            let value = map.next_value_seed(ProfileSeed(key))?;
                            settings.profile.set(key, Some(value));
                        }
                        Field::DefaultFramework => {
                            settings.default_framework = Some(map.next_value()?);
                        }
                        Field::BuiltinCriteria => {
                            settings.builtin_criteria = Some(map.next_value()?);
                        }
                        Field::Gaps => settings.gaps = map.next_value()?,
                        Field::Redact => settings.redact = map.next_value()?,
                    }
                }
                Ok(settings)
            }
        }

        d.deserialize_map(SettingsVisitor)
    }
}

/// Thresholds for `logbook gaps` (the `[gaps]` table; README lists them).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct GapSettings {
    /// Evidence older than this many months no longer counts towards "met".
    pub currency_months: u32,
    /// Two entries at most this many days apart…
    pub same_incident_days: u32,
    /// …whose wording is at least this similar (0–1) are about one incident.
    pub same_incident_similarity: f64,
    /// The unit whose evidence should show a repeating review cycle ("" = none).
    pub review_unit: String,
    /// Reviews further apart than this, or a latest one longer ago, break the cycle.
    pub review_gap_days: u32,
    /// An entry mapped to at least this many criteria…
    pub over_map_min_criteria: usize,
    /// …with fewer words than this per criterion is over-mapped.
    pub over_map_words_per_criterion: usize,
    /// Entries shorter than this are not judged for reasons, follow-up and
    /// evaluation.
    pub min_words_to_judge: usize,
    /// An entry with fewer words than this is too thin to show any criterion.
    pub thin_words: usize,
}

impl Default for GapSettings {
    fn default() -> Self {
        GapSettings {
            currency_months: 12,
            same_incident_days: 7,
            same_incident_similarity: 0.2,
            review_unit: "REV".into(),
            review_gap_days: 120,
            over_map_min_criteria: 4,
            over_map_words_per_criterion: 40,
            min_words_to_judge: 40,
            thin_words: 40,
        }
    }
}

/// What the export's redaction replaces besides the patterns it knows.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct RedactSettings {
    /// Names of customers, colleagues or companies to treat as personal
    /// data, e.g. `names = ["Mrs Patel = customer", "Dave"]`: each is replaced
    /// by its role in brackets (`[CUSTOMER]`), or `[NAME]` when none is given.
    pub names: Vec<String>,
}

impl Settings {
    /// Parses `logbook.toml`; a problem carries its line and column.
    pub fn parse(text: &str) -> Result<Settings, Diagnostic> {
        toml::from_str(text).map_err(|e| Diagnostic::toml(text, 0, &e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_file_means_defaults() {
        assert_eq!(Settings::parse("").unwrap(), Settings::default());
        assert_eq!(Settings::default().gaps.currency_months, 12);
    }

    #[test]
    fn values_and_mistakes() {
        let s = Settings::parse("learner = \"Sam\"\n[gaps]\ncurrency_months = 6\n").unwrap();
        assert_eq!(s.learner(), Some("Sam"));
        assert_eq!(s.gaps.currency_months, 6);
        let p = Settings::parse("learner = \"Sam\"\nlerner = 1\n").unwrap_err();
        assert_eq!((p.line, p.col), (2, 1), "{p:?}");
        assert!(p.message.contains("(did you mean learner?)"), "{p:?}");
    }

    #[test]
    fn the_built_in_criteria_can_be_switched_off() {
        assert!(Settings::default().builtin_criteria());
        let s = Settings::parse("builtin_criteria = false\n").unwrap();
        assert!(!s.builtin_criteria());
        let p = Settings::parse("builtin_criteria = \"no\"\n").unwrap_err();
        assert_eq!(p.line, 1, "{p:?}");
        let p = Settings::parse("builtin_criterion = false\n").unwrap_err();
        assert!(
            p.message.contains("did you mean builtin_criteria?"),
            "{p:?}"
        );
    }

    #[test]
    fn profile_values_are_checked_where_they_stand() {
        let s = Settings::parse("start_date = 2026-09-01\nend_date = \"2027-08-31\"\n").unwrap();
        assert_eq!(
            s.profile.date("end_date"),
            chrono::NaiveDate::from_ymd_opt(2027, 8, 31)
        );
        let p = Settings::parse("learner = \"Sam\"\nstart_date = \"next week\"\n").unwrap_err();
        assert_eq!((p.line, p.col), (2, 14), "{p:?}");
        assert!(p.message.contains("start_date must be a date"), "{p:?}");
        let p = Settings::parse("[gaps]\ncurrency_months = \"x\"\n").unwrap_err();
        assert_eq!(p.line, 2, "{p:?}");
        let json = serde_json::to_value(&s).unwrap();
        assert_eq!(json["start_date"], "2026-09-01");
        assert_eq!(json["learner"], serde_json::Value::Null);
        assert_eq!(json["gaps"]["currency_months"], 12);
    }
}
