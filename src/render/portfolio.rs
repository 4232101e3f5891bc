//! The portfolio document: a pure function from a gaps report, the entries,
//! the candidate's profile and the assessor's records to pandoc Markdown or
//! one HTML page. `cli::commands::export` does the I/O.
//!
//! Layout, as an assessor and an internal quality assurer expect it:
//! a pandoc metadata block; the candidate and programme (the front page);
//! a declaration of authenticity with signature and date lines; the
//! contents; a summary; the evidence matrix (one row per criterion: the
//! candidate's claim, the assessor's decision, and the entries, those that
//! do not count marked with the reason); per unit, each criterion with
//! what the candidate must show, the claim and the decision; then the
//! entries in date order, each with when it happened, was written and
//! last changed, its sections, its witness testimonies (each with a
//! signature block) and the assessor's decisions.
//!
//! The candidate's own document never grades itself: a criterion is
//! *claimed* (evidence mapped, not yet enough that counts), *ready for
//! assessment* (enough that would count), and only the assessor's decision
//! makes it *accepted* or *action required*.
//!
//! Every heading carries an explicit, unique `{#id}`, and a link is only
//! written to an id the document defines, so every link resolves. Entry
//! anchors are `entry-<id>`; with `redacted`, a hash of the id instead (an
//! id is made from the title, which may hold a name). Entries are referred
//! to as E1, E2… in date order: short enough for the matrix, numbered for
//! this document only. All user text goes through [`crate::render::markdown`].
//!
//! The document is written a piece at a time ([`write`], [`write_html`]):
//! each entry's text is read, written and dropped before the next, so a
//! long logbook's portfolio is never held in memory whole, in either
//! format. HTML is the same Markdown, each piece rendered by pulldown-cmark
//! as it is written, with inline links (a reference definition at the end
//! of the document could not be resolved piece by piece).

use std::collections::{BTreeSet, HashMap, HashSet};

use chrono::NaiveDate;

use crate::model::criteria::Catalogue;
use crate::model::english::{and_list, capitalise, plural};
use crate::model::entry::Entry;
use crate::model::evidence::EvidenceType;
use crate::model::frameworks::Frameworks;
use crate::model::hours::hours_text;
use crate::model::profile::{self, Profile};
use crate::model::record::{Assessment, Decision, Witness};
use crate::render::markdown::{anchor, inline, prose, yaml_string};
use crate::rules::assessed::Judged;
use crate::rules::gaps::{CriterionReport, Report, Summary, UnitReport, Warning};
use crate::rules::programme::{HoursReport, Progress};
use crate::rules::redact::{self, NameRule};
use crate::rules::verdict::{Status, WarningKind};

/// The document's title.
pub const TITLE: &str = "Evidence portfolio";

/// Facts about the document itself.
#[derive(Debug, Clone, Default)]
pub struct Meta {
    pub learner: Option<String>,
    pub qualification: Option<String>,
    /// The rest of the candidate's profile, for the front page.
    pub profile: Profile,
    /// The export's date ("today").
    pub date: Option<NaiveDate>,
    /// What the export was narrowed to, in words: "unit RES", "entries from 1 November 2026".
    pub scope: Vec<String>,
    /// Personal data was replaced with placeholders.
    pub redacted: bool,
    /// With `redacted`: the names to redact from text the report wrote.
    pub names: Vec<NameRule>,
    /// When each entry (by id) was first recorded in the logbook's history,
    /// where that tells when it was written (`store::history`).
    pub first_recorded: HashMap<String, NaiveDate>,
}

/// What other people added to an entry: witness testimonies, and the
/// assessor's decisions with whether each is current (the entry unchanged
/// since).
#[derive(Debug, Clone, Default)]
pub struct Extras {
    pub witnesses: Vec<Witness>,
    pub decisions: Vec<(Assessment, bool)>,
}

/// Everything the document is made from. `entries` are those exported, in
/// date order (already redacted when `meta.redacted`); `report` is the gaps
/// analysis of those same entries, narrowed to the criteria shown, with the
/// assessor's decisions applied (`assessed`).
pub struct Portfolio<'a> {
    pub meta: &'a Meta,
    pub report: &'a Report,
    pub entries: &'a [Entry],
    /// Entry `i` whole, read as the document reaches it, for `entries`
    /// that carry no sections (a long logbook's text need not all be in
    /// memory at once); `None` writes `entries` as they are.
    pub body: Option<&'a dyn Fn(usize) -> Entry>,
    /// Entry `i`'s witnesses and decisions, read as the document reaches it.
    pub extras: Option<&'a dyn Fn(usize) -> Extras>,
    /// Every decision about the exported entries, current or not.
    pub judged: &'a [Judged],
    /// Where a stored attachment links to, for a bundle (`None`: the
    /// attachment is named, not linked).
    pub link: Option<LinkTarget<'a>>,
    pub catalogue: &'a Catalogue,
    pub frameworks: &'a Frameworks,
    /// Progress against the programme's dates and the off-the-job hours
    /// log, when the profile has the dates or hours were logged.
    pub programme: Option<&'a ProgrammeLog>,
}

/// How far through the programme the candidate is, and the off-the-job
/// training log with its totals (one section of its own).
#[derive(Debug, Clone, Default)]
pub struct ProgrammeLog {
    /// By date and by criteria ready, on the export's date.
    pub progress: Option<Progress>,
    /// The hours report; `None` when no hours are logged and no minimum set.
    pub hours: Option<HoursReport>,
}

/// The off-the-job training section's anchor and heading.
const HOURS_SECTION: (&str, &str) = ("off-the-job-training", "Off-the-job training");

/// Where a stored attachment links to in a bundle, if anywhere.
pub type LinkTarget<'a> = &'a dyn Fn(&str) -> Option<String>;

impl Meta {
    /// Text taken from an entry but outside the fields the export redacts
    /// up front (an unknown framework, evidence type or section name):
    /// redacted here too when the document is.
    fn own(&self, text: &str) -> String {
        if self.redacted {
            redact::redact(text, &self.names).0
        } else {
            text.to_string()
        }
    }
}

/// Keeps only the unit and criterion asked for, with the summary recounted.
pub fn narrow(report: &Report, unit: Option<&str>, criterion: Option<&str>) -> Report {
    let units: Vec<UnitReport> = report
        .units
        .iter()
        .filter(|u| unit.is_none_or(|code| u.id == code))
        .map(|u| UnitReport {
            criteria: u
                .criteria
                .iter()
                .filter(|c| criterion.is_none_or(|id| c.id == id))
                .cloned()
                .collect(),
            ..u.clone()
        })
        .filter(|u| !u.criteria.is_empty())
        .collect();
    let mut summary = Summary {
        met: 0,
        partial: 0,
        missing: 0,
        total: 0,
    };
    for c in units.iter().flat_map(|u| &u.criteria) {
        summary.total += 1;
        match c.status {
            Status::Met => summary.met += 1,
            Status::Partial => summary.partial += 1,
            Status::Missing => summary.missing += 1,
        }
    }
    Report {
        summary,
        units,
        ..report.clone()
    }
}

