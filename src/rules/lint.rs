//! What an assessor would query in a single entry, from the seeds'
//! misconceptions: no outcome, no follow-up with the customer, "I would…"
//! instead of what happened, no reasons, no evaluation, personal data,
//! over-mapping, no mapping at all. Pure: shared by the guided `add` (live
//! coaching), `gaps` and `check`.

use std::ops::Range;
use std::sync::LazyLock;

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::model::criteria::{Ask, Catalogue, unit_of};
use crate::model::entry::Entry;
use crate::model::frameworks::{Frameworks, Role};
use crate::model::settings::Settings;
use crate::rules::redact::{self, NameRule};
use crate::rules::verdict::WarningKind;

/// One finding: what is wrong, where (the section key, when it is one
/// section), and the next step.
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
}

/// Thresholds from `logbook.toml`, and what the catalogue expects; the
/// `Debug` text is part of the digest cache's key, so every field that can
/// change a lint is here.
#[derive(Debug, Clone)]
pub struct LintConfig {
    /// An entry mapped to at least this many criteria…
    pub over_map_min_criteria: usize,
    /// …with fewer words than this per criterion is over-mapped.
    pub over_map_words_per_criterion: usize,
    /// Entries shorter than this are too short to judge for reasons/evaluation.
    pub min_words_to_judge: usize,
    /// Names to treat as personal data (from `[redact] names`).
    pub names: Vec<NameRule>,
    /// Units whose entries should say how the customer was followed up
    /// (those whose `expects` names follow-up).
    pub follow_up_units: Vec<String>,
}

impl LintConfig {
    /// Thresholds from `[gaps]`, names from `[redact]` and the units'
    /// expectations: what the walk-through's coaching, `add`, `gaps` and
    /// `export` all judge by.
    pub fn new(settings: &Settings, catalogue: &Catalogue) -> LintConfig {
        let gaps = &settings.gaps;
        LintConfig {
            over_map_min_criteria: gaps.over_map_min_criteria,
            over_map_words_per_criterion: gaps.over_map_words_per_criterion,
            min_words_to_judge: gaps.min_words_to_judge,
            names: NameRule::from_settings(&settings.redact),
            follow_up_units: catalogue
                .units
                .iter()
                .filter(|u| u.expects.contains(&Ask::FollowUp))
                .map(|u| u.code.clone())
                .collect(),
        }
    }
}

/// The default settings and the built-in criteria.
impl Default for LintConfig {
    fn default() -> Self {
        LintConfig::new(&Settings::default(), &Catalogue::builtin())
    }
}

/// Phrases that mark a hypothetical account rather than what happened.
const HYPOTHETICAL: &[&str] = &[
    "i would",
    "i'd",
    "i should",
    "i could",
    "we would",
    "we'd",
    "we should",
    "we could",
    "i will",
    "i'll",
    "we will",
    "i am going to",
    "i'm going to",
    "ideally",
    "if i were",
    "i might",
    "would have",
    "should have",
];

/// Phrases that give a reason for a choice.
const REASONS: &[&str] = &[
    "because",
    "so that",
    "in order to",
    "which meant",
    "this meant",
    "that meant",
    "the reason",
    "i chose",
    "i decided",
    "we decided",
    "we chose",
    "rather than",
    "instead of",
    "due to",
    "to avoid",
    "to make sure",
    "to ensure",
    "to prevent",
    "to reduce",
    "to stop",
    "as a result",
    "since the",
    "since it",
    "since she",
    "since he",
    "since they",
    "given that",
    "so i",
    "so we",
    "this was why",
    "which is why",
    "that is why",
    "to keep",
    "to protect",
];

/// Phrases that evaluate or reflect.
const EVALUATION: &[&str] = &[
    "learned",
    "learnt",
    "went well",
    "worked well",
    "did not work",
    "didn't work",
    "next time",
    "differently",
    "in hindsight",
    "on reflection",
    "i realised",
    "i realized",
    "effective",
    "ineffective",
    "improve",
    "improved",
    "improvement",
    "strength",
    "weakness",
    "i would change",
    "lesson",
    "i noticed",
    "feedback showed",
    "which worked",
    "it worked",
    "this worked",
];

