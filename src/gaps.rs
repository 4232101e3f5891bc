//! The gap analysis behind `logbook gaps` (and the export's coverage): which
//! criteria have evidence an assessor would credit, which do not and why, and
//! what to do next. Pure: entries, catalogue, frameworks, settings and a date
//! in, a [`Report`] out.
//!
//! # Rules
//! Only entries that happened on or before the report date take part.
//!
//! - **Currency** (`out-of-date`): an entry older than `currency_months`
//!   before the report date no longer counts towards "met". It is reported
//!   only where that costs something: a criterion it maps to is not met.
//! - **Distinct problems** (`same-incident`): where a criterion needs two or
//!   more entries (OPS.3: "at least two distinct problems"), entries about
//!   one incident count once. Two entries are one incident when they share an
//!   `incident-…` tag, or when they are at most `same_incident_days` apart and
//!   their wording is at least `same_incident_similarity` alike (see
//!   [`incident`]); different `incident-…` tags always mean different
//!   incidents. Reported where it keeps the criterion from "met".
//! - **Triangulation** (`single-source`): a unit whose current evidence is
//!   all reflective accounts — no observation, witness testimony, product or
//!   professional discussion — is flagged.
//! - **Review cadence** (`review-cadence`): the review unit's evidence
//!   (`review_unit`, REV) should show a repeating cycle: a single review, a
//!   gap of more than `review_gap_days` between reviews, or a latest review
//!   longer ago than that, is flagged (see [`cadence`]).
//! - **Entry lints** (the kinds of [`lint::LintKind`]): every entry in scope
//!   is linted, with the over-mapping thresholds from the settings.
//!   Unknown criterion ids in an entry are reported as `unknown-criterion`.
//!
//! # Which findings stop evidence counting
//! An assessor credits evidence that is valid, authentic, current and
//! sufficient (DOMAIN.md). A finding that means the entry fails one of those
//! for a criterion stops it counting there; one that only makes good
//! evidence better is advice. So, for each criterion an entry maps to:
//!
//! - *out-of-date* — not current: never counts;
//! - *hypothetical* — "I would…" is not what happened (not valid or
//!   authentic): never counts;
//! - *no-outcome* — an account that never says how it turned out does not
//!   show the criterion was achieved: never counts;
//! - *personal-data* — a portfolio cannot carry a customer's contact or card
//!   details (UK GDPR, and itself a failure of RES.4): it counts once
//!   anonymised. Names listed under `[redact]` are not checked here: listing
//!   a name is how the learner has `export --redact` deal with it;
//! - *over-mapped* — a thin entry claimed against many criteria is not
//!   sufficient for any of them: never counts until trimmed or expanded;
//! - *no-reasons*, *no-follow-up*, *no-evaluation* — stop it counting only
//!   for criteria whose marking point asks for exactly that (reasoning,
//!   rationale, justification or pros and cons; follow-up; evaluation or
//!   reflection — see [`Ask`]); elsewhere they are advice;
//! - *unmapped*, *unknown-criterion*, *single-source*, *review-cadence* —
//!   advice: there is no single criterion's credit to withhold.
//!
//! A criterion with no entries is "missing"; with entries but fewer credited
//! than it requires, "partial", and its `why` says why in plain English;
//! otherwise "met".

pub mod cadence;
pub mod incident;

use std::cmp::Reverse;
use std::collections::BTreeSet;

use chrono::{Months, NaiveDate};
use serde::Serialize;

use crate::criteria::{Catalogue, Criterion, Unit};
use crate::entry::Entry;
use crate::frameworks::Frameworks;
use crate::lint::{self, Lint, LintKind};
use crate::settings::GapSettings;

use incident::{Same, Wording, and_list};

/// Warning kinds of the cross-entry rules (entry lints use
/// [`LintKind::name`]).
pub const OUT_OF_DATE: &str = "out-of-date";
pub const SAME_INCIDENT: &str = "same-incident";
pub const SINGLE_SOURCE: &str = "single-source";
pub const REVIEW_CADENCE: &str = "review-cadence";
pub const UNKNOWN_CRITERION: &str = "unknown-criterion";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Met,
    Partial,
    Missing,
}

