//! Personal data in free text: finding it (for coaching and `check`) and
//! replacing it with role placeholders (for `export --redact`). Pure and
//! conservative: a false alarm costs a glance, a miss leaks a customer.
//!
//! Recognised:
//! - email addresses (`local@domain.tld`);
//! - UK phone numbers, however grouped: `07700 900123`, `+44 7700 900 123`,
//!   `+44 (0)20 7946 0958`, `(020) 7946 0958`, `0161-496-0000`,
//!   `0161.496.0000`, `0044…`, and any `+`-prefixed international number of
//!   8–15 digits;
//! - payment card numbers: 13–19 digits starting 2–6 that pass the Luhn
//!   check, written solid or in blocks of 4–6 (`4111-1111-1111-1111`);
//! - UK postcodes, with or without the space, in any case (Royal Mail's
//!   letter rules keep `Q3 4PM` and the like out);
//! - National Insurance numbers (`QQ 12 34 56 C`, `QQ123456C`, `QQ-12-…`);
//! - the names listed in `logbook.toml`: a name of several words whole, in
//!   any case and with any spacing, dots, dashes or underscores between its
//!   words (so file names like `mrs-patel.pdf` too), and each of its words on
//!   its own as written or in capitals (`Patel`, `PATEL`) — titles such as
//!   `Mrs` and one-letter initials excepted; a one-word name as written or
//!   in capitals, as a whole word, so that "Will" is not found in "I will"
//!   ([`wordlike`] names the listed words that are also everyday words).
//!
//! Whatever separates the groups of a number — a no-break or narrow
//! no-break space (Outlook, Word), a tab (spreadsheets), several spaces, an
//! en dash or a minus sign — it is found as if typed with one space or a
//! hyphen; digits of any script (`٠٧٧٠٠ ٩٠٠١٢٣`) and fullwidth or other
//! compatibility forms (`０７７００`, `jane＠example.com`) are read as their
//! ASCII; and the range reported (and replaced) is exactly what was typed.
//! Listed names are found with or without their accents (`Zoe` for `Zoë`).
//! A phone number is kept as an organisation's only when it is a
//! freephone, non-geographic or service number, or the words just before
//! it label it as theirs ("our helpline", "the branch on").
//!
//! Every text field of an entry is scanned alike ([`scan_entry`],
//! [`redact_entry`] and [`text_fields`]); text the program generates from
//! entries is redacted more strictly still ([`redact_generated`]).
//!
//! Ordinary numbers survive: dates (`2026-11-27`, `27/11/2026`,
//! `27.11.2026`), times, money, percentages, version numbers, references
//! glued to letters or dashes (`INC-20431`, `ORD88213`), and long numbers
//! that fit no rule above (a 10-digit reference not starting with a UK
//! dialling prefix, a 16-digit order number that fails Luhn).
//!
//! Dates of birth, home addresses, account numbers and sort codes given as
//! such are found by [`pii`].
//!
//! Not caught — the learner must still read the export: names not on the
//! list (honorific + name is reported by [`likely_names`] so they can add
//! it), addresses and bank details given without their cue words,
//! customer or booking references that are personal, phone numbers written
//! with slashes or spelt out, obfuscated emails (`jane at example
//! dot com`), and anything inside images or attachments themselves. A
//! reference number written exactly like a UK phone number (`0161 496 0000`)
//! is redacted as one.

use std::collections::BTreeMap;
use std::ops::Range;

use serde::Serialize;

use crate::model::entry::Entry;
use crate::model::settings::RedactSettings;
use crate::rules::pii;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Email,
    Phone,
    Card,
    Postcode,
    NiNumber,
    Address,
    BirthDate,
    Bank,
    Name,
}

impl Kind {
    pub fn placeholder(self) -> &'static str {
        match self {
            Kind::Email => "[EMAIL]",
            Kind::Phone => "[PHONE]",
            Kind::Card => "[CARD]",
            Kind::Postcode => "[POSTCODE]",
            Kind::NiNumber => "[NI-NUMBER]",
            Kind::Address => "[ADDRESS]",
            Kind::BirthDate => "[DATE-OF-BIRTH]",
            Kind::Bank => "[BANK-DETAILS]",
            Kind::Name => "[NAME]",
        }
    }

    /// "an email address", for sentences.
    pub fn describe(self) -> &'static str {
        match self {
            Kind::Email => "an email address",
            Kind::Phone => "a phone number",
            Kind::Card => "a card number",
            Kind::Postcode => "a postcode",
            Kind::NiNumber => "a National Insurance number",
            Kind::Address => "a home address",
            Kind::BirthDate => "a date of birth",
            Kind::Bank => "bank details",
            Kind::Name => "a name from your redaction list",
        }
    }

    /// "1 email address", "3 phone numbers".
    pub fn count(self, n: usize) -> String {
        let (one, many) = match self {
            Kind::Email => ("email address", "email addresses"),
            Kind::Phone => ("phone number", "phone numbers"),
            Kind::Card => ("card number", "card numbers"),
            Kind::Postcode => ("postcode", "postcodes"),
            Kind::NiNumber => ("National Insurance number", "National Insurance numbers"),
            Kind::Address => ("home address", "home addresses"),
            Kind::BirthDate => ("date of birth", "dates of birth"),
            Kind::Bank => ("set of bank details", "sets of bank details"),
            Kind::Name => ("name", "names"),
        };
        format!("{n} {}", if n == 1 { one } else { many })
    }
}

/// One piece of personal data: what it is and where (byte range).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub kind: Kind,
    pub range: Range<usize>,
    /// The placeholder to put in its place.
    pub placeholder: String,
}

/// A name to redact and the placeholder that replaces it (`[NAME]`,
/// `[CUSTOMER]`, `[COLLEAGUE]`...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameRule {
    pub name: String,
    pub placeholder: String,
}

impl NameRule {
    /// `"Mrs Patel"` → `[NAME]`; `"Dave Jones = COLLEAGUE"` → `[COLLEAGUE]`.
    pub fn parse(spec: &str) -> Option<NameRule> {
        let (name, role) = match spec.split_once('=') {
            Some((name, role)) => (name.trim(), role.trim().trim_matches(['[', ']']).trim()),
            None => (spec.trim(), "NAME"),
        };
        if name.is_empty() {
            return None;
        }
        let role = if role.is_empty() { "NAME" } else { role };
        Some(NameRule {
            name: name.to_string(),
            placeholder: format!("[{}]", role.to_uppercase()),
        })
    }

    /// The rules for the names listed under `[redact]` in `logbook.toml`.
    pub fn from_settings(settings: &RedactSettings) -> Vec<NameRule> {
        settings
            .names
            .iter()
            .filter_map(|n| NameRule::parse(n))
            .collect()
    }
}

/// Everyday English words that are also names: a listed name that is one
/// of these is only found as written or in capitals (see [`name_matches`]),
/// which still catches a sentence that starts with the word; `check` says
/// so. Sorted.
const WORDLIKE: &[&str] = &[
    "amber", "april", "art", "august", "autumn", "baker", "bill", "bob", "brook", "brown", "bush",
    "carol", "chase", "chip", "clay", "cliff", "cook", "crystal", "daisy", "dale", "dawn", "dean",
    "dot", "drew", "earl", "faith", "fern", "fisher", "ford", "frank", "gale", "gene", "ginger",
    "glen", "grace", "grant", "gray", "green", "guy", "hazel", "heath", "heather", "holly", "hope",
    "hunter", "iris", "ivy", "jack", "jade", "jay", "jewel", "joy", "june", "king", "lance",
    "lane", "lily", "long", "mark", "marsh", "mason", "max", "may", "miles", "mill", "moon",
    "nick", "norm", "olive", "page", "pat", "patience", "pearl", "penny", "pierce", "poppy", "ray",
    "reed", "rich", "river", "rob", "robin", "rock", "rocky", "rod", "rose", "ruby", "rush",
    "rusty", "sandy", "shepherd", "sky", "smith", "stone", "storm", "sue", "summer", "sunny",
    "tad", "taylor", "violet", "wade", "ward", "warren", "white", "will", "winter", "wood",
    "young",
];

/// The words of a listed name that are also everyday words ("Will",
/// "Grace"), as written in the list.
pub fn wordlike(rule: &NameRule) -> Vec<&str> {
    rule.name
        .split_whitespace()
        .map(|w| w.trim_end_matches('.'))
        .filter(|w| WORDLIKE.binary_search(&w.to_lowercase().as_str()).is_ok())
        .collect()
}

/// Titles that come before a name; never redacted on their own.
const HONORIFICS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Prof", "Sir", "Dame", "Lord", "Lady", "Rev", "Revd",
];

/// Every piece of personal data in `text`, in order, never overlapping,
/// with byte ranges into `text` itself.
///
/// The scanners read a copy of the text with its separators made plain
/// (see [`Plain`]): a number typed with no-break spaces, tabs, several
/// spaces or en dashes between its groups is found as if typed with single
/// spaces or hyphens, and its range still covers exactly what was typed.
pub fn find(text: &str, names: &[NameRule]) -> Vec<Finding> {
    let plain = Plain::new(text);
    let mut found = find_plain(&plain.text, names);
    for f in &mut found {
        f.range = plain.original(f.range.clone());
    }
    found
}