/// The whole document, as Markdown.
pub fn render(p: &Portfolio) -> String {
    let mut doc = Doc::default();
    compose(&mut doc, p);
    doc.out
}

/// The whole document as one HTML page (for tests; [`write_html`] streams).
pub fn render_html(p: &Portfolio) -> String {
    let mut out = Vec::new();
    // Writing into memory cannot fail.
    let _ = write_html(p, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// The whole document, written to `w` an entry at a time, so a long
/// logbook's portfolio is never held in memory at once. The same text as
/// [`render`].
pub fn write(p: &Portfolio, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut doc = Doc {
        out: String::new(),
        sink: Some(w),
        failed: None,
        html: false,
    };
    compose(&mut doc, p);
    doc.flush();
    doc.failed.map_or(Ok(()), Err)
}

/// The document as one self-contained HTML page with a print style sheet,
/// written to `w` a piece at a time (memory stays flat however many entries).
pub fn write_html(p: &Portfolio, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let date = p.meta.date.map(long_date);
    let block = crate::render::html::TitleBlock {
        title: TITLE,
        subtitle: p.meta.qualification.as_deref(),
        author: p.meta.learner.as_deref(),
        date: date.as_deref(),
    };
    w.write_all(crate::render::html::head(&block).as_bytes())?;
    let mut doc = Doc {
        out: String::new(),
        sink: Some(w),
        failed: None,
        html: true,
    };
    compose(&mut doc, p);
    doc.flush();
    if let Some(e) = doc.failed {
        return Err(e);
    }
    w.write_all(crate::render::html::TAIL.as_bytes())
}

fn compose(doc: &mut Doc, p: &Portfolio) {
    let mut links = Links::new(p, doc.html);
    if !doc.html {
        metadata(doc, p);
    }
    front_page(doc, p);
    declaration(doc, p);
    contents(doc, p, &links);
    summary(doc, p, &links);
    doc.flush();
    matrix(doc, p, &links);
    doc.flush();
    units(doc, p, &links);
    doc.flush();
    off_the_job(doc, p, &links);
    doc.flush();
    entries(doc, p, &mut links);
    for (label, a) in &links.refs {
        doc.line(&format!("[{label}]: #{a}"));
    }
}

/// Anchors and short references, decided before anything is written.
/// Entries and criteria are linked reference-style (`[E3][]`, with the
/// definitions at the end), which keeps the matrix readable as plain text;
/// in HTML every link is inline.
struct Links {
    taken: HashSet<String>,
    /// Entry id → its reference link, first entry wins on a duplicate id.
    entries: HashMap<String, String>,
    /// Per exported entry, in order: (E-number, anchor).
    entry_anchors: Vec<(String, String)>,
    /// Criterion id → (its anchor, its reference link).
    criteria: HashMap<String, (String, String)>,
    units: HashMap<String, String>,
    /// Reference definitions: (label, anchor), in order.
    refs: Vec<(String, String)>,
    labels: HashSet<String>,
    inline_only: bool,
}

/// The fixed sections: (anchor, heading).
const SECTIONS: &[(&str, &str)] = &[
    ("candidate", "Candidate and programme"),
    ("declaration", "Declaration of authenticity"),
    ("contents", "Contents"),
    ("summary", "Summary"),
    ("evidence-matrix", "Evidence matrix"),
    ("criteria", "Criteria by unit"),
    ("entries", "Entries"),
];

impl Links {
    fn new(p: &Portfolio, inline_only: bool) -> Links {
        let mut links = Links {
            taken: HashSet::new(),
            entries: HashMap::new(),
            entry_anchors: Vec::new(),
            criteria: HashMap::new(),
            units: HashMap::new(),
            refs: Vec::new(),
            labels: HashSet::new(),
            inline_only,
        };
        for (fixed, _) in SECTIONS {
            links.claim(fixed);
        }
        links.claim(HOURS_SECTION.0);
        for unit in &p.report.units {
            let a = links.claim(&anchor("unit", &unit.id));
            links.units.insert(unit.id.clone(), a);
            for c in &unit.criteria {
                if links.criteria.contains_key(&c.id) {
                    continue;
                }
                let a = links.claim(&anchor("crit", &c.id));
                let link = links.reference(&inline(&c.id), &a);
                links.criteria.insert(c.id.clone(), (a, link));
            }
        }
        for (i, entry) in p.entries.iter().enumerate() {
            let base = if p.meta.redacted {
                format!("entry-{:012x}", fnv1a(&entry.id) >> 16)
            } else {
                anchor("entry", &entry.id)
            };
            let a = links.claim(&base);
            let label = format!("E{}", i + 1);
            let link = links.reference(&label, &a);
            links.entries.entry(entry.id.clone()).or_insert(link);
            links.entry_anchors.push((label, a));
        }
        links
    }

    /// Reserves `base`, or `base-2`, `base-3`… when it is taken.
    fn claim(&mut self, base: &str) -> String {
        let mut candidate = base.to_string();
        let mut n = 1;
        while self.taken.contains(&candidate) {
            n += 1;
            candidate = format!("{base}-{n}");
        }
        self.taken.insert(candidate.clone());
        candidate
    }

    /// `[label][]` with a definition to come, or an inline link when the
    /// label (compared as Markdown does, ignoring case) is already used.
    fn reference(&mut self, label: &str, anchor: &str) -> String {
        if !self.inline_only && self.labels.insert(label.to_lowercase()) {
            self.refs.push((label.to_string(), anchor.to_string()));
            format!("[{label}][]")
        } else {
            format!("[{label}](#{anchor})")
        }
    }

    /// A link to the entry, or its bare id when it is not in the document.
    fn entry(&self, id: &str) -> String {
        self.entries.get(id).cloned().unwrap_or_else(|| inline(id))
    }

    /// A link to the criterion, or its bare id when it is not in the document.
    fn criterion(&self, id: &str) -> String {
        self.criteria
            .get(id)
            .map_or_else(|| inline(id), |(_, link)| link.clone())
    }
}

/// A 64-bit FNV-1a hash: tiny, and stable across versions and machines.
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The document being written: kept whole, or passed on to `sink` at
/// each [`Doc::flush`] (the first write error is kept; the rest is skipped);
/// with `html`, each piece is rendered to HTML as it is passed on.
#[derive(Default)]
struct Doc<'w> {
    out: String,
    sink: Option<&'w mut dyn std::io::Write>,
    failed: Option<std::io::Error>,
    html: bool,
}

impl Doc<'_> {
    fn flush(&mut self) {
        let Some(sink) = self.sink.as_mut() else {
            return;
        };
        if self.failed.is_none() {
            let result = if self.html {
                sink.write_all(crate::render::html::fragment(&self.out).as_bytes())
            } else {
                sink.write_all(self.out.as_bytes())
            };
            if let Err(e) = result {
                self.failed = Some(e);
            }
        }
        self.out.clear();
    }

    fn line(&mut self, text: &str) {
        self.out.push_str(text);
        self.out.push('\n');
    }

    /// A block followed by a blank line.
    fn block(&mut self, text: &str) {
        self.line(text);
        self.out.push('\n');
    }

    fn heading(&mut self, level: usize, text: &str, id: &str) {
        let text = if text.trim().is_empty() {
            "(untitled)"
        } else {
            text
        };
        self.block(&format!("{} {text} {{#{id}}}", "#".repeat(level)));
    }
}

