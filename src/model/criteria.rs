//! The criteria catalogue: units and their assessment criteria, built in from
//! `criteria/*.toml` and extended or overridden by the user's own sets.
//!
//! What a marking point asks for beyond the deed itself is data too: a
//! criterion's `asks` (reasons, follow-up, evaluation, a record, an outcome)
//! and `counts` (what its entries are examples of, for criteria that need
//! several), and a unit's `expects`. The rules read these; none of them
//! looks at a criterion's id or the wording of its marking point.

use serde::{Deserialize, Serialize};

use crate::model::diagnostic::{Diagnostic, Hinted};
use crate::model::evidence::EvidenceType;
use crate::model::named::named_enum;
use crate::model::names::closest;

/// The built-in units, embedded so a fresh install needs no set-up.
pub const BUILTIN: &[(&str, &str)] = &[
    ("OPS.toml", include_str!("../../criteria/OPS.toml")),
    ("BIZ.toml", include_str!("../../criteria/BIZ.toml")),
    ("REV.toml", include_str!("../../criteria/REV.toml")),
    ("PRI.toml", include_str!("../../criteria/PRI.toml")),
    ("RES.toml", include_str!("../../criteria/RES.toml")),
];

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unit {
    pub code: String,
    pub title: String,
    #[serde(default)]
    pub seed: String,
    #[serde(default)]
    pub synopsis: String,
    #[serde(default)]
    pub concepts: Vec<String>,
    #[serde(default)]
    pub tips: Vec<String>,
    #[serde(default)]
    pub misconceptions: Vec<String>,
    /// What every entry mapped to this unit is checked for, as advice even
    /// where none of its criteria asks for it (RES: follow-up with the
    /// customer). Only `follow-up` is checked this way; the other checks
    /// run on every entry.
    #[serde(default, skip_serializing)]
    pub expects: Vec<Ask>,
    #[serde(default)]
    pub criteria: Vec<Criterion>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    pub id: String,
    pub text: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default = "one")]
    pub required: u32,
    /// The kinds of evidence that suit it best, best first.
    #[serde(default)]
    pub evidence: Vec<EvidenceType>,
    #[serde(default)]
    pub guidance: Vec<String>,
    #[serde(default)]
    pub pitfalls: Vec<String>,
    #[serde(default)]
    pub keywords: Vec<String>,
    /// What the marking point asks an entry to show: an entry the checks
    /// find without it does not count for this criterion.
    #[serde(default, skip_serializing)]
    pub asks: Vec<Ask>,
    /// What one entry for it is an example of, where that is not just "an
    /// example": `problem` words a criterion that needs two as "two
    /// distinct problems".
    #[serde(default, skip_serializing)]
    pub counts: Option<Counts>,
}

fn one() -> u32 {
    1
}

named_enum! {
    /// Something a marking point asks for beyond the deed itself.
    pub enum Ask {
        /// Why: the reasoning, rationale or justification for a choice.
        Reasons = "reasons",
        /// Following up with the customer afterwards.
        FollowUp = "follow-up",
        /// Evaluating or reflecting on what happened.
        Evaluation = "evaluation",
        /// A record: an email, a note, a log.
        Record = "record",
        /// How it turned out.
        Outcome = "outcome",
        /// A plan: its timeline is rightly in the future tense.
        Plan = "plan",
    }
}

named_enum! {
    /// What a criterion's entries are examples of.
    pub enum Counts {
        /// Distinct problems (OPS.3: "at least two distinct problems").
        Problem = "problem",
    }
}

impl Counts {
    /// The noun, singular and plural.
    pub fn noun(self) -> (&'static str, &'static str) {
        match self {
            Counts::Problem => ("problem", "problems"),
        }
    }
}

impl Criterion {
    /// The unit code this criterion belongs to (`RES` for `RES.4`).
    pub fn unit(&self) -> &str {
        self.id.split('.').next().unwrap_or(&self.id)
    }

    /// Whether the marking point asks for `ask`.
    pub fn asks_for(&self, ask: Ask) -> bool {
        self.asks.contains(&ask)
    }

    /// What one entry for it is, singular and plural: "problem"/"problems"
    /// as its `counts` says, else "example"/"examples".
    pub fn noun(&self) -> (&'static str, &'static str) {
        self.counts.map_or(("example", "examples"), Counts::noun)
    }

    /// A short label: the summary when there is one, else the marking point.
    pub fn label(&self) -> &str {
        if self.summary.is_empty() {
            &self.text
        } else {
            &self.summary
        }
    }
}

/// A criterion or unit that does not resolve, with what to try instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CriteriaError {
    #[error("unknown criterion {input:?}")]
    UnknownCriterion { input: String, hint: String },
    #[error("unknown unit {input:?}")]
    UnknownUnit { input: String, hint: String },
}

