//! "Now" (pinned by `LOGBOOK_NOW`) and the dates people type: `2026-11-27`,
//! `today`, `yesterday`, `3 days ago`, `2 weeks ago`, `monday`, `last friday`.

use chrono::{DateTime, Datelike, Days, FixedOffset, Local, Months, NaiveDate, Timelike, Weekday};

use crate::model::diagnostic::Hinted;

/// The years a date may fall in: what an entry file's TOML dates hold (four
/// digits), less the year 0, which no calendar people use. Every parser
/// here refuses a date outside them, so none is ever stored.
pub const YEARS: std::ops::RangeInclusive<i32> = 1..=9999;

/// A date or time that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("empty date")]
    Empty,
    #[error(
        "{0:?} is not a date I understand; use YYYY-MM-DD, today, yesterday, \"N days ago\" or a weekday"
    )]
    NotADate(String),
    #[error("{0:?} is too far back")]
    TooFarBack(String),
    /// A real date, but outside [`YEARS`].
    #[error("{0:?} is outside the dates a logbook holds (0001-01-01 to 9999-12-31)")]
    OutOfRange(String),
    /// When something happened cannot be after today.
    #[error("{date} is after today ({today}); give the day it happened")]
    Future { date: NaiveDate, today: NaiveDate },
    /// `LOGBOOK_NOW` is set to something that is not an RFC 3339 time.
    #[error("LOGBOOK_NOW={text:?} is not an RFC 3339 time: {reason}")]
    BadNow { text: String, reason: String },
}

impl Hinted for DateError {
    fn hint(&self) -> Option<&str> {
        match self {
            DateError::BadNow { .. } => Some("e.g. LOGBOOK_NOW=2026-11-28T10:00:00Z"),
            _ => None,
        }
    }
}

/// The current instant: `LOGBOOK_NOW` (RFC 3339) when set, else the local clock.
pub fn now_from_env(var: Option<&str>) -> Result<DateTime<FixedOffset>, DateError> {
    match var.map(str::trim).filter(|v| !v.is_empty()) {
        Some(text) => match DateTime::parse_from_rfc3339(text) {
            Ok(now) if YEARS.contains(&now.year()) => Ok(now),
            Ok(_) => Err(DateError::BadNow {
                text: text.to_string(),
                reason: "the year must be 0001 to 9999".into(),
            }),
            Err(e) => Err(DateError::BadNow {
                text: text.to_string(),
                reason: e.to_string(),
            }),
        },
        None => Ok(Local::now().fixed_offset()),
    }
}

/// `now` without sub-second noise: entry files carry whole seconds.
pub fn whole_seconds(now: DateTime<FixedOffset>) -> DateTime<FixedOffset> {
    now.with_nanosecond(0).unwrap_or(now)
}

/// Parses a date as a person types it, relative to `today`; only dates in
/// [`YEARS`].
pub fn parse_date(input: &str, today: NaiveDate) -> Result<NaiveDate, DateError> {
    let date = parse_any_date(input, today)?;
    if YEARS.contains(&date.year()) {
        Ok(date)
    } else {
        Err(DateError::OutOfRange(input.trim().to_string()))
    }
}

/// [`parse_date`] for the day something happened: today or before.
pub fn parse_occurred(input: &str, today: NaiveDate) -> Result<NaiveDate, DateError> {
    let date = parse_date(input, today)?;
    check_occurred(date, today)?;
    Ok(date)
}

/// Refuses a day of happening after `today` (a typo in the year, most likely).
pub fn check_occurred(date: NaiveDate, today: NaiveDate) -> Result<(), DateError> {
    if date > today {
        return Err(DateError::Future { date, today });
    }
    Ok(())
}

fn parse_any_date(input: &str, today: NaiveDate) -> Result<NaiveDate, DateError> {
    let text = input.trim().to_lowercase();
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        return Err(DateError::Empty);
    }
    match text.as_str() {
        "today" | "now" => return Ok(today),
        "yesterday" => return Ok(today - Days::new(1)),
        _ => {}
    }
    if let Ok(date) = NaiveDate::parse_from_str(&text, "%Y-%m-%d") {
        return Ok(date);
    }
    if let Some(date) = parse_ago(&text, today) {
        return date;
    }
    let day = text.strip_prefix("last ").unwrap_or(&text);
    if let Some(weekday) = parse_weekday(day) {
        // The most recent such day strictly before today.
        let mut date = today - Days::new(1);
        while date.weekday() != weekday {
            date = date - Days::new(1);
        }
        return Ok(date);
    }
    Err(DateError::NotADate(input.to_string()))
}

