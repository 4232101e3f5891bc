//! Full-text search over entries: the query's words across title, sections,
//! tags and criteria, every word required, ranked with BM25 (a title or tag
//! match weighs more than one in the text), with a snippet around the best
//! match. Pure: entries in, ranked hits out.

use std::ops::Range;

use rayon::prelude::*;

use crate::model::entry::Entry;
use crate::rules::text::{bm25, stem};

const TITLE_WEIGHT: f64 = 3.0;
const TAG_WEIGHT: f64 = 2.0;
const CRITERION_WEIGHT: f64 = 2.0;
const K1: f64 = 1.2;
const B: f64 = 0.75;
/// Words of context in a snippet.
const SNIPPET_WORDS: usize = 24;
/// Words shown before the first match.
const LEAD_WORDS: usize = 6;

/// One word of the query.
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    /// Folded (ASCII, lower case) for matching.
    pub word: String,
    /// Set when the word names a criterion (`RES.4`, `res4`).
    pub criterion: Option<String>,
}

/// One entry that matched, with why.
#[derive(Debug, Clone)]
pub struct Hit {
    /// Index into the entries searched.
    pub index: usize,
    pub score: f64,
    /// The entry's own words that matched, lower case, first seen first.
    pub matched: Vec<String>,
    pub snippet: Snippet,
}

/// A stretch of one section with the matching words marked.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Snippet {
    /// The section key, or empty when the entry has no text.
    pub section: String,
    /// Text pieces; `true` marks a matching word.
    pub parts: Vec<(String, bool)>,
}

impl Snippet {
    pub fn plain(&self) -> String {
        self.parts.iter().map(|(t, _)| t.as_str()).collect()
    }
}

/// Splits a query into terms. `criterion` says whether a word names a
/// criterion, and which.
pub fn parse_query(query: &str, criterion: impl Fn(&str) -> Option<String>) -> Vec<Term> {
    let mut terms: Vec<Term> = Vec::new();
    for piece in query.split_whitespace() {
        let found: Vec<Term> = match criterion(piece) {
            Some(id) => vec![Term {
                word: fold(&id),
                criterion: Some(id),
            }],
            None => words(piece)
                .into_iter()
                .map(|(_, word)| Term {
                    word,
                    criterion: None,
                })
                .collect(),
        };
        for term in found {
            if !term.word.is_empty() && !terms.contains(&term) {
                terms.push(term);
            }
        }
    }
    terms
}

/// The entries that contain every term, best first.
pub fn search(entries: &[&Entry], terms: &[Term]) -> Vec<Hit> {
    if terms.is_empty() || entries.is_empty() {
        return Vec::new();
    }
    // Each entry's words are folded, counted and dropped on all cores: only
    // the counts (and the matched words of a hit) are kept, so a long
    // logbook never holds every word of every entry at once.
    let scans: Vec<Scan> = entries
        .par_iter()
        .map(|e| {
            let doc = Doc::new(e);
            let freq: Vec<f64> = terms.iter().map(|t| doc.frequency(t)).collect();
            let matched = (!freq.contains(&0.0)).then(|| doc.matched_words(terms));
            Scan {
                length: doc.length,
                freq,
                matched,
            }
        })
        .collect();
    let avg_len = scans.iter().map(|d| d.length).sum::<f64>() / scans.len() as f64;
    let n = scans.len() as f64;
    let idf: Vec<f64> = (0..terms.len())
        .map(|i| {
            let df = scans.iter().filter(|s| s.freq[i] > 0.0).count() as f64;
            bm25::idf(n, df)
        })
        .collect();
    let mut hits: Vec<Hit> = Vec::new();
    for (index, scan) in scans.into_iter().enumerate() {
        let Some(matched) = scan.matched else {
            continue;
        };
        let score = scan
            .freq
            .iter()
            .zip(&idf)
            .map(|(&tf, &idf)| bm25::weight(tf, idf, scan.length, avg_len.max(1.0), K1, B))
            .sum();
        hits.push(Hit {
            index,
            score,
            matched,
            snippet: snippet(entries[index], terms),
        });
    }
    hits.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.index.cmp(&b.index)));
    hits
}

/// What scoring needs of one entry.
struct Scan {
    /// Weighted word count, for BM25's length normalisation.
    length: f64,
    /// Weighted count of each term.
    freq: Vec<f64>,
    /// The words that matched, when every term did.
    matched: Option<Vec<String>>,
}

/// An entry's words, folded, per field.
struct Doc {
    title: Vec<String>,
    tags: Vec<String>,
    criteria: Vec<String>,
    sections: Vec<String>,
    /// Weighted word count, for BM25's length normalisation.
    length: f64,
}

