//! Telling two entries about the same incident apart from two distinct
//! problems. An explicit tag decides first: two entries that share an
//! `incident-…` tag are one incident, two with different `incident-…` tags
//! are two. Otherwise entries a few days apart whose wording is close are one
//! incident. Wording is compared as TF-IDF vectors of content words over the
//! whole logbook, so words every entry uses ("customer", "team") weigh
//! little and the words that name the incident ("outage", "INC-20877") weigh
//! a lot — and those shared words are quoted back as the reason.

use std::borrow::Cow;
use std::sync::LazyLock;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::model::english::and_list;
use crate::model::entry::Entry;
use crate::rules::redact::{self, NameRule};
use crate::rules::text::is_stop_word;

/// Why two entries look like one incident.
#[derive(Debug, Clone, PartialEq)]
pub enum Same {
    /// Both carry this `incident-…` tag.
    Tag(String),
    /// Both name this reference (`INC-20877`, a case number).
    Reference(String),
    /// The later one says it is about an incident written up before, and
    /// the two are worded alike.
    RefersBack { days: i64, words: Vec<String> },
    /// Close in time and in wording.
    Similar {
        days: i64,
        similarity: f64,
        /// The shared words that weigh most, best first.
        words: Vec<String>,
    },
}

impl Same {
    /// "both tagged incident-phones" / "the same day, both about “outage” and “wallboard”".
    pub fn describe(&self) -> String {
        match self {
            Same::Tag(tag) => format!("both tagged {tag}"),
            Same::Reference(r) => format!("both about {}", r.to_uppercase()),
            Same::RefersBack { days, words } => {
                let quoted: Vec<String> = words
                    .iter()
                    .map(|w| format!("\u{201c}{w}\u{201d}"))
                    .collect();
                let apart = match days {
                    0 => "written the same day".to_string(),
                    1 => "a day apart".to_string(),
                    n => format!("{n} days apart"),
                };
                if quoted.is_empty() {
                    format!("{apart}; the later one refers back to the earlier")
                } else {
                    format!(
                        "{apart}, both about {}, and the later one refers back to the earlier",
                        and_list(&quoted)
                    )
                }
            }
            Same::Similar { days, words, .. } => {
                let when = match days {
                    0 => "the same day".to_string(),
                    1 => "a day apart".to_string(),
                    n => format!("{n} days apart"),
                };
                let quoted: Vec<String> = words
                    .iter()
                    .map(|w| format!("\u{201c}{w}\u{201d}"))
                    .collect();
                if quoted.is_empty() {
                    when
                } else {
                    format!("{when}, both about {}", and_list(&quoted))
                }
            }
        }
    }
}

/// The prefix of tags that name an incident.
pub const TAG_PREFIX: &str = "incident-";

/// Word weights for every entry of a logbook, to compare any two.
pub struct Wording {
    /// Entry id → its vector.
    index: FxHashMap<String, usize>,
    /// Unit-length vectors of (word number, weight), sorted by word number.
    vectors: Vec<Vec<(usize, f64)>>,
    /// Word number → word.
    words: Vec<String>,
    /// Per vector, the word numbers that look like references (INC-20877,
    /// 40291): pairs of entries are compared by them often, so they are
    /// picked out once.
    references: Vec<Vec<usize>>,
}

/// A word that looks like a case or order reference: letters, a hyphen
/// and three digits or more ("inc-20877"), or five digits or more.
fn is_reference(w: &str) -> bool {
    let digits = w.bytes().filter(u8::is_ascii_digit).count();
    (w.contains('-') && digits >= 3 && w.bytes().any(|c| c.is_ascii_alphabetic()))
        || (digits >= 5 && digits == w.len())
}