/// [`find`] on text whose separators are already plain.
fn find_plain(text: &str, names: &[NameRule]) -> Vec<Finding> {
    let mut found = Vec::new();
    let plain = |kind: Kind, range: Range<usize>| Finding {
        kind,
        placeholder: kind.placeholder().to_string(),
        range,
    };
    found.extend(emails(text).into_iter().map(|r| plain(Kind::Email, r)));
    // Phone, card, postcode and NI numbers all hold a digit: most text has
    // none, and one quick scan spares it three.
    if text.bytes().any(|b| b.is_ascii_digit()) {
        // An organisation's own number (a helpline given to a customer) is
        // not personal data.
        found.extend(
            numbers(text)
                .into_iter()
                .filter(|(kind, r)| {
                    *kind != Kind::Phone || !pii::organisation_number(text, r.clone())
                })
                .map(|(kind, r)| plain(kind, r)),
        );
        let ws = crate::rules::text::words(text);
        found.extend(
            pii::addresses_in(text, &ws)
                .into_iter()
                .map(|r| plain(Kind::Address, r)),
        );
        found.extend(
            pii::birth_dates_in(text, &ws)
                .into_iter()
                .map(|r| plain(Kind::BirthDate, r)),
        );
        found.extend(
            pii::bank_details_in(text, &ws)
                .into_iter()
                .map(|r| plain(Kind::Bank, r)),
        );
        found.extend(
            postcodes(text)
                .into_iter()
                .map(|r| plain(Kind::Postcode, r)),
        );
        found.extend(
            ni_numbers(text)
                .into_iter()
                .map(|r| plain(Kind::NiNumber, r)),
        );
    }
    for rule in names {
        for range in name_matches(text, &rule.name) {
            found.push(Finding {
                kind: Kind::Name,
                range,
                placeholder: rule.placeholder.clone(),
            });
        }
    }
    // Earliest first; of two that overlap, keep the longer.
    found.sort_by_key(|f| (f.range.start, std::cmp::Reverse(f.range.end)));
    let mut kept: Vec<Finding> = Vec::new();
    for f in found {
        match kept.last() {
            Some(last) if f.range.start < last.range.end => {}
            _ => kept.push(f),
        }
    }
    kept
}

/// A copy of a text with every run of horizontal white space (tab,
/// no-break and narrow no-break space, figure, thin and ideographic spaces,
/// several spaces) made one space, every dash-like character (hyphens,
/// figure, en and em dashes, the minus sign) a hyphen, every decimal digit
/// of any script (Arabic-Indic `٠٧٧٠٠`, Devanagari, fullwidth `０７７`…) its
/// ASCII digit, and every other character its compatibility form (NFKC:
/// fullwidth `＠` and letters, ligatures, superscripts); and, when that
/// changed anything, where each of its bytes came from, so that what is
/// found in the copy can be replaced in the original, exactly as typed.
struct Plain<'a> {
    text: std::borrow::Cow<'a, str>,
    /// For each byte offset of `text` (and its end), the offset in the
    /// original; `None` when the text needed no change.
    starts: Option<Vec<usize>>,
}

/// A separator the scanners read as a space.
fn is_space(c: char) -> bool {
    c != '\n' && c != '\r' && c.is_whitespace()
}

/// A separator the scanners read as a hyphen.
fn is_dash(c: char) -> bool {
    matches!(
        c,
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{fe58}' | '\u{fe63}' | '\u{ff0d}'
    )
}

/// The zero of every run of ten decimal digits (Unicode category Nd)
/// outside ASCII: Arabic-Indic, Extended Arabic-Indic, the Indic scripts,
/// Thai, Lao, Tibetan, Myanmar, Khmer, Mongolian and the rest, fullwidth,
/// and the mathematical digits. `char::to_digit` reads ASCII only.
const DIGIT_ZEROS: &[u32] = &[
    0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6, 0x0D66,
    0x0DE6, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90,
    0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10,
    0x104A0, 0x10D30, 0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0, 0x11650,
    0x116C0, 0x11730, 0x118E0, 0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x16A60, 0x16AC0, 0x16B50,
    0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6, 0x1E140, 0x1E2F0, 0x1E950, 0x1FBF0,
];

/// The ASCII digit for a decimal digit of any script.
fn ascii_digit(c: char) -> Option<char> {
    if c.is_ascii() {
        return c.is_ascii_digit().then_some(c);
    }
    let n = u32::from(c);
    let zero = DIGIT_ZEROS.iter().rfind(|z| **z <= n)?;
    (n - zero < 10).then(|| char::from(b'0' + (n - zero) as u8))
}

/// How the scanners read one character that is not a space or a dash:
/// `None` when as typed.
fn plain_char(c: char) -> Option<std::borrow::Cow<'static, str>> {
    use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};
    if c.is_ascii() {
        return None;
    }
    if let Some(d) = ascii_digit(c) {
        return Some(std::borrow::Cow::Owned(d.to_string()));
    }
    if is_nfkc_quick(std::iter::once(c)) == IsNormalized::Yes {
        return None;
    }
    let folded: String = std::iter::once(c).nfkc().collect();
    (folded.chars().ne(std::iter::once(c))).then_some(std::borrow::Cow::Owned(folded))
}

impl<'a> Plain<'a> {
    fn new(text: &'a str) -> Plain<'a> {
        let plain_already = !text.contains("  ")
            && !text.chars().any(|c| {
                (is_space(c) && c != ' ')
                    || is_dash(c)
                    || (!c.is_ascii() && plain_char(c).is_some())
            });
        if plain_already {
            return Plain {
                text: std::borrow::Cow::Borrowed(text),
                starts: None,
            };
        }
        let mut out = String::with_capacity(text.len());
        let mut starts = Vec::with_capacity(text.len() + 1);
        let mut chars = text.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            if is_space(c) {
                while chars.next_if(|&(_, c)| is_space(c)).is_some() {}
                out.push(' ');
                starts.push(at);
            } else if is_dash(c) {
                out.push('-');
                starts.push(at);
            } else if let Some(folded) = plain_char(c) {
                out.push_str(&folded);
                starts.extend(std::iter::repeat_n(at, folded.len()));
            } else {
                out.push(c);
                starts.extend(std::iter::repeat_n(at, c.len_utf8()));
            }
        }
        starts.push(text.len());
        Plain {
            text: std::borrow::Cow::Owned(out),
            starts: Some(starts),
        }
    }

    /// The original range of a range in the plain copy.
    fn original(&self, range: Range<usize>) -> Range<usize> {
        match &self.starts {
            None => range,
            Some(starts) => starts[range.start]..starts[range.end],
        }
    }
}

/// How many of each kind were replaced.
pub type Counts = BTreeMap<Kind, usize>;

/// `text` with every finding replaced by its placeholder.
pub fn redact(text: &str, names: &[NameRule]) -> (String, Counts) {
    let mut out = String::with_capacity(text.len());
    let mut counts = Counts::new();
    let mut at = 0;
    for f in find(text, names) {
        out.push_str(&text[at..f.range.start]);
        out.push_str(&f.placeholder);
        *counts.entry(f.kind).or_default() += 1;
        at = f.range.end;
    }
    out.push_str(&text[at..]);
    (out, counts)
}

/// A field of an entry that holds text a person wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field<'a> {
    Title,
    Witness,
    Tag(usize),
    Attachment(usize),
    Section(&'a str),
}

impl Field<'_> {
    /// `title`, `witness`, `tags`, `attachments`, or the section's key.
    pub fn name(&self) -> &str {
        match self {
            Field::Title => "title",
            Field::Witness => "witness",
            Field::Tag(_) => "tags",
            Field::Attachment(_) => "attachments",
            Field::Section(key) => key,
        }
    }
}

/// Every text field of an entry a person wrote, in file order: title,
/// witness, tags, attachments, then the sections. The one list that the
/// personal-data scan ([`scan_entry`]) and the redaction
/// ([`redact_entry`]) both go by. The id is not among them: it is made
/// from the title, and callers must not show it when redacting.
pub fn text_fields(entry: &Entry) -> Vec<(Field<'_>, &str)> {
    let mut out = vec![(Field::Title, entry.title.as_str())];
    out.extend(entry.witness.as_deref().map(|w| (Field::Witness, w)));
    out.extend(
        entry
            .tags
            .iter()
            .enumerate()
            .map(|(i, t)| (Field::Tag(i), t.as_str())),
    );
    out.extend(
        entry
            .attachments
            .iter()
            .enumerate()
            .map(|(i, a)| (Field::Attachment(i), a.as_str())),
    );
    out.extend(
        entry
            .sections
            .iter()
            .map(|(k, v)| (Field::Section(k.as_str()), v.as_str())),
    );
    out
}

/// Every piece of personal data in every text field of an entry.
pub fn scan_entry<'a>(entry: &'a Entry, names: &[NameRule]) -> Vec<(Field<'a>, Finding)> {
    text_fields(entry)
        .into_iter()
        .flat_map(|(field, text)| find(text, names).into_iter().map(move |f| (field, f)))
        .collect()
}

/// Redacts every field [`text_fields`] lists.
pub fn redact_entry(entry: &mut Entry, names: &[NameRule]) -> Counts {
    let mut counts = Counts::new();
    let mut apply = |text: &mut String| {
        let (clean, found) = redact_all(text, names);
        *text = clean;
        for (kind, n) in found {
            *counts.entry(kind).or_default() += n;
        }
    };
    apply(&mut entry.title);
    if let Some(w) = entry.witness.as_mut() {
        apply(w);
    }
    entry.tags.iter_mut().for_each(&mut apply);
    entry.attachments.iter_mut().for_each(&mut apply);
    entry.sections.values_mut().for_each(&mut apply);
    counts
}

