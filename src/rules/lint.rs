//! What an assessor would query in a single entry, read clause by clause
//! (see [`crate::rules::judge`]): an account of no real occasion (imagined or
//! habitual), too thin for what it claims, no result, no reasons, no
//! follow-up, no evaluation, no record where the criterion asks for one, a
//! criterion its words do not support, personal data, over-mapping, no
//! mapping at all. Each finding names the claimed criteria it holds back
//! (`holds_back`); one that holds nothing back is advice. Pure: shared by the
//! guided `add` (live coaching), `gaps` and `check`.

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::model::criteria::{Ask, Catalogue, unit_of};
use crate::model::english::and_list;
use crate::model::entry::Entry;
use crate::model::evidence::EvidenceType;
use crate::model::frameworks::{Frameworks, Role};
use crate::model::settings::Settings;
use crate::rules::fit;
use crate::rules::judge::{self, Claim, Facts, Limits, Part};
use crate::rules::redact::{self, NameRule};
use crate::rules::suggest::Index;
use crate::rules::verdict::WarningKind;

/// One finding: what is wrong, where (the section key, when it is one
/// section), the next step, and the claimed criteria it stops the entry
/// counting for (empty: advice).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lint {
    /// Which rule fired; its name is the stable `kind` in JSON.
    pub kind: WarningKind,
    /// Where: a section's key when it is about one section; for personal
    /// data, the first field that holds some (`title`, `witness`, `tags`,
    /// `attachments` or a section's key).
    pub step: Option<String>,
    pub message: String,
    pub advice: String,
    pub holds_back: Vec<String>,
    /// The entry's own words the finding quotes (an "I would…" clause),
    /// cut at word boundaries with an ellipsis, for a reader other than
    /// the candidate to be shown (the portfolio's assessor).
    pub quote: Option<String>,
}

/// Thresholds from `logbook.toml`, and what the catalogue asks; the `Debug`
/// text is part of the digest cache's key, so every field that can change a
/// lint is here.
#[derive(Debug, Clone)]
pub struct LintConfig {
    /// An entry mapped to at least this many criteria…
    pub over_map_min_criteria: usize,
    /// …with fewer words than this per criterion is over-mapped.
    pub over_map_words_per_criterion: usize,
    /// Entries shorter than this are not judged for reasons, follow-up and
    /// evaluation.
    pub min_words_to_judge: usize,
    /// Fewer words than this is too thin for any criterion.
    pub thin_words: usize,
    /// Names to treat as personal data (from `[redact] names`).
    pub names: Vec<NameRule>,
    /// Units whose entries should say how the customer was followed up
    /// (those whose `expects` names follow-up): advice where no criterion
    /// claimed asks for it.
    pub follow_up_units: Vec<String>,
    /// What each criterion asks of its evidence, by id.
    pub asks: FxHashMap<String, Vec<Ask>>,
    /// Criteria the built-in model was trained on, with their built-in
    /// wording unchanged: only these are judged for fit.
    pub modelled: Vec<String>,
    /// The catalogue ranked by its own wording, for a second opinion on fit.
    pub index: std::sync::Arc<Index>,
}

impl LintConfig {
    /// Thresholds from `[gaps]`, names from `[redact]`, and the catalogue's
    /// asks: what the walk-through's coaching, `add`, `gaps` and `export`
    /// all judge by.
    pub fn new(settings: &Settings, catalogue: &Catalogue) -> LintConfig {
        let gaps = &settings.gaps;
        let builtin = Catalogue::builtin();
        let model = fit::builtin_model();
        let mut modelled: Vec<String> = catalogue
            .criteria()
            .filter(|c| {
                model.class_index(&c.id).is_some()
                    && builtin.criterion(&c.id).is_some_and(|b| b.text == c.text)
            })
            .map(|c| c.id.clone())
            .collect();
        modelled.sort();
        LintConfig {
            over_map_min_criteria: gaps.over_map_min_criteria,
            over_map_words_per_criterion: gaps.over_map_words_per_criterion,
            min_words_to_judge: gaps.min_words_to_judge,
            thin_words: gaps.thin_words,
            names: NameRule::from_settings(&settings.redact),
            follow_up_units: catalogue
                .units
                .iter()
                .filter(|u| u.expects.contains(&Ask::FollowUp))
                .map(|u| u.code.clone())
                .collect(),
            asks: catalogue
                .criteria()
                .map(|c| (c.id.clone(), c.asks.clone()))
                .collect(),
            modelled,
            index: std::sync::Arc::new(Index::new(catalogue)),
        }
    }

    fn limits(&self) -> Limits {
        Limits {
            thin_words: self.thin_words,
            min_words_to_judge: self.min_words_to_judge,
            over_map_min_criteria: self.over_map_min_criteria,
            over_map_words_per_criterion: self.over_map_words_per_criterion,
            ..Limits::default()
        }
    }
}