/// Phrases that show an outcome.
const OUTCOME: &[&str] = &[
    "result",
    "resolved",
    "outcome",
    "improved",
    "reduced",
    "increased",
    "fell",
    "rose",
    "dropped",
    "feedback",
    "thanked",
    "closed",
    "fixed",
    "agreed",
    "accepted",
    "went from",
    "percent",
    "%",
    "score",
    "achieved",
    "met the",
    "back within",
    "cleared",
];

/// Phrases that show follow-up with the customer after the resolution.
const FOLLOW_UP: &[&str] = &[
    "follow up",
    "followed up",
    "follow-up",
    "following up",
    "called back",
    "called her back",
    "called him back",
    "called them back",
    "rang back",
    "rang her",
    "rang him",
    "rang them",
    "checked back",
    "checked in",
    "check in",
    "got back to",
    "the next day",
    "the following day",
    "a week later",
    "later that week",
    "confirmed with",
    "to confirm",
    "confirmation",
    "emailed her",
    "emailed him",
    "emailed them",
    "wrote to",
    "callback",
    "call back",
];

/// Every content lint for one entry.
pub fn lint_entry(entry: &Entry, frameworks: &Frameworks, config: &LintConfig) -> Vec<Lint> {
    let mut lints = Vec::new();
    let framework = frameworks.get(&entry.framework);
    let role_of = |key: &str| {
        framework
            .and_then(|f| frameworks.steps(f).find(|s| s.key == key))
            .map(|s| s.role)
    };
    let all_text = entry.body();
    let all_words = Words::new(&all_text);
    let words = word_count(&all_text);

    // No outcome: every outcome step empty (or, in free text, no sign of one).
    let outcome_steps: Vec<&str> = framework
        .map(|f| {
            f.steps
                .iter()
                .filter(|s| s.role == Role::Outcome)
                .map(|s| s.key.as_str())
                .collect()
        })
        .unwrap_or_default();
    let filled = |key: &str| {
        entry
            .sections
            .get(key)
            .is_some_and(|t| !t.trim().is_empty())
    };
    if !outcome_steps.is_empty() {
        if !outcome_steps.iter().any(|k| filled(k)) {
            let step = outcome_steps[0];
            let title = framework
                .and_then(|f| f.steps.iter().find(|s| s.key == step))
                .map_or(step, |s| s.title.as_str());
            lints.push(Lint {
                kind: WarningKind::NoOutcome,
                step: Some(step.to_string()),
                message: format!("the {title} step is empty"),
                advice:
                    "say what happened as a result, with evidence: numbers, feedback, what changed"
                        .into(),
            });
        }
    } else if words >= config.min_words_to_judge
        && !has_any(&all_text, &all_words, &OUTCOME_PHRASES)
    {
        lints.push(Lint {
            kind: WarningKind::NoOutcome,
            step: None,
            message: "never says how it turned out".into(),
            advice: "add the result, with evidence: numbers, feedback, what changed".into(),
        });
    }

    // No follow-up on problem-resolution evidence: entries of a unit that
    // expects it.
    let expects_follow_up = entry
        .criteria
        .iter()
        .filter_map(|c| unit_of(c))
        .any(|unit| config.follow_up_units.iter().any(|u| u == unit));
    if expects_follow_up && !has_any(&all_text, &all_words, &FOLLOW_UP_PHRASES) {
        lints.push(Lint {
            kind: WarningKind::NoFollowUp,
            step: None,
            message: "does not say how you followed up with the customer".into(),
            advice: "add when and how you checked the customer was satisfied after the fix".into(),
        });
    }

    // Hypothetical language where the account should say what happened.
    // Reflection and next-step sections are about the future by design.
    let mut hypothetical = Vec::new();
    for (key, text) in entry.filled_sections() {
        if matches!(
            role_of(key),
            Some(Role::Next | Role::Reflection | Role::Evaluation)
        ) {
            continue;
        }
        for phrase in matching(text, &HYPOTHETICAL_PHRASES) {
            hypothetical.push((key.to_string(), phrase));
        }
    }
    if let Some((step, phrase)) = hypothetical.first()
        && (hypothetical.len() >= 2 || role_of(step) == Some(Role::Action))
    {
        lints.push(Lint {
            kind: WarningKind::Hypothetical,
            step: Some(step.clone()),
            message: format!(
                "reads as what you would do (\"{}…\", {} {}) rather than what you did",
                capitalise_i(phrase),
                hypothetical.len(),
                if hypothetical.len() == 1 {
                    "time"
                } else {
                    "times"
                }
            ),
            advice:
                "assessors credit what actually happened: write it in the past tense, first person"
                    .into(),
        });
    }

    if words >= config.min_words_to_judge && !has_any(&all_text, &all_words, &REASONS_PHRASES) {
        lints.push(Lint {
            kind: WarningKind::NoReasons,
            step: None,
            message: "gives no reasons for what you did".into(),
            advice: "say why you chose your action and what alternative you rejected (\"because…\", \"rather than…\")".into(),
        });
    }

    let reflective_step_filled = entry.filled_sections().any(|(k, _)| {
        matches!(
            role_of(k),
            Some(Role::Evaluation | Role::Reflection | Role::Next)
        )
    });
    if words >= config.min_words_to_judge
        && !reflective_step_filled
        && !has_any(&all_text, &all_words, &EVALUATION_PHRASES)
    {
        lints.push(Lint {
            kind: WarningKind::NoEvaluation,
            step: None,
            message: "describes what happened but does not evaluate it".into(),
            advice: "add a reflection: what worked, what did not, what you would change next time"
                .into(),
        });
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
            message: format!("contains what looks like personal data: {}", kinds.join(", ")),
            advice: "refer to people by role (\"the customer\") and leave out contact and card details (RES.4)".into(),
        });
    }

    let n = entry.criteria.len();
    if n >= config.over_map_min_criteria && words < n * config.over_map_words_per_criterion {
        lints.push(Lint {
            kind: WarningKind::OverMapped,
            step: None,
            message: format!("{words} words mapped to {n} criteria"),
            advice: "map it only to the criteria it clearly shows, or write more about each".into(),
        });
    }
    if n == 0 {
        lints.push(Lint {
            kind: WarningKind::Unmapped,
            step: None,
            message: "is not mapped to any criterion".into(),
            advice: format!(
                "run `logbook tag {} --add ID` (or `logbook suggest`) to map it",
                entry.id
            ),
        });
    }
    lints
}

