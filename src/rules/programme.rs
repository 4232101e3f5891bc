//! Progress against time: how far through the programme the candidate is
//! (by date), how much of the qualification is evidenced, and the
//! off-the-job hours logged against the minimum — each with a pace of
//! ahead, on track or behind. Pure: dates, counts and hours in, reports out.
//!
//! # Rules
//! - **Time gone** is the share of the days from `start_date` to
//!   `end_date` that have passed on the report date (0 before the start,
//!   100% from the end date on).
//! - **Criteria**: the share of criteria met is compared with the time
//!   gone. More than [`CRITERIA_TOLERANCE`] percentage points below it is
//!   *behind* (60% of the time gone and 30% of the criteria met), more than
//!   that above it *ahead*, otherwise *on track*. Evidence lags the
//!   calendar a little in every programme; fifteen points is about two
//!   months of a year-long one.
//! - **Hours**: the hours expected by the report date are the minimum
//!   pro rata over the programme (`otj_minimum_hours` × time gone). Logged
//!   off-the-job hours within one week's share of the minimum, or within
//!   10% of what is expected, whichever is more, are *on track*; more are
//!   *ahead*, fewer *behind*. Only off-the-job hours dated within the
//!   programme count; on-the-job hours are listed but never counted.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::model::hours::{Hours, HoursFile, minutes_to_hours};
use crate::model::named::named_enum;

/// How far the criteria met may trail (or lead) the time gone, in
/// percentage points, and still be on track.
pub const CRITERIA_TOLERANCE: f64 = 15.0;

/// The share of what is expected by now that logged hours may be short
/// (or over) and still be on track, unless a week's share is more.
pub const HOURS_TOLERANCE: f64 = 0.10;

named_enum! {
    /// Where the candidate stands against the calendar.
    pub enum Pace {
        Ahead = "ahead",
        OnTrack = "on-track",
        Behind = "behind",
    }
}

impl Pace {
    /// `value` against `expected`, with `tolerance` either side.
    fn of(value: f64, expected: f64, tolerance: f64) -> Pace {
        if value < expected - tolerance {
            Pace::Behind
        } else if value > expected + tolerance {
            Pace::Ahead
        } else {
            Pace::OnTrack
        }
    }

    /// "ahead", "on track", "behind": for people.
    pub fn words(self) -> &'static str {
        match self {
            Pace::Ahead => "ahead",
            Pace::OnTrack => "on track",
            Pace::Behind => "behind",
        }
    }
}

/// The programme's dates, from the profile's `start_date` and `end_date`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Programme {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl Programme {
    /// `None` unless the end is after the start.
    pub fn new(start: Option<NaiveDate>, end: Option<NaiveDate>) -> Option<Programme> {
        match (start, end) {
            (Some(start), Some(end)) if end > start => Some(Programme { start, end }),
            _ => None,
        }
    }

    /// Days from the start to the end.
    pub fn days(&self) -> i64 {
        (self.end - self.start).num_days()
    }

    /// Days gone on `day`, from 0 (on or before the start) to [`Self::days`].
    pub fn days_gone(&self, day: NaiveDate) -> i64 {
        (day - self.start).num_days().clamp(0, self.days())
    }

    /// The share of the programme gone on `day`, 0 to 1.
    pub fn fraction_gone(&self, day: NaiveDate) -> f64 {
        self.days_gone(day) as f64 / self.days() as f64
    }

    pub fn contains(&self, day: NaiveDate) -> bool {
        self.start <= day && day <= self.end
    }
}

/// How far through the programme the candidate is, by date and by
/// criteria met (the `programme` object of `gaps --json`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Progress {
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub days_total: i64,
    pub days_gone: i64,
    /// Whole percent of the programme's time gone.
    pub time_percent: u32,
    pub criteria_met: usize,
    pub criteria_total: usize,
    /// Whole percent of the criteria met.
    pub criteria_percent: u32,
    pub status: Pace,
}

impl Progress {
    /// One line for people: "day 150 of 365 (41% of the time), 30% of the
    /// criteria met: behind".
    pub fn sentence(&self) -> String {
        format!(
            "day {} of {} ({}% of the time gone), {} of {} criteria met ({}%): {}",
            self.days_gone,
            self.days_total,
            self.time_percent,
            self.criteria_met,
            self.criteria_total,
            self.criteria_percent,
            self.status.words()
        )
    }
}