/// The default settings and the built-in criteria.
impl Default for LintConfig {
    fn default() -> Self {
        LintConfig::new(&Settings::default(), &Catalogue::builtin())
    }
}

/// A claimed criterion whose best passage never ranks it among this many
/// best fits, and that the entry's words do not bring near the top by the
/// criterion's own wording either, is not supported by the entry.
const FIT_RANK: usize = 3;
const WORDING_RANK: usize = 5;

/// Every content lint for one entry.
pub fn lint_entry(entry: &Entry, frameworks: &Frameworks, config: &LintConfig) -> Vec<Lint> {
    lint_entry_with(entry, frameworks, config, None)
}

/// How the entry's passages fit each of the model's criteria, worked out
/// once when both the lints and the re-mapping candidates need it.
pub fn support(entry: &Entry) -> Vec<fit::Support> {
    let texts: Vec<&str> = entry.filled_sections().map(|(_, text)| text).collect();
    fit::support(fit::builtin_model(), &entry.title, &texts)
}

/// [`lint_entry`] with the entry's [`support`] when the caller has it.
pub fn lint_entry_with(
    entry: &Entry,
    frameworks: &Frameworks,
    config: &LintConfig,
    known: Option<&[fit::Support]>,
) -> Vec<Lint> {
    let framework = frameworks.get(&entry.framework);
    let role_of = |key: &str| {
        framework
            .and_then(|f| frameworks.steps(f).find(|s| s.key == key))
            .map(|s| s.role)
    };
    let parts: Vec<Part<'_>> = entry
        .filled_sections()
        .map(|(key, text)| Part {
            key,
            role: role_of(key),
            text,
        })
        .collect();
    let no_asks: Vec<Ask> = Vec::new();
    let claims: Vec<Claim<'_>> = entry
        .criteria
        .iter()
        .map(|id| Claim {
            id,
            asks: config.asks.get(id).unwrap_or(&no_asks),
        })
        .collect();
    let plan = claims.iter().any(|c| c.asks.contains(&Ask::Plan));
    let facts = judge::facts(&parts, plan);
    let has_record = !matches!(
        entry.evidence,
        EvidenceType::ReflectiveAccount | EvidenceType::Other(_)
    ) || !entry.attachments.is_empty()
        || entry
            .witness
            .as_deref()
            .is_some_and(|w| !w.trim().is_empty());

    let mut lints = Vec::new();
    for v in judge::verdicts(&facts, &claims, has_record, &config.limits()) {
        lints.push(explain(
            v.kind,
            v.holds_back,
            entry,
            &facts,
            framework_outcome(entry, frameworks),
            &parts,
        ));
    }

    // Advice on follow-up for units that expect it, where no claimed
    // criterion asks (then the verdict above has said it).
    let advised = lints.iter().any(|l| l.kind == WarningKind::NoFollowUp);
    let expects_follow_up = entry
        .criteria
        .iter()
        .filter_map(|c| unit_of(c))
        .any(|unit| config.follow_up_units.iter().any(|u| u == unit));
    if expects_follow_up && !advised && !facts.follow_up && facts.words >= config.min_words_to_judge
    {
        lints.push(explain(
            WarningKind::NoFollowUp,
            Vec::new(),
            entry,
            &facts,
            None,
            &parts,
        ));
    }

    // Fit: a claimed criterion that no passage of the entry comes near.
    let modelled: Vec<&String> = entry
        .criteria
        .iter()
        .filter(|c| config.modelled.binary_search(c).is_ok())
        .collect();
    if !modelled.is_empty() && facts.words >= config.thin_words {
        let model = fit::builtin_model();
        let texts: Vec<&str> = parts.iter().map(|p| p.text).collect();
        let computed;
        let support = match known {
            Some(s) => s,
            None => {
                computed = support(entry);
                &computed
            }
        };
        let mut unsupported: Vec<String> = modelled
            .into_iter()
            .filter(|c| {
                model
                    .class_index(c)
                    .is_some_and(|i| support[i].best_rank > FIT_RANK)
            })
            .cloned()
            .collect();
        // A criterion that asks for a record is shown by an account that
        // names its record and gives everything else the criterion asks
        // for ("I logged it on the safety system", the resolution, the
        // call back), however ordinary its words.
        unsupported.retain(|c| {
            let asks = config.asks.get(c.as_str()).map_or(&[][..], Vec::as_slice);
            !(asks.contains(&Ask::Record)
                && facts.record
                && asks.iter().all(|a| match a {
                    Ask::Record => true,
                    Ask::Outcome => facts.tells_outcome(),
                    Ask::FollowUp => facts.follow_up,
                    Ask::Reasons => facts.reason_markers >= 2,
                    Ask::Evaluation => facts.evaluation,
                    _ => false,
                }))
        });
        if !unsupported.is_empty() {
            let whole = format!("{}\n{}", entry.title, texts.join("\n"));
            let ranks = config.index.bm25_ranks(&whole);
            unsupported.retain(|c| {
                ranks
                    .iter()
                    .find(|(id, _)| id == c)
                    .is_none_or(|(_, rank)| *rank > WORDING_RANK)
            });
        }
        if !unsupported.is_empty() {
            lints.push(explain(
                WarningKind::WeakFit,
                unsupported,
                entry,
                &facts,
                None,
                &parts,
            ));
        }
    }

    // Personal data in any text field: the one scan `check` and the export
    // use too. `step` names the first field with some (a section's key, or
    // `title`, `witness`, `tags`, `attachments`).
    let mut kinds: Vec<&str> = Vec::new();
    let mut first_step = None;
    for (field, f) in redact::scan_entry(entry, &config.names) {
        first_step.get_or_insert_with(|| field.name().to_string());
        let what = f.kind.describe();
        if !kinds.contains(&what) {
            kinds.push(what);
        }
    }
    if !kinds.is_empty() {
        lints.push(Lint {
            kind: WarningKind::PersonalData,
            step: first_step,
            message: format!(
                "contains what looks like personal data: {}",
                kinds.join(", ")
            ),
            advice: format!(
                "refer to people by role (\"the customer\") and leave out contact, address, \
                 birth-date, account and card details{}",
                // The built-in marking point on data protection, named only
                // where the logbook has it.
                if config.asks.contains_key("RES.4") {
                    " (RES.4)"
                } else {
                    ""
                }
            ),
            holds_back: entry.criteria.clone(),
            quote: None,
        });
    }

    if entry.criteria.is_empty() {
        lints.push(Lint {
            kind: WarningKind::Unmapped,
            step: None,
            message: "is not mapped to any criterion".into(),
            advice: format!(
                "run `logbook tag {} --add ID` (or `logbook suggest`) to map it",
                entry.id
            ),
            holds_back: Vec::new(),
            quote: None,
        });
    }
    lints
}