/// "i would" → "I would", for quoting back to the writer.
fn capitalise_i(phrase: &str) -> String {
    match phrase.strip_prefix('i') {
        Some(rest) if rest.starts_with([' ', '\'']) => format!("I{rest}"),
        _ => phrase.to_string(),
    }
}

pub fn word_count(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// Lower-case words with apostrophes normalised, for phrase matching: one
/// folded copy of the text and where each word lies in it.
struct Words {
    folded: String,
    spans: Vec<Range<usize>>,
}

impl Words {
    fn new(text: &str) -> Words {
        let mut folded = text.to_lowercase();
        if folded.contains(['\u{2019}', '\u{2018}']) {
            folded = folded.replace(['\u{2019}', '\u{2018}'], "'");
        }
        let mut spans = Vec::new();
        let mut start = None;
        let is_word = |c: char| c.is_alphanumeric() || c == '\'' || c == '%' || c == '-';
        for (at, c) in folded
            .char_indices()
            .chain(std::iter::once((folded.len(), ' ')))
        {
            match (start, is_word(c)) {
                (None, true) => start = Some(at),
                (Some(from), false) => {
                    let raw = &folded[from..at];
                    let begin = from + raw.len() - raw.trim_start_matches('\'').len();
                    spans.push(begin..begin + raw.trim_matches('\'').len());
                    start = None;
                }
                _ => {}
            }
        }
        Words { folded, spans }
    }

    fn len(&self) -> usize {
        self.spans.len()
    }

    fn get(&self, i: usize) -> &str {
        &self.folded[self.spans[i].clone()]
    }
}

/// A phrase list indexed by first word, built once per list.
struct Phrases {
    list: &'static [&'static str],
    /// FxHash: one look-up per word of every entry, on our own phrases.
    by_first: FxHashMap<&'static str, Vec<(usize, Vec<&'static str>)>>,
}

