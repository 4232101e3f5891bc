//! "Now" (pinned by `LOGBOOK_NOW`) and the dates people type: `2026-11-27`,
//! UK day-first `27/11/2026`, `27-11-26`, `27 Nov 2026`, `27th November`,
//! `Nov 27`, `today`, `yesterday`, `3 days ago`, `2 weeks ago`, `last week`,
//! `last month`, `friday`, `last friday`.

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
        "{0:?} is not a date I understand; use 27/11/2026 (day first), 27 Nov 2026, 2026-11-27, today, yesterday, \"3 days ago\", last week or a weekday"
    )]
    NotADate(String),
    #[error("{0:?} is too far back")]
    TooFarBack(String),
    /// A real date, but outside [`YEARS`].
    #[error("{0:?} is outside the dates a logbook holds (0001-01-01 to 9999-12-31)")]
    OutOfRange(String),
    /// When something happened cannot be after today.
    #[error(
        "{} is after today ({today}); an entry records something that has already happened",
        .date.format("%-d %B %Y")
    )]
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
        // Never a day something happened, but worth reading so that the
        // refusal can say why.
        "tomorrow" => return Ok(today + Days::new(1)),
        _ => {}
    }
    if let Ok(date) = NaiveDate::parse_from_str(&text, "%Y-%m-%d") {
        return Ok(date);
    }
    if let Some(date) = parse_ago(&text, today) {
        return date;
    }
    if let Some(date) = parse_calendar(&text, today) {
        return date.ok_or_else(|| DateError::NotADate(input.to_string()));
    }
    match text.as_str() {
        "last week" => return Ok(today - Days::new(7)),
        "last month" => {
            return today
                .checked_sub_months(Months::new(1))
                .ok_or_else(|| DateError::TooFarBack(text.clone()));
        }
        _ => {}
    }
    let (day, before_today) = match text.strip_prefix("last ") {
        Some(day) => (day, true),
        None => (text.as_str(), false),
    };
    if let Some(weekday) = parse_weekday(day) {
        // `friday`: the most recent Friday, today included; `last friday`:
        // the one before today.
        let mut date = if before_today {
            today - Days::new(1)
        } else {
            today
        };
        while date.weekday() != weekday {
            date = date - Days::new(1);
        }
        return Ok(date);
    }
    Err(DateError::NotADate(input.to_string()))
}

/// A calendar date written day first, with numbers (`27/11/2026`,
/// `27-11-26`, `27.11.2026`) or a month name (`27 Nov 2026`, `27th
/// November`, `Nov 27`, `November 27, 2026`), optionally after a weekday
/// (`Fri 27 Nov`). Without a year, the most recent such day on or before
/// `today`. `None` when the text is not shaped like a calendar date;
/// `Some(None)` when it is, but names no real day (31/02/2026).
fn parse_calendar(text: &str, today: NaiveDate) -> Option<Option<NaiveDate>> {
    let words: Vec<&str> = text.split([' ', ',']).filter(|w| !w.is_empty()).collect();
    // A weekday in front ("fri 27 nov") is allowed and must agree.
    let (weekday, words) = match words.split_first() {
        Some((first, rest)) if !rest.is_empty() => match parse_weekday(first.trim_end_matches('.'))
        {
            Some(day) => (Some(day), rest.to_vec()),
            None => (None, words),
        },
        _ => (None, words),
    };
    let date = match words.as_slice() {
        [numeric] => parse_numeric(numeric, today)?,
        [a, b] => {
            let (day, month) = day_and_month(a, b)?;
            without_year(day, month, today)
        }
        [a, b, year] => {
            let (day, month) = day_and_month(a, b)?;
            NaiveDate::from_ymd_opt(year_number(year)?, month, day)
        }
        _ => return None,
    };
    Some(match (date, weekday) {
        (Some(date), Some(w)) if date.weekday() != w => None,
        (date, _) => date,
    })
}

/// `27 nov` or `nov 27`.
fn day_and_month(a: &str, b: &str) -> Option<(u32, u32)> {
    match (day_number(a), month_number(b)) {
        (Some(day), Some(month)) => Some((day, month)),
        _ => Some((day_number(b)?, month_number(a)?)),
    }
}