/// The first outcome step of the entry's framework: its key and title.
fn framework_outcome(entry: &Entry, frameworks: &Frameworks) -> Option<(String, String)> {
    let f = frameworks.get(&entry.framework)?;
    f.steps
        .iter()
        .find(|s| s.role == Role::Outcome)
        .map(|s| (s.key.clone(), s.title.clone()))
}

/// A finding in words: what is wrong and the next step.
fn explain(
    kind: WarningKind,
    holds_back: Vec<String>,
    entry: &Entry,
    facts: &Facts,
    outcome_step: Option<(String, String)>,
    parts: &[Part<'_>],
) -> Lint {
    let ids = and_list(&holds_back);
    let mut quote = None;
    let (step, message, advice): (Option<String>, String, String) = match kind {
        WarningKind::Thin => (
            None,
            format!(
                "{} {} too few to show {}",
                facts.words,
                if facts.words == 1 {
                    "word is"
                } else {
                    "words are"
                },
                ids
            ),
            "tell one real occasion: what happened, what you did and why, and how it turned out \
             — a few sentences for each criterion you claim"
                .into(),
        ),
        WarningKind::Hypothetical => {
            let quoted = facts.hypothetical.first().and_then(|(key, range)| {
                let part = parts.iter().find(|p| p.key == key)?;
                Some((key.clone(), clause(part.text, range.clone())))
            });
            quote = quoted.as_ref().map(|(_, q)| q.clone());
            match quoted {
                Some((key, q)) => (
                    Some(key),
                    format!(
                        "reads as what you would do (\u{201c}{q}\u{201d}{}) rather than one \
                         occasion that happened",
                        match facts.hypothetical.len() {
                            1 => String::new(),
                            n => format!(", and {} more like it", n - 1),
                        }
                    ),
                    "assessors credit what actually happened: tell one real occasion in the past \
                     tense, first person — when it was, what you did and said"
                        .into(),
                ),
                None => (
                    None,
                    "reads as a procedure (what should happen) rather than one occasion that \
                     happened"
                        .into(),
                    "assessors credit what actually happened: tell one real occasion in the past \
                     tense, first person — when it was, what you did and said"
                        .into(),
                ),
            }
        }
        WarningKind::Habitual => (
            None,
            "describes what usually happens rather than one occasion".into(),
            "pick one real occasion and tell it: when it was, what you did and said, and how it \
             turned out"
                .into(),
        ),
        WarningKind::NoOutcome => match outcome_step {
            Some((key, title)) if entry.sections.get(&key).is_none_or(|t| t.trim().is_empty()) => (
                Some(key),
                format!("the {title} step is empty"),
                "say what happened as a result, with evidence: numbers, feedback, what changed"
                    .into(),
            ),
            Some((key, _)) => (
                Some(key),
                "does not say how it turned out (a hand-over or a plan is not a result)".into(),
                "add the result, with evidence: numbers, feedback, what changed".into(),
            ),
            None => (
                None,
                "never says how it turned out".into(),
                "add the result, with evidence: numbers, feedback, what changed".into(),
            ),
        },
        WarningKind::NoReasons => (
            None,
            if holds_back.is_empty() {
                "gives no reasons for what you did".into()
            } else {
                format!(
                    "gives no reasons for what you chose, and {ids} {} for them",
                    asks(&holds_back)
                )
            },
            "say why you chose your action — the customer's wishes, the policy, the option you \
             rejected and why"
                .into(),
        ),
        WarningKind::NoFollowUp => (
            None,
            if holds_back.is_empty() {
                "does not say how you followed up with the customer".into()
            } else {
                format!(
                    "does not say how you followed up, and {ids} {} for it",
                    asks(&holds_back)
                )
            },
            "add when and how you checked back afterwards (a call, an email, the figures a week \
             later)"
                .into(),
        ),
        WarningKind::NoEvaluation => (
            None,
            if holds_back.is_empty() {
                "describes what happened but does not evaluate it".into()
            } else {
                format!(
                    "describes what happened but does not evaluate it, and {ids} {} for that",
                    asks(&holds_back)
                )
            },
            "add what worked, what did not and why, and what you would change next time".into(),
        ),
        WarningKind::NoRecord => (
            None,
            format!(
                "{ids} {} for the record itself (an email, a note, a log) or someone who saw \
                 it, and this is only your account",
                asks(&holds_back)
            ),
            if entry.id.is_empty() {
                "attach the record or name a witness who saw it".into()
            } else {
                format!(
                    "attach the record (`logbook edit {} --attach FILE`) or add a witness \
                     testimony (`logbook witness {} ...`)",
                    entry.id, entry.id
                )
            },
        ),
        WarningKind::WeakFit => (
            None,
            format!("its words do not show {ids}"),
            if entry.id.is_empty() {
                format!(
                    "untick {}, or add what you did that shows {}",
                    if holds_back.len() == 1 { "it" } else { "them" },
                    if holds_back.len() == 1 { "it" } else { "them" },
                )
            } else {
                format!(
                    "remove {} (`logbook tag {} --remove {}`) or add what you did that shows {}",
                    if holds_back.len() == 1 { "it" } else { "them" },
                    entry.id,
                    holds_back.join(","),
                    if holds_back.len() == 1 { "it" } else { "them" },
                )
            },
        ),
        WarningKind::OverMapped => (
            None,
            format!(
                "{} words mapped to {} criteria",
                facts.words,
                entry.criteria.len()
            ),
            "map it only to the criteria it clearly shows, or write more about each".into(),
        ),
        _ => (None, kind.as_str().to_string(), String::new()),
    };
    Lint {
        kind,
        step,
        message,
        advice,
        holds_back,
        quote,
    }
}

/// "asks" for one criterion, "ask" for several: `RES.3 asks`, `BIZ.3 and
/// RES.7 ask`.
pub fn asks(ids: &[String]) -> &'static str {
    if ids.len() == 1 { "asks" } else { "ask" }
}