fn metadata(doc: &mut Doc, p: &Portfolio) {
    let meta = p.meta;
    let date = meta.date.map(long_date);
    let fields = [
        ("title", Some(TITLE)),
        ("subtitle", meta.qualification.as_deref()),
        ("author", meta.learner.as_deref()),
        ("date", date.as_deref()),
    ];
    doc.line("---");
    for (key, value) in fields {
        if let Some(value) = value.filter(|v| !inline(v).is_empty()) {
            doc.line(&format!("{key}: {}", yaml_string(value)));
        }
    }
    doc.line("lang: en-GB");
    doc.block("---");
}

/// The front page: who the candidate is, the programme, the assessor.
fn front_page(doc: &mut Doc, p: &Portfolio) {
    doc.heading(1, SECTIONS[0].1, SECTIONS[0].0);
    let meta = p.meta;
    let given = |v: Option<&str>| match v.map(inline).filter(|v| !v.is_empty()) {
        Some(v) => v,
        None => "not recorded".to_string(),
    };
    let (start, end) = (
        meta.profile.date("start_date"),
        meta.profile.date("end_date"),
    );
    for key in profile::KEYS {
        let value = match key.name {
            "learner" => given(meta.learner.as_deref()),
            "qualification" => given(meta.qualification.as_deref()),
            // The programme's dates are one line.
            "start_date" => {
                let programme = match (start, end) {
                    (Some(s), Some(e)) => format!("{} to {}", long_date(s), long_date(e)),
                    (Some(s), None) => format!("from {}", long_date(s)),
                    (None, Some(e)) => format!("until {}", long_date(e)),
                    (None, None) => "not recorded".to_string(),
                };
                doc.line(&format!("- **Programme dates:** {programme}"));
                continue;
            }
            "end_date" => continue,
            name => match meta.profile.get(name) {
                Some(profile::Value::Date(d)) => long_date(*d),
                Some(profile::Value::Hours(h)) => format!("{} hours", hours_text(*h)),
                Some(v) => given(Some(&v.display())),
                None if !profile::always_shown(key) => continue,
                None => "not recorded".to_string(),
            },
        };
        doc.line(&format!("- **{}:** {value}", key.label));
    }
    if let Some(d) = meta.date {
        doc.line(&format!("- **Portfolio produced:** {}", long_date(d)));
    }
    doc.line("");
    if !meta.scope.is_empty() {
        doc.block(&format!(
            "This export is limited to {}.",
            inline(&and_list(&meta.scope))
        ));
    }
    if meta.redacted {
        doc.block(
            "Customers' personal data has been replaced with placeholders such as \\[EMAIL\\], \
             \\[PHONE\\] or \\[CUSTOMER\\]. Witnesses are named so that they can be contacted.",
        );
    }
}

/// The candidate's declaration that the work is their own, and the
/// assessor's countersignature, with lines to sign and date by hand.
fn declaration(doc: &mut Doc, p: &Portfolio) {
    doc.heading(1, SECTIONS[1].1, SECTIONS[1].0);
    let who = p
        .meta
        .learner
        .as_deref()
        .map(inline)
        .filter(|l| !l.is_empty())
        .map_or_else(|| "I".to_string(), |l| format!("I, {l},"));
    doc.block(&format!(
        "{who} declare that the evidence in this portfolio is my own work. Each entry is my own \
         account of something I did, written on the date shown and changed only when shown. \
         Where other people's words are included, they are their witness testimonies or their \
         feedback, and are shown as theirs. I have not included anyone else's work as my own."
    ));
    doc.block(&signature_line("Candidate's signature"));
    doc.block(
        "I confirm that, to the best of my knowledge, the evidence assessed in this portfolio \
         is the candidate's own work and meets the requirements shown against it.",
    );
    doc.block(&signature_line("Assessor's signature"));
}

/// `**Label:** ____ **Date:** ____`, as lines to sign on paper.
fn signature_line(label: &str) -> String {
    let line = "\\_".repeat(28);
    let short = "\\_".repeat(12);
    format!("**{label}:** {line} **Date:** {short}")
}

fn contents(doc: &mut Doc, p: &Portfolio, links: &Links) {
    doc.heading(1, SECTIONS[2].1, SECTIONS[2].0);
    for (a, title) in &SECTIONS[3..] {
        if *a == "entries" && hours_log(p).is_some() {
            let (a, title) = HOURS_SECTION;
            doc.line(&format!("- [{title}](#{a})"));
        }
        doc.line(&format!("- [{title}](#{a})"));
        if *a == "entries" {
            for (entry, (label, a)) in p.entries.iter().zip(&links.entry_anchors) {
                doc.line(&format!(
                    "  - [{label} · {} · {}](#{a})",
                    short_date(entry.occurred),
                    title_of(entry)
                ));
            }
        }
    }
    doc.line("");
}

fn summary(doc: &mut Doc, p: &Portfolio, links: &Links) {
    doc.heading(1, SECTIONS[3].1, SECTIONS[3].0);
    let n = p.entries.len();
    let entries = match (
        p.entries.iter().map(|e| e.occurred).min(),
        p.entries.iter().map(|e| e.occurred).max(),
    ) {
        (Some(first), Some(last)) if first != last => {
            format!("{n}, from {} to {}", long_date(first), long_date(last))
        }
        (Some(only), _) => format!("{n}, on {}", long_date(only)),
        _ => "none yet".to_string(),
    };
    let units: Vec<String> = p
        .report
        .units
        .iter()
        .map(|u| format!("[{}](#{})", inline(&u.id), links.units[&u.id]))
        .collect();
    let s = &p.report.summary;
    doc.line(&format!("- **Entries:** {entries}"));
    doc.line(&format!(
        "- **Units:** {} ({})",
        units.len(),
        units.join(", ")
    ));
    doc.line(&format!(
        "- **Ready for assessment:** {} of {} criteria ({} claimed with more needed, {} with \
         no evidence yet), as of {}",
        s.met,
        s.total,
        s.partial,
        s.missing,
        long_date(p.report.as_of)
    ));
    if let Some(progress) = p.programme.and_then(|l| l.progress.as_ref()) {
        doc.line(&format!(
            "- **Progress through the programme:** day {} of {} ({}% of the time gone); {} of {} \
             criteria ready for assessment ({}%): {}",
            progress.days_gone,
            progress.days_total,
            progress.time_percent,
            progress.criteria_met,
            progress.criteria_total,
            progress.criteria_percent,
            progress.status.words()
        ));
    }
    if let Some(hours) = hours_log(p) {
        doc.line(&format!(
            "- **Off-the-job training:** {} ([log](#{}))",
            hours_summary(hours),
            HOURS_SECTION.0
        ));
    }
    if !p.judged.is_empty() {
        let all: Vec<&CriterionReport> = p.report.units.iter().flat_map(|u| &u.criteria).collect();
        let count = |d: Decision| all.iter().filter(|c| c.assessed == Some(d)).count();
        let stale: usize = all.iter().map(|c| c.out_of_date_decisions.len()).sum();
        doc.line(&format!(
            "- **Assessor's decisions:** {} accepted, {} action required, {} not yet assessed{}",
            count(Decision::Accepted),
            count(Decision::ActionRequired),
            all.iter().filter(|c| c.assessed.is_none()).count(),
            if stale > 0 {
                format!(
                    "; {stale} {} made on an earlier version of {} and no longer {}",
                    plural(stale, "decision", "decisions"),
                    plural(stale, "an entry", "the entries"),
                    plural(stale, "stands", "stand")
                )
            } else {
                String::new()
            }
        ));
    }
    doc.line("");
    doc.block(
        "A criterion is claimed when entries are mapped to it, and ready for assessment when \
         enough of them would count; only the assessor's decision makes it accepted.",
    );
    if n > 0 {
        doc.block(
            "Entries are numbered E1, E2… in date order; each criterion links to the \
             entries that evidence it. An entry marked “not counted” gives the reasons once, \
             with its text, under “Why it does not count yet”.",
        );
    }
}

