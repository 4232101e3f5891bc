//! What other people add to an entry, kept apart from it: a witness's
//! testimony and an assessor's decision. Each is one small TOML file of its
//! own (see `store::records` for where), written once and never changed,
//! so a candidate's entry file is never rewritten by anyone else and two
//! people's records can never collide.
//!
//! An assessor's decision carries the SHA-256 of the entry file it judged;
//! once the entry changes, the decision is no longer *current* (the
//! assessor judged other words).

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::model::diagnostic::Diagnostic;
use crate::model::entry::{SerialiseError, format_time};
use crate::model::named::named_enum;

named_enum! {
    /// What the assessor decided about the evidence for a criterion.
    pub enum Decision {
        /// The evidence meets the criterion.
        Accepted = "accepted",
        /// Not yet: the feedback says what to do.
        ActionRequired = "action-required",
    }
}

impl Decision {
    /// "Accepted", "Action required": for documents and tables.
    pub fn words(self) -> &'static str {
        match self {
            Decision::Accepted => "Accepted",
            Decision::ActionRequired => "Action required",
        }
    }
}

/// A witness testimony: who saw it, how they know the candidate, what they
/// say, and whether they signed it. Witnesses are identifiable on purpose
/// (it is the customer who is anonymised).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Witness {
    /// The entry it is about.
    pub entry: String,
    /// When it was recorded in the logbook.
    #[serde(with = "time")]
    pub recorded: DateTime<FixedOffset>,
    pub name: String,
    pub role: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relationship: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
    /// The day the witness gave the statement.
    #[serde(with = "day")]
    pub date: NaiveDate,
    #[serde(default)]
    pub signed: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statement: Option<String>,
}

/// An assessor's decision on an entry, for one or more criteria.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assessment {
    pub entry: String,
    #[serde(with = "time")]
    pub recorded: DateTime<FixedOffset>,
    pub criteria: Vec<String>,
    pub decision: Decision,
    pub assessor: String,
    /// How the assessor assessed it: "examined product", "observation"…
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// The day of the decision.
    #[serde(with = "day")]
    pub date: NaiveDate,
    /// SHA-256 (hex) of the entry file's bytes as they were judged.
    pub entry_sha256: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feedback: Option<String>,
}

/// A record file: a witness testimony or an assessor's decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Record {
    Witness(Witness),
    Assessment(Assessment),
}

impl Record {
    pub fn entry(&self) -> &str {
        match self {
            Record::Witness(w) => &w.entry,
            Record::Assessment(a) => &a.entry,
        }
    }

    pub fn recorded(&self) -> DateTime<FixedOffset> {
        match self {
            Record::Witness(w) => w.recorded,
            Record::Assessment(a) => a.recorded,
        }
    }

    /// The free text someone wrote in the record, by field: a witness's
    /// statement or the assessor's feedback — what may mention a customer
    /// and is scanned for personal data (the export redacts it). A witness's
    /// own name, role and contact are not: witnesses are named on purpose.
    pub fn texts(&self) -> Vec<(&'static str, &str)> {
        match self {
            Record::Witness(w) => w.statement.as_deref().map(|t| ("statement", t)),
            Record::Assessment(a) => a.feedback.as_deref().map(|t| ("feedback", t)),
        }
        .into_iter()
        .collect()
    }

    /// `witness` or `assessment`: the start of its file name.
    pub fn kind(&self) -> &'static str {
        match self {
            Record::Witness(_) => "witness",
            Record::Assessment(_) => "assessment",
        }
    }

    /// The file's text, or why it cannot be made (a date outside the
    /// years a TOML file holds): never an empty or partial text. The store
    /// checks it reads back before writing it (`store::verify::record_text`).
    pub fn to_toml(&self) -> Result<String, SerialiseError> {
        let body = match self {
            Record::Witness(w) => toml::to_string(w),
            Record::Assessment(a) => toml::to_string(a),
        };
        body.map_err(|e| SerialiseError::Toml(e.to_string()))
    }

    /// Reads a record file of the kind its name says (`witness-…` or
    /// `assessment-…`); a problem carries its line and column.
    pub fn parse(kind: &str, text: &str) -> Result<Record, Diagnostic> {
        let toml_err = |e: toml::de::Error| Diagnostic::toml(text, 0, &e);
        match kind {
            "witness" => toml::from_str(text).map(Record::Witness).map_err(toml_err),
            "assessment" => toml::from_str(text)
                .map(Record::Assessment)
                .map_err(toml_err),
            _ => Err(Diagnostic::new(
                1,
                1,
                "not a record: its name must start with witness- or assessment-",
            )),
        }
    }
}

/// Times as in entry files: RFC 3339 with whole seconds and an offset.
pub(crate) mod time {
    use chrono::{DateTime, FixedOffset};
    use serde::{Deserialize, Deserializer, Serializer};

