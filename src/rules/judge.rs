//! What an account shows, read clause by clause with the text toolkit:
//! whether it narrates one real occasion or imagines, generalises or
//! describes a habit; whether it gives reasons, a result, a follow-up and an
//! evaluation. The lints turn these facts into warnings; keeping the facts
//! apart lets `add`, `gaps` and `check` share one reading.

use std::ops::Range;

use super::text::{Reading, read};
use crate::model::criteria::Ask;
use crate::model::frameworks::Role;
use crate::rules::verdict::WarningKind;

/// One section of an entry, with what its step is for (None: free text or
/// a step the framework does not name).
#[derive(Debug, Clone, Copy)]
pub struct Part<'a> {
    pub key: &'a str,
    pub role: Option<Role>,
    pub text: &'a str,
}

/// The facts the rules judge on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    pub words: usize,
    /// Words in the narrative steps (not the reflection, evaluation or next).
    pub narrative_words: usize,
    /// Finite past verbs in the narrative steps.
    pub narrated: u32,
    /// The writer's own would/should/will clauses in narrative steps:
    /// (step key, byte range of the modal in that step's text).
    pub hypothetical: Vec<(String, Range<usize>)>,
    /// The writer's own modal clauses and finite past verbs in the action
    /// steps: what was done, or only imagined.
    pub action_hypothetical: u32,
    pub action_narrated: u32,
    /// First-person present-simple clauses in the narrative steps.
    pub present: u32,
    /// Modal clauses of any subject in the narrative steps (procedure voice).
    pub modal: u32,
    /// Sentences that speak of frequency ("always", "every morning").
    pub frequency: u32,
    /// A specific day or occasion is named.
    pub occasion: bool,
    pub reasons: bool,
    pub reason_sentences: u32,
    /// Kinds of reason given, summed over sentences.
    pub reason_markers: u32,
    pub outcome: bool,
    pub follow_up: bool,
    /// A record of what was done is named (logged, an email, minutes).
    pub record: bool,
    pub evaluation: bool,
    /// Past conditionals and past inability: options weighed.
    pub counterfactual: u32,
    /// Sentences with numbers outside quotations.
    pub numbers: u32,
    /// The outcome steps the framework has, and whether any is filled with
    /// something other than a plan or a "not yet".
    pub outcome_steps: Vec<String>,
    pub outcome_filled: bool,
}

fn narrative(role: Option<Role>) -> bool {
    !matches!(role, Some(Role::Next | Role::Reflection | Role::Evaluation))
}

/// Reads every part. `plan`: the entry is evidence of a plan, so the
/// future tense of its timeline is the plan's own.
impl Facts {
    /// The account says how it turned out: in its outcome step when the
    /// framework has one, anywhere otherwise.
    pub fn tells_outcome(&self) -> bool {
        if self.outcome_steps.is_empty() {
            self.outcome
        } else {
            self.outcome_filled
        }
    }
}

pub fn facts(parts: &[Part<'_>], plan: bool) -> Facts {
    let mut f = Facts::default();
    // In a framework with an action step, the context step sets the scene:
    // a "because" there explains the problem, not a choice.
    let structured = parts.iter().any(|p| p.role == Some(Role::Action));
    for part in parts {
        let reading: Reading = read(part.text);
        f.words += reading.words();
        let narrative_part = narrative(part.role);
        if narrative_part {
            f.narrative_words += reading.words();
        }
        if part.role == Some(Role::Outcome) {
            f.outcome_steps.push(part.key.to_string());
            let useful = reading.any(|s| {
                s.hypothetical.is_empty()
                    && !s.next_time
                    && !s.quoted
                    && !s.pending
                    && (s.outcome || (s.past > 0 && (!s.writer_led || s.numbers > 0)))
            });
            f.outcome_filled |= useful;
        }
        for s in &reading.sentences {
            let imagined = !s.hypothetical.is_empty();
            if narrative_part {
                f.narrated += s.past;
                if part.role == Some(Role::Action) {
                    f.action_narrated += s.past;
                }
                f.present += s.present;
                f.frequency += u32::from(s.frequency);
                let excused = s.next_time || (plan && s.plan);
                if !excused {
                    f.modal += s.modal;
                }
                if imagined && !excused {
                    for r in &s.hypothetical {
                        f.hypothetical.push((part.key.to_string(), r.clone()));
                    }
                    if part.role == Some(Role::Action) {
                        f.action_hypothetical += s.hypothetical.len() as u32;
                    }
                }
            }
            f.occasion |= s.occasion;
            let scene = matches!(part.role, Some(Role::Context | Role::Task));
            if s.reason && !(structured && scene) {
                f.reasons = true;
                f.reason_sentences += 1;
                f.reason_markers += s.reasons;
            }
            f.counterfactual += s.counterfactual;
            f.numbers += u32::from(s.numbers > 0);
            let factual = !imagined && !s.next_time && !s.quoted;
            let staged = parts
                .iter()
                .any(|p| !matches!(p.role, None | Some(Role::Context | Role::Task)));
            if factual && !(staged && matches!(part.role, Some(Role::Context | Role::Task))) {
                f.outcome |= s.outcome && (s.past > 0 || s.numbers > 0);
            }
            // "I rang her on the 11th to follow up" counts wherever it is
            // told; "next time I will follow up" does not.
            if factual {
                f.follow_up |= s.follow_up;
                f.record |= s.record && s.past > 0;
            }
            f.evaluation |= s.evaluation;
        }
    }
    f.evaluation |= f.counterfactual > 0 && f.outcome;
    f
}

/// A criterion the entry is claimed against, with what it asks.
#[derive(Debug, Clone, Copy)]
pub struct Claim<'a> {
    pub id: &'a str,
    pub asks: &'a [Ask],
}