impl Wording {
    /// Builds TF-IDF vectors over `entries` (the title counts twice: it names
    /// the topic). The analysis builds from kept [`Terms`] instead.
    #[cfg(test)]
    pub fn new<'a>(entries: impl IntoIterator<Item = &'a Entry>) -> Wording {
        Wording::for_some(entries, |_| true)
    }

    /// [`Wording::new`] that keeps vectors only for the entries `keep`
    /// accepts (the others still count towards how common a word is).
    #[cfg(test)]
    pub fn for_some<'a>(
        entries: impl IntoIterator<Item = &'a Entry>,
        keep: impl Fn(&Entry) -> bool,
    ) -> Wording {
        let entries: Vec<&Entry> = entries.into_iter().collect();
        let terms: Vec<Terms> = entries.iter().map(|e| Terms::of(e, &[])).collect();
        Wording::from_terms(
            entries
                .iter()
                .zip(&terms)
                .map(|(e, t)| (e.id.as_str(), t, keep(e))),
        )
    }

    /// Builds the vectors from each entry's [`Terms`], worked out already
    /// (or kept from an earlier run): `(id, terms, keep)`, where only kept
    /// entries get a vector — a long logbook compares few of its entries,
    /// and need not hold every vector — while all count towards how common
    /// a word is. Words are numbered in order of first appearance.
    pub fn from_terms<'a>(
        entries: impl IntoIterator<Item = (&'a str, &'a Terms, bool)>,
    ) -> Wording {
        // Hundreds of thousands of look-ups on a long logbook: FxHash, as
        // the keys are our own words, not an attacker's.
        let mut numbers: FxHashMap<&'a str, usize> = FxHashMap::default();
        let mut words: Vec<&'a str> = Vec::new();
        let mut index = FxHashMap::default();
        // Term counts per kept entry, as (word number, count) sorted by number.
        let mut counts: Vec<Vec<(usize, f64)>> = Vec::new();
        // Entries with each word, by word number.
        let mut df: Vec<f64> = Vec::new();
        let mut n = 0usize;
        for (id, terms, keep) in entries {
            n += 1;
            let mut tf: Vec<(usize, f64)> = Vec::with_capacity(if keep { terms.len() } else { 0 });
            for (w, c) in terms.iter() {
                let number = *numbers.entry(w).or_insert_with(|| {
                    words.push(w);
                    df.push(0.0);
                    words.len() - 1
                });
                df[number] += 1.0;
                if keep {
                    tf.push((number, f64::from(c)));
                }
            }
            if keep {
                tf.sort_unstable_by_key(|&(w, _)| w);
                index.insert(id.to_string(), counts.len());
                counts.push(tf);
            }
        }
        let n = n as f64;
        let references = counts
            .iter()
            .map(|v| {
                v.iter()
                    .map(|&(w, _)| w)
                    .filter(|&w| is_reference(words[w]))
                    .collect()
            })
            .collect();
        let vectors = counts
            .into_iter()
            .map(|mut v| {
                for (w, c) in &mut v {
                    *c = (1.0 + c.ln()) * (1.0 + n / df[*w]).ln();
                }
                let norm = v.iter().map(|(_, x)| x * x).sum::<f64>().sqrt();
                if norm > 0.0 {
                    v.iter_mut().for_each(|(_, x)| *x /= norm);
                }
                v
            })
            .collect();
        Wording {
            index,
            vectors,
            words: words.into_iter().map(str::to_string).collect(),
            references,
        }
    }

    /// Cosine similarity (0–1) and the shared words that weigh most.
    pub fn compare(&self, a: &str, b: &str) -> (f64, Vec<String>) {
        let vector = |id: &str| self.index.get(id).map(|&i| &self.vectors[i]);
        let (Some(va), Some(vb)) = (vector(a), vector(b)) else {
            return (0.0, Vec::new());
        };
        let mut shared: Vec<(f64, &str)> = Vec::new();
        let (mut i, mut j) = (0, 0);
        while i < va.len() && j < vb.len() {
            let ((wa, x), (wb, y)) = (va[i], vb[j]);
            match wa.cmp(&wb) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    shared.push((x * y, &self.words[wa]));
                    i += 1;
                    j += 1;
                }
            }
        }
        let similarity = shared.iter().map(|(p, _)| p).sum::<f64>();
        shared.sort_by(|x, y| y.0.total_cmp(&x.0).then_with(|| x.1.cmp(y.1)));
        let words = shared
            .iter()
            .take(3)
            .map(|(_, w)| (*w).to_string())
            .collect();
        (similarity, words)
    }
}

