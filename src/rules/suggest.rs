//! Which criteria an entry's words fit: BM25 over the catalogue, with each
//! criterion's keywords, summary, marking point and guidance as weighted
//! fields, stemmed words plus adjacent word pairs (so "clarifying questions"
//! counts for more than "questions"), and the words that matched reported
//! back. Pure: build an [`Index`] once per process, then [`Index::rank`].

use std::collections::HashMap;

use crate::model::criteria::Catalogue;
use crate::rules::stem::stem;

/// How much each part of a criterion counts, and the BM25 constants.
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
    /// Saturation of words repeated in the entry.
    pub k3: f64,
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
            k3: 1.5,
        }
    }
}

/// One criterion's fit to a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    pub id: String,
    pub score: f64,
    /// The entry's own words that matched, strongest first.
    pub matched: Vec<String>,
}

/// The catalogue, ready to rank texts against.
#[derive(Debug, Clone)]
pub struct Index {
    params: Params,
    docs: Vec<Doc>,
    idf: HashMap<String, f64>,
    avg_len: f64,
}

#[derive(Debug, Clone)]
struct Doc {
    id: String,
    tf: HashMap<String, f64>,
    len: f64,
}

/// A word or word pair found in a text, with where it came from.
#[derive(Debug, Clone)]
struct Term {
    key: String,
    start: usize,
    end: usize,
    pair: bool,
}

impl Index {
    pub fn new(catalogue: &Catalogue) -> Index {
        Index::with_params(catalogue, Params::default())
    }

    pub fn with_params(catalogue: &Catalogue, params: Params) -> Index {
        let mut docs = Vec::new();
        for c in catalogue.criteria() {
            let mut doc = Doc {
                id: c.id.clone(),
                tf: HashMap::new(),
                len: 0.0,
            };
            for keyword in &c.keywords {
                doc.add(keyword, params.keywords);
            }
            doc.add(&c.summary, params.summary);
            doc.add(&c.text, params.text);
            for g in &c.guidance {
                doc.add(g, params.guidance);
            }
            docs.push(doc);
        }
        let mut df: HashMap<&str, usize> = HashMap::new();
        for doc in &docs {
            for term in doc.tf.keys() {
                *df.entry(term.as_str()).or_default() += 1;
            }
        }
        let n = docs.len() as f64;
        let idf = df
            .into_iter()
            .map(|(t, df)| {
                let df = df as f64;
                (t.to_string(), (1.0 + (n - df + 0.5) / (df + 0.5)).ln())
            })
            .collect();
        let avg_len = if docs.is_empty() {
            1.0
        } else {
            (docs.iter().map(|d| d.len).sum::<f64>() / n).max(1.0)
        };
        Index {
            params,
            docs,
            idf,
            avg_len,
        }
    }

    /// Every criterion with some fit to `text`, best first (ties in
    /// catalogue order).
    pub fn rank(&self, text: &str) -> Vec<Suggestion> {
        let terms = terms(text);
        let mut query: Vec<(&Term, usize)> = Vec::new();
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for term in &terms {
            match seen.get(term.key.as_str()) {
                Some(&i) => query[i].1 += 1,
                None => {
                    seen.insert(&term.key, query.len());
                    query.push((term, 1));
                }
            }
        }
        let p = self.params;
        let mut out: Vec<Suggestion> = Vec::new();
        for doc in &self.docs {
            let norm = p.k1 * (1.0 - p.b + p.b * doc.len / self.avg_len);
            let mut parts: Vec<(f64, &Term)> = Vec::new();
            for &(term, qtf) in &query {
                let Some(&tf) = doc.tf.get(&term.key) else {
                    continue;
                };
                let idf = self.idf.get(&term.key).copied().unwrap_or(0.0);
                let qtf = qtf as f64;
                let weight = if term.pair { p.pairs } else { 1.0 };
                let s = weight
                    * idf
                    * (tf * (p.k1 + 1.0) / (tf + norm))
                    * (qtf * (p.k3 + 1.0) / (qtf + p.k3));
                if s > 0.0 {
                    parts.push((s, term));
                }
            }
            let score: f64 = parts.iter().map(|(s, _)| s).sum();
            if score > 0.0 {
                out.push(Suggestion {
                    id: doc.id.clone(),
                    score,
                    matched: matched_words(text, parts),
                });
            }
        }
        // A stable sort keeps catalogue order among equal scores.
        out.sort_by(|a, b| b.score.total_cmp(&a.score));
        out
    }
}

