//! The gap analysis behind `logbook gaps` (and the export's coverage): which
//! criteria have evidence an assessor would credit, which do not and why, and
//! what to do next. Pure: entries, catalogue, frameworks, settings and a date
//! in, a [`Report`] out.
//!
//! # Rules
//! Only entries that happened on or before the report date take part.
//!
//! - **Future dates** (`future-date`): an entry dated after today (not the
//!   report date, which may be earlier) cannot have happened: it is left
//!   out, and named, since it is most likely a typo in the year.
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
//! - **Entry lints** (see [`lint`]): every entry in scope
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
//!   for criteria whose `asks` (in the criteria files) names reasons,
//!   follow-up or evaluation; elsewhere they are advice;
//! - *unmapped*, *unknown-criterion*, *single-source*, *review-cadence* —
//!   advice: there is no single criterion's credit to withhold.
//!
//! A criterion with no entries is "missing"; with entries but fewer credited
//! than it requires, "partial", and its `why` says why in plain English;
//! otherwise "met".

pub mod cadence;
pub mod incident;
mod steps;
mod warnings;

use std::cell::{OnceCell, RefCell};
use std::collections::{BTreeSet, HashMap, HashSet};

use chrono::{Months, NaiveDate};
use rayon::prelude::*;
use serde::Serialize;

use crate::model::criteria::{Catalogue, Criterion, Unit};
use crate::model::english::and_list;
use crate::model::entry::Entry;
use crate::model::evidence::EvidenceType;
use crate::model::frameworks::Frameworks;
use crate::model::settings::{GapSettings, Settings};
use crate::rules::fit;
use crate::rules::lint::{self, Lint, LintConfig};
use crate::rules::verdict::{Status, WarningKind};

use incident::{Same, Terms, Wording};

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub as_of: NaiveDate,
    /// Which evidence counts as current, and why.
    pub currency: Currency,
    pub summary: Summary,
    pub units: Vec<UnitReport>,
    pub warnings: Vec<Warning>,
    /// Ordered by how many gaps each closes.
    pub next_steps: Vec<NextStep>,
}

/// The currency rule in force: since the programme started (when the
/// profile gives its start date), else a rolling window.
#[derive(Debug, Clone, Serialize)]
pub struct Currency {
    /// `programme` or `window`.
    pub rule: &'static str,
    /// Evidence from this day on is current.
    pub since: NaiveDate,
    /// The rule in words.
    pub text: String,
    #[serde(skip)]
    months: u32,
}

impl Currency {
    pub fn new(start_date: Option<NaiveDate>, months: u32, as_of: NaiveDate) -> Currency {
        match start_date.filter(|s| *s <= as_of) {
            Some(start) => Currency {
                rule: "programme",
                since: start,
                text: format!("evidence since the programme started on {start} is current"),
                months,
            },
            None => {
                let since = as_of
                    .checked_sub_months(Months::new(months))
                    .unwrap_or(NaiveDate::MIN);
                Currency {
                    rule: "window",
                    since,
                    text: format!(
                        "evidence from the last {} (since {since}) is current",
                        months_text(months)
                    ),
                    months,
                }
            }
        }
    }

    /// Why an entry from `day` is not current.
    fn why_not(&self, day: NaiveDate, as_of: NaiveDate) -> String {
        match self.rule {
            "programme" => format!(
                "is from {day}, before the programme started on {}",
                self.since
            ),
            _ => format!(
                "is from {day}, more than {} before {as_of}",
                months_text(self.months)
            ),
        }
    }
}