/// Whether `a` and `b` are about the same incident, and why; `None` when
/// they are distinct.
pub fn same_incident(
    a: &Entry,
    b: &Entry,
    wording: &Wording,
    max_days: u32,
    min_similarity: f64,
) -> Option<Same> {
    let (ta, tb) = (incident_tags(a), incident_tags(b));
    same_incident_tagged((a, &ta), (b, &tb), wording, max_days, min_similarity)
}

/// An entry's `incident-…` tags, lower-cased.
pub fn incident_tags(e: &Entry) -> Vec<String> {
    e.tags
        .iter()
        .map(|t| t.to_lowercase())
        .filter(|t| t.starts_with(TAG_PREFIX) && t.len() > TAG_PREFIX.len())
        .collect()
}

/// [`same_incident`] with each entry's [`incident_tags`] worked out already:
/// grouping compares every pair of entries, so they are computed once.
pub fn same_incident_tagged(
    (a, ta): (&Entry, &[String]),
    (b, tb): (&Entry, &[String]),
    wording: &Wording,
    max_days: u32,
    min_similarity: f64,
) -> Option<Same> {
    if let Some(tag) = ta.iter().find(|t| tb.contains(t)) {
        return Some(Same::Tag(tag.clone()));
    }
    if !ta.is_empty() && !tb.is_empty() {
        return None;
    }
    let days = (a.occurred - b.occurred).num_days().abs();
    if days <= i64::from(max_days) {
        let (similarity, words) = wording.compare(&a.id, &b.id);
        if similarity >= min_similarity {
            return Some(Same::Similar {
                days,
                similarity,
                words,
            });
        }
    }
    if days <= REFERENCE_DAYS {
        return shared_reference(wording, &a.id, &b.id).map(Same::Reference);
    }
    None
}

/// Two entries naming the same reference this many days apart or fewer
/// are about one incident.
const REFERENCE_DAYS: i64 = 365;
/// An entry that refers back to an earlier one is about the same incident
/// when the two are this many days apart or fewer…
pub const REFERS_BACK_DAYS: i64 = 180;
/// …and at least this share of the usual similarity alike.
pub const REFERS_BACK_SHARE: f64 = 0.5;

/// [`same_incident_tagged`], also knowing whether the later entry refers
/// back to an earlier one.
pub fn same_incident_referring(
    (a, ta): (&Entry, &[String]),
    (b, tb): (&Entry, &[String]),
    later_refers_back: bool,
    wording: &Wording,
    max_days: u32,
    min_similarity: f64,
) -> Option<Same> {
    if let Some(same) = same_incident_tagged((a, ta), (b, tb), wording, max_days, min_similarity) {
        return Some(same);
    }
    if !ta.is_empty() && !tb.is_empty() {
        return None;
    }
    let days = (a.occurred - b.occurred).num_days().abs();
    if !later_refers_back || days > REFERS_BACK_DAYS {
        return None;
    }
    let (similarity, words) = wording.compare(&a.id, &b.id);
    (similarity >= min_similarity * REFERS_BACK_SHARE).then_some(Same::RefersBack { days, words })
}

/// A reference both entries name: a word with a digit and a letter part
/// (`inc-20877`, `ord-558213`) or a number of five digits or more.
fn shared_reference(wording: &Wording, a: &str, b: &str) -> Option<String> {
    let refs = |id: &str| wording.index.get(id).map(|&i| &wording.references[i]);
    let (ra, rb) = (refs(a)?, refs(b)?);
    if ra.is_empty() || rb.is_empty() {
        return None;
    }
    // Both are sorted by word number.
    let mut shared: Vec<&str> = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < ra.len() && j < rb.len() {
        match ra[i].cmp(&rb[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared.push(wording.words[ra[i]].as_str());
                i += 1;
                j += 1;
            }
        }
    }
    // A hyphenated reference reads better than its number alone.
    shared.sort_by_key(|w| !w.contains('-'));
    shared.first().map(|w| (*w).to_string())
}