fn matrix(doc: &mut Doc, p: &Portfolio, links: &Links) {
    doc.heading(1, SECTIONS[4].1, SECTIONS[4].0);
    doc.line("| Criterion | What the candidate must show | Claim | Assessor | Evidence |");
    doc.line("|:--------|:--------------------------|:------|:------|:--------------|");
    let held = held_back(p.report, p.meta);
    for c in p.report.units.iter().flat_map(|u| &u.criteria) {
        let evidence: Vec<String> = c
            .entries
            .iter()
            .map(|id| match held.get(&(id.as_str(), c.id.as_str())) {
                Some(why) => format!("{} (not counted: {})", links.entry(id), why.join(", ")),
                None => links.entry(id),
            })
            .collect();
        doc.line(&format!(
            "| {} | {} | {} | {} | {} |",
            links.criterion(&c.id),
            inline(label(p.catalogue, c)),
            claim_word(c.status),
            decision_word(c),
            if evidence.is_empty() {
                "—".to_string()
            } else {
                evidence.join(", ")
            }
        ));
    }
    doc.line("");
}

/// (entry, criterion) → why the entry does not count for it, from the
/// warnings that hold it back, and from the findings that stop an entry
/// counting anywhere.
fn held_back<'r>(
    report: &'r Report,
    meta: &Meta,
) -> HashMap<(&'r str, &'r str), Vec<&'static str>> {
    let mut out: HashMap<(&str, &str), Vec<&'static str>> = HashMap::new();
    let mapped: HashMap<&str, Vec<&str>> = {
        let mut m: HashMap<&str, Vec<&str>> = HashMap::new();
        for c in report.units.iter().flat_map(|u| &u.criteria) {
            for e in &c.entries {
                m.entry(e.as_str()).or_default().push(c.id.as_str());
            }
        }
        m
    };
    for w in &report.warnings {
        let Some(entry) = w.entry.as_deref() else {
            continue;
        };
        // A finding names the criteria it holds back; evidence out of date
        // counts for none of its criteria.
        let everywhere = w.kind == WarningKind::OutOfDate;
        let criteria: Vec<&str> = if everywhere {
            mapped.get(entry).cloned().unwrap_or_default()
        } else {
            w.holds_back.iter().map(String::as_str).collect()
        };
        for c in criteria {
            let why = out.entry((entry, c)).or_default();
            let word = reason_word(w.kind, meta.redacted);
            if !why.contains(&word) {
                why.push(word);
            }
        }
    }
    out
}

/// A finding in a few words, for the matrix.
fn reason_word(kind: WarningKind, redacted: bool) -> &'static str {
    match kind {
        WarningKind::PersonalData if redacted => "personal data in the original, redacted here",
        WarningKind::Hypothetical => "what would happen, not what did",
        WarningKind::NoOutcome => "no result",
        WarningKind::NoReasons => "no reasons given",
        WarningKind::NoFollowUp => "no follow-up",
        WarningKind::NoEvaluation => "no evaluation",
        WarningKind::PersonalData => "holds personal data",
        WarningKind::OverMapped => "claimed against too many criteria",
        WarningKind::OutOfDate => "out of date",
        WarningKind::SameIncident => "same incident as another entry",
        WarningKind::WeakFit => "does not show it",
        WarningKind::Thin => "too thin",
        WarningKind::Habitual => "what usually happens, not one occasion",
        WarningKind::NoRecord => "no record of it",
        other => other.as_str(),
    }
}

/// The candidate's claim, never a grade: "Ready for assessment",
/// "Claimed, more needed", "No evidence yet".
fn claim_word(status: Status) -> &'static str {
    match status {
        Status::Met => "Ready for assessment",
        Status::Partial => "Claimed, more needed",
        Status::Missing => "No evidence yet",
    }
}

/// The assessor's decision on a criterion: accepted, action required, a
/// decision made on an earlier version of an entry (never a plain
/// "Accepted": it no longer stands), or not yet assessed.
fn decision_word(c: &CriterionReport) -> String {
    match (
        c.assessed,
        c.out_of_date_decisions.iter().max_by_key(|d| d.date),
    ) {
        (Some(d), _) => d.words().to_string(),
        (None, Some(stale)) => format!(
            "{} on {} for an earlier version",
            stale.decision.words(),
            short_date(stale.date)
        ),
        (None, None) => "Not yet assessed".to_string(),
    }
}