/// [`redact`], then every name written with a title that no rule caught
/// (`Mrs Okafor`, `Dr. J. Lee`) becomes `[NAME]`: what the export does to
/// every field a person wrote.
pub fn redact_all(text: &str, names: &[NameRule]) -> (String, Counts) {
    let (first, mut counts) = redact(text, names);
    let ranges = titled_name_ranges(&first);
    if ranges.is_empty() {
        return (first, counts);
    }
    let mut out = String::with_capacity(first.len());
    let mut at = 0;
    for r in ranges {
        out.push_str(&first[at..r.start]);
        out.push_str(Kind::Name.placeholder());
        *counts.entry(Kind::Name).or_default() += 1;
        at = r.end;
    }
    out.push_str(&first[at..]);
    (out, counts)
}

/// Where an honorific and the name after it stand (`Mrs Okafor`, `Dr. J.
/// Lee`, `Mr Tom Hale`): the same phrases [`likely_names`] reports.
fn titled_name_ranges(text: &str) -> Vec<Range<usize>> {
    let words = tokens(text);
    let capitalised = |w: &str| {
        let mut chars = w.chars();
        chars.next().is_some_and(char::is_uppercase) && chars.all(char::is_alphabetic)
    };
    let mut out: Vec<Range<usize>> = Vec::new();
    for (i, (start, word)) in words.iter().enumerate() {
        if !HONORIFICS.contains(word) || out.last().is_some_and(|r| *start < r.end) {
            continue;
        }
        let mut j = i + 1;
        if words.get(j).is_some_and(|(_, w)| *w == ".") {
            j += 1;
        }
        let mut end = None;
        let mut taken = 0;
        while taken < 3
            && let Some((at, w)) = words.get(j)
        {
            // `Okafor's`: the name, without the possessive, ends here.
            let stem = w
                .strip_suffix("'s")
                .or_else(|| w.strip_suffix("’s"))
                .unwrap_or(w);
            if !capitalised(stem) {
                break;
            }
            let initial = stem.chars().count() == 1;
            if !initial {
                end = Some(at + stem.len());
            }
            taken += 1;
            j += 1;
            if stem.len() < w.len() {
                break;
            }
            if initial && words.get(j).is_some_and(|(_, w)| *w == ".") {
                j += 1;
            }
        }
        if let Some(end) = end {
            out.push(*start..end);
        }
    }
    out
}

/// `text` with its personal data blanked out (each byte a space), so that
/// words made from it carry none of it; positions are kept.
pub fn mask<'a>(text: &'a str, names: &[NameRule]) -> std::borrow::Cow<'a, str> {
    let found = find(text, names);
    if found.is_empty() {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for f in found {
        out.push_str(&text[at..f.range.start]);
        out.extend(std::iter::repeat_n(' ', f.range.len()));
        at = f.range.end;
    }
    out.push_str(&text[at..]);
    std::borrow::Cow::Owned(out)
}

/// The words of `text` an entry id (a file name, a line in `list`, a
/// commit subject `sync` shares) may carry: `text` with every piece of
/// personal data ([`find`], and a name written with a title, `Mrs Okafor`)
/// dropped, with the little word that led up to it ("on", "from") — and,
/// stricter than the export, with any number of seven digits or more
/// however grouped (an id has no need of one, and a phone number the
/// scanners take for an organisation's is still a number to keep out of a
/// file name). What is left, words separated by spaces, is for
/// [`crate::model::names::slug`].
pub fn id_words(text: &str, names: &[NameRule]) -> String {
    let mut drop: Vec<Range<usize>> = find(text, names).into_iter().map(|f| f.range).collect();
    drop.extend(titled_name_ranges(text));
    let plain = Plain::new(text);
    drop.extend(
        long_numbers(&plain.text)
            .into_iter()
            .map(|r| plain.original(r)),
    );
    drop.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
    // Words that only lead up to what was dropped ("rang on [phone]",
    // "email from [email]") go with it.
    const LEADING: &[&str] = &[
        "on", "from", "to", "at", "by", "via", "of", "is", "was", "number", "no", "tel", "mob",
        "called", "named",
    ];
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for r in drop {
        if r.start < at {
            at = at.max(r.end);
            continue;
        }
        let before = &text[at..r.start];
        let trimmed = before.trim_end();
        let cut = match trimmed.rsplit_once(|c: char| c.is_whitespace()) {
            Some((head, last)) => (head.len(), last),
            None => (0, trimmed),
        };
        let last = cut.1.trim_matches(|c: char| !c.is_alphanumeric());
        // Keep "email" in "Email from jane@…": only a word right before
        // the dropped span goes, and only one.
        if !last.is_empty()
            && LEADING.contains(&last.to_lowercase().as_str())
            && trimmed.len() < before.len()
        {
            out.push_str(&before[..cut.0]);
        } else {
            out.push_str(before);
        }
        out.push(' ');
        at = r.end;
    }
    out.push_str(&text[at..]);
    out
}

/// The words of a file's name (its stem, without the extension) a stored
/// copy's name may carry: [`id_words`] read with `_` as a space, then again
/// with `-` as a space too (`Mrs-Okafor`, `Joanne-Hughes` when listed), and
/// without any word holding an `@` or ending in an email domain whose `@`
/// was lost to an older file-name rule (`jane-example.com`). Words
/// separated by spaces.
pub fn file_name_words(stem: &str, names: &[NameRule]) -> String {
    const DOMAIN_ENDS: &[&str] = &[
        ".com", ".net", ".org", ".uk", ".io", ".me", ".info", ".biz", ".ie", ".eu", ".email",
        ".co", ".edu", ".gov",
    ];
    let first = id_words(&stem.replace('_', " "), names);
    let mut kept: Vec<&str> = Vec::new();
    for chunk in first.split_whitespace() {
        if chunk.contains(['@', '＠']) {
            continue;
        }
        let parts: Vec<&str> = chunk.split('-').collect();
        let domain = |w: &str| {
            let lower = w.to_lowercase();
            DOMAIN_ENDS.iter().any(|end| lower.ends_with(end))
        };
        for (i, part) in parts.iter().enumerate() {
            // `jane-example.com`: the domain and the name glued before it.
            let lost = domain(part) || parts.get(i + 1).is_some_and(|next| domain(next));
            if !lost && !part.is_empty() {
                kept.push(part);
            }
        }
    }
    id_words(&kept.join(" "), names)
}

/// Runs of digits joined by spaces (of any kind, several at once), dashes,
/// dots, slashes or brackets that hold seven digits or more altogether:
/// for [`id_words`].
fn long_numbers(text: &str) -> Vec<Range<usize>> {
    let joiner =
        |c: char| is_space(c) || is_dash(c) || matches!(c, '-' | '.' | '/' | '(' | ')' | '+');
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].1.is_ascii_digit() {
            i += 1;
            continue;
        }
        let mut from = chars[i].0;
        // A leading `+` or `(` belongs to the number too.
        if i > 0 && matches!(chars[i - 1].1, '+' | '(') {
            from = chars[i - 1].0;
        }
        let mut digits = 0;
        let mut end = i;
        let mut j = i;
        while j < chars.len() {
            if chars[j].1.is_ascii_digit() {
                digits += 1;
                j += 1;
                end = j;
                continue;
            }
            // Up to three joining characters, then a digit.
            let mut k = j;
            while k < chars.len() && k - j < 3 && joiner(chars[k].1) {
                k += 1;
            }
            if k > j && chars.get(k).is_some_and(|(_, c)| c.is_ascii_digit()) {
                j = k;
            } else {
                break;
            }
        }
        if digits >= 7 {
            let to = chars.get(end).map_or(text.len(), |(at, _)| *at);
            out.push(from..to);
        }
        i = end.max(i + 1);
    }
    out
}

/// Redacts text the program wrote from entries rather than a person — an
/// explanation that quotes words the entries share, lower-cased and
/// stemmed — more strictly than [`redact`]: any word that is a word of a
/// listed name (three letters or more, not a title such as Mrs), in any
/// case, or that word with a trailing `s` dropped as the analysis drops it,
/// is replaced too.
pub fn redact_generated(text: &str, names: &[NameRule]) -> (String, Counts) {
    let mut found = find(text, names);
    let words: Vec<(String, &str)> = names
        .iter()
        .flat_map(|rule| {
            rule.name
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| w.chars().count() >= 3 && !HONORIFICS.contains(w))
                .map(|w| (fold_word(w), rule.placeholder.as_str()))
        })
        .collect();
    let stem = |w: &str| -> String {
        if w.len() > 4 && w.ends_with('s') && !w.ends_with("ss") {
            w[..w.len() - 1].to_string()
        } else {
            w.to_string()
        }
    };
    let mut start = None;
    for (at, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (start, c.is_alphanumeric()) {
            (None, true) => start = Some(at),
            (Some(from), false) => {
                start = None;
                let word = fold_word(&text[from..at]);
                let hit = words
                    .iter()
                    .find(|(name, _)| *name == word || stem(name) == word || *name == stem(&word));
                let covered = found
                    .iter()
                    .any(|f| f.range.start < at && from < f.range.end);
                if let (Some((_, placeholder)), false) = (hit, covered) {
                    found.push(Finding {
                        kind: Kind::Name,
                        range: from..at,
                        placeholder: placeholder.to_string(),
                    });
                }
            }
            _ => {}
        }
    }
    found.sort_by_key(|f| f.range.start);
    let mut out = String::with_capacity(text.len());
    let mut counts = Counts::new();
    let mut at = 0;
    for f in found {
        out.push_str(&text[at..f.range.start]);
        out.push_str(&f.placeholder);
        *counts.entry(f.kind).or_default() += 1;
        at = f.range.end;
    }
    out.push_str(&text[at..]);
    (out, counts)
}