/// Phrases by which an entry says it is about something written up before.
const BACK_REFERENCES: &[&str] = &[
    "same incident",
    "same outage",
    "same problem",
    "same complaint",
    "same fault",
    "same issue",
    "same customer",
    "my first entry",
    "my earlier entry",
    "my previous entry",
    "my last entry",
    "my other entry",
    "earlier entry",
    "previous entry",
    "first entry",
    "earlier account",
    "previous account",
    "first account",
    "follow-up to my",
    "following on from my",
    "further to my",
    "as described in",
    "i wrote about",
    "i described",
    "i logged earlier",
    "written up in",
];

/// Whether the entry says it is about an incident written up before.
pub fn refers_back(e: &Entry) -> bool {
    let text = std::iter::once(e.title.as_str())
        .chain(e.sections.values().map(String::as_str))
        .map(|t| t.to_lowercase().replace('\u{2019}', "'"))
        .collect::<Vec<_>>()
        .join("\n");
    BACK_REFERENCES.iter().any(|p| text.contains(p))
}

/// An entry's content words, each once in order of first appearance, with
/// its count (the title counts twice: it names the topic). Compact, as a
/// long logbook holds one per entry: the words in one string, each followed
/// by a space (content words never contain one).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Terms {
    words: String,
    counts: Vec<u32>,
}

impl Terms {
    /// The entry's content words, with its personal data (and the `names`
    /// listed for redaction) blanked out first: these words are quoted back
    /// as the reason two entries look like one incident, so none may be a
    /// customer's name, number or address.
    pub fn of(e: &Entry, names: &[NameRule]) -> Terms {
        let title = redact::mask(&e.title, names);
        let texts: Vec<Cow<str>> = e
            .sections
            .values()
            .map(|t| redact::mask(t, names))
            .collect();
        let title = content_words(&title).map(|w| (w, 2));
        let sections = texts.iter().flat_map(|t| content_words(t)).map(|w| (w, 1));
        // Words borrow from the entry unless lower-casing changed them, so
        // most cost no allocation.
        let all: Vec<(Cow<str>, u32)> = title.chain(sections).collect();
        let mut seen: FxHashMap<&str, usize> = FxHashMap::default();
        let mut order: Vec<&str> = Vec::new();
        let mut counts: Vec<u32> = Vec::new();
        for (w, weight) in &all {
            match seen.get(w.as_ref()) {
                Some(&k) => counts[k] = counts[k].saturating_add(*weight),
                None => {
                    seen.insert(w, counts.len());
                    order.push(w);
                    counts.push(*weight);
                }
            }
        }
        let mut words = String::with_capacity(order.iter().map(|w| w.len() + 1).sum());
        for w in &order {
            words.push_str(w);
            words.push(' ');
        }
        Terms { words, counts }
    }

    /// Rebuilds terms kept by [`Terms::parts`]; `None` if they do not fit
    /// together.
    pub fn from_parts(words: String, counts: Vec<u32>) -> Option<Terms> {
        let n = words.bytes().filter(|&b| b == b' ').count();
        (n == counts.len() && (words.is_empty() || words.ends_with(' ')))
            .then_some(Terms { words, counts })
    }

    /// The words (each followed by a space) and their counts, to keep.
    pub fn parts(&self) -> (&str, &[u32]) {
        (&self.words, &self.counts)
    }

    pub fn len(&self) -> usize {
        self.counts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }

    /// Each word with its count, in order of first appearance.
    pub fn iter(&self) -> impl Iterator<Item = (&str, u32)> {
        self.words
            .split_terminator(' ')
            .zip(self.counts.iter().copied())
    }
}

