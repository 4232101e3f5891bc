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

/// The qualification the built-in units belong to, for `--qualification`
/// (`--qualification built-in` finds it).
pub const BUILTIN_QUALIFICATION: &str = "Customer service management (built-in units)";

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
    /// The qualification or apprenticeship standard the unit belongs to
    /// ("Customer Service Practitioner (ST0072)"); several can live in one
    /// logbook, and `gaps`, `export`, `list` and `criteria` can be limited to
    /// one with `--qualification`. The built-in units are
    /// [`BUILTIN_QUALIFICATION`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qualification: Option<String>,
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
    #[error("no qualification {input:?}")]
    UnknownQualification { input: String, hint: String },
}

impl Hinted for CriteriaError {
    fn hint(&self) -> Option<&str> {
        match self {
            CriteriaError::UnknownCriterion { hint, .. }
            | CriteriaError::UnknownUnit { hint, .. }
            | CriteriaError::UnknownQualification { hint, .. } => Some(hint),
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
    /// Parsed once per process (`cohort` needs one per logbook, and a copy
    /// costs a fraction of the parse).
    pub fn builtin() -> Catalogue {
        static BUILTIN_UNITS: std::sync::OnceLock<Catalogue> = std::sync::OnceLock::new();
        BUILTIN_UNITS
            .get_or_init(|| {
                let mut catalogue = Catalogue::default();
                for (name, text) in BUILTIN {
                    if let Ok(mut unit) = parse_unit(name, text) {
                        unit.qualification
                            .get_or_insert_with(|| BUILTIN_QUALIFICATION.to_string());
                        catalogue.units.push(unit);
                    }
                }
                catalogue
            })
            .clone()
    }

    /// Adds a user's unit: one with the code of an existing unit replaces it
    /// (keeping its qualification when the new one names none), a new code
    /// is appended.
    pub fn merge(&mut self, mut unit: Unit) {
        match self.units.iter_mut().find(|u| u.code == unit.code) {
            Some(existing) => {
                if unit.qualification.is_none() {
                    unit.qualification = existing.qualification.take();
                }
                *existing = unit;
            }
            None => self.units.push(unit),
        }
    }

    /// The qualifications the units name, each once, in catalogue order.
    pub fn qualifications(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for q in self.units.iter().filter_map(|u| u.qualification.as_deref()) {
            if !out.contains(&q) {
                out.push(q);
            }
        }
        out
    }

    /// Finds a qualification by what a person typed: its name in any case,
    /// or a part of it that only one qualification has (`ST0072`,
    /// `built-in`).
    pub fn resolve_qualification(&self, input: &str) -> Result<&str, CriteriaError> {
        let wanted = input.trim().to_lowercase();
        let all = self.qualifications();
        if let Some(q) = all.iter().find(|q| q.to_lowercase() == wanted) {
            return Ok(q);
        }
        let partial: Vec<&str> = all
            .iter()
            .copied()
            .filter(|q| !wanted.is_empty() && q.to_lowercase().contains(&wanted))
            .collect();
        if let [only] = partial.as_slice() {
            return Ok(only);
        }
        let listed = |names: &[&str]| {
            names
                .iter()
                .map(|q| format!("{q:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let hint = if partial.len() > 1 {
            format!("it could be {}", listed(&partial))
        } else if all.is_empty() {
            "no unit names a qualification: add `qualification = \"...\"` to its criteria file"
                .to_string()
        } else {
            format!("the logbook has {}", listed(&all))
        };
        Err(CriteriaError::UnknownQualification {
            input: input.trim().to_string(),
            hint,
        })
    }

    /// The catalogue limited to one qualification's units.
    pub fn only_qualification(&self, qualification: &str) -> Catalogue {
        Catalogue {
            units: self
                .units
                .iter()
                .filter(|u| u.qualification.as_deref() == Some(qualification))
                .cloned()
                .collect(),
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
        if let Some(c) = self.lookup(input).or_else(|| self.by_code(input)) {
            return Ok(c);
        }
        let wanted = normalize_id(input);
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

    /// The criterion an id names, written any way a person might type it
    /// (`CSS.K1`, `css.k1`, `CSS-K1`, `@cssk1`, `res4`), or `None`. Without
    /// a separator the unit's end is found from the catalogue, when only
    /// one criterion fits (`ILM12` is refused when both ILM.1.2 and ILM.12
    /// exist). No guessing beyond that: this is what reading ids out of
    /// free text uses.
    pub fn lookup(&self, input: &str) -> Option<&Criterion> {
        if let Some(c) = normalize_id(input).and_then(|id| self.criterion(&id)) {
            return Some(c);
        }
        let wanted = compact(input);
        if wanted.is_empty() {
            return None;
        }
        let mut found = self.criteria().filter(|c| compact(&c.id) == wanted);
        match (found.next(), found.next()) {
            (Some(c), None) => Some(c),
            _ => None,
        }
    }

    /// A KSB code on its own (`K1`, `s5`) when exactly one unit has it: an
    /// apprentice thinks in K1, S5, B2. Only codes with letters, so a bare
    /// number never picks a criterion.
    fn by_code(&self, input: &str) -> Option<&Criterion> {
        let code = canonical_code(&[input.trim().trim_start_matches('@').to_uppercase().as_str()])?;
        if !code.starts_with(|c: char| c.is_ascii_alphabetic()) {
            return None;
        }
        let suffix = format!(".{code}");
        let mut found = self.criteria().filter(|c| c.id.ends_with(&suffix));
        match (found.next(), found.next()) {
            (Some(c), None) => Some(c),
            _ => None,
        }
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
            for part in split_ids(input) {
                let id = self.resolve(&part)?.id.clone();
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
        }
        ids.sort_by_key(|id| self.order(id));
        Ok(ids)
    }
}

/// The ids in a list as typed: separated by commas, semicolons or spaces,
/// where a space inside one id is allowed too (`RES 1, RES 6`, `RES 1 RES
/// 6`, `CSS K 1`): words are joined until they hold a digit, so that every
/// way [`normalize_id`] reads an id works in a list as well.
pub fn split_ids(input: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in input.split([',', ';']) {
        let mut group = String::new();
        for word in part.split_whitespace() {
            if !group.is_empty() {
                group.push(' ');
            }
            group.push_str(word);
            if group.bytes().any(|b| b.is_ascii_digit()) {
                out.push(std::mem::take(&mut group));
            }
        }
        if !group.is_empty() {
            out.push(group);
        }
    }
    out
}

/// The unit code a criterion id starts with (`RES` for `RES.4`, and for
/// `RES.66`, which is no criterion); `None` without a dot.
pub fn unit_of(id: &str) -> Option<&str> {
    id.split_once('.').map(|(unit, _)| unit)
}

/// The most letters a KSB-style code starts with (`K1`, `AC1.2`, `LO3`).
const MAX_CODE_LETTERS: usize = 3;
/// The most levels a code has (`1.2.3.4`).
const MAX_CODE_LEVELS: usize = 4;

/// An id as typed, in its written form: `res4`, `RES-4`, `res 4`, `Res.4`
/// → `RES.4`; `css.k1`, `@CSS-K1` → `CSS.K1`; `ilm 1.2` → `ILM.1.2`. The
/// shape is `UNIT.CODE`: UNIT `[A-Z][A-Z0-9]{1,9}`, CODE a number or a
/// KSB-style code (up to three letters and a number, `K1`, `S12`, `B2`),
/// with dotted levels allowed (`1.2`); numbers lose leading zeros. `None`
/// when it has no such shape. Without any separator (`cssk1`) the unit is
/// taken to end where the digits begin (`CSSK.1`): [`Catalogue::lookup`]
/// finds such ids in the catalogue instead.
pub fn normalize_id(input: &str) -> Option<String> {
    let upper = input.trim().trim_start_matches('@').to_uppercase();
    let parts: Vec<&str> = upper
        .split(['.', '-', '_', ' '])
        .filter(|p| !p.is_empty())
        .collect();
    match parts.as_slice() {
        [] => None,
        [one] => {
            let split = one.find(|c: char| c.is_ascii_digit())?;
            let (letters, digits) = one.split_at(split);
            if !letters.chars().all(|c| c.is_ascii_alphabetic()) || !is_unit_code(letters) {
                return None;
            }
            Some(format!("{letters}.{}", canonical_code(&[digits])?))
        }
        [unit, code @ ..] => {
            if !is_unit_code(unit) {
                return None;
            }
            // `CSS K 1`: the letters and the number typed apart.
            let joined;
            let code = match code {
                [letters, number, rest @ ..]
                    if letters.chars().all(|c| c.is_ascii_alphabetic())
                        && number.starts_with(|c: char| c.is_ascii_digit()) =>
                {
                    joined = std::iter::once(format!("{letters}{number}"))
                        .chain(rest.iter().map(|r| r.to_string()))
                        .collect::<Vec<String>>();
                    joined.iter().map(String::as_str).collect::<Vec<&str>>()
                }
                _ => code.to_vec(),
            };
            Some(format!("{unit}.{}", canonical_code(&code)?))
        }
    }
}

/// Whether `code` is a unit code: `[A-Z][A-Z0-9]{1,9}`.
pub fn is_unit_code(code: &str) -> bool {
    let bytes = code.as_bytes();
    (2..=10).contains(&bytes.len())
        && bytes[0].is_ascii_uppercase()
        && bytes[1..]
            .iter()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

/// Whether `id` is a criterion id as written in a criteria file: the form
/// [`normalize_id`] gives.
pub fn is_criterion_id(id: &str) -> bool {
    normalize_id(id).as_deref() == Some(id)
}

/// A code's levels (already upper case) in written form: `K01` → `K1`,
/// `1`, `2` → `1.2`. The first level may start with letters.
fn canonical_code(levels: &[&str]) -> Option<String> {
    if levels.is_empty() || levels.len() > MAX_CODE_LEVELS {
        return None;
    }
    let mut out = String::new();
    for (i, level) in levels.iter().enumerate() {
        let split = level.find(|c: char| c.is_ascii_digit())?;
        let (letters, digits) = level.split_at(split);
        let letters_ok = if i == 0 {
            letters.len() <= MAX_CODE_LETTERS && letters.chars().all(|c| c.is_ascii_uppercase())
        } else {
            letters.is_empty()
        };
        if !letters_ok || digits.is_empty() || digits.len() > 6 {
            return None;
        }
        if !digits.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let number: u32 = digits.parse().ok()?;
        if i > 0 {
            out.push('.');
        }
        out.push_str(letters);
        out.push_str(&number.to_string());
    }
    Some(out)
}

/// An id with case and separators gone (`@css-k1` → `CSSK1`): how ids
/// typed without a dot are matched.
fn compact(input: &str) -> String {
    input
        .trim()
        .trim_start_matches('@')
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// How criteria sort within a unit: naturally (S2 before S10, 1.2 before
/// 1.10), numbered criteria first, then knowledge, skills and behaviours in
/// the order standards list them (K, S, B), then any other letters
/// alphabetically.
pub fn natural_key(id: &str) -> (u8, String, Vec<u32>) {
    let code = id.split_once('.').map_or(id, |(_, code)| code);
    let letters: String = code.chars().take_while(char::is_ascii_alphabetic).collect();
    let numbers: Option<Vec<u32>> = code[letters.len()..]
        .split('.')
        .map(|n| n.parse().ok())
        .collect();
    let Some(numbers) = numbers else {
        return (u8::MAX, code.to_string(), Vec::new());
    };
    let rank = match letters.as_str() {
        "" => 0,
        "K" => 1,
        "S" => 2,
        "B" => 3,
        _ => 4,
    };
    (rank, letters, numbers)
}

/// Parses one unit file (`name` is shown as its path), with the position
/// of the first problem. Its criteria are put in natural order
/// ([`natural_key`]).
pub fn parse_unit(name: &str, text: &str) -> Result<Unit, Diagnostic> {
    let warn = |at: Option<usize>, message: String| {
        Diagnostic::at(text, at.unwrap_or(0), message).in_file(name)
    };
    let mut unit: Unit =
        toml::from_str(text).map_err(|e| Diagnostic::toml(text, 0, &e).in_file(name))?;
    if !is_unit_code(&unit.code) {
        let at = text.find(&format!("\"{}\"", unit.code));
        return Err(warn(
            at,
            format!(
                "unit code {:?} should be 2 to 10 capital letters or digits, starting with a letter (CSS, RES, ST0072)",
                unit.code
            ),
        ));
    }
    if unit
        .qualification
        .as_deref()
        .is_some_and(|q| q.trim().is_empty() || q.contains(['\n', '\r']))
    {
        let at = text.find("qualification");
        return Err(warn(at, "qualification must be one line of text".into()));
    }
    let mut seen: Vec<&str> = Vec::new();
    for c in &unit.criteria {
        let prefix = format!("{}.", unit.code);
        let at = text.find(&format!("\"{}\"", c.id));
        if !c.id.starts_with(&prefix) || !is_criterion_id(&c.id) {
            return Err(warn(
                at,
                format!(
                    "criterion id {:?} should look like {prefix}1, {prefix}K1 or {prefix}1.2 (unit code, dot, code)",
                    c.id
                ),
            ));
        }
        if seen.contains(&c.id.as_str()) {
            let again = at.and_then(|first| {
                text[first + 1..]
                    .find(&format!("\"{}\"", c.id))
                    .map(|i| first + 1 + i)
            });
            return Err(warn(again.or(at), format!("{} is listed twice", c.id)));
        }
        seen.push(&c.id);
        if c.text.trim().is_empty() {
            return Err(warn(at, format!("{}: text is empty", c.id)));
        }
        if c.required == 0 {
            return Err(warn(at, format!("{}: required must be at least 1", c.id)));
        }
    }
    unit.criteria.sort_by_key(|c| natural_key(&c.id));
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
    fn ksb_and_dotted_ids_are_normalised() {
        for (typed, id) in [
            ("CSS.K1", "CSS.K1"),
            ("css.k1", "CSS.K1"),
            ("@CSS-K1", "CSS.K1"),
            ("css k 1", "CSS.K1"),
            ("CSS.S05", "CSS.S5"),
            ("TL.B2", "TL.B2"),
            ("ilm 1.2", "ILM.1.2"),
            ("ILM_1_2", "ILM.1.2"),
            ("ST0072.K1", "ST0072.K1"),
            ("AC1.2.3", "AC1.2.3"),
        ] {
            assert_eq!(normalize_id(typed).as_deref(), Some(id), "{typed}");
            assert!(is_criterion_id(id), "{id}");
        }
        for bad in [
            "K1",
            "C.1",
            "CSS.K1A",
            "CSS.KSBX1",
            "CSS.",
            "1CSS.1",
            "CSS.K1.A",
            "ABCDEFGHIJK.1",
        ] {
            assert_eq!(normalize_id(bad), None, "{bad}");
        }
        assert!(!is_criterion_id("CSS.k1"));
        assert!(!is_criterion_id("RES.04"));
    }

    fn ksb_unit() -> Catalogue {
        let mut cat = Catalogue::default();
        cat.merge(
            parse_unit(
                "CSS.toml",
                "code = \"CSS\"\ntitle = \"T\"\nqualification = \"Customer Service Practitioner (ST0072)\"\n\
                 [[criteria]]\nid = \"CSS.B1\"\ntext = \"b\"\n\
                 [[criteria]]\nid = \"CSS.S10\"\ntext = \"s\"\n\
                 [[criteria]]\nid = \"CSS.S2\"\ntext = \"s\"\n\
                 [[criteria]]\nid = \"CSS.K1\"\ntext = \"k\"\n",
            )
            .unwrap(),
        );
        cat
    }

    #[test]
    fn criteria_sort_naturally_knowledge_skills_behaviours() {
        let cat = ksb_unit();
        let ids: Vec<&str> = cat.criteria().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["CSS.K1", "CSS.S2", "CSS.S10", "CSS.B1"]);
        let mut dotted = vec!["ILM.1.10", "ILM.2.1", "ILM.1.2", "ILM.10"];
        dotted.sort_by_key(|id| natural_key(id));
        assert_eq!(dotted, ["ILM.1.2", "ILM.1.10", "ILM.2.1", "ILM.10"]);
    }

    #[test]
    fn ksb_ids_resolve_however_they_are_typed() {
        let mut cat = ksb_unit();
        for typed in ["CSS.S10", "css.s10", "css-s10", "@cssS10", "s10", "S10"] {
            assert_eq!(
                cat.resolve(typed).map(|c| c.id.as_str()).ok(),
                Some("CSS.S10"),
                "{typed}"
            );
        }
        assert!(
            cat.lookup("S10").is_none(),
            "a code alone is not read out of text"
        );
        let err = cat.resolve("CSS.S3").map(|_| ()).unwrap_err();
        assert_eq!(err.hint(), Some("CSS has CSS.K1–CSS.B1"));
        // A code two units share is not guessed.
        cat.merge(
            parse_unit(
                "TL.toml",
                "code = \"TL\"\ntitle = \"T\"\n[[criteria]]\nid = \"TL.K1\"\ntext = \"k\"\n",
            )
            .unwrap(),
        );
        assert!(cat.resolve("K1").is_err());
        assert_eq!(
            cat.resolve_list(["tl.k1,css.k1"]).ok(),
            Some(vec!["CSS.K1".to_string(), "TL.K1".to_string()])
        );
    }

    #[test]
    fn qualifications_are_named_and_found() {
        let mut cat = Catalogue::builtin();
        cat.merge(ksb_unit().units.remove(0));
        assert_eq!(
            cat.qualifications(),
            [
                BUILTIN_QUALIFICATION,
                "Customer Service Practitioner (ST0072)"
            ]
        );
        assert_eq!(
            cat.resolve_qualification("st0072").ok(),
            Some("Customer Service Practitioner (ST0072)")
        );
        assert_eq!(
            cat.resolve_qualification("built-in").ok(),
            Some(BUILTIN_QUALIFICATION)
        );
        let err = cat.resolve_qualification("customer").unwrap_err();
        assert!(err.hint().unwrap().starts_with("it could be"), "{err:?}");
        let err = cat.resolve_qualification("ST0384").unwrap_err();
        assert!(
            err.hint().unwrap().starts_with("the logbook has"),
            "{err:?}"
        );
        let only = cat.only_qualification("Customer Service Practitioner (ST0072)");
        assert_eq!(only.criteria().count(), 4);
        // A user unit replacing a built-in one keeps its qualification.
        cat.merge(
            parse_unit(
                "RES.toml",
                "code = \"RES\"\ntitle = \"Mine\"\n[[criteria]]\nid = \"RES.1\"\ntext = \"x\"\n",
            )
            .unwrap(),
        );
        assert_eq!(
            cat.unit("RES").and_then(|u| u.qualification.as_deref()),
            Some(BUILTIN_QUALIFICATION)
        );
    }

    #[test]
    fn unit_files_are_checked_where_they_go_wrong() {
        let bad = |text: &str| parse_unit("x.toml", text).unwrap_err();
        let p = bad("code = \"css\"\ntitle = \"T\"\n");
        assert!(p.message.starts_with("unit code \"css\""), "{p:?}");
        let p = bad(
            "code = \"CSS\"\ntitle = \"T\"\n[[criteria]]\nid = \"CSS.K1\"\ntext = \"a\"\n[[criteria]]\nid = \"CSS.K1\"\ntext = \"b\"\n",
        );
        assert_eq!((p.line, p.message.as_str()), (7, "CSS.K1 is listed twice"));
        let p = bad("code = \"CSS\"\ntitle = \"T\"\n[[criteria]]\nid = \"CSS.k1\"\ntext = \"a\"\n");
        assert_eq!(p.line, 4);
        assert!(
            p.message
                .contains("should look like CSS.1, CSS.K1 or CSS.1.2"),
            "{p:?}"
        );
        let p = bad("code = \"CSS\"\ntitle = \"T\"\n[[criteria]]\nid = \"CSS.K1\"\ntext = \" \"\n");
        assert!(p.message.contains("text is empty"), "{p:?}");
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