/// A few words of the clause around `range` in `text`, to quote back: from
/// the start of the clause (or, in a long one, the five words before the
/// modal, after an ellipsis) to a few words after it, and an ellipsis
/// where the clause goes on. Always cut between words.
fn clause(text: &str, range: std::ops::Range<usize>) -> String {
    let start = text[..range.start]
        .rfind(['.', '!', '?', ';', ',', '\n', ':'])
        .map_or(0, |i| i + 1);
    let after: Vec<&str> = text[range.end..]
        .split_whitespace()
        .take_while(|w| !matches!(*w, "and" | "but" | "or" | "so" | "because" | "then" | "if"))
        .take(3)
        .collect();
    let head = text[start..range.end]
        .split_whitespace()
        .collect::<Vec<_>>();
    let cut_head = head.len() > 5;
    let head = if cut_head {
        &head[head.len() - 5..]
    } else {
        &head[..]
    };
    let mut q = String::new();
    if cut_head {
        q.push('\u{2026}');
    }
    q.push_str(&head.join(" "));
    for w in after {
        let bare = w.trim_end_matches([',', '.', ';', ':', '!', '?']);
        q.push(' ');
        q.push_str(bare);
        if bare.len() < w.len() {
            break;
        }
    }
    q.push('\u{2026}');
    q
}

/// Words in a text, counted as a reader would.
pub fn word_count(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

#[cfg(test)]
mod tests;
