//! Training hours: what an apprentice logs with `logbook hours add` — how
//! long, on which day, doing what, whether it was off-the-job training (the
//! default) — and the durations people type (`2h30m`, `90m`, `1.5h`).
//!
//! Each logged stretch of time is one small TOML file of its own, written
//! once and never changed (see `store::hours` for where). A mistake is put
//! right by a [`Void`] record naming the one it cancels, so copies of a
//! logbook merge by taking every file.

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::model::diagnostic::Diagnostic;
use crate::model::entry::SerialiseError;
use crate::model::record::{day, time};

/// The longest stretch one record may hold: a day. Longer is a typo
/// (`25h`) or a week logged at once, which hides the weekly pattern an
/// assessor checks.
pub const MAX_MINUTES: u32 = 24 * 60;

/// A duration that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DurationError {
    #[error("the duration is empty; write it like 2h30m, 90m or 1.5h")]
    Empty,
    #[error("{0:?} has no unit; write {0}h for hours or {0}m for minutes")]
    NoUnit(String),
    #[error("{0:?} is not a duration; write it like 2h30m, 90m or 1.5h")]
    NotADuration(String),
    #[error("{0:?} is no time at all; log at least a minute")]
    Zero(String),
    #[error("{0:?} is more than 24 hours; log each day's hours separately")]
    TooLong(String),
}

/// Minutes in a duration as people write it: `2h30m`, `2h 30m`, `90m`,
/// `90 min`, `1.5h`, `2h`, `2 hours`, `1 hour 15 minutes`, `2:30`.
/// Fractions of a minute are rounded to the nearest minute.
pub fn parse_duration(input: &str) -> Result<u32, DurationError> {
    let text = input.trim().to_lowercase();
    if text.is_empty() {
        return Err(DurationError::Empty);
    }
    let bad = || DurationError::NotADuration(input.trim().to_string());
    let minutes: f64 = if let Some((h, m)) = text.split_once(':') {
        // 2:30
        let hours: u32 = h.trim().parse().map_err(|_| bad())?;
        let mins: u32 = m.trim().parse().map_err(|_| bad())?;
        if m.trim().len() != 2 || mins >= 60 {
            return Err(bad());
        }
        f64::from(hours) * 60.0 + f64::from(mins)
    } else {
        let mut total = 0.0;
        let mut rest = text.as_str();
        let mut units_seen: Vec<char> = Vec::new();
        while !rest.trim_start().is_empty() {
            rest = rest.trim_start();
            let number_len = rest
                .find(|c: char| !(c.is_ascii_digit() || c == '.'))
                .unwrap_or(rest.len());
            let number = &rest[..number_len];
            if number.is_empty() || number == "." {
                return Err(bad());
            }
            let value: f64 = number.parse().map_err(|_| bad())?;
            rest = rest[number_len..].trim_start();
            let unit_len = rest
                .find(|c: char| !c.is_ascii_alphabetic())
                .unwrap_or(rest.len());
            let unit = &rest[..unit_len];
            rest = &rest[unit_len..];
            let (kind, factor) = match unit {
                "h" | "hr" | "hrs" | "hour" | "hours" => ('h', 60.0),
                "m" | "min" | "mins" | "minute" | "minutes" => ('m', 1.0),
                "" if units_seen.is_empty() && rest.trim().is_empty() => {
                    return Err(DurationError::NoUnit(number.to_string()));
                }
                // 2h30: the minutes after the hours need no unit.
                "" if units_seen == ['h'] && rest.trim().is_empty() && !number.contains('.') => {
                    ('m', 1.0)
                }
                _ => return Err(bad()),
            };
            // Hours before minutes, each once: `30m2h` and `2h2h` are typos.
            if units_seen.contains(&kind) || (kind == 'h' && units_seen.contains(&'m')) {
                return Err(bad());
            }
            units_seen.push(kind);
            total += value * factor;
        }
        total
    };
    if !minutes.is_finite() || minutes > f64::from(MAX_MINUTES) {
        return Err(DurationError::TooLong(input.trim().to_string()));
    }
    let rounded = minutes.round();
    if rounded < 1.0 {
        return Err(DurationError::Zero(input.trim().to_string()));
    }
    // At most MAX_MINUTES, so it fits.
    Ok(rounded as u32)
}