impl Doc {
    fn add(&mut self, text: &str, weight: f64) {
        for term in terms(text) {
            if !term.pair {
                self.len += weight;
            }
            *self.tf.entry(term.key).or_default() += weight;
        }
    }
}

/// The few suggestions worth ticking in advance: the best one, and the next
/// ones that come close to it, never more than three (assessors distrust a
/// thin entry mapped to many criteria).
pub fn preselect(ranked: &[Suggestion]) -> Vec<String> {
    const MAX: usize = 3;
    const CLOSE: f64 = 0.7;
    const FLOOR: f64 = 2.0;
    let Some(best) = ranked.first() else {
        return Vec::new();
    };
    if best.score < FLOOR {
        return Vec::new();
    }
    ranked
        .iter()
        .take(MAX)
        .take_while(|s| s.score >= best.score * CLOSE)
        .map(|s| s.id.clone())
        .collect()
}

/// The text's words as they appear (lowercased), strongest first; matches
/// that overlap in the text (a pair and its words, two pairs sharing a word)
/// are shown once, as the phrase they make together.
fn matched_words(text: &str, parts: Vec<(f64, &Term)>) -> Vec<String> {
    const MAX: usize = 8;
    /// Matches weaker than this share of the strongest are noise to a reader.
    const SHARE: f64 = 0.2;
    let strongest = parts.iter().map(|(s, _)| *s).fold(0.0, f64::max);
    let mut spans: Vec<(usize, usize, f64)> = parts
        .iter()
        .filter(|(s, _)| *s >= strongest * SHARE)
        .map(|(s, t)| (t.start, t.end, *s))
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
        let surface = text[start..end]
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

/// Stemmed content words and the pairs of neighbouring content words (not
/// across a sentence break), each with its place in `text`.
fn terms(text: &str) -> Vec<Term> {
    let mut out = Vec::new();
    let mut prev: Option<(String, usize, usize)> = None;
    for (start, end) in word_spans(text) {
        let Some(key) = normalise(&text[start..end]) else {
            continue;
        };
        if let Some((prev_key, prev_start, prev_end)) = prev.take()
            && !text[prev_end..start].contains(['.', '!', '?', ';', ':', '\n', '(', ')'])
        {
            out.push(Term {
                key: format!("{prev_key} {key}"),
                start: prev_start,
                end,
                pair: true,
            });
        }
        prev = Some((key.clone(), start, end));
        out.push(Term {
            key,
            start,
            end,
            pair: false,
        });
    }
    out
}

/// Byte ranges of the words: letters and digits, with apostrophes inside a
/// word kept (customer's, didn't).
fn word_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start: Option<usize> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let apostrophe_inside = matches!(c, '\'' | '’')
            && start.is_some()
            && chars.peek().is_some_and(|(_, n)| n.is_alphanumeric());
        if c.is_alphanumeric() || apostrophe_inside {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            spans.push((s, i));
        }
    }
    if let Some(s) = start {
        spans.push((s, text.len()));
    }
    spans
}

/// One word as an index key: ASCII-folded, lowercase, possessive dropped,
/// stemmed; `None` for stop words, numbers and single letters.
fn normalise(word: &str) -> Option<String> {
    let mut w = deunicode::deunicode(word).to_lowercase().replace('’', "'");
    if let Some(base) = w.strip_suffix("'s") {
        w = base.to_string();
    }
    w.retain(|c| c.is_ascii_alphanumeric());
    if w.len() < 2 || w.bytes().all(|b| b.is_ascii_digit()) || is_stop_word(&w) {
        return None;
    }
    Some(stem(&w))
}

fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.binary_search(&word).is_ok()
}

