//! The kinds of evidence an entry can be (CONTRACT.md): what each is called
//! in files and JSON, what it means, and how reports abbreviate it. An entry
//! file may name a kind that is none of these; it is kept as written
//! ([`EvidenceType::Other`]) so the entry still loads and `check` can point
//! at it.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::model::diagnostic::Hinted;
use crate::model::names::closest;

#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub enum EvidenceType {
    /// Your own written account of what you did.
    #[default]
    ReflectiveAccount,
    /// Your assessor watched you do it.
    Observation,
    /// A manager or colleague confirms in writing what they saw.
    WitnessTestimony,
    /// A document you produced: plan, rota, email, minutes, report.
    Product,
    /// A recorded conversation with your assessor.
    ProfessionalDiscussion,
    /// A name that is none of the above, as written.
    Other(String),
}

impl EvidenceType {
    /// The kinds the contract names, in the order they are offered.
    pub const KNOWN: [EvidenceType; 5] = [
        EvidenceType::ReflectiveAccount,
        EvidenceType::Observation,
        EvidenceType::WitnessTestimony,
        EvidenceType::Product,
        EvidenceType::ProfessionalDiscussion,
    ];

    /// The name in entry files and JSON: `reflective-account`.
    pub fn as_str(&self) -> &str {
        match self {
            EvidenceType::ReflectiveAccount => "reflective-account",
            EvidenceType::Observation => "observation",
            EvidenceType::WitnessTestimony => "witness-testimony",
            EvidenceType::Product => "product",
            EvidenceType::ProfessionalDiscussion => "professional-discussion",
            EvidenceType::Other(name) => name,
        }
    }

    /// The kind with exactly this name, or [`EvidenceType::Other`].
    pub fn from_name(name: &str) -> EvidenceType {
        EvidenceType::KNOWN
            .into_iter()
            .find(|t| t.as_str() == name)
            .unwrap_or_else(|| EvidenceType::Other(name.to_string()))
    }

    /// A kind as a person types it (any case, spaces or underscores for
    /// dashes), with a "did you mean" when it is none.
    pub fn resolve(input: &str) -> Result<EvidenceType, EvidenceError> {
        let wanted = input.trim().to_lowercase().replace([' ', '_'], "-");
        match EvidenceType::from_name(&wanted) {
            EvidenceType::Other(_) => Err(EvidenceError::unknown(input.trim(), &wanted)),
            known => Ok(known),
        }
    }

    pub fn is_known(&self) -> bool {
        !matches!(self, EvidenceType::Other(_))
    }

    /// What it means, in a few words, for a menu ("" for an unknown kind).
    pub fn about(&self) -> &'static str {
        match self {
            EvidenceType::ReflectiveAccount => "your own written account of what you did",
            EvidenceType::Observation => "your assessor watched you do it",
            EvidenceType::WitnessTestimony => {
                "a manager or colleague confirms in writing what they saw"
            }
            EvidenceType::Product => "a document you produced: plan, rota, email, minutes, report",
            EvidenceType::ProfessionalDiscussion => "a recorded conversation with your assessor",
            EvidenceType::Other(_) => "",
        }
    }

    /// The name as words: `reflective account`.
    pub fn words(&self) -> String {
        self.as_str().replace('-', " ")
    }

    /// With an article, for a sentence: `a reflective account`.
    pub fn with_article(&self) -> String {
        match self {
            EvidenceType::Other(_) => self.words(),
            EvidenceType::Observation => format!("an {}", self.words()),
            _ => format!("a {}", self.words()),
        }
    }

    /// The usual portfolio abbreviation: `RA`, `O`, `WT`, `P`, `PD`.
    pub fn abbreviation(&self) -> &str {
        match self {
            EvidenceType::ReflectiveAccount => "RA",
            EvidenceType::Observation => "O",
            EvidenceType::WitnessTestimony => "WT",
            EvidenceType::Product => "P",
            EvidenceType::ProfessionalDiscussion => "PD",
            EvidenceType::Other(name) => name,
        }
    }

    /// One word, for narrow tables: `reflective`, `witness`, `discussion`.
    pub fn short(&self) -> &str {
        match self {
            EvidenceType::ReflectiveAccount => "reflective",
            EvidenceType::WitnessTestimony => "witness",
            EvidenceType::ProfessionalDiscussion => "discussion",
            other => other.as_str(),
        }
    }
}

impl fmt::Display for EvidenceType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for EvidenceType {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for EvidenceType {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        Ok(EvidenceType::from_name(&name))
    }
}

/// An evidence type that is none of the known ones.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown evidence type {input:?}")]
pub struct EvidenceError {
    input: String,
    hint: String,
}

impl EvidenceError {
    /// `shown` as the person wrote it; `probe` the form to match against
    /// the known names for a "did you mean".
    pub fn unknown(shown: &str, probe: &str) -> EvidenceError {
        let names = EvidenceType::KNOWN.map(|t| t.as_str().to_string());
        let hint = match closest(probe, names.iter().map(String::as_str)) {
            Some(best) => format!("did you mean {best}?"),
            None => format!("use one of {}", names.join(", ")),
        };
        EvidenceError {
            input: shown.to_string(),
            hint,
        }
    }
}

impl Hinted for EvidenceError {
    fn hint(&self) -> Option<&str> {
        Some(&self.hint)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_unknown_ones_are_kept() {
        for t in EvidenceType::KNOWN {
            assert_eq!(EvidenceType::from_name(t.as_str()), t);
            assert!(t.is_known() && !t.about().is_empty());
        }
        let odd = EvidenceType::from_name("photo");
        assert_eq!(odd, EvidenceType::Other("photo".into()));
        assert_eq!(
            (odd.as_str(), odd.abbreviation(), odd.short()),
            ("photo", "photo", "photo")
        );
        assert_eq!(EvidenceType::Observation.with_article(), "an observation");
        assert_eq!(
            EvidenceType::WitnessTestimony.with_article(),
            "a witness testimony"
        );
        assert_eq!(
            EvidenceType::Other("site-visit".into()).with_article(),
            "site visit"
        );
    }

    #[test]
    fn typed_names_are_forgiven_and_typos_get_a_suggestion() {
        assert_eq!(
            EvidenceType::resolve(" Witness Testimony "),
            Ok(EvidenceType::WitnessTestimony)
        );
        let err = EvidenceType::resolve("observaton").unwrap_err();
        assert_eq!(
            err.with_hint(),
            "unknown evidence type \"observaton\" (did you mean observation?)"
        );
        let err = EvidenceType::resolve("video").unwrap_err();
        assert!(err.with_hint().ends_with("(use one of reflective-account, observation, witness-testimony, product, professional-discussion)"), "{}", err.with_hint());
    }
}