fn months_text(n: u32) -> String {
    if n == 1 {
        "1 month".into()
    } else {
        format!("{n} months")
    }
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
    pub evidence_types: Vec<EvidenceType>,
    pub latest: Option<NaiveDate>,
    /// Plain-English reasons it is not met; empty when it is.
    pub why: Vec<String>,
    /// For each of `why`, the entry and the kind of finding it comes from
    /// when it is about one entry (`None`: about the criterion, such as
    /// "1 of the 2 distinct problems it needs"), so a document can give an
    /// entry's reasons once, with the entry, and refer to them.
    #[serde(skip)]
    pub why_from: Vec<Option<(String, WarningKind)>>,
    /// The short label (`Criterion::label`), for narrow tables.
    pub label: String,
    /// The entries that count for it (one per distinct incident where the
    /// criterion needs several).
    pub credited: Vec<String>,
    /// Entries not mapped to it whose words fit it, best first: map one of
    /// these before writing something new.
    pub candidates: Vec<Candidate>,
    /// The assessor's decision on this criterion, once made and still
    /// current; filled in by [`crate::rules::assessed::apply`].
    pub assessed: Option<crate::model::record::Decision>,
    /// Decisions on entries mapped to it that were made on an earlier text
    /// of the entry: they stopped counting when it changed, until the
    /// assessor looks again. Filled in by [`crate::rules::assessed::apply`].
    pub out_of_date_decisions: Vec<OutOfDateDecision>,
}

/// A decision that no longer stands because the entry changed after it was
/// made (`out_of_date_decisions` in `gaps --json`): the entry's latest
/// decision for the criterion, when it was made on an earlier text and
/// none has been made on the text as it is now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutOfDateDecision {
    pub entry: String,
    pub decision: crate::model::record::Decision,
    pub date: NaiveDate,
}

/// An entry that could be mapped to a criterion it is not mapped to.
#[derive(Debug, Clone, Serialize)]
pub struct Candidate {
    pub entry: String,
    /// How well its best passage fits the criterion (0–1).
    pub score: f32,
}