impl Status {
    pub fn name(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::Partial => "partial",
            Status::Missing => "missing",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub as_of: NaiveDate,
    pub summary: Summary,
    pub units: Vec<UnitReport>,
    pub warnings: Vec<Warning>,
    /// Ordered by how many gaps each closes.
    pub next_steps: Vec<NextStep>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub met: usize,
    pub partial: usize,
    pub missing: usize,
    pub total: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct UnitReport {
    pub id: String,
    pub title: String,
    pub criteria: Vec<CriterionReport>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CriterionReport {
    pub id: String,
    pub text: String,
    pub required: u32,
    /// Entries mapped to it (on or before the report date).
    pub count: usize,
    pub status: Status,
    pub entries: Vec<String>,
    pub evidence_types: Vec<String>,
    pub latest: Option<NaiveDate>,
    /// Plain-English reasons it is not met; empty when it is.
    pub why: Vec<String>,
    /// The short label (`Criterion::label`), for narrow tables.
    pub label: String,
    /// How many of `count` the rules credit (distinct incidents where the
    /// criterion needs several).
    pub credited: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Warning {
    /// The entry it is about; `None` for a whole unit.
    pub entry: Option<String>,
    /// Stable kebab-case rule name.
    pub kind: String,
    pub message: String,
    /// What to do about it.
    pub advice: String,
    /// The unit, for unit-wide warnings.
    pub unit: Option<String>,
    /// Criteria this keeps from "met" (empty: advice only).
    pub holds_back: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NextStep {
    /// What to do, in one imperative sentence.
    pub action: String,
    /// How: the criterion's guidance or the fix for an entry.
    pub how: Vec<String>,
    /// Criteria that would be met once this is done.
    pub closes: Vec<String>,
    /// Entries to open.
    pub entries: Vec<String>,
}

/// The whole report.
pub fn analyse(
    entries: &[Entry],
    catalogue: &Catalogue,
    frameworks: &Frameworks,
    settings: &GapSettings,
    as_of: NaiveDate,
) -> Report {
    analyse_unit(entries, catalogue, frameworks, settings, as_of, None)
}

/// The report for one unit (`Some("RES")`) or all (`None`): its criteria,
/// the warnings about its entries, and its next steps.
pub fn analyse_unit(
    entries: &[Entry],
    catalogue: &Catalogue,
    frameworks: &Frameworks,
    settings: &GapSettings,
    as_of: NaiveDate,
    unit: Option<&str>,
) -> Report {
    let ctx = Ctx::new(entries, catalogue, frameworks, settings, as_of, unit);
    let mut units = Vec::new();
    let mut evals = Vec::new();
    for u in ctx.units() {
        let mut criteria = Vec::new();
        for c in &u.criteria {
            let ev = ctx.evaluate(c, None);
            criteria.push(ctx.criterion_report(c, &ev));
            evals.push((c, ev));
        }
        units.push(UnitReport {
            id: u.code.clone(),
            title: u.title.clone(),
            criteria,
        });
    }
    let all: Vec<&CriterionReport> = units.iter().flat_map(|u| &u.criteria).collect();
    let count = |s: Status| all.iter().filter(|c| c.status == s).count();
    let summary = Summary {
        met: count(Status::Met),
        partial: count(Status::Partial),
        missing: count(Status::Missing),
        total: all.len(),
    };
    let warnings = ctx.warnings(&evals);
    let next_steps = ctx.next_steps(&evals);
    Report {
        as_of,
        summary,
        units,
        warnings,
        next_steps,
    }
}

/// What a marking point asks for, which some lints then withhold credit on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ask {
    Reasons,
    FollowUp,
    Evaluation,
}

impl Ask {
    /// Whether the criterion's marking point asks for this, by its wording.
    pub fn asked_by(self, criterion: &Criterion) -> bool {
        let text = criterion.text.to_lowercase();
        let needles: &[&str] = match self {
            Ask::Reasons => &["reasoning", "rationale", "justif", "pros and cons"],
            Ask::FollowUp => &["follow-up", "follow up"],
            Ask::Evaluation => &["evaluation", "reflect"],
        };
        needles.iter().any(|n| text.contains(n))
    }

    fn noun(self) -> &'static str {
        match self {
            Ask::Reasons => "reasons",
            Ask::FollowUp => "follow-up",
            Ask::Evaluation => "evaluation",
        }
    }
}

/// Whether a lint stops an entry counting for `criterion`, and if only
/// because the marking point asks for it, what it asks.
fn withholds(kind: LintKind, criterion: &Criterion) -> Option<Option<Ask>> {
    let specific = |ask: Ask| ask.asked_by(criterion).then_some(Some(ask));
    match kind {
        LintKind::Hypothetical
        | LintKind::NoOutcome
        | LintKind::PersonalData
        | LintKind::OverMapped => Some(None),
        LintKind::NoReasons => specific(Ask::Reasons),
        LintKind::NoFollowUp => specific(Ask::FollowUp),
        LintKind::NoEvaluation => specific(Ask::Evaluation),
        LintKind::Unmapped => None,
    }
}

/// An entry in the report's time window, with its lints.
struct Item<'a> {
    entry: &'a Entry,
    lints: Vec<Lint>,
    current: bool,
}

/// Why one entry does not count for one criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Block {
    OutOfDate,
    /// Index into the item's lints, and what the criterion asks if that is
    /// the only reason the lint matters.
    Lint(usize, Option<Ask>),
}

/// One criterion, judged.
struct Eval {
    /// Item indices, date order.
    mapped: Vec<usize>,
    blocked: Vec<(usize, Vec<Block>)>,
    /// Entries about one incident (two or more), where distinct ones count.
    same: Vec<(Vec<usize>, Same)>,
    credited: usize,
    status: Status,
}

struct Ctx<'a> {
    catalogue: &'a Catalogue,
    settings: &'a GapSettings,
    as_of: NaiveDate,
    unit: Option<&'a str>,
    items: Vec<Item<'a>>,
    wording: Wording,
}