/// "redacted 3 phone numbers, 1 email address and 2 names".
pub fn describe_counts(counts: &Counts) -> String {
    let parts: Vec<String> = counts
        .iter()
        .filter(|(_, n)| **n > 0)
        .map(|(kind, n)| kind.count(*n))
        .collect();
    match parts.as_slice() {
        [] => "redacted nothing: no personal data found".to_string(),
        [one] => format!("redacted {one}"),
        [rest @ .., last] => format!("redacted {} and {last}", rest.join(", ")),
    }
}

/// Honorific-plus-name phrases (`Mrs Okafor`, `Dr. Lee`) in an entry's
/// text: likely names that no rule caught. For a warning, not for redaction.
pub fn likely_names(entry: &Entry) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (_, text) in text_fields(entry) {
        for name in honorific_names(text) {
            if !out.contains(&name) {
                out.push(name);
            }
        }
    }
    out
}

/// `Mrs Okafor`, `Dr. J. Lee`, `Mr Tom Hale`: an honorific, then up to
/// three capitalised words or initials, ending in a word.
fn honorific_names(text: &str) -> Vec<String> {
    let words = tokens(text);
    let capitalised = |w: &str| {
        let mut chars = w.chars();
        chars.next().is_some_and(char::is_uppercase) && chars.all(char::is_alphabetic)
    };
    let mut out = Vec::new();
    for (i, (start, word)) in words.iter().enumerate() {
        if !HONORIFICS.contains(word) {
            continue;
        }
        let mut j = i + 1;
        if words.get(j).is_some_and(|(_, w)| *w == ".") {
            j += 1;
        }
        let mut end = None;
        let mut taken = 0;
        while taken < 3
            && let Some((at, w)) = words.get(j)
            && capitalised(w)
        {
            let initial = w.chars().count() == 1;
            if !initial {
                end = Some(at + w.len());
            }
            taken += 1;
            j += 1;
            if initial && words.get(j).is_some_and(|(_, w)| *w == ".") {
                j += 1;
            }
        }
        if let Some(end) = end {
            out.push(text[*start..end].to_string());
        }
    }
    out
}

/// Words (letters, digits, apostrophes) and single other characters, with
/// their byte offsets; blanks are skipped.
fn tokens(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() || c == '\'' || c == '’' {
            start.get_or_insert(i);
            continue;
        }
        if let Some(s) = start.take() {
            out.push((s, &text[s..i]));
        }
        if !c.is_whitespace() {
            out.push((i, &text[i..i + c.len_utf8()]));
        }
    }
    if let Some(s) = start {
        out.push((s, &text[s..]));
    }
    out
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

fn emails(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let local = |b: u8| b.is_ascii_alphanumeric() || b"._%+-'".contains(&b);
    let domain = |b: u8| b.is_ascii_alphanumeric() || b == b'.' || b == b'-';
    let mut out = Vec::new();
    for (at, _) in text.match_indices('@') {
        let mut start = at;
        while start > 0 && local(bytes[start - 1]) {
            start -= 1;
        }
        let mut end = at + 1;
        while end < bytes.len() && domain(bytes[end]) {
            end += 1;
        }
        while end > at + 1 && matches!(bytes[end - 1], b'.' | b'-') {
            end -= 1;
        }
        while start < at && matches!(bytes[start], b'.' | b'\'') {
            start += 1;
        }
        let host = &text[at + 1..end];
        let tld_ok = host.rsplit_once('.').is_some_and(|(name, tld)| {
            !name.is_empty() && tld.len() >= 2 && tld.bytes().all(|b| b.is_ascii_alphabetic())
        });
        if start < at && tld_ok {
            out.push(start..end);
        }
    }
    out
}

/// A run of ASCII digits.
#[derive(Debug, Clone, Copy)]
struct Group {
    start: usize,
    end: usize,
}

/// The separators that may join the digit groups of one phone or card
/// number: `07700 900123`, `0161-496-0000`, `(020) 7946`, `+44 (0)20`.
const JOINERS: &[&str] = &[" ", "-", ".", ")", ") ", " (", "(", ")-", " - "];

/// Phone and card numbers. Digits are split into groups; neighbouring groups
/// joined by a [`JOINERS`] separator form a chain; from each place a number
/// could start, the longest window of the chain that is a card or a phone
/// number (and is not glued to what follows) wins.
fn numbers(text: &str) -> Vec<(Kind, Range<usize>)> {
    let bytes = text.as_bytes();
    let mut groups: Vec<Group> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            groups.push(Group { start, end: i });
        } else {
            i += 1;
        }
    }
    let mut out = Vec::new();
    let mut g = 0;
    while g < groups.len() {
        // The chain starting at group g.
        let mut last = g;
        while last + 1 < groups.len()
            && JOINERS.contains(&&text[groups[last].end..groups[last + 1].start])
        {
            last += 1;
        }
        let chain = &groups[g..=last];
        let mut s = 0;
        while s < chain.len() {
            let Some(start) = number_start(text, chain, s) else {
                s += 1;
                continue;
            };
            match longest_number(text, chain, s, start) {
                Some((kind, e)) => {
                    out.push((kind, start..chain[e].end));
                    s = e + 1;
                }
                None => s += 1,
            }
        }
        g = last + 1;
    }
    out
}

/// Where a number beginning with chain group `s` starts (taking in a `+` or
/// `(` before it), or `None` when it cannot start there: glued to a word,
/// a decimal point, a date's slash or a reference's dash.
fn number_start(text: &str, chain: &[Group], s: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut start = chain[s].start;
    if s > 0 {
        let gap = &text[chain[s - 1].end..chain[s].start];
        if !gap.contains([' ', '(']) {
            return None;
        }
    }
    if start > 0 && bytes[start - 1] == b'(' {
        start -= 1;
    }
    if start > 0 && bytes[start - 1] == b'+' {
        start -= 1;
    }
    if start > 0 && bytes[start - 1] == b'(' && bytes[start] == b'+' {
        start -= 1;
    }
    let before = text[..start].chars().next_back();
    let glued = before.is_some_and(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '-' | '/'));
    (!glued).then_some(start)
}

/// The last chain group of the longest card or phone number that starts at
/// group `s`.
fn longest_number(text: &str, chain: &[Group], s: usize, start: usize) -> Option<(Kind, usize)> {
    let mut digits = String::new();
    let mut best = None;
    for e in s..chain.len() {
        digits.push_str(&text[chain[e].start..chain[e].end]);
        if digits.len() > 19 {
            break;
        }
        if glued_after(text, chain[e].end) {
            continue;
        }
        let raw = &text[start..chain[e].end];
        if is_card(&digits) && card_grouping(text, &chain[s..=e]) {
            best = Some((Kind::Card, e));
        } else if is_phone(raw, &digits) {
            best = Some((Kind::Phone, e));
        }
    }
    best
}

/// True when the digits ending at `end` carry on as a word, a decimal, a
/// time, a thousands group, a fraction or a percentage.
fn glued_after(text: &str, end: usize) -> bool {
    let bytes = text.as_bytes();
    let Some(&next) = bytes.get(end) else {
        return false;
    };
    let then_digit = bytes.get(end + 1).is_some_and(u8::is_ascii_digit);
    is_word_byte(next)
        || next == b'%'
        || (matches!(next, b'.' | b',' | b':' | b'/') && then_digit)
        || text[end..].chars().next().is_some_and(char::is_alphabetic)
}

fn luhn(digits: &str) -> bool {
    let mut sum = 0;
    for (i, d) in digits.bytes().rev().enumerate() {
        let mut v = u32::from(d - b'0');
        if i % 2 == 1 {
            v *= 2;
            if v > 9 {
                v -= 9;
            }
        }
        sum += v;
    }
    sum % 10 == 0
}

/// 13–19 digits, a payment network's first digit (2–6), Luhn-valid.
fn is_card(digits: &str) -> bool {
    (13..=19).contains(&digits.len()) && matches!(digits.as_bytes()[0], b'2'..=b'6') && luhn(digits)
}

/// Written the way cards are: solid, or blocks of 4–6 digits (the last may
/// be shorter) with one kind of separator.
fn card_grouping(text: &str, groups: &[Group]) -> bool {
    if groups.len() == 1 {
        return true;
    }
    let gaps: Vec<&str> = groups
        .windows(2)
        .map(|w| &text[w[0].end..w[1].start])
        .collect();
    let uniform = gaps
        .iter()
        .all(|g| *g == gaps[0] && matches!(*g, " " | "-"));
    let blocks = groups[..groups.len() - 1]
        .iter()
        .all(|g| (4..=6).contains(&(g.end - g.start)));
    uniform && blocks
}

/// A UK number (`07…`, `01…`, `02…`, `03…`, `05…`, `08…`, `09…` with 10–11
/// digits, also as `+44`/`0044`, with an optional `(0)`), or any other
/// `+`-prefixed number of 8–15 digits.
fn is_phone(raw: &str, digits: &str) -> bool {
    let plus = raw.trim_start_matches('(').starts_with('+');
    let national = if let Some(rest) = digits.strip_prefix("44").filter(|_| plus) {
        format!(
            "0{}",
            rest.strip_prefix('0')
                .filter(|_| raw.contains("(0)"))
                .unwrap_or(rest)
        )
    } else if let Some(rest) = digits.strip_prefix("0044") {
        format!("0{rest}")
    } else if plus {
        return (8..=15).contains(&digits.len());
    } else {
        digits.to_string()
    };
    national.starts_with('0')
        && matches!(
            national.as_bytes().get(1),
            Some(b'1' | b'2' | b'3' | b'5' | b'7' | b'8' | b'9')
        )
        && (10..=11).contains(&national.len())
}

fn postcodes(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if (i == 0 || !is_word_byte(bytes[i - 1]))
            && bytes[i].is_ascii_alphabetic()
            && let Some(len) = postcode_at(&bytes[i..])
        {
            out.push(i..i + len);
            i += len;
            continue;
        }
        i += 1;
    }
    out
}

