//! Reviewing service quality is a cycle, not a one-off (seed 002). The dates
//! of the review unit's entries are grouped into review occasions — entries
//! within a fortnight of each other are one review: the meeting, the
//! analysis and the write-up — and the gaps between occasions, and since the
//! latest, are checked against the configured maximum. Gaps that closed
//! before the currency window are history and not reported again.

use chrono::NaiveDate;

/// Entries at most this many days apart belong to one review.
pub const SAME_REVIEW_DAYS: i64 = 14;

/// One review: the days it spans and its entries, in date order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occasion {
    pub first: NaiveDate,
    pub last: NaiveDate,
    pub entries: Vec<String>,
}

impl Occasion {
    /// "2026-03-10" or "2026-03-10 to 2026-03-19".
    pub fn when(&self) -> String {
        if self.first == self.last {
            self.first.to_string()
        } else {
            format!("{} to {}", self.first, self.last)
        }
    }
}

/// What breaks the cycle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finding {
    /// Only one review so far; `days` since it ended.
    Single { occasion: Occasion, days: i64 },
    /// Two consecutive reviews too far apart.
    Gap {
        before: Occasion,
        after: Occasion,
        days: i64,
    },
    /// The latest review is too long ago.
    Overdue { latest: Occasion, days: i64 },
}

/// Groups dated entry ids (in any order) into review occasions.
pub fn occasions(dated: &[(NaiveDate, &str)]) -> Vec<Occasion> {
    let mut sorted = dated.to_vec();
    sorted.sort();
    let mut out: Vec<Occasion> = Vec::new();
    for (date, id) in sorted {
        match out.last_mut() {
            Some(o) if (date - o.last).num_days() <= SAME_REVIEW_DAYS => {
                o.last = date;
                o.entries.push(id.to_string());
            }
            _ => out.push(Occasion {
                first: date,
                last: date,
                entries: vec![id.to_string()],
            }),
        }
    }
    out
}

/// Everything that breaks the cycle as of `as_of`, with `max_gap` days the
/// longest acceptable wait between reviews; gaps closed before `since` are
/// left out.
pub fn findings(
    occasions: &[Occasion],
    as_of: NaiveDate,
    since: NaiveDate,
    max_gap: u32,
) -> Vec<Finding> {
    let max_gap = i64::from(max_gap);
    let Some(latest) = occasions.last() else {
        return Vec::new();
    };
    let waited = (as_of - latest.last).num_days();
    if occasions.len() == 1 {
        return vec![Finding::Single {
            occasion: latest.clone(),
            days: waited,
        }];
    }
    let mut out: Vec<Finding> = occasions
        .windows(2)
        .filter_map(|pair| {
            let days = (pair[1].first - pair[0].last).num_days();
            (days > max_gap && pair[1].last >= since).then(|| Finding::Gap {
                before: pair[0].clone(),
                after: pair[1].clone(),
                days,
            })
        })
        .collect();
    if waited > max_gap {
        out.push(Finding::Overdue {
            latest: latest.clone(),
            days: waited,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn entries_a_fortnight_apart_are_one_review() {
        let got = occasions(&[
            (d("2026-03-19"), "c"),
            (d("2026-03-05"), "a"),
            (d("2026-03-10"), "b"),
            (d("2026-04-10"), "d"),
        ]);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].entries, ["a", "b", "c"]);
        assert_eq!(got[0].when(), "2026-03-05 to 2026-03-19");
        assert_eq!(got[1].when(), "2026-04-10");
    }

    #[test]
    fn single_gaps_and_overdue() {
        let since = d("2025-01-01");
        let one = occasions(&[(d("2026-03-05"), "a")]);
        assert_eq!(
            findings(&one, d("2026-03-20"), since, 120),
            [Finding::Single {
                occasion: one[0].clone(),
                days: 15
            }]
        );
        let regular = occasions(&[
            (d("2026-01-05"), "a"),
            (d("2026-04-01"), "b"),
            (d("2026-07-01"), "c"),
        ]);
        assert_eq!(findings(&regular, d("2026-08-01"), since, 120), []);
        // Time passes with no review: the cycle lapses.
        let late = findings(&regular, d("2026-11-28"), since, 120);
        assert!(
            matches!(late.as_slice(), [Finding::Overdue { days: 150, .. }]),
            "{late:?}"
        );
        let gappy = occasions(&[(d("2026-01-05"), "a"), (d("2026-07-01"), "b")]);
        assert!(matches!(
            findings(&gappy, d("2026-07-10"), since, 120).as_slice(),
            [Finding::Gap { days: 177, .. }]
        ));
        // A gap that closed before the window is history.
        assert_eq!(findings(&gappy, d("2026-07-10"), d("2026-07-02"), 120), []);
        assert_eq!(findings(&[], d("2026-07-10"), since, 120), []);
    }
}