/// Common English words that say nothing about which criterion fits
/// (sorted, for binary search).
const STOP_WORDS: &[&str] = &[
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "aren",
    "arent",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "cannot",
    "cant",
    "could",
    "couldnt",
    "did",
    "didnt",
    "do",
    "does",
    "doesnt",
    "doing",
    "dont",
    "down",
    "during",
    "each",
    "even",
    "ever",
    "few",
    "for",
    "from",
    "further",
    "get",
    "got",
    "had",
    "hadnt",
    "has",
    "hasnt",
    "have",
    "havent",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "id",
    "if",
    "ill",
    "im",
    "in",
    "into",
    "is",
    "isnt",
    "it",
    "its",
    "itself",
    "ive",
    "just",
    "let",
    "lets",
    "me",
    "more",
    "most",
    "much",
    "must",
    "my",
    "myself",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "quite",
    "rather",
    "really",
    "same",
    "she",
    "should",
    "shouldnt",
    "so",
    "some",
    "still",
    "such",
    "than",
    "that",
    "thats",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "theyd",
    "theyre",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "us",
    "very",
    "was",
    "wasnt",
    "we",
    "were",
    "werent",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "within",
    "without",
    "wont",
    "would",
    "wouldnt",
    "yet",
    "you",
    "your",
    "yours",
    "yourself",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> Index {
        Index::new(&Catalogue::builtin())
    }

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(is_stop_word("the") && !is_stop_word("rota"));
    }

    #[test]
    fn words_are_folded_stemmed_and_paired() {
        let t = terms("The customer's Complaints were ESCALATED; café rota — 24 hours");
        let keys: Vec<&str> = t.iter().map(|t| t.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "custom",
                "custom complaint",
                "complaint",
                "complaint escal",
                "escal",
                "cafe",
                "cafe rota",
                "rota",
                "rota hour",
                "hour"
            ]
        );
        let pair = &t[1];
        assert_eq!(
            &"The customer's Complaints"[pair.start..pair.end],
            "customer's Complaints"
        );
    }

    #[test]
    fn nothing_matches_nothing() {
        let index = index();
        assert!(index.rank("").is_empty());
        assert!(index.rank("the and of 123 !!").is_empty());
        assert!(preselect(&[]).is_empty());
    }

    #[test]
    fn matched_words_are_the_writers_own_and_pairs_come_once() {
        let index = index();
        let ranked = index.rank(
            "I listened without interrupting and asked clarifying questions until I understood.",
        );
        let res1 = ranked.iter().find(|s| s.id == "RES.1").unwrap();
        assert_eq!(ranked[0].id, "RES.1", "{ranked:#?}");
        for phrase in [
            "asked clarifying questions",
            "listened without interrupting",
            "understood",
        ] {
            assert!(res1.matched.contains(&phrase.to_string()), "{res1:?}");
        }
        assert!(!res1.matched.contains(&"questions".to_string()), "{res1:?}");
    }

    #[test]
    fn ranking_is_deterministic_and_sorted() {
        let index = index();
        let text = "I briefed the team on the new rota and checked the service level.";
        let a = index.rank(text);
        assert_eq!(a, index.rank(text));
        assert!(a.windows(2).all(|w| w[0].score >= w[1].score));
        assert!(a.iter().all(|s| s.score > 0.0));
    }

    #[test]
    fn preselection_keeps_the_close_few() {
        let s = |id: &str, score: f64| Suggestion {
            id: id.into(),
            score,
            matched: vec![],
        };
        assert_eq!(
            preselect(&[s("A", 10.0), s("B", 8.0), s("C", 7.5), s("D", 7.2)]),
            ["A", "B", "C"]
        );
        assert_eq!(preselect(&[s("A", 10.0), s("B", 5.0)]), ["A"]);
        assert!(preselect(&[s("A", 0.5)]).is_empty());
    }

    /// `== ID` blocks of accounts, as in tests/fixtures/suggest/.
    fn accounts(text: &str) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Vec::new();
        for line in text.lines() {
            if let Some(id) = line.strip_prefix("== ") {
                out.push((id.trim().to_string(), String::new()));
            } else if let Some((_, body)) = out.last_mut()
                && !line.starts_with('#')
            {
                body.push_str(line);
                body.push('\n');
            }
        }
        out
    }

    /// (hit@1, hit@3, count) of `index` on a set of accounts.
    fn hit_rates(index: &Index, set: &[(String, String)]) -> (usize, usize, usize) {
        let (mut at1, mut at3) = (0, 0);
        for (want, text) in set {
            let ranked = index.rank(text);
            let pos = ranked.iter().position(|s| &s.id == want);
            at1 += usize::from(pos == Some(0));
            at3 += usize::from(pos.is_some_and(|p| p < 3));
        }
        (at1, at3, set.len())
    }

    const DEV: &str = include_str!("../../tests/fixtures/suggest/dev.txt");
    const HELDOUT: &str = include_str!("../../tests/fixtures/suggest/heldout.txt");

    #[test]
    fn suggestion_quality_on_dev_and_held_out_accounts() {
        let index = index();
        let dev = accounts(DEV);
        let held = accounts(HELDOUT);
        let cat = Catalogue::builtin();
        for (id, text) in dev.iter().chain(&held) {
            assert!(cat.criterion(id).is_some(), "unknown id {id}");
            assert!(text.split_whitespace().count() > 30, "{id}: too short");
        }
        let (d1, d3, dn) = hit_rates(&index, &dev);
        let (h1, h3, hn) = hit_rates(&index, &held);
        println!(
            "dev: hit@1 {d1}/{dn}, hit@3 {d3}/{dn}; held-out: hit@1 {h1}/{hn}, hit@3 {h3}/{hn}"
        );
        for (name, set) in [("dev", &dev), ("held-out", &held)] {
            let (mut picked, mut found) = (0, 0);
            for (want, text) in set {
                let pre = preselect(&index.rank(text));
                picked += pre.len();
                found += usize::from(pre.contains(want));
            }
            println!(
                "{name} pre-selection: the intended criterion ticked in {found}/{}, {picked} ticked in all",
                set.len()
            );
        }
        for (want, text) in &held {
            let ranked = index.rank(text);
            let top: Vec<&str> = ranked.iter().take(3).map(|s| s.id.as_str()).collect();
            if top.first() != Some(&want.as_str()) {
                println!("  held-out {want}: top {top:?}");
            }
        }
        // Measured when this was written: dev 62/63 and 63/63, held-out 30/44
        // and 40/44. The floors leave a little room for new criteria files.
        assert!(d3 * 100 >= dn * 95, "dev hit@3 {d3}/{dn}");
        assert!(h3 * 100 >= hn * 85, "held-out hit@3 {h3}/{hn}");
        assert!(h1 * 100 >= hn * 60, "held-out hit@1 {h1}/{hn}");
    }

    /// The sample logbook (examples/sample) was written by someone else, with
    /// each entry mapped to one or more criteria by hand: a second, external
    /// check. Reported for the record; it is multi-label, so hit@k counts any
    /// of the entry's own criteria, and pre-selection is scored against them.
    #[test]
    fn suggestion_quality_on_the_sample_logbook() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/sample");
        let loaded = crate::store::Store::new(root).load_all();
        let index = index();
        let (mut n, mut at1, mut at3) = (0, 0, 0);
        let (mut picked, mut right, mut wanted, mut found) = (0, 0, 0, 0);
        for stored in &loaded.entries {
            let e = &stored.entry;
            if e.criteria.is_empty() || e.criteria.len() > 4 {
                continue; // unmapped or deliberately over-mapped
            }
            n += 1;
            let ranked = index.rank(&e.body());
            let top: Vec<&str> = ranked.iter().take(3).map(|s| s.id.as_str()).collect();
            at1 += usize::from(
                top.first()
                    .is_some_and(|t| e.criteria.iter().any(|c| c == t)),
            );
            at3 += usize::from(top.iter().any(|t| e.criteria.iter().any(|c| c == t)));
            let pre = preselect(&ranked);
            picked += pre.len();
            right += pre.iter().filter(|p| e.criteria.contains(p)).count();
            wanted += e.criteria.len();
            found += e.criteria.iter().filter(|c| pre.contains(c)).count();
        }
        println!(
            "sample logbook: {n} entries; hit@1 {at1}/{n}, hit@3 {at3}/{n}; \
             pre-selection precision {right}/{picked}, recall {found}/{wanted}"
        );
        assert!(n >= 20, "the sample logbook should be there: {n}");
    }

    /// Grid search on the development set only (run by hand with --ignored).
    #[test]
    #[ignore]
    fn tune_on_dev() {
        let cat = Catalogue::builtin();
        let dev = accounts(DEV);
        let mut results = Vec::new();
        for keywords in [1.0, 2.0, 3.0] {
            for summary in [0.5, 1.5, 3.0] {
                for text in [0.5, 1.0] {
                    for guidance in [0.0, 0.25, 0.5, 1.0] {
                        for pairs in [0.5, 1.0, 2.0] {
                            for b in [0.3, 0.75] {
                                let p = Params {
                                    keywords,
                                    summary,
                                    text,
                                    guidance,
                                    pairs,
                                    b,
                                    ..Params::default()
                                };
                                let index = Index::with_params(&cat, p);
                                let mut mrr = 0.0;
                                for (want, t) in &dev {
                                    let r = index.rank(t);
                                    if let Some(pos) = r.iter().position(|s| &s.id == want) {
                                        mrr += 1.0 / (pos as f64 + 1.0);
                                    }
                                }
                                let (a1, a3, _) = hit_rates(&index, &dev);
                                results.push((a1, a3, mrr, format!("{p:?}")));
                            }
                        }
                    }
                }
            }
        }
        results.sort_by(|a, b| (b.0, b.1).cmp(&(a.0, a.1)).then(b.2.total_cmp(&a.2)));
        for r in results.iter().take(15) {
            println!("{} {} {:.2} {}", r.0, r.1, r.2, r.3);
        }
    }
}