fn units(doc: &mut Doc, p: &Portfolio, links: &Links) {
    doc.heading(1, SECTIONS[5].1, SECTIONS[5].0);
    let held = held_back(p.report, p.meta);
    let by_id: HashMap<&str, &Entry> = p.entries.iter().map(|e| (e.id.as_str(), e)).collect();
    for unit in &p.report.units {
        doc.heading(
            2,
            &format!("{} — {}", inline(&unit.id), inline(&unit.title)),
            &links.units[&unit.id],
        );
        for c in &unit.criteria {
            doc.heading(
                3,
                &format!("{} — {}", inline(&c.id), inline(label(p.catalogue, c))),
                &links.criteria[&c.id].0,
            );
            doc.block(&format!("**Claim:** {}", status_line(p.meta, c)));
            doc.block(&format!("**Assessor:** {}", decision_word(c)));
            // An entry's own findings are given once, with the entry; here
            // only what is about the criterion (one incident, how many it
            // needs), and each entry held back marked as such.
            if c.status != Status::Met && !c.entries.is_empty() {
                let why: Vec<String> = c
                    .why
                    .iter()
                    .enumerate()
                    .filter(|(k, _)| c.why_from.get(*k).is_none_or(Option::is_none))
                    .map(|(_, w)| reason(p, links, w))
                    .collect();
                if !why.is_empty() {
                    doc.block(&format!("**Why:** {}.", why.join("; ")));
                }
            }
            if c.entries.is_empty() {
                doc.block("No evidence yet.");
                continue;
            }
            doc.line("**Evidence:**");
            doc.line("");
            for id in &c.entries {
                let mut detail = by_id.get(id.as_str()).map_or(String::new(), |e| {
                    format!(
                        " · {} · {} ({})",
                        short_date(e.occurred),
                        title_of(e),
                        evidence_words(p.meta, &e.evidence)
                    )
                });
                if let Some(words) = held.get(&(id.as_str(), c.id.as_str())) {
                    detail.push_str(&format!(" — not counted here: {}", words.join(", ")));
                }
                doc.line(&format!("- {}{detail}", links.entry(id)));
            }
            doc.line("");
        }
        doc.flush();
    }
}

/// The hours report, when the document has one.
fn hours_log<'a>(p: &Portfolio<'a>) -> Option<&'a HoursReport> {
    p.programme.and_then(|l| l.hours.as_ref())
}

/// "120 of 278 hours (140 expected by 28 November 2026): behind", or
/// "12.5 hours logged" without a minimum.
fn hours_summary(h: &HoursReport) -> String {
    let logged = hours_text(h.logged_hours);
    match (h.target_hours, h.expected_by_now, h.status) {
        (Some(target), Some(expected), Some(status)) => format!(
            "{logged} of {} hours ({} expected by {}): {}",
            hours_text(target),
            hours_text(expected),
            long_date(h.as_of),
            status.words()
        ),
        (Some(target), _, _) => format!("{logged} of {} hours", hours_text(target)),
        _ => format!("{logged} hours logged"),
    }
}

/// The off-the-job training log: the totals against the minimum, the hours
/// by week, and every item logged, with the entry that describes it.
fn off_the_job(doc: &mut Doc, p: &Portfolio, links: &Links) {
    let Some(h) = hours_log(p) else {
        return;
    };
    let (anchor, heading) = HOURS_SECTION;
    doc.heading(1, heading, anchor);
    doc.line(&format!("- **Logged off the job:** {}", hours_summary(h)));
    if let (Some(start), Some(end)) = (h.start_date, h.end_date) {
        doc.line(&format!(
            "- **Programme:** {} to {}; only off-the-job hours within it count",
            long_date(start),
            long_date(end)
        ));
    }
    if h.not_counted_hours > 0.0 {
        doc.line(&format!(
            "- **Not counted:** {} hours dated outside the programme",
            hours_text(h.not_counted_hours)
        ));
    }
    if h.on_the_job_hours > 0.0 {
        doc.line(&format!(
            "- **On-the-job training (listed, not counted):** {} hours",
            hours_text(h.on_the_job_hours)
        ));
    }
    doc.line("");
    if h.items.is_empty() {
        doc.block("No training hours logged yet.");
        return;
    }
    doc.line("| Week | Off-the-job hours |");
    doc.line("|:-----|------:|");
    for w in &h.weeks {
        doc.line(&format!("| {} | {} |", w.week, hours_text(w.hours)));
    }
    doc.line("");
    doc.line("| Date | Activity | Hours | Kind | Entry |");
    doc.line("|:-----|:------------------|------:|:------|:------|");
    for i in &h.items {
        let mut activity = inline(&p.meta.own(&i.activity));
        if let Some(note) = i
            .note
            .as_deref()
            .map(|n| inline(&p.meta.own(n)))
            .filter(|n| !n.is_empty())
        {
            activity.push_str(&format!(" — {note}"));
        }
        let kind = match (i.off_the_job, i.counted) {
            (true, true) => "Off the job",
            (true, false) => "Off the job (outside the programme)",
            (false, _) => "On the job",
        };
        let entry = i.entry.as_deref().map_or("—".to_string(), |id| {
            if links.entries.contains_key(id) {
                links.entry(id)
            } else {
                "not in this export".to_string()
            }
        });
        doc.line(&format!(
            "| {} | {activity} | {} | {kind} | {entry} |",
            short_date(i.date),
            hours_text(i.hours)
        ));
    }
    doc.line(&format!(
        "| **Total off the job** | | **{}** | | |",
        hours_text(h.period_hours - h.on_the_job_hours)
    ));
    if h.on_the_job_hours > 0.0 {
        doc.line(&format!(
            "| **Total on the job** | | **{}** | | |",
            hours_text(h.on_the_job_hours)
        ));
    }
    doc.line("");
}

