//! The next steps: fixes to existing entries that would close gaps, new
//! evidence for the rest (from each criterion's guidance), and advice that
//! strengthens a unit, ordered by how many gaps each closes.

use std::cmp::Reverse;
use std::collections::BTreeSet;

use super::{Block, Ctx, Eval, NextStep};
use crate::model::criteria::{Criterion, Unit};
use crate::model::english::{and_list, capitalise};
use crate::model::evidence::EvidenceType;
use crate::rules::verdict::Status;

impl Ctx<'_> {
    /// Next steps, ordered by how many gaps each closes; among equals, fixes
    /// to existing entries before new evidence before advice, and new
    /// evidence one criterion per unit in turn (so a newcomer sees every
    /// unit's first criterion before any unit's second).
    pub(super) fn next_steps(&self, evals: &[(&Criterion, Eval)]) -> Vec<NextStep> {
        let mut steps: Vec<(Rank, NextStep)> = Vec::new();
        if self.items.is_empty() {
            steps.push((Rank::first(), first_entry_step()));
        }
        let open: Vec<&(&Criterion, Eval)> = evals
            .iter()
            .filter(|(_, ev)| ev.status != Status::Met)
            .collect();
        let fixes = self.fix_steps(&open);
        let fixed: BTreeSet<String> = fixes.iter().flat_map(|s| s.closes.clone()).collect();
        for step in fixes {
            let at = self.breadth(&step.closes[0]);
            steps.push((Rank::new(&step, 1, at), step));
        }
        for (c, ev) in open {
            if !fixed.contains(&c.id) {
                let step = self.evidence_step(c, ev);
                steps.push((Rank::new(&step, 2, self.breadth(&c.id)), step));
            }
        }
        for (u, unit) in self.catalogue.units.iter().enumerate() {
            if self.unit.is_some_and(|code| code != unit.code) {
                continue;
            }
            for step in self.advice_steps(unit) {
                steps.push((Rank::new(&step, 3, (usize::MAX, u)), step));
            }
        }
        steps.sort_by_key(|(rank, _)| *rank);
        steps.into_iter().map(|(_, s)| s).collect()
    }

    /// (position in its unit, unit position) of a criterion.
    fn breadth(&self, id: &str) -> (usize, usize) {
        self.catalogue
            .units
            .iter()
            .enumerate()
            .find_map(|(u, unit)| {
                unit.criteria
                    .iter()
                    .position(|c| c.id == id)
                    .map(|p| (p, u))
            })
            .unwrap_or((usize::MAX, usize::MAX))
    }

    /// One step per current entry whose fixing alone would close gaps.
    fn fix_steps(&self, open: &[&(&Criterion, Eval)]) -> Vec<NextStep> {
        let mut steps = Vec::new();
        for (i, item) in self.items.iter().enumerate() {
            if !item.current || !self.in_scope(item.entry) {
                continue;
            }
            let mut closes = Vec::new();
            let mut lints: BTreeSet<usize> = BTreeSet::new();
            for (c, ev) in open {
                let blocking: Vec<usize> = ev
                    .blocked
                    .iter()
                    .filter(|(b, _)| *b == i)
                    .flat_map(|(_, blocks)| blocks)
                    .filter_map(|b| match b {
                        Block::Lint(k) => Some(*k),
                        Block::OutOfDate => None,
                    })
                    .collect();
                if !blocking.is_empty() && self.evaluate(c, Some(i)).status == Status::Met {
                    closes.push(c.id.clone());
                    lints.extend(blocking);
                }
            }
            if closes.is_empty() {
                continue;
            }
            steps.push(NextStep {
                action: format!(
                    "Fix {} so it counts for {}",
                    item.entry.id,
                    and_list(&closes)
                ),
                how: lints
                    .iter()
                    .map(|&k| {
                        let l = &item.lints[k];
                        format!("{} — {}.", capitalise(&l.message), l.advice)
                    })
                    .collect(),
                closes,
                entries: vec![item.entry.id.clone()],
            });
        }
        steps
    }

    /// New evidence for a criterion no fix would close.
    fn evidence_step(&self, c: &Criterion, ev: &Eval) -> NextStep {
        let (one, many) = c.noun();
        let label = c.label();
        let mut entries = Vec::new();
        let mut how = Vec::new();
        let action = if c.required >= 2 {
            let more = (c.required as usize).saturating_sub(ev.credited);
            let nouns = if more == 1 { one } else { many };
            for (members, _) in &ev.same {
                let ids: Vec<String> = members.iter().map(|&m| self.id(m).to_string()).collect();
                how.push(format!("{} count as one {one}.", and_list(&ids)));
                entries.extend(ids);
            }
            let more_word = if ev.credited == 0 { "" } else { " more" };
            format!(
                "Write up {more}{more_word} distinct {nouns} for {} ({label})",
                c.id
            )
        } else if ev.mapped.is_empty() {
            format!("Add evidence for {} ({label})", c.id)
        } else if ev.mapped.iter().all(|&i| !self.items[i].current) {
            format!("Add recent evidence for {} ({label})", c.id)
        } else {
            entries.extend(ev.mapped.iter().map(|&i| self.id(i).to_string()));
            format!("Strengthen the evidence for {} ({label})", c.id)
        };
        // Before writing something new: an entry already written may show it.
        let candidates = self.candidates(c, ev);
        if let Some(best) = candidates.first() {
            let ids: Vec<String> = candidates.iter().map(|k| k.entry.clone()).collect();
            how.push(format!(
                "First check {}: {} may already show it; if it does, map it with \
                 `logbook tag {} --add {}`.",
                and_list(&ids),
                if ids.len() == 1 { "it" } else { "they" },
                best.entry,
                c.id
            ));
            entries.extend(ids);
        }
        how.extend(c.guidance.first().cloned());
        if let Some(types) = good_evidence(&c.evidence) {
            how.push(format!("Best evidence: {types}."));
        }
        NextStep {
            action,
            how,
            closes: vec![c.id.clone()],
            entries,
        }
    }

    /// Advice that closes no gap but makes a unit's evidence stronger.
    fn advice_steps(&self, unit: &Unit) -> Vec<NextStep> {
        let mut steps = Vec::new();
        if let Some(items) = self.only_accounts(unit) {
            let witnessed = items
                .iter()
                .rev()
                .find_map(|&i| self.items[i].entry.witness.as_deref().map(|w| (i, w)));
            let (how, entries) = match witnessed {
                Some((i, who)) => (
                    format!(
                        "Ask {who}, named as witness on {}, to confirm in writing what they saw: a witness testimony.",
                        self.id(i)
                    ),
                    vec![self.id(i).to_string()],
                ),
                None => (
                    unit.tips
                        .iter()
                        .find(|t| t.to_lowercase().contains("witness"))
                        .cloned()
                        .unwrap_or_else(|| "Ask your manager to confirm in writing what they saw you do, or attach a document you produced (an email, a log, a plan) as a product entry.".into()),
                    Vec::new(),
                ),
            };
            steps.push(NextStep {
                action: format!(
                    "Back up {} with an observation, witness testimony or product",
                    unit.code
                ),
                how: vec![how],
                closes: Vec::new(),
                entries,
            });
        }
        if unit.code == self.settings.review_unit
            && let Some(last) = self.cadence(unit).pop()
        {
            let finding = last
                .message
                .split_once(": ")
                .map_or(last.message.as_str(), |(_, m)| m);
            let mut how = vec![format!("{}.", capitalise(finding))];
            how.extend(
                unit.criteria
                    .iter()
                    .flat_map(|c| &c.guidance)
                    .find(|g| g.to_lowercase().contains("regular"))
                    .cloned(),
            );
            steps.push(NextStep {
                action: format!(
                    "Schedule your next service review within {} days and log it against {}",
                    self.settings.review_gap_days, unit.code
                ),
                how,
                closes: Vec::new(),
                entries: last.entry.into_iter().collect(),
            });
        }
        steps
    }
}

