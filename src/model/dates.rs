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
    /// A day past the end of its month: `31/11/2026`, `30 Feb`.
    #[error("{input} is not a date: {}", last_day_sentence(*.month, *.year))]
    NoSuchDay {
        input: String,
        month: u32,
        year: Option<i32>,
    },
    /// A day number no month has (`32/1/2026`, `0/1/2026`).
    #[error("{input} is not a date: there is no day {day} in any month")]
    NoDayNumber { input: String, day: u32 },
    /// A month number past 12 (or 0); `swapped` is the date written day
    /// first when the numbers were most likely typed month first.
    #[error("{input} is not a date: there is no month {month}{}",
        .swapped.as_ref().map(|s| format!(" — dates are day first ({s}?)")).unwrap_or_default())]
    NoSuchMonth {
        input: String,
        month: u32,
        swapped: Option<String>,
    },
    /// A weekday given with a date that falls on another.
    #[error("{input} is not a date: {} is a {}, not a {}", .date.format("%-d %B %Y"), .date.format("%A"), weekday_name(*.said))]
    WrongWeekday {
        input: String,
        date: NaiveDate,
        said: Weekday,
    },
    #[error("{0:?} is too far back")]
    TooFarBack(String),
    /// A real date, but outside [`YEARS`].
    #[error("{0:?} is outside the dates a logbook holds (0001-01-01 to 9999-12-31)")]
    OutOfRange(String),
    /// When something happened cannot be after today.
    #[error(
        "{} is after today ({today}): a date in the future cannot be used for when something happened",
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

/// "30 November is the last day of November", "28 February is the last day
/// of February 2026" (February's last day depends on the year).
fn last_day_sentence(month: u32, year: Option<i32>) -> String {
    let name = MONTHS[(month.clamp(1, 12) - 1) as usize];
    let name = format!("{}{}", name[..1].to_uppercase(), &name[1..]);
    let last = last_day(month, year.unwrap_or(2025));
    match year {
        Some(year) if month == 2 => format!("{last} {name} is the last day of {name} {year}"),
        None if month == 2 => format!("{name} has 28 days, 29 in a leap year"),
        _ => format!("{last} {name} is the last day of {name}"),
    }
}

/// The last day of `month` (1–12) in `year`.
fn last_day(month: u32, year: i32) -> u32 {
    (28..=31)
        .rev()
        .find(|&d| NaiveDate::from_ymd_opt(year, month, d).is_some())
        .unwrap_or(28)
}

fn weekday_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