/// Progress on `as_of`, or `None` without a programme or criteria.
pub fn progress(
    programme: Option<Programme>,
    as_of: NaiveDate,
    met: usize,
    total: usize,
) -> Option<Progress> {
    let programme = programme?;
    if total == 0 {
        return None;
    }
    let time = programme.fraction_gone(as_of) * 100.0;
    let criteria = met as f64 / total as f64 * 100.0;
    Some(Progress {
        start_date: programme.start,
        end_date: programme.end,
        days_total: programme.days(),
        days_gone: programme.days_gone(as_of),
        time_percent: percent(time),
        criteria_met: met,
        criteria_total: total,
        criteria_percent: percent(criteria),
        status: Pace::of(criteria, time, CRITERIA_TOLERANCE),
    })
}

/// A percentage as a whole number, never above 100.
fn percent(value: f64) -> u32 {
    // Clamped to 0..=100 first, so it fits.
    value.round().clamp(0.0, 100.0) as u32
}

/// A logged stretch of time that still counts (not voided), with its id.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub id: String,
    pub hours: Hours,
}

/// The hours records less those a `void` record cancels, by date, then
/// in the order logged.
pub fn live<'a>(files: impl IntoIterator<Item = (&'a str, &'a HoursFile)>) -> Vec<Item> {
    let files: Vec<(&str, &HoursFile)> = files.into_iter().collect();
    let voided: Vec<&str> = files
        .iter()
        .filter_map(|(_, f)| match f {
            HoursFile::Void(v) => Some(v.voids.as_str()),
            HoursFile::Hours(_) => None,
        })
        .collect();
    let mut items: Vec<Item> = files
        .iter()
        .filter(|(id, _)| !voided.contains(id))
        .filter_map(|(id, f)| match f {
            HoursFile::Hours(h) => Some(Item {
                id: (*id).to_string(),
                hours: h.clone(),
            }),
            HoursFile::Void(_) => None,
        })
        .collect();
    items.sort_by(|a, b| {
        (a.hours.date, a.hours.recorded, &a.id).cmp(&(b.hours.date, b.hours.recorded, &b.id))
    });
    items
}

/// A week's or a month's off-the-job total.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct WeekTotal {
    /// ISO week: `2026-W48`.
    pub week: String,
    pub hours: f64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MonthTotal {
    /// `2026-11`.
    pub month: String,
    pub hours: f64,
}

/// One item as `hours --json` lists it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ItemView {
    pub id: String,
    pub date: NaiveDate,
    pub hours: f64,
    pub minutes: u32,
    pub activity: String,
    pub off_the_job: bool,
    pub entry: Option<String>,
    pub note: Option<String>,
    /// Dated outside the programme, so not counted towards the minimum.
    pub counted: bool,
}

/// The hours log and the progress against the minimum (`hours --json`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct HoursReport {
    /// `otj_minimum_hours`, when set.
    pub target_hours: Option<f64>,
    /// Off-the-job hours within the programme, up to `as_of`.
    pub logged_hours: f64,
    /// The minimum pro rata to `as_of`; needs the target and programme dates.
    pub expected_by_now: Option<f64>,
    /// Ahead, on track or behind; needs what `expected_by_now` needs.
    pub status: Option<Pace>,
    pub as_of: NaiveDate,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    /// How far from `expected_by_now` still counts as on track.
    pub tolerance_hours: Option<f64>,
    /// Off-the-job hours up to `as_of` dated outside the programme.
    pub not_counted_hours: f64,
    /// The off-the-job and on-the-job hours of the items listed.
    pub period_hours: f64,
    pub on_the_job_hours: f64,
    /// Off-the-job hours of the items listed, by ISO week and by month.
    pub weeks: Vec<WeekTotal>,
    pub months: Vec<MonthTotal>,
    /// What was logged from `since` to `as_of`, by date.
    pub items: Vec<ItemView>,
}