/// Minutes as a duration to read: `2h30m`, `45m`, `3h`.
pub fn format_minutes(minutes: u32) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m}m"),
        (h, 0) => format!("{h}h"),
        (h, m) => format!("{h}h{m:02}m"),
    }
}

/// Minutes as hours, a number for JSON: two decimals at most (90 → 1.5).
pub fn minutes_to_hours(minutes: u64) -> f64 {
    // Hours to two decimals; exact for the quarter hours people log.
    (minutes as f64 / 60.0 * 100.0).round() / 100.0
}

/// Hours for people: `278`, `12.5`, `0.25` — no trailing zeros.
pub fn hours_text(hours: f64) -> String {
    let text = format!("{:.2}", (hours * 100.0).round() / 100.0);
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text.is_empty() || text == "-0" {
        "0".to_string()
    } else {
        text.to_string()
    }
}

/// One logged stretch of training time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hours {
    /// When it was logged.
    #[serde(with = "time")]
    pub recorded: DateTime<FixedOffset>,
    /// The day the training happened.
    #[serde(with = "day")]
    pub date: NaiveDate,
    pub minutes: u32,
    /// What the training was: "Workshop: handling complaints".
    pub activity: String,
    /// Off-the-job training (counts towards the minimum) or on-the-job.
    #[serde(default = "yes")]
    pub off_the_job: bool,
    /// The entry that describes what was learned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entry: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

fn yes() -> bool {
    true
}

/// A correction: the hours record it names no longer counts. The record
/// itself stays, so every copy of the logbook agrees after a merge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Void {
    #[serde(with = "time")]
    pub recorded: DateTime<FixedOffset>,
    /// The id of the hours record it cancels.
    pub voids: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// An hours file: a stretch of time, or the voiding of one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HoursFile {
    Hours(Hours),
    Void(Void),
}

