//! The report's warnings: each rule's findings, with the entry or unit, a
//! plain message, what to do, and the criteria it keeps from "met".

use chrono::NaiveDate;

use super::incident::{self, Same};
use super::{Ctx, Eval, Warning, ago, cadence, days_text};
use crate::model::criteria::{Criterion, Unit};
use crate::model::diagnostic::Hinted;
use crate::model::english::and_list;
use crate::rules::verdict::{Status, WarningKind};

impl Ctx<'_> {
    pub(super) fn warnings(&self, evals: &[(&Criterion, Eval)]) -> Vec<Warning> {
        let not_met: Vec<&str> = evals
            .iter()
            .filter(|(_, ev)| ev.status != Status::Met)
            .map(|(c, _)| c.id.as_str())
            .collect();
        let mut out = Vec::new();
        self.unit_warnings(&mut out);

        // Same-incident groups, once each, naming every criterion they hold back.
        let mut same: Vec<(Vec<usize>, &Same, Vec<String>)> = Vec::new();
        for (c, ev) in evals {
            if ev.status == Status::Met {
                continue;
            }
            for (members, why) in &ev.same {
                match same.iter_mut().find(|(m, _, _)| m == members) {
                    Some((_, _, held)) => held.push(c.id.clone()),
                    None => same.push((members.clone(), why, vec![c.id.clone()])),
                }
            }
        }

        for (i, item) in self.items.iter().enumerate() {
            let entry = item.entry;
            if !self.in_scope(entry) {
                continue;
            }
            let mapped_not_met = |f: &dyn Fn(&Criterion) -> bool| -> Vec<String> {
                evals
                    .iter()
                    .filter(|(c, _)| {
                        entry.criteria.contains(&c.id) && not_met.contains(&c.id.as_str())
                    })
                    .filter(|(c, _)| f(c))
                    .map(|(c, _)| c.id.clone())
                    .collect()
            };
            if !item.current {
                let held = mapped_not_met(&|_| true);
                if !held.is_empty() {
                    out.push(Warning {
                        entry: Some(entry.id.clone()),
                        kind: WarningKind::OutOfDate,
                        message: format!(
                            "{}, so it no longer shows current competence",
                            self.currency.why_not(entry.occurred, self.as_of).replacen(
                                "is from",
                                "happened on",
                                1
                            )
                        ),
                        advice: format!("keep it, and add recent evidence for {}", and_list(&held)),
                        unit: None,
                        holds_back: held,
                        quote: None,
                    });
                }
            }
            for (members, why, held) in &same {
                if members.get(1) != Some(&i) {
                    continue;
                }
                let ids: Vec<String> = members.iter().map(|&m| self.id(m).to_string()).collect();
                let c = held.first().and_then(|id| self.catalogue.criterion(id));
                let one = c.map_or("example", |c| c.noun().0);
                out.push(Warning {
                    entry: Some(entry.id.clone()),
                    kind: WarningKind::SameIncident,
                    message: format!(
                        "{} look like one incident ({}), so they count as one {one} for {}",
                        and_list(&ids),
                        why.describe(),
                        and_list(held)
                    ),
                    advice: format!(
                        "write up a different {one}; if these really are different, give each its own {}… tag",
                        incident::TAG_PREFIX
                    ),
                    unit: None,
                    holds_back: held.clone(),
                    quote: None,
                });
            }
            for lint in item.lints {
                let held = lint.holds_back.clone();
                out.push(Warning {
                    entry: Some(entry.id.clone()),
                    kind: lint.kind,
                    message: lint.message.clone(),
                    advice: lint.advice.clone(),
                    quote: lint.quote.clone(),
                    unit: None,
                    holds_back: held,
                });
            }
            if self.unit.is_none() {
                for id in &entry.criteria {
                    if self.catalogue.criterion(id).is_some() {
                        continue;
                    }
                    let message = match self.catalogue.resolve(id) {
                        Ok(c) => format!("is mapped to {id:?}, which should be written {:?}", c.id),
                        Err(e) => match e.hint() {
                            Some(hint) => {
                                format!("is mapped to {id:?}, which is not a criterion ({hint})")
                            }
                            None => format!("is mapped to {id:?}, which is not a criterion"),
                        },
                    };
                    out.push(Warning {
                        entry: Some(entry.id.clone()),
                        kind: WarningKind::UnknownCriterion,
                        message,
                        advice: "correct the criteria list in the entry file so it counts; `logbook criteria` lists them".into(),
                        unit: None,
                        holds_back: Vec::new(),
                        quote: None,
                    });
                }
            }
        }
        out
    }

    fn unit_warnings(&self, out: &mut Vec<Warning>) {
        for unit in self.units() {
            if let Some(items) = self.only_accounts(unit) {
                let n = items.len();
                out.push(Warning {
                    entry: None,
                    kind: WarningKind::SingleSource,
                    message: format!(
                        "{}: {} your own reflective {}, with no observation, witness testimony, product or professional discussion",
                        unit.code,
                        if n == 1 {
                            "the only current entry is".to_string()
                        } else {
                            format!("all {n} current entries are")
                        },
                        if n == 1 { "account" } else { "accounts" }
                    ),
                    advice: "back your accounts up with evidence from another source, so the assessor can triangulate".into(),
                    unit: Some(unit.code.clone()),
                    holds_back: Vec::new(),
                    quote: None,
                });
            }
            if unit.code == self.settings.review_unit {
                for finding in self.cadence(unit) {
                    out.push(finding);
                }
            }
        }
    }

    pub(super) fn cadence(&self, unit: &Unit) -> Vec<Warning> {
        let dated: Vec<(NaiveDate, &str)> = self
            .unit_items(unit, false)
            .into_iter()
            .map(|i| (self.items[i].entry.occurred, self.id(i)))
            .collect();
        let occasions = cadence::occasions(&dated);
        let gap = self.settings.review_gap_days;
        let latest_id = |o: &cadence::Occasion| o.entries.last().cloned();
        cadence::findings(&occasions, self.as_of, self.cutoff, gap)
            .into_iter()
            .map(|f| {
                let (entry, message) = match &f {
                    cadence::Finding::Single { occasion, days } => (
                        latest_id(occasion),
                        format!(
                            "{}: one review so far ({}, {}); reviewing service is a cycle, not a one-off",
                            unit.code,
                            occasion.when(),
                            ago(*days)
                        ),
                    ),
                    cadence::Finding::Gap {
                        before,
                        after,
                        days,
                    } => (
                        latest_id(after),
                        format!(
                            "{}: {} between the reviews of {} and {}, longer than {gap} days",
                            unit.code,
                            days_text(*days),
                            before.when(),
                            after.when()
                        ),
                    ),
                    cadence::Finding::Overdue { latest, days } => (
                        latest_id(latest),
                        format!(
                            "{}: the latest review ({}) was {}, longer than {gap} days",
                            unit.code,
                            latest.when(),
                            ago(*days)
                        ),
                    ),
                };
                Warning {
                    entry,
                    kind: WarningKind::ReviewCadence,
                    message,
                    advice: format!(
                        "schedule reviews at least every {gap} days and log each one against {}",
                        unit.code
                    ),
                    unit: Some(unit.code.clone()),
                    holds_back: Vec::new(),
                    quote: None,
                }
            })
            .collect()
    }
}
