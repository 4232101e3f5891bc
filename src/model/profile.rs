//! The candidate's profile: who they are and what programme they are on
//! (learner, registration, centre, awarding body, qualification, employer,
//! job role, assessor, programme dates). The values live at the top level of
//! `logbook.toml`, next to the other settings; `logbook config set KEY VALUE`
//! writes them, `logbook config` shows where each comes from.
//!
//! Every key is one row of [`KEYS`]: its name, what kind of value it takes,
//! the label the portfolio prints and a line of help. Adding a key (say
//! `otj_minimum_hours`, a [`Kind::Hours`]) is adding a row; parsing,
//! validation, `config set/get`, the `LOGBOOK_<KEY>` environment override
//! and `config`'s listing all follow from the table.

use chrono::NaiveDate;
use serde::Serialize;
use serde::ser::SerializeMap;

use crate::model::dates;
use crate::model::diagnostic::Hinted;
use crate::model::names::closest;

/// What a profile key holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// One line of text.
    Text,
    /// A calendar day, written `YYYY-MM-DD` (typed in any form the date
    /// parser takes: `1 September 2026`, `2026-09-01`, `today`…).
    Date,
    /// A number of hours, zero or more (`278`, `1.5`).
    Hours,
    /// Yes or no (`true`/`false`, `yes`/`no`).
    Flag,
}

/// One profile key: a row of the registry.
#[derive(Debug, Clone, Copy)]
pub struct Key {
    /// The name in `logbook.toml` and on the command line.
    pub name: &'static str,
    pub kind: Kind,
    /// How the portfolio's front page labels it.
    pub label: &'static str,
    /// One line for `config` and `--help`.
    pub help: &'static str,
}

/// Every profile key, in the order the front page and `config` show them.
pub const KEYS: &[Key] = &[
    Key {
        name: "learner",
        kind: Kind::Text,
        label: "Candidate",
        help: "your name as the awarding body has it",
    },
    Key {
        name: "registration",
        kind: Kind::Text,
        label: "Registration number",
        help: "your learner or candidate registration number (ULN)",
    },
    Key {
        name: "centre",
        kind: Kind::Text,
        label: "Centre",
        help: "the training provider or centre, with its number",
    },
    Key {
        name: "awarding_body",
        kind: Kind::Text,
        label: "Awarding body",
        help: "e.g. ILM, City & Guilds, Pearson",
    },
    Key {
        name: "qualification",
        kind: Kind::Text,
        label: "Qualification",
        help: "the qualification or apprenticeship standard, with its number",
    },
    Key {
        name: "employer",
        kind: Kind::Text,
        label: "Employer",
        help: "the organisation you work for",
    },
    Key {
        name: "job_role",
        kind: Kind::Text,
        label: "Job role",
        help: "your job title",
    },
    Key {
        name: "assessor",
        kind: Kind::Text,
        label: "Assessor",
        help: "your assessor's name",
    },
    Key {
        name: "start_date",
        kind: Kind::Date,
        label: "Programme start",
        help: "the day the programme started",
    },
    Key {
        name: "end_date",
        kind: Kind::Date,
        label: "Programme end",
        help: "the day the programme is planned to end",
    },
    Key {
        name: "otj_minimum_hours",
        kind: Kind::Hours,
        label: "Off-the-job training minimum",
        help: "apprenticeships: the off-the-job hours your standard requires, e.g. 278",
    },
    Key {
        name: "english",
        kind: Kind::Text,
        label: "English",
        help: "apprenticeships: your English level and when you achieved it (or exemption)",
    },
    Key {
        name: "maths",
        kind: Kind::Text,
        label: "Maths",
        help: "apprenticeships: your maths level and when you achieved it (or exemption)",
    },
    Key {
        name: "employer_signoff",
        kind: Kind::Date,
        label: "Employer sign-off for gateway",
        help: "apprenticeships: the day your employer confirmed you are ready for gateway",
    },
];

/// Keys that only some candidates have (the apprenticeship ones): the
/// portfolio's front page shows them once set, and `export` does not ask
/// for them.
pub const SHOWN_WHEN_SET: &[&str] = &["otj_minimum_hours", "english", "maths", "employer_signoff"];

/// Whether the front page shows `key` even while it is unset.
pub fn always_shown(key: &Key) -> bool {
    !SHOWN_WHEN_SET.contains(&key.name)
}

/// The registry row for `name`, exactly.
pub fn key(name: &str) -> Option<&'static Key> {
    KEYS.iter().find(|k| k.name == name)
}