impl HoursFile {
    /// `hours` or `void`: the start of its file name.
    pub fn kind(&self) -> &'static str {
        match self {
            HoursFile::Hours(_) => "hours",
            HoursFile::Void(_) => "void",
        }
    }

    pub fn recorded(&self) -> DateTime<FixedOffset> {
        match self {
            HoursFile::Hours(h) => h.recorded,
            HoursFile::Void(v) => v.recorded,
        }
    }

    /// The file's text, or why it cannot be made.
    pub fn to_toml(&self) -> Result<String, SerialiseError> {
        match self {
            HoursFile::Hours(h) => toml::to_string(h),
            HoursFile::Void(v) => toml::to_string(v),
        }
        .map_err(|e| SerialiseError::Toml(e.to_string()))
    }

    /// Reads an hours file of the kind its name says; a problem carries
    /// its line and column.
    pub fn parse(kind: &str, text: &str) -> Result<HoursFile, Diagnostic> {
        let toml_err = |e: toml::de::Error| Diagnostic::toml(text, 0, &e);
        let file = match kind {
            "hours" => toml::from_str(text)
                .map(HoursFile::Hours)
                .map_err(toml_err)?,
            "void" => toml::from_str(text)
                .map(HoursFile::Void)
                .map_err(toml_err)?,
            _ => {
                return Err(Diagnostic::new(
                    1,
                    1,
                    "not an hours record: its name must start with hours- or void-",
                ));
            }
        };
        if let HoursFile::Hours(h) = &file {
            let at = |key: &str| text.find(key).unwrap_or(0);
            if h.minutes == 0 || h.minutes > MAX_MINUTES {
                return Err(Diagnostic::at(
                    text,
                    at("minutes"),
                    format!("minutes must be 1 to {MAX_MINUTES}"),
                ));
            }
            if h.activity.trim().is_empty() {
                return Err(Diagnostic::at(
                    text,
                    at("activity"),
                    "the activity is empty",
                ));
            }
        }
        Ok(file)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_as_people_write_them() {
        for (typed, minutes) in [
            ("2h30m", 150),
            ("2h 30m", 150),
            ("2H30M", 150),
            ("90m", 90),
            ("90 min", 90),
            ("90mins", 90),
            ("1.5h", 90),
            ("1.25 hours", 75),
            ("2h", 120),
            ("2 hours", 120),
            ("1 hour 15 minutes", 75),
            ("2:30", 150),
            ("2h30", 150),
            ("1h 5", 65),
            ("0:45", 45),
            ("24h", 1440),
            (".5h", 30),
        ] {
            assert_eq!(parse_duration(typed), Ok(minutes), "{typed}");
        }
        assert_eq!(parse_duration(""), Err(DurationError::Empty));
        assert_eq!(parse_duration("2"), Err(DurationError::NoUnit("2".into())));
        for bad in [
            "2x", "h", "abc", "2h2h", "30m2h", "2:3", "2:75", "-1h", "1..5h", "2h30.5", "1e3m",
            "30 2h",
        ] {
            assert!(
                matches!(parse_duration(bad), Err(DurationError::NotADuration(_))),
                "{bad}: {:?}",
                parse_duration(bad)
            );
        }
        assert!(matches!(parse_duration("0h"), Err(DurationError::Zero(_))));
        assert!(matches!(
            parse_duration("25h"),
            Err(DurationError::TooLong(_))
        ));
        assert!(matches!(
            parse_duration("99999999999999999999h"),
            Err(DurationError::TooLong(_))
        ));
        let message = parse_duration("2").unwrap_err().to_string();
        assert_eq!(
            message,
            "\"2\" has no unit; write 2h for hours or 2m for minutes"
        );
    }

    #[test]
    fn minutes_read_back_as_hours() {
        assert_eq!(format_minutes(150), "2h30m");
        assert_eq!(format_minutes(45), "45m");
        assert_eq!(format_minutes(180), "3h");
        assert_eq!(format_minutes(65), "1h05m");
        assert_eq!(minutes_to_hours(90), 1.5);
        assert_eq!(minutes_to_hours(20), 0.33);
        assert_eq!(hours_text(278.0), "278");
        assert_eq!(hours_text(12.5), "12.5");
        assert_eq!(hours_text(0.333), "0.33");
        assert_eq!(hours_text(0.0), "0");
    }

    #[test]
    fn records_read_back_as_written() {
        let h = HoursFile::Hours(Hours {
            recorded: DateTime::parse_from_rfc3339("2026-11-28T10:00:00Z").unwrap(),
            date: NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(),
            minutes: 150,
            activity: "Workshop: \"handling complaints\"".into(),
            off_the_job: true,
            entry: Some("2026-11-27-x".into()),
            note: None,
        });
        let text = h.to_toml().unwrap();
        assert!(text.contains("date = 2026-11-27\n"), "{text}");
        assert_eq!(HoursFile::parse("hours", &text).unwrap(), h);
        let bad = text.replace("minutes = 150", "minutes = 0");
        let p = HoursFile::parse("hours", &bad).unwrap_err();
        assert!(p.message.contains("minutes must be"), "{p:?}");
        assert!(HoursFile::parse("hours", "date = 1\n").is_err());
        assert!(HoursFile::parse("other", &text).is_err());
        let v = HoursFile::Void(Void {
            recorded: DateTime::parse_from_rfc3339("2026-11-28T10:00:00Z").unwrap(),
            voids: "3f2a9c1b7d4e".into(),
            reason: Some("logged twice".into()),
        });
        let text = v.to_toml().unwrap();
        assert_eq!(HoursFile::parse("void", &text).unwrap(), v);
    }
}
