//! Which criteria a piece of writing fits. For the built-in criteria it asks
//! the trained model (see [`classify`]): a probability for each criterion,
//! learned from several writers' accounts, so everyday wording ("let him get
//! it off his chest", "above my pay grade") is understood. For a user's own
//! criteria, which no model has seen, it ranks by BM25 over each criterion's
//! keywords, summary, marking point and guidance. The words that carried
//! the decision are reported back in the writer's own form. Pure: build an
//! [`Index`] once per process, then [`Index::rank`].

use std::fmt;
use std::ops::Range;

use crate::model::criteria::Catalogue;
use crate::rules::classify::{Model, softmax};
use crate::rules::fit::builtin_model;
use crate::rules::text::{Bm25, terms};

/// How much each part of a criterion counts in BM25, and its constants.
#[derive(Debug, Clone, Copy)]
pub struct Params {
    pub keywords: f64,
    pub summary: f64,
    pub text: f64,
    pub guidance: f64,
    /// Weight of a matching word pair relative to a single word.
    pub pairs: f64,
    pub k1: f64,
    pub b: f64,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            keywords: 1.0,
            summary: 3.0,
            text: 1.0,
            guidance: 0.5,
            pairs: 1.0,
            k1: 1.2,
            b: 0.75,
        }
    }
}

/// One criterion's fit to a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    pub id: String,
    /// For a criterion the model knows, its probability in per cent; for
    /// another, its BM25 score.
    pub score: f64,
    /// The entry's own words that spoke for it, strongest first.
    pub matched: Vec<String>,
    /// Whether `score` is the model's probability (else BM25).
    pub modelled: bool,
}

/// Where a criterion's words matched, each with its weight.
type Spans = Vec<(Range<usize>, f64)>;

/// The catalogue, ready to rank texts against.
#[derive(Clone)]
pub struct Index {
    ids: Vec<String>,
    bm25: Bm25,
    pair_weight: f64,
    model: &'static Model,
    /// For each criterion, its class in the model when the model knows it
    /// (built in, with its built-in wording).
    class: Vec<Option<usize>>,
}

impl fmt::Debug for Index {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Index")
            .field("ids", &self.ids)
            .field(
                "modelled",
                &self.class.iter().filter(|c| c.is_some()).count(),
            )
            .finish_non_exhaustive()
    }
}

/// Model probabilities under this (per cent) are not worth showing.
const SHOWN: f64 = 1.0;
/// A top fit of at least this (per cent) that leads the next by `LEAD`
/// times is ticked too.
const LEAD_FLOOR: f64 = 10.0;
const LEAD: f64 = 1.2;
/// The fewest known terms (words and word pairs) the model judges on.
const MIN_TERMS: usize = 3;

impl Index {
    pub fn new(catalogue: &Catalogue) -> Index {
        Index::with_params(catalogue, Params::default())
    }

    pub fn with_params(catalogue: &Catalogue, params: Params) -> Index {
        let builtin = Catalogue::builtin();
        let model = builtin_model();
        let mut bm25 = Bm25::new(params.k1, params.b);
        let mut ids = Vec::new();
        let mut class = Vec::new();
        for c in catalogue.criteria() {
            let mut doc: Vec<(String, f64)> = Vec::new();
            let mut add = |text: &str, weight: f64| {
                for t in terms(text) {
                    let w = if t.pair {
                        weight * params.pairs
                    } else {
                        weight
                    };
                    doc.push((t.key, w));
                }
            };
            for keyword in &c.keywords {
                add(keyword, params.keywords);
            }
            add(&c.summary, params.summary);
            add(&c.text, params.text);
            for g in &c.guidance {
                add(g, params.guidance);
            }
            bm25.add(doc.iter().map(|(k, w)| (k.as_str(), *w)));
            ids.push(c.id.clone());
            let same = builtin.criterion(&c.id).is_some_and(|b| b.text == c.text);
            class.push(if same { model.class_index(&c.id) } else { None });
        }
        Index {
            ids,
            bm25,
            pair_weight: params.pairs,
            model,
            class,
        }
    }

    /// Whether any criterion is judged by the model.
    pub fn modelled(&self) -> bool {
        self.class.iter().any(Option::is_some)
    }