/// The environment variable that overrides a key: `LOGBOOK_LEARNER`.
pub fn env_var(key: &Key) -> String {
    format!("LOGBOOK_{}", key.name.to_uppercase())
}

/// A profile value, typed by its key's [`Kind`].
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Date(NaiveDate),
    Hours(f64),
    Flag(bool),
}

impl Value {
    /// As `config get` prints it and the portfolio shows it: dates as
    /// `YYYY-MM-DD`.
    pub fn display(&self) -> String {
        match self {
            Value::Text(t) => t.clone(),
            Value::Date(d) => d.format("%Y-%m-%d").to_string(),
            Value::Hours(h) => h.to_string(),
            Value::Flag(b) => if *b { "yes" } else { "no" }.to_string(),
        }
    }

    /// The TOML value written to `logbook.toml` (a date as a TOML date).
    pub fn to_toml_edit(&self) -> toml_edit::Value {
        match self {
            Value::Text(t) => toml_edit::Value::from(t.as_str()),
            Value::Date(d) => {
                let text = d.format("%Y-%m-%d").to_string();
                text.parse::<toml_edit::Datetime>()
                    .map_or_else(|_| toml_edit::Value::from(text), toml_edit::Value::from)
            }
            Value::Hours(h) => toml_edit::Value::from(*h),
            Value::Flag(b) => toml_edit::Value::from(*b),
        }
    }
}

impl Serialize for Value {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Text(t) => s.serialize_str(t),
            Value::Date(d) => s.serialize_str(&d.format("%Y-%m-%d").to_string()),
            Value::Hours(h) => s.serialize_f64(*h),
            Value::Flag(b) => s.serialize_bool(*b),
        }
    }
}

/// A value that does not fit its key, or a key that is not one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProfileError {
    #[error("unknown key {name:?}")]
    UnknownKey { name: String, hint: String },
    #[error("{key}: {reason}")]
    BadValue { key: String, reason: String },
}

impl Hinted for ProfileError {
    fn hint(&self) -> Option<&str> {
        match self {
            ProfileError::UnknownKey { hint, .. } => Some(hint),
            ProfileError::BadValue { .. } => None,
        }
    }
}

impl ProfileError {
    /// `name` is no profile key; `others` are keys that are settings but
    /// not profile keys (offered as "did you mean" too).
    pub fn unknown(name: &str, others: &[&'static str]) -> ProfileError {
        let all = KEYS.iter().map(|k| k.name).chain(others.iter().copied());
        let hint = match closest(name, all) {
            Some(near) => format!("did you mean {near}?"),
            None => format!(
                "the profile keys are {}",
                KEYS.iter().map(|k| k.name).collect::<Vec<_>>().join(", ")
            ),
        };
        ProfileError::UnknownKey {
            name: name.to_string(),
            hint,
        }
    }

    fn bad(key: &Key, reason: impl Into<String>) -> ProfileError {
        ProfileError::BadValue {
            key: key.name.to_string(),
            reason: reason.into(),
        }
    }
}

/// What a person typed for `key` (on the command line or in the
/// environment), checked and tidied. Dates may be in any form the date
/// parser takes, relative to `today`.
pub fn parse_typed(key: &Key, text: &str, today: NaiveDate) -> Result<Value, ProfileError> {
    let trimmed = text.trim();
    match key.kind {
        Kind::Text => {
            if trimmed.contains(['\n', '\r']) {
                return Err(ProfileError::bad(key, "must be one line"));
            }
            if trimmed.chars().any(char::is_control) {
                return Err(ProfileError::bad(key, "contains a control character"));
            }
            if trimmed.is_empty() {
                return Err(ProfileError::bad(key, "is empty"));
            }
            Ok(Value::Text(
                trimmed.split_whitespace().collect::<Vec<_>>().join(" "),
            ))
        }
        Kind::Date => dates::parse_date(trimmed, today)
            .map(Value::Date)
            .map_err(|e| ProfileError::bad(key, e.to_string())),
        Kind::Hours => match trimmed.trim_end_matches('h').trim().parse::<f64>() {
            Ok(h) if h.is_finite() && h >= 0.0 => Ok(Value::Hours(h)),
            _ => Err(ProfileError::bad(
                key,
                format!("{trimmed:?} is not a number of hours, e.g. 278"),
            )),
        },
        Kind::Flag => match trimmed.to_lowercase().as_str() {
            "true" | "yes" | "y" | "1" | "on" => Ok(Value::Flag(true)),
            "false" | "no" | "n" | "0" | "off" => Ok(Value::Flag(false)),
            _ => Err(ProfileError::bad(
                key,
                format!("{trimmed:?} is not yes or no"),
            )),
        },
    }
}

/// A value as it is written in `logbook.toml`: text as a string; a date as
/// a TOML date or a `YYYY-MM-DD` string; hours as a number; a flag as a
/// boolean. The message says what was expected.
pub fn from_toml(key: &Key, value: &toml::Value) -> Result<Value, String> {
    match (key.kind, value) {
        // Whatever was written by hand is kept; the documents put it on one line.
        (Kind::Text, toml::Value::String(s)) => Ok(Value::Text(s.trim().to_string())),
        (Kind::Text, _) => Err(format!("{} must be text in quotes", key.name)),
        (Kind::Date, toml::Value::Datetime(dt)) => match (&dt.date, &dt.time) {
            (Some(d), None) => {
                NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
                    .map(Value::Date)
                    .ok_or_else(|| format!("{} is not a real date", key.name))
            }
            _ => Err(format!("{} must be a plain date like 2026-09-01", key.name)),
        },
        (Kind::Date, toml::Value::String(s)) => NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
            .map(Value::Date)
            .map_err(|_| format!("{} must be a date like 2026-09-01, not {s:?}", key.name)),
        (Kind::Date, _) => Err(format!("{} must be a date like 2026-09-01", key.name)),
        (Kind::Hours, toml::Value::Integer(n)) if *n >= 0 => Ok(Value::Hours(*n as f64)),
        (Kind::Hours, toml::Value::Float(h)) if h.is_finite() && *h >= 0.0 => Ok(Value::Hours(*h)),
        (Kind::Hours, _) => Err(format!("{} must be a number of hours, e.g. 278", key.name)),
        (Kind::Flag, toml::Value::Boolean(b)) => Ok(Value::Flag(*b)),
        (Kind::Flag, _) => Err(format!("{} must be true or false", key.name)),
    }
}

/// The profile values that are set, in registry order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Profile {
    values: Vec<(&'static str, Value)>,
}

impl Profile {
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.values.iter().find(|(k, _)| *k == name).map(|(_, v)| v)
    }