#[derive(Debug, Clone, Serialize)]
pub struct Warning {
    /// The entry it is about; `None` for a whole unit.
    pub entry: Option<String>,
    /// Which rule; its name is stable.
    pub kind: WarningKind,
    pub message: String,
    /// What to do about it.
    pub advice: String,
    /// The unit, for unit-wide warnings.
    pub unit: Option<String>,
    /// Criteria this keeps from "met" (empty: advice only).
    pub holds_back: Vec<String>,
    /// The entry's words the finding quotes, if any (see
    /// [`Lint::quote`]); for documents, not in the JSON.
    #[serde(skip)]
    pub quote: Option<String>,
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

/// An entry as the analysis sees it: its fields, its lints and its words.
/// The section text is dropped once they are worked out (nothing else in
/// the analysis reads it), so a long logbook's digests are small, and they
/// can be kept between runs (see `store::cache`): they depend only on the entry,
/// the frameworks and the [`LintConfig`].
#[derive(Debug, Clone, PartialEq)]
pub struct Digest {
    /// The entry without its sections.
    pub entry: Entry,
    pub lints: Vec<Lint>,
    pub terms: Terms,
    /// Criteria the entry is not mapped to that a passage of it fits best,
    /// with how well (0–1): candidates for re-mapping.
    pub fits: Vec<(String, f32)>,
    /// It says it is about an incident written up before ("the same outage
    /// as my first entry").
    pub refers_back: bool,
}

impl Digest {
    pub fn new(mut entry: Entry, frameworks: &Frameworks, config: &LintConfig) -> Digest {
        // The model's reading of the entry serves both the fit check and
        // the re-mapping candidates.
        let support = (!config.modelled.is_empty()).then(|| lint::support(&entry));
        let lints = lint::lint_entry_with(&entry, frameworks, config, support.as_deref());
        let terms = Terms::of(&entry, &config.names);
        let fits = support
            .as_deref()
            .map(|s| candidate_fits(&entry, config, s))
            .unwrap_or_default();
        let refers_back = incident::refers_back(&entry);
        entry.sections = Default::default();
        Digest {
            entry,
            lints,
            terms,
            fits,
            refers_back,
        }
    }
}

/// An entry is a candidate for a criterion when the whole of it ranks the
/// criterion among its two best fits with at least this probability…
const CANDIDATE_WHOLE: f64 = 0.08;
/// …or a passage of it fits the criterion best with at least this.
const CANDIDATE_PASSAGE: f64 = 0.2;

/// The modelled criteria an entry is not mapped to whose best fit, in some
/// passage of it, is strong.
fn candidate_fits(
    entry: &Entry,
    config: &LintConfig,
    support: &[fit::Support],
) -> Vec<(String, f32)> {
    let model = fit::builtin_model();
    let words: usize = entry.sections.values().map(|t| lint::word_count(t)).sum();
    if words < config.thin_words {
        return Vec::new();
    }
    config
        .modelled
        .iter()
        .filter(|c| !entry.criteria.contains(c))
        .filter_map(|c| {
            let s = support.get(model.class_index(c)?)?;
            let fits = (s.whole_rank <= 2 && s.whole_prob >= CANDIDATE_WHOLE)
                || (s.best_rank == 1 && s.best_prob >= CANDIDATE_PASSAGE);
            fits.then(|| (c.clone(), ((s.best_prob * 100.0).round() / 100.0) as f32))
        })
        .collect()
}

/// The whole report.
pub fn analyse(
    entries: &[Entry],
    catalogue: &Catalogue,
    frameworks: &Frameworks,
    settings: &Settings,
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
    settings: &Settings,
    as_of: NaiveDate,
    unit: Option<&str>,
) -> Report {
    // Entries are judged by the [gaps] thresholds and the [redact] names,
    // as the walk-through's coaching and `check` judge them.
    let config = LintConfig::new(settings, catalogue);
    let digests: Vec<Digest> = entries
        .par_iter()
        .map(|e| Digest::new(e.clone(), frameworks, &config))
        .collect();
    // No "today" here, only a report date: nothing is taken for a
    // future-date typo (see `analyse_digests`).
    analyse_digests(&digests, catalogue, settings, as_of, NaiveDate::MAX, unit)
}

/// [`analyse_unit`] from digests made with `LintConfig::new(settings, catalogue)`.
/// `today` is the real day (the report may be `as_of` another): an entry
/// dated after it is a typo, not evidence yet to come, and is reported as
/// `future-date` rather than left out without a word.
pub fn analyse_digests(
    digests: &[Digest],
    catalogue: &Catalogue,
    settings: &Settings,
    as_of: NaiveDate,
    today: NaiveDate,
    unit: Option<&str>,
) -> Report {
    let currency = Currency::new(
        settings.profile.date("start_date"),
        settings.gaps.currency_months,
        as_of,
    );
    let ctx = Ctx::new(
        digests,
        catalogue,
        &settings.gaps,
        as_of,
        unit,
        currency.clone(),
    );
    let future: Vec<&Entry> = {
        let mut future: Vec<&Entry> = digests
            .iter()
            .map(|d| &d.entry)
            .filter(|e| e.occurred > today && ctx.in_scope(e))
            .collect();
        future.sort_by(|a, b| crate::model::entry::date_order(a, b));
        future
    };
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
    let mut warnings: Vec<Warning> = future.iter().map(|e| future_date(e, today)).collect();
    warnings.extend(ctx.warnings(&evals));
    let next_steps = ctx.next_steps(&evals);
    Report {
        as_of,
        currency,
        summary,
        units,
        warnings,
        next_steps,
    }
}

/// An entry dated after today: left out of the report (it has not
/// happened), and said so, since it is most likely a typo in the year.
fn future_date(entry: &Entry, today: NaiveDate) -> Warning {
    Warning {
        entry: Some(entry.id.clone()),
        kind: WarningKind::FutureDate,
        message: format!(
            "is dated {}, after today ({today}), so it is left out of the report",
            entry.occurred
        ),
        advice: format!(
            "if the year is a typo, correct it: `logbook edit {} --date YYYY-MM-DD`",
            entry.id
        ),
        unit: None,
        holds_back: Vec::new(),
        quote: None,
    }
}

/// Whether a lint stops an entry counting for `criterion`: the lint names
/// the claimed criteria it holds back (see [`lint`]).
fn withholds(lint: &Lint, criterion: &Criterion) -> bool {
    lint.holds_back.contains(&criterion.id)
}

/// An entry in the report's time window, with its lints.
struct Item<'a> {
    entry: &'a Entry,
    lints: &'a [Lint],
    terms: &'a Terms,
    fits: &'a [(String, f32)],
    refers_back: bool,
    current: bool,
}