    /// Every criterion with some fit to `text`, best first (ties in
    /// catalogue order).
    pub fn rank(&self, text: &str) -> Vec<Suggestion> {
        let found = terms(text);
        if found.is_empty() {
            return Vec::new();
        }
        let mut out: Vec<Suggestion> = Vec::new();
        let features = self.model.features_of(&found);
        // A word or two the model knows is not enough to go on.
        let probs = if self.modelled() && features.items.len() >= MIN_TERMS {
            softmax(&self.model.logits(&features))
        } else {
            Vec::new()
        };
        let bm = self.bm25_parts(&found);
        for (i, id) in self.ids.iter().enumerate() {
            match self.class[i] {
                Some(class) if !probs.is_empty() => {
                    let score = 100.0 * probs[class];
                    if score >= SHOWN {
                        let spans = self
                            .model
                            .evidence(&features, class)
                            .into_iter()
                            .flat_map(|(w, ranges)| ranges.iter().map(move |r| (r.clone(), w)))
                            .collect();
                        let matched = matched_words(text, spans);
                        // A fit with no words of the writer's behind it is
                        // only the model's prior.
                        if !matched.is_empty() {
                            out.push(Suggestion {
                                id: id.clone(),
                                score: round(score),
                                matched,
                                modelled: true,
                            });
                        }
                    }
                }
                Some(_) => {}
                None => {
                    let (score, spans) = &bm[i];
                    if *score > 0.0 {
                        out.push(Suggestion {
                            id: id.clone(),
                            score: round(*score),
                            matched: matched_words(text, spans.clone()),
                            modelled: false,
                        });
                    }
                }
            }
        }
        // A stable sort keeps catalogue order among equal scores.
        out.sort_by(|a, b| b.score.total_cmp(&a.score));
        out
    }

    /// Each criterion's rank (1 = best) by BM25 alone over the whole text:
    /// a second opinion that reads the criterion's own wording.
    pub fn bm25_ranks(&self, text: &str) -> Vec<(String, usize)> {
        let found = terms(text);
        let parts = self.bm25_parts(&found);
        let mut order: Vec<usize> = (0..self.ids.len()).collect();
        order.sort_by(|&a, &b| parts[b].0.total_cmp(&parts[a].0));
        let mut out = vec![(String::new(), 0); self.ids.len()];
        for (rank, &i) in order.iter().enumerate() {
            out[i] = (self.ids[i].clone(), rank + 1);
        }
        out
    }

    /// BM25 score of each criterion, with the text spans that matched.
    fn bm25_parts(&self, found: &[crate::rules::text::Term]) -> Vec<(f64, Spans)> {
        let mut seen: Vec<&str> = Vec::new();
        (0..self.ids.len())
            .map(|doc| {
                seen.clear();
                let mut spans = Vec::new();
                let mut score = 0.0;
                for t in found {
                    let s = self.bm25.term_score(doc, &t.key);
                    if s <= 0.0 {
                        continue;
                    }
                    spans.push((t.range.clone(), s));
                    if !seen.contains(&t.key.as_str()) {
                        seen.push(&t.key);
                        score += if t.pair { s * self.pair_weight } else { s };
                    }
                }
                (score, spans)
            })
            .collect()
    }
}