    /// A text value, or `None` when unset (or not text).
    pub fn text(&self, name: &str) -> Option<&str> {
        match self.get(name) {
            Some(Value::Text(t)) if !t.trim().is_empty() => Some(t),
            _ => None,
        }
    }

    pub fn date(&self, name: &str) -> Option<NaiveDate> {
        match self.get(name) {
            Some(Value::Date(d)) => Some(*d),
            _ => None,
        }
    }

    pub fn hours(&self, name: &str) -> Option<f64> {
        match self.get(name) {
            Some(Value::Hours(h)) => Some(*h),
            _ => None,
        }
    }

    pub fn flag(&self, name: &str) -> Option<bool> {
        match self.get(name) {
            Some(Value::Flag(b)) => Some(*b),
            _ => None,
        }
    }

    /// Sets (or with `None` clears) a key's value.
    pub fn set(&mut self, key: &'static Key, value: Option<Value>) {
        self.values.retain(|(k, _)| *k != key.name);
        if let Some(value) = value {
            self.values.push((key.name, value));
            let order = |name: &str| KEYS.iter().position(|k| k.name == name);
            self.values.sort_by_key(|(k, _)| order(k));
        }
    }
}

/// Every key, `null` when unset, in registry order.
impl Serialize for Profile {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(KEYS.len()))?;
        for key in KEYS {
            map.serialize_entry(key.name, &self.get(key.name))?;
        }
        map.end()
    }
}

/// `logbook.toml`'s text with `key` set to `value` (or removed, with
/// `None`), every comment and other setting kept. Fails when the text is
/// not TOML, so a broken file is never rewritten.
pub fn set_in_text(text: &str, key: &Key, value: Option<&Value>) -> Result<String, String> {
    let mut doc: toml_edit::DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| {
        e.message().lines().next().unwrap_or("not TOML").to_string()
    })?;
    match value {
        Some(v) => {
            let new = v.to_toml_edit();
            match doc
                .get_mut(key.name)
                .and_then(toml_edit::Item::as_value_mut)
            {
                // Keep the comment and spacing around the old value.
                Some(old) => {
                    let decor = old.decor().clone();
                    *old = new;
                    *old.decor_mut() = decor;
                }
                None => {
                    doc.insert(key.name, toml_edit::Item::Value(new));
                }
            }
        }
        None => {
            // A comment written above the key stays, above what follows it.
            let prefix = doc
                .as_table()
                .key(key.name)
                .and_then(|k| k.leaf_decor().prefix())
                .and_then(|p| p.as_str())
                .map(str::to_string);
            let names: Vec<String> = doc.as_table().iter().map(|(k, _)| k.to_string()).collect();
            if doc.remove(key.name).is_none() {
                return Ok(doc.to_string());
            }
            let next = names.iter().skip_while(|n| *n != key.name).nth(1);
            if let Some(prefix) = prefix.filter(|p| p.contains('#')) {
                keep_comment(&mut doc, next.map(String::as_str), &prefix);
            }
        }
    }
    Ok(doc.to_string())
}