/// Lower-case content words: stop words and short words dropped, a plural
/// `s` trimmed, numbers kept when long enough to be a reference.
fn content_words(text: &str) -> impl Iterator<Item = Cow<'_, str>> + '_ {
    text.split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .flat_map(|w| {
            w.split('-')
                .filter(|p| !p.is_empty())
                .map(lower)
                .chain(hyphenated(w).map(|h| Cow::Owned(h.to_lowercase())))
        })
        .filter(|w| {
            let digits = w.bytes().all(|b| b.is_ascii_digit());
            if digits {
                w.len() >= 4
            } else {
                w.chars().count() >= 3 && !is_stop(w.as_ref())
            }
        })
        .map(|w| {
            if w.len() > 4 && w.ends_with('s') && !w.ends_with("ss") {
                match w {
                    Cow::Borrowed(b) => Cow::Borrowed(&b[..b.len() - 1]),
                    Cow::Owned(mut o) => {
                        o.truncate(o.len() - 1);
                        Cow::Owned(o)
                    }
                }
            } else {
                w
            }
        })
}

/// `word` in lower case, borrowed when it already is.
fn lower(word: &str) -> Cow<'_, str> {
    if word
        .bytes()
        .any(|b| b.is_ascii_uppercase() || !b.is_ascii())
    {
        Cow::Owned(word.to_lowercase())
    } else {
        Cow::Borrowed(word)
    }
}

/// A hyphenated reference such as `INC-20877` also counts as one word.
fn hyphenated(word: &str) -> Option<String> {
    if !word.contains('-') {
        return None;
    }
    let parts: Vec<&str> = word.split('-').filter(|p| !p.is_empty()).collect();
    (parts.len() > 1 && parts.iter().any(|p| p.chars().any(|c| c.is_ascii_digit())))
        .then(|| parts.join("-"))
}

/// Narrative words every account uses, on top of the toolkit's stop
/// words: they never name an incident.
const NARRATIVE: &[&str] = &[
    "asked", "back", "day", "did", "didn", "first", "made", "make", "next", "one", "per", "said",
    "take", "time", "told", "took", "two", "via", "way", "went", "yes",
];

static NARRATIVE_SET: LazyLock<FxHashSet<&str>> =
    LazyLock::new(|| NARRATIVE.iter().copied().collect());