/// The day `day`/`month`/`year` (as typed in `input`), or an error that
/// says what is wrong with it.
fn calendar_date(
    input: &str,
    year: Option<i32>,
    month: u32,
    day: u32,
) -> Result<NaiveDate, DateError> {
    if !(1..=12).contains(&month) {
        return Err(DateError::NoSuchMonth {
            input: input.to_string(),
            month,
            swapped: None,
        });
    }
    if !(1..=31).contains(&day) {
        return Err(DateError::NoDayNumber {
            input: input.to_string(),
            day,
        });
    }
    let no_such_day = || DateError::NoSuchDay {
        input: input.to_string(),
        month,
        year,
    };
    match year {
        Some(y) => NaiveDate::from_ymd_opt(y, month, day).ok_or_else(no_such_day),
        None => {
            // Only 29 February may be real in one year and not another.
            if day > last_day(month, 2024) {
                return Err(no_such_day());
            }
            Ok(NaiveDate::MIN)
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
    // `2026-11-27` (and `+10000-01-01`, refused below as out of range);
    // only with a year of four digits or more, so that `27-11-26` is read
    // day first rather than as the year 27.
    let year_part = text.trim_start_matches(['+', '-']).split('-').next();
    if year_part.is_some_and(|y| y.len() >= 4)
        && let Ok(date) = NaiveDate::parse_from_str(&text, "%Y-%m-%d")
    {
        return Ok(date);
    }
    if let Some(result) = parse_iso(&text, input.trim()) {
        return result;
    }
    if let Some(date) = parse_ago(&text, today) {
        return date;
    }
    if let Some(date) = parse_calendar(&text, input.trim(), today) {
        return date;
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
    // `next friday`: the first Friday after today. Never a day something
    // happened, but read so that the refusal can say why, and for dates
    // that may lie ahead (a planned end date).
    if let Some(weekday) = text.strip_prefix("next ").and_then(parse_weekday) {
        let mut date = today + Days::new(1);
        while date.weekday() != weekday {
            date = date + Days::new(1);
        }
        return Ok(date);
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

/// `2026-11-27` (or `2026-1-5`); for `2026-13-01`, `2026-02-30`, shaped
/// like one but naming no real day, an error that says why.
fn parse_iso(text: &str, input: &str) -> Option<Result<NaiveDate, DateError>> {
    let parts: Vec<&str> = text.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return None;
    };
    let digits = |t: &str, n: std::ops::RangeInclusive<usize>| {
        n.contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit())
    };
    if !(digits(y, 4..=4) && digits(m, 1..=2) && digits(d, 1..=2)) {
        return None;
    }
    let (year, month, day) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    Some(calendar_date(input, Some(year), month, day))
}

/// A calendar date written day first, with numbers (`27/11/2026`,
/// `27-11-26`, `27.11.2026`) or a month name (`27 Nov 2026`, `27th
/// November`, `Nov 27`, `November 27, 2026`), optionally after a weekday
/// (`Fri 27 Nov`). Without a year, the most recent such day on or before
/// `today`. `None` when the text is not shaped like a calendar date; an
/// error saying why when it is, but names no real day (31/02/2026).
fn parse_calendar(
    text: &str,
    input: &str,
    today: NaiveDate,
) -> Option<Result<NaiveDate, DateError>> {
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
        [numeric] => parse_numeric(numeric, input, today)?,
        [a, b] => {
            let (day, month) = day_and_month(a, b)?;
            calendar_date(input, None, month, day).and_then(|_| undated(input, day, month, today))
        }
        [a, b, year] => {
            let (day, month) = day_and_month(a, b)?;
            calendar_date(input, Some(year_number(year)?), month, day)
        }
        _ => return None,
    };
    Some(match (date, weekday) {
        (Ok(date), Some(said)) if date.weekday() != said => Err(DateError::WrongWeekday {
            input: input.to_string(),
            date,
            said,
        }),
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

/// `27/11/2026`, `27-11-26`, `27.11.2026`, `27/11`: day, month, year. A
/// month past 12 that is a day when read the other way round
/// (`11/27/2026`, typed month first) says so.
fn parse_numeric(
    text: &str,
    input: &str,
    today: NaiveDate,
) -> Option<Result<NaiveDate, DateError>> {
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
    let year = match y {
        Some(y) => Some(year_number(y)?),
        None => None,
    };
    let date = calendar_date(input, year, month, day).and_then(|date| match year {
        Some(_) => Ok(date),
        None => undated(input, day, month, today),
    });
    Some(match date {
        Err(DateError::NoSuchMonth { input, month, .. }) => {
            // Read the other way round, is it a real day?
            let swapped = calendar_date(&input, year, day, month)
                .ok()
                .map(|_| match y {
                    Some(y) => format!("{m}{sep}{d}{sep}{y}"),
                    None => format!("{m}{sep}{d}"),
                });
            Err(DateError::NoSuchMonth {
                input,
                month,
                swapped,
            })
        }
        other => other,
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

/// `nov`, `nov.`, `november`, `sept`: 1 to 12.
fn month_number(text: &str) -> Option<u32> {
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

/// [`without_year`], for a day and month already known to be possible (29
/// February may still find no leap year among this and last).
fn undated(input: &str, day: u32, month: u32, today: NaiveDate) -> Result<NaiveDate, DateError> {
    without_year(day, month, today).ok_or_else(|| DateError::NotADate(input.to_string()))
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
            ("27-11-26", "2026-11-27"),
            ("2026-1-5", "2026-01-05"),
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
    fn impossible_dates_say_what_is_wrong() {
        let today = d("2026-11-28"); // a Saturday
        for (typed, said) in [
            (
                "31/11/2026",
                "31/11/2026 is not a date: 30 November is the last day of November",
            ),
            (
                "31/11",
                "31/11 is not a date: 30 November is the last day of November",
            ),
            (
                "31-04-26",
                "31-04-26 is not a date: 30 April is the last day of April",
            ),
            (
                "31.6.2026",
                "31.6.2026 is not a date: 30 June is the last day of June",
            ),
            (
                "31 Nov 2026",
                "31 Nov 2026 is not a date: 30 November is the last day of November",
            ),
            (
                "31st November",
                "31st November is not a date: 30 November is the last day of November",
            ),
            (
                "Sept 31",
                "Sept 31 is not a date: 30 September is the last day of September",
            ),
            (
                "31/02/2026",
                "31/02/2026 is not a date: 28 February is the last day of February 2026",
            ),
            (
                "29/02/2026",
                "29/02/2026 is not a date: 28 February is the last day of February 2026",
            ),
            (
                "30/02/2028",
                "30/02/2028 is not a date: 29 February is the last day of February 2028",
            ),
            (
                "30 Feb",
                "30 Feb is not a date: February has 28 days, 29 in a leap year",
            ),
            (
                "2026-02-30",
                "2026-02-30 is not a date: 28 February is the last day of February 2026",
            ),
            (
                "2026-11-31",
                "2026-11-31 is not a date: 30 November is the last day of November",
            ),
            (
                "2026-13-01",
                "2026-13-01 is not a date: there is no month 13",
            ),
            (
                "2026-00-10",
                "2026-00-10 is not a date: there is no month 0",
            ),
            (
                "12/13/2026",
                "12/13/2026 is not a date: there is no month 13 — dates are day first (13/12/2026?)",
            ),
            (
                "11/27/2026",
                "11/27/2026 is not a date: there is no month 27 — dates are day first (27/11/2026?)",
            ),
            (
                "11-27-26",
                "11-27-26 is not a date: there is no month 27 — dates are day first (27-11-26?)",
            ),
            ("2/29/2026", "2/29/2026 is not a date: there is no month 29"),
            (
                "11/27",
                "11/27 is not a date: there is no month 27 — dates are day first (27/11?)",
            ),
            (
                "40/13/2026",
                "40/13/2026 is not a date: there is no month 13",
            ),
            (
                "32/01/2026",
                "32/01/2026 is not a date: there is no day 32 in any month",
            ),
            (
                "0/1/2026",
                "0/1/2026 is not a date: there is no day 0 in any month",
            ),
            (
                "Mon 27 Nov 2026",
                "Mon 27 Nov 2026 is not a date: 27 November 2026 is a Friday, not a Monday",
            ),
        ] {
            let err = parse_date(typed, today).expect_err(typed);
            assert_eq!(err.to_string(), said, "{typed}");
            assert!(!err.to_string().contains('\n'));
        }
        // Refused as a day something happened, read where a date may lie ahead.
        for (typed, want) in [
            ("next friday", "2026-12-04"),
            ("next sat", "2026-12-05"),
            ("Next Monday", "2026-11-30"),
            ("tomorrow", "2026-11-29"),
        ] {
            assert_eq!(parse_date(typed, today), Ok(d(want)), "{typed}");
            assert_eq!(
                parse_occurred(typed, today).unwrap_err().to_string(),
                format!(
                    "{} is after today (2026-11-28): a date in the future cannot be used for when something happened",
                    d(want).format("%-d %B %Y")
                )
            );
        }
        // Real dates still read as before.
        assert_eq!(parse_date("29/02/2028", today), Ok(d("2028-02-29")));
        assert_eq!(parse_date("13/12/2025", today), Ok(d("2025-12-13")));
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