impl Doc {
    fn new(entry: &Entry) -> Doc {
        let folded = |text: &str| -> Vec<String> { words(text).into_iter().map(|w| w.1).collect() };
        let title = folded(&entry.title);
        let tags: Vec<String> = entry.tags.iter().flat_map(|t| folded(t)).collect();
        let criteria: Vec<String> = entry.criteria.iter().map(|c| fold(c)).collect();
        let sections: Vec<String> = entry.sections.values().flat_map(|s| folded(s)).collect();
        let length = title.len() as f64 * TITLE_WEIGHT
            + tags.len() as f64 * TAG_WEIGHT
            + criteria.len() as f64 * CRITERION_WEIGHT
            + sections.len() as f64;
        Doc {
            title,
            tags,
            criteria,
            sections,
            length,
        }
    }

    /// Weighted count of the term's occurrences.
    fn frequency(&self, term: &Term) -> f64 {
        let count = |words: &[String]| words.iter().filter(|w| matches(term, w)).count() as f64;
        let criteria = count(&self.criteria) * CRITERION_WEIGHT;
        if term.criterion.is_some() {
            return criteria;
        }
        count(&self.title) * TITLE_WEIGHT
            + count(&self.tags) * TAG_WEIGHT
            + criteria
            + count(&self.sections)
    }

    fn matched_words(&self, terms: &[Term]) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let all = self
            .title
            .iter()
            .chain(&self.tags)
            .chain(&self.criteria)
            .chain(&self.sections);
        for word in all {
            if terms.iter().any(|t| matches(t, word)) && !out.contains(word) {
                out.push(word.clone());
            }
        }
        out
    }
}

/// A term matches a word its stem starts (`refunds` finds `refunded`, by
/// the toolkit's Snowball stemmer); short terms and criteria must match
/// whole words so `a` does not find everything.
fn matches(term: &Term, word: &str) -> bool {
    if term.criterion.is_some() || term.word.len() < 3 {
        word == term.word
    } else {
        stem(word).starts_with(&stem(&term.word))
    }
}

/// Lower-case ASCII without accents or punctuation: `Zoë` → `zoe`.
pub fn fold(word: &str) -> String {
    deunicode::deunicode(word)
        .to_lowercase()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect()
}

/// The words of `text` (runs of letters and digits) with their byte ranges,
/// folded.
fn words(text: &str) -> Vec<(Range<usize>, String)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (start, c.is_alphanumeric()) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                let word = fold(&text[s..i]);
                if !word.is_empty() {
                    out.push((s..i, word));
                }
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// The stretch of the best-matching section around its first match.
fn snippet(entry: &Entry, terms: &[Term]) -> Snippet {
    let text_terms: Vec<&Term> = terms.iter().filter(|t| t.criterion.is_none()).collect();
    let scored = entry.filled_sections().map(|(key, text)| {
        let found = words(text);
        let distinct = text_terms
            .iter()
            .filter(|t| found.iter().any(|(_, w)| matches(t, w)))
            .count();
        let total = found
            .iter()
            .filter(|(_, w)| text_terms.iter().any(|t| matches(t, w)))
            .count();
        ((distinct, total), key, text)
    });
    // The first section among the best: max_by_key would pick the last.
    let mut best: Option<((usize, usize), &str, &str)> = None;
    for candidate in scored {
        if best.is_none_or(|b| candidate.0 > b.0) {
            best = Some(candidate);
        }
    }
    let Some((_, key, text)) = best else {
        return Snippet::default();
    };
    Snippet {
        section: key.to_string(),
        parts: window(text, &text_terms),
    }
}