/// Puts `prefix` (comment lines) before the item named `next`, or at the
/// end of the document when there is none.
fn keep_comment(doc: &mut toml_edit::DocumentMut, next: Option<&str>, prefix: &str) {
    let join = |old: Option<&toml_edit::RawString>| {
        format!(
            "{prefix}{}",
            old.and_then(|p| p.as_str()).unwrap_or_default()
        )
    };
    if let Some(name) = next {
        let is_value = doc.get(name).is_some_and(toml_edit::Item::is_value);
        if is_value && let Some(mut k) = doc.as_table_mut().key_mut(name) {
            let joined = join(k.leaf_decor().prefix());
            k.leaf_decor_mut().set_prefix(joined);
            return;
        }
        if let Some(table) = doc.get_mut(name).and_then(toml_edit::Item::as_table_mut) {
            let joined = join(table.decor().prefix());
            table.decor_mut().set_prefix(joined);
            return;
        }
    }
    let trailing = doc.trailing().as_str().unwrap_or_default().to_string();
    doc.set_trailing(format!("{trailing}{prefix}"));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
    }

    #[test]
    fn every_key_is_named_once_in_snake_case() {
        let mut seen = std::collections::HashSet::new();
        for k in KEYS {
            assert!(seen.insert(k.name), "{} twice", k.name);
            assert!(
                k.name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
                "{}",
                k.name
            );
        }
        assert_eq!(env_var(key("job_role").unwrap()), "LOGBOOK_JOB_ROLE");
    }

    #[test]
    fn typed_values_are_checked_and_tidied() {
        let learner = key("learner").unwrap();
        assert_eq!(
            parse_typed(learner, "  Sam   Taylor ", today()),
            Ok(Value::Text("Sam Taylor".into()))
        );
        assert!(parse_typed(learner, "", today()).is_err());
        assert!(parse_typed(learner, "a\nb", today()).is_err());
        let start = key("start_date").unwrap();
        assert_eq!(
            parse_typed(start, "2026-09-01", today()).unwrap().display(),
            "2026-09-01"
        );
        assert_eq!(
            parse_typed(start, "yesterday", today()).unwrap().display(),
            "2026-11-27"
        );
        let err = parse_typed(start, "soonish", today()).unwrap_err();
        assert!(
            err.to_string().starts_with("start_date: \"soonish\""),
            "{err}"
        );
        let hours = Key {
            name: "otj_minimum_hours",
            kind: Kind::Hours,
            label: "",
            help: "",
        };
        assert_eq!(parse_typed(&hours, "278", today()), Ok(Value::Hours(278.0)));
        assert!(parse_typed(&hours, "-1", today()).is_err());
    }

    #[test]
    fn unknown_keys_get_a_did_you_mean() {
        let err = ProfileError::unknown("registraton", &[]);
        assert_eq!(err.hint(), Some("did you mean registration?"));
        let err = ProfileError::unknown("zzz", &[]);
        assert!(
            err.hint()
                .unwrap()
                .starts_with("the profile keys are learner")
        );
    }

    #[test]
    fn setting_a_key_keeps_comments_and_other_settings() {
        let text = "# my logbook\nlearner = \"Sam\" # that's me\n\n[gaps]\ncurrency_months = 6\n";
        let learner = key("learner").unwrap();
        let out = set_in_text(text, learner, Some(&Value::Text("Sam Taylor".into()))).unwrap();
        assert_eq!(
            out,
            "# my logbook\nlearner = \"Sam Taylor\" # that's me\n\n[gaps]\ncurrency_months = 6\n"
        );
        let start = key("start_date").unwrap();
        let date = Value::Date(NaiveDate::from_ymd_opt(2026, 9, 1).unwrap());
        let out = set_in_text(&out, start, Some(&date)).unwrap();
        assert!(out.contains("start_date = 2026-09-01\n"), "{out}");
        assert!(out.find("start_date").unwrap() < out.find("[gaps]").unwrap());
        let out = set_in_text(&out, learner, None).unwrap();
        assert!(!out.contains("learner"), "{out}");
        assert!(out.contains("# my logbook"));
        assert!(set_in_text("learner = ", learner, None).is_err());
    }
}