/// Why one entry does not count for one criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Block {
    OutOfDate,
    /// Index into the item's lints.
    Lint(usize),
}

/// One criterion, judged.
struct Eval {
    /// Item indices, date order.
    mapped: Vec<usize>,
    blocked: Vec<(usize, Vec<Block>)>,
    /// Entries about one incident (two or more), where distinct ones count.
    same: Vec<(Vec<usize>, Same)>,
    credited: usize,
    /// Items that count (one per incident where distinct ones are needed).
    credited_items: Vec<usize>,
    status: Status,
}

struct Ctx<'a> {
    catalogue: &'a Catalogue,
    settings: &'a GapSettings,
    as_of: NaiveDate,
    /// The oldest date that is still current.
    cutoff: NaiveDate,
    currency: Currency,
    unit: Option<&'a str>,
    items: Vec<Item<'a>>,
    /// Built on first use: only criteria needing distinct incidents compare wording.
    wording: OnceCell<Wording>,
    /// Items mapped to each criterion with why each does not count (no lint
    /// waived), and their incident groups, by criterion id: "what if this
    /// entry were fixed" asks for them once per entry, so they are worked out
    /// once.
    mapped: RefCell<HashMap<String, Mapped>>,
    incident_groups: RefCell<HashMap<String, Groups>>,
    /// Each item's `incident-…` tags, on first use.
    incident_tags: OnceCell<Vec<Vec<String>>>,
}

/// Entries grouped into incidents, with why a group's first two are one.
type Groups = Vec<(Vec<usize>, Option<Same>)>;

/// Items mapped to a criterion, and why each does not count for it.
type Mapped = (Vec<usize>, Vec<Vec<Block>>);

