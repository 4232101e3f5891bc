//! How well an entry's own words support each criterion, passage by
//! passage: a criterion claimed for an entry should be among the best fits
//! of at least one passage of it (a few sentences, a step, the title, the
//! whole). A long account can show several criteria in different places;
//! one that no passage comes near is not shown at all (`weak-fit`), and an
//! entry whose passage fits a criterion it is not mapped to is a candidate
//! for it (re-mapping).

use std::sync::LazyLock;

use super::classify::{Model, softmax};
use super::text::{Term, sentence_terms};

static BUILTIN: LazyLock<Model> =
    LazyLock::new(|| Model::parse(include_str!("../../criteria/model.tsv")).unwrap_or_default());

/// The built-in model for the built-in criteria.
pub fn builtin_model() -> &'static Model {
    &BUILTIN
}

/// How one criterion fares across the passages of an entry.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Support {
    /// The best rank (1 = the best fit) the criterion reaches in any passage.
    pub best_rank: usize,
    /// Its highest probability in any passage.
    pub best_prob: f64,
    /// Its probability and rank for the whole text.
    pub whole_prob: f64,
    pub whole_rank: usize,
}

/// Sentences in a sliding passage.
const WINDOW: usize = 3;

/// Support for every class of `model`, from the entry's title and texts.
pub fn support(model: &Model, title: &str, texts: &[&str]) -> Vec<Support> {
    let k = model.classes.len();
    let mut out = vec![
        Support {
            best_rank: usize::MAX,
            best_prob: 0.0,
            whole_prob: 0.0,
            whole_rank: usize::MAX,
        };
        k
    ];
    if k == 0 {
        return out;
    }
    let mut passages: Vec<Vec<&Term>> = Vec::new();
    let title_terms = sentence_terms(title);
    passages.push(title_terms.iter().flatten().collect());
    let sections: Vec<Vec<Vec<Term>>> = texts.iter().map(|t| sentence_terms(t)).collect();
    for sentences in &sections {
        for start in 0..sentences.len() {
            let end = (start + WINDOW).min(sentences.len());
            passages.push(sentences[start..end].iter().flatten().collect());
            if end == sentences.len() {
                break;
            }
        }
        if sentences.len() > WINDOW {
            passages.push(sentences.iter().flatten().collect());
        }
    }
    let whole: Vec<&Term> = title_terms
        .iter()
        .flatten()
        .chain(sections.iter().flatten().flatten())
        .collect();
    let whole_probs = probs(model, &whole);
    passages.push(whole);
    for passage in passages.iter().filter(|p| !p.is_empty()) {
        let p = probs(model, passage);
        let mut order: Vec<usize> = (0..k).collect();
        order.sort_by(|&a, &b| p[b].total_cmp(&p[a]));
        for (rank, &c) in order.iter().enumerate() {
            let s = &mut out[c];
            s.best_rank = s.best_rank.min(rank + 1);
            s.best_prob = s.best_prob.max(p[c]);
        }
    }
    let mut order: Vec<usize> = (0..k).collect();
    order.sort_by(|&a, &b| whole_probs[b].total_cmp(&whole_probs[a]));
    for (rank, &c) in order.iter().enumerate() {
        out[c].whole_prob = whole_probs[c];
        out[c].whole_rank = rank + 1;
    }
    out
}

fn probs(model: &Model, terms: &[&Term]) -> Vec<f64> {
    softmax(&model.logits(&model.features_of_refs(terms)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_model_loads_and_knows_the_criteria() {
        let m = builtin_model();
        assert_eq!(m.classes.len(), 21);
        assert!(m.class_index("RES.5").is_some());
    }

    #[test]
    fn a_complaint_supports_problem_criteria_not_a_service_plan() {
        let m = builtin_model();
        let s = support(
            m,
            "Refund complaint",
            &[
                "A customer rang, upset that her refund had not arrived after three weeks. I let her explain and asked when she had returned the item and how she had paid.",
                "I could not authorise a goodwill payment myself, so I passed it to my manager the same morning.",
            ],
        );
        let rank = |id: &str| s[m.class_index(id).unwrap()].best_rank;
        assert!(rank("RES.1") <= 2, "{}", rank("RES.1"));
        assert!(rank("RES.5") <= 2, "{}", rank("RES.5"));
        assert!(rank("OPS.1") > 4, "{}", rank("OPS.1"));
    }
}