/// Length of a UK postcode starting at `b`, following Royal Mail's letter
/// rules so that "Q3 4PM" or "A1 2BC"-like noise is less likely to match.
fn postcode_at(b: &[u8]) -> Option<usize> {
    let up = |i: usize| b.get(i).map(u8::to_ascii_uppercase);
    let alpha = |i: usize| up(i).is_some_and(|c| c.is_ascii_uppercase());
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    if !alpha(0) || matches!(up(0), Some(b'Q' | b'V' | b'X')) {
        return None;
    }
    let mut i = 1;
    if alpha(1) {
        if matches!(up(1), Some(b'I' | b'J' | b'Z')) {
            return None;
        }
        i = 2;
    }
    if !digit(i) {
        return None;
    }
    i += 1;
    let inward_letter =
        |i: usize| alpha(i) && !matches!(up(i), Some(b'C' | b'I' | b'K' | b'M' | b'O' | b'V'));
    // The inward code (`9AA`) at `i`, after at most one space.
    let inward = |mut i: usize| {
        if b.get(i) == Some(&b' ') {
            i += 1;
        }
        (digit(i)
            && inward_letter(i + 1)
            && inward_letter(i + 2)
            && !b.get(i + 3).is_some_and(|c| is_word_byte(*c)))
        .then_some(i + 3)
    };
    // The outward code is A9, A99, AA9, AA99, A9A or AA9A: with its
    // optional last character, or — `M11AE`, `B11AA` typed without the
    // space — without it, that digit starting the inward code.
    if (digit(i) || alpha(i))
        && let Some(end) = inward(i + 1)
    {
        return Some(end);
    }
    inward(i)
}

fn ni_numbers(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if (i == 0 || !is_word_byte(bytes[i - 1]))
            && let Some(len) = ni_at(&bytes[i..])
        {
            out.push(i..i + len);
            i += len;
            continue;
        }
        i += 1;
    }
    out
}

/// `AB123456C`, `AB 12 34 56 C` or `AB-12-34-56-C`.
fn ni_at(b: &[u8]) -> Option<usize> {
    if !(b.first()?.is_ascii_alphabetic() && b.get(1)?.is_ascii_alphabetic()) {
        return None;
    }
    let sep = |i: usize| matches!(b.get(i), Some(b' ' | b'-'));
    let mut i = 2;
    let mut digits = 0;
    while digits < 6 {
        if sep(i) && digits % 2 == 0 {
            i += 1;
        }
        if !b.get(i)?.is_ascii_digit() {
            return None;
        }
        i += 1;
        digits += 1;
    }
    if sep(i) {
        i += 1;
    }
    let last = b.get(i)?.to_ascii_uppercase();
    if !(b'A'..=b'D').contains(&last) || b.get(i + 1).is_some_and(|c| is_word_byte(*c)) {
        return None;
    }
    Some(i + 1)
}

/// Where a listed name occurs: a name of several words whole (also without
/// its honorific: `Joanne Hughes` for `Mrs Joanne Hughes`) in any case, with
/// any run of spaces, dots, dashes or underscores between its words, and
/// each of its words (not an honorific, not an initial) as written or in
/// capitals; a one-word name, as written or in capitals, as a whole word —
/// so a name that is also a word ("Will", "Grace") is not found in "I will"
/// or "a grace period".
fn name_matches(text: &str, name: &str) -> Vec<Range<usize>> {
    let words: Vec<&str> = name.split_whitespace().collect();
    if words.is_empty() {
        return Vec::new();
    }
    let one_word = words.len() == 1;
    let upper = name.trim().to_uppercase();
    let untitled = match words.split_first() {
        Some((first, rest))
            if rest.len() > 1 && HONORIFICS.contains(&first.trim_end_matches('.')) =>
        {
            Some(rest)
        }
        _ => None,
    };
    let parts: Vec<(String, String)> = if words.len() > 1 {
        words
            .iter()
            .map(|w| w.trim_end_matches('.'))
            .filter(|w| w.chars().count() >= 2 && !HONORIFICS.contains(w))
            .map(|w| (w.to_string(), w.to_uppercase()))
            .collect()
    } else {
        Vec::new()
    };
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    for at in 0..chars.len() {
        if at > 0 && is_name_char(chars[at - 1].1) {
            continue;
        }
        let end = match_words(&chars, at, &words, !one_word)
            .or_else(|| {
                one_word
                    .then(|| match_words(&chars, at, &[upper.as_str()], false))
                    .flatten()
            })
            .or_else(|| untitled.and_then(|rest| match_words(&chars, at, rest, true)))
            .or_else(|| {
                parts.iter().find_map(|(as_written, upper)| {
                    match_words(&chars, at, &[as_written], false)
                        .or_else(|| match_words(&chars, at, &[upper], false))
                })
            });
        if let Some(end) = end {
            let end_byte = chars.get(end).map_or(text.len(), |c| c.0);
            out.push(chars[at].0..end_byte);
        }
    }
    out
}

/// Matches `words` at char index `at` (ignoring case when `fold`); returns
/// the char index just past the match, which must end at a word boundary.
fn match_words(chars: &[(usize, char)], at: usize, words: &[&str], fold: bool) -> Option<usize> {
    let mut i = at;
    for (n, word) in words.iter().enumerate() {
        if n > 0 {
            let from = i;
            while chars
                .get(i)
                .is_some_and(|(_, c)| matches!(c, ' ' | '.' | '-' | '_' | '\u{a0}' | '\n'))
            {
                i += 1;
            }
            if i == from {
                return None;
            }
        }
        for w in word.chars() {
            let (_, c) = chars.get(i)?;
            if !same_letter(*c, w, fold) {
                return None;
            }
            i += 1;
            // An accent typed as a mark of its own (`e` + U+0301) goes
            // with its letter.
            while chars.get(i).is_some_and(|(_, c)| is_combining_mark(*c)) {
                i += 1;
            }
        }
    }
    if chars.get(i).is_some_and(|(_, c)| is_name_char(*c)) {
        return None;
    }
    Some(i)
}

/// Whether `a` in the text is the letter `b` of a name: the same, or the
/// same without its accents (`Siobhan` for `Siobhán`, `Zoe` for `Zoë`,
/// either way round), and in any case when `fold`.
fn same_letter(a: char, b: char, fold: bool) -> bool {
    let apostrophe = |c: char| matches!(c, '\'' | '’' | '‘' | 'ʼ');
    if a == b || (apostrophe(a) && apostrophe(b)) {
        return true;
    }
    let (a, b) = (base_letter(a), base_letter(b));
    a == b || (fold && a.to_lowercase().eq(b.to_lowercase()))
}

/// A word in lower case without its accents, for comparing words.
fn fold_word(word: &str) -> String {
    word.chars()
        .filter(|c| !is_combining_mark(*c))
        .map(base_letter)
        .flat_map(char::to_lowercase)
        .collect()
}

/// A letter without its accents (canonical decomposition, marks dropped).
fn base_letter(c: char) -> char {
    use unicode_normalization::UnicodeNormalization;
    if c.is_ascii() {
        return c;
    }
    std::iter::once(c).nfd().next().unwrap_or(c)
}

fn is_combining_mark(c: char) -> bool {
    !c.is_ascii() && unicode_normalization::char::is_combining_mark(c)
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric()
}
#[cfg(test)]
mod tests {
    use super::*;

    fn entry() -> Entry {
        let text = "id = \"2026-11-27-x\"\ntitle = \"x\"\ncreated = 2026-11-28T10:00:00Z\n\
                    occurred = 2026-11-27\nframework = \"star\"\nevidence = \"observation\"\n\
                    [sections]\nsituation = \"x\"\n";
        Entry::parse(text).unwrap().0
    }

    fn kinds(text: &str) -> Vec<(Kind, &str)> {
        find(text, &[])
            .into_iter()
            .map(|f| (f.kind, &text[f.range]))
            .collect()
    }

    /// Personal data as people really type it; each must be found whole.
    const PLANTED: &[(Kind, &str)] = &[
        (Kind::Email, "jane.doe+orders@example.co.uk"),
        (Kind::Email, "JOHN_SMITH@Example.COM"),
        (Kind::Email, "o'brien@example.org"),
        (Kind::Phone, "07700 900123"),
        (Kind::Phone, "07700900123"),
        (Kind::Phone, "07700 900 123"),
        (Kind::Phone, "07700-900-123"),
        (Kind::Phone, "+44 7700 900 123"),
        (Kind::Phone, "+447700900123"),
        (Kind::Phone, "+44 (0)7700 900123"),
        (Kind::Phone, "+44 (0) 20 7946 0958"),
        (Kind::Phone, "(+44) 20 7946 0958"),
        (Kind::Phone, "(020) 7946 0958"),
        (Kind::Phone, "020 7946 0958"),
        (Kind::Phone, "0161-496-0000"),
        (Kind::Phone, "0161 496 0000"),
        (Kind::Phone, "0044 7700 900123"),
        (Kind::Phone, "01632 960001"),
        (Kind::Phone, "+1 555 123 4567"),
        (Kind::Phone, "+353 1 234 5678"),
        (Kind::Card, "4111 1111 1111 1111"),
        (Kind::Card, "4111-1111-1111-1111"),
        (Kind::Card, "4111111111111111"),
        (Kind::Card, "5500 0000 0000 0004"),
        (Kind::Card, "3782 822463 10005"),
        (Kind::Card, "6011 0009 9013 9424"),
        (Kind::Card, "2223 0000 4841 0010"),
        (Kind::Postcode, "SW1A 1AA"),
        (Kind::Postcode, "SW1A1AA"),
        (Kind::Postcode, "m1 1ae"),
        (Kind::Postcode, "LS6 3HN"),
        (Kind::Postcode, "ec1a 1bb"),
        (Kind::Postcode, "W1A 0AX"),
        (Kind::Postcode, "B33 8TH"),
        (Kind::Postcode, "DN55 1PT"),
        (Kind::NiNumber, "QQ 12 34 56 C"),
        (Kind::NiNumber, "QQ123456C"),
        (Kind::NiNumber, "ab123456a"),
        (Kind::NiNumber, "AB 123456 D"),
        (Kind::NiNumber, "QQ-12-34-56-B"),
    ];

