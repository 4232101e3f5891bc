//! Stems, stop words and index terms: how a text becomes the keys that
//! `suggest`, `search` and incident matching compare. Stemming is the
//! Snowball English (Porter 2) stemmer from `rust-stemmers`: better tested
//! than a hand-written Porter, and it keeps irregular families closer
//! ("generously" and "generous" share a stem).

use std::ops::Range;
use std::sync::LazyLock;

use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashSet;

use super::sentences::sentences;
use super::words::words;

static STEMMER: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::English));

thread_local! {
    /// Stems already worked out on this thread: an account repeats its
    /// words, and a logbook its vocabulary.
    static STEMS: std::cell::RefCell<rustc_hash::FxHashMap<String, String>> =
        std::cell::RefCell::new(rustc_hash::FxHashMap::default());
}

/// Words remembered at most, per thread.
const REMEMBERED: usize = 50_000;

/// The stem of one folded word (`listening` → `listen`).
pub fn stem(word: &str) -> String {
    STEMS.with(|cell| {
        let mut stems = cell.borrow_mut();
        if let Some(s) = stems.get(word) {
            return s.clone();
        }
        let s = STEMMER.stem(word).into_owned();
        if stems.len() >= REMEMBERED {
            stems.clear();
        }
        stems.insert(word.to_string(), s.clone());
        s
    })
}

/// Common English words that say nothing about what a text is about.
const STOP_WORDS: &[&str] = &[
    "a",
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
    "aren't",
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
    "can't",
    "cannot",
    "could",
    "couldn't",
    "did",
    "didn't",
    "do",
    "does",
    "doesn't",
    "doing",
    "don't",
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
    "hadn't",
    "has",
    "hasn't",
    "have",
    "haven't",
    "having",
    "he",
    "he'd",
    "he's",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "i",
    "i'd",
    "i'll",
    "i'm",
    "i've",
    "if",
    "in",
    "into",
    "is",
    "isn't",
    "it",
    "it's",
    "its",
    "itself",
    "just",
    "let",
    "let's",
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
    "she'd",
    "she's",
    "should",
    "shouldn't",
    "so",
    "some",
    "still",
    "such",
    "than",
    "that",
    "that's",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "there's",
    "these",
    "they",
    "they'd",
    "they're",
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
    "wasn't",
    "we",
    "we'd",
    "we'll",
    "we're",
    "we've",
    "were",
    "weren't",
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
    "won't",
    "would",
    "wouldn't",
    "yet",
    "you",
    "you'd",
    "you'll",
    "you're",
    "your",
    "yours",
    "yourself",
];

static STOP_SET: LazyLock<FxHashSet<&'static str>> =
    LazyLock::new(|| STOP_WORDS.iter().copied().collect());

/// Whether a folded word is a stop word.
pub fn is_stop_word(word: &str) -> bool {
    STOP_SET.contains(word)
}

/// One index key: a stemmed content word, or two neighbouring ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub key: String,
    pub range: Range<usize>,
    pub pair: bool,
}

/// The folded word as a key: ASCII-folded, possessive dropped, stemmed;
/// `None` for stop words, numbers and single letters.
pub fn key(folded: &str) -> Option<String> {
    if is_stop_word(folded) {
        return None;
    }
    let mut w = deunicode::deunicode(folded).to_lowercase();
    if let Some(base) = w.strip_suffix("'s") {
        w.truncate(base.len());
    }
    w.retain(|c| c.is_ascii_alphanumeric());
    if w.len() < 2 || w.bytes().any(|b| b.is_ascii_digit()) || is_stop_word(&w) {
        return None;
    }
    Some(stem(&w))
}

/// Stemmed content words and pairs of neighbouring content words (within a
/// sentence and not across `;`, `:` or brackets), each with its place.
pub fn terms(text: &str) -> Vec<Term> {
    sentence_terms(text).into_iter().flatten().collect()
}

/// [`terms`], sentence by sentence.
pub fn sentence_terms(text: &str) -> Vec<Vec<Term>> {
    let mut all = Vec::new();
    for sentence in sentences(text) {
        let mut out = Vec::new();
        let base = sentence.start;
        let slice = &text[sentence];
        let mut prev: Option<(String, Range<usize>)> = None;
        for w in words(slice) {
            let Some(key) = key(&w.folded) else {
                continue;
            };
            let range = base + w.range.start..base + w.range.end;
            if let Some((prev_key, prev_range)) = prev.take()
                && !text[prev_range.end..range.start].contains([';', ':', '(', ')', '\n'])
            {
                out.push(Term {
                    key: format!("{prev_key} {key}"),
                    range: prev_range.start..range.end,
                    pair: true,
                });
            }
            prev = Some((key.clone(), range.clone()));
            out.push(Term {
                key,
                range,
                pair: false,
            });
        }
        all.push(out);
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_are_folded_forms() {
        for w in STOP_WORDS {
            assert_eq!(*w, super::super::words::fold(w));
        }
    }

    #[test]
    fn words_are_folded_stemmed_and_paired_within_sentences() {
        let keys: Vec<String> = terms("I listened, asking clarifying questions. Refunds issued")
            .into_iter()
            .map(|t| t.key)
            .collect();
        assert_eq!(
            keys,
            [
                "listen",
                "listen ask",
                "ask",
                "ask clarifi",
                "clarifi",
                "clarifi question",
                "question",
                "refund",
                "refund issu",
                "issu"
            ]
        );
        assert_eq!(key("customer's").as_deref(), Some("custom"));
        assert_eq!(key("Zoë"), Some("zoe".into()));
        assert_eq!(key("2026"), None);
        assert_eq!(key("the"), None);
    }
}