/// `27/11/2026`, `27-11-26`, `27.11.2026`, `27/11`: day, month, year.
fn parse_numeric(text: &str, today: NaiveDate) -> Option<Option<NaiveDate>> {
    let sep = ['/', '-', '.'].into_iter().find(|s| text.contains(*s))?;
    let parts: Vec<&str> = text.split(sep).collect();
    let (d, m, y) = match parts.as_slice() {
        [d, m] => (d, m, None),
        [d, m, y] => (d, m, Some(y)),
        _ => return None,
    };
    let number = |t: &str| {
        ((1..=2).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit()))
            .then(|| t.parse::<u32>().ok())
            .flatten()
    };
    let (day, month) = (number(d)?, number(m)?);
    Some(match y {
        Some(y) => NaiveDate::from_ymd_opt(year_number(y)?, month, day),
        None => without_year(day, month, today),
    })
}

/// A four-digit year, or two digits for this century (`26` is 2026).
fn year_number(text: &str) -> Option<i32> {
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    match text.len() {
        2 => text.parse::<i32>().ok().map(|y| 2000 + y),
        4 => text.parse().ok(),
        _ => None,
    }
}

/// `27`, `27th`, `1st`, `2nd`, `3rd`.
fn day_number(text: &str) -> Option<u32> {
    let digits = ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|s| text.strip_suffix(s))
        .unwrap_or(text);
    if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

/// `nov`, `nov.`, `november`, `sept`: 1 to 12.
fn month_number(text: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let text = text.trim_end_matches('.');
    if text.len() < 3 {
        return None;
    }
    let text = if text == "sept" { "sep" } else { text };
    MONTHS
        .iter()
        .position(|m| m.starts_with(text))
        .and_then(|i| u32::try_from(i + 1).ok())
}

/// Day and month without a year: this year's, unless that is still to
/// come, then last year's.
fn without_year(day: u32, month: u32, today: NaiveDate) -> Option<NaiveDate> {
    let this_year = NaiveDate::from_ymd_opt(today.year(), month, day);
    match this_year {
        Some(date) if date <= today => Some(date),
        _ => NaiveDate::from_ymd_opt(today.year() - 1, month, day),
    }
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
        assert_eq!(parse_date("tomorrow", today), Ok(d("2026-11-29")));
        assert_eq!(parse_date("3 days ago", today), Ok(d("2026-11-25")));
        assert_eq!(parse_date("1 day ago", today), Ok(d("2026-11-27")));
        assert_eq!(parse_date("2 weeks ago", today), Ok(d("2026-11-14")));
        assert_eq!(parse_date("a month ago", today), Ok(d("2026-10-28")));
        assert_eq!(parse_date("friday", today), Ok(d("2026-11-27")));
        assert_eq!(parse_date("last sat", today), Ok(d("2026-11-21")));
        assert_eq!(parse_date("saturday", today), Ok(today));
        assert_eq!(parse_date("last friday", today), Ok(d("2026-11-27")));
        assert_eq!(parse_date("last week", today), Ok(d("2026-11-21")));
        assert_eq!(parse_date("last month", today), Ok(d("2026-10-28")));
    }

    #[test]
    fn understands_uk_calendar_dates() {
        let today = d("2026-11-28");
        for (typed, want) in [
            ("27/11/2026", "2026-11-27"),
            ("27/11/26", "2026-11-27"),
            ("27/11", "2026-11-27"),
            ("3/4/2026", "2026-04-03"),
            ("03/04/2026", "2026-04-03"),
            ("27-11-2026", "2026-11-27"),
            ("27.11.2026", "2026-11-27"),
            ("27 Nov 2026", "2026-11-27"),
            ("27 November 2026", "2026-11-27"),
            ("27th Nov", "2026-11-27"),
            ("1st March", "2026-03-01"),
            ("27 November", "2026-11-27"),
            ("Nov 27", "2026-11-27"),
            ("November 27, 2026", "2026-11-27"),
            ("Sept 2", "2026-09-02"),
            ("Fri 27 Nov", "2026-11-27"),
            ("friday, 27 nov 2026", "2026-11-27"),
            // No year, and this year's is still to come: last year's.
            ("30 Nov", "2025-11-30"),
            ("25 December", "2025-12-25"),
        ] {
            assert_eq!(parse_date(typed, today), Ok(d(want)), "{typed}");
        }
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
            "31/02/2026",
            "11/27/2026",
            "27/11/202",
            "1/2/3/4",
            "27/+1/2026",
            "Mon 27 Nov 2026",
            "27 Nox",
            "0 Nov",
            "32 Nov",
            "last year",
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