    /// Ordinary numbers a supervisor writes; none may be touched.
    const ORDINARY: &[&str] = &[
        "2026-11-27",
        "27/11/2026",
        "27.11.2026",
        "27-11-2026",
        "27/11/26",
        "06/03/2026",
        "2026-11-27 14:30",
        "01-12-2026 09:30",
        "27-11-2026 0930",
        "14:30",
        "9.30am",
        "10am–2pm",
        "between 0900 and 1730",
        "£45.99",
        "£1,250.00",
        "$1,000",
        "€20",
        "12.5%",
        "7 of 50 (14%)",
        "SLA 80/20",
        "3 of 9 advisers",
        "INC-20431",
        "ticket #20431",
        "order 88213",
        "ORD-07700900123",
        "ref 1234567890",
        "case 9876543210",
        "PO 4000123456",
        "reference 0412 345 678",
        "order 4111 1111 1111 1112",
        "order 12345678901234",
        "case 20261127001",
        "invoice 20231127-0042",
        "ISBN 978-0-306-40615-7",
        "tracking 1Z999AA10123456784",
        "0.75 FTE",
        "v2.0.1",
        "room B12",
        "2025-2026",
        "30 mins",
        "Q3 4PM review",
        "call 999 or 111",
        "1,250 calls",
        "10 11 12 13 14",
        "ext. 2345",
        "a queue of 120 calls at 09:15",
        "UK-wide 24/7 service",
        // An organisation's numbers are not a person's.
        "our freephone 0800 123 4567",
        "0345 600 1234",
        "the helpline 0161 496 0000",
    ];

    #[test]
    fn finds_every_planted_item_whole() {
        for (kind, item) in PLANTED {
            let text = format!("Customer said: {item}, then hung up.");
            assert_eq!(kinds(&text), [(*kind, *item)], "{item:?}");
            assert_eq!(kinds(item), [(*kind, *item)], "{item:?} alone");
        }
    }

    #[test]
    fn leaves_ordinary_numbers_alone() {
        for item in ORDINARY {
            assert_eq!(kinds(item), [], "{item:?}");
            let text = format!("On the day ({item}) we logged it.");
            assert_eq!(kinds(&text), [], "{text:?}");
        }
    }

    #[test]
    fn finds_personal_data_among_ordinary_numbers() {
        let text = "At 14:30 on 27/11/2026 she rang from 07700 900123 2pm-ish; on \
                    2026-11-27 4111 1111 1111 1111 was read out (ticket INC-20431, £45.99), \
                    tel:0161 496 0000; call 07700 900123 07700 900456.";
        assert_eq!(
            kinds(text),
            [
                (Kind::Phone, "07700 900123"),
                (Kind::Card, "4111 1111 1111 1111"),
                (Kind::Phone, "0161 496 0000"),
                (Kind::Phone, "07700 900123"),
                (Kind::Phone, "07700 900456"),
            ]
        );
    }

    #[test]
    fn names_match_in_any_spacing_and_by_their_parts() {
        let names = [
            NameRule::parse("Mrs Joanne Hughes = customer").unwrap(),
            NameRule::parse("Dave").unwrap(),
            NameRule::parse("Will Brown = colleague").unwrap(),
        ];
        let (out, counts) = redact(
            "Mrs Joanne Hughes rang. Joanne said HUGHES was on the parcel; Hughes's order. \
             File: mrs-joanne-hughes_letter.pdf and joanne.hughes.pdf. DAVE called; Davey is fine; \
             I will call Will later, and brown envelopes are fine.",
            &names,
        );
        assert_eq!(
            out,
            "[CUSTOMER] rang. [CUSTOMER] said [CUSTOMER] was on the parcel; [CUSTOMER]'s order. \
             File: [CUSTOMER]_letter.pdf and [CUSTOMER].pdf. [NAME] called; Davey is fine; \
             I will call [COLLEAGUE] later, and brown envelopes are fine."
        );
        assert_eq!(counts.get(&Kind::Name), Some(&8));
        let rule = [NameRule::parse("Siobhán O'Brien").unwrap()];
        assert_eq!(
            redact("SIOBHÁN O’BRIEN, siobhán o'brien and O’Brien", &rule).0,
            "[NAME], [NAME] and [NAME]"
        );
        assert_eq!(NameRule::parse("  "), None);
        assert_eq!(NameRule::parse("= x"), None);
    }

    #[test]
    fn redacts_with_role_placeholders_and_counts() {
        let names = [
            NameRule::parse("Mrs Patel = customer").unwrap(),
            NameRule::parse("Dave").unwrap(),
        ];
        let (out, counts) = redact(
            "Mrs Patel emailed mrs.patel@example.com; DAVE called her on 07700900123. Davey is fine.",
            &names,
        );
        assert_eq!(
            out,
            "[CUSTOMER] emailed [EMAIL]; [NAME] called her on [PHONE]. Davey is fine."
        );
        assert_eq!(
            describe_counts(&counts),
            "redacted 1 email address, 1 phone number and 2 names"
        );
        assert_eq!(
            describe_counts(&Counts::new()),
            "redacted nothing: no personal data found"
        );
    }

    #[test]
    fn an_entry_is_redacted_field_by_field() {
        let mut entry = entry();
        entry.title = "Call with Mrs Patel on 07700 900123".into();
        entry.witness = Some("Dave Jones (dave@example.com)".into());
        entry.attachments = vec!["letters/mrs-patel-SW1A1AA.pdf".into()];
        entry
            .sections
            .insert("result".into(), "Mrs Patel was happy.".into());
        let rules = [
            NameRule::parse("Mrs Patel = customer").unwrap(),
            NameRule::parse("Dave Jones = colleague").unwrap(),
        ];
        let counts = redact_entry(&mut entry, &rules);
        assert_eq!(entry.title, "Call with [CUSTOMER] on [PHONE]");
        assert_eq!(entry.witness.as_deref(), Some("[COLLEAGUE] ([EMAIL])"));
        assert_eq!(entry.attachments, ["letters/[CUSTOMER]-[POSTCODE].pdf"]);
        assert_eq!(entry.sections["result"], "[CUSTOMER] was happy.");
        assert_eq!(counts.values().sum::<usize>(), 7);
    }

    #[test]
    fn likely_names_are_reported_not_guessed() {
        let mut entry = entry();
        entry.title = "Call from Mrs Okafor".into();
        entry.sections.insert(
            "situation".into(),
            "Dr. J. Lee and Mr Tom Hale joined; Mr [NAME] did not; Mrs. Okafor again; the Mr Men."
                .into(),
        );
        assert_eq!(
            likely_names(&entry),
            [
                "Mrs Okafor",
                "Dr. J. Lee",
                "Mr Tom Hale",
                "Mrs. Okafor",
                "Mr Men"
            ]
        );
    }

    #[test]
    fn names_with_a_title_are_redacted_too() {
        let names = [NameRule::parse("Mrs Joanne Hughes = customer").unwrap()];
        let (out, counts) = redact_all(
            "Mrs Hughes rang, then Mr. Tom Hale and Dr J. Lee; Mrs Okafor's order. Mr [NAME] and Ms.",
            &names,
        );
        assert_eq!(
            out,
            "Mrs [CUSTOMER] rang, then [NAME] and [NAME]; [NAME]'s order. Mr [NAME] and Ms."
        );
        assert_eq!(counts.get(&Kind::Name), Some(&4));
        let mut entry = entry();
        entry
            .sections
            .insert("result".into(), "Mrs Okafor was happy.".into());
        redact_entry(&mut entry, &[]);
        assert_eq!(entry.sections["result"], "[NAME] was happy.");
    }

    #[test]
    fn never_panics_on_odd_text() {
        for text in [
            "@",
            "a@",
            "@b.c",
            "+",
            "(",
            "+(",
            "(+",
            "0",
            "ÅB123456C",
            "é@é.é",
            "SW1A",
            "4111 1111 1111 111 1",
            "£",
            "Mr",
            "Mr.",
            "+44 (",
            "07700 900123 ",
            "1-2-3-4-5-6-7-8-9-0-1-2-3-4-5-6-7-8-9-0-1-2",
        ] {
            let _ = redact(text, &[NameRule::parse("é").unwrap()]);
            let _ = honorific_names(text);
            let _ = redact_all(text, &[]);
        }
    }

    /// Separators people paste between the groups of a number: every
    /// Unicode space and run of spaces, and the dash-likes.
    const SPACES: &[&str] = &[
        " ",
        "\u{a0}",
        "\u{202f}",
        "\u{2007}",
        "\u{2009}",
        "\u{200a}",
        "\u{3000}",
        "\t",
        "  ",
        "   ",
        " \u{a0}",
        "\u{a0}\u{a0}",
        "\t ",
    ];
    const DASHES: &[&str] = &["\u{2010}", "\u{2011}", "\u{2012}", "\u{2013}", "\u{2212}"];

