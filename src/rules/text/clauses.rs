//! A clause-level reading of an account. For each sentence it tells what
//! was narrated (finite past verbs), what was only imagined ("I would…",
//! "we should…" that nobody reported or quoted), what was a past
//! conditional weighing an option ("a voucher would have…"), a habit ("I
//! always…"), a plan's timeline or a "next time", and whether it gives a
//! reason, a result, a follow-up or an evaluation. Quoted speech and
//! reported speech ("told her I would ring back") are what was said, so they
//! never count as the writer's hypothetical.

use std::ops::Range;
use std::sync::LazyLock;

use rustc_hash::{FxHashMap, FxHashSet};

use super::lexicon;
use super::sentences::{quoted_spans, sentences};
use super::stem::is_stop_word;
use super::words::words;

/// One word of a sentence after contractions are opened ("I'll" → "i",
/// "will"), with whether it sits inside a quotation.
#[derive(Debug, Clone)]
struct Tok {
    w: String,
    range: Range<usize>,
    quoted: bool,
}

/// What one sentence does.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SentenceReading {
    pub range: Range<usize>,
    /// Words in the sentence.
    pub words: usize,
    /// Every word is inside a quotation.
    pub quoted: bool,
    /// Finite past-tense verbs outside quotations: narration.
    pub past: u32,
    /// The writer's own would/should/will clauses, neither quoted nor
    /// reported, with where each modal lies.
    pub hypothetical: Vec<Range<usize>>,
    /// Past conditionals and past inability ("would have", "couldn't").
    pub counterfactual: u32,
    /// Modal clauses that were reported or quoted speech.
    pub reported: u32,
    /// would/should/will clauses of any subject, neither quoted nor
    /// reported: the voice of a procedure ("the customer should be asked").
    pub modal: u32,
    /// "I check", "we hold": first person, present simple.
    pub present: u32,
    pub frequency: bool,
    pub occasion: bool,
    pub next_time: bool,
    pub plan: bool,
    pub reason: bool,
    /// How many different kinds of reason the sentence gives.
    pub reasons: u32,
    pub outcome: bool,
    pub follow_up: bool,
    /// A record is named: logged, noted on the system, an email, minutes.
    pub record: bool,
    pub evaluation: bool,
    /// Handed on or still pending ("passed it to", "waiting to hear").
    pub pending: bool,
    /// Numbers outside quotations.
    pub numbers: u32,
    /// The first narrated verb has the writer ("I", "we") as its subject:
    /// what the writer did rather than what came of it.
    pub writer_led: bool,
    /// The writer appears in the sentence ("I", "we", "my", "our").
    pub writer: bool,
}

/// A whole text, sentence by sentence.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reading {
    pub sentences: Vec<SentenceReading>,
}

impl Reading {
    pub fn words(&self) -> usize {
        self.sentences.iter().map(|s| s.words).sum()
    }
    pub fn past(&self) -> u32 {
        self.sentences.iter().map(|s| s.past).sum()
    }
    pub fn hypothetical(&self) -> usize {
        self.sentences.iter().map(|s| s.hypothetical.len()).sum()
    }
    pub fn present(&self) -> u32 {
        self.sentences.iter().map(|s| s.present).sum()
    }
    pub fn count(&self, f: impl Fn(&SentenceReading) -> bool) -> usize {
        self.sentences.iter().filter(|s| f(s)).count()
    }
    pub fn any(&self, f: impl Fn(&SentenceReading) -> bool) -> bool {
        self.sentences.iter().any(f)
    }
}

/// Reads `text` sentence by sentence.
pub fn read(text: &str) -> Reading {
    let quotes = quoted_spans(text);
    let sentences = sentences(text)
        .into_iter()
        .map(|range| read_sentence(text, range, &quotes))
        .collect();
    Reading { sentences }
}