    pub(crate) fn serialize<S: Serializer>(
        t: &DateTime<FixedOffset>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        let value: toml::value::Datetime = super::format_time(t)
            .parse()
            .map_err(serde::ser::Error::custom)?;
        serde::Serialize::serialize(&value, s)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<DateTime<FixedOffset>, D::Error> {
        let value = toml::value::Datetime::deserialize(d)?;
        DateTime::parse_from_rfc3339(&value.to_string()).map_err(serde::de::Error::custom)
    }
}

/// Days as TOML dates.
pub(crate) mod day {
    use chrono::NaiveDate;
    use serde::{Deserialize, Deserializer, Serializer};

    pub(crate) fn serialize<S: Serializer>(d: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        let value: toml::value::Datetime = d
            .format("%Y-%m-%d")
            .to_string()
            .parse()
            .map_err(serde::ser::Error::custom)?;
        serde::Serialize::serialize(&value, s)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        let value = toml::value::Datetime::deserialize(d)?;
        match (value.date, value.time) {
            (Some(date), None) => NaiveDate::from_ymd_opt(
                i32::from(date.year),
                u32::from(date.month),
                u32::from(date.day),
            )
            .ok_or_else(|| serde::de::Error::custom("not a real date")),
            _ => Err(serde::de::Error::custom(
                "expected a plain date like 2026-11-27",
            )),
        }
    }
}

/// The hex SHA-256 of some bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    hex(&Sha256::digest(bytes))
}

/// Lowercase hex of some bytes.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    out
}

/// A record's time as a file-name part: `20261128T100000Z`-like, in the
/// record's own offset (`+0100` becomes `p0100`).
pub fn time_stamp(t: &DateTime<FixedOffset>) -> String {
    t.format("%Y%m%dT%H%M%S%z")
        .to_string()
        .replace('+', "p")
        .replace('-', "m")
}

/// The JSON shape of a witness in `show --json`.
#[derive(Debug, Clone, Serialize)]
pub struct WitnessView<'a> {
    pub name: &'a str,
    pub role: &'a str,
    pub relationship: Option<&'a str>,
    pub contact: Option<&'a str>,
    pub statement: Option<&'a str>,
    pub date: NaiveDate,
    pub signed: bool,
}

impl Witness {
    pub fn view(&self) -> WitnessView<'_> {
        WitnessView {
            name: &self.name,
            role: &self.role,
            relationship: self.relationship.as_deref(),
            contact: self.contact.as_deref(),
            statement: self.statement.as_deref(),
            date: self.date,
            signed: self.signed,
        }
    }
}

/// The JSON shape of one criterion's decision in `show --json`.
#[derive(Debug, Clone, Serialize)]
pub struct AssessmentView<'a> {
    pub criterion: &'a str,
    pub decision: Decision,
    pub assessor: &'a str,
    pub feedback: Option<&'a str>,
    pub method: Option<&'a str>,
    pub date: NaiveDate,
    pub current: bool,
}

impl Assessment {
    /// One view per criterion; `current` when the entry file's hash is
    /// still `entry_sha256`.
    pub fn views(&self, current_hash: Option<&str>) -> Vec<AssessmentView<'_>> {
        let current = current_hash == Some(self.entry_sha256.as_str());
        self.criteria
            .iter()
            .map(|c| AssessmentView {
                criterion: c,
                decision: self.decision,
                assessor: &self.assessor,
                feedback: self.feedback.as_deref(),
                method: self.method.as_deref(),
                date: self.date,
                current,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    #[test]
    fn records_read_back_as_written() {
        let w = Record::Witness(Witness {
            entry: "2026-11-27-x".into(),
            recorded: at("2026-11-28T10:00:00+01:00"),
            name: "Priya Shah".into(),
            role: "Store manager".into(),
            relationship: Some("Line manager".into()),
            contact: None,
            date: NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(),
            signed: true,
            statement: Some("I saw it.\n\nAll of it \"\"\" too.".into()),
        });
        let text = w.to_toml().unwrap();
        assert!(
            text.contains("recorded = 2026-11-28T10:00:00+01:00\n"),
            "{text}"
        );
        assert!(text.contains("date = 2026-11-27\n"), "{text}");
        assert_eq!(Record::parse("witness", &text).unwrap(), w);

        let a = Record::Assessment(Assessment {
            entry: "2026-11-27-x".into(),
            recorded: at("2026-11-28T10:00:00Z"),
            criteria: vec!["RES.1".into(), "RES.6".into()],
            decision: Decision::ActionRequired,
            assessor: "A. Assessor".into(),
            method: Some("examined product".into()),
            date: NaiveDate::from_ymd_opt(2026, 11, 28).unwrap(),
            entry_sha256: sha256_hex(b"x"),
            feedback: Some("Say how you followed up.".into()),
        });
        let text = a.to_toml().unwrap();
        assert!(text.contains("decision = \"action-required\"\n"), "{text}");
        assert_eq!(Record::parse("assessment", &text).unwrap(), a);
        let bad = text.replace("action-required", "maybe");
        let p = Record::parse("assessment", &bad).unwrap_err();
        assert!(p.message.contains("maybe"), "{p:?}");
    }

    #[test]
    fn hashes_and_stamps() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            time_stamp(&at("2026-11-28T10:00:00Z")),
            "20261128T100000p0000"
        );
        assert_eq!(
            time_stamp(&at("2026-11-28T10:00:00-05:00")),
            "20261128T100000m0500"
        );
    }
}