impl Phrases {
    fn new(list: &'static [&'static str]) -> Phrases {
        let mut by_first: FxHashMap<&str, Vec<(usize, Vec<&str>)>> = FxHashMap::default();
        for (p, phrase) in list.iter().enumerate() {
            let parts: Vec<&str> = phrase.split(' ').collect();
            by_first.entry(parts[0]).or_default().push((p, parts));
        }
        Phrases { list, by_first }
    }

    /// Which phrases (by index) start at each word, word by word and, at one
    /// word, in list order: one hash lookup per word, not one comparison per
    /// phrase.
    fn hits<'a>(&'a self, words: &'a Words) -> impl Iterator<Item = usize> + 'a {
        (0..words.len()).flat_map(move |i| {
            let starting: Vec<usize> = self
                .by_first
                .get(words.get(i))
                .into_iter()
                .flatten()
                .filter(|(_, parts)| {
                    let end = i + parts.len();
                    end <= words.len() && (i..end).zip(parts).all(|(w, p)| words.get(w) == *p)
                })
                .map(|(p, _)| *p)
                .collect();
            starting
        })
    }
}

static HYPOTHETICAL_PHRASES: LazyLock<Phrases> = LazyLock::new(|| Phrases::new(HYPOTHETICAL));
static REASONS_PHRASES: LazyLock<Phrases> = LazyLock::new(|| Phrases::new(REASONS));
static EVALUATION_PHRASES: LazyLock<Phrases> = LazyLock::new(|| Phrases::new(EVALUATION));
static OUTCOME_PHRASES: LazyLock<Phrases> = LazyLock::new(|| Phrases::new(OUTCOME));
static FOLLOW_UP_PHRASES: LazyLock<Phrases> = LazyLock::new(|| Phrases::new(FOLLOW_UP));

/// The phrases that occur in `text` as whole words, in order of occurrence
/// (each occurrence counted).
fn matching(text: &str, phrases: &Phrases) -> Vec<String> {
    let words = Words::new(text);
    phrases
        .hits(&words)
        .map(|p| phrases.list[p].to_string())
        .collect()
}

/// Whether any of the phrases occurs in `text`, whose [`Words`] are given.
fn has_any(text: &str, words: &Words, phrases: &Phrases) -> bool {
    text.contains('%') && phrases.list.contains(&"%") || phrases.hits(words).next().is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use indexmap::IndexMap;

    fn entry(framework: &str, criteria: &[&str], sections: &[(&str, &str)]) -> Entry {
        let (base, _) = Entry::parse(
            "id = \"2026-11-27-x\"\ntitle = \"X\"\ncreated = 2026-11-28T10:00:00Z\noccurred = 2026-11-27\nframework = \"star\"\nevidence = \"reflective-account\"\n",
        )
        .unwrap();
        Entry {
            framework: framework.into(),
            criteria: criteria.iter().map(|c| c.to_string()).collect(),
            sections: sections
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect::<IndexMap<_, _>>(),
            ..base
        }
    }

    fn kinds(e: &Entry) -> Vec<&'static str> {
        lint_entry(e, &Frameworks::builtin(), &LintConfig::default())
            .iter()
            .map(|l| l.kind.as_str())
            .collect()
    }

    const GOOD_ACTION: &str = "I listened, asked two clarifying questions and checked the order history. \
        I chose a replacement rather than a refund because the customer needed the sofa before Christmas.";

    #[test]
    fn a_good_star_entry_is_clean() {
        let e = entry(
            "star",
            &["RES.1", "RES.7"],
            &[
                (
                    "situation",
                    "A customer rang because her sofa delivery had been missed twice.",
                ),
                ("task", "I had to resolve it within the £50 goodwill limit."),
                ("action", GOOD_ACTION),
                (
                    "result",
                    "The sofa arrived on the 20th. I called her back the next day; she thanked us.",
                ),
                (
                    "reflection",
                    "Next time I would check the courier's capacity first.",
                ),
            ],
        );
        assert_eq!(kinds(&e), Vec::<&str>::new());
    }

    #[test]
    fn each_weakness_is_named() {
        let e = entry(
            "star",
            &["RES.1"],
            &[("situation", "A late delivery."), ("action", GOOD_ACTION)],
        );
        assert_eq!(kinds(&e), ["no-outcome", "no-follow-up", "no-evaluation"]);

        let e = entry(
            "star",
            &["OPS.2"],
            &[
                ("situation", "The queue was long on Monday."),
                (
                    "action",
                    "I would hold a huddle and I would move two advisers to the phones.",
                ),
                ("result", "Ideally the queue would fall."),
            ],
        );
        let lints = lint_entry(&e, &Frameworks::builtin(), &LintConfig::default());
        let hyp = lints
            .iter()
            .find(|l| l.kind == WarningKind::Hypothetical)
            .unwrap();
        assert_eq!(hyp.step.as_deref(), Some("action"));
        assert!(
            hyp.message.contains("(\"I would…\", 3 times)"),
            "{}",
            hyp.message
        );

        let descriptive = "On Tuesday the team had a meeting at nine. We looked at the rota for December. \
            Then the advisers went back to the phones and took calls. In the afternoon the manager visited \
            and we talked about the new chairs for the office and the parking.";
        let e = entry("free", &["OPS.1"], &[("text", descriptive)]);
        assert_eq!(kinds(&e), ["no-outcome", "no-reasons", "no-evaluation"]);

        let e = entry(
            "star",
            &[
                "OPS.1", "OPS.2", "OPS.3", "BIZ.1", "REV.1", "PRI.1", "PRI.2", "REV.2",
            ],
            &[
                ("situation", "Busy day."),
                ("result", "It went well because we coped. I learned a lot."),
            ],
        );
        assert_eq!(kinds(&e), ["over-mapped"]);

        let e = entry("star", &[], &[("situation", "x"), ("result", "fixed")]);
        assert_eq!(kinds(&e), ["unmapped"]);
    }

    #[test]
    fn future_talk_in_the_reflection_is_fine_but_personal_data_is_not() {
        let e = entry(
            "star",
            &["PRI.4"],
            &[
                (
                    "situation",
                    "Email from jo@example.com about her order, because it was late.",
                ),
                ("result", "Resolved."),
                (
                    "reflection",
                    "I would write it up sooner. I should also check the SLA. I will ask for feedback.",
                ),
            ],
        );
        let lints = lint_entry(&e, &Frameworks::builtin(), &LintConfig::default());
        assert_eq!(lints.len(), 1, "{lints:#?}");
        assert_eq!(lints[0].kind, WarningKind::PersonalData);
        assert_eq!(lints[0].step.as_deref(), Some("situation"));
        assert!(lints[0].message.ends_with("an email address"));
    }
}