fn set(words: &[&'static str]) -> FxHashSet<&'static str> {
    words.iter().copied().collect()
}

static IRREGULAR: LazyLock<FxHashSet<&str>> = LazyLock::new(|| set(lexicon::IRREGULAR_PAST));
static ED_NOT_PAST: LazyLock<FxHashSet<&str>> = LazyLock::new(|| set(lexicon::ED_NOT_PAST));
static AUX: LazyLock<FxHashSet<&str>> = LazyLock::new(|| set(lexicon::AUXILIARY));
static MODALS: LazyLock<FxHashSet<&str>> = LazyLock::new(|| set(lexicon::MODALS));
static ADVERBS: LazyLock<FxHashSet<&str>> = LazyLock::new(|| set(lexicon::ADVERBS));
static GOVERNORS: LazyLock<FxHashSet<&str>> = LazyLock::new(|| {
    let mut s = set(lexicon::REPORTING);
    s.extend(lexicon::COGNITION.iter().copied());
    s
});
static COMMENTARY: LazyLock<FxHashSet<&str>> = LazyLock::new(|| set(lexicon::COMMENTARY));

static REASON: LazyLock<Patterns> = LazyLock::new(|| compile(lexicon::REASON));
static OUTCOME: LazyLock<Patterns> = LazyLock::new(|| compile(lexicon::OUTCOME));
static FOLLOW_UP: LazyLock<Patterns> = LazyLock::new(|| compile(lexicon::FOLLOW_UP));
static LATER: LazyLock<Patterns> = LazyLock::new(|| compile(lexicon::LATER));
static PENDING: LazyLock<Patterns> = LazyLock::new(|| compile(lexicon::PENDING));
static CONTACT: LazyLock<FxHashSet<&str>> = LazyLock::new(|| set(lexicon::CONTACT));
static CONTACT_PHRASES: LazyLock<Patterns> = LazyLock::new(|| compile(lexicon::CONTACT_PHRASES));
static RECORD: LazyLock<Patterns> = LazyLock::new(|| compile(lexicon::RECORD));
static EVALUATION: LazyLock<Patterns> = LazyLock::new(|| compile(lexicon::EVALUATION));
static NEXT_TIME: LazyLock<Patterns> = LazyLock::new(|| compile(lexicon::NEXT_TIME));
static PLAN: LazyLock<Patterns> = LazyLock::new(|| compile(lexicon::PLAN));
static OCCASION: LazyLock<Patterns> = LazyLock::new(|| compile(lexicon::OCCASION));
static FREQUENCY: LazyLock<Patterns> = LazyLock::new(|| compile(lexicon::FREQUENCY));
static GENERIC: LazyLock<FxHashSet<&str>> = LazyLock::new(|| set(lexicon::GENERIC));
static CONNECTIVES: LazyLock<FxHashSet<&str>> = LazyLock::new(|| set(lexicon::CONNECTIVES));
static IMAGINED: LazyLock<Patterns> = LazyLock::new(|| compile(lexicon::HYPOTHETICAL_MARKERS));

/// Whether a folded word is a past form (`rang`, `checked`).
pub fn is_past(w: &str) -> bool {
    IRREGULAR.contains(w)
        || (w.len() >= 4
            && w.ends_with("ed")
            && w.chars().all(|c| c.is_alphabetic() || c == '-')
            && !ED_NOT_PAST.contains(w))
}

fn read_sentence(text: &str, range: Range<usize>, quotes: &[Range<usize>]) -> SentenceReading {
    let toks = tokens(text, range.clone(), quotes);
    let mut r = SentenceReading {
        range,
        words: toks.len(),
        quoted: !toks.is_empty() && toks.iter().all(|t| t.quoted),
        ..SentenceReading::default()
    };
    let open: Vec<&Tok> = toks.iter().filter(|t| !t.quoted).collect();
    let open_words: Vec<&str> = open.iter().map(|t| t.w.as_str()).collect();
    r.writer = open_words
        .iter()
        .any(|w| matches!(*w, "i" | "we" | "my" | "our" | "me" | "us"));
    r.numbers = open
        .iter()
        .filter(|t| t.w.starts_with(|c: char| c.is_ascii_digit()))
        .count() as u32;
    let boundary = clause_breaks(text, &open);
    r.reasons = weigh_reasons(&open_words, &boundary);
    r.reason = r.reasons > 0;
    r.outcome = matches_any(&OUTCOME, &open_words);
    r.pending = matches_any(&PENDING, &open_words);
    // Contact at a later time counts when the writer (or their side) made
    // it: "I rang her two days later", not "she rang again on Friday".
    let contact = open_words.iter().any(|w| CONTACT.contains(w))
        || matches_any(&CONTACT_PHRASES, &open_words);
    r.follow_up = matches_any(&FOLLOW_UP, &open_words)
        || (contact && r.writer && matches_any(&LATER, &open_words));
    r.record = matches_any(&RECORD, &open_words);
    r.outcome &= !r.pending;
    r.evaluation = evaluates(&open_words);
    r.next_time = matches_any(&NEXT_TIME, &open_words);
    r.plan = matches_any(&PLAN, &open_words);
    r.occasion = matches_any(&OCCASION, &open_words);
    r.frequency = matches_any(&FREQUENCY, &open_words);
    let imagined = matches_any(&IMAGINED, &open_words);

    for (i, t) in toks.iter().enumerate() {
        let prev = i.checked_sub(1).map(|p| toks[p].w.as_str());
        let w = t.w.as_str();
        if t.quoted {
            if MODALS.contains(w) {
                r.reported += 1;
            }
            continue;
        }
        // Narration: a finite past verb (not a participle after an auxiliary).
        if is_past(w) && !prev.is_some_and(|p| AUX.contains(p) || p == "not") {
            if r.past == 0 {
                let subject = subject_before(&toks, i);
                let first = toks.first().map(|t| t.w.as_str());
                r.writer_led = matches!(subject, Some("i" | "we"))
                    || (matches!(subject, Some("and" | "then" | "also"))
                        && matches!(first, Some("i" | "we")));
            }
            r.past += 1;
        }
        if matches!(w, "could" | "couldn't") || (w == "not" && prev == Some("could")) {
            // "could" narrates ability ("I could see"), or its absence.
            continue;
        }
        if MODALS.contains(w)
            || (w == "going"
                && matches!(prev, Some("am" | "are" | "is"))
                && toks.get(i + 1).is_some_and(|n| n.w == "to"))
        {
            let at = if w == "going" { i - 1 } else { i };
            let subject = subject_before(&toks, at);
            let (verb_at, verb) = verb_after(&toks, i);
            if matches!(verb, Some("have" | "of" | "'ve")) && w != "will" {
                r.counterfactual += 1;
                continue;
            }
            if verb.is_none_or(is_past) && verb_at.is_some() {
                // "would then checked" is not a modal clause we can read.
            }
            if governed(&toks, i) {
                r.reported += 1;
                continue;
            }
            r.modal += 1;
            let first_or_second = matches!(subject, Some("i" | "we" | "you"));
            let generic_if = toks.first().is_some_and(|t| {
                matches!(t.w.as_str(), "if" | "when" | "whenever" | "once" | "should")
            });
            if first_or_second || (generic_if && subject.is_some()) || imagined {
                r.hypothetical.push(t.range.clone());
            }
        }
        // "I check", "we always hold": present simple in the first person.
        if matches!(w, "i" | "we") {
            let mut j = i + 1;
            while j < toks.len() && ADVERBS.contains(toks[j].w.as_str()) {
                j += 1;
            }
            if let Some(v) = toks.get(j)
                && !v.quoted
                && v.w.chars().all(|c| c.is_ascii_lowercase())
                && v.w.len() > 1
                && !is_past(&v.w)
                && !v.w.ends_with("ing")
                && !COMMENTARY.contains(v.w.as_str())
                && !AUX.contains(v.w.as_str())
                && !MODALS.contains(v.w.as_str())
            {
                r.present += 1;
            }
        }
    }
    if imagined
        && r.hypothetical.is_empty()
        && let Some(t) = open.first()
    {
        r.hypothetical.push(t.range.clone());
    }
    r
}

/// The subject of the modal at `i`: the word before it, skipping adverbs.
fn subject_before(toks: &[Tok], i: usize) -> Option<&str> {
    let mut j = i;
    while j > 0 {
        j -= 1;
        let w = toks[j].w.as_str();
        if ADVERBS.contains(w) {
            continue;
        }
        return Some(w);
    }
    None
}

/// The first word after the modal at `i` that is not "not" or an adverb.
fn verb_after(toks: &[Tok], i: usize) -> (Option<usize>, Option<&str>) {
    let mut j = i + 1;
    while j < toks.len() && (toks[j].w == "not" || ADVERBS.contains(toks[j].w.as_str())) {
        j += 1;
    }
    match toks.get(j) {
        Some(t) => (Some(j), Some(t.w.as_str())),
        None => (None, None),
    }
}

/// Whether a reporting or thinking verb, or "so (that)", earlier in the
/// sentence governs the modal at `i`: then it is what was said, thought or
/// intended at the time.
fn governed(toks: &[Tok], i: usize) -> bool {
    toks[..i].iter().enumerate().any(|(k, t)| {
        let w = t.w.as_str();
        let next = toks.get(k + 1).map(|n| n.w.as_str());
        GOVERNORS.contains(w)
            || (w == "so" && k + 1 < i)
            || (w == "that" && k > 0 && is_past(&toks[k - 1].w))
            || (matches!(w, "whether"))
            || (w == "if"
                && k > 0
                && matches!(
                    toks[k - 1].w.as_str(),
                    "asked" | "checked" | "wondered" | "saw"
                ))
            || (w == "let"
                && next.is_some_and(|n| matches!(n, "her" | "him" | "them" | "the" | "everyone")))
    })
}

/// The words of a sentence, contractions opened, quotation marked.
fn tokens(text: &str, range: Range<usize>, quotes: &[Range<usize>]) -> Vec<Tok> {
    let base = range.start;
    let ws = words(&text[range]);
    let mut out: Vec<Tok> = Vec::with_capacity(ws.len() + 4);
    for (k, w) in ws.iter().enumerate() {
        let abs = base + w.range.start..base + w.range.end;
        let quoted = quotes
            .iter()
            .any(|q| q.start <= abs.start && abs.end <= q.end);
        let next = ws.get(k + 1).map(|n| n.folded.as_str());
        let mut push = |s: &str| {
            out.push(Tok {
                w: s.to_string(),
                range: abs.clone(),
                quoted,
            });
        };
        // Contractions typed without the apostrophe ("wouldnt", "didnt",
        // "im") read as their words.
        let bare = match w.folded.as_str() {
            "wont" => Some("won't"),
            "cant" => Some("can't"),
            "dont" => Some("don't"),
            "didnt" => Some("didn't"),
            "doesnt" => Some("doesn't"),
            "wouldnt" => Some("wouldn't"),
            "shouldnt" => Some("shouldn't"),
            "couldnt" => Some("couldn't"),
            "wasnt" => Some("wasn't"),
            "werent" => Some("weren't"),
            "isnt" => Some("isn't"),
            "arent" => Some("aren't"),
            "hasnt" => Some("hasn't"),
            "havent" => Some("haven't"),
            "hadnt" => Some("hadn't"),
            "mustnt" => Some("mustn't"),
            "im" => Some("i'm"),
            "ive" => Some("i've"),
            "youre" => Some("you're"),
            "theyre" => Some("they're"),
            "weve" => Some("we've"),
            "thats" => Some("that's"),
            _ => None,
        };
        let f = bare.unwrap_or(w.folded.as_str());
        if let Some(stem) = f.strip_suffix("n't") {
            let base = match stem {
                "wo" => "will",
                "ca" => "can",
                "sha" => "shall",
                other => other,
            };
            push(base);
            push("not");
        } else if let Some(subject) = f.strip_suffix("'ll") {
            push(subject);
            push("will");
        } else if let Some(subject) = f.strip_suffix("'d") {
            push(subject);
            let had = next.is_some_and(|n| {
                matches!(
                    n,
                    "been" | "already" | "just" | "never" | "better" | "only" | "got"
                ) || (is_past(n) && !matches!(n, "felt" | "thought"))
            });
            push(if had { "had" } else { "would" });
        } else if let Some(subject) = f.strip_suffix("'ve") {
            push(subject);
            push("have");
        } else if let Some(subject) = f.strip_suffix("'re") {
            push(subject);
            push("are");
        } else if let Some(subject) = f.strip_suffix("'m") {
            push(subject);
            push("am");
        } else if let Some(subject) = f.strip_suffix("'s") {
            push(subject);
            if matches!(
                subject,
                "it" | "that" | "there" | "he" | "she" | "what" | "who" | "here"
            ) {
                push("is");
            }
        } else {
            push(f);
        }
    }
    out
}

/// A compiled discourse pattern: one set of alternatives per slot.
struct Pattern(Vec<Slot>);

enum Slot {
    Any,
    Number,
    Past,
    Words(FxHashSet<&'static str>),
}

/// A list of patterns, indexed by the words their first slot takes, so a
/// sentence is matched with one look-up per word rather than one per
/// pattern per word (this runs on every sentence of every entry).
struct Patterns {
    patterns: Vec<Pattern>,
    /// First word → the patterns that can start with it.
    by_first: FxHashMap<&'static str, Vec<usize>>,
    /// Patterns whose first slot is not a word list.
    open_first: Vec<usize>,
}

fn compile(list: &[&'static str]) -> Patterns {
    let patterns: Vec<Pattern> = list
        .iter()
        .map(|p| {
            Pattern(
                p.split(' ')
                    .map(|slot| match slot {
                        "*" => Slot::Any,
                        "#" => Slot::Number,
                        "PAST" => Slot::Past,
                        _ => {
                            let mut words = FxHashSet::default();
                            for alt in slot.split('|') {
                                match alt {
                                    "PRON" => {
                                        words.extend(["i", "we", "she", "he", "they", "it", "you"]);
                                    }
                                    "WEEKDAY" => words.extend(lexicon::WEEKDAYS.iter().copied()),
                                    "MONTH" => words.extend(lexicon::MONTHS.iter().copied()),
                                    w => {
                                        words.insert(w);
                                    }
                                }
                            }
                            Slot::Words(words)
                        }
                    })
                    .collect(),
            )
        })
        .collect();
    let mut by_first: FxHashMap<&'static str, Vec<usize>> = FxHashMap::default();
    let mut open_first = Vec::new();
    for (i, p) in patterns.iter().enumerate() {
        match p.0.first() {
            Some(Slot::Words(words)) => {
                for w in words {
                    by_first.entry(*w).or_default().push(i);
                }
            }
            _ => open_first.push(i),
        }
    }
    Patterns {
        patterns,
        by_first,
        open_first,
    }
}

fn slot_matches(slot: &Slot, w: &str) -> bool {
    match slot {
        Slot::Any => true,
        Slot::Number => {
            w.starts_with(|c: char| c.is_ascii_digit())
                || matches!(
                    w,
                    "one"
                        | "two"
                        | "three"
                        | "four"
                        | "five"
                        | "six"
                        | "seven"
                        | "eight"
                        | "nine"
                        | "ten"
                        | "twelve"
                        | "twenty"
                        | "half"
                )
        }
        Slot::Past => is_past(w),
        Slot::Words(set) => set.contains(w),
    }
}

/// Whether pattern `p` matches `words` from `start`.
fn matches_at(p: &Pattern, words: &[&str], start: usize) -> bool {
    let n = p.0.len();
    start + n <= words.len()
        && p.0
            .iter()
            .zip(&words[start..start + n])
            .all(|(slot, w)| slot_matches(slot, w))
}

/// Every place a pattern of `list` matches: (pattern, first word, words).
fn matches_in(list: &Patterns, words: &[&str]) -> Vec<(usize, usize, usize)> {
    let mut found = Vec::new();
    for (start, w) in words.iter().enumerate() {
        let candidates = list.by_first.get(w).map_or(&[][..], Vec::as_slice);
        for &i in candidates.iter().chain(&list.open_first) {
            if matches_at(&list.patterns[i], words, start) {
                found.push((i, start, list.patterns[i].0.len()));
            }
        }
    }
    found
}

/// `breaks[k]`: a clause ends after word `k` (a comma, semicolon, colon,
/// dash or bracket follows it).
fn clause_breaks(text: &str, open: &[&Tok]) -> Vec<bool> {
    open.iter()
        .enumerate()
        .map(|(k, t)| match open.get(k + 1) {
            Some(next) if next.range.start >= t.range.end => {
                text.get(t.range.end..next.range.start).is_some_and(|gap| {
                    gap.contains([',', ';', ':', '(', ')', '–', '—', '.', '!', '?'])
                })
            }
            _ => false,
        })
        .collect()
}

/// Words that say nothing in particular about why or how well: "because
/// it needed doing", "as it was the right thing to do", "I think I
/// handled it ok".
fn generic(w: &str) -> bool {
    GENERIC.contains(w) || is_stop_word(w) || w.chars().all(|c| !c.is_alphanumeric())
}

/// Kinds of reason a sentence gives, weighed: a connective whose clause
/// says nothing ("because it needed doing") gives none, and nor does a
/// marker inside such a clause; one that carries a specific reason of
/// several content words ("because the supplier's lead time was six
/// weeks and she had family coming") counts as two.
fn weigh_reasons(words: &[&str], breaks: &[bool]) -> u32 {
    let mut best: FxHashMap<usize, u32> = FxHashMap::default();
    let mut empty_until = 0;
    for (pattern, start, len) in matches_in(&REASON, words) {
        let connective = CONNECTIVES.contains(words[start]);
        let mut weight = 1;
        if start < empty_until {
            weight = 0;
        } else if connective {
            let end = start + len;
            let mut stop = end;
            while stop < words.len() && stop < end + 15 {
                stop += 1;
                if breaks.get(stop - 1).copied().unwrap_or(false) {
                    break;
                }
            }
            let clause = &words[end..stop];
            let content = clause.iter().filter(|w| !generic(w)).count();
            if !clause.is_empty() && content == 0 {
                weight = 0;
                empty_until = stop;
            } else if content >= 6 {
                weight = 2;
            }
        }
        let kept = best.entry(pattern).or_insert(0);
        *kept = (*kept).max(weight);
    }
    best.values().sum()
}

/// Whether a sentence judges how something went. A judgement with
/// content ("that was the wrong call", "I should have rung the depot
/// first", "next time I'll brief them") counts; a framing or a verdict
/// of general satisfaction ("I think I handled it ok", "on reflection it
/// went well") counts only beside something particular.
fn evaluates(words: &[&str]) -> bool {
    let found = matches_in(&EVALUATION, words);
    if found
        .iter()
        .any(|(i, _, _)| !lexicon::EVALUATION_FRAMES.contains(&lexicon::EVALUATION[*i]))
    {
        return true;
    }
    let mut marked = vec![false; words.len()];
    for (_, start, len) in &found {
        for m in &mut marked[*start..start + len] {
            *m = true;
        }
    }
    !found.is_empty() && words.iter().zip(&marked).any(|(w, m)| !m && !generic(w))
}

fn matches_any(list: &Patterns, words: &[&str]) -> bool {
    words.iter().enumerate().any(|(start, w)| {
        let candidates = list.by_first.get(w).map_or(&[][..], Vec::as_slice);
        candidates
            .iter()
            .chain(&list.open_first)
            .any(|&i| matches_at(&list.patterns[i], words, start))
    })
}

#[cfg(test)]
mod tests;