/// About [`SNIPPET_WORDS`] words of `text`, whitespace collapsed, starting a
/// little before the first match, with the matching words marked.
fn window(text: &str, terms: &[&Term]) -> Vec<(String, bool)> {
    let chunks: Vec<(usize, &str)> = text
        .split_whitespace()
        .map(|c| (c.as_ptr() as usize - text.as_ptr() as usize, c))
        .collect();
    let is_hit = |w: &str| terms.iter().any(|t| matches(t, w));
    let first = chunks
        .iter()
        .position(|(_, c)| words(c).iter().any(|(_, w)| is_hit(w)))
        .unwrap_or(0);
    let mut start = first.saturating_sub(LEAD_WORDS);
    let end = (start + SNIPPET_WORDS).min(chunks.len());
    start = start.min(end.saturating_sub(SNIPPET_WORDS));

    let mut parts: Vec<(String, bool)> = Vec::new();
    let mut push = |text: &str, hit: bool| match parts.last_mut() {
        Some((last, was)) if *was == hit => last.push_str(text),
        _ => parts.push((text.to_string(), hit)),
    };
    if start > 0 {
        push("…", false);
    }
    for (n, (_, chunk)) in chunks[start..end].iter().enumerate() {
        if n > 0 {
            push(" ", false);
        }
        let mut at = 0;
        for (range, word) in words(chunk) {
            if is_hit(&word) {
                push(&chunk[at..range.start], false);
                push(&chunk[range.clone()], true);
                at = range.end;
            }
        }
        push(&chunk[at..], false);
    }
    if end < chunks.len() {
        push("…", false);
    }
    parts.retain(|(t, _)| !t.is_empty());
    parts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::criteria::normalize_id;

    fn entry(title: &str, text: &str, tags: &[&str], criteria: &[&str]) -> Entry {
        let mut e = crate::model::entry::Entry::parse(
            "id = \"2026-01-01-x\"\ntitle = \"x\"\ncreated = 2026-01-01T00:00:00Z\noccurred = 2026-01-01\nframework = \"free\"\nevidence = \"product\"\n",
        )
        .unwrap()
        .0;
        e.title = title.into();
        e.sections.insert("text".into(), text.into());
        e.tags = tags.iter().map(|t| t.to_string()).collect();
        e.criteria = criteria.iter().map(|t| t.to_string()).collect();
        e
    }

    fn query(q: &str) -> Vec<Term> {
        parse_query(q, |w| {
            normalize_id(w)
                .filter(|id| id.starts_with("RES") && w.chars().any(|c| c.is_ascii_digit()))
        })
    }

    #[test]
    fn every_word_must_match_and_titles_rank_higher() {
        let a = entry(
            "Rota for December",
            "I drafted the rota and a refund note.",
            &[],
            &[],
        );
        let b = entry(
            "Refund complaint",
            "A customer rang about a late refund.",
            &["phone"],
            &["RES.1"],
        );
        let c = entry("Team huddle", "Nothing about money.", &[], &[]);
        let entries = [&a, &b, &c];
        let hits = search(&entries, &query("refund"));
        assert_eq!(hits.iter().map(|h| h.index).collect::<Vec<_>>(), [1, 0]);
        let hits = search(&entries, &query("Refunds LATE"));
        assert_eq!(hits.iter().map(|h| h.index).collect::<Vec<_>>(), [1]);
        assert_eq!(hits[0].matched, ["refund", "late"]);
        let hits = search(&entries, &query("res1 phone"));
        assert_eq!(hits.iter().map(|h| h.index).collect::<Vec<_>>(), [1]);
        assert!(search(&entries, &query("res2")).is_empty());
        assert!(search(&entries, &query("")).is_empty());
        assert!(
            search(&entries, &query("re")).is_empty(),
            "short words match whole words"
        );
    }

    #[test]
    fn stems_join_word_forms() {
        for (a, b) in [
            ("refunds", "refunded"),
            ("escalate", "escalating"),
            ("policies", "policy"),
            ("notes", "note"),
        ] {
            let term = Term {
                word: a.into(),
                criterion: None,
            };
            assert!(matches(&term, b), "{a} should find {b}");
        }
        let term = Term {
            word: "process".into(),
            criterion: None,
        };
        assert!(!matches(&term, "proce"));
    }

    #[test]
    fn accents_and_case_are_forgiven() {
        let a = entry("Café mix-up", "Zoë was charged twice.", &[], &[]);
        let hits = search(&[&a], &query("zoe CAFE"));
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].snippet.plain(), "Zoë was charged twice.");
        assert_eq!(
            hits[0].snippet.parts,
            [
                ("Zoë".to_string(), true),
                (" was charged twice.".to_string(), false)
            ]
        );
    }

    #[test]
    fn snippets_are_a_window_around_the_first_match() {
        let text = (1..=60)
            .map(|n| {
                if n == 30 {
                    "refund,".to_string()
                } else {
                    format!("w{n}")
                }
            })
            .collect::<Vec<_>>()
            .join("\n ");
        let a = entry("x", &text, &[], &[]);
        let hits = search(&[&a], &query("refund"));
        let s = &hits[0].snippet;
        assert_eq!(s.section, "text");
        assert!(s.plain().starts_with("…w24 w25 "), "{}", s.plain());
        assert!(s.plain().ends_with(" w47…"), "{}", s.plain());
        assert!(s.parts.contains(&("refund".to_string(), true)));
    }
}