#[cfg(test)]
mod phrase_properties {
    use super::*;
    use proptest::prelude::*;

    /// Words and phrase matching as they were before the first-word index.
    fn naive_words(text: &str) -> Vec<String> {
        text.to_lowercase()
            .replace(['\u{2019}', '\u{2018}'], "'")
            .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '%' || c == '-'))
            .filter(|w| !w.is_empty())
            .map(|w| w.trim_matches('\'').to_string())
            .collect()
    }

    fn naive(text: &str, list: &[&str]) -> Vec<String> {
        let words = naive_words(text);
        let mut out = Vec::new();
        for i in 0..words.len() {
            for phrase in list {
                let parts: Vec<&str> = phrase.split(' ').collect();
                let end = i + parts.len();
                if end <= words.len() && words[i..end].iter().zip(&parts).all(|(w, p)| w == p) {
                    out.push((*phrase).to_string());
                }
            }
        }
        out
    }

    fn any_text() -> impl Strategy<Value = String> {
        let vocabulary: Vec<&str> = HYPOTHETICAL
            .iter()
            .chain(REASONS)
            .chain(OUTCOME)
            .flat_map(|p| p.split(' '))
            .chain([
                "I", "We", "the", "customer", "%", "50%", "’", "'", "''", "'I", "\n", ".",
                "would've", "İ", "ǅ", "ß",
            ])
            .collect();
        prop::collection::vec(prop::sample::select(vocabulary), 0..60).prop_map(|w| w.join(" "))
    }

    proptest! {
        #[test]
        fn the_indexed_scan_finds_what_the_plain_scan_found(text in any_text()) {
            let words = Words::new(&text);
            let folded: Vec<&str> = (0..words.len()).map(|i| words.get(i)).collect();
            prop_assert_eq!(folded, naive_words(&text));
            for phrases in [&*HYPOTHETICAL_PHRASES, &REASONS_PHRASES, &EVALUATION_PHRASES, &OUTCOME_PHRASES, &FOLLOW_UP_PHRASES] {
                let want = naive(&text, phrases.list);
                prop_assert_eq!(matching(&text, phrases), want.clone());
                prop_assert_eq!(
                    has_any(&text, &words, phrases),
                    text.contains('%') && phrases.list.contains(&"%") || !want.is_empty()
                );
            }
        }
    }
}