fn round(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// The few suggestions worth ticking in advance: only those the ranking is
/// confident of, never more than three (assessors distrust a thin entry
/// mapped to many), and possibly none.
pub fn preselect(ranked: &[Suggestion]) -> Vec<String> {
    const MAX: usize = 3;
    let Some(best) = ranked.first() else {
        return Vec::new();
    };
    // Model scores are probabilities in per cent (on accounts by writers it
    // never saw, a top fit of 15% or more was right 98.6% of the time, in
    // leave-one-writer-out trials); BM25 scores are not.
    let (floor, next_floor, close) = if best.modelled {
        (15.0, 25.0, 0.6)
    } else {
        (2.0, 2.0, 0.7)
    };
    // A clear lead counts as much as a high score: a long account that shows
    // several criteria spreads the model's probability among them.
    let second = ranked.get(1).map_or(0.0, |s| s.score);
    let leads = best.modelled && best.score >= LEAD_FLOOR && best.score >= second * LEAD;
    if best.score < floor && !leads {
        return Vec::new();
    }
    std::iter::once(best)
        .chain(
            ranked
                .iter()
                .skip(1)
                .take(MAX - 1)
                .take_while(|s| s.score >= next_floor && s.score >= best.score * close),
        )
        .map(|s| s.id.clone())
        .collect()
}

/// The text's words as they appear (lowercased), strongest first; matches
/// that overlap in the text (a pair and its words) are shown once, as the
/// phrase they make together.
fn matched_words(text: &str, parts: Vec<(Range<usize>, f64)>) -> Vec<String> {
    const MAX: usize = 8;
    /// Matches weaker than this share of the strongest are noise to a reader.
    const SHARE: f64 = 0.2;
    let strongest = parts.iter().map(|(_, s)| *s).fold(0.0, f64::max);
    let mut spans: Vec<(usize, usize, f64)> = parts
        .iter()
        .filter(|(_, s)| *s >= strongest * SHARE)
        .map(|(r, s)| (r.start, r.end, *s))
        .collect();
    spans.sort_by_key(|&(start, end, _)| (start, std::cmp::Reverse(end)));
    let mut merged: Vec<(usize, usize, f64)> = Vec::new();
    for (start, end, score) in spans {
        match merged.last_mut() {
            Some(last) if start < last.1 => {
                last.1 = last.1.max(end);
                last.2 += score;
            }
            _ => merged.push((start, end, score)),
        }
    }
    merged.sort_by(|a, b| b.2.total_cmp(&a.2));
    let mut shown: Vec<String> = Vec::new();
    for (start, end, _) in merged {
        let Some(slice) = text.get(start..end) else {
            continue;
        };
        let surface = slice
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        if !shown.contains(&surface) {
            shown.push(surface);
        }
        if shown.len() == MAX {
            break;
        }
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> Index {
        Index::new(&Catalogue::builtin())
    }

    #[test]
    fn nothing_matches_nothing() {
        let index = index();
        assert!(index.rank("").is_empty());
        assert!(index.rank("the and of 123 !!").is_empty());
        assert!(preselect(&[]).is_empty());
    }

    #[test]
    fn everyday_wording_finds_its_criterion() {
        let index = index();
        for (text, id) in [
            (
                "I let him get it all off his chest before I said anything, then repeated the details back to check I had them right.",
                "RES.1",
            ),
            (
                "It was above my pay grade, so I went straight to the duty manager within the hour.",
                "RES.5",
            ),
            (
                "I shredded the printout with her card details and reminded the new starter never to read account numbers out loud.",
                "RES.4",
            ),
        ] {
            let ranked = index.rank(text);
            assert_eq!(ranked[0].id, id, "{text}: {ranked:#?}");
            assert!(!ranked[0].matched.is_empty());
        }
    }

    #[test]
    fn matched_words_are_the_writers_own() {
        let index = index();
        let text =
            "I listened without interrupting and asked clarifying questions until I understood.";
        let ranked = index.rank(text);
        assert_eq!(ranked[0].id, "RES.1", "{ranked:#?}");
        for m in &ranked[0].matched {
            assert!(text.to_lowercase().contains(m.as_str()), "{m}");
        }
    }

    #[test]
    fn ranking_is_deterministic_and_sorted() {
        let index = index();
        let text = "I briefed the team on the new rota and checked the service level.";
        let a = index.rank(text);
        assert_eq!(a, index.rank(text));
        assert!(a.windows(2).all(|w| w[0].score >= w[1].score));
    }

    #[test]
    fn preselection_ticks_only_confident_fits() {
        let s = |id: &str, score: f64| Suggestion {
            id: id.into(),
            score,
            matched: Vec::new(),
            modelled: true,
        };
        assert_eq!(preselect(&[s("RES.1", 70.0), s("RES.6", 20.0)]), ["RES.1"]);
        assert_eq!(
            preselect(&[s("RES.1", 45.0), s("RES.6", 30.0), s("RES.2", 10.0)]),
            ["RES.1", "RES.6"]
        );
        assert!(preselect(&[s("RES.1", 12.0), s("RES.6", 11.0)]).is_empty());
        assert_eq!(preselect(&[s("RES.1", 14.5), s("RES.7", 11.7)]), ["RES.1"]);
        assert!(preselect(&[s("RES.1", 9.0), s("RES.7", 2.0)]).is_empty());
    }

    #[test]
    fn a_users_own_criteria_are_ranked_by_their_words() {
        let mut cat = Catalogue::builtin();
        cat.merge(
            crate::model::criteria::parse_unit(
                "ksb.toml",
                "code = \"CSS\"\ntitle = \"Customer service specialist\"\n[[criteria]]\nid = \"CSS.1\"\ntext = \"Knows the organisation's complaints procedure\"\nkeywords = [\"complaints procedure\"]\n",
            )
            .unwrap(),
        );
        let index = Index::new(&cat);
        let ranked = index.rank("I followed the complaints procedure step by step.");
        assert!(ranked.iter().any(|s| s.id == "CSS.1"), "{ranked:#?}");
    }
}