fn entries(doc: &mut Doc, p: &Portfolio, links: &mut Links) {
    doc.heading(1, SECTIONS[6].1, SECTIONS[6].0);
    if p.entries.is_empty() {
        doc.block("No entries.");
        return;
    }
    let anchors = std::mem::take(&mut links.entry_anchors);
    // Each entry's findings that hold it back, given once, with the entry.
    let mut findings: HashMap<&str, Vec<&Warning>> = HashMap::new();
    for w in &p.report.warnings {
        if let (Some(e), None) = (w.entry.as_deref(), &w.unit) {
            findings.entry(e).or_default().push(w);
        }
    }
    for (i, (entry, (label, a))) in p.entries.iter().zip(&anchors).enumerate() {
        let whole;
        let entry = match p.body {
            Some(read) => {
                whole = read(i);
                &whole
            }
            None => entry,
        };
        let extras = p.extras.map(|read| read(i)).unwrap_or_default();
        doc.heading(
            2,
            &format!(
                "{label} · {} · {}",
                short_date(entry.occurred),
                title_of(entry)
            ),
            a,
        );
        let framework = p.frameworks.get(&entry.framework);
        doc.line(&format!(
            "- **Happened:** {}",
            entry.occurred.format("%A %-d %B %Y")
        ));
        if let Some(day) = p.meta.first_recorded.get(&entry.id) {
            doc.line(&format!(
                "- **First recorded:** {}",
                day.format("%A %-d %B %Y")
            ));
        }
        doc.line(&format!(
            "- **Written:** {}",
            entry.created.format("%-d %B %Y at %H:%M")
        ));
        doc.line(&format!(
            "- **Last changed:** {}",
            match entry.updated {
                Some(u) => u.format("%-d %B %Y at %H:%M").to_string(),
                None => "not changed since".to_string(),
            }
        ));
        doc.line(&format!(
            "- **Framework:** {}",
            inline(
                &p.meta
                    .own(framework.map_or(entry.framework.as_str(), |f| f.name.as_str()))
            )
        ));
        doc.line(&format!(
            "- **Evidence type:** {}",
            capitalise(&evidence_words(p.meta, &entry.evidence))
        ));
        if let Some(w) = entry.witness.as_deref().filter(|w| !w.trim().is_empty()) {
            doc.line(&format!("- **Witness:** {}", inline(w)));
        }
        let criteria: Vec<String> = entry.criteria.iter().map(|c| links.criterion(c)).collect();
        doc.line(&format!(
            "- **Claimed against:** {}",
            if criteria.is_empty() {
                "none".to_string()
            } else {
                criteria.join(", ")
            }
        ));
        let attachments: Vec<String> = entry
            .attachments
            .iter()
            .filter(|a| !a.trim().is_empty())
            .map(|a| attachment(p, a))
            .collect();
        if !attachments.is_empty() {
            doc.line(&format!("- **Attachments:** {}", attachments.join("; ")));
        }
        if !p.meta.redacted {
            doc.line(&format!("- **Logbook id:** {}", inline(&entry.id)));
        }
        doc.line("");
        let mut wrote = false;
        for (title, text) in sections_in_order(entry, p.frameworks) {
            let body = prose(text);
            if body.is_empty() {
                continue;
            }
            let id = links.claim(&anchor(&format!("{a}-"), &p.meta.own(title.key)));
            doc.heading(3, &inline(&p.meta.own(title.title)), &id);
            doc.block(&body);
            wrote = true;
        }
        if !wrote {
            doc.block("*No text in this entry.*");
        }
        let held: Vec<(&Warning, Vec<String>)> = findings
            .get(entry.id.as_str())
            .map(|ws| {
                ws.iter()
                    .map(|w| {
                        let shown: Vec<String> = w
                            .holds_back
                            .iter()
                            .filter(|c| links.criteria.contains_key(c.as_str()))
                            .cloned()
                            .collect();
                        (*w, shown)
                    })
                    .filter(|(w, shown)| !shown.is_empty() || w.kind == WarningKind::OutOfDate)
                    .collect()
            })
            .unwrap_or_default();
        if !held.is_empty() {
            let id = links.claim(&format!("{a}-not-counted"));
            doc.heading(3, "Why it does not count yet", &id);
            for (w, shown) in &held {
                let ids: Vec<String> = shown.iter().map(|c| links.criterion(c)).collect();
                let (phrase, named) = for_assessor(p, links, w, entry, &ids);
                let mut line = format!("- {}", capitalise(&phrase));
                if !named && !ids.is_empty() {
                    line.push_str(&format!(" (not counted for {})", and_list(&ids)));
                }
                line.push('.');
                doc.line(&line);
            }
            doc.line("");
        }
        for (n, w) in extras.witnesses.iter().enumerate() {
            let id = links.claim(&format!("{a}-witness-{}", n + 1));
            witness(doc, w, &id);
        }
        if !extras.decisions.is_empty() {
            let id = links.claim(&format!("{a}-decisions"));
            decisions(doc, &extras.decisions, links, &id);
        }
        doc.flush();
    }
}

/// An attachment: linked in a bundle, named otherwise, with the start of
/// its hash for a stored evidence file.
fn attachment(p: &Portfolio, stored: &str) -> String {
    let name = stored.rsplit('/').next().unwrap_or(stored);
    let (hash, shown) = match stored.strip_prefix("evidence/") {
        Some(rest) => match rest.split_once('-') {
            Some((hash, original)) if hash.len() == 12 => (Some(hash), original),
            _ => (None, name),
        },
        None => (None, stored),
    };
    let target = p.link.and_then(|link| link(stored));
    let mut out = match target {
        // The caller gives a relative path of safe characters only.
        Some(t) => format!("[{}]({t})", inline(shown)),
        None => inline(shown),
    };
    if let Some(hash) = hash {
        out.push_str(&format!(" (SHA-256 {hash}…)"));
    }
    out
}

/// One witness testimony, with lines for the witness to sign and date.
fn witness(doc: &mut Doc, w: &Witness, id: &str) {
    doc.heading(3, &format!("Witness testimony: {}", inline(&w.name)), id);
    doc.line(&format!("- **Witness:** {}", inline(&w.name)));
    doc.line(&format!("- **Role:** {}", inline(&w.role)));
    if let Some(r) = w.relationship.as_deref().filter(|r| !r.trim().is_empty()) {
        doc.line(&format!(
            "- **Relationship to the candidate:** {}",
            inline(r)
        ));
    }
    if let Some(c) = w.contact.as_deref().filter(|c| !c.trim().is_empty()) {
        doc.line(&format!("- **Contact:** {}", inline(c)));
    }
    doc.line(&format!("- **Date of statement:** {}", long_date(w.date)));
    doc.line(&format!(
        "- **Signed:** {}",
        if w.signed {
            "yes"
        } else {
            "not yet (to be signed below)"
        }
    ));
    doc.line("");
    match w.statement.as_deref().map(prose).filter(|s| !s.is_empty()) {
        Some(statement) => doc.block(&statement),
        None => doc.block("No statement recorded."),
    }
    doc.block(&signature_line("Witness's signature"));
}

/// The assessor's decisions on one entry, oldest first; a decision made on
/// other words than the entry's now says so.
fn decisions(doc: &mut Doc, list: &[(Assessment, bool)], links: &Links, id: &str) {
    doc.heading(3, "Assessor's decisions", id);
    let mut list: Vec<&(Assessment, bool)> = list.iter().collect();
    list.sort_by(|(a, _), (b, _)| {
        (a.date, a.recorded, &a.criteria).cmp(&(b.date, b.recorded, &b.criteria))
    });
    for (a, current) in list {
        let criteria: Vec<String> = a.criteria.iter().map(|c| links.criterion(c)).collect();
        let mut line = if *current {
            format!(
                "- {}: **{}** by {} on {}",
                criteria.join(", "),
                a.decision.words(),
                inline(&a.assessor),
                long_date(a.date)
            )
        } else {
            format!(
                "- {}: **{} on {} for an earlier version** by {}",
                criteria.join(", "),
                a.decision.words(),
                long_date(a.date),
                inline(&a.assessor)
            )
        };
        if let Some(m) = a.method.as_deref().filter(|m| !m.trim().is_empty()) {
            line.push_str(&format!(" ({})", inline(m)));
        }
        if !current {
            line.push_str(
                " — the entry has changed since, so this decision no longer stands until the \
                 assessor looks again",
            );
        }
        if let Some(f) = a.feedback.as_deref().map(inline).filter(|f| !f.is_empty()) {
            line.push_str(&format!(". Feedback: {f}"));
        }
        doc.line(&line);
    }
    doc.line("");
}