impl<'a> Ctx<'a> {
    fn new(
        digests: &'a [Digest],
        catalogue: &'a Catalogue,
        settings: &'a GapSettings,
        as_of: NaiveDate,
        unit: Option<&'a str>,
        currency: Currency,
    ) -> Ctx<'a> {
        let cutoff = currency.since;
        let mut dated: Vec<&Digest> = digests
            .iter()
            .filter(|d| d.entry.occurred <= as_of)
            .collect();
        dated.sort_by(|a, b| crate::model::entry::date_order(&a.entry, &b.entry));
        let items: Vec<Item> = dated
            .into_iter()
            .map(|d| Item {
                entry: &d.entry,
                lints: &d.lints,
                terms: &d.terms,
                fits: &d.fits,
                refers_back: d.refers_back,
                current: d.entry.occurred >= cutoff,
            })
            .collect();
        Ctx {
            catalogue,
            settings,
            as_of,
            cutoff,
            currency,
            unit,
            items,
            wording: OnceCell::new(),
            mapped: RefCell::new(HashMap::new()),
            incident_groups: RefCell::new(HashMap::new()),
            incident_tags: OnceCell::new(),
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
                if withholds(l, c) {
                    out.push(Block::Lint(k));
                }
            }
        }
        out
    }

    fn evaluate(&self, c: &Criterion, waive: Option<usize>) -> Eval {
        let (mapped, unwaived) = self
            .mapped
            .borrow_mut()
            .entry(c.id.clone())
            .or_insert_with(|| {
                let mapped: Vec<usize> = (0..self.items.len())
                    .filter(|&i| self.items[i].entry.criteria.contains(&c.id))
                    .collect();
                let blocks = mapped.iter().map(|&i| self.blocks(i, c, None)).collect();
                (mapped, blocks)
            })
            .clone();
        let mut blocked = Vec::new();
        let mut ok = Vec::new();
        for (&i, b) in mapped.iter().zip(unwaived) {
            let b = if waive == Some(i) {
                self.blocks(i, c, waive)
            } else {
                b
            };
            if b.is_empty() {
                ok.push(i);
            } else {
                blocked.push((i, b));
            }
        }
        let (same, credited) = if c.required >= 2 {
            // Old entries cannot count, so only current ones are grouped.
            let current: Vec<usize> = mapped
                .iter()
                .copied()
                .filter(|&i| self.items[i].current)
                .collect();
            let groups = self
                .incident_groups
                .borrow_mut()
                .entry(c.id.clone())
                .or_insert_with(|| self.incidents(&current))
                .clone();
            let ok: HashSet<usize> = ok.iter().copied().collect();
            let credited: Vec<usize> = groups
                .iter()
                .filter_map(|(members, _)| members.iter().copied().find(|m| ok.contains(m)))
                .collect();
            let same = groups
                .into_iter()
                .filter_map(|(members, why)| why.map(|w| (members, w)))
                .collect();
            (same, credited)
        } else {
            (Vec::new(), ok.clone())
        };
        let credited_items = credited;
        let credited = credited_items.len();
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
            credited_items,
            status,
        }
    }

    /// Groups entries into incidents; a group of two or more carries the
    /// reason its first two are one incident.
    fn incidents(&self, mapped: &[usize]) -> Groups {
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
        let tags = self.incident_tags.get_or_init(|| {
            self.items
                .iter()
                .map(|i| incident::incident_tags(i.entry))
                .collect()
        });
        // Items are in date order: the later one may refer back.
        let later = a.max(b);
        incident::same_incident_referring(
            (self.items[a].entry, &tags[a]),
            (self.items[b].entry, &tags[b]),
            self.items[later].refers_back,
            self.wording.get_or_init(|| self.wording()),
            self.settings.same_incident_days,
            self.settings.same_incident_similarity,
        )
    }

    /// Word weights over every entry, with vectors for the entries that may
    /// be compared: those mapped to a criterion that needs distinct incidents.
    fn wording(&self) -> Wording {
        let grouped: Vec<&str> = self
            .catalogue
            .criteria()
            .filter(|c| c.required >= 2)
            .map(|c| c.id.as_str())
            .collect();
        Wording::from_terms(self.items.iter().map(|i| {
            let keep = i
                .entry
                .criteria
                .iter()
                .any(|c| grouped.contains(&c.as_str()));
            (i.entry.id.as_str(), i.terms, keep)
        }))
    }

    /// Entries mapped to a unit (only current ones, or all), item indices in
    /// date order.
    fn unit_items(&self, unit: &Unit, current_only: bool) -> Vec<usize> {
        (0..self.items.len())
            .filter(|&i| {
                let item = &self.items[i];
                (item.current || !current_only)
                    && unit
                        .criteria
                        .iter()
                        .any(|c| item.entry.criteria.contains(&c.id))
            })
            .collect()
    }

    /// The unit's current entries, when every one is a reflective account.
    fn only_accounts(&self, unit: &Unit) -> Option<Vec<usize>> {
        let items = self.unit_items(unit, true);
        let all = !items.is_empty()
            && items
                .iter()
                .all(|&i| self.items[i].entry.evidence == EvidenceType::ReflectiveAccount);
        all.then_some(items)
    }

    fn criterion_report(&self, c: &Criterion, ev: &Eval) -> CriterionReport {
        let entries: Vec<&Entry> = ev.mapped.iter().map(|&i| self.items[i].entry).collect();
        // The known kinds in their usual order, then any others by name.
        let mut evidence_types: Vec<EvidenceType> = EvidenceType::KNOWN
            .into_iter()
            .filter(|t| entries.iter().any(|e| e.evidence == *t))
            .collect();
        let unknown: BTreeSet<&str> = entries
            .iter()
            .filter(|e| !e.evidence.is_known())
            .map(|e| e.evidence.as_str())
            .collect();
        evidence_types.extend(unknown.into_iter().map(EvidenceType::from_name));
        let why = self.why(c, ev);
        CriterionReport {
            id: c.id.clone(),
            text: c.text.clone(),
            required: c.required,
            count: ev.mapped.len(),
            status: ev.status,
            entries: entries.iter().map(|e| e.id.clone()).collect(),
            evidence_types,
            latest: entries.iter().map(|e| e.occurred).max(),
            why: why.iter().map(|(text, _)| text.clone()).collect(),
            why_from: why.into_iter().map(|(_, from)| from).collect(),
            label: c.label().to_string(),
            credited: ev
                .credited_items
                .iter()
                .map(|&i| self.id(i).to_string())
                .collect(),
            candidates: self.candidates(c, ev),
            assessed: None,
            out_of_date_decisions: Vec::new(),
        }
    }

    /// Current entries not mapped to `c` whose words fit it, best first,
    /// for a criterion that is not met.
    fn candidates(&self, c: &Criterion, ev: &Eval) -> Vec<Candidate> {
        if ev.status == Status::Met {
            return Vec::new();
        }
        let mut out: Vec<Candidate> = self
            .items
            .iter()
            .filter(|item| item.current && !item.entry.criteria.contains(&c.id))
            // An entry held back for what it is (imagined, thin) fits nothing.
            .filter(|item| {
                !item.lints.iter().any(|l| {
                    matches!(
                        l.kind,
                        WarningKind::Hypothetical
                            | WarningKind::Habitual
                            | WarningKind::Thin
                            | WarningKind::PersonalData
                    )
                })
            })
            .filter_map(|item| {
                let (_, score) = item.fits.iter().find(|(id, _)| *id == c.id)?;
                Some(Candidate {
                    entry: item.entry.id.clone(),
                    score: *score,
                })
            })
            .collect();
        out.sort_by(|a, b| b.score.total_cmp(&a.score));
        out.truncate(3);
        out
    }

    /// Why it is not met, each reason with the entry and finding it comes
    /// from when it is about one entry.
    fn why(&self, c: &Criterion, ev: &Eval) -> Vec<(String, Option<(String, WarningKind)>)> {
        match ev.status {
            Status::Met => return Vec::new(),
            Status::Missing => return vec![("no entries are mapped to it yet".into(), None)],
            Status::Partial => {}
        }
        let mut out = Vec::new();
        for (i, blocks) in &ev.blocked {
            for block in blocks {
                let kind = match *block {
                    Block::OutOfDate => WarningKind::OutOfDate,
                    Block::Lint(k) => self.items[*i].lints[k].kind,
                };
                out.push((
                    self.block_text(*i, *block),
                    Some((self.id(*i).to_string(), kind)),
                ));
            }
        }
        let (one, many) = c.noun();
        for (members, same) in &ev.same {
            let ids: Vec<String> = members.iter().map(|&m| self.id(m).to_string()).collect();
            out.push((
                format!(
                    "{} look like one incident ({}), so they count as one {one}",
                    and_list(&ids),
                    same.describe()
                ),
                None,
            ));
        }
        if c.required >= 2 {
            out.push((
                format!(
                    "{} of the {} distinct {many} it needs",
                    ev.credited, c.required
                ),
                None,
            ));
        }
        out
    }

    fn block_text(&self, i: usize, block: Block) -> String {
        let item = &self.items[i];
        match block {
            Block::OutOfDate => format!(
                "{} {}, so it no longer counts",
                item.entry.id,
                self.currency.why_not(item.entry.occurred, self.as_of)
            ),
            Block::Lint(k) => format!("{}: {}", item.entry.id, item.lints[k].message),
        }
    }
}

fn days_text(n: i64) -> String {
    if n == 1 {
        "1 day".into()
    } else {
        format!("{n} days")
    }
}

/// "today", "yesterday", "12 days ago".
fn ago(n: i64) -> String {
    match n {
        0 => "today".into(),
        1 => "yesterday".into(),
        n => format!("{n} days ago"),
    }
}

#[cfg(test)]
mod tests;