/// The report on `as_of` (today, or `--until`), listing the items from
/// `since` on; progress always counts the whole programme up to `as_of`.
pub fn hours_report(
    items: &[Item],
    target: Option<f64>,
    programme: Option<Programme>,
    as_of: NaiveDate,
    since: Option<NaiveDate>,
) -> HoursReport {
    let counts = |h: &Hours| programme.is_none_or(|p| p.contains(h.date));
    let upto: Vec<&Item> = items.iter().filter(|i| i.hours.date <= as_of).collect();
    let otj_minutes = |pick: &dyn Fn(&Hours) -> bool| -> u64 {
        upto.iter()
            .filter(|i| i.hours.off_the_job && pick(&i.hours))
            .map(|i| u64::from(i.hours.minutes))
            .sum()
    };
    let logged = minutes_to_hours(otj_minutes(&counts));
    let not_counted = minutes_to_hours(otj_minutes(&|h| !counts(h)));
    let mut listed: Vec<&Item> = upto
        .iter()
        .copied()
        .filter(|i| since.is_none_or(|s| i.hours.date >= s))
        .collect();
    listed.sort_by_key(|i| (i.hours.date, i.hours.recorded));
    let mut weeks: BTreeMap<(i32, u32), u64> = BTreeMap::new();
    let mut months: BTreeMap<(i32, u32), u64> = BTreeMap::new();
    let (mut otj, mut ojt) = (0u64, 0u64);
    for i in &listed {
        let minutes = u64::from(i.hours.minutes);
        if i.hours.off_the_job {
            otj += minutes;
            let w = i.hours.date.iso_week();
            *weeks.entry((w.year(), w.week())).or_default() += minutes;
            let d = i.hours.date;
            *months.entry((d.year(), d.month())).or_default() += minutes;
        } else {
            ojt += minutes;
        }
    }
    let (expected, tolerance, status) = match (target, programme) {
        (Some(target), Some(p)) => {
            let expected = round2(target * p.fraction_gone(as_of));
            let weekly = target / (p.days() as f64 / 7.0).max(1.0);
            let tolerance = round2((expected * HOURS_TOLERANCE).max(weekly));
            (
                Some(expected),
                Some(tolerance),
                Some(Pace::of(logged, expected, tolerance)),
            )
        }
        _ => (None, None, None),
    };
    HoursReport {
        target_hours: target,
        logged_hours: logged,
        expected_by_now: expected,
        status,
        as_of,
        start_date: programme.map(|p| p.start),
        end_date: programme.map(|p| p.end),
        tolerance_hours: tolerance,
        not_counted_hours: not_counted,
        period_hours: minutes_to_hours(otj + ojt),
        on_the_job_hours: minutes_to_hours(ojt),
        weeks: weeks
            .into_iter()
            .map(|((y, w), m)| WeekTotal {
                week: format!("{y:04}-W{w:02}"),
                hours: minutes_to_hours(m),
            })
            .collect(),
        months: months
            .into_iter()
            .map(|((y, m), minutes)| MonthTotal {
                month: format!("{y:04}-{m:02}"),
                hours: minutes_to_hours(minutes),
            })
            .collect(),
        items: listed
            .iter()
            .map(|i| ItemView {
                id: i.id.clone(),
                date: i.hours.date,
                hours: minutes_to_hours(u64::from(i.hours.minutes)),
                minutes: i.hours.minutes,
                activity: i.hours.activity.clone(),
                off_the_job: i.hours.off_the_job,
                entry: i.hours.entry.clone(),
                note: i.hours.note.clone(),
                counted: i.hours.off_the_job && counts(&i.hours),
            })
            .collect(),
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::DateTime;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn item(id: &str, date: &str, minutes: u32, otj: bool) -> Item {
        Item {
            id: id.into(),
            hours: Hours {
                recorded: DateTime::parse_from_rfc3339("2026-11-28T10:00:00Z").unwrap(),
                date: day(date),
                minutes,
                activity: "Workshop".into(),
                off_the_job: otj,
                entry: None,
                note: None,
            },
        }
    }

    #[test]
    fn time_gone_is_clamped_to_the_programme() {
        let p = Programme::new(Some(day("2026-01-01")), Some(day("2026-12-31"))).unwrap();
        assert_eq!(p.days(), 364);
        assert_eq!(p.days_gone(day("2025-06-01")), 0);
        assert_eq!(p.days_gone(day("2027-06-01")), 364);
        assert_eq!(p.fraction_gone(day("2026-07-02")), 0.5);
        assert!(Programme::new(Some(day("2026-01-01")), Some(day("2026-01-01"))).is_none());
        assert!(Programme::new(None, Some(day("2026-01-01"))).is_none());
    }

    #[test]
    fn criteria_behind_the_calendar_are_flagged() {
        let p = Programme::new(Some(day("2026-01-01")), Some(day("2026-12-31")));
        // 60% of the time gone, 30% of the criteria met.
        let at = day("2026-08-07");
        let got = progress(p, at, 3, 10).unwrap();
        assert_eq!((got.time_percent, got.criteria_percent), (60, 30));
        assert_eq!(got.status, Pace::Behind);
        assert_eq!(progress(p, at, 5, 10).unwrap().status, Pace::OnTrack);
        assert_eq!(progress(p, at, 8, 10).unwrap().status, Pace::Ahead);
        assert!(progress(p, at, 0, 0).is_none());
        assert!(progress(None, at, 3, 10).is_none());
        assert_eq!(
            progress(p, at, 3, 10).unwrap().sentence(),
            "day 218 of 364 (60% of the time gone), 3 of 10 criteria met (30%): behind"
        );
    }

    #[test]
    fn hours_total_by_week_and_month_and_are_judged_pro_rata() {
        // 364 days, 260 hours: 5 hours a week.
        let p = Programme::new(Some(day("2026-01-01")), Some(day("2026-12-31")));
        let items = vec![
            item("a", "2026-11-23", 150, true), // W48
            item("b", "2026-11-29", 90, true),  // W48 (Sunday)
            item("c", "2026-11-30", 120, true), // W49
            item("d", "2026-11-30", 60, false), // on the job
            item("e", "2025-12-15", 60, true),  // before the programme
        ];
        let r = hours_report(&items, Some(260.0), p, day("2026-12-02"), None);
        assert_eq!(r.logged_hours, 6.0);
        assert_eq!(r.not_counted_hours, 1.0);
        assert_eq!(r.on_the_job_hours, 1.0);
        assert_eq!(
            r.weeks,
            [
                WeekTotal {
                    week: "2025-W51".into(),
                    hours: 1.0
                },
                WeekTotal {
                    week: "2026-W48".into(),
                    hours: 4.0
                },
                WeekTotal {
                    week: "2026-W49".into(),
                    hours: 2.0
                },
            ]
        );
        assert_eq!(r.months.len(), 2);
        assert_eq!(r.months[1].hours, 6.0);
        // 335 of 364 days gone: 239.29 expected.
        assert_eq!(r.expected_by_now, Some(239.29));
        assert_eq!(r.status, Some(Pace::Behind));
        assert!(!r.items[0].counted);
        // Listing from a date leaves progress alone.
        let since = hours_report(
            &items,
            Some(260.0),
            p,
            day("2026-12-02"),
            Some(day("2026-11-30")),
        );
        assert_eq!(since.items.len(), 2);
        assert_eq!(since.logged_hours, 6.0);
        assert_eq!(since.weeks.len(), 1);
        // Early on, a week's share is the tolerance.
        let early = hours_report(&items, Some(260.0), p, day("2026-01-15"), None);
        assert_eq!(early.expected_by_now, Some(10.0));
        assert_eq!(early.tolerance_hours, Some(5.0));
        assert_eq!(early.status, Some(Pace::Behind));
        let on = vec![item("x", "2026-01-10", 6 * 60, true)];
        let r = hours_report(&on, Some(260.0), p, day("2026-01-15"), None);
        assert_eq!(r.status, Some(Pace::OnTrack));
        let no_target = hours_report(&on, None, p, day("2026-01-15"), None);
        assert_eq!((no_target.expected_by_now, no_target.status), (None, None));
    }

    #[test]
    fn a_void_record_cancels_the_one_it_names() {
        let h = |activity: &str| {
            HoursFile::Hours(Hours {
                activity: activity.into(),
                ..item("x", "2026-11-02", 60, true).hours
            })
        };
        let (a, b) = (h("A"), h("B"));
        let v = HoursFile::Void(crate::model::hours::Void {
            recorded: DateTime::parse_from_rfc3339("2026-11-28T11:00:00Z").unwrap(),
            voids: "aaaaaaaaaaaa".into(),
            reason: None,
        });
        let items = live([
            ("aaaaaaaaaaaa", &a),
            ("bbbbbbbbbbbb", &b),
            ("cccccccccccc", &v),
        ]);
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].hours.activity, "B");
    }
}