/// A finding about an entry as its assessor reads it: about the account,
/// in the third person ("the account reads as what the candidate would
/// do"), where the `message` speaks to the candidate ("reads as what you
/// would do"). Entry text quoted is redacted as the document is.
fn for_assessor(
    p: &Portfolio,
    links: &Links,
    w: &Warning,
    entry: &Entry,
    linked: &[String],
) -> (String, bool) {
    let ids = and_list(linked);
    let ask = crate::rules::lint::asks(linked);
    let about = |text: String| (text, false);
    let naming = |text: String| (text, true);
    match w.kind {
        WarningKind::Hypothetical => about(match &w.quote {
            Some(q) => format!(
                "the account reads as what the candidate would do (\u{201c}{}\u{201d}) rather \
                 than one occasion that happened",
                plain_text(p, q)
            ),
            None => "the account reads as a procedure (what should happen) rather than one \
                     occasion that happened"
                .into(),
        }),
        WarningKind::Habitual => {
            about("the account describes what usually happens rather than one occasion".into())
        }
        WarningKind::Thin => naming(format!("the account is too short to show {ids}")),
        WarningKind::NoOutcome => about("the account does not say how it turned out".into()),
        WarningKind::NoReasons => naming(format!(
            "no reasons are given for the choices made; {ids} {ask} for them"
        )),
        WarningKind::NoFollowUp => naming(format!(
            "the account does not say how the customer was followed up; {ids} {ask} for it"
        )),
        WarningKind::NoEvaluation => naming(format!(
            "the account describes what happened without evaluating it; {ids} {ask} for that"
        )),
        WarningKind::NoRecord => naming(format!(
            "{ids} {ask} for the record itself (an email, a note, a log) or a witness who saw \
             it, and there is only the candidate's account"
        )),
        WarningKind::WeakFit => naming(format!("the account's words do not show {ids}")),
        WarningKind::OverMapped => about(format!(
            "the account is claimed against {} criteria, more than its length can show",
            entry.criteria.len()
        )),
        WarningKind::PersonalData if p.meta.redacted => naming(format!(
            "held back: the original text contains personal data (redacted here); not counted \
             for {ids}"
        )),
        WarningKind::PersonalData => naming(format!(
            "held back: the text contains personal data (exported without redaction); not \
             counted for {ids}"
        )),
        WarningKind::OutOfDate => naming(format!("the entry {}", reason(p, links, &w.message))),
        WarningKind::SameIncident => naming(reason(p, links, &w.message)),
        _ => about(reason(p, links, &w.message)),
    }
}

/// One of the report's reasons, with entry ids turned into links (ids are
/// made from titles, so they never appear as text) and, when redacting,
/// personal data replaced.
fn reason(p: &Portfolio, links: &Links, text: &str) -> String {
    let is_id_byte = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-';
    let bytes = text.as_bytes();
    let mut out = String::new();
    let mut plain_from = 0;
    let mut at = 0;
    while at < text.len() {
        let bounded = at == 0 || !is_id_byte(bytes[at - 1]);
        // Ids are made of id bytes only (the store refuses any other), so an
        // id standing alone in the text is exactly a whole run of them: one
        // lookup, however many entries the portfolio has.
        let found = bounded
            .then(|| {
                let run = bytes[at..].iter().take_while(|b| is_id_byte(**b)).count();
                &text[at..at + run]
            })
            .filter(|run| links.entries.contains_key(*run));
        match found {
            Some(id) => {
                out.push_str(&plain_text(p, &text[plain_from..at]));
                out.push_str(&links.entry(id));
                at += id.len();
                plain_from = at;
            }
            None => at += text[at..].chars().next().map_or(1, char::len_utf8),
        }
    }
    out.push_str(&plain_text(p, &text[plain_from..]));
    out.trim_end_matches('.').to_string()
}

/// A stretch of a reason between links: inline, keeping a space at
/// either end.
fn plain_text(p: &Portfolio, text: &str) -> String {
    let body = if p.meta.redacted {
        inline(&redact::redact_generated(text, &p.meta.names).0)
    } else {
        inline(text)
    };
    let lead = if text.starts_with(char::is_whitespace) {
        " "
    } else {
        ""
    };
    let tail = if text.ends_with(char::is_whitespace) && !body.is_empty() {
        " "
    } else {
        ""
    };
    format!("{lead}{body}{tail}")
}

struct SectionTitle<'a> {
    key: &'a str,
    title: &'a str,
}

/// The entry's sections in its framework's order (reflection last), then any
/// sections the framework does not know, in file order.
fn sections_in_order<'a>(
    entry: &'a Entry,
    frameworks: &'a Frameworks,
) -> Vec<(SectionTitle<'a>, &'a str)> {
    let mut out = Vec::new();
    let mut used = HashSet::new();
    if let Some(framework) = frameworks.get(&entry.framework) {
        for step in frameworks.steps(framework) {
            if let Some(text) = entry.sections.get(&step.key) {
                used.insert(step.key.as_str());
                out.push((
                    SectionTitle {
                        key: &step.key,
                        title: &step.title,
                    },
                    text.as_str(),
                ));
            }
        }
    }
    for (key, text) in &entry.sections {
        if !used.contains(key.as_str()) {
            out.push((SectionTitle { key, title: key }, text.as_str()));
        }
    }
    out
}

/// What the candidate must show: the criterion's learner-facing summary,
/// not the examiner's marking point.
fn label<'a>(catalogue: &'a Catalogue, c: &'a CriterionReport) -> &'a str {
    catalogue.criterion(&c.id).map_or(&c.text, |k| k.label())
}

fn status_line(meta: &Meta, c: &CriterionReport) -> String {
    let mut parts = vec![claim_word(c.status).to_string()];
    if c.count > 0 || c.required > 1 {
        let mut count = format!("{} {}", c.count, plural(c.count, "entry", "entries"));
        if c.required > 1 || (c.count as u64) < u64::from(c.required) {
            count.push_str(&format!(" ({} needed)", c.required));
        }
        parts.push(count);
    }
    // By name, as an assessor scans them.
    let types: BTreeSet<&str> = c.evidence_types.iter().map(EvidenceType::as_str).collect();
    if !types.is_empty() {
        let words: Vec<String> = types
            .iter()
            .map(|t| evidence_words(meta, &EvidenceType::from_name(t)))
            .collect();
        parts.push(words.join(", "));
    }
    if let Some(latest) = c.latest {
        parts.push(format!("latest {}", short_date(latest)));
    }
    parts.join(" · ")
}

fn title_of(entry: &Entry) -> String {
    let t = inline(&entry.title);
    if t.is_empty() {
        "(untitled)".to_string()
    } else {
        t
    }
}

/// `reflective-account` → `reflective account`.
fn evidence_words(meta: &Meta, kind: &EvidenceType) -> String {
    inline(&meta.own(&kind.words()))
}

/// `27 November 2026`.
pub fn long_date(date: NaiveDate) -> String {
    date.format("%-d %B %Y").to_string()
}