    /// Planted items with their groups, so they can be re-spaced.
    const GROUPED: &[(Kind, &[&str], bool)] = &[
        (Kind::Phone, &["07700", "900123"], true),
        (Kind::Phone, &["07700", "900", "123"], true),
        (Kind::Phone, &["+44", "7700", "900", "123"], false),
        (Kind::Phone, &["020", "7946", "0958"], true),
        (Kind::Phone, &["0161", "496", "0000"], true),
        (Kind::Phone, &["+353", "1", "234", "5678"], false),
        (Kind::Card, &["4111", "1111", "1111", "1111"], true),
        (Kind::Card, &["5500", "0000", "0000", "0004"], true),
        (Kind::Postcode, &["SW1A", "1AA"], false),
        (Kind::Postcode, &["m1", "1ae"], false),
        (Kind::NiNumber, &["QQ", "12", "34", "56", "C"], false),
        (Kind::NiNumber, &["AB", "123456", "D"], false),
    ];

    #[test]
    fn numbers_are_found_whatever_separates_their_groups_and_redacted_in_place() {
        let mut cases = 0;
        for (kind, groups, dashes) in GROUPED {
            let seps = SPACES.iter().chain(DASHES.iter().filter(|_| *dashes));
            for sep in seps {
                let item = groups.join(sep);
                let text = format!("Customer said: {item}, then hung up.");
                assert_eq!(kinds(&text), [(*kind, item.as_str())], "{item:?}");
                let (out, _) = redact(&text, &[]);
                assert_eq!(
                    out,
                    format!("Customer said: {}, then hung up.", kind.placeholder()),
                    "{item:?}"
                );
                cases += 1;
            }
        }
        assert!(cases > 150, "{cases}");
        // Dots join the groups of a phone number too.
        for item in ["07700.900.123", "0161.496.0000", "020.7946.0958"] {
            assert_eq!(kinds(item), [(Kind::Phone, item)], "{item}");
        }
    }

    #[test]
    fn dotted_and_spaced_ordinary_numbers_stay_ordinary() {
        for item in [
            "192.168.100.200",
            "3.14159",
            "v10.0.19045",
            "01.12.2026 09.30",
            "1.250.000",
            "27.11.2026\u{a0}14.30",
            "10\u{a0}11\u{a0}12\u{a0}13\u{a0}14",
            "£1\u{202f}250.00",
            "2025\u{2013}2026",
            "9\u{2013}5 shifts",
        ] {
            assert_eq!(kinds(item), [], "{item:?}");
        }
    }

    #[test]
    fn one_word_names_match_as_written_or_in_capitals_only() {
        let names = [
            NameRule::parse("Will").unwrap(),
            NameRule::parse("Grace = colleague").unwrap(),
        ];
        let (out, counts) = redact(
            "I will call. Will rang; WILL rang again; willing, Willow. A grace period; Grace said so.",
            &names,
        );
        assert_eq!(
            out,
            "I will call. [NAME] rang; [NAME] rang again; willing, Willow. A grace period; [COLLEAGUE] said so."
        );
        assert_eq!(counts.get(&Kind::Name), Some(&3));
        assert_eq!(wordlike(&names[0]), ["Will"]);
        assert_eq!(
            wordlike(&NameRule::parse("Mrs Rose Okafor").unwrap()),
            ["Rose"]
        );
        assert!(wordlike(&NameRule::parse("Siobhán O'Brien").unwrap()).is_empty());
        assert!(
            WORDLIKE.windows(2).all(|w| w[0] < w[1]),
            "WORDLIKE must stay sorted"
        );
    }

    #[test]
    fn generated_text_is_redacted_in_any_case_and_stemmed() {
        let names = [
            NameRule::parse("Mrs Okafor = customer").unwrap(),
            NameRule::parse("Hughes").unwrap(),
            NameRule::parse("Dave Jones = colleague").unwrap(),
            NameRule::parse("Siobhán O'Brien").unwrap(),
        ];
        let (out, _) = redact_generated(
            "both about \u{201c}okafor\u{201d}, \u{201c}hughe\u{201d}, \u{201c}jone\u{201d}, \
             \u{201c}brien\u{201d}, \u{201c}siobhán\u{201d} and \u{201c}OKAFORS\u{201d}; Mrs Okafor rang 07700\u{a0}900123",
            &names,
        );
        assert_eq!(
            out,
            "both about \u{201c}[CUSTOMER]\u{201d}, \u{201c}[NAME]\u{201d}, \u{201c}[COLLEAGUE]\u{201d}, \
             \u{201c}[NAME]\u{201d}, \u{201c}[NAME]\u{201d} and \u{201c}[CUSTOMER]\u{201d}; [CUSTOMER] rang [PHONE]"
        );
        // Short words and titles are not names on their own.
        assert_eq!(redact_generated("mrs and o", &names).0, "mrs and o");
    }

    #[test]
    fn one_scan_covers_every_field_and_redaction_covers_the_same() {
        let mut entry = entry();
        let phone = "07700 900123";
        entry.title = format!("Call {phone}");
        entry.witness = Some(phone.into());
        entry.tags = vec![phone.into(), "ok".into()];
        entry.attachments = vec![format!("a {phone}.pdf")];
        entry.sections.insert("result".into(), phone.into());
        let found = scan_entry(&entry, &[]);
        let fields: Vec<&str> = found.iter().map(|(f, _)| f.name()).collect();
        assert_eq!(
            fields,
            ["title", "witness", "tags", "attachments", "result"]
        );
        let mut copy = entry.clone();
        let counts = redact_entry(&mut copy, &[]);
        assert_eq!(counts.values().sum::<usize>(), found.len());
        assert!(scan_entry(&copy, &[]).is_empty());
        assert_eq!(text_fields(&entry).len(), 1 + 1 + 2 + 1 + 2);
        assert_eq!(
            mask("ring 07700\u{a0}900123 now", &[]),
            format!("ring {} now", " ".repeat("07700\u{a0}900123".len()))
        );
    }
}

#[cfg(test)]
mod separator_properties {
    use super::*;
    use proptest::prelude::*;

    fn separator() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop::sample::select(vec![
                ' ', '\u{a0}', '\u{202f}', '\u{2007}', '\u{2009}', '\t', '\u{3000}',
            ]),
            1..4,
        )
        .prop_map(|v| v.into_iter().collect())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

        /// Any spacing between the groups of a phone, card, NI number or
        /// postcode: found, as the exact span typed, with the words around it kept.
        #[test]
        fn any_spacing_is_found_as_the_span_typed(
            which in 0usize..4,
            seps in prop::collection::vec(separator(), 4),
            before in "[A-Za-z ,]{0,20}",
            after in "[A-Za-z ,]{0,20}",
        ) {
            let (kind, groups): (Kind, &[&str]) = [
                (Kind::Phone, &["07700", "900", "123"][..]),
                (Kind::Card, &["4111", "1111", "1111", "1111"][..]),
                (Kind::NiNumber, &["QQ", "12", "34", "56", "C"][..]),
                (Kind::Postcode, &["SW1A", "1AA"][..]),
            ][which];
            let mut item = groups[0].to_string();
            for (g, sep) in groups[1..].iter().zip(&seps) {
                item.push_str(if kind == Kind::Card { &seps[0] } else { sep });
                item.push_str(g);
            }
            let text = format!("{before} {item} {after}");
            let found = find(&text, &[]);
            prop_assert_eq!(found.len(), 1, "{:?}", text);
            prop_assert_eq!(found[0].kind, kind);
            prop_assert_eq!(&text[found[0].range.clone()], item.as_str());
            let (out, _) = redact(&text, &[]);
            prop_assert_eq!(out, format!("{before} {} {after}", kind.placeholder()));
        }
    }
}

#[cfg(test)]
mod id_properties {
    use super::*;
    use crate::model::names::id_slug;
    use proptest::prelude::*;

    /// A UK phone number's eleven digits, grouped any way people type them.
    fn phone() -> impl Strategy<Value = (String, String)> {
        let prefixes = prop_oneof![
            Just("07700"),
            Just("020"),
            Just("0161"),
            Just("01632"),
            Just("0113")
        ];
        let seps = prop_oneof![
            Just(" "),
            Just("-"),
            Just("."),
            Just(""),
            Just("  "),
            Just("\u{a0}"),
            Just("\u{2013}"),
        ];
        (prefixes, "[0-9]{8}", seps, 1usize..4, any::<bool>()).prop_map(
            |(prefix, rest, sep, cut, international)| {
                let digits = format!("{prefix}{rest}");
                let digits = &digits[..11.min(digits.len())];
                let (a, b) = digits.split_at(prefix.len());
                let at = cut.min(b.len() - 1);
                let (b1, b2) = b.split_at(at + 2);
                let typed = if international {
                    format!("+44{sep}{}{sep}{b1}{sep}{b2}", &a[1..])
                } else {
                    format!("{a}{sep}{b1}{sep}{b2}")
                };
                (typed, b.to_string())
            },
        )
    }

    fn kinds(text: &str) -> Vec<(Kind, &str)> {
        find(text, &[])
            .into_iter()
            .map(|f| (f.kind, &text[f.range]))
            .collect()
    }

    /// The digits of `ascii` written in each script's digits.
    fn in_script(ascii: &str, zero: u32) -> String {
        ascii
            .chars()
            .map(|c| match c.to_digit(10) {
                Some(d) => char::from_u32(zero + d).unwrap(),
                None => c,
            })
            .collect()
    }

