//! The assessor's side of the portfolio: which decisions still stand, and
//! what they add up to for each criterion (`assessed` in `gaps --json`).
//!
//! # The rule
//! A decision is *current* while the entry file is byte for byte the one
//! the assessor judged (its SHA-256 is the one recorded with the decision).
//! For a criterion, only current decisions about entries mapped to it (on
//! or before the report date, and made on or before that date) take part,
//! and for each such entry only its latest decision for that criterion
//! (by decision date, then when it was recorded) — a later decision
//! replaces an earlier one. Then the criterion is:
//!
//! - `accepted` when at least as many entries are accepted as the
//!   criterion requires (OPS.3: two);
//! - else `action-required` when the latest decision on any of its entries
//!   asks for action;
//! - else not assessed (`null`): nothing decided yet, or fewer entries
//!   accepted than it needs and nothing asked for.
//!
//! So one accepted entry is enough for a criterion that needs one, even if
//! another entry for it was sent back; and an edit after acceptance takes
//! the entry out of the count until the assessor looks again.

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset, NaiveDate};

use crate::model::record::{Assessment, Decision};
use crate::rules::gaps::{OutOfDateDecision, Report};

/// One decision about one entry for one criterion, with whether it still
/// stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Judged {
    pub entry: String,
    pub criterion: String,
    pub decision: Decision,
    pub date: NaiveDate,
    pub recorded: DateTime<FixedOffset>,
    pub current: bool,
}

/// Each criterion of a decision, judged current when `hash` (the entry
/// file's SHA-256 now) is the one it was made on.
pub fn judged(assessment: &Assessment, hash: Option<&str>) -> Vec<Judged> {
    let current = hash == Some(assessment.entry_sha256.as_str());
    assessment
        .criteria
        .iter()
        .map(|c| Judged {
            entry: assessment.entry.clone(),
            criterion: c.clone(),
            decision: assessment.decision,
            date: assessment.date,
            recorded: assessment.recorded,
            current,
        })
        .collect()
}

/// What the decisions add up to for one criterion (see the module's rule).
pub fn criterion_decision(
    entries: &[String],
    required: u32,
    judged: &[&Judged],
) -> Option<Decision> {
    let mut latest: HashMap<&str, &Judged> = HashMap::new();
    for j in judged.iter().filter(|j| j.current) {
        if !entries.contains(&j.entry) {
            continue;
        }
        let slot = latest.entry(j.entry.as_str()).or_insert(j);
        if (j.date, j.recorded) >= (slot.date, slot.recorded) {
            *slot = j;
        }
    }
    let accepted = latest
        .values()
        .filter(|j| j.decision == Decision::Accepted)
        .count();
    if accepted > 0 && accepted >= required.max(1) as usize {
        Some(Decision::Accepted)
    } else if latest
        .values()
        .any(|j| j.decision == Decision::ActionRequired)
    {
        Some(Decision::ActionRequired)
    } else {
        None
    }
}

/// The out-of-date decisions among `judged` on `entries` for one criterion.
pub fn out_of_date(entries: &[String], judged: &[&Judged]) -> Vec<OutOfDateDecision> {
    let mut out: Vec<OutOfDateDecision> = Vec::new();
    for entry in entries {
        let mine: Vec<&&Judged> = judged.iter().filter(|j| &j.entry == entry).collect();
        if mine.iter().any(|j| j.current) {
            continue;
        }
        if let Some(latest) = mine.iter().max_by_key(|j| (j.date, j.recorded)) {
            out.push(OutOfDateDecision {
                entry: entry.clone(),
                decision: latest.decision,
                date: latest.date,
            });
        }
    }
    out
}

/// Sets every criterion's `assessed` and `out_of_date_decisions` in
/// `report` from the decisions.
pub fn apply(report: &mut Report, judged: &[Judged]) {
    let as_of = report.as_of;
    let mut by_criterion: HashMap<&str, Vec<&Judged>> = HashMap::new();
    for j in judged.iter().filter(|j| j.date <= as_of) {
        by_criterion
            .entry(j.criterion.as_str())
            .or_default()
            .push(j);
    }
    for c in report.units.iter_mut().flat_map(|u| u.criteria.iter_mut()) {
        let Some(js) = by_criterion.get(c.id.as_str()) else {
            continue;
        };
        c.assessed = criterion_decision(&c.entries, c.required, js);
        c.out_of_date_decisions = out_of_date(&c.entries, js);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn j(entry: &str, decision: Decision, day: u32, current: bool) -> Judged {
        Judged {
            entry: entry.into(),
            criterion: "OPS.3".into(),
            decision,
            date: NaiveDate::from_ymd_opt(2026, 11, day).unwrap(),
            recorded: DateTime::parse_from_rfc3339("2026-11-28T10:00:00Z").unwrap(),
            current,
        }
    }

    #[test]
    fn accepted_needs_enough_current_entries() {
        use Decision::*;
        let entries = vec!["a".to_string(), "b".to_string()];
        let decide = |required, js: &[Judged]| {
            let refs: Vec<&Judged> = js.iter().collect();
            criterion_decision(&entries, required, &refs)
        };
        assert_eq!(decide(1, &[]), None);
        assert_eq!(decide(1, &[j("a", Accepted, 1, true)]), Some(Accepted));
        assert_eq!(
            decide(1, &[j("a", Accepted, 1, false)]),
            None,
            "changed since"
        );
        assert_eq!(decide(2, &[j("a", Accepted, 1, true)]), None, "one of two");
        assert_eq!(
            decide(2, &[j("a", Accepted, 1, true), j("b", Accepted, 2, true)]),
            Some(Accepted)
        );
        assert_eq!(
            decide(
                1,
                &[j("a", Accepted, 1, true), j("b", ActionRequired, 2, true)]
            ),
            Some(Accepted),
            "one accepted entry is enough"
        );
        assert_eq!(
            decide(
                1,
                &[j("a", ActionRequired, 1, true), j("a", Accepted, 2, true)]
            ),
            Some(Accepted),
            "a later decision replaces an earlier one"
        );
        assert_eq!(
            decide(
                1,
                &[j("a", Accepted, 1, true), j("a", ActionRequired, 2, true)]
            ),
            Some(ActionRequired)
        );
        assert_eq!(decide(1, &[j("z", Accepted, 1, true)]), None, "not mapped");
    }

    #[test]
    fn a_decision_on_an_earlier_text_is_out_of_date_until_one_on_this_text() {
        use Decision::*;
        let entries = vec!["a".to_string(), "b".to_string()];
        let stale = |js: &[Judged]| {
            let refs: Vec<&Judged> = js.iter().collect();
            out_of_date(&entries, &refs)
        };
        assert!(stale(&[j("a", Accepted, 1, true)]).is_empty());
        let got = stale(&[j("a", ActionRequired, 1, false), j("a", Accepted, 2, false)]);
        assert_eq!(got.len(), 1);
        assert_eq!((got[0].entry.as_str(), got[0].decision), ("a", Accepted));
        assert!(
            stale(&[j("a", Accepted, 1, false), j("a", Accepted, 2, true)]).is_empty(),
            "looked at again"
        );
        assert!(
            stale(&[j("z", Accepted, 1, false)]).is_empty(),
            "not mapped"
        );
    }
}