fn short_date(date: NaiveDate) -> String {
    date.format("%-d %b %Y").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::settings::Settings;
    use crate::rules::gaps::analyse;

    fn entry(id: &str, title: &str, criteria: &[&str]) -> Entry {
        let text = format!(
            "id = \"{id}\"\ntitle = \"{title}\"\ncreated = 2026-11-28T10:00:00Z\n\
             occurred = {}\nframework = \"star\"\nevidence = \"observation\"\n\
             criteria = {criteria:?}\n[sections]\nresult = \"It worked.\"\nsituation = \"A call.\"\n",
            &id[..10]
        );
        Entry::parse(&text).unwrap().0
    }

    fn render_with(entries: &[Entry], meta: &Meta, edit: impl Fn(&mut Report)) -> String {
        let catalogue = Catalogue::builtin();
        let frameworks = Frameworks::builtin();
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        let mut report = analyse(
            entries,
            &catalogue,
            &frameworks,
            &Settings::default(),
            today,
        );
        edit(&mut report);
        render(&Portfolio {
            meta,
            report: &narrow(&report, Some("RES"), None),
            entries,
            body: None,
            extras: None,
            judged: &[],
            link: None,
            catalogue: &catalogue,
            frameworks: &frameworks,
            programme: None,
        })
    }

    /// A writer that takes `room` bytes, then fails, counting the calls.
    struct Full {
        taken: Vec<u8>,
        room: usize,
        calls: usize,
    }

    impl std::io::Write for Full {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.calls += 1;
            if self.taken.len() + buf.len() > self.room {
                return Err(std::io::Error::other("disk full"));
            }
            self.taken.extend_from_slice(buf);
            Ok(buf.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn written_a_piece_at_a_time_the_document_is_the_rendered_one() {
        let entries: Vec<Entry> = (1..=9)
            .map(|d| {
                entry(
                    &format!("2026-11-0{d}-call-{d}"),
                    "A call",
                    &["RES.1", "OPS.3"],
                )
            })
            .collect();
        let catalogue = Catalogue::builtin();
        let frameworks = Frameworks::builtin();
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        let report = analyse(
            &entries,
            &catalogue,
            &frameworks,
            &Settings::default(),
            today,
        );
        let p = Portfolio {
            meta: &Meta::default(),
            report: &report,
            entries: &entries,
            body: None,
            extras: None,
            judged: &[],
            link: None,
            catalogue: &catalogue,
            frameworks: &frameworks,
            programme: None,
        };
        let whole = render(&p);
        let mut all = Full {
            taken: Vec::new(),
            room: usize::MAX,
            calls: 0,
        };
        write(&p, &mut all).unwrap();
        assert_eq!(String::from_utf8(all.taken).unwrap(), whole);
        assert!(all.calls >= entries.len(), "{} writes", all.calls);

        // A failing writer: the error comes back, and nothing more is tried.
        let mut full = Full {
            taken: Vec::new(),
            room: whole.len() / 2,
            calls: 0,
        };
        let err = write(&p, &mut full).unwrap_err();
        assert_eq!(err.to_string(), "disk full");
        assert!(whole.starts_with(std::str::from_utf8(&full.taken).unwrap()));
        assert!(full.calls < all.calls, "{} then {}", full.calls, all.calls);
    }

    #[test]
    fn reasons_link_entries_and_redact_the_rest() {
        let entries = [
            entry(
                "2026-11-01-call-with-mrs-patel",
                "Call with Mrs Patel",
                &["RES.1"],
            ),
            entry("2026-11-02-call-with-mrs-patel-2", "Follow-up", &["RES.1"]),
        ];
        let why = |r: &mut Report| {
            let c = &mut r.units[4].criteria[0];
            c.status = Status::Partial;
            c.why = vec![
                "2026-11-01-call-with-mrs-patel and 2026-11-02-call-with-mrs-patel-2 look alike"
                    .into(),
                "Mrs Patel rang 07700 900123.".into(),
            ];
            c.why_from = vec![None, None];
        };
        let plain = render_with(&entries, &Meta::default(), why);
        assert!(
            plain.contains("**Why:** [E1][] and [E2][] look alike; Mrs Patel rang 07700 900123.")
        );
        assert!(plain.contains("[E1]: #entry-2026-11-01-call-with-mrs-patel\n"));
        assert!(plain.contains("- **Logbook id:** 2026-11-01-call-with-mrs-patel\n"));

        let meta = Meta {
            redacted: true,
            names: vec![NameRule::parse("Mrs Patel = customer").unwrap()],
            ..Meta::default()
        };
        let mut redacted_entries = entries.clone();
        for e in &mut redacted_entries {
            redact::redact_entry(e, &meta.names);
        }
        let doc = render_with(&redacted_entries, &meta, why);
        assert!(
            doc.contains("**Why:** [E1][] and [E2][] look alike; \\[CUSTOMER\\] rang \\[PHONE\\].")
        );
        assert!(!doc.to_lowercase().contains("patel"), "{doc}");
        assert!(doc.contains("\n## E1 · 1 Nov 2026 · Call with \\[CUSTOMER\\] {#entry-"));
    }

    #[test]
    fn narrowing_recounts_and_statuses_read_plainly() {
        let entries = [entry("2026-11-01-a", "A", &["RES.1", "OPS.3"])];
        let catalogue = Catalogue::builtin();
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        let report = analyse(
            &entries,
            &catalogue,
            &Frameworks::builtin(),
            &Settings::default(),
            today,
        );
        let ops3 = narrow(&report, None, Some("OPS.3"));
        assert_eq!(ops3.units.len(), 1);
        assert_eq!((ops3.summary.total, ops3.summary.met), (1, 0));
        let c = &ops3.units[0].criteria[0];
        assert!(
            status_line(&Meta::default(), c)
                .starts_with("Claimed, more needed · 1 entry (2 needed)"),
            "{}",
            status_line(&Meta::default(), c)
        );
        let res = narrow(&report, Some("RES"), None);
        assert_eq!(res.summary.total, 8);
        assert!(res.summary.missing >= 7, "{:?}", res.summary);
        assert_eq!(narrow(&report, Some("RES"), Some("OPS.3")).units.len(), 0);
    }

    #[test]
    fn sections_follow_the_framework_and_anchors_stay_unique() {
        let mut e = entry("2026-11-01-a", "A", &[]);
        e.sections.insert("zzz".into(), "Extra.".into());
        e.sections.insert("Zzz!".into(), "More.".into());
        let twin = e.clone();
        let doc = render_with(&[e, twin], &Meta::default(), |_| {});
        let headings: Vec<&str> = doc.lines().filter(|l| l.starts_with("### ")).collect();
        assert!(headings.contains(&"### Situation {#entry-2026-11-01-a--situation}"));
        let order: Vec<&str> = headings
            .iter()
            .filter(|h| h.contains("{#entry-2026-11-01-a--"))
            .copied()
            .collect();
        assert_eq!(
            order,
            [
                "### Situation {#entry-2026-11-01-a--situation}",
                "### Result {#entry-2026-11-01-a--result}",
                "### zzz {#entry-2026-11-01-a--zzz}",
                "### Zzz! {#entry-2026-11-01-a--zzz-2}",
            ]
        );
        assert!(doc.contains("\n## E2 · 1 Nov 2026 · A {#entry-2026-11-01-a-2}\n"));
        assert!(doc.contains("- **Claimed against:** none\n"));
    }
}