    #[test]
    fn every_digit_table_entry_starts_ten_digits() {
        for zero in DIGIT_ZEROS {
            for d in 0..10 {
                let c = char::from_u32(zero + d).unwrap();
                assert!(c.is_numeric(), "{c:?}");
                assert_eq!(ascii_digit(c), char::from_digit(d, 10), "{c:?}");
            }
        }
        assert_eq!(ascii_digit('½'), None);
        assert_eq!(ascii_digit('a'), None);
    }

    #[test]
    fn personal_data_in_any_script_or_width_is_found_as_typed() {
        // Arabic-Indic, Extended Arabic-Indic, Devanagari, Bengali, Thai,
        // fullwidth, mathematical bold.
        for zero in [0x0660, 0x06F0, 0x0966, 0x09E6, 0x0E50, 0xFF10, 0x1D7CE] {
            for (ascii, kind) in [
                ("07700 900123", Kind::Phone),
                ("0161-496-0000", Kind::Phone),
                ("4111 1111 1111 1111", Kind::Card),
            ] {
                let typed = in_script(ascii, zero);
                let text = format!("ring {typed} today");
                assert_eq!(kinds(&text), [(kind, typed.as_str())], "{text}");
            }
        }
        for (text, want) in [
            (
                "email jane.doe＠example.com now",
                vec![(Kind::Email, "jane.doe＠example.com")],
            ),
            (
                "ｊａｎｅ＠ｅｘａｍｐｌｅ．ｃｏｍ",
                vec![(Kind::Email, "ｊａｎｅ＠ｅｘａｍｐｌｅ．ｃｏｍ")],
            ),
            (
                "mob ０７７００ ９００１２３.",
                vec![(Kind::Phone, "０７７００ ９００１２３")],
            ),
            ("mob ٠٧٧٠٠ ٩٠٠١٢٣.", vec![(Kind::Phone, "٠٧٧٠٠ ٩٠٠١٢٣")]),
            (
                "at ＳＷ１Ａ １ＡＡ",
                vec![(Kind::Postcode, "ＳＷ１Ａ １ＡＡ")],
            ),
            (
                "account 12345678 sort 12-34-56",
                vec![(Kind::Bank, "12345678"), (Kind::Bank, "12-34-56")],
            ),
            (
                "sort code １２-３４-５６",
                vec![(Kind::Bank, "１２-３４-５６")],
            ),
            (
                "date of birth, 12/03/1985. Then",
                vec![(Kind::BirthDate, "12/03/1985")],
            ),
        ] {
            assert_eq!(kinds(text), want, "{text}");
        }
        let (out, _) = redact(
            "She gave ０７７００ ９００１２３ and jane.doe＠example.com.",
            &[],
        );
        assert_eq!(out, "She gave [PHONE] and [EMAIL].");
        let (out, _) = redact("date of birth, 12/03/1985. Then", &[]);
        assert_eq!(out, "date of birth, [DATE-OF-BIRTH]. Then");
        let id = crate::model::names::id_slug(&id_words("Rang ٠٧٧٠٠ ٩٠٠١٢٣ about refund", &[]), 60);
        assert_eq!(id, "rang-about-refund");
        let id = crate::model::names::id_slug(&id_words("Ref ０１２３４５６７８ refund", &[]), 60);
        assert_eq!(id, "ref-refund");
    }

    #[test]
    fn postcodes_are_found_with_or_without_the_space_in_every_shape() {
        for (spaced, solid) in [
            ("M1 1AE", "M11AE"),
            ("B1 1AA", "B11AA"),
            ("B33 8TH", "B338TH"),
            ("CR2 6XH", "CR26XH"),
            ("DN55 1PT", "DN551PT"),
            ("W1A 0AX", "W1A0AX"),
            ("EC1A 1BB", "EC1A1BB"),
            ("SW1A 1AA", "SW1A1AA"),
        ] {
            for typed in [spaced, solid, &spaced.to_lowercase(), &solid.to_lowercase()] {
                let text = format!("lives at {typed}, near");
                assert_eq!(kinds(&text), [(Kind::Postcode, typed)], "{text}");
            }
        }
        for text in ["model M11 is out", "B1 plan", "room A12 3", "M11AEX"] {
            assert!(kinds(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn listed_names_are_found_with_or_without_their_accents() {
        let rules = |names: &[&str]| -> Vec<NameRule> {
            names.iter().filter_map(|n| NameRule::parse(n)).collect()
        };
        for (listed, text, want) in [
            (
                "Siobhán Ó Briain",
                "I rang Siobhan O Briain back",
                "Siobhan O Briain",
            ),
            (
                "Siobhán Ó Briain",
                "I rang SIOBHAN O BRIAIN back",
                "SIOBHAN O BRIAIN",
            ),
            (
                "Siobhan O Briain",
                "I rang Siobhán Ó Briain back",
                "Siobhán Ó Briain",
            ),
            (
                "Siobhán Ó Briain",
                "I rang Siobha\u{301}n back",
                "Siobha\u{301}n",
            ),
            ("Zoë", "then Zoe said", "Zoe"),
            ("Zoë", "then ZOE said", "ZOE"),
            ("Zoe", "then Zoë said", "Zoë"),
            ("José Núñez", "Jose Nunez rang", "Jose Nunez"),
        ] {
            let found: Vec<&str> = find(text, &rules(&[listed]))
                .into_iter()
                .map(|f| &text[f.range])
                .collect();
            assert_eq!(found, [want], "{listed}: {text}");
        }
        let (out, _) = redact_generated(
            "both about \u{201c}siobhan\u{201d} and \u{201c}zoe\u{201d}",
            &rules(&["Siobhán Ó Briain", "Zoë"]),
        );
        assert_eq!(
            out,
            "both about \u{201c}[NAME]\u{201d} and \u{201c}[NAME]\u{201d}"
        );
        let (out, _) = redact(
            "Siobhan O Briain and Zoe came",
            &rules(&["Siobhán Ó Briain", "Zoë"]),
        );
        assert_eq!(out, "[NAME] and [NAME] came");
        assert!(find("the zoe said", &rules(&["Zoë"])).is_empty());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        /// Personal data typed in any digit script, fullwidth or mixed,
        /// with any spacing: found as the span typed, redacted whole, and
        /// kept out of ids.
        #[test]
        fn any_script_or_width_is_found_as_the_span_typed(
            which in 0usize..6,
            scripts in prop::collection::vec(0usize..DIGIT_ZEROS.len() + 1, 20),
            wide_letters in any::<bool>(),
            sep in prop_oneof![Just(" "), Just("\u{3000}"), Just("\u{a0}"), Just("－"), Just("-")],
        ) {
            let (kind, ascii) = [
                (Kind::Phone, "07700 900123"),
                (Kind::Phone, "0161 496 0000"),
                (Kind::Card, "4111 1111 1111 1111"),
                (Kind::NiNumber, "QQ 12 34 56 C"),
                (Kind::Postcode, "SW1A 1AA"),
                (Kind::Email, "jane.doe@example.com"),
            ][which];
            let mut typed = String::new();
            for (i, c) in ascii.chars().enumerate() {
                let script = scripts[i % scripts.len()];
                let out = match c {
                    '0'..='9' if script < DIGIT_ZEROS.len() => {
                        char::from_u32(DIGIT_ZEROS[script] + c.to_digit(10).unwrap()).unwrap()
                    }
                    'A'..='Z' | 'a'..='z' | '@' | '.' if wide_letters => {
                        char::from_u32(u32::from(c) + 0xFEE0).unwrap()
                    }
                    ' ' if kind != Kind::Email && kind != Kind::Postcode => {
                        typed.push_str(sep);
                        continue;
                    }
                    _ => c,
                };
                typed.push(out);
            }
            let text = format!("She gave {typed} to us");
            let found = find(&text, &[]);
            prop_assert_eq!(found.len(), 1, "{:?} {:?}", text, found);
            prop_assert_eq!(found[0].kind, kind);
            prop_assert_eq!(&text[found[0].range.clone()], typed.as_str());
            let (out, _) = redact(&text, &[]);
            prop_assert_eq!(out, format!("She gave {} to us", kind.placeholder()));
            let id = id_slug(&id_words(&format!("Rang {typed} refund"), &[]), 60);
            prop_assert_eq!(id, "rang-refund");
        }

        #[test]
        fn no_id_keeps_a_phone_number(
            (typed, tail) in phone(),
            before in "(Customer on|Rang|Called back|Mr Jones rang)",
            after in "(about a refund|complained|)",
        ) {
            let title = format!("{before} {typed} {after}");
            let id = id_slug(&id_words(&title, &[]), 40);
            let digits: String = id.chars().filter(char::is_ascii_digit).collect();
            prop_assert!(digits.len() < 4, "{title:?} -> {id}");
            prop_assert!(!id.contains(&tail[tail.len() - 4..]), "{title:?} -> {id}");
        }

        #[test]
        fn no_id_keeps_an_email_or_postcode(
            local in "[a-z]{3,8}(\\.[a-z]{3,8})?",
            host in "(example|mail|shop)\\.(com|co\\.uk|org)",
            postcode in "(SW1A 1AA|sw1a1aa|M1 1AE|B33 8TH|CR2 6XH|DN55 1PT|ec1a 1bb)",
        ) {
            let title = format!("Email from {local}@{host} re return to {postcode}");
            let id = id_slug(&id_words(&title, &[]), 40);
            let words: Vec<&str> = id.split('-').collect();
            for part in local.split('.') {
                prop_assert!(!words.contains(&part), "{title:?} -> {id}");
            }
            let squashed = postcode.to_lowercase().replace(' ', "");
            prop_assert!(!id.replace('-', "").contains(&squashed), "{title:?} -> {id}");
            prop_assert!(!id.contains(&postcode.to_lowercase().replace(' ', "-")), "{title:?} -> {id}");
        }
    }
}