impl<'a> Ctx<'a> {
    fn new(
        entries: &'a [Entry],
        catalogue: &'a Catalogue,
        frameworks: &'a Frameworks,
        settings: &'a GapSettings,
        as_of: NaiveDate,
        unit: Option<&'a str>,
    ) -> Ctx<'a> {
        let cutoff = as_of
            .checked_sub_months(Months::new(settings.currency_months))
            .unwrap_or(NaiveDate::MIN);
        let config = settings.lint_config();
        let mut dated: Vec<&Entry> = entries.iter().filter(|e| e.occurred <= as_of).collect();
        dated.sort_by(|a, b| (a.occurred, a.created, &a.id).cmp(&(b.occurred, b.created, &b.id)));
        let items: Vec<Item> = dated
            .into_iter()
            .map(|entry| Item {
                entry,
                lints: lint::lint_entry(entry, frameworks, &config),
                current: entry.occurred >= cutoff,
            })
            .collect();
        let wording = Wording::new(items.iter().map(|i| i.entry));
        Ctx {
            catalogue,
            settings,
            as_of,
            unit,
            items,
            wording,
        }
    }

    fn units(&self) -> impl Iterator<Item = &'a Unit> + '_ {
        self.catalogue
            .units
            .iter()
            .filter(|u| self.unit.is_none_or(|code| u.code == code))
    }

    fn in_scope(&self, entry: &Entry) -> bool {
        match self.unit.and_then(|code| self.catalogue.unit(code)) {
            None => self.unit.is_none(),
            Some(u) => u.criteria.iter().any(|c| entry.criteria.contains(&c.id)),
        }
    }

    fn id(&self, i: usize) -> &'a str {
        &self.items[i].entry.id
    }

    /// Why item `i` does not count for `c`; `waive` ignores that item's lints.
    fn blocks(&self, i: usize, c: &Criterion, waive: Option<usize>) -> Vec<Block> {
        let item = &self.items[i];
        let mut out = Vec::new();
        if !item.current {
            out.push(Block::OutOfDate);
        }
        if waive != Some(i) {
            for (k, l) in item.lints.iter().enumerate() {
                if let Some(ask) = withholds(l.kind, c) {
                    out.push(Block::Lint(k, ask));
                }
            }
        }
        out
    }

    fn evaluate(&self, c: &Criterion, waive: Option<usize>) -> Eval {
        let mapped: Vec<usize> = (0..self.items.len())
            .filter(|&i| self.items[i].entry.criteria.contains(&c.id))
            .collect();
        let mut blocked = Vec::new();
        let mut ok = Vec::new();
        for &i in &mapped {
            let b = self.blocks(i, c, waive);
            if b.is_empty() {
                ok.push(i);
            } else {
                blocked.push((i, b));
            }
        }
        let (same, credited) = if c.required >= 2 {
            let groups = self.incidents(&mapped);
            let credited = groups
                .iter()
                .filter(|(members, _)| members.iter().any(|m| ok.contains(m)))
                .count();
            let same = groups
                .into_iter()
                .filter_map(|(members, why)| why.map(|w| (members, w)))
                .collect();
            (same, credited)
        } else {
            (Vec::new(), ok.len())
        };
        let status = if mapped.is_empty() {
            Status::Missing
        } else if credited >= c.required as usize {
            Status::Met
        } else {
            Status::Partial
        };
        Eval {
            mapped,
            blocked,
            same,
            credited,
            status,
        }
    }

    /// Groups entries into incidents; a group of two or more carries the
    /// reason its first two are one incident.
    fn incidents(&self, mapped: &[usize]) -> Vec<(Vec<usize>, Option<Same>)> {
        let mut groups: Vec<(Vec<usize>, Option<Same>)> = Vec::new();
        for &i in mapped {
            let found = groups.iter().position(|(members, _)| {
                members.iter().any(|&m| self.same_incident(m, i).is_some())
            });
            match found {
                Some(g) => {
                    let (members, why) = &mut groups[g];
                    if why.is_none() {
                        *why = self.same_incident(members[0], i);
                    }
                    members.push(i);
                }
                None => groups.push((vec![i], None)),
            }
        }
        groups
    }

    fn same_incident(&self, a: usize, b: usize) -> Option<Same> {
        incident::same_incident(
            self.items[a].entry,
            self.items[b].entry,
            &self.wording,
            self.settings.same_incident_days,
            self.settings.same_incident_similarity,
        )
    }

    fn criterion_report(&self, c: &Criterion, ev: &Eval) -> CriterionReport {
        let entries: Vec<&Entry> = ev.mapped.iter().map(|&i| self.items[i].entry).collect();
        let known: Vec<&str> = crate::criteria::EVIDENCE_TYPES
            .iter()
            .map(|(t, _)| *t)
            .collect();
        let mut evidence_types: Vec<String> = known
            .iter()
            .filter(|t| entries.iter().any(|e| e.evidence == **t))
            .map(|t| t.to_string())
            .collect();
        let unknown: BTreeSet<&str> = entries
            .iter()
            .map(|e| e.evidence.as_str())
            .filter(|t| !known.contains(t))
            .collect();
        evidence_types.extend(unknown.into_iter().map(str::to_string));
        CriterionReport {
            id: c.id.clone(),
            text: c.text.clone(),
            required: c.required,
            count: ev.mapped.len(),
            status: ev.status,
            entries: entries.iter().map(|e| e.id.clone()).collect(),
            evidence_types,
            latest: entries.iter().map(|e| e.occurred).max(),
            why: self.why(c, ev),
            label: c.label().to_string(),
            credited: ev.credited,
        }
    }

    fn why(&self, c: &Criterion, ev: &Eval) -> Vec<String> {
        match ev.status {
            Status::Met => return Vec::new(),
            Status::Missing => return vec!["no entries are mapped to it yet".into()],
            Status::Partial => {}
        }
        let mut out = Vec::new();
        for (i, blocks) in &ev.blocked {
            for block in blocks {
                out.push(self.block_text(*i, *block, c));
            }
        }
        let (one, many) = noun(c);
        for (members, same) in &ev.same {
            let ids: Vec<String> = members.iter().map(|&m| self.id(m).to_string()).collect();
            out.push(format!(
                "{} look like one incident ({}), so they count as one {one}",
                and_list(&ids),
                same.describe()
            ));
        }
        if c.required >= 2 {
            out.push(format!(
                "{} of the {} distinct {many} it needs",
                ev.credited, c.required
            ));
        }
        out
    }

    fn block_text(&self, i: usize, block: Block, c: &Criterion) -> String {
        let item = &self.items[i];
        match block {
            Block::OutOfDate => format!(
                "{} is from {}, more than {} before {}, so it no longer counts",
                item.entry.id,
                item.entry.occurred,
                months(self.settings.currency_months),
                self.as_of
            ),
            Block::Lint(k, ask) => {
                let lint = &item.lints[k];
                match ask {
                    Some(ask) => format!(
                        "{}: {}, and {} asks for {}",
                        item.entry.id,
                        lint.message,
                        c.id,
                        ask.noun()
                    ),
                    None => format!("{}: {}", item.entry.id, lint.message),
                }
            }
        }
    }

    fn warnings(&self, evals: &[(&Criterion, Eval)]) -> Vec<Warning> {
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
                        kind: OUT_OF_DATE.into(),
                        message: format!(
                            "happened on {}, more than {} before {}, so it no longer shows current competence",
                            entry.occurred,
                            months(self.settings.currency_months),
                            self.as_of
                        ),
                        advice: format!(
                            "keep it, and add recent evidence for {}",
                            and_list(&held)
                        ),
                        unit: None,
                        holds_back: held,
                    });
                }
            }
            for (members, why, held) in &same {
                if members.get(1) != Some(&i) {
                    continue;
                }
                let ids: Vec<String> = members.iter().map(|&m| self.id(m).to_string()).collect();
                let c = held.first().and_then(|id| self.catalogue.criterion(id));
                let one = c.map_or("example", |c| noun(c).0);
                out.push(Warning {
                    entry: Some(entry.id.clone()),
                    kind: SAME_INCIDENT.into(),
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
                });
            }
            for lint in &item.lints {
                let held = if item.current {
                    mapped_not_met(&|c| withholds(lint.kind, c).is_some())
                } else {
                    Vec::new()
                };
                out.push(Warning {
                    entry: Some(entry.id.clone()),
                    kind: lint.kind.name().into(),
                    message: lint.message.clone(),
                    advice: lint.advice.clone(),
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
                        Err(e) => match e.hint {
                            Some(hint) => {
                                format!("is mapped to {id:?}, which is not a criterion ({hint})")
                            }
                            None => format!("is mapped to {id:?}, which is not a criterion"),
                        },
                    };
                    out.push(Warning {
                        entry: Some(entry.id.clone()),
                        kind: UNKNOWN_CRITERION.into(),
                        message,
                        advice: "correct the criteria list in the entry file so it counts; `logbook criteria` lists them".into(),
                        unit: None,
                        holds_back: Vec::new(),
                    });
                }
            }
        }
        out
    }

    /// Current entries mapped to a unit, item indices in date order.
    fn unit_items(&self, unit: &Unit) -> Vec<usize> {
        (0..self.items.len())
            .filter(|&i| {
                let item = &self.items[i];
                item.current
                    && unit
                        .criteria
                        .iter()
                        .any(|c| item.entry.criteria.contains(&c.id))
            })
            .collect()
    }

    fn unit_warnings(&self, out: &mut Vec<Warning>) {
        for unit in self.units() {
            let items = self.unit_items(unit);
            if !items.is_empty()
                && items
                    .iter()
                    .all(|&i| self.items[i].entry.evidence == "reflective-account")
            {
                let n = items.len();
                out.push(Warning {
                    entry: None,
                    kind: SINGLE_SOURCE.into(),
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
                });
            }
            if unit.code == self.settings.review_unit {
                for finding in self.cadence(unit) {
                    out.push(finding);
                }
            }
        }
    }

    fn cadence(&self, unit: &Unit) -> Vec<Warning> {
        let dated: Vec<(NaiveDate, &str)> = self
            .unit_items(unit)
            .into_iter()
            .map(|i| (self.items[i].entry.occurred, self.id(i)))
            .collect();
        let occasions = cadence::occasions(&dated);
        let gap = self.settings.review_gap_days;
        let latest_id = |o: &cadence::Occasion| o.entries.last().cloned();
        cadence::findings(&occasions, self.as_of, gap)
            .into_iter()
            .map(|f| {
                let (entry, message) = match &f {
                    cadence::Finding::Single { occasion, days } => (
                        latest_id(occasion),
                        format!(
                            "{}: one review so far ({}, {} ago); reviewing service is a cycle, not a one-off",
                            unit.code,
                            occasion.when(),
                            days_text(*days)
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
                            "{}: the latest review ({}) was {} ago, longer than {gap} days",
                            unit.code,
                            latest.when(),
                            days_text(*days)
                        ),
                    ),
                };
                Warning {
                    entry,
                    kind: REVIEW_CADENCE.into(),
                    message,
                    advice: format!(
                        "schedule reviews at least every {gap} days and log each one against {}",
                        unit.code
                    ),
                    unit: Some(unit.code.clone()),
                    holds_back: Vec::new(),
                }
            })
            .collect()
    }

    /// Next steps, ordered by how many gaps each closes; among equals, fixes
    /// to existing entries before new evidence before advice, and new
    /// evidence one criterion per unit in turn (so a newcomer sees every
    /// unit's first criterion before any unit's second).
    fn next_steps(&self, evals: &[(&Criterion, Eval)]) -> Vec<NextStep> {
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
                        Block::Lint(k, _) => Some(*k),
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
        let (one, many) = noun(c);
        let label = c.label();
        let mut how = Vec::new();
        let mut entries = Vec::new();
        let action = if c.required >= 2 {
            let more = (c.required as usize).saturating_sub(ev.credited);
            let nouns = if more == 1 { one } else { many };
            for (members, same) in &ev.same {
                let ids: Vec<String> = members.iter().map(|&m| self.id(m).to_string()).collect();
                how.push(format!(
                    "{} count as one: {}.",
                    and_list(&ids),
                    same.describe()
                ));
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
            if let Some(&last) = ev.mapped.last() {
                how.push(format!(
                    "Your latest, {}, is from {}: more than {} ago.",
                    self.id(last),
                    self.items[last].entry.occurred,
                    months(self.settings.currency_months)
                ));
            }
            format!("Add recent evidence for {} ({label})", c.id)
        } else {
            entries.extend(ev.mapped.iter().map(|&i| self.id(i).to_string()));
            format!("Strengthen the evidence for {} ({label})", c.id)
        };
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
        let items = self.unit_items(unit);
        let all_accounts = !items.is_empty()
            && items
                .iter()
                .all(|&i| self.items[i].entry.evidence == "reflective-account");
        if all_accounts {
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

/// "problem"/"problems" where the marking point speaks of problems, else
/// "example"/"examples".
fn noun(c: &Criterion) -> (&'static str, &'static str) {
    if c.text.to_lowercase().contains("problem") {
        ("problem", "problems")
    } else {
        ("example", "examples")
    }
}

fn months(n: u32) -> String {
    if n == 1 {
        "1 month".into()
    } else {
        format!("{n} months")
    }
}

fn days_text(n: i64) -> String {
    match n {
        0 => "0 days".into(),
        1 => "1 day".into(),
        n => format!("{n} days"),
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// "an observation, a witness testimony or a product", from evidence types.
fn good_evidence(types: &[String]) -> Option<String> {
    let names: Vec<String> = types
        .iter()
        .map(|t| match t.as_str() {
            "reflective-account" => "a reflective account".to_string(),
            "observation" => "an observation".to_string(),
            "witness-testimony" => "a witness testimony".to_string(),
            "product" => "a product".to_string(),
            "professional-discussion" => "a professional discussion".to_string(),
            other => other.replace('-', " "),
        })
        .collect();
    match names.as_slice() {
        [] => None,
        [one] => Some(one.clone()),
        [init @ .., last] => Some(format!("{} or {last}", init.join(", "))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use indexmap::IndexMap;

    const AS_OF: &str = "2026-11-28";

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn entry(id: &str, date: &str, criteria: &[&str], sections: &[(&str, &str)]) -> Entry {
        let (base, _) = Entry::parse(
            "id = \"x\"\ntitle = \"X\"\ncreated = 2026-11-28T10:00:00Z\noccurred = 2026-11-27\nframework = \"star\"\nevidence = \"observation\"\n",
        )
        .unwrap();
        // Observations, so the single-source rule stays quiet unless asked.
        Entry {
            id: id.into(),
            title: id.replace('-', " "),
            occurred: d(date),
            criteria: criteria.iter().map(|c| c.to_string()).collect(),
            sections: sections
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect::<IndexMap<_, _>>(),
            ..base
        }
    }

    /// A STAR account no lint objects to: reasons, outcome, follow-up, reflection.
    const GOOD: &[(&str, &str)] = &[
        (
            "situation",
            "A customer rang because her sofa delivery had been missed twice.",
        ),
        (
            "task",
            "I had to resolve it within the goodwill limit and our delivery policy.",
        ),
        (
            "action",
            "I listened, asked two clarifying questions and checked the order history. I chose a replacement slot rather than a refund because she needed the sofa before Christmas.",
        ),
        (
            "result",
            "The sofa arrived on the 20th. I called her back the next day; she thanked us.",
        ),
        (
            "reflection",
            "Next time I would check the courier's capacity first.",
        ),
    ];

    fn good(id: &str, date: &str, criteria: &[&str]) -> Entry {
        entry(id, date, criteria, GOOD)
    }

    fn with(mut e: Entry, key: &str, text: &str) -> Entry {
        e.sections.insert(key.into(), text.into());
        e
    }

    fn typed(mut e: Entry, evidence: &str) -> Entry {
        e.evidence = evidence.into();
        e
    }

    fn run(entries: &[Entry]) -> Report {
        run_at(entries, AS_OF)
    }

    fn run_at(entries: &[Entry], as_of: &str) -> Report {
        analyse(
            entries,
            &Catalogue::builtin(),
            &Frameworks::builtin(),
            &GapSettings::default(),
            d(as_of),
        )
    }

    fn criterion<'r>(r: &'r Report, id: &str) -> &'r CriterionReport {
        r.units
            .iter()
            .flat_map(|u| &u.criteria)
            .find(|c| c.id == id)
            .unwrap()
    }

    fn status(r: &Report, id: &str) -> Status {
        criterion(r, id).status
    }

    /// `kind entry-or-unit` for every warning.
    fn warnings(r: &Report) -> Vec<String> {
        r.warnings
            .iter()
            .map(|w| {
                let whom = w.unit.clone().or(w.entry.clone()).unwrap_or_default();
                format!("{} {whom}", w.kind)
            })
            .collect()
    }

    #[test]
    fn an_empty_logbook_is_all_missing_and_says_where_to_start() {
        let r = run(&[]);
        assert_eq!(
            (
                r.summary.met,
                r.summary.partial,
                r.summary.missing,
                r.summary.total
            ),
            (0, 0, 21, 21)
        );
        assert!(r.warnings.is_empty());
        assert!(r.next_steps[0].action.contains("`logbook add`"));
        // Then one criterion from each unit in turn, with its guidance.
        let closes: Vec<&str> = r.next_steps[1..7]
            .iter()
            .map(|s| s.closes[0].as_str())
            .collect();
        assert_eq!(
            closes,
            ["OPS.1", "BIZ.1", "REV.1", "PRI.1", "RES.1", "OPS.2"]
        );
        assert_eq!(r.next_steps.len(), 22);
        let ops1 = &r.next_steps[1];
        assert!(
            ops1.action
                .starts_with("Add evidence for OPS.1 (Service plan")
        );
        assert!(
            ops1.how[0].starts_with("Attach the service plan"),
            "{:?}",
            ops1.how
        );
        let ops3 = r.next_steps.iter().find(|s| s.closes == ["OPS.3"]).unwrap();
        assert!(
            ops3.action
                .starts_with("Write up 2 distinct problems for OPS.3")
        );
        assert_eq!(
            criterion(&r, "OPS.3").why,
            ["no entries are mapped to it yet"]
        );
    }

    #[test]
    fn clean_evidence_meets_its_criteria_with_coverage_details() {
        let e1 = good("2026-10-01-sofa", "2026-10-01", &["RES.1", "RES.7"]);
        let e2 = typed(
            good("2026-11-02-sofa-testimony", "2026-11-02", &["RES.1"]),
            "witness-testimony",
        );
        let r = run(&[e2, e1]);
        let res1 = criterion(&r, "RES.1");
        assert_eq!(res1.status, Status::Met);
        assert_eq!((res1.count, res1.credited), (2, 2));
        assert_eq!(
            res1.entries,
            ["2026-10-01-sofa", "2026-11-02-sofa-testimony"]
        );
        assert_eq!(res1.evidence_types, ["observation", "witness-testimony"]);
        assert_eq!(res1.latest, Some(d("2026-11-02")));
        assert!(res1.why.is_empty());
        assert_eq!(status(&r, "RES.7"), Status::Met);
        assert_eq!((r.summary.met, r.summary.missing), (2, 19));
        assert_eq!(warnings(&r), Vec::<String>::new());
    }

    #[test]
    fn currency_moves_with_the_report_date() {
        let old = good("2025-09-01-sofa", "2025-09-01", &["RES.1"]);
        let later = good("2026-12-01-sofa", "2026-12-01", &["RES.7"]);
        let book = [old, later];

        // In date: met. Twelve months on the day still counts.
        assert_eq!(status(&run_at(&book, "2026-09-01"), "RES.1"), Status::Met);
        // Past the window: partial, said plainly, and a warning that names it.
        let r = run_at(&book, "2026-09-02");
        let res1 = criterion(&r, "RES.1");
        assert_eq!(
            (res1.status, res1.count, res1.credited),
            (Status::Partial, 1, 0)
        );
        assert_eq!(
            res1.why,
            [
                "2025-09-01-sofa is from 2025-09-01, more than 12 months before 2026-09-02, so it no longer counts"
            ]
        );
        assert_eq!(warnings(&r), ["out-of-date 2025-09-01-sofa"]);
        assert_eq!(r.warnings[0].holds_back, ["RES.1"]);
        let step = r.next_steps.iter().find(|s| s.closes == ["RES.1"]).unwrap();
        assert!(
            step.action.starts_with("Add recent evidence for RES.1"),
            "{step:?}"
        );
        // An entry after the report date does not exist yet.
        assert_eq!(status(&r, "RES.7"), Status::Missing);
        assert_eq!(status(&run_at(&book, "2026-12-01"), "RES.7"), Status::Met);

        // Old evidence is only reported where it costs something.
        let mut book = book.to_vec();
        book.push(good("2026-08-01-newer", "2026-08-01", &["RES.1"]));
        let r = run_at(&book, "2026-09-02");
        assert_eq!(status(&r, "RES.1"), Status::Met);
        assert_eq!(warnings(&r), Vec::<String>::new());

        let short = GapSettings {
            currency_months: 6,
            ..GapSettings::default()
        };
        let r = analyse(
            &book,
            &Catalogue::builtin(),
            &Frameworks::builtin(),
            &short,
            d("2026-09-02"),
        );
        assert_eq!(status(&r, "RES.1"), Status::Met);
        let r = analyse(
            &book,
            &Catalogue::builtin(),
            &Frameworks::builtin(),
            &short,
            d("2027-02-02"),
        );
        assert_eq!(status(&r, "RES.1"), Status::Partial);
    }

    #[test]
    fn hypothetical_no_outcome_and_personal_data_stop_evidence_counting() {
        let hypothetical = with(
            good("2026-10-01-hyp", "2026-10-01", &["RES.1"]),
            "action",
            "I would listen and I would ask two clarifying questions, because that is the policy, rather than refund.",
        );
        let mut no_outcome = good("2026-10-02-cut", "2026-10-02", &["OPS.2"]);
        no_outcome.sections.shift_remove("result");
        let personal = with(
            good("2026-10-03-email", "2026-10-03", &["RES.4"]),
            "situation",
            "Mrs Jones (jo.jones@example.com) rang because her sofa delivery had been missed twice.",
        );
        let r = run(&[hypothetical, no_outcome, personal]);
        for (id, why) in [
            (
                "RES.1",
                "2026-10-01-hyp: reads as what you would do (\"I would…\", 2 times) rather than what you did",
            ),
            ("OPS.2", "2026-10-02-cut: the Result step is empty"),
            (
                "RES.4",
                "2026-10-03-email: contains what looks like personal data: an email address",
            ),
        ] {
            let c = criterion(&r, id);
            assert_eq!(
                (c.status, c.why.as_slice()),
                (Status::Partial, [why.to_string()].as_slice())
            );
        }
        assert_eq!(
            warnings(&r),
            [
                "hypothetical 2026-10-01-hyp",
                "no-outcome 2026-10-02-cut",
                "personal-data 2026-10-03-email"
            ]
        );
        assert!(r.warnings.iter().all(|w| w.holds_back.len() == 1));
        // Each has a fix step naming the entry and how.
        let fix = r
            .next_steps
            .iter()
            .find(|s| s.entries == ["2026-10-03-email"])
            .unwrap();
        assert_eq!(fix.action, "Fix 2026-10-03-email so it counts for RES.4");
        assert!(fix.how[0].starts_with(
            "Contains what looks like personal data: an email address — refer to people by role"
        ));
    }

    #[test]
    fn over_mapping_holds_back_every_criterion_and_its_fix_comes_first() {
        let thin = entry(
            "2026-10-01-busy",
            "2026-10-01",
            &["OPS.1", "OPS.2", "BIZ.1", "PRI.1", "PRI.3"],
            &[
                ("situation", "Busy day."),
                ("result", "It went well because we coped. I learned a lot."),
            ],
        );
        let r = run(&[thin, good("2026-10-02-sofa", "2026-10-02", &["RES.1"])]);
        for id in ["OPS.1", "OPS.2", "BIZ.1", "PRI.1", "PRI.3"] {
            assert_eq!(status(&r, id), Status::Partial, "{id}");
        }
        assert_eq!(warnings(&r), ["over-mapped 2026-10-01-busy"]);
        assert_eq!(r.warnings[0].holds_back.len(), 5);
        let first = &r.next_steps[0];
        assert_eq!(first.closes, ["OPS.1", "OPS.2", "BIZ.1", "PRI.1", "PRI.3"]);
        assert_eq!(first.entries, ["2026-10-01-busy"]);
        assert!(
            first.how[0].starts_with("16 words mapped to 5 criteria — map it only"),
            "{:?}",
            first.how
        );
        // Settings feed the lint: a looser threshold lets it count.
        let loose = GapSettings {
            over_map_min_criteria: 6,
            ..GapSettings::default()
        };
        let book = [run_entries()[0].clone()];
        let r = analyse(
            &book,
            &Catalogue::builtin(),
            &Frameworks::builtin(),
            &loose,
            d(AS_OF),
        );
        assert_eq!(status(&r, "OPS.1"), Status::Met);
    }

    fn run_entries() -> Vec<Entry> {
        vec![entry(
            "2026-10-01-busy",
            "2026-10-01",
            &["OPS.1", "OPS.2", "BIZ.1", "PRI.1", "PRI.3"],
            &[
                ("situation", "Busy day."),
                ("result", "It went well because we coped. I learned a lot."),
            ],
        )]
    }

    #[test]
    fn reasons_follow_up_and_evaluation_count_only_where_the_marking_point_asks() {
        let asked = |ask: Ask| -> Vec<String> {
            Catalogue::builtin()
                .criteria()
                .filter(|c| ask.asked_by(c))
                .map(|c| c.id.clone())
                .collect()
        };
        assert_eq!(
            asked(Ask::Reasons),
            ["OPS.3", "BIZ.2", "REV.2", "RES.2", "RES.7"]
        );
        assert_eq!(asked(Ask::FollowUp), ["OPS.3", "RES.3"]);
        assert_eq!(asked(Ask::Evaluation), ["REV.2", "PRI.4"]);

        // No reasons: RES.7 (justify) is held back, RES.1 is not.
        let no_reasons = entry(
            "2026-10-01-plain",
            "2026-10-01",
            &["RES.1", "RES.7"],
            &[
                (
                    "situation",
                    "A customer rang about a sofa delivery that had been missed twice in November.",
                ),
                (
                    "action",
                    "I listened to her and asked two clarifying questions about the dates and the address.",
                ),
                (
                    "result",
                    "The sofa arrived on the 20th. I called her back the next day and she thanked us.",
                ),
                (
                    "reflection",
                    "Next time I will check the courier's capacity first.",
                ),
            ],
        );
        // No follow-up: RES.3 is held back, RES.6 is not.
        let no_follow_up = with(
            good("2026-10-02-letter", "2026-10-02", &["RES.3", "RES.6"]),
            "result",
            "The sofa arrived on the 20th and the case was closed.",
        );
        // No evaluation: PRI.4 is held back, PRI.1 is not.
        let no_evaluation = entry(
            "2026-10-03-kpi",
            "2026-10-03",
            &["PRI.1", "PRI.4"],
            &[
                (
                    "situation",
                    "Our answer rate had slipped to 70 per cent in September on the phones.",
                ),
                (
                    "action",
                    "I set a KPI of 80 per cent within 20 seconds because reliability matters most to callers.",
                ),
                (
                    "result",
                    "The answer rate rose to 84 per cent in October and complaints about waiting fell.",
                ),
            ],
        );
        let r = run(&[no_reasons, no_follow_up, no_evaluation]);
        assert_eq!(
            warnings(&r),
            [
                "no-reasons 2026-10-01-plain",
                "no-follow-up 2026-10-02-letter",
                "no-evaluation 2026-10-03-kpi"
            ]
        );
        for (met, partial) in [("RES.1", "RES.7"), ("RES.6", "RES.3"), ("PRI.1", "PRI.4")] {
            assert_eq!(status(&r, met), Status::Met, "{met}");
            assert_eq!(status(&r, partial), Status::Partial, "{partial}");
        }
        assert_eq!(
            criterion(&r, "RES.7").why,
            ["2026-10-01-plain: gives no reasons for what you did, and RES.7 asks for reasons"]
        );
        assert_eq!(r.warnings[1].holds_back, ["RES.3"]);
    }

    fn problem(id: &str, date: &str, title: &str, text: &str, tags: &[&str]) -> Entry {
        let mut e = entry(
            id,
            date,
            &["OPS.3"],
            &[
                ("situation", text),
                (
                    "action",
                    "I chose to act at once rather than wait, because the queue was building.",
                ),
                (
                    "result",
                    "It was resolved by the afternoon. I followed up the next day to confirm.",
                ),
                ("reflection", "Next time I would escalate sooner."),
            ],
        );
        e.title = title.into();
        e.tags = tags.iter().map(|t| t.to_string()).collect();
        e
    }

    fn outage() -> Entry {
        problem(
            "2026-02-10-outage",
            "2026-02-10",
            "Phone system outage on the morning shift",
            "The telephony platform stopped routing inbound calls at 08:55. The wallboard showed zero calls waiting, so I logged INC-20877 with IT and moved advisers to webchat.",
            &[],
        )
    }

    fn outage_report() -> Entry {
        typed(
            problem(
                "2026-02-12-outage-report",
                "2026-02-12",
                "Telephony outage incident report",
                "My incident report on the telephony outage (INC-20877): the wallboard hid it for 13 minutes, so IT added an alert on calls offered.",
                &[],
            ),
            "product",
        )
    }

    fn sickness() -> Entry {
        problem(
            "2026-04-04-sickness",
            "2026-04-04",
            "Sickness left the Saturday rota short",
            "Three advisers rang in sick on a Saturday, so I rebuilt the rota, offered overtime and moved the email team onto the phones.",
            &[],
        )
    }

    #[test]
    fn two_accounts_of_one_incident_are_one_problem() {
        let r = run(&[outage(), outage_report()]);
        let ops3 = criterion(&r, "OPS.3");
        assert_eq!(
            (ops3.status, ops3.count, ops3.credited),
            (Status::Partial, 2, 1)
        );
        assert!(
            ops3.why[0].starts_with("2026-02-10-outage and 2026-02-12-outage-report look like one incident (2 days apart, both about “"),
            "{:?}",
            ops3.why
        );
        assert!(ops3.why[0].contains("“outage”"), "{:?}", ops3.why);
        assert_eq!(ops3.why[1], "1 of the 2 distinct problems it needs");
        assert_eq!(warnings(&r), ["same-incident 2026-02-12-outage-report"]);
        assert_eq!(r.warnings[0].holds_back, ["OPS.3"]);
        let step = r.next_steps.iter().find(|s| s.closes == ["OPS.3"]).unwrap();
        assert!(
            step.action
                .starts_with("Write up 1 more distinct problem for OPS.3"),
            "{step:?}"
        );
        assert_eq!(
            step.entries,
            ["2026-02-10-outage", "2026-02-12-outage-report"]
        );

        // A genuinely different problem makes two.
        let r = run(&[outage(), outage_report(), sickness()]);
        assert_eq!(
            (status(&r, "OPS.3"), criterion(&r, "OPS.3").credited),
            (Status::Met, 2)
        );
        assert_eq!(warnings(&r), Vec::<String>::new());

        // Tags decide both ways.
        let mut a = sickness();
        a.tags = vec!["incident-rota".into()];
        let mut b = problem(
            "2026-06-20-rota",
            "2026-06-20",
            "Holiday cover gap",
            "Two advisers booked the same week off, so the cover plan fell short on the phones.",
            &["incident-rota"],
        );
        let r = run(&[a.clone(), b.clone()]);
        assert_eq!(status(&r, "OPS.3"), Status::Partial);
        assert!(criterion(&r, "OPS.3").why[0].contains("(both tagged incident-rota)"));
        b.tags = vec!["incident-holidays".into()];
        let (mut o, mut p) = (outage(), outage_report());
        o.tags = vec!["incident-phones".into()];
        p.tags = vec!["incident-wallboard".into()];
        let r = run(&[a, b]);
        assert_eq!(status(&r, "OPS.3"), Status::Met);
        assert_eq!(status(&run(&[o, p]), "OPS.3"), Status::Met);
    }

    #[test]
    fn a_unit_of_only_reflective_accounts_is_flagged() {
        let account = |id, date, c| typed(good(id, date, &[c]), "reflective-account");
        let r = run(&[
            account("2026-10-01-a", "2026-10-01", "RES.1"),
            account("2026-10-09-b", "2026-10-09", "RES.6"),
        ]);
        assert_eq!(warnings(&r), ["single-source RES"]);
        assert_eq!(
            r.warnings[0].message,
            "RES: all 2 current entries are your own reflective accounts, with no observation, witness testimony, product or professional discussion"
        );
        assert!(r.warnings[0].holds_back.is_empty());
        assert_eq!(status(&r, "RES.1"), Status::Met);
        let step = r.next_steps.last().unwrap();
        assert_eq!(
            step.action,
            "Back up RES with an observation, witness testimony or product"
        );
        assert!(step.closes.is_empty());

        // A witness named on an entry is the concrete next step.
        let mut witnessed = account("2026-10-01-a", "2026-10-01", "RES.1");
        witnessed.witness = Some("My team leader".into());
        let r = run(&[witnessed.clone()]);
        let step = r.next_steps.last().unwrap();
        assert!(step.how[0].starts_with("Ask My team leader, named as witness on 2026-10-01-a"));
        assert_eq!(step.entries, ["2026-10-01-a"]);

        // Any other source clears it; so does a professional discussion.
        for kind in [
            "observation",
            "witness-testimony",
            "product",
            "professional-discussion",
        ] {
            let other = typed(good("2026-10-09-b", "2026-10-09", &["RES.6"]), kind);
            assert_eq!(
                warnings(&run(&[witnessed.clone(), other])),
                Vec::<String>::new(),
                "{kind}"
            );
        }
        // Only current evidence counts: an old observation does not triangulate.
        let old = typed(
            good("2025-01-09-b", "2025-01-09", &["RES.6"]),
            "observation",
        );
        assert_eq!(
            warnings(&run(&[witnessed, old])),
            ["single-source RES", "out-of-date 2025-01-09-b"]
        );
    }

    fn review(id: &str, date: &str) -> Entry {
        typed(good(id, date, &["REV.1"]), "product")
    }

    #[test]
    fn reviews_should_repeat_and_the_cycle_moves_with_the_date() {
        let first = review("2026-03-02-review", "2026-03-02");
        let write_up = review("2026-03-12-review-notes", "2026-03-12");
        let second = review("2026-06-15-review", "2026-06-15");

        // One review (the meeting and its write-up count once).
        let r = run_at(
            &[first.clone(), write_up.clone(), second.clone()],
            "2026-04-01",
        );
        assert_eq!(warnings(&r), ["review-cadence REV"]);
        assert_eq!(
            r.warnings[0].message,
            "REV: one review so far (2026-03-02 to 2026-03-12, 20 days ago); reviewing service is a cycle, not a one-off"
        );
        assert_eq!(
            r.warnings[0].entry.as_deref(),
            Some("2026-03-12-review-notes")
        );
        assert!(r.next_steps.iter().any(|s| {
            s.action
                .starts_with("Schedule your next service review within 120 days")
        }));

        // A second review 95 days later: a cycle.
        let book = [first, write_up, second];
        assert_eq!(warnings(&run_at(&book, "2026-07-01")), Vec::<String>::new());
        // Months pass without another: overdue.
        let r = run_at(&book, "2026-11-28");
        assert_eq!(warnings(&r), ["review-cadence REV"]);
        assert_eq!(
            r.warnings[0].message,
            "REV: the latest review (2026-06-15) was 166 days ago, longer than 120 days"
        );
        // A long gap between reviews is named.
        let gappy = [
            review("2026-01-05-review", "2026-01-05"),
            review("2026-07-01-review", "2026-07-01"),
        ];
        let r = run_at(&gappy, "2026-07-10");
        assert_eq!(
            r.warnings[0].message,
            "REV: 177 days between the reviews of 2026-01-05 and 2026-07-01, longer than 120 days"
        );
        // Switched off by an empty review unit.
        let off = GapSettings {
            review_unit: String::new(),
            ..GapSettings::default()
        };
        let r = analyse(
            &gappy,
            &Catalogue::builtin(),
            &Frameworks::builtin(),
            &off,
            d("2026-07-10"),
        );
        assert!(r.warnings.is_empty());
    }

    #[test]
    fn one_unit_scopes_criteria_warnings_and_steps() {
        let unmapped = good("2026-10-05-lunch", "2026-10-05", &[]);
        let mut typo = good("2026-10-06-typo", "2026-10-06", &["RES.9", "res4"]);
        typo.evidence = "observation".into();
        let book = [
            good("2026-10-01-a", "2026-10-01", &["RES.1"]),
            typed(outage(), "reflective-account"),
            unmapped,
            typo,
        ];
        let r = run(&book);
        assert_eq!(
            warnings(&r),
            [
                "single-source OPS",
                "unmapped 2026-10-05-lunch",
                "unknown-criterion 2026-10-06-typo",
                "unknown-criterion 2026-10-06-typo"
            ]
        );
        assert_eq!(
            r.warnings[2].message,
            "is mapped to \"RES.9\", which is not a criterion (RES has RES.1–RES.8)"
        );
        assert_eq!(
            r.warnings[3].message,
            "is mapped to \"res4\", which should be written \"RES.4\""
        );

        let r = analyse_unit(
            &book,
            &Catalogue::builtin(),
            &Frameworks::builtin(),
            &GapSettings::default(),
            d(AS_OF),
            Some("OPS"),
        );
        assert_eq!(r.units.len(), 1);
        assert_eq!(
            (r.summary.total, r.summary.partial, r.summary.missing),
            (3, 1, 2)
        );
        assert_eq!(warnings(&r), ["single-source OPS"]);
        assert!(
            r.next_steps
                .iter()
                .all(|s| s.closes.iter().all(|c| c.starts_with("OPS.")))
        );
    }

    #[test]
    fn json_has_the_contract_shape() {
        let r = run(&[typed(
            good("2026-10-01-a", "2026-10-01", &["RES.1"]),
            "reflective-account",
        )]);
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(json["as_of"], "2026-11-28");
        assert_eq!(json["summary"]["total"], 21);
        let c = &json["units"][4]["criteria"][0];
        for key in [
            "id",
            "text",
            "required",
            "count",
            "status",
            "entries",
            "evidence_types",
            "latest",
        ] {
            assert!(c.get(key).is_some(), "{key}");
        }
        assert_eq!(c["status"], "met");
        assert_eq!(c["latest"], "2026-10-01");
        assert_eq!(
            json["units"][0]["criteria"][0]["latest"],
            serde_json::Value::Null
        );
        let w = &json["warnings"][0];
        assert_eq!(
            (w["entry"].clone(), w["kind"].clone()),
            (serde_json::Value::Null, "single-source".into())
        );
    }
}