/// Where a next step goes: the newcomer's first step, then most gaps
/// closed, then class (fix, new evidence, advice), then breadth position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Rank(usize, Reverse<usize>, usize, (usize, usize));

impl Rank {
    fn first() -> Rank {
        Rank(0, Reverse(0), 0, (0, 0))
    }

    fn new(step: &NextStep, class: usize, at: (usize, usize)) -> Rank {
        Rank(1, Reverse(step.closes.len()), class, at)
    }
}

fn first_entry_step() -> NextStep {
    NextStep {
        action: "Write your first entry: run `logbook add`".into(),
        how: vec![
            "Pick one real thing you did recently — a customer problem you resolved, a briefing you ran, a rota you planned — and tell it step by step, in the past tense. The walk-through asks one question at a time.".into(),
            "Map it only to the criteria it clearly shows; the steps below say what each criterion needs.".into(),
        ],
        closes: Vec::new(),
        entries: Vec::new(),
    }
}

/// "an observation, a witness testimony or a product", from evidence types.
fn good_evidence(types: &[EvidenceType]) -> Option<String> {
    let names: Vec<String> = types.iter().map(EvidenceType::with_article).collect();
    match names.as_slice() {
        [] => None,
        [one] => Some(one.clone()),
        [init @ .., last] => Some(format!("{} or {last}", init.join(", "))),
    }
}