impl Hinted for CriteriaError {
    fn hint(&self) -> Option<&str> {
        match self {
            CriteriaError::UnknownCriterion { hint, .. }
            | CriteriaError::UnknownUnit { hint, .. } => Some(hint),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Catalogue {
    pub units: Vec<Unit>,
}

impl Catalogue {
    /// The built-in catalogue. The embedded files are tested, so a parse
    /// failure here is a build defect, reported rather than panicking.
    pub fn builtin() -> Catalogue {
        let mut catalogue = Catalogue::default();
        for (name, text) in BUILTIN {
            if let Ok(unit) = parse_unit(name, text) {
                catalogue.units.push(unit);
            }
        }
        catalogue
    }

    /// Adds a user's unit: one with the code of an existing unit replaces it,
    /// a new code is appended.
    pub fn merge(&mut self, unit: Unit) {
        match self.units.iter_mut().find(|u| u.code == unit.code) {
            Some(existing) => *existing = unit,
            None => self.units.push(unit),
        }
    }

    pub fn criteria(&self) -> impl Iterator<Item = &Criterion> {
        self.units.iter().flat_map(|u| u.criteria.iter())
    }

    pub fn criterion(&self, id: &str) -> Option<&Criterion> {
        self.criteria().find(|c| c.id == id)
    }

    pub fn unit(&self, code: &str) -> Option<&Unit> {
        self.units.iter().find(|u| u.code == code)
    }

    /// Position of a criterion in catalogue order, for stable sorting.
    pub fn order(&self, id: &str) -> usize {
        self.criteria()
            .position(|c| c.id == id)
            .unwrap_or(usize::MAX)
    }

    /// Turns what a person typed (`res4`, `RES-4`, `Res.4`) into a known id,
    /// or explains what is wrong with a "did you mean".
    pub fn resolve(&self, input: &str) -> Result<&Criterion, CriteriaError> {
        let wanted = normalize_id(input);
        if let Some(c) = wanted.as_deref().and_then(|id| self.criterion(id)) {
            return Ok(c);
        }
        let unknown = |hint: String| CriteriaError::UnknownCriterion {
            input: input.trim().to_string(),
            hint,
        };
        // Right unit, number out of range: say what the unit has.
        let unit = wanted.as_deref().and_then(|id| id.split('.').next());
        if let Some(unit) = unit.and_then(|code| self.unit(code))
            && let (Some(first), Some(last)) = (unit.criteria.first(), unit.criteria.last())
        {
            return Err(unknown(format!(
                "{} has {}–{}",
                unit.code, first.id, last.id
            )));
        }
        let ids: Vec<&str> = self.criteria().map(|c| c.id.as_str()).collect();
        let probe = wanted.unwrap_or_else(|| input.trim().to_uppercase());
        Err(unknown(match closest(&probe, ids.iter().copied()) {
            Some(best) => format!("did you mean {best}?"),
            None => "`logbook criteria` lists them".to_string(),
        }))
    }

    /// Resolves a unit code case-insensitively, with a "did you mean".
    pub fn resolve_unit(&self, input: &str) -> Result<&Unit, CriteriaError> {
        let wanted = input.trim().to_uppercase();
        if let Some(unit) = self.unit(&wanted) {
            return Ok(unit);
        }
        let codes: Vec<&str> = self.units.iter().map(|u| u.code.as_str()).collect();
        Err(CriteriaError::UnknownUnit {
            input: input.trim().to_string(),
            hint: match closest(&wanted, codes.iter().copied()) {
                Some(best) => format!("did you mean {best}?"),
                None => format!("units are {}", codes.join(", ")),
            },
        })
    }

    /// Resolves a comma- or space-separated list, keeps catalogue order and
    /// drops repeats.
    pub fn resolve_list<'a>(
        &self,
        inputs: impl IntoIterator<Item = &'a str>,
    ) -> Result<Vec<String>, CriteriaError> {
        let mut ids = Vec::new();
        for input in inputs {
            for part in input.split([',', ' ']).filter(|p| !p.trim().is_empty()) {
                let id = self.resolve(part)?.id.clone();
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
        }
        ids.sort_by_key(|id| self.order(id));
        Ok(ids)
    }
}

/// The unit code a criterion id starts with (`RES` for `RES.4`, and for
/// `RES.66`, which is no criterion); `None` without a dot.
pub fn unit_of(id: &str) -> Option<&str> {
    id.split_once('.').map(|(unit, _)| unit)
}

/// `res4`, `RES-4`, `res 4`, `Res.4` → `RES.4`. `None` when it has no
/// letters-then-number shape at all.
pub fn normalize_id(input: &str) -> Option<String> {
    let cleaned: String = input
        .trim()
        .trim_start_matches('@')
        .chars()
        .filter(|c| !matches!(c, '.' | '-' | '_' | ' '))
        .collect();
    let split = cleaned.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = cleaned.split_at(split);
    if letters.is_empty()
        || !letters.chars().all(|c| c.is_ascii_alphabetic())
        || !digits.chars().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let number: u32 = digits.parse().ok()?;
    Some(format!("{}.{number}", letters.to_uppercase()))
}

/// Parses one unit file (`name` is shown as its path), with the position
/// of the first problem.
pub fn parse_unit(name: &str, text: &str) -> Result<Unit, Diagnostic> {
    let warn = |at: Option<usize>, message: String| {
        Diagnostic::at(text, at.unwrap_or(0), message).in_file(name)
    };
    let unit: Unit =
        toml::from_str(text).map_err(|e| Diagnostic::toml(text, 0, &e).in_file(name))?;
    for c in &unit.criteria {
        let prefix = format!("{}.", unit.code);
        if !c.id.starts_with(&prefix) || normalize_id(&c.id).as_deref() != Some(c.id.as_str()) {
            let at = text.find(&format!("\"{}\"", c.id));
            return Err(warn(
                at,
                format!(
                    "criterion id {:?} should look like {}1 (unit code, dot, number)",
                    c.id, prefix
                ),
            ));
        }
        if c.required == 0 {
            let at = text.find(&format!("\"{}\"", c.id));
            return Err(warn(at, format!("{}: required must be at least 1", c.id)));
        }
    }
    Ok(unit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_catalogue_has_the_contract_ids() {
        for (name, text) in BUILTIN {
            parse_unit(name, text).unwrap_or_else(|e| panic!("{e}"));
        }
        let cat = Catalogue::builtin();
        let ids: Vec<&str> = cat.criteria().map(|c| c.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "OPS.1", "OPS.2", "OPS.3", "BIZ.1", "BIZ.2", "BIZ.3", "REV.1", "REV.2", "REV.3",
                "PRI.1", "PRI.2", "PRI.3", "PRI.4", "RES.1", "RES.2", "RES.3", "RES.4", "RES.5",
                "RES.6", "RES.7", "RES.8"
            ]
        );
        assert_eq!(cat.criterion("OPS.3").map(|c| c.required), Some(2));
        for c in cat.criteria() {
            assert!(!c.text.is_empty() && !c.summary.is_empty(), "{}", c.id);
            assert!(!c.guidance.is_empty() && !c.pitfalls.is_empty(), "{}", c.id);
            assert!(c.keywords.len() >= 8, "{} has few keywords", c.id);
            for e in &c.evidence {
                assert!(e.is_known(), "{}: {e}", c.id);
            }
            if c.id != "OPS.3" {
                assert_eq!(c.required, 1, "{}", c.id);
            }
        }
    }

    /// What each built-in marking point asks of its evidence, pinned: the
    /// rules read only this data, so a change here is a change in judgement.
    #[test]
    fn builtin_asks_are_pinned() {
        let cat = Catalogue::builtin();
        let asks: Vec<String> = cat
            .criteria()
            .filter(|c| !c.asks.is_empty())
            .map(|c| {
                let names: Vec<&str> = c.asks.iter().map(|a| a.as_str()).collect();
                format!("{} {}", c.id, names.join(","))
            })
            .collect();
        assert_eq!(
            asks,
            [
                "OPS.1 plan",
                "OPS.3 reasons,follow-up,outcome",
                "BIZ.2 reasons",
                "BIZ.3 reasons",
                "REV.1 plan",
                "REV.2 reasons,evaluation",
                "PRI.4 evaluation",
                "RES.2 reasons",
                "RES.3 follow-up,record",
                "RES.7 reasons",
                "RES.8 record,outcome",
            ]
        );
        let expecting: Vec<&str> = cat
            .units
            .iter()
            .filter(|u| u.expects.contains(&Ask::FollowUp))
            .map(|u| u.code.as_str())
            .collect();
        assert_eq!(expecting, ["RES"]);
    }

    #[test]
    fn ids_are_normalised_and_misspellings_get_a_suggestion() {
        assert_eq!(normalize_id("res4").as_deref(), Some("RES.4"));
        assert_eq!(normalize_id("@RES.4").as_deref(), Some("RES.4"));
        assert_eq!(normalize_id("Ops-3").as_deref(), Some("OPS.3"));
        assert_eq!(normalize_id("hello"), None);
        let cat = Catalogue::builtin();
        assert_eq!(
            cat.resolve("res 4").map(|c| c.id.as_str()).ok(),
            Some("RES.4")
        );
        let err = cat.resolve("RES.9").map(|_| ()).unwrap_err();
        assert_eq!(
            err.with_hint(),
            "unknown criterion \"RES.9\" (RES has RES.1–RES.8)"
        );
        let err = cat.resolve("RSE.4").map(|_| ()).unwrap_err();
        assert_eq!(err.hint(), Some("did you mean RES.4?"), "{err}");
        assert_eq!(
            cat.resolve_list(["RES.6, res1", "RES.1"]).ok(),
            Some(vec!["RES.1".to_string(), "RES.6".to_string()])
        );
    }

    #[test]
    fn a_user_unit_overrides_or_extends() {
        let mut cat = Catalogue::builtin();
        let unit = parse_unit(
            "x.toml",
            "code = \"TEAM\"\ntitle = \"Lead a team\"\n[[criteria]]\nid = \"TEAM.1\"\ntext = \"Runs a huddle\"\n",
        )
        .unwrap();
        cat.merge(unit);
        assert_eq!(cat.criteria().count(), 22);
        assert_eq!(cat.criterion("TEAM.1").map(|c| c.required), Some(1));
        let bad = parse_unit("bad.toml", "code = \"X\"\ntitle = 3\n").unwrap_err();
        assert_eq!((bad.line, bad.col), (2, 9));
    }
}