fn is_stop(word: &str) -> bool {
    is_stop_word(word) || NARRATIVE_SET.contains(word)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn entry(id: &str, date: &str, title: &str, text: &str, tags: &[&str]) -> Entry {
        let (base, _) = Entry::parse(
            "id = \"x\"\ntitle = \"X\"\ncreated = 2026-11-28T10:00:00Z\noccurred = 2026-11-27\nframework = \"free\"\nevidence = \"reflective-account\"\n",
        )
        .unwrap();
        Entry {
            id: id.into(),
            title: title.into(),
            occurred: NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap(),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            sections: [("text".to_string(), text.to_string())]
                .into_iter()
                .collect(),
            ..base
        }
    }

    fn logbook() -> Vec<Entry> {
        vec![
            entry(
                "a",
                "2026-02-10",
                "Phone system outage on the morning shift",
                "The telephony platform stopped routing calls. I logged INC-20877 with IT, moved advisers to webchat and asked for a website banner. The wallboard showed zero calls waiting.",
                &[],
            ),
            entry(
                "b",
                "2026-02-11",
                "Telephony outage incident report",
                "My report on the outage (INC-20877): the wallboard hid it for 13 minutes, so IT added an alert and a daily test call.",
                &[],
            ),
            entry(
                "c",
                "2026-02-12",
                "Sickness left the rota short on Saturday",
                "Three advisers called in sick, so I rebuilt the rota, offered overtime and moved the team onto the phones to keep the queue down.",
                &[],
            ),
            entry(
                "d",
                "2026-02-12",
                "Email backlog after the sale",
                "The email queue reached 400 after the sale; I moved two advisers from the phones to email and set a daily target for the team.",
                &[],
            ),
        ]
    }

    #[test]
    fn close_wording_and_dates_make_one_incident() {
        let book = logbook();
        let wording = Wording::new(&book);
        let same = same_incident(&book[0], &book[1], &wording, 7, 0.2).expect("same");
        let Same::Similar { days, words, .. } = &same else {
            panic!("{same:?}")
        };
        assert_eq!(*days, 1);
        assert!(words.contains(&"outage".to_string()), "{words:?}");
        assert!(
            same.describe()
                .starts_with("a day apart, both about \u{201c}")
        );
        for (x, y) in [(0, 2), (0, 3), (1, 2), (2, 3)] {
            let (s, _) = wording.compare(&book[x].id, &book[y].id);
            assert!(
                same_incident(&book[x], &book[y], &wording, 7, 0.2).is_none(),
                "{x}/{y}: {s}"
            );
        }
    }

    #[test]
    fn too_far_apart_is_distinct_and_tags_decide_both_ways() {
        let mut book = logbook();
        book[1].occurred = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        let wording = Wording::new(&book);
        // Far apart, but naming the same incident number: one incident.
        assert_eq!(
            same_incident(&book[0], &book[1], &wording, 7, 0.2),
            Some(Same::Reference("inc-20877".into()))
        );
        // Far apart with nothing that ties them: distinct.
        for text in book[1].sections.values_mut() {
            *text = text.replace("INC-20877", "the ticket");
        }
        let wording = Wording::new(&book);
        assert!(same_incident(&book[0], &book[1], &wording, 7, 0.2).is_none());

        book[2].tags = vec!["Incident-Rota".into()];
        book[3].tags = vec!["incident-rota".into()];
        assert_eq!(
            same_incident(&book[2], &book[3], &wording, 7, 0.2),
            Some(Same::Tag("incident-rota".into()))
        );
        let mut book = logbook();
        book[0].tags = vec!["incident-phones".into()];
        book[1].tags = vec!["incident-wallboard".into()];
        let wording = Wording::new(&book);
        assert!(same_incident(&book[0], &book[1], &wording, 7, 0.0).is_none());
    }

    #[test]
    fn vectors_for_some_entries_compare_as_vectors_for_all() {
        let mut book = logbook();
        // More than one slice of the parallel split, words repeated across it.
        for i in 0..600 {
            let mut e = book[i % 4].clone();
            e.id = format!("copy-{i}");
            e.title = format!("{} {}", e.title, ["rota", "outage", "email"][i % 3]);
            book.push(e);
        }
        let all = Wording::new(&book);
        let some = Wording::for_some(&book, |e| ["a", "b", "copy-7"].contains(&e.id.as_str()));
        for (x, y) in [("a", "b"), ("a", "copy-7"), ("b", "copy-7")] {
            assert_eq!(some.compare(x, y), all.compare(x, y), "{x}/{y}");
        }
        assert_eq!(some.compare("a", "c"), (0.0, Vec::new()));
        assert!(all.compare("a", "b").0 > 0.2);
    }

    #[test]
    fn content_words_drop_stop_words_and_keep_references() {
        assert!(
            NARRATIVE.windows(2).all(|p| p[0] < p[1]),
            "NARRATIVE must stay sorted"
        );
        let words: Vec<String> = content_words("The outages, INC-20877 and 312 calls; the process")
            .map(Cow::into_owned)
            .collect();
        assert_eq!(
            words,
            ["outage", "inc", "20877", "inc-20877", "call", "process"]
        );
    }

    #[test]
    fn personal_data_is_never_among_the_words_compared_or_quoted() {
        let names = [NameRule::parse("Mrs Okafor = customer").unwrap()];
        let a = entry(
            "a",
            "2026-02-10",
            "Okafor parcel",
            "Mrs Okafor rang from 07700 900123 (jo.okafor@example.com, SW1A 1AA) about the parcel.",
            &[],
        );
        let mut b = a.clone();
        b.id = "b".into();
        let terms = Terms::of(&a, &names);
        let words: Vec<&str> = terms.iter().map(|(w, _)| w).collect();
        assert_eq!(words, ["parcel", "rang"], "{words:?}");
        let wording =
            Wording::from_terms([("a", &terms, true), ("b", &Terms::of(&b, &names), true)]);
        let (_, shared) = wording.compare("a", "b");
        assert!(
            shared.iter().all(|w| w == "parcel" || w == "rang"),
            "{shared:?}"
        );
    }
}