fn parse_ago(text: &str, today: NaiveDate) -> Option<Result<NaiveDate, DateError>> {
    let rest = text.strip_suffix(" ago")?;
    let (count, unit) = rest.split_once(' ')?;
    let count: u32 = match count {
        "a" | "an" | "one" => 1,
        "two" => 2,
        "three" => 3,
        n => n.parse().ok()?,
    };
    let unit = unit.trim_end_matches('s');
    let date = match unit {
        "day" => today.checked_sub_days(Days::new(u64::from(count))),
        "week" => today.checked_sub_days(Days::new(7 * u64::from(count))),
        "month" => today.checked_sub_months(Months::new(count)),
        "year" => count
            .checked_mul(12)
            .and_then(|m| today.checked_sub_months(Months::new(m))),
        _ => return None,
    };
    Some(date.ok_or_else(|| DateError::TooFarBack(text.to_string())))
}

fn parse_weekday(text: &str) -> Option<Weekday> {
    let days = [
        ("monday", Weekday::Mon),
        ("tuesday", Weekday::Tue),
        ("wednesday", Weekday::Wed),
        ("thursday", Weekday::Thu),
        ("friday", Weekday::Fri),
        ("saturday", Weekday::Sat),
        ("sunday", Weekday::Sun),
    ];
    days.iter()
        .find(|(name, _)| text.len() >= 3 && name.starts_with(text))
        .map(|&(_, day)| day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn understands_the_forms_people_type() {
        let today = d("2026-11-28"); // a Saturday
        assert_eq!(parse_date("2026-11-27", today), Ok(d("2026-11-27")));
        assert_eq!(parse_date(" Today ", today), Ok(today));
        assert_eq!(parse_date("yesterday", today), Ok(d("2026-11-27")));
        assert_eq!(parse_date("3 days ago", today), Ok(d("2026-11-25")));
        assert_eq!(parse_date("1 day ago", today), Ok(d("2026-11-27")));
        assert_eq!(parse_date("2 weeks ago", today), Ok(d("2026-11-14")));
        assert_eq!(parse_date("a month ago", today), Ok(d("2026-10-28")));
        assert_eq!(parse_date("friday", today), Ok(d("2026-11-27")));
        assert_eq!(parse_date("last sat", today), Ok(d("2026-11-21")));
    }

    #[test]
    fn rejects_nonsense_with_a_reason() {
        let today = d("2026-11-28");
        for bad in [
            "",
            "2026-13-01",
            "soon",
            "x days ago",
            "99999999999 days ago",
        ] {
            assert!(parse_date(bad, today).is_err(), "{bad}");
        }
    }

    #[test]
    fn dates_outside_the_years_a_file_holds_are_refused() {
        let today = d("2026-11-28");
        for bad in [
            "+10000-01-01",
            "10000-01-01",
            "-0001-01-01",
            "0000-01-01",
            "+0000-12-31",
            "+262143-12-31",
            "2026 years ago",
            "20000 years ago",
            "1000000 days ago",
            "24313 months ago",
        ] {
            assert!(
                matches!(
                    parse_date(bad, today),
                    Err(DateError::OutOfRange(_)
                        | DateError::TooFarBack(_)
                        | DateError::NotADate(_))
                ),
                "{bad}: {:?}",
                parse_date(bad, today)
            );
        }
        assert_eq!(parse_date("2025 years ago", today), Ok(d("0001-11-28")));
        assert_eq!(parse_date("9999-12-31", today), Ok(d("9999-12-31")));
        assert_eq!(
            parse_occurred("9999-12-31", today),
            Err(DateError::Future {
                date: d("9999-12-31"),
                today
            })
        );
        assert_eq!(parse_occurred("today", today), Ok(today));
    }

    #[test]
    fn pinned_now_must_be_rfc3339() {
        assert!(now_from_env(Some("2026-11-28T10:00:00Z")).is_ok());
        assert!(now_from_env(Some("yesterday")).is_err());
        assert!(now_from_env(Some("0000-01-01T00:00:00Z")).is_err());
    }
}