/// One finding: its kind and the criteria it stops the entry counting for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub kind: WarningKind,
    pub holds_back: Vec<String>,
}

/// Thresholds the verdicts use.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    /// Fewer words than this is too thin to show anything.
    pub thin_words: usize,
    /// Each further criterion claimed needs this many more words.
    pub thin_words_per_criterion: usize,
    /// Shorter accounts are not judged for reasons, follow-up, evaluation.
    pub min_words_to_judge: usize,
    pub over_map_min_criteria: usize,
    pub over_map_words_per_criterion: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            thin_words: 40,
            thin_words_per_criterion: 20,
            min_words_to_judge: 40,
            over_map_min_criteria: 4,
            over_map_words_per_criterion: 40,
        }
    }
}

/// The findings on an account, each with the claimed criteria it holds
/// back. A finding holds a criterion back only where the rule is precise and
/// the criterion asks for the thing found missing; a finding that holds
/// nothing back is advice.
pub fn verdicts(
    f: &Facts,
    claims: &[Claim<'_>],
    has_record: bool,
    limits: &Limits,
) -> Vec<Verdict> {
    let all: Vec<String> = claims.iter().map(|c| c.id.to_string()).collect();
    let asking = |ask: Ask| -> Vec<String> {
        claims
            .iter()
            .filter(|c| c.asks.contains(&ask))
            .map(|c| c.id.to_string())
            .collect()
    };
    let mut out = Vec::new();
    let mut push = |kind: WarningKind, holds_back: Vec<String>| {
        out.push(Verdict { kind, holds_back });
    };
    let n = claims.len();
    let hyp = f.hypothetical.len() as u32;
    let judged = f.words >= limits.min_words_to_judge;
    if n > 0 && (f.words < limits.thin_words || f.words < limits.thin_words_per_criterion * n) {
        push(WarningKind::Thin, all.clone());
    }
    // One real occasion is told mostly in the past tense: an account with
    // little narration is a habit, a procedure or an intention, unless it is
    // a plan (whose timeline is rightly in the future).
    let plan = claims.iter().any(|c| c.asks.contains(&Ask::Plan));
    let density = f64::from(f.narrated) * 100.0 / f.narrative_words.max(1) as f64;
    // An account dense with figures reports on real data, however few its
    // past-tense verbs.
    let unnarrated = f.narrative_words >= 60 && density < 4.0 && !plan && f.numbers < 4;
    let imagined = (hyp >= 2 && f.narrated < 3 * hyp)
        || (hyp >= 1 && f.narrated == 0)
        || (f.action_hypothetical >= 1 && f.action_narrated < f.action_hypothetical)
        || (unnarrated && (hyp >= 1 || f.modal >= 2));
    if imagined {
        push(WarningKind::Hypothetical, all.clone());
    }
    let habit = f.present >= 3 && f.frequency >= 2 && f.narrated < 2 * f.present;
    let habitual =
        habit || (unnarrated && (f.present >= 2 || (f.frequency >= 2 && f.present >= 1)));
    if habitual {
        push(WarningKind::Habitual, all.clone());
    }
    // A plan has no result yet.
    let outcome = f.tells_outcome() || plan || (f.outcome_steps.is_empty() && !judged);
    if !outcome {
        push(WarningKind::NoOutcome, asking(Ask::Outcome));
    }
    // Reasons: too few where a criterion asks for them holds it back; none
    // at all is worth saying anywhere.
    if judged && f.reason_markers < 2 && !asking(Ask::Reasons).is_empty() {
        push(WarningKind::NoReasons, asking(Ask::Reasons));
    } else if judged && f.reason_markers == 0 && !plan {
        push(WarningKind::NoReasons, Vec::new());
    }
    if judged && !f.follow_up && !asking(Ask::FollowUp).is_empty() {
        push(WarningKind::NoFollowUp, asking(Ask::FollowUp));
    }
    // Advice to evaluate "what happened" would contradict a finding that
    // nothing in particular happened; a criterion that asks for it still
    // hears it.
    let evaluate = asking(Ask::Evaluation);
    if judged && !f.evaluation && !plan && (!(imagined || habitual) || !evaluate.is_empty()) {
        push(WarningKind::NoEvaluation, evaluate);
    }
    if !has_record && !asking(Ask::Record).is_empty() {
        push(WarningKind::NoRecord, asking(Ask::Record));
    }
    if n >= limits.over_map_min_criteria && f.words < limits.over_map_words_per_criterion * n {
        push(WarningKind::OverMapped, all);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn star(situation: &str, action: &str, result: &str) -> Facts {
        facts(
            &[
                Part {
                    key: "situation",
                    role: Some(Role::Context),
                    text: situation,
                },
                Part {
                    key: "action",
                    role: Some(Role::Action),
                    text: action,
                },
                Part {
                    key: "result",
                    role: Some(Role::Outcome),
                    text: result,
                },
            ],
            false,
        )
    }

    #[test]
    fn a_real_occasion_is_narrated_not_imagined() {
        let f = star(
            "On Tuesday a customer rang about a late refund.",
            "I told her I would call back on Wednesday. A voucher would have ignored what she needed, so I chased the refund.",
            "I rang her two days later; the money had arrived and she thanked me.",
        );
        assert!(f.hypothetical.is_empty(), "{f:?}");
        assert!(
            f.narrated >= 4
                && f.occasion
                && f.reasons
                && f.outcome
                && f.follow_up
                && f.outcome_filled
        );
    }

    #[test]
    fn an_imagined_account_is_caught() {
        let f = star(
            "If a customer complained about a late refund,",
            "I would listen and apologise. I would check the system and I should escalate it.",
            "",
        );
        assert!(f.hypothetical.len() >= 3, "{f:?}");
        assert!(!f.outcome_filled);
    }
}
